// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices and the regions their memory-region names.  The kernel looks
 * only when a driver probes (of_reserved_mem_device_init_by_idx()), and
 * says little then: a disabled region is skipped without a word, a pool
 * beyond the device's reach at most warned about.  rmem looks at boot, at
 * every device the kernel would create (available, it and its parents, and
 * not nested too deep), with what the boot did to each region.
 *
 * Findings are grouped by their cause: one per region (or per phandle no
 * node has) with every device that names it.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/address.h"
#include "plan/check_internal.h"
#include "plan/plan_internal.h"

/* DMA_BIT_MASK(32): the coherent mask of_platform_device_create_pdata() gives */
#define DEFAULT_COHERENT_MASK 0xffffffffull
#define MAX_WINDOWS 16

/* The tree walked alongside rmem_fdt_for_each_device(): each device's parents, in order. */
struct tree_walk {
	int node, depth;
	int up[RMEM_OF_MAX_DEPTH + 1];		/* the node at each depth on the path */
	bool avail[RMEM_OF_MAX_DEPTH + 1];	/* it and every node above it available */
};

/* The DMA maps of the buses met so far: few, shared by their devices. */
struct bus_map {
	int bus;
	int err;
	size_t nr;
	struct rmem_fdt_dma_window win[MAX_WINDOWS];
};

/* A finding that gathers the devices of one cause. */
struct group {
	enum rmem_check_id id;
	long key, key2;
	size_t index;			/* in the run's findings */
};

struct device_walk {
	struct check_run *run;
	struct rmem_plan_rm_children rm;
	struct tree_walk tree;
	struct bus_map *maps;
	size_t nr_maps;
	struct group *groups;
	size_t nr_groups;
};

static void tree_step_to(const struct rmem_fdt *fdt, struct tree_walk *t, int target)
{
	while (t->node >= 0 && t->node < target) {
		t->node = fdt_next_node(fdt->blob, t->node, &t->depth);
		if (t->node < 0 || t->depth > RMEM_OF_MAX_DEPTH)
			continue;
		t->up[t->depth] = t->node;
		t->avail[t->depth] = rmem_fdt_device_is_available(fdt, t->node) &&
				     (!t->depth || t->avail[t->depth - 1]);
	}
}

/* Whether the kernel makes a device of @dev: it and its parents available. */
static bool device_available(const struct tree_walk *t, const struct rmem_fdt_device *dev)
{
	int d = dev->depth < RMEM_OF_MAX_DEPTH ? dev->depth : RMEM_OF_MAX_DEPTH;

	return t->node == dev->node && t->avail[d];
}

/*
 * The finding of @id for @key and @key2: the one made before, else a new
 * one (check_add()'s @fix, @fmt, ...).  NULL when the rule is off.
 */
static struct rmem_finding *group_add(struct device_walk *w, enum rmem_check_id id, long key,
				      long key2, const char *fix, const char *fmt, ...)
{
	struct rmem_check *out = w->run->out;
	struct rmem_finding *f;
	struct group *g;
	va_list ap;

	for (size_t i = 0; i < w->nr_groups; i++) {
		g = &w->groups[i];
		if (g->id == id && g->key == key && g->key2 == key2)
			return g->index < out->nr ? &out->items[g->index] : NULL;
	}
	g = realloc(w->groups, (w->nr_groups + 1) * sizeof(*g));
	if (!g) {
		w->run->err = -ENOMEM;
		return NULL;
	}
	w->groups = g;
	va_start(ap, fmt);
	f = check_vadd(w->run, id, fix, fmt, ap);
	va_end(ap);
	w->groups[w->nr_groups++] = (struct group){
		id, key, key2, f ? (size_t)(f - out->items) : SIZE_MAX,
	};
	return f;
}

static const char *dropped_because(const struct rmem_rmem_node *n)
{
	if (!n)
		return "/reserved-memory was ignored";
	if (n->reason[0])
		return n->reason;
	switch (n->state) {
	case RMEM_NODE_IGNORED:
		return "it has nothing to place";
	case RMEM_NODE_INVALID:
		return "it was skipped as invalid";
	case RMEM_NODE_NOT_SAVED:
		return "the reserved_mem array was full";
	case RMEM_NODE_ALLOC_FAILED:
		return "there was no room to place it";
	default:
		return "every handler refused it, and its memory went back to the kernel";
	}
}

