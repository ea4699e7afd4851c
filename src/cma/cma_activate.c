// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_init_reserved_areas() / cma_activate_area(): the core_initcall that
 * gives every declared area its bitmap and its pageblocks (mm/cma.c).
 */
#include <errno.h>

#include "internal.h"
#include "lib/bitmap.h"

/*
 * alloc_contig_range() needs one zone, so the kernel refuses an area that
 * spans two.  Zones only change at their boundaries, so comparing the zone
 * on both sides of each boundary inside the area is the kernel's page by
 * page walk.  A pfn outside every zone counts as a zone of its own (the
 * kernel WARNs there and reads whatever its memmap says).
 */
static bool cma_in_one_zone(const struct rmem_cma *cma)
{
	const struct rmem_ctx *ctx = cma->ctx;
	rmem_pfn_t start = cma->base_pfn, end = cma->base_pfn + cma->count;
	int zone = rmem_zones_of(&ctx->zones, start);

	if (rmem_zones_of(&ctx->zones, end - 1) != zone)
		return false;
	for (size_t i = 0; i < ctx->zones.nr; i++) {
		rmem_pfn_t edge[2] = { ctx->zones.zone[i].start_pfn, ctx->zones.zone[i].end_pfn };

		for (int j = 0; j < 2; j++)
			if (edge[j] > start && edge[j] < end &&
			    rmem_zones_of(&ctx->zones, edge[j]) != zone)
				return false;
	}
	return true;
}

/*
 * What a failed area gives back differs: 5.10 only empties it
 * (mm/cma.c:136-140 in 5.10); 6.1 and 6.12 also take it out of
 * totalcma_pages and, unless told to keep them, free its pages to the page
 * allocator (mm/cma.c:131-140 in 6.1, 127-137 in 6.12).
 */
static void cma_activate_failed(struct rmem_cma *cma)
{
	struct rmem_ctx *ctx = cma->ctx;

	if (CMA_FACT(ctx, activate_gives_back)) {
		if (!cma->reserve_pages_on_error)
			cma->pages_to_buddy = cma->count;
		ctx->cma.totalcma_pages -= cma->count;
	}
	cma->available_count = cma->count = 0;
	pr_err(ctx, "cma: CMA area %s could not be activated\n", cma->name);
}

/*
 * The zone walk first WARNs on a pfn without a memmap (outside RAM), then
 * reads that pfn's struct page anyway: the kernel faults there and the boot
 * ends.  Finds the first such pfn.
 */
static bool cma_first_invalid_pfn(const struct rmem_cma *cma, rmem_pfn_t *bad)
{
	const struct rmem_memblock *mb = &cma->ctx->memblock;
	unsigned int shift = cma->ctx->profile.page_shift;
	rmem_pfn_t pfn = cma->base_pfn, end = cma->base_pfn + cma->count;

	while (pfn < end) {
		const struct rmem_memblock_region *r = NULL;

		for (size_t i = 0; i < mb->memory.cnt && !r; i++) {
			const struct rmem_memblock_region *m = &mb->memory.regions[i];

			if (m->size && (m->base >> shift) <= pfn &&
			    pfn < ((m->base + m->size) >> shift))
				r = m;
		}
		if (!r) {
			*bad = pfn;
			return true;
		}
		pfn = (r->base + r->size) >> shift;
	}
	return false;
}

/*
 * bitmap_zalloc() is kmalloc_array(): a bitmap larger than the largest
 * block kmalloc hands out (KMALLOC_MAX_SIZE, PAGE_SIZE << MAX_ORDER - 1 in
 * 5.10 and 6.1, << MAX_PAGE_ORDER in 6.12) fails whatever the free memory,
 * and the area goes to the kernel's out_error.  Only an area of hundreds
 * of GiB (a hostile reg) gets there; rmem must not try to allocate it.
 */
static bool cma_bitmap_too_large(const struct rmem_cma *cma)
{
	const struct rmem_profile *p = &cma->ctx->profile;
	uint64_t word_bits = p->bits_per_long;
	uint64_t words = ((uint64_t)rmem_cma_bitmap_maxno(cma) + word_bits - 1) / word_bits;

	return words * (word_bits / 8) > (uint64_t)1 << (p->page_shift + p->max_page_order);
}

static int cma_activate_area(struct rmem_cma *cma)
{
	rmem_pfn_t bad;

	cma->activated = true;
	if (cma_bitmap_too_large(cma)) {
		cma_activate_failed(cma);
		return 0;
	}
	cma->bitmap = rmem_bitmap_zalloc(rmem_cma_bitmap_maxno(cma));
	if (!cma->bitmap) {
		cma_activate_failed(cma);
		return -ENOMEM;
	}
	if (cma->count && cma_first_invalid_pfn(cma, &bad)) {
		rmem_crash(cma->ctx,
			       "CMA area %s reaches past RAM (pfn %#llx has no memmap): cma_activate_area() WARNs, then faults reading its struct page",
			       cma->name, (unsigned long long)bad);
		return 0;
	}
	if (cma->count && !cma_in_one_zone(cma)) {
		/* the kernel frees the bitmap but keeps the pointer */
		rmem_bitmap_free(cma->bitmap);
		cma->bitmap = NULL;
		cma_activate_failed(cma);
	}
	return 0;
}

int rmem_cma_activate_areas(struct rmem_ctx *ctx)
{
	int ret = 0;

	for (unsigned int i = 0; i < ctx->cma.area_count && !rmem_crashed(ctx); i++) {
		struct rmem_cma *cma = &ctx->cma.areas[i];

		if (!cma->activated && cma_activate_area(cma))
			ret = -ENOMEM;
	}
	return ret;
}
