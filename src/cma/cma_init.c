// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_init_reserved_mem(): turn a region memblock already reserved into a
 * CMA area (mm/cma.c).  The DT's "shared-dma-pool" regions arrive here
 * directly; cma_declare_contiguous_nid() ends here too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/*
 * The kernel passes the name to snprintf() as the format, with no
 * arguments: "%%" becomes "%", and any other conversion would read
 * whatever the stack holds, which rmem cannot know, so it is kept as
 * written.  The result is cut to CMA_MAX_NAME - 1 characters.
 */
static void cma_format_name(char *dst, const char *fmt)
{
	size_t n = 0;

	while (*fmt && n < RMEM_CMA_MAX_NAME - 1) {
		if (fmt[0] == '%' && fmt[1] == '%')
			fmt++;
		dst[n++] = *fmt++;
	}
	dst[n] = '\0';
}

/*
 * The smallest alignment of an area, in bytes.  5.10 wants a whole
 * MAX_ORDER - 1 buddy block as well as a pageblock (mm/cma.c:185 in 5.10);
 * 6.1 and 6.12 only a pageblock (CMA_MIN_ALIGNMENT_BYTES, include/linux/cma.h).
 */
rmem_phys_t rmem_cma_min_alignment(const struct rmem_profile *p)
{
	unsigned int order = p->pageblock_order;

	if (p->facts->cma.align_max_order && p->max_page_order > order)
		order = p->max_page_order;
	return rmem_profile_page_size(p) << order;
}

/* The slot check both entry points start with. */
int rmem_cma_check_slot(struct rmem_ctx *ctx)
{
	if (ctx->cma.area_count < ctx->profile.max_cma_areas)
		return 0;
	pr_err(ctx, "cma: Not enough slots for CMA reserved regions!\n");
	return -ENOSPC;
}

/* The order_per_bit values whose shifts the kernel keeps defined. */
bool rmem_cma_order_per_bit_ok(unsigned int order_per_bit)
{
	return order_per_bit < 31;
}

static bool cma_init_aligned(const struct rmem_profile *p, rmem_phys_t base,
			     rmem_phys_t size, unsigned int order_per_bit)
{
	rmem_phys_t align = rmem_cma_min_alignment(p);

	/* 5.10 also wants a bit to cover no more than that alignment */
	if (p->facts->cma.align_max_order &&
	    ((align >> p->page_shift) & ((1ULL << order_per_bit) - 1)))
		return false;
	return !((base | size) & (align - 1));
}

int rmem_cma_init_reserved_mem(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			       unsigned int order_per_bit, const char *name,
			       struct rmem_cma **res_cma)
{
	const struct rmem_profile *p = &ctx->profile;
	struct rmem_cma *cma;
	int ret;

	/* 7.2 takes the slot last, in cma_new_area() (mm/cma.c:228 in 7.2) */
	ret = CMA_FACT(ctx, slot_checked_last) ? 0 : rmem_cma_check_slot(ctx);
	if (ret)
		return ret;
	if (!size || !rmem_memblock_is_region_reserved(&ctx->memblock, base, size))
		return -EINVAL;
	if (!rmem_cma_order_per_bit_ok(order_per_bit) ||
	    !cma_init_aligned(p, base, size, order_per_bit))
		return -EINVAL;
	ret = CMA_FACT(ctx, slot_checked_last) ? rmem_cma_check_slot(ctx) : 0;
	if (ret)
		return ret;

	cma = &ctx->cma.areas[ctx->cma.area_count];
	memset(cma, 0, sizeof(*cma));
	/*
	 * The kernel inits cma->lock at activation; an area's lock lives as
	 * long as its slot here, so that rmem_ctx_destroy() frees them alike
	 */
	ret = -pthread_mutex_init(&cma->lock, NULL);
	if (ret)
		return ret;
	cma->ctx = ctx;
	if (name && CMA_FACT(ctx, name_is_format))
		cma_format_name(cma->name, name);
	else if (name)		/* strscpy() from 7.2 */
		snprintf(cma->name, sizeof(cma->name), "%s", name);
	else	/* the kernel's format has the newline: the name keeps it */
		snprintf(cma->name, sizeof(cma->name), "cma%u\n",
			 ctx->cma.area_count + CMA_FACT(ctx, unnamed_counts_itself));
	cma->base_pfn = base >> p->page_shift;
	cma->count = (unsigned long)(size >> p->page_shift);
	cma->available_count = cma->count;
	cma->order_per_bit = order_per_bit;
	*res_cma = cma;
	ctx->cma.area_count++;
	ctx->cma.totalcma_pages += cma->count;
	return 0;
}

int rmem_cma_reserve_pages_on_error(struct rmem_cma *cma)
{
	if (!CMA_FACT(cma->ctx, reserve_pages_on_error))
		return -EOPNOTSUPP;
	cma->reserve_pages_on_error = true;
	return 0;
}