static void region_problem(struct device_walk *w, const struct rmem_fdt_device *dev,
			   unsigned int i)
{
	struct check_run *run = w->run;
	const struct rmem_fdt *fdt = run->ctx->fdt;
	int target = dev->target[i];
	const struct rmem_rmem_node *n;
	struct rmem_finding *f;

	if (target < 0) {
		f = group_add(w, CHECK_MEMORY_REGION_MISSING, dev->phandle[i], 0,
			      "point memory-region at the region's node: a stale phandle, left "
			      "by an overlay or an edited DTB?",
			      "memory-region names phandle 0x%x, which no node has: "
			      "of_reserved_mem_device_init() fails (-ENODEV) for the devices "
			      "below when their drivers probe", dev->phandle[i]);
		check_node(run, f, dev->node, 0, 0);
		return;
	}
	if (!rmem_plan_in_rm(&w->rm, target)) {
		f = group_add(w, CHECK_MEMORY_REGION_NOT_RESERVED, target, 0,
			      "move the node under /reserved-memory, or point memory-region at "
			      "a region there",
			      "memory-region names %s, which is not a child of /reserved-memory: "
			      "of_reserved_mem_device_init() fails (-EINVAL) for the devices below",
			      rmem_fdt_name(fdt, target));
		if (f && !f->nr_subjects)
			check_node(run, f, target, 0, 0);
		check_node(run, f, dev->node, 0, 0);
		return;
	}
	n = check_record(run->ctx, target);
	if (n && n->state == RMEM_NODE_DISABLED) {
		f = group_add(w, CHECK_MEMORY_REGION_DISABLED, target, 0,
			      "enable the region (status = \"okay\"), or drop it from their "
			      "memory-region",
			      "%s is disabled, and the devices below name it in memory-region: "
			      "the kernel skips it without a word (of_reserved_mem_device_init() "
			      "returns 0), and they get no memory of their own",
			      rmem_fdt_name(fdt, target));
	} else {
		f = group_add(w, CHECK_MEMORY_REGION_DROPPED, target, 0,
			      "make it a region the kernel keeps (see the kernel's lines and the "
			      "region's own findings)",
			      "%s was not kept (%s), and the devices below name it in "
			      "memory-region: of_reserved_mem_device_init() fails for them "
			      "(-EINVAL)", rmem_fdt_name(fdt, target), dropped_because(n));
	}
	if (f && !f->nr_subjects)
		check_node(run, f, target, n ? n->base : 0, n ? n->size : 0);
	check_node(run, f, dev->node, 0, 0);
}

/* The DMA map the kernel gives @dev (its parents on the tree walk); NULL: none. */
static const struct bus_map *device_map(struct device_walk *w, const struct rmem_fdt_device *dev)
{
	const struct rmem_fdt *fdt = w->run->ctx->fdt;
	int up[RMEM_OF_MAX_DEPTH + 1], bus;
	size_t n = 0;
	struct bus_map *m;

	for (int d = dev->depth - 1; d >= 0; d--)
		up[n++] = w->tree.up[d];
	bus = rmem_fdt_dma_range_node(fdt, up, n);
	if (bus < 0)
		return NULL;
	for (size_t i = 0; i < w->nr_maps; i++)
		if (w->maps[i].bus == bus)
			return w->maps[i].err ? NULL : &w->maps[i];
	m = realloc(w->maps, (w->nr_maps + 1) * sizeof(*m));
	if (!m) {
		w->run->err = -ENOMEM;
		return NULL;
	}
	w->maps = m;
	m = &m[w->nr_maps++];
	m->bus = bus;
	m->err = rmem_fdt_dma_windows(fdt, &w->run->ctx->profile, bus, m->win, MAX_WINDOWS,
				      &m->nr);
	return m->err ? NULL : m;
}

static const struct rmem_fdt_dma_window *window_of(const struct bus_map *m, rmem_phys_t base,
						   rmem_phys_t size)
{
	for (size_t i = 0; i < m->nr; i++)
		if (base >= m->win[i].cpu_start && base - m->win[i].cpu_start < m->win[i].size &&
		    size <= m->win[i].size - (base - m->win[i].cpu_start))
			return &m->win[i];
	return NULL;
}

static void windows_str(const struct bus_map *m, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->nr && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%#llx-%#llx", i ? ", " : "",
					 (unsigned long long)m->win[i].cpu_start,
					 (unsigned long long)(m->win[i].cpu_start + m->win[i].size));
}

static void beyond_dma_ranges(struct device_walk *w, const struct rmem_fdt_device *dev,
			      const struct rmem_rmem_node *n, const struct bus_map *m)
{
	struct check_run *run = w->run;
	char range[48], wins[160], bus[256];
	struct rmem_finding *f;

	if (fdt_get_path(run->ctx->fdt->blob, m->bus, bus, sizeof(bus)))
		snprintf(bus, sizeof(bus), "%s", rmem_fdt_name(run->ctx->fdt, m->bus));
	windows_str(m, wins, sizeof(wins));
	f = group_add(w, CHECK_POOL_BEYOND_DMA_RANGES, n->fdt_node, m->bus,
		      "place the region inside that window (its reg, or alloc-ranges)",
		      "%s (%s) lies outside what the dma-ranges of %s let the devices below "
		      "reach (CPU addresses %s): they cannot address it", n->name,
		      check_range_str(range, sizeof(range), n->base, n->size), bus, wins);
	if (f && !f->nr_subjects)
		check_node(run, f, n->fdt_node, n->base, n->size);
	check_node(run, f, dev->node, 0, 0);
}

