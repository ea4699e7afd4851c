// SPDX-License-Identifier: GPL-2.0-only
/*
 * The entry points the boot story calls: early_init_fdt_scan_reserved_mem()
 * and 6.12's fdt_scan_reserved_mem_reg_nodes(), each as the context's
 * kernel version has it.
 */
#include <errno.h>

#include "reserved_mem/reserved_mem_internal.h"

/*
 * Root cells the kernel cannot work with: a reg entry of 0 bytes makes
 * "len % t_len" divide by zero and "while (len >= t_len)" loop forever;
 * cells so many that t_len overflows an int read far out of the property.
 * Only a /reserved-memory that passes the root check gets that far.
 */
static int refuse_cells(struct rmem_ctx *ctx)
{
	struct rmem_rm_cells c;
	long long cells;	/* the cells are any 32-bit values: no int sum */
	int root;

	rmem_rm_cells(ctx, &c);
	cells = (long long)c.addr + c.size;
	if (c.addr >= 0 && c.size >= 0 && cells > 0 && cells <= 1024)
		return 0;
	root = rmem_rm_find_root(ctx);
	if (root < 0 || rmem_rm_check_root(ctx, root))
		return 0;
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
			"reserved-memory: #address-cells = <%d> and #size-cells = <%d>: "
			"the kernel would %s; nothing done", c.addr, c.size,
			cells == 0 ? "divide by zero or loop forever on a reg property" :
			"read far beyond every reg property");
	return -EINVAL;
}

int rmem_early_init_fdt_scan_reserved_mem(struct rmem_ctx *ctx)
{
	int ret;

	if (!ctx->fdt)
		return 0;
	ret = refuse_cells(ctx);
	if (!ret)
		ret = rmem_rm_array_init(ctx);
	if (ret)
		return ret;
	if (RM_FACT(ctx, scan_reg_nodes_early))
		return rmem_rm_scan_6_12(ctx);
	return rmem_rm_scan_5_10(ctx);
}

int rmem_fdt_scan_reserved_mem_reg_nodes(struct rmem_ctx *ctx)
{
	int ret;

	/* before 6.12, unflatten_device_tree() leaves /reserved-memory alone */
	if (!RM_FACT(ctx, scan_reg_nodes_early) || !ctx->fdt)
		return 0;
	ret = refuse_cells(ctx);
	if (ret)
		return ret;
	return rmem_rm_reg_nodes_6_12(ctx);
}
