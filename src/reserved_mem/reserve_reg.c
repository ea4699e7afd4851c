// SPDX-License-Identifier: GPL-2.0-only
/*
 * The static regions: __reserved_mem_reserve_reg() and
 * early_init_dt_reserve_memory(), and the /memreserve/ entries.
 *
 * Every reg entry is reserved, or marked no-map, on its own; 5.10 and 6.1
 * save the first entry in reserved_mem[] right away (whether or not memblock
 * took it), 6.12 saves it later (fdt_scan_reserved_mem_reg_nodes()).
 */
#include <errno.h>

#include "reserved_mem/reserved_mem_internal.h"

/*
 * memblock_overlaps_region(&memblock.memory, ...).  The kernel tries every
 * region; memblock keeps them sorted and disjoint, so the first one ending
 * past @base, found by bisection, is the only one to try: each no-map
 * region splits memory, and a linear search for each of thousands of them
 * was O(n^2).
 */
static bool overlaps_memory(const struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	const struct rmem_memblock_region *r = mb->memory.regions;
	size_t lo = 0, hi = mb->memory.cnt;

	if (size > RMEM_PHYS_MAX - base)
		size = RMEM_PHYS_MAX - base;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].base + r[mid].size > base)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < mb->memory.cnt && r[lo].base < base + size;
}

/*
 * early_init_dt_reserve_memory_arch() (5.10, fdt.c:1148) and
 * early_init_dt_reserve_memory() (6.1 fdt.c:479, 6.12 of_reserved_mem.c:141):
 * a no-map region must not cover memory another region reserved (-EBUSY).
 * 6.1 and 6.12 only refuse when the range is memory at all, since what is
 * not memory is never mapped anyway.
 */
static int reserve_memory(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size, bool nomap)
{
	struct rmem_memblock *mb = &ctx->memblock;

	if (!nomap)
		return rmem_memblock_reserve(mb, base, size);
	if ((!RM_FACT(ctx, nomap_checks_memory) || overlaps_memory(mb, base, size)) &&
	    rmem_memblock_is_region_reserved(mb, base, size))
		return -EBUSY;
	return rmem_memblock_mark_nomap(mb, base, size);
}

static void note_failure(const struct rmem_ctx *ctx, struct rmem_rmem_node *n, rmem_phys_t base,
			 rmem_phys_t size, int err)
{
	const struct rmem_profile *p = &ctx->profile;

	if (!n)
		return;
	n->reserve_failed = true;
	if (!size)
		rmem_rm_node_more(n, "reg entry at %s has size 0", rmem_pa(p, base));
	else if (err == -EBUSY)
		rmem_rm_node_more(n, "no-map refused for [%s-%s]: memory there is already reserved",
				  rmem_pa(p, base), rmem_pa(p, base + size - 1));
	else
		rmem_rm_node_more(n, "memblock could not record [%s-%s]", rmem_pa(p, base),
				  rmem_pa(p, base + size - 1));
}

/*
 * 0, or -EFAULT when memblock panicked on it: the kernel goes no further.
 * @fixup: the entry goes to dma_contiguous_early_fixup() once reserved.
 */
static int reserve_entry(struct rmem_ctx *ctx, struct rmem_rmem_node *n, const char *uname,
			 rmem_phys_t base, rmem_phys_t size, bool nomap, bool fixup)
{
	const char *pfx = rmem_rm_reg_pfx(ctx);
	uint64_t mib = rmem_kernel_ulong(&ctx->profile, size / RMEM_SZ_1M);
	int err = -EINVAL;

	if (size) {
		const char *old = rmem_rm_caller(ctx, FDT_FACT(ctx, reserve_memory_arch_hook) ?
						 "early_init_dt_reserve_memory_arch" :
						 "early_init_dt_reserve_memory");

		err = reserve_memory(ctx, base, size, nomap);
		rmem_rm_caller(ctx, old);
	}
	if (!err) {
		if (fixup)
			rmem_dma_contiguous_early_fixup(ctx, base, size);
		pr_debug(ctx, "%sReserved memory: reserved region for node '%s': base %s, size %llu MiB\n",
			 pfx, uname, rmem_pa(&ctx->profile, base),
			 (unsigned long long)mib);
		return 0;
	}
	if (rmem_rm_memblock_panicked(ctx))
		return -EFAULT;
	/* pr_info in 5.10 (fdt.c:506), pr_err from 6.1 (fdt.c:531 in 6.1) */
	rmem_log_printf(&ctx->log, RM_FACT(ctx, reserve_fail_is_err) ? RMEM_LOG_ERR : RMEM_LOG_INFO,
			"%sReserved memory: failed to reserve memory for node '%s': base %s, size %llu MiB\n",
			pfx, uname, rmem_pa(&ctx->profile, base),
			(unsigned long long)mib);
	note_failure(ctx, n, base, size, err);
	return 0;
}

/* 7.2 reads a reg of another length than whole entries as none at all */
static void note_no_whole_entries(struct rmem_ctx *ctx, struct rmem_rmem_node *n, int node,
				  const char *uname)
{
	struct rmem_rm_cells c;
	const void *prop;
	int len;

	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, "reg", &len);
	if (!prop)
		return;
	rmem_rm_node_state(n, RMEM_NODE_IGNORED, 0);
	if (!len) {
		rmem_rm_node_reason(n, "reg property is empty: read as no reg");
		return;
	}
	rmem_rm_node_reason(n, "reg property is %d bytes, not a multiple of %d: read as no reg",
			    len, c.t_len);
	rmem_rm_advise_length(ctx, uname, "reg", prop, len);
}

