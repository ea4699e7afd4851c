/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Contiguous Memory Allocator (mm/cma.c).
 *
 * A CMA area is a range of reserved pages, tracked by a bitmap whose bits
 * each cover 2^order_per_bit pages.  At boot an area is declared (placed by
 * memblock, or over a region already reserved), later activated (the
 * kernel's core_initcall), then cma_alloc() hands out runs of pages by a
 * first-fit search, and cma_release() gives them back.
 */
#ifndef RMEM_CMA_H
#define RMEM_CMA_H

#include <rmem/ctx.h>

struct rmem_cma;

#define RMEM_CMA_MAX_NAME 64

/**
 * rmem_cma_declare_contiguous_nid() - cma_declare_contiguous_nid(): reserve
 * an area with memblock and make it a CMA area.
 * @base:      where the area must start, 0 for anywhere
 * @size:      its size in bytes
 * @limit:     end of the allowed range, 0 for no limit
 * @alignment: 0 or a power of two; raised to the kernel's minimum
 * @fixed:     the area must be at exactly @base
 *
 * Logs the kernel's lines (the "Reserved %ld MiB at %pa" line on success,
 * the kernel's error lines on failure).
 * Returns 0 and *@res_cma; -ENOSPC (no free slot in the area table),
 * -EINVAL (size 0, alignment not a power of two, misaligned fixed base,
 * a range crossing the lowmem/highmem boundary), -EBUSY (the fixed range is
 * already reserved), -ENOMEM (memblock found no room).
 */
int rmem_cma_declare_contiguous_nid(struct rmem_ctx *ctx, rmem_phys_t base,
				    rmem_phys_t size, rmem_phys_t limit,
				    rmem_phys_t alignment, unsigned int order_per_bit,
				    bool fixed, const char *name,
				    struct rmem_cma **res_cma, int nid);

/**
 * rmem_cma_init_reserved_mem() - cma_init_reserved_mem(): make a CMA area of
 * a region that memblock has already reserved.
 * Returns 0 and *@res_cma; -ENOSPC (no free slot), -EINVAL (size 0, the
 * range not reserved, base or size not aligned as that kernel requires).
 */
int rmem_cma_init_reserved_mem(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			       unsigned int order_per_bit, const char *name,
			       struct rmem_cma **res_cma);

/**
 * rmem_cma_activate_areas() - cma_init_reserved_areas(): activate every
 * declared area, as the kernel does at core_initcall.  An area that spans
 * two zones (see rmem_ctx_set_zones()) is not activated: the kernel logs
 * "CMA area NAME could not be activated" and the area has no pages.
 * Returns 0 (activation failures are the kernel's, and are logged).
 */
int rmem_cma_activate_areas(struct rmem_ctx *ctx);

/**
 * rmem_cma_range_fn - decides whether alloc_contig_range() can take pages.
 *
 * The kernel migrates the movable pages out of a range before handing it
 * out, and fails with -EBUSY when one cannot be moved (a pinned page).  rmem
 * has no pages to migrate; this hook says which ranges are in the way.
 * Return 0 when [@pfn, @pfn + @count) can be taken, or -EBUSY and set
 * *@busy_pfn to the first page in the way.
 */
typedef int (*rmem_cma_range_fn)(void *arg, const struct rmem_cma *cma,
				 rmem_pfn_t pfn, unsigned long count,
				 rmem_pfn_t *busy_pfn);

/** rmem_cma_set_range_hook() - install @fn (NULL: every range can be taken). */
void rmem_cma_set_range_hook(struct rmem_ctx *ctx, rmem_cma_range_fn fn, void *arg);

/**
 * rmem_cma_alloc() - cma_alloc(): @count pages aligned to 2^@align pages
 * (@align capped at CONFIG_CMA_ALIGNMENT as the kernel caps it), by the
 * kernel's first-fit search, retrying past ranges the range hook reports
 * busy.  @no_warn suppresses the kernel's failure lines.
 * Returns 0 and *@pfn; -EINVAL (@cma NULL or empty, @count 0), -ENOMEM (no
 * free run large enough), -EBUSY (every fitting run had a busy page).  The
 * kernel returns NULL for all three.
 */
int rmem_cma_alloc(struct rmem_cma *cma, unsigned long count, unsigned int align,
		   bool no_warn, rmem_pfn_t *pfn);

/**
 * rmem_cma_release() - cma_release(): give back @count pages at @pfn.
 * Returns 0; -EINVAL when the range is not inside the area (the kernel
 * returns false); -ENOENT when some of its pages are not allocated: the
 * kernel would corrupt its bitmap there, rmem refuses and changes nothing.
 */
int rmem_cma_release(struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count);

rmem_phys_t rmem_cma_get_base(const struct rmem_cma *cma);
rmem_phys_t rmem_cma_get_size(const struct rmem_cma *cma);
const char *rmem_cma_get_name(const struct rmem_cma *cma);

/** The areas in declaration order (the kernel's cma_areas[]). */
unsigned int rmem_cma_area_count(const struct rmem_ctx *ctx);
struct rmem_cma *rmem_cma_area(struct rmem_ctx *ctx, unsigned int i);
struct rmem_cma *rmem_cma_find(struct rmem_ctx *ctx, const char *name);

/** totalcma_pages: the "cma-reserved" figure of the "Memory:" line. */
unsigned long rmem_cma_total_pages(const struct rmem_ctx *ctx);

/* /sys/kernel/mm/cma/NAME/ and /sys/kernel/debug/cma/NAME/ */
struct rmem_cma_stat {
	rmem_pfn_t base_pfn;		/* debugfs base_pfn */
	unsigned long count;		/* debugfs count: pages */
	unsigned int order_per_bit;	/* debugfs order_per_bit */
	unsigned long used;		/* debugfs used: pages allocated */
	unsigned long maxchunk;		/* debugfs maxchunk: largest free run, pages */
	uint64_t alloc_pages_success;	/* sysfs */
	uint64_t alloc_pages_fail;	/* sysfs */
	uint64_t release_pages_success;	/* sysfs (6.12) */
};
void rmem_cma_get_stat(const struct rmem_cma *cma, struct rmem_cma_stat *st);

/**
 * rmem_cma_bitmap_show() - the debugfs "bitmap" file: the bitmap as the
 * kernel prints it (32-bit words, decimal, space-separated, newline).
 * Returns the length the text needs (snprintf-style, excluding the NUL).
 */
size_t rmem_cma_bitmap_show(const struct rmem_cma *cma, char *buf, size_t len);

#endif /* RMEM_CMA_H */