static void beyond_mask(struct device_walk *w, const struct rmem_fdt_device *dev,
			const struct rmem_rmem_node *n, bool cma)
{
	struct check_run *run = w->run;
	char range[48];
	struct rmem_finding *f;

	f = group_add(w, CHECK_POOL_BEYOND_COHERENT_MASK, n->fdt_node, 0,
		      "place the region below 4 GiB (its reg, or alloc-ranges), or have the "
		      "drivers set a wider coherent mask before they allocate",
		      "%s (%s) reaches above 4 GiB, and the devices below use it as their %s: "
		      "a device starts with a 32-bit coherent mask, so unless its driver "
		      "widens it first, %s", n->name,
		      check_range_str(range, sizeof(range), n->base, n->size),
		      cma ? "CMA area" : "DMA pool",
		      cma ? "dma_alloc_coherent() gives back the pages it takes there above "
		      "the mask and falls back to other memory" :
		      "allocations from the pool give addresses the device cannot reach "
		      "(the kernel at most warns at probe: \"reserved memory is beyond "
		      "device's set DMA address range\")");
	if (f && !f->nr_subjects)
		check_node(run, f, n->fdt_node, n->base, n->size);
	check_node(run, f, dev->node, 0, 0);
}

/* A region the device gets as its CMA area or DMA pool: can it reach it? */
static void check_reach(struct device_walk *w, const struct rmem_fdt_device *dev,
			const struct rmem_rmem_node *n)
{
	bool cma = !strcmp(n->handler->name, "cma");
	const struct bus_map *m = device_map(w, dev);
	const struct rmem_fdt_dma_window *win = m ? window_of(m, n->base, n->size) : NULL;
	uint64_t last = n->base + n->size - 1;

	if (m && !win) {
		beyond_dma_ranges(w, dev, n, m);
		return;
	}
	/* dma-direct translates CMA pages; a pool's device address is its CPU address */
	if (cma && win)
		last = last - win->cpu_start + win->dma_start;
	if (last > DEFAULT_COHERENT_MASK)
		beyond_mask(w, dev, n, cma);
}

static void check_entry(struct device_walk *w, const struct rmem_fdt_device *dev, unsigned int i)
{
	const struct rmem_rmem_node *n;
	int target = dev->target[i];

	if (target >= 0 && rmem_plan_in_rm(&w->rm, target)) {
		n = check_record(w->run->ctx, target);
		if (n && n->state == RMEM_NODE_RESERVED)
			return;		/* no handler: the driver uses it its own way */
		if (n && n->state == RMEM_NODE_INITIALIZED) {
			if (n->handler && n->size)
				check_reach(w, dev, n);
			return;
		}
	}
	region_problem(w, dev, i);
}

static void too_deep(struct device_walk *w, const struct rmem_fdt_device *dev)
{
	struct rmem_finding *f;

	f = group_add(w, CHECK_DEVICE_TOO_DEEP, 0, 0, "move the devices nearer to the root",
		      "the devices below are nested %d deep or more: the kernel's "
		      "unflatten_dt_nodes() skips every node from depth %d on, so they never "
		      "become devices and their memory-region is never used",
		      RMEM_OF_MAX_DEPTH, RMEM_OF_MAX_DEPTH);
	check_node(w->run, f, dev->node, 0, 0);
}

static int visit_device(void *arg, const struct rmem_fdt_device *dev)
{
	struct device_walk *w = arg;

	tree_step_to(w->run->ctx->fdt, &w->tree, dev->node);
	if (!device_available(&w->tree, dev))
		return 0;
	if (dev->depth >= RMEM_OF_MAX_DEPTH) {
		too_deep(w, dev);
		return w->run->err;
	}
	for (unsigned int i = 0; i < dev->nr_regions && !w->run->err; i++)
		check_entry(w, dev, i);
	return w->run->err;
}

void check_devices(struct check_run *run)
{
	struct device_walk w = { .run = run };
	int ret;

	w.tree.avail[0] = rmem_fdt_device_is_available(run->ctx->fdt, 0);
	ret = rmem_plan_rm_children(run->ctx->fdt, &w.rm);
	if (!ret)
		ret = rmem_fdt_for_each_device(run->ctx->fdt, visit_device, &w);
	if (ret && !run->err)
		run->err = ret;
	free(w.rm.node);
	free(w.maps);
	free(w.groups);
}
