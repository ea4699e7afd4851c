// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_alloc() and cma_release() (mm/cma.c): a first-fit search of the
 * area's bitmap, then alloc_contig_range() on the pages found, which rmem
 * asks of the range hook.
 *
 * Locking as in the kernel: the bitmap under cma->lock (5.10 a mutex,
 * mm/cma.c:91 and :440; 6.1 a spinlock, :91 and :451; 6.12 :87 and :438),
 * dropped around alloc_contig_range(), which the machine-wide cma_mutex
 * runs one at a time (5.10 :457, 6.1 :468, 6.12 :455).  The claimed bits
 * keep the range the caller's meanwhile.
 */
#include <errno.h>

#include "internal.h"
#include "lib/bitmap.h"

/* The alignment, in bits, of an allocation of 2^align_order pages. */
static unsigned long cma_bitmap_aligned_mask(const struct rmem_cma *cma,
					     unsigned int align_order)
{
	if (align_order <= cma->order_per_bit)
		return 0;
	return (1UL << (align_order - cma->order_per_bit)) - 1;
}

/*
 * How far, in bits, the area's base is past an alignment boundary: the
 * search aligns (bit + offset), so pfns are aligned, not bit numbers.
 */
static unsigned long cma_bitmap_aligned_offset(const struct rmem_cma *cma,
					       unsigned int align_order)
{
	return (unsigned long)(cma->base_pfn & ((1UL << align_order) - 1)) >>
	       cma->order_per_bit;
}

static unsigned long cma_bitmap_pages_to_bits(const struct rmem_cma *cma,
					      unsigned long pages)
{
	return (unsigned long)rmem_align_up(pages, 1ULL << cma->order_per_bit) >>
	       cma->order_per_bit;
}

static void cma_clear_bitmap(struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count)
{
	unsigned long bitmap_no = (unsigned long)(pfn - cma->base_pfn) >> cma->order_per_bit;

	rmem_cma_lock(cma);
	rmem_bitmap_clear(cma->bitmap, bitmap_no, cma_bitmap_pages_to_bits(cma, count));
	cma->available_count += count;
	rmem_cma_bitmap_changed(cma);
	rmem_cma_unlock(cma);
}


static void cma_log_alloc_call(const struct rmem_cma *cma, unsigned long count,
			       unsigned int align)
{
	struct rmem_ctx *ctx = cma->ctx;
	const char *p = rmem_ptr_str(&ctx->profile, false);

	if (CMA_FACT(ctx, alloc_call_names_area))
		pr_debug_line(ctx, "cma: %s(cma %s, name: %s, count %lu, align %d)\n",
			 CMA_FACT(ctx, alloc_func), p, cma->name, count, (int)align);
	else
		pr_debug_line(ctx, "cma: cma_alloc(cma %s, count %lu, align %d)\n",
			 p, count, (int)align);
}

static void cma_log_busy(const struct rmem_cma *cma, rmem_pfn_t pfn)
{
	struct rmem_ctx *ctx = cma->ctx;
	const char *p = rmem_ptr_str(&ctx->profile, false);

	/* 6.12 adds the pfn (mm/cma.c:467 in 6.12), 7.2 searches per range */
	if (CMA_FACT(ctx, memranges))
		pr_debug(ctx, "cma: cma_range_alloc(): memory range at pfn 0x%llx %s is busy, retrying\n",
			 (unsigned long long)pfn, p);
	else if (CMA_FACT(ctx, busy_line_pfn))
		pr_debug(ctx, "cma: __cma_alloc(): memory range at pfn 0x%llx %s is busy, retrying\n",
			 (unsigned long long)pfn, p);
	else
		pr_debug(ctx, "cma: cma_alloc(): memory range at %s is busy, retrying\n", p);
}

/*
 * The failure line (5.10: no area name; 6.1: the name; 6.12: the name and
 * __cma_alloc), then the free runs: always in 6.12, only with
 * CONFIG_CMA_DEBUG before.  6.1 and 6.12 rate-limit the line; rmem has no
 * clock and prints every one.
 */
