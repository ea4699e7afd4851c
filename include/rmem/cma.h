/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Contiguous Memory Allocator (mm/cma.c).
 *
 * A CMA area is a range of reserved pages, tracked by a bitmap whose bits
 * each cover 2^order_per_bit pages.  At boot an area is declared (placed by
 * memblock, or over a region already reserved), later activated (the
 * kernel's core_initcall), then cma_alloc() hands out runs of pages by a
 * first-fit search, and cma_release() gives them back.
 *
 * Every line the kernel logs is appended to the context's log verbatim,
 * with the "cma: " prefix of mm/cma.c's pr_fmt.  Pointers, which the kernel
 * prints hashed (%p), are printed as the kernel prints a pointer it cannot
 * hash: "(____ptrval____)" ("(ptrval)" on 32-bit arm); NULL as zeroes.
 *
 * Threads (see <rmem/ctx.h>): rmem_cma_alloc(), rmem_cma_release(),
 * rmem_cma_get_stat() and rmem_cma_bitmap_show() are thread-safe, locking
 * as the kernel does: the area's bitmap under its own lock (cma->lock), the
 * range hook called by one thread at a time per context (cma_mutex around
 * alloc_contig_range()), the sysfs counters atomic.  Declaration,
 * activation and the setters are boot-time: one thread, before those.
 */
#ifndef RMEM_CMA_H
#define RMEM_CMA_H

#include <rmem/api.h>
#include <rmem/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rmem_cma;

#define RMEM_CMA_MAX_NAME 64	/* CMA_MAX_NAME, with the NUL */

/**
 * rmem_cma_set_highmem_start() - where highmem starts, as a physical
 * address: the kernel's __pa(high_memory - 1) + 1, fixed by the arch before
 * the areas are declared (arm's lowmem limit; arm64's end of DRAM).
 * @start: that address; 0 (the default) means the end of DRAM at the time
 *         of each declaration, which is what arm64 and a lowmem-only arm get.
 */
RMEM_API
void rmem_cma_set_highmem_start(struct rmem_ctx *ctx, rmem_phys_t start);

/**
 * rmem_cma_declare_contiguous_nid() - cma_declare_contiguous_nid(): reserve
 * an area with memblock and make it a CMA area.
 * @base:      where the area must start, 0 for anywhere
 * @size:      its size in bytes
 * @limit:     end of the allowed range, 0 for no limit
 * @alignment: 0 or a power of two; raised to the kernel's minimum
 *             (PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order) in 5.10,
 *             PAGE_SIZE << pageblock_order from 6.1)
 * @order_per_bit: pages per bitmap bit, as an order
 * @fixed:     the area must be at exactly @base (ignored when @base is 0)
 * @name:      the area's name, a printf format as the kernel uses it; NULL
 *             for "cma%d\n" (with the kernel's newline)
 * @nid:       the node (RMEM_NUMA_NO_NODE for any); 6.12 logs it
 *
 * Non-fixed areas are placed as that kernel places them: above 4 GiB
 * bottom-up first (6.1, 6.12 with a 64-bit phys_addr_t, when DRAM ends at
 * least @size above 4 GiB), in highmem first when the range straddles it,
 * then anywhere in [@base, @limit) top-down.
 *
 * Logs the kernel's lines (the "Reserved %ld MiB at %pa" line on success,
 * the kernel's error lines on failure).
 * Returns 0 and *@res_cma; -ENOSPC (no free slot in the area table),
 * -EINVAL (size 0, alignment not a power of two, size not a multiple of
 * the bit's pages, misaligned fixed base, a fixed range crossing the
 * lowmem/highmem boundary, a range beyond @limit, or, in 5.10, an
 * @order_per_bit above the minimum alignment; also an @order_per_bit of 31
 * or more, where the kernel's shifts are undefined), -EBUSY (the fixed
 * range is already reserved), -ENOMEM (memblock found no room), and
 * the lock errors of rmem_cma_init_reserved_mem().
 */
RMEM_API
int rmem_cma_declare_contiguous_nid(struct rmem_ctx *ctx, rmem_phys_t base,
				    rmem_phys_t size, rmem_phys_t limit,
				    rmem_phys_t alignment, unsigned int order_per_bit,
				    bool fixed, const char *name,
				    struct rmem_cma **res_cma, int nid);

/** rmem_cma_declare_contiguous() - cma_declare_contiguous(): the above on any node. */
RMEM_API
int rmem_cma_declare_contiguous(struct rmem_ctx *ctx, rmem_phys_t base,
				rmem_phys_t size, rmem_phys_t limit,
				rmem_phys_t alignment, unsigned int order_per_bit,
				bool fixed, const char *name, struct rmem_cma **res_cma);

/**
 * rmem_cma_init_reserved_mem() - cma_init_reserved_mem(): make a CMA area of
 * a region that memblock has already reserved.  Logs nothing but the slot
 * error, as the kernel.
 * Returns 0 and *@res_cma; -ENOSPC (no free slot), -EINVAL (size 0, the
 * range not reserved (memblock_is_region_reserved(): no overlap with a
 * reserved region), base or size not aligned as that kernel requires, or,
 * in 5.10, an @order_per_bit above the minimum alignment; also an
 * @order_per_bit of 31 or more), -ENOMEM or -EAGAIN (the area's lock
 * cannot be made; never with glibc).
 */
RMEM_API
int rmem_cma_init_reserved_mem(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			       unsigned int order_per_bit, const char *name,
			       struct rmem_cma **res_cma);

/**
 * rmem_cma_reserve_pages_on_error() - cma_reserve_pages_on_error() (6.1
 * and later): if @cma fails to activate, keep its pages reserved instead
 * of giving them to the page allocator.
 * Returns 0; -EOPNOTSUPP on 5.10, which has no such function (its failed
 * areas always keep their pages).
 */
RMEM_API
int rmem_cma_reserve_pages_on_error(struct rmem_cma *cma);

/**
 * rmem_cma_activate_areas() - cma_init_reserved_areas(): activate every
 * declared area not activated yet, as the kernel does at core_initcall.
 * An area that spans two zones (see rmem_ctx_set_zones()) is not
 * activated: the kernel logs "CMA area NAME could not be activated" and the
 * area has no pages (from 6.1 they also leave totalcma_pages and, unless
 * reserved on error, go to the page allocator; 5.10 leaves both alone).
 * Returns 0 (activation failures are the kernel's, and are logged);
 * -ENOMEM when a bitmap cannot be allocated (the area then fails as the
 * kernel's does, and is logged).
 */
RMEM_API
int rmem_cma_activate_areas(struct rmem_ctx *ctx);

/**
 * rmem_cma_range_fn - decides whether alloc_contig_range() can take pages.
 *
 * The kernel migrates the movable pages out of a range before handing it
 * out, and fails with -EBUSY when one cannot be moved (a pinned page).  rmem
 * has no pages to migrate; this hook says which ranges are in the way.
 * Return 0 when [@pfn, @pfn + @count) can be taken, -EBUSY when a page in
 * it cannot (cma_alloc() then tries further on), or another negative errno
 * (-EINTR, -ENOMEM: cma_alloc() gives up with it).
 *
 * With -EBUSY the hook may also say how far the trouble goes: *@busy_end
 * (@pfn + 1 on entry) moved up to a pfn below which every range of @count
 * pages starting at or after @pfn is busy too.  cma_alloc() then goes
 * through the tries it would make there as the kernel does, each one
 * failing and logging its "busy, retrying" line, without asking the hook
 * again: thousands of pinned pages cost one call.
 */
typedef int (*rmem_cma_range_fn)(void *arg, const struct rmem_cma *cma,
				 rmem_pfn_t pfn, unsigned long count, rmem_pfn_t *busy_end);

/**
 * rmem_cma_set_range_hook() - install @fn (NULL: every range can be taken).
 * Calls of @fn are serialized per context (the kernel's cma_mutex); @fn
 * must not call back into the CMA allocator of that context.
 */
RMEM_API
void rmem_cma_set_range_hook(struct rmem_ctx *ctx, rmem_cma_range_fn fn, void *arg);

/**
 * rmem_cma_alloc() - cma_alloc(): @count pages aligned to 2^@align pages,
 * by the kernel's first-fit search, retrying past ranges the range hook
 * reports busy.  @align is not capped here: the CONFIG_CMA_ALIGNMENT cap
 * is the DMA layer's (dma_alloc_from_contiguous()), as in the kernel.
 * @no_warn suppresses the kernel's failure lines.
 *
 * Counts the pages in the sysfs counters as the kernel does (6.1 counts
 * every failed call, even one rejected before the search; 6.12 only the
 * searches; 5.10 has no counters).
 * Returns 0 and *@pfn; -EINVAL (@cma NULL, not activated or empty, @count
 * 0, or @align so large the kernel's shifts would be undefined), -ENOMEM
 * (no free run large enough), -EBUSY (every fitting run had a busy page),
 * or another error of the range hook.  The kernel returns NULL for all.
 */
RMEM_API
int rmem_cma_alloc(struct rmem_cma *cma, unsigned long count, unsigned int align,
		   bool no_warn, rmem_pfn_t *pfn);

/**
 * rmem_cma_release() - cma_release(): give back @count pages at @pfn.
 * Returns 0; -EINVAL when @cma is NULL or @pfn is not inside the area (the
 * kernel returns false); -ERANGE when the pages run past the area's end
 * (the kernel's VM_BUG_ON); -ENOENT when some of their bitmap bits are
 * clear (never allocated, or released already).  For the last two the
 * kernel would corrupt its bitmap: rmem refuses and changes nothing.
 */
RMEM_API
int rmem_cma_release(struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count);

RMEM_API
rmem_phys_t rmem_cma_get_base(const struct rmem_cma *cma);
RMEM_API
rmem_phys_t rmem_cma_get_size(const struct rmem_cma *cma);
RMEM_API
const char *rmem_cma_get_name(const struct rmem_cma *cma);

/** The areas in declaration order (the kernel's cma_areas[]); NULL past the end. */
RMEM_API
unsigned int rmem_cma_area_count(const struct rmem_ctx *ctx);
RMEM_API
struct rmem_cma *rmem_cma_area(struct rmem_ctx *ctx, unsigned int i);
/** The first area named exactly @name, or NULL. */
RMEM_API
struct rmem_cma *rmem_cma_find(struct rmem_ctx *ctx, const char *name);

/** totalcma_pages: the "cma-reserved" figure of the "Memory:" line. */
RMEM_API
unsigned long rmem_cma_total_pages(const struct rmem_ctx *ctx);

/* /sys/kernel/mm/cma/NAME/ and /sys/kernel/debug/cma/DIR/ */
struct rmem_cma_stat {
	char debugfs_dir[RMEM_CMA_MAX_NAME]; /* DIR: "cma-NAME" cut to 15 chars in 5.10, NAME after */
	rmem_pfn_t base_pfn;		/* debugfs base_pfn */
	unsigned long count;		/* debugfs count: pages */
	unsigned int order_per_bit;	/* debugfs order_per_bit */
	unsigned long used;		/* debugfs used: pages allocated */
	unsigned long maxchunk;		/* debugfs maxchunk: largest free run, pages */
	bool active;			/* activated, with pages */
	unsigned long pages_to_buddy;	/* pages a failed activation gave the page allocator */
	bool has_sysfs;			/* /sys/kernel/mm/cma exists (6.1 and later) */
	bool has_release_stat;		/* release_pages_success exists (6.12) */
	uint64_t alloc_pages_success;	/* sysfs */
	uint64_t alloc_pages_fail;	/* sysfs */
	uint64_t release_pages_success;	/* sysfs (6.12) */
};

/**
 * rmem_cma_get_stat() - the figures above for @cma: used and maxchunk read
 * together under the area's lock, the counters as atomic64_read() does.
 */
RMEM_API
void rmem_cma_get_stat(const struct rmem_cma *cma, struct rmem_cma_stat *st);

/**
 * rmem_cma_bitmap_show() - the debugfs "bitmap" file: the bitmap as the
 * kernel prints it (debugfs_create_u32_array(): the unsigned long words read
 * as 32-bit words, low half first as on little-endian arm, in decimal,
 * space-separated, a newline after the last; empty for an area without pages).
 * Writes at most @len bytes including a NUL (snprintf-style).
 * Returns the length the text needs, excluding the NUL.
 */
RMEM_API
size_t rmem_cma_bitmap_show(const struct rmem_cma *cma, char *buf, size_t len);

/* A run of pages of an area: its first page (from the area's base) and length. */
struct rmem_cma_run {
	unsigned long start;
	unsigned long pages;
};

/**
 * rmem_cma_free_runs() - the free runs of @cma's bitmap, lowest first, in
 * pages (a bit covers 2^order_per_bit pages), as cma_debug_show_areas()
 * walks them.  *@runs is the caller's to free().
 * Returns 0 with *@runs and *@nr (NULL and 0 for an area without a bitmap
 * or without free pages); -ENOMEM.
 */
RMEM_API
int rmem_cma_free_runs(const struct rmem_cma *cma, struct rmem_cma_run **runs, size_t *nr);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_CMA_H */
