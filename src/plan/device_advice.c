// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices whose memory-region cannot work, found when the board is read,
 * so that `rmem plan` says so before any driver probes: the kernel itself
 * says nothing at boot, only of_reserved_mem_device_init() fails later.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "plan/plan_internal.h"

static void device_path(const struct rmem_fdt *fdt, int node, char *buf, int len)
{
	if (fdt_get_path(fdt->blob, node, buf, len))
		snprintf(buf, (size_t)len, ".../%s", rmem_fdt_name(fdt, node));
}

struct advice_walk {
	struct rmem_ctx *ctx;
	struct rmem_plan_rm_children rm;
	unsigned int nr_said, nr_unsaid;
};

/*
 * A few lines name the problem; a board that has it thousands of times (a
 * generated tree) gets a count instead, and no path walk per device.
 */
#define ADVICE_MAX_DEVICES 16

bool rmem_plan_in_rm(const struct rmem_plan_rm_children *c, int node)
{
	size_t lo = 0, hi = c->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->node[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nr && c->node[lo] == node;
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
	device_path(ctx->fdt, dev->target[i], target, sizeof(target));
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
			"%s: memory-region entry %u names %s%s, not a child of /reserved-memory: "
			"of_reserved_mem_device_init() will fail with -EINVAL",
			path, i, target, dev->target[i] == dev->node ? " (the device itself)" : "");
}

/* Does @dev deserve a line?  Entries that name a region are fine. */
static bool device_broken(const struct advice_walk *w, const struct rmem_fdt_device *dev)
{
	if (dev->depth >= RMEM_OF_MAX_DEPTH)
		return true;
	for (unsigned int i = 0; i < dev->nr_regions; i++)
		if (dev->target[i] < 0 || !rmem_plan_in_rm(&w->rm, dev->target[i]))
			return true;
	return false;
}

static int advise_device(void *arg, const struct rmem_fdt_device *dev)
{
	struct advice_walk *w = arg;
	struct rmem_ctx *ctx = w->ctx;
	char path[256];

	if (!device_broken(w, dev))
		return 0;
	if (w->nr_said == ADVICE_MAX_DEVICES) {
		w->nr_unsaid++;
		return 0;
	}
	w->nr_said++;
	/* the path is a walk from the root: only for a device that gets a line */
	if (dev->depth >= RMEM_OF_MAX_DEPTH) {
		device_path(ctx->fdt, dev->node, path, sizeof(path));
		rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
				"%s: nested %d deep; the kernel's unflatten_dt_nodes() skips nodes "
				"from depth %d on, so this device never probes",
				path, dev->depth, RMEM_OF_MAX_DEPTH);
		return 0;
	}
	for (unsigned int i = 0; i < dev->nr_regions; i++) {
		if (dev->target[i] >= 0 && rmem_plan_in_rm(&w->rm, dev->target[i]))
			continue;
		device_path(ctx->fdt, dev->node, path, sizeof(path));
		advise_region(ctx, dev, path, i);
	}
	return 0;
}

int rmem_plan_rm_children(const struct rmem_fdt *fdt, struct rmem_plan_rm_children *c)
{
	int rm = fdt_path_offset(fdt->blob, "/reserved-memory"), child;
	size_t cap = 0;

	c->node = NULL;
	c->nr = 0;
	if (rm < 0)
		return 0;
	fdt_for_each_subnode(child, fdt->blob, rm) {
		if (c->nr == cap) {
			int *n = realloc(c->node, (cap = cap ? 2 * cap : 32) * sizeof(*n));

			if (!n)
				return -ENOMEM;
			c->node = n;
		}
		c->node[c->nr++] = child;
	}
	return 0;
}

void rmem_plan_advise_devices(struct rmem_ctx *ctx)
{
	struct advice_walk w = { .ctx = ctx };

	/* advice is best effort: without memory there is none, the plan stands */
	if (!rmem_plan_rm_children(ctx->fdt, &w.rm))
		rmem_fdt_for_each_device(ctx->fdt, advise_device, &w);
	free(w.rm.node);
	if (w.nr_unsaid)
		rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE,
				"and %u more devices whose memory-region cannot work, as above",
				w.nr_unsaid);
}
