// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_declare_contiguous_nid(): reserve a CMA area with memblock at boot
 * (mm/cma.c).  The checks run in the kernel's order, because the order
 * decides which error line a bad request gets.
 */
#include <errno.h>

#include "internal.h"

#define SZ_4G ((rmem_phys_t)1 << 32)

/* One request as it is sanitised along the way. */
struct cma_request {
	rmem_phys_t base, size, limit, alignment;
	rmem_phys_t asked;		/* the size asked for, before alignment */
	rmem_phys_t memblock_end, highmem_start;
	unsigned int order_per_bit;
	bool fixed;
	int nid;
};

/* (unsigned long)size / SZ_1M: the cast cuts a 32-bit kernel's size. */
static long cma_size_mib(const struct rmem_ctx *ctx, rmem_phys_t size)
{
	return (long)(rmem_kernel_ulong(&ctx->profile, size) / RMEM_SZ_1M);
}

/* 7.2's wrapper prints the size it was asked for (mm/cma.c:650 in 7.2) */
static long cma_logged_mib(const struct rmem_ctx *ctx, const struct cma_request *r)
{
	return cma_size_mib(ctx, CMA_FACT(ctx, log_requested_size) ? r->asked : r->size);
}

static void cma_log_reserved(struct rmem_ctx *ctx, const struct cma_request *r)
{
	/* 6.12 names the node (mm/cma.c:369 in 6.12) */
	if (CMA_FACT(ctx, log_node))
		pr_info(ctx, "cma: Reserved %ld MiB at %s on node %d\n",
			cma_logged_mib(ctx, r), rmem_pa(&ctx->profile, r->base), r->nid);
	else
		pr_info(ctx, "cma: Reserved %ld MiB at %s\n",
			cma_logged_mib(ctx, r), rmem_pa(&ctx->profile, r->base));
}

static void cma_log_failed(struct rmem_ctx *ctx, const struct cma_request *r)
{
	if (CMA_FACT(ctx, log_node))
		pr_err(ctx, "cma: Failed to reserve %ld MiB on node %d\n",
		       cma_logged_mib(ctx, r), r->nid);
	else
		pr_err(ctx, "cma: Failed to reserve %ld MiB\n", cma_logged_mib(ctx, r));
}


static rmem_phys_t cma_alloc_range(struct rmem_ctx *ctx, const struct cma_request *r,
				   rmem_phys_t start, rmem_phys_t end)
{
	return rmem_memblock_alloc_range_nid(&ctx->memblock, r->size, r->alignment,
					     start, end, r->nid, true);
}

/* The highmem attempt: a range straddling lowmem/highmem tries highmem. */
static rmem_phys_t cma_try_highmem(struct rmem_ctx *ctx, struct cma_request *r)
{
	rmem_phys_t addr;

	if (!(r->base < r->highmem_start && r->limit > r->highmem_start))
		return 0;
	addr = cma_alloc_range(ctx, r, r->highmem_start, r->limit);
	r->limit = r->highmem_start;
	return addr;
}

/*
 * The bottom-up attempt above 4 GiB (6.1 and later, CONFIG_PHYS_ADDR_T_64BIT):
 * it keeps the area away from the DMA zones and at the node's start.  Up
 * to 6.12 it is tried when memory reaches 4 GiB + size, from 7.2 when the
 * limit does (cma_alloc_mem(), mm/cma.c:412 in 7.2).
 */
static bool cma_try_above_4g(struct rmem_ctx *ctx, const struct cma_request *r,
			     rmem_phys_t *addr)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t top = CMA_FACT(ctx, place) == RMEM_CMA_PLACE_4G_UNDER_LIMIT ? r->limit :
			  r->memblock_end;

	if (ctx->profile.phys_addr_bits != 64 || mb->bottom_up || top < SZ_4G + r->size)
		return false;
	rmem_memblock_set_bottom_up(mb, true);
	*addr = cma_alloc_range(ctx, r, SZ_4G, r->limit);
	rmem_memblock_set_bottom_up(mb, false);
	return true;
}

