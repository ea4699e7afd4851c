/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock: the boot-time memory manager (mm/memblock.c).
 *
 * Two sorted lists of non-overlapping regions: "memory" (what RAM exists)
 * and "reserved" (what is taken).  Adjacent regions with the same flags and
 * node are merged; operations on part of a region split it.  Allocation
 * looks for free memory (in memory, outside reserved and NOMAP) top-down by
 * default, bottom-up when set, and reserves what it returns.
 */
#ifndef RMEM_MEMBLOCK_H
#define RMEM_MEMBLOCK_H

#include <rmem/log.h>
#include <rmem/profile.h>

/* enum memblock_flags */
#define RMEM_MEMBLOCK_NONE	0x0
#define RMEM_MEMBLOCK_HOTPLUG	0x1
#define RMEM_MEMBLOCK_MIRROR	0x2
#define RMEM_MEMBLOCK_NOMAP	0x4

/* Special values of an allocation's end (the kernel's MEMBLOCK_ALLOC_*) */
#define RMEM_MEMBLOCK_ALLOC_ANYWHERE	(~(rmem_phys_t)0)
#define RMEM_MEMBLOCK_ALLOC_ACCESSIBLE	((rmem_phys_t)0)

#define RMEM_NUMA_NO_NODE	(-1)

struct rmem_memblock_region {
	rmem_phys_t base;
	rmem_phys_t size;
	unsigned int flags;
	int nid;
};

struct rmem_memblock_type {
	const char *name;		/* "memory" or "reserved", as in the dump */
	size_t cnt;			/* regions in use (1 with an empty dummy region, as the kernel) */
	size_t max;			/* regions the array holds */
	rmem_phys_t total_size;
	struct rmem_memblock_region *regions;
};

struct rmem_memblock {
	bool bottom_up;
	rmem_phys_t current_limit;
	struct rmem_memblock_type memory;
	struct rmem_memblock_type reserved;

	/* the simulation's own state */
	unsigned int page_shift;
	unsigned int version;		/* RMEM_KERNEL_VERSION of the profile */
	bool debug;			/* memblock=debug: log every call */
	bool can_resize;		/* memblock_allow_resize() was called */
	struct rmem_log *log;
};

/**
 * rmem_memblock_init() - an empty memblock for the kernel @p.
 * Returns 0 or -ENOMEM.
 */
int rmem_memblock_init(struct rmem_memblock *mb, const struct rmem_profile *p,
		       struct rmem_log *log);
void rmem_memblock_release(struct rmem_memblock *mb);

/*
 * The region operations return 0, -ENOMEM when a list cannot grow (the
 * kernel panics there; rmem logs the kernel's message and fails), or
 * -EINVAL for a size of 0 where the kernel rejects it.
 */
int rmem_memblock_add(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
int rmem_memblock_add_node(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
			   int nid, unsigned int flags);
int rmem_memblock_remove(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
int rmem_memblock_reserve(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
int rmem_memblock_phys_free(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
int rmem_memblock_mark_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
int rmem_memblock_clear_nomap(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);

bool rmem_memblock_is_memory(const struct rmem_memblock *mb, rmem_phys_t addr);
bool rmem_memblock_is_map_memory(const struct rmem_memblock *mb, rmem_phys_t addr);
bool rmem_memblock_is_region_memory(const struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size);
bool rmem_memblock_is_region_reserved(const struct rmem_memblock *mb, rmem_phys_t base,
				      rmem_phys_t size);

/**
 * rmem_memblock_alloc_range_nid() - memblock_alloc_range_nid(): find @size
 * bytes aligned to @align in [@start, @end) (end clamped to current_limit
 * when it is RMEM_MEMBLOCK_ALLOC_ACCESSIBLE), top-down unless bottom_up is
 * set, reserve them and return their base.
 *
 * Returns the base, or 0 when nothing fits (the kernel's failure value).
 * @align of 0 is treated as the kernel treats it (SMP_CACHE_BYTES, with a
 * warning).
 */
rmem_phys_t rmem_memblock_alloc_range_nid(struct rmem_memblock *mb, rmem_phys_t size,
					  rmem_phys_t align, rmem_phys_t start,
					  rmem_phys_t end, int nid, bool exact_nid);
/** memblock_phys_alloc_range(): the above on any node. */
rmem_phys_t rmem_memblock_phys_alloc_range(struct rmem_memblock *mb, rmem_phys_t size,
					   rmem_phys_t align, rmem_phys_t start,
					   rmem_phys_t end);

void rmem_memblock_set_bottom_up(struct rmem_memblock *mb, bool enable);
void rmem_memblock_set_current_limit(struct rmem_memblock *mb, rmem_phys_t limit);
void rmem_memblock_allow_resize(struct rmem_memblock *mb);

/* memblock_enforce_memory_limit() and memblock_mem_limit_remove_map() (mem=) */
void rmem_memblock_enforce_memory_limit(struct rmem_memblock *mb, rmem_phys_t limit);
void rmem_memblock_mem_limit_remove_map(struct rmem_memblock *mb, rmem_phys_t limit);
void rmem_memblock_cap_memory_range(struct rmem_memblock *mb, rmem_phys_t base,
				    rmem_phys_t size);

rmem_phys_t rmem_memblock_phys_mem_size(const struct rmem_memblock *mb);
rmem_phys_t rmem_memblock_reserved_size(const struct rmem_memblock *mb);
rmem_phys_t rmem_memblock_start_of_DRAM(const struct rmem_memblock *mb);
rmem_phys_t rmem_memblock_end_of_DRAM(const struct rmem_memblock *mb);

/** rmem_memblock_dump() - the kernel's "MEMBLOCK configuration:" dump, into @log. */
void rmem_memblock_dump(const struct rmem_memblock *mb, struct rmem_log *log);

#endif /* RMEM_MEMBLOCK_H */