static void cma_log_failure(struct rmem_cma *cma, unsigned long count, int ret)
{
	struct rmem_ctx *ctx = cma->ctx;

	if (CMA_FACT(ctx, alloc_fail_names_area))
		pr_err(ctx, "cma: %s: %s: alloc failed, req-size: %lu pages, ret: %d\n",
		       CMA_FACT(ctx, alloc_func), cma->name, count, ret);
	else
		pr_err(ctx, "cma: cma_alloc: alloc failed, req-size: %lu pages, ret: %d\n",
		       count, ret);
	if (ctx->cma.debug || CMA_FACT(ctx, debug_show_always))
		rmem_cma_debug_show_areas(cma);
}

/* alloc_contig_range(); with -EBUSY, *@busy_end as the hook says (see cma.h). */
static int cma_contig_range(const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count,
			    rmem_pfn_t *busy_end)
{
	struct rmem_ctx *ctx = cma->ctx;
	int ret;

	*busy_end = pfn + 1;
	if (!ctx->cma.range_fn)
		return 0;
	pthread_mutex_lock(&ctx->cma.mutex);
	ret = ctx->cma.range_fn(ctx->cma.range_arg, cma, pfn, count, busy_end);
	pthread_mutex_unlock(&ctx->cma.mutex);
	if (*busy_end <= pfn)
		*busy_end = pfn + 1;
	return ret;
}

/*
 * bitmap_find_next_zero_area_off() returns the first aligned bit at or
 * after its start whose @nbits bits are clear.  When there is none from
 * bit 0, there is none from any start, nor for more bits: until the bitmap
 * changes, such a search needs not run again to fail (lock held).
 */
static bool cma_known_no_room(const struct rmem_cma *cma, unsigned long nbits,
			      unsigned long mask, unsigned long offset)
{
	return cma->no_room.valid && cma->no_room.mask == mask &&
	       cma->no_room.offset == offset && nbits >= cma->no_room.nbits;
}

static void cma_remember_no_room(struct rmem_cma *cma, unsigned long nbits,
				 unsigned long mask, unsigned long offset)
{
	if (cma->no_room.valid && cma->no_room.mask == mask && cma->no_room.offset == offset &&
	    cma->no_room.nbits <= nbits)
		return;
	cma->no_room.valid = true;
	cma->no_room.mask = mask;
	cma->no_room.offset = offset;
	cma->no_room.nbits = nbits;
}

/*
 * Finds and claims a free run of @nbits bits (@count pages) at or after
 * bit @start; maxno when none.  7.2 first stops when fewer pages than
 * asked are left (mm/cma.c:812 in 7.2).
 */
static unsigned long cma_claim(struct rmem_cma *cma, unsigned long start, unsigned long count,
			       unsigned long nbits, unsigned long mask, unsigned long offset)
{
	unsigned long maxno = rmem_cma_bitmap_maxno(cma);
	unsigned long bitmap_no = maxno;

	rmem_cma_lock(cma);
	if (CMA_FACT(cma->ctx, memranges) && count > cma->available_count) {
		rmem_cma_unlock(cma);
		return maxno;
	}
	if (!cma_known_no_room(cma, nbits, mask, offset))
		bitmap_no = rmem_bitmap_find_next_zero_area_off(cma->bitmap, maxno, start, nbits,
								mask, offset);
	if (bitmap_no < maxno) {
		rmem_bitmap_set(cma->bitmap, bitmap_no, nbits);
		cma->available_count -= count;
		rmem_cma_bitmap_changed(cma);
	} else if (!start) {
		cma_remember_no_room(cma, nbits, mask, offset);
	}
	rmem_cma_unlock(cma);
	return bitmap_no;
}

/* The first bit whose pages start at or after @pfn (maxno at most). */
static unsigned long cma_bit_from(const struct rmem_cma *cma, rmem_pfn_t pfn)
{
	unsigned long maxno = rmem_cma_bitmap_maxno(cma);
	rmem_pfn_t bits;

	if (pfn <= cma->base_pfn)
		return 0;
	bits = ((pfn - cma->base_pfn) + (1ULL << cma->order_per_bit) - 1) >> cma->order_per_bit;
	return bits < maxno ? (unsigned long)bits : maxno;
}

/*
 * The tries after a busy one that the hook said are busy too: each bit the
 * search finds below @busy_end is a range the kernel would claim, find
 * busy, give back and log ("is busy, retrying"), the bitmap unchanged.
 * While the log keeps pr_debug() lines each try is logged; past that the
 * tries of a free run are counted at once: within a run they are every
 * alignment step, as long as @nbits bits fit.  Returns the next start.
 */