/* Place a non-fixed area; returns its base, or 0. */
static rmem_phys_t cma_place(struct rmem_ctx *ctx, struct cma_request *r)
{
	rmem_phys_t addr = 0;

	switch (CMA_FACT(ctx, place)) {
	case RMEM_CMA_PLACE_HIGHMEM:
		/* 5.10: highmem first, no 4 GiB attempt (mm/cma.c:334 in 5.10) */
		addr = cma_try_highmem(ctx, r);
		break;
	case RMEM_CMA_PLACE_HIGHMEM_THEN_4G:
		/*
		 * 6.1 tries highmem, then above 4 GiB unconditionally, and the
		 * second result replaces the first (mm/cma.c:326-346 in 6.1):
		 * a highmem area found first stays reserved in memblock, lost.
		 */
		addr = cma_try_highmem(ctx, r);
		cma_try_above_4g(ctx, r, &addr);
		break;
	case RMEM_CMA_PLACE_4G_THEN_HIGHMEM:
	case RMEM_CMA_PLACE_4G_UNDER_LIMIT:
		/* 6.12: above 4 GiB first, highmem only if that failed */
		cma_try_above_4g(ctx, r, &addr);
		if (!addr)
			addr = cma_try_highmem(ctx, r);
		break;
	}
	if (!addr)
		addr = cma_alloc_range(ctx, r, r->base, r->limit);
	return addr;
}

/* A fixed area must not straddle lowmem and highmem. */
static int cma_check_highmem(struct rmem_ctx *ctx, const struct cma_request *r)
{
	const struct rmem_profile *p = &ctx->profile;

	if (!(r->fixed && r->base < r->highmem_start && r->base + r->size > r->highmem_start))
		return 0;
	pr_err(ctx, "cma: Region at %s defined on low/high memory boundary (%s)\n",
	       rmem_pa(p, r->base), rmem_pa(p, r->highmem_start));
	return -EINVAL;
}

static int cma_reserve(struct rmem_ctx *ctx, struct cma_request *r)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t addr;

	if (r->fixed) {
		/* 7.2 checks it in cma_fixed_reserve(), after the limit */
		if (CMA_FACT(ctx, highmem_check_after_limit) && cma_check_highmem(ctx, r))
			return -EINVAL;
		if (rmem_memblock_is_region_reserved(mb, r->base, r->size) ||
		    rmem_memblock_reserve(mb, r->base, r->size) < 0)
			return -EBUSY;
		return 0;
	}
	addr = cma_place(ctx, r);
	if (!addr)
		return -ENOMEM;
	r->base = addr;
	return 0;
}

/* The reserved range becomes an area, or goes back to memblock. */
static int cma_register(struct rmem_ctx *ctx, const struct cma_request *r,
			const char *name, struct rmem_cma **res_cma)
{
	int ret = rmem_cma_init_reserved_mem(ctx, r->base, r->size, r->order_per_bit,
					     name, res_cma);

	if (ret)
		rmem_memblock_phys_free(&ctx->memblock, r->base, r->size);
	return ret;
}

/*
 * The checks after the alignment is known.  Returns 0, or a negative errno
 * with *@quiet set when the kernel returns without its failure line.
 */
