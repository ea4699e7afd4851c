// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices whose memory-region cannot work, found when the board is read,
 * so that `rmem plan` says so before any driver probes: the kernel itself
 * says nothing at boot, only of_reserved_mem_device_init() fails later.
 */
#include <libfdt.h>
#include <stdio.h>

#include "internal.h"
#include "plan/plan_internal.h"

/*
 * unflatten_dt_nodes() skips (WARN_ON_ONCE) every node at depth
 * FDT_MAX_DEPTH - 1 = 63 or more: 5.10 fdt.c:318, 6.1 :316, 6.12 :301.
 */
#define UNFLATTEN_MAX_DEPTH 63

static void device_path(const struct rmem_fdt *fdt, int node, char *buf, int len)
{
	if (fdt_get_path(fdt->blob, node, buf, len))
		snprintf(buf, (size_t)len, ".../%s", rmem_fdt_name(fdt, node));
}

static bool in_reserved_memory(const struct rmem_fdt *fdt, int node)
{
	int parent = fdt_parent_offset(fdt->blob, node);

	return parent >= 0 && parent == fdt_path_offset(fdt->blob, "/reserved-memory");
}

static void advise_region(struct rmem_ctx *ctx, const struct rmem_fdt_device *dev,
			  const char *path, unsigned int i)
{
	char target[256];

	if (dev->target[i] < 0) {
		rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
				"%s: memory-region entry %u is phandle 0x%x, which no node has: "
				"of_reserved_mem_device_init() will fail with -ENODEV; "
				"probably a stale phandle (an overlay or an edited DTB)",
				path, i, dev->phandle[i]);
		return;
	}
	if (in_reserved_memory(ctx->fdt, dev->target[i]))
		return;
	device_path(ctx->fdt, dev->target[i], target, sizeof(target));
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
			"%s: memory-region entry %u names %s%s, not a child of /reserved-memory: "
			"of_reserved_mem_device_init() will fail with -EINVAL",
			path, i, target, dev->target[i] == dev->node ? " (the device itself)" : "");
}

static int advise_device(void *arg, const struct rmem_fdt_device *dev)
{
	struct rmem_ctx *ctx = arg;
	int depth = fdt_node_depth(ctx->fdt->blob, dev->node);
	char path[256];

	device_path(ctx->fdt, dev->node, path, sizeof(path));
	if (depth >= UNFLATTEN_MAX_DEPTH) {
		rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
				"%s: nested %d deep; the kernel's unflatten_dt_nodes() skips nodes "
				"from depth %d on, so this device never probes",
				path, depth, UNFLATTEN_MAX_DEPTH);
		return 0;
	}
	for (unsigned int i = 0; i < dev->nr_regions; i++)
		advise_region(ctx, dev, path, i);
	return 0;
}

void rmem_plan_advise_devices(struct rmem_ctx *ctx)
{
	rmem_fdt_for_each_device(ctx->fdt, advise_device, ctx);
}
