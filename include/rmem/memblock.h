/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock: the boot-time memory manager (mm/memblock.c).
 *
 * Two sorted lists of non-overlapping regions: "memory" (what RAM exists)
 * and "reserved" (what is taken).  Adjacent regions with the same flags and
 * node are merged; operations on part of a region split it.  Allocation
 * looks for free memory (in memory, outside reserved and NOMAP) top-down by
 * default, bottom-up when set, and reserves what it returns.
 *
 * Versions differ in what an empty list looks like: 5.10 and 6.1 keep one
 * zero-sized dummy region (cnt 1), 6.12 has cnt 0.  The region arrays start
 * at the sizes of the profile's kernel and, once rmem_memblock_allow_resize()
 * was called, double by allocating their new array from memblock itself (the
 * array is then reserved, as in the kernel, and shows in the dump).
 *
 * memblock=debug lines ("memblock_reserve: [0x...-0x...] CALLER") name their
 * caller as %pS would, without the +offset/size part: the internal calls
 * name the kernel function that makes them (memblock_alloc_range_nid,
 * memblock_double_array); the public calls name @caller of struct
 * rmem_memblock when set, else the kernel function the rmem function stands
 * for (rmem_memblock_reserve() -> "memblock_reserve").
 */
#ifndef RMEM_MEMBLOCK_H
#define RMEM_MEMBLOCK_H

#include <rmem/api.h>
#include <rmem/log.h>
#include <rmem/profile.h>