static unsigned long cma_skip_busy(struct rmem_cma *cma, unsigned long start,
				   rmem_pfn_t busy_end, unsigned long nbits, unsigned long mask,
				   unsigned long offset)
{
	unsigned long maxno = rmem_cma_bitmap_maxno(cma), end = cma_bit_from(cma, busy_end);
	struct rmem_log *log = &cma->ctx->log;

	rmem_cma_lock(cma);
	while (start < end) {
		unsigned long bit = rmem_bitmap_find_next_zero_area_off(cma->bitmap, maxno, start,
									 nbits, mask, offset);
		unsigned long run_end, last, tries;

		if (bit >= maxno || bit >= end)
			break;
		if (rmem_log_keeps(log, RMEM_LOG_DEBUG)) {
			cma_log_busy(cma, cma->base_pfn + ((rmem_pfn_t)bit << cma->order_per_bit));
			start = bit + mask + 1;
			continue;
		}
		run_end = rmem_find_next_bit(cma->bitmap, maxno, bit);
		last = run_end - nbits < end - 1 ? run_end - nbits : end - 1;
		tries = (last - bit) / (mask + 1) + 1;
		rmem_log_drop(log, RMEM_LOG_DEBUG, tries);
		start = bit + tries * (mask + 1);
	}
	rmem_cma_unlock(cma);
	return start;
}

/*
 * The search loop; returns 0 and *@pfn, or the last error: -ENOMEM when
 * no room was found, from 7.2 -EBUSY (cma_range_alloc() starts with it).
 */
static int cma_search(struct rmem_cma *cma, unsigned long count, unsigned int align,
		      rmem_pfn_t *pfn)
{
	unsigned long mask = cma_bitmap_aligned_mask(cma, align);
	unsigned long offset = cma_bitmap_aligned_offset(cma, align);
	unsigned long maxno = rmem_cma_bitmap_maxno(cma);
	unsigned long nbits = cma_bitmap_pages_to_bits(cma, count);
	unsigned long start = 0, bitmap_no;
	rmem_pfn_t busy_end;
	int ret = CMA_FACT(cma->ctx, memranges) ? -EBUSY : -ENOMEM;

	if (nbits > maxno)
		return ret;
	for (;;) {
		/* claimed before the range is tried, as the kernel does */
		bitmap_no = cma_claim(cma, start, count, nbits, mask, offset);
		if (bitmap_no >= maxno)
			return ret;
		*pfn = cma->base_pfn + ((rmem_pfn_t)bitmap_no << cma->order_per_bit);
		ret = cma_contig_range(cma, *pfn, count, &busy_end);
		if (!ret)
			return 0;
		cma_clear_bitmap(cma, *pfn, count);
		if (ret != -EBUSY)
			return ret;
		cma_log_busy(cma, *pfn);
		/* the next try starts one alignment step further */
		start = cma_skip_busy(cma, bitmap_no + mask + 1, busy_end, nbits, mask, offset);
	}
}

/*
 * The checks before the search; 6.1 counts their failures, 6.12 does not.
 * A request larger than the area returns here up to 6.12; 7.2 fails it
 * in the search, with the failure line.
 */
static int cma_alloc_precheck(struct rmem_cma *cma, unsigned long count,
			      unsigned int align)
{
	if (!cma->count || !cma->bitmap)
		return -EINVAL;
	cma_log_alloc_call(cma, count, align);
	if (!count)
		return -EINVAL;
	/* rmem's own limit: the kernel's 1UL << align is undefined past it */
	if (align >= cma->ctx->profile.bits_per_long)
		return -EINVAL;
	if (!CMA_FACT(cma->ctx, memranges) &&
	    cma_bitmap_pages_to_bits(cma, count) > rmem_cma_bitmap_maxno(cma))
		return -ENOMEM;
	return 0;
}

