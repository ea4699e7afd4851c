// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dynamic regions: __reserved_mem_alloc_size() and the allocation
 * under it, early_init_dt_alloc_reserved_memory_arch().
 *
 * 5.10 finds the range with memblock_find_in_range() and then reserves it,
 * or memblock_remove()s it for no-map (of_reserved_mem.c:29 in 5.10); 6.1
 * and 6.12 allocate with memblock_phys_alloc_range() and mark no-map
 * regions NOMAP.  6.12 also chooses the direction of an alloc-ranges
 * search from the regions already placed (__reserved_mem_alloc_in_range()).
 * 5.10 reports a failure with pr_info and no size, 6.1 and 6.12 with
 * pr_err and the size.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reserved_mem/reserved_mem_internal.h"

struct rmem_rm_request {
	rmem_phys_t size;
	rmem_phys_t align;
	bool nomap;
};

/* early_init_dt_alloc_reserved_memory_arch() */
static int alloc_arch(struct rmem_ctx *ctx, const struct rmem_rm_request *r, rmem_phys_t start,
		      rmem_phys_t end, rmem_phys_t *res_base)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t align = r->align ? r->align : mb->smp_cache_bytes;
	const char *old;
	rmem_phys_t base;
	int err = 0;

	if (!end)
		end = RMEM_MEMBLOCK_ALLOC_ANYWHERE;
	if (!RM_FACT(ctx, alloc_phys_range)) {
		base = rmem_memblock_find_in_range(mb, start, end, r->size, align);
		if (!base)
			return -ENOMEM;
		*res_base = base;
		old = rmem_rm_caller(ctx, "early_init_dt_alloc_reserved_memory_arch");
		err = r->nomap ? rmem_memblock_remove(mb, base, r->size) :
				 rmem_memblock_reserve(mb, base, r->size);
		rmem_rm_caller(ctx, old);
		return err;
	}
	old = rmem_rm_caller(ctx, "early_init_dt_alloc_reserved_memory_arch");
	base = rmem_memblock_phys_alloc_range(mb, r->size, align, start, end);
	if (base) {
		*res_base = base;
		if (r->nomap) {
			err = rmem_memblock_mark_nomap(mb, base, r->size);
			if (err)
				rmem_memblock_phys_free(mb, base, r->size);
		}
	}
	rmem_rm_caller(ctx, old);
	return base ? err : -ENOMEM;
}

/*
 * 6.12's __reserved_mem_alloc_in_range() (of_reserved_mem.c:369): search
 * bottom-up when the range starts at a region already placed, top-down
 * when it ends at one, as memblock is set when both or neither.
 */
static int alloc_in_range(struct rmem_ctx *ctx, const struct rmem_rm_request *r,
			  rmem_phys_t start, rmem_phys_t end, rmem_phys_t *res_base)
{
	struct rmem_memblock *mb = &ctx->memblock;
	bool prev = mb->bottom_up, bottom_up = false, top_down = false;
	int ret;

	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++) {
		const struct rmem_reserved_mem *rmem = &ctx->rm.reserved_mem[i];

		if (!rmem->size)
			continue;
		if (start >= rmem->base && start <= rmem->base + rmem->size)
			bottom_up = true;
		if (end >= rmem->base && end <= rmem->base + rmem->size)
			top_down = true;
	}
	if (bottom_up != top_down)
		rmem_memblock_set_bottom_up(mb, bottom_up);
	ret = alloc_arch(ctx, r, start, end, res_base);
	if (bottom_up != top_down)
		rmem_memblock_set_bottom_up(mb, prev);
	return ret;
}

static void log_allocated(struct rmem_ctx *ctx, const char *uname, rmem_phys_t base,
			  rmem_phys_t size)
{
	pr_debug(ctx, RMEM_PFX_RMEM "allocated memory for '%s' node: base %s, size %llu MiB\n",
		 uname, rmem_pa(&ctx->profile, base),
		 (unsigned long long)rmem_kernel_ulong(&ctx->profile, size / RMEM_SZ_1M));
}