static int cma_sanitise(struct rmem_ctx *ctx, struct cma_request *r, bool *quiet)
{
	const struct rmem_profile *p = &ctx->profile;
	rmem_phys_t min = rmem_cma_min_alignment(p);

	if (r->alignment < min)
		r->alignment = min;
	if (r->fixed && (r->base & (r->alignment - 1))) {
		pr_err(ctx, "cma: Region at %s must be aligned to %s bytes\n",
		       rmem_pa(p, r->base), rmem_pa(p, r->alignment));
		return -EINVAL;
	}
	r->base = rmem_align_up(r->base, r->alignment);
	r->size = rmem_align_up(r->size, r->alignment);
	r->limit &= ~(r->alignment - 1);
	if (!r->base)
		r->fixed = false;

	if (((r->size >> p->page_shift) & ((1ULL << r->order_per_bit) - 1))) {
		*quiet = true;
		return -EINVAL;
	}
	if (!CMA_FACT(ctx, highmem_check_after_limit) && cma_check_highmem(ctx, r))
		return -EINVAL;
	if (r->limit == 0 || r->limit > r->memblock_end)
		r->limit = r->memblock_end;
	if (r->base + r->size > r->limit) {
		pr_err(ctx, "cma: Size (%s) of region at %s exceeds limit (%s)\n",
		       rmem_pa(p, r->size), rmem_pa(p, r->base), rmem_pa(p, r->limit));
		return -EINVAL;
	}
	return 0;
}

/* The checks that return before anything is logged but the debug line. */
static int cma_precheck(struct rmem_ctx *ctx, const struct cma_request *r)
{
	int ret = rmem_cma_check_slot(ctx);

	if (ret)
		return ret;
	if (!r->size)
		return -EINVAL;
	if (r->alignment && !rmem_is_power_of_2(r->alignment))
		return -EINVAL;
	if (!rmem_cma_order_per_bit_ok(r->order_per_bit))
		return -EINVAL;
	return 0;
}

int rmem_cma_declare_contiguous_nid(struct rmem_ctx *ctx, rmem_phys_t base,
				    rmem_phys_t size, rmem_phys_t limit,
				    rmem_phys_t alignment, unsigned int order_per_bit,
				    bool fixed, const char *name,
				    struct rmem_cma **res_cma, int nid)
{
	struct cma_request r = {
		.base = base, .size = size, .asked = size, .limit = limit, .alignment = alignment,
		.order_per_bit = order_per_bit, .fixed = fixed, .nid = nid,
	};
	const struct rmem_profile *p = &ctx->profile;
	bool quiet;
	int ret;

	r.memblock_end = rmem_memblock_end_of_DRAM(&ctx->memblock);
	r.highmem_start = ctx->cma.highmem_start ? ctx->cma.highmem_start : r.memblock_end;
	pr_debug(ctx, "cma: %s(size %s, base %s, limit %s alignment %s)\n",
		 CMA_FACT(ctx, declare_func), rmem_pa(p, size), rmem_pa(p, base), rmem_pa(p, limit),
		 rmem_pa(p, alignment));

	ret = cma_precheck(ctx, &r);
	quiet = ret != 0;
	/*
	 * 6.12 forgets the node without CONFIG_NUMA (mm/cma.c:261 in 6.12);
	 * a profile has NUMA when it has node bits (arm64 Debian does, arm not).
	 */
	if (CMA_FACT(ctx, numa_no_node_without_numa) && !ctx->profile.nodes_shift)
		r.nid = RMEM_NUMA_NO_NODE;
	if (!ret)
		ret = cma_sanitise(ctx, &r, &quiet);
	if (!ret)
		ret = cma_reserve(ctx, &r);
	if (!ret)
		ret = cma_register(ctx, &r, name, res_cma);
	if (ret) {
		/* 7.2's wrapper logs whatever failed (mm/cma.c:647 in 7.2) */
		if (!quiet || CMA_FACT(ctx, log_every_failure))
			cma_log_failed(ctx, &r);
		return ret;
	}
	cma_log_reserved(ctx, &r);
	return 0;
}

int rmem_cma_declare_contiguous(struct rmem_ctx *ctx, rmem_phys_t base,
				rmem_phys_t size, rmem_phys_t limit,
				rmem_phys_t alignment, unsigned int order_per_bit,
				bool fixed, const char *name, struct rmem_cma **res_cma)
{
	return rmem_cma_declare_contiguous_nid(ctx, base, size, limit, alignment,
					       order_per_bit, fixed, name, res_cma,
					       RMEM_NUMA_NO_NODE);
}