#ifdef __cplusplus
extern "C" {
#endif

/* enum memblock_flags */
#define RMEM_MEMBLOCK_NONE		0x0
#define RMEM_MEMBLOCK_HOTPLUG		0x1
#define RMEM_MEMBLOCK_MIRROR		0x2
#define RMEM_MEMBLOCK_NOMAP		0x4
#define RMEM_MEMBLOCK_DRIVER_MANAGED	0x8	/* 6.1+: never allocated from */
#define RMEM_MEMBLOCK_RSRV_KERN		0x20	/* 7.2: a reserved region memblock allocated */

/* Special values of an allocation's end (the kernel's MEMBLOCK_ALLOC_*) */
#define RMEM_MEMBLOCK_ALLOC_ANYWHERE	(~(rmem_phys_t)0)
#define RMEM_MEMBLOCK_ALLOC_ACCESSIBLE	((rmem_phys_t)0)
/* MEMBLOCK_ALLOC_KASAN (5.10) / MEMBLOCK_ALLOC_NOLEAKTRACE (6.1+): as ACCESSIBLE */
#define RMEM_MEMBLOCK_ALLOC_NOLEAKTRACE	((rmem_phys_t)1)

#define RMEM_NUMA_NO_NODE	(-1)

/* sizeof(struct memblock_region) on arm64 and on armhf with LPAE */
#define RMEM_MEMBLOCK_REGION_BYTES	24

struct rmem_memblock_region {
	rmem_phys_t base;
	rmem_phys_t size;
	unsigned int flags;
	int nid;		/* always 0 without CONFIG_NUMA, as the kernel reads it */
};

struct rmem_memblock_type {
	const char *name;		/* "memory" or "reserved", as in the dump */
	size_t cnt;			/* regions in use (see the empty list above) */
	size_t max;			/* regions the array holds */
	rmem_phys_t total_size;
	struct rmem_memblock_region *regions;
	/* where memblock allocated the array; 0 while it is the static one */
	rmem_phys_t array_phys;
};

struct rmem_memblock {
	bool bottom_up;
	rmem_phys_t current_limit;
	struct rmem_memblock_type memory;
	struct rmem_memblock_type reserved;

	/* the simulation's own state */
	unsigned int page_shift;
	/* what this kernel version does differently (the profile's) */
	const struct rmem_kernel_facts *facts;
	unsigned int nodes_shift;	/* CONFIG_NODES_SHIFT; 0: no CONFIG_NUMA */
	unsigned int phys_addr_bits;	/* of phys_addr_t, which %pa prints in full */
	rmem_phys_t smp_cache_bytes;	/* SMP_CACHE_BYTES: the default alignment */
	bool debug;			/* memblock=debug: log every call */
	bool can_resize;		/* memblock_allow_resize() was called */
	const char *panicked;		/* 6.12's panic: the array that could not grow, or NULL */
	bool warned_max_numnodes;	/* 5.10/6.1's WARN_ONCE fired */
	const char *caller;		/* %pS of the public calls' debug lines, or NULL */
	struct rmem_log *log;
};

/**
 * rmem_memblock_init() - an empty memblock for the kernel @p (a derived
 * profile: rmem_profile_derive()), logging to @log.
 *
 * The arrays start at INIT_MEMBLOCK_MEMORY_REGIONS and
 * INIT_MEMBLOCK_RESERVED_REGIONS of that kernel: arm64 (Debian builds
 * CONFIG_EFI and CONFIG_ARM_GIC_V3_ITS) has 128 memory regions in 5.10,
 * 1024 from 6.1, and 128 + NR_CPUS + 1 reserved ones; arm has 128 and 128.
 *
 * Returns 0; -EINVAL (@p not derived); -ENOMEM.
 */
RMEM_API
int rmem_memblock_init(struct rmem_memblock *mb, const struct rmem_profile *p,
		       struct rmem_log *log);
/** rmem_memblock_release() - free the arrays; @mb must be initialised again to be used. */
RMEM_API
void rmem_memblock_release(struct rmem_memblock *mb);

/*
 * The region operations return 0 or -ENOMEM when a list cannot grow: before
 * rmem_memblock_allow_resize() 5.10 and 6.1 fail silently there and 6.12
 * panics ("memblock: cannot resize %s array", logged as the kernel's panic
 * line); after it, when no memory is left for a doubled array ("memblock:
 * Failed to double ..."). A failed operation changes nothing.  After 6.12's
 * panic @panicked names the array, and every later operation that would
 * change memblock (allocations included) fails at once with -ENOMEM (0 for
 * an allocation) and logs nothing: the kernel has stopped.  A size of 0
 * is accepted and changes nothing, as in the kernel; a range running past
 * the top of the address space is clamped to it (memblock_cap_size()).
 */
/** memblock_add(): add RAM, on no node (MAX_NUMNODES). */
RMEM_API
int rmem_memblock_add(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
/**
 * memblock_add_node(): add RAM on node @nid with @flags.  5.10's
 * memblock_add_node() has no flags argument and no debug line; rmem
 * applies @flags anyway (pass 0 to be faithful to 5.10).
 */
RMEM_API
int rmem_memblock_add_node(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
			   int nid, unsigned int flags);
/** memblock_remove(): remove RAM. */
RMEM_API
int rmem_memblock_remove(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
/** memblock_reserve() */
RMEM_API
int rmem_memblock_reserve(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
/** memblock_phys_free() (5.10: memblock_free()): unreserve, whatever was reserved. */
RMEM_API
int rmem_memblock_phys_free(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
/** memblock_mark_nomap() / memblock_clear_nomap(): set / clear NOMAP on the RAM in the range. */
RMEM_API
int rmem_memblock_mark_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
RMEM_API
int rmem_memblock_clear_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);

/** memblock_is_memory(): @addr is in a memory region (NOMAP included). */
RMEM_API
bool rmem_memblock_is_memory(const struct rmem_memblock *mb, rmem_phys_t addr);
/** memblock_is_map_memory(): @addr is in a memory region without NOMAP. */
RMEM_API
bool rmem_memblock_is_map_memory(const struct rmem_memblock *mb, rmem_phys_t addr);
/** memblock_is_reserved(): @addr is in a reserved region. */
RMEM_API
bool rmem_memblock_is_reserved(const struct rmem_memblock *mb, rmem_phys_t addr);
/** memblock_is_region_memory(): the whole range lies in ONE memory region. */
RMEM_API
bool rmem_memblock_is_region_memory(const struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size);
/** memblock_is_region_reserved(): the range overlaps a reserved region. */
RMEM_API
bool rmem_memblock_is_region_reserved(const struct rmem_memblock *mb, rmem_phys_t base,
				      rmem_phys_t size);

/**
 * rmem_memblock_alloc_range_nid() - memblock_alloc_range_nid(): find @size
 * bytes aligned to @align in [@start, @end) (end clamped to current_limit
 * when it is RMEM_MEMBLOCK_ALLOC_ACCESSIBLE or _NOLEAKTRACE; start raised
 * to PAGE_SIZE), in free memory of node @nid (any node for
 * RMEM_NUMA_NO_NODE; any node again when that fails and !@exact_nid),
 * top-down unless bottom_up is set, reserve them and return their base.
 *
 * Returns the base, or 0 when nothing fits (the kernel's failure value).
 * @align of 0 is treated as the kernel treats it (SMP_CACHE_BYTES, after a
 * stack dump, logged as its "Call trace:" line).
 */
RMEM_API
rmem_phys_t rmem_memblock_alloc_range_nid(struct rmem_memblock *mb, rmem_phys_t size,
					  rmem_phys_t align, rmem_phys_t start,
					  rmem_phys_t end, int nid, bool exact_nid);
/** memblock_phys_alloc_range(): the above on any node (6.1+ log a debug line). Returns as above. */
RMEM_API
rmem_phys_t rmem_memblock_phys_alloc_range(struct rmem_memblock *mb, rmem_phys_t size,
					   rmem_phys_t align, rmem_phys_t start,
					   rmem_phys_t end);
/**
 * memblock_find_in_range(): where the above would allocate, without
 * reserving (5.10 exports it; later kernels keep it internal).
 * Returns the base, or 0 when nothing fits.
 */
RMEM_API
rmem_phys_t rmem_memblock_find_in_range(const struct rmem_memblock *mb, rmem_phys_t start,
					rmem_phys_t end, rmem_phys_t size, rmem_phys_t align);

RMEM_API
void rmem_memblock_set_bottom_up(struct rmem_memblock *mb, bool enable);
RMEM_API
void rmem_memblock_set_current_limit(struct rmem_memblock *mb, rmem_phys_t limit);
RMEM_API
void rmem_memblock_allow_resize(struct rmem_memblock *mb);
/** memblock=debug */
RMEM_API
void rmem_memblock_set_debug(struct rmem_memblock *mb, bool enable);

/**
 * memblock_enforce_memory_limit() (mem= on most arches): keep the first
 * @limit bytes of memory, cut memory and reserved above them.  0, or more
 * than there is, does nothing.
 */
RMEM_API
void rmem_memblock_enforce_memory_limit(struct rmem_memblock *mb, rmem_phys_t limit);
/**
 * memblock_mem_limit_remove_map() (mem= on arm64): as above, but through
 * memblock_cap_memory_range(0, max): NOMAP memory above the limit stays.
 */
RMEM_API
void rmem_memblock_mem_limit_remove_map(struct rmem_memblock *mb, rmem_phys_t limit);
/**
 * memblock_cap_memory_range(): keep only [@base, @base + @size) of memory
 * (NOMAP regions outside stay) and of reserved.  6.1+ warn and do nothing
 * when no memory was added.
 */
RMEM_API
void rmem_memblock_cap_memory_range(struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size);

RMEM_API
rmem_phys_t rmem_memblock_phys_mem_size(const struct rmem_memblock *mb);
RMEM_API
rmem_phys_t rmem_memblock_reserved_size(const struct rmem_memblock *mb);
/** memblock_start_of_DRAM() / memblock_end_of_DRAM(): 0 when there is no memory. */
RMEM_API
rmem_phys_t rmem_memblock_start_of_DRAM(const struct rmem_memblock *mb);
RMEM_API
rmem_phys_t rmem_memblock_end_of_DRAM(const struct rmem_memblock *mb);

/**
 * rmem_memblock_dump() - __memblock_dump_all(): the kernel's
 * "MEMBLOCK configuration:" dump, into @log at RMEM_LOG_INFO, whatever
 * memblock=debug says.
 */
RMEM_API
void rmem_memblock_dump(const struct rmem_memblock *mb, struct rmem_log *log);
/**
 * rmem_memblock_dump_all() - memblock_dump_all(): the dump into mb->log,
 * with memblock=debug only.
 */
RMEM_API
void rmem_memblock_dump_all(const struct rmem_memblock *mb);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_MEMBLOCK_H */