int rmem_cma_alloc(struct rmem_cma *cma, unsigned long count, unsigned int align,
		   bool no_warn, rmem_pfn_t *pfn)
{
	struct rmem_ctx *ctx;
	rmem_pfn_t found = 0;
	int ret;

	if (!cma)
		return -EINVAL;
	ctx = cma->ctx;
	ret = cma_alloc_precheck(cma, count, align);
	if (ret) {
		if (CMA_FACT(ctx, sysfs_counts_precheck))
			rmem_cma_sysfs_account_fail_pages(cma, count);
		return ret;
	}
	ret = cma_search(cma, count, align, &found);
	if (ret && !no_warn)
		cma_log_failure(cma, count, ret);
	pr_debug_line(ctx, "cma: %s(): returned %s\n", CMA_FACT(ctx, alloc_func),
		 rmem_ptr_str(&ctx->profile, ret != 0));
	if (ret) {
		rmem_cma_sysfs_account_fail_pages(cma, count);
		return ret;
	}
	rmem_cma_sysfs_account_success_pages(cma, count);
	*pfn = found;
	return 0;
}

/* cma_pages_valid() (6.1, 6.12) or its inline form in 5.10's cma_release(). */
static bool cma_pages_valid(const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count)
{
	struct rmem_ctx *ctx = cma->ctx;

	if (pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count)
		return true;
	if (CMA_FACT(ctx, pages_valid))
		pr_debug_line(ctx, "cma: cma_pages_valid(page %s, count %lu)\n",
			 rmem_ptr_str(&ctx->profile, false), count);
	return false;
}

/*
 * 7.2's find_cma_memrange(): the range holding all @count pages, logged on
 * the way in and when there is none; then __cma_release_frozen()'s line.
 */
static bool cma_find_memrange(const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count)
{
	struct rmem_ctx *ctx = cma->ctx;
	const char *p = rmem_ptr_str(&ctx->profile, false);

	pr_debug_line(ctx, "cma: find_cma_memrange(page %s, count %lu)\n", p, count);
	if (count > cma->count)
		return false;
	if (pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count ||
	    count > cma->base_pfn + cma->count - pfn) {
		pr_debug_line(ctx, "cma: find_cma_memrange(page %s, count %lu, no cma range matches the page range)\n",
			 p, count);
		return false;
	}
	pr_debug_line(ctx, "cma: __cma_release_frozen(page %s, count %lu)\n", p, count);
	return true;
}

/* The checks before the bitmap, each version's: 0, or the refusal. */
static int cma_release_check(const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count)
{
	struct rmem_ctx *ctx = cma->ctx;

	if (CMA_FACT(ctx, memranges))
		return cma_find_memrange(cma, pfn, count) ? 0 : -EINVAL;
	/* 5.10 logs the call before checking the range */
	if (!CMA_FACT(ctx, pages_valid))
		pr_debug_line(ctx, "cma: cma_release(page %s)\n", rmem_ptr_str(&ctx->profile, false));
	if (!cma_pages_valid(cma, pfn, count))
		return -EINVAL;
	if (CMA_FACT(ctx, pages_valid))
		pr_debug_line(ctx, "cma: cma_release(page %s, count %lu)\n",
			 rmem_ptr_str(&ctx->profile, false), count);
	if (count > cma->base_pfn + cma->count - pfn)
		return -ERANGE;
	return 0;
}

int rmem_cma_release(struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count)
{
	unsigned long bitmap_no, nbits;
	int ret;

	if (!cma)
		return -EINVAL;
	ret = cma_release_check(cma, pfn, count);
	if (ret)
		return ret;
	bitmap_no = (unsigned long)(pfn - cma->base_pfn) >> cma->order_per_bit;
	nbits = cma_bitmap_pages_to_bits(cma, count);
	/* pages past the last whole bit have no bit to clear */
	if (bitmap_no > rmem_cma_bitmap_maxno(cma) ||
	    nbits > rmem_cma_bitmap_maxno(cma) - bitmap_no)
		return -ERANGE;
	if (!cma->bitmap)
		return -ENOENT;
	/* checked and cleared at once: a racing release of the same pages is refused */
	rmem_cma_lock(cma);
	ret = rmem_bitmap_range_full(cma->bitmap, bitmap_no, nbits) ? 0 : -ENOENT;
	if (!ret) {
		rmem_bitmap_clear(cma->bitmap, bitmap_no, nbits);
		cma->available_count += count;
		rmem_cma_bitmap_changed(cma);
	}
	rmem_cma_unlock(cma);
	if (!ret)
		rmem_cma_sysfs_account_release_pages(cma, count);
	return ret;
}