/* The alloc-ranges loop: the first range that has room wins. */
static rmem_phys_t alloc_ranges(struct rmem_ctx *ctx, const struct rmem_rm_request *r,
				const char *uname, const void *prop, int len, char *where,
				size_t wlen)
{
	struct rmem_rm_cells c;
	rmem_phys_t base = 0;
	size_t used = 0;

	rmem_rm_cells(ctx, &c);
	used = (size_t)snprintf(where, wlen, "in its alloc-ranges");
	for (int i = 0; len > 0; i++, len -= c.t_len) {
		rmem_phys_t start = rmem_rm_next_cell_raw(ctx, c.addr, &prop);
		rmem_phys_t size = rmem_rm_next_cell_raw(ctx, c.size, &prop);
		rmem_phys_t end;
		int ret;

		rmem_rm_advise_range(ctx, uname, start, size);
		/* phys_addr_t start, size and their sum */
		start = rmem_kernel_phys(&ctx->profile, start);
		size = rmem_kernel_phys(&ctx->profile, size);
		end = rmem_kernel_phys(&ctx->profile, start + size);
		ret = RM_FACT(ctx, alloc_in_range) ? alloc_in_range(ctx, r, start, end, &base) :
					   alloc_arch(ctx, r, start, end, &base);

		if (used < wlen)
			used += (size_t)snprintf(where + used, wlen - used, "%s[%s-%s)",
						 i ? ", " : " ", rmem_pa(&ctx->profile, start),
						 rmem_pa(&ctx->profile, end));
		if (!ret) {
			log_allocated(ctx, uname, base, r->size);
			break;
		}
	}
	return base;
}

static rmem_phys_t alloc_anywhere(struct rmem_ctx *ctx, const struct rmem_rm_request *r,
				  const char *uname, char *where, size_t wlen)
{
	rmem_phys_t base = 0;

	snprintf(where, wlen, "anywhere in free memory");
	if (!alloc_arch(ctx, r, 0, 0, &base))
		log_allocated(ctx, uname, base, r->size);
	return base;
}

static int invalid(struct rmem_ctx *ctx, struct rmem_rmem_node *n, const char *what, int len,
		   int want, bool multiple)
{
	rmem_rm_node_state(n, RMEM_NODE_INVALID, -EINVAL);
	rmem_rm_node_reason(n, "%s property is %d bytes, %s%d expected", what, len,
			    multiple ? "a multiple of " : "", want);
	return -EINVAL;
}

/*
 * A CMA region must be aligned as cma_init_reserved_mem() wants, in a
 * kernel with CONFIG_CMA (Debian's riscv64 6.12 has none): 5.10 a
 * MAX_ORDER - 1 block and a pageblock, 6.1 and 6.12 a pageblock
 * (CMA_MIN_ALIGNMENT_BYTES).  Returns whether it applies.
 */
static bool cma_min_align(struct rmem_ctx *ctx, int node, struct rmem_rm_request *r)
{
	rmem_phys_t min = rmem_cma_min_alignment(&ctx->profile);

	if (!ctx->profile.cma || !rmem_fdt_is_compatible(ctx->fdt, node, "shared-dma-pool") ||
	    !rmem_rm_has_prop(ctx, node, "reusable") || r->nomap)
		return false;
	if (r->align < min)
		r->align = min;
	return true;
}

/* size and alignment, checked and read; the CMA minimum applied */
static int read_request(struct rmem_ctx *ctx, struct rmem_rmem_node *n, int node,
			const char *uname, struct rmem_rm_request *r)
{
	struct rmem_rm_cells c;
	const void *prop;
	rmem_phys_t dt_align;
	bool has_align, cma;
	int len;

	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, "size", &len);
	if (!prop) {
		rmem_rm_node_state(n, RMEM_NODE_IGNORED, -EINVAL);
		rmem_rm_node_reason(n, "its first reg entry has size 0 and it has no size property");
		return -EINVAL;
	}
	if (len != c.size * 4) {
		pr_err(ctx, RMEM_PFX_RMEM "invalid size property in '%s' node.\n", uname);
		rmem_rm_advise_length(ctx, uname, "size", prop, len);
		return invalid(ctx, n, "size", len, c.size * 4, false);
	}
	r->size = rmem_rm_next_cell_raw(ctx, c.size, &prop);
	rmem_rm_advise_phys(ctx, uname, "size", r->size);
	r->size = rmem_kernel_phys(&ctx->profile, r->size);
	r->align = 0;
	prop = rmem_rm_prop(ctx, node, "alignment", &len);
	has_align = prop != NULL;
	if (prop) {
		if (len != c.addr * 4) {
			pr_err(ctx, RMEM_PFX_RMEM "invalid alignment property in '%s' node.\n", uname);
			rmem_rm_advise_length(ctx, uname, "alignment", prop, len);
			return invalid(ctx, n, "alignment", len, c.addr * 4, false);
		}
		r->align = rmem_rm_next_cell_raw(ctx, c.addr, &prop);
		rmem_rm_advise_phys(ctx, uname, "alignment", r->align);
		r->align = rmem_kernel_phys(&ctx->profile, r->align);
	}
	r->nomap = rmem_rm_has_prop(ctx, node, "no-map");
	dt_align = r->align;
	if (RM_FACT(ctx, validate_nodes)) {
		/* 7.2: the handlers see the node first, CMA raising the alignment */
		int err = rmem_rm_validate_node(ctx, node, &r->align);

		if (err && err != -ENODEV) {
			rmem_rm_node_state(n, RMEM_NODE_IGNORED, err);
			rmem_rm_node_more(n, "a handler refused it before it was placed");
			return err;
		}
		cma = !err;
	} else {
		cma = cma_min_align(ctx, node, r);
	}
	if (has_align)
		rmem_rm_advise_alignment(ctx, uname, dt_align, r->align, r->size, cma);
	return 0;
}