/*
 * 7.2's __reserved_mem_reserve_reg(): the first of whole entries only, and
 * only when no handler refuses the node (node_validate); a handler that
 * took it fixes it up once reserved (node_fixup: the "cma" one calls
 * dma_contiguous_early_fixup()).  -ENOENT without such a reg, the refusal,
 * -EFAULT when memblock panicked, else 0.
 */
static int reserve_first_entry(struct rmem_ctx *ctx, int node, const char *uname)
{
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	rmem_phys_t base, size;
	const void *prop;
	int entries, err;

	prop = rmem_rm_entries_prop(ctx, node, "reg", &entries);
	if (!prop || !entries) {
		note_no_whole_entries(ctx, n, node, uname);
		return -ENOENT;
	}
	if (entries > 1)
		pr_warn(ctx, RMEM_PFX_RMEM "Reserved memory: node '%s' has %d <base size> entries, only the first is used\n",
			uname, entries);
	err = rmem_rm_validate_node(ctx, node, NULL);
	if (err && err != -ENODEV) {
		rmem_rm_node_state(n, RMEM_NODE_IGNORED, err);
		rmem_rm_node_more(n, "a handler refused it before it was reserved");
		return err;
	}
	base = rmem_rm_next_cell_raw(ctx, ctx->fdt->root_addr_cells, &prop);
	size = rmem_rm_next_cell_raw(ctx, ctx->fdt->root_size_cells, &prop);
	rmem_rm_advise_reg_entry(ctx, uname, base, size);
	/* phys_addr_t base, size */
	base = rmem_kernel_phys(&ctx->profile, base);
	size = rmem_kernel_phys(&ctx->profile, size);
	if (reserve_entry(ctx, n, uname, base, size, rmem_rm_has_prop(ctx, node, "no-map"),
			  RM_FACT(ctx, early_fixup_on_reserve) && !err))
		return -EFAULT;
	if (n) {
		n->base = base;
		n->size = size;
		rmem_rm_node_state(n, RMEM_NODE_RESERVED, 0);
	}
	return 0;
}

/*
 * __reserved_mem_reserve_reg(): -ENOENT without reg, -EINVAL (logged) when
 * its length is not a whole number of entries, -EFAULT when memblock
 * panicked, else 0.
 */
int rmem_rm_reserve_reg(struct rmem_ctx *ctx, int node, const char *uname)
{
	struct rmem_rmem_node *n = rmem_rm_node(ctx, node);
	struct rmem_rm_cells c;
	const void *prop;
	bool first = true;
	bool nomap, fixup;
	int len;

	if (RM_FACT(ctx, whole_entries))
		return reserve_first_entry(ctx, node, uname);
	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, "reg", &len);
	if (!prop)
		return -ENOENT;
	if (len && len % c.t_len) {
		pr_err(ctx, "%sReserved memory: invalid reg property in '%s', skipping node.\n",
		       rmem_rm_reg_pfx(ctx), uname);
		rmem_rm_node_state(n, RMEM_NODE_INVALID, -EINVAL);
		rmem_rm_node_reason(n, "reg property is %d bytes, a multiple of %d expected",
				    len, c.t_len);
		rmem_rm_advise_length(ctx, uname, "reg", prop, len);
		return -EINVAL;
	}
	if (!len) {
		rmem_rm_node_state(n, RMEM_NODE_IGNORED, 0);
		rmem_rm_node_reason(n, "reg property is empty: nothing to reserve");
	}
	nomap = rmem_rm_has_prop(ctx, node, "no-map");
	fixup = RM_FACT(ctx, early_fixup_on_reserve) &&
		rmem_fdt_is_compatible(ctx->fdt, node, "shared-dma-pool") &&
		rmem_rm_has_prop(ctx, node, "reusable");
	while (len >= c.t_len) {
		rmem_phys_t base = rmem_rm_next_cell_raw(ctx, c.addr, &prop);
		rmem_phys_t size = rmem_rm_next_cell_raw(ctx, c.size, &prop);

		rmem_rm_advise_reg_entry(ctx, uname, base, size);
		/* phys_addr_t base, size */
		base = rmem_kernel_phys(&ctx->profile, base);
		size = rmem_kernel_phys(&ctx->profile, size);
		if (reserve_entry(ctx, n, uname, base, size, nomap, fixup))
			return -EFAULT;
		len -= c.t_len;
		if (!first)
			continue;
		first = false;
		if (n) {
			n->base = base;
			n->size = size;
			rmem_rm_node_state(n, RMEM_NODE_RESERVED, 0);
		}
		if (RM_FACT(ctx, save_first_entry_always))
			rmem_rm_save_node(ctx, node, uname, base, size);
	}
	return 0;
}

/*
 * The /memreserve/ entries, up to the first of size 0.  5.10 goes through
 * early_init_dt_reserve_memory_arch(..., false), a memblock_reserve() too.
 */
void rmem_rm_memreserve(struct rmem_ctx *ctx)
{
	size_t nr = rmem_fdt_memreserve_count(ctx->fdt);
	const char *old = rmem_rm_caller(ctx, FDT_FACT(ctx, reserve_memory_arch_hook) ?
					 "early_init_dt_reserve_memory_arch" :
					 "early_init_fdt_scan_reserved_mem");

	for (size_t i = 0; i < nr; i++) {
		uint64_t base, size;

		rmem_fdt_memreserve(ctx->fdt, i, &base, &size);
		if (!size)
			break;
		rmem_memblock_reserve(&ctx->memblock, base, size);
	}
	rmem_rm_caller(ctx, old);
}
