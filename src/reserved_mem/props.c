// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the flat device tree as drivers/of/ reads it.
 *
 * The kernel does not always check a property's length before reading it:
 * __reserved_mem_check_root() reads four bytes of an empty "#size-cells",
 * and 6.12's fdt_scan_reserved_mem_reg_nodes() reads a whole reg entry out
 * of an empty "reg".  It then reads whatever the blob holds next (the next
 * token), and so does rmem; bytes past the end of the blob read as zero.
 */
#include <libfdt.h>

#include "reserved_mem/reserved_mem_internal.h"

void rmem_rm_cells(const struct rmem_ctx *ctx, struct rmem_rm_cells *c)
{
	c->addr = ctx->fdt->root_addr_cells;
	c->size = ctx->fdt->root_size_cells;
	/*
	 * The kernel's int t_len = (addr + size) * sizeof(__be32): computed in
	 * size_t and cut to int, so huge cells wrap instead of overflowing.
	 */
	c->t_len = (int)(((unsigned int)c->addr + (unsigned int)c->size) * 4u);
}

const void *rmem_rm_prop(const struct rmem_ctx *ctx, int node, const char *name, int *len)
{
	return rmem_fdt_getprop(ctx->fdt, node, name, len);
}

bool rmem_rm_has_prop(const struct rmem_ctx *ctx, int node, const char *name)
{
	return rmem_fdt_getprop(ctx->fdt, node, name, NULL) != NULL;
}

/*
 * of_flat_dt_get_addr_size_prop() (7.2 fdt.c:626): the property as whole
 * <base size> entries of the root's cells, or NULL with *@entries 0 when it
 * is absent or of another length.
 */
const void *rmem_rm_entries_prop(const struct rmem_ctx *ctx, int node, const char *name,
				 int *entries)
{
	struct rmem_rm_cells c;
	const void *prop;
	int len;

	rmem_rm_cells(ctx, &c);
	prop = rmem_rm_prop(ctx, node, name, &len);
	*entries = 0;
	if (!prop || !c.t_len || len % c.t_len)
		return NULL;
	*entries = len / c.t_len;
	return prop;
}

/* be32_to_cpup() on a pointer into the blob, whatever the property's length. */
uint32_t rmem_rm_be32_raw(const struct rmem_ctx *ctx, const void *p)
{
	const unsigned char *blob = ctx->fdt->blob;
	const unsigned char *b = p;
	size_t total = fdt_totalsize(ctx->fdt->blob);

	if (b < blob || (size_t)(b - blob) > total || total - (size_t)(b - blob) < 4)
		return 0;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* dt_mem_next_cell(): of_read_number() keeps the low 64 bits of @cells cells. */
uint64_t rmem_rm_next_cell_raw(const struct rmem_ctx *ctx, int cells, const void **p)
{
	const unsigned char *b = *p;
	uint64_t r = 0;

	for (int i = 0; i < cells; i++)
		r = (r << 32) | rmem_rm_be32_raw(ctx, b + 4 * i);
	*p = b + 4 * (cells > 0 ? cells : 0);
	return r;
}

/* dt_mem_next_cell() into a phys_addr_t, 32 bits on arm without LPAE */
rmem_phys_t rmem_rm_next_phys(const struct rmem_ctx *ctx, int cells, const void **p)
{
	return rmem_kernel_phys(&ctx->profile, rmem_rm_next_cell_raw(ctx, cells, p));
}

/*
 * The memblock=debug lines of the calls made for /reserved-memory name the
 * kernel function making them, as %pS of the return address does.
 */
const char *rmem_rm_caller(struct rmem_ctx *ctx, const char *caller)
{
	const char *old = ctx->memblock.caller;

	ctx->memblock.caller = caller;
	return old;
}