static int alloc_failed(struct rmem_ctx *ctx, struct rmem_rmem_node *n, const char *uname,
			const struct rmem_rm_request *r, const char *where)
{
	char sz[32], al[32];

	if (rmem_rm_memblock_panicked(ctx))
		return -EFAULT;
	if (RM_FACT(ctx, alloc_fail_says_size))
		pr_err(ctx, RMEM_PFX_RMEM "failed to allocate memory for node '%s': size %llu MiB\n",
		       uname, (unsigned long long)rmem_kernel_ulong(&ctx->profile, r->size / RMEM_SZ_1M));
	else
		pr_info(ctx, RMEM_PFX_RMEM "failed to allocate memory for node '%s'\n", uname);
	rmem_rm_node_state(n, RMEM_NODE_ALLOC_FAILED, -ENOMEM);
	rmem_rm_node_reason(n, "no room for %s aligned to %s %s",
			    rmem_size_str(sz, sizeof(sz), r->size),
			    rmem_size_str(al, sizeof(al),
					     r->align ? r->align : ctx->memblock.smp_cache_bytes),
			    where);
	return -ENOMEM;
}

/*
 * alloc-ranges, of a length that is a whole number of entries: before 7.2
 * -EINVAL (logged) otherwise; 7.2 reads it as absent (*@prop NULL).
 */
static int read_ranges(struct rmem_ctx *ctx, struct rmem_rmem_node *n, int node,
		       const char *uname, const void **prop, int *len)
{
	struct rmem_rm_cells c;
	int entries;

	rmem_rm_cells(ctx, &c);
	*prop = rmem_rm_prop(ctx, node, "alloc-ranges", len);
	if (!*prop || !(*len % c.t_len))
		return 0;
	rmem_rm_advise_length(ctx, uname, "alloc-ranges", *prop, *len);
	if (RM_FACT(ctx, whole_entries)) {
		rmem_rm_node_reason(n, "alloc-ranges property is %d bytes, not a multiple of %d: ignored",
				    *len, c.t_len);
		*prop = rmem_rm_entries_prop(ctx, node, "alloc-ranges", &entries);
		return 0;
	}
	pr_err(ctx, RMEM_PFX_RMEM "invalid alloc-ranges property in '%s', skipping node.\n", uname);
	return invalid(ctx, n, "alloc-ranges", *len, c.t_len, true);
}

/*
 * __reserved_mem_alloc_size(): place a region by its size, alignment and
 * alloc-ranges.  Returns 0 with *@res_base and *@res_size; -EINVAL (a
 * property missing or of the wrong length); -ENOMEM (no room); -EFAULT
 * (memblock panicked); 7.2: a handler's refusal.
 */
int rmem_rm_alloc_size(struct rmem_ctx *ctx, int node, const char *uname, rmem_phys_t *res_base,
		       rmem_phys_t *res_size)
{
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	struct rmem_rm_request r;
	char where[160];
	const void *prop;
	rmem_phys_t base;
	int len, ret;

	if (n)
		n->dynamic = true;
	ret = read_request(ctx, n, node, uname, &r);
	if (!ret)
		ret = read_ranges(ctx, n, node, uname, &prop, &len);
	if (ret)
		return ret;
	if (prop && !len)
		rmem_rm_advise_ranges_empty(ctx, uname);
	if (prop)
		base = alloc_ranges(ctx, &r, uname, prop, len, where, sizeof(where));
	else
		base = alloc_anywhere(ctx, &r, uname, where, sizeof(where));
	if (!r.size)
		rmem_rm_advise_size_zero(ctx, uname, base, base != 0);
	if (!base)
		return alloc_failed(ctx, n, uname, &r, where);
	*res_base = base;
	*res_size = r.size;
	if (n) {
		n->base = base;
		n->size = r.size;
		rmem_rm_node_state(n, RMEM_NODE_RESERVED, 0);
	}
	return 0;
}
