// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim: the trace checked against the board (devices, areas, tags),
 * then replayed event by event on the booted context.  Pinned pages are
 * the simulator's: the CMA range hook reports a range busy when one of its
 * pages is pinned, as alloc_contig_range() fails on a page it cannot
 * migrate.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/contiguous.h>
#include <rmem/sim.h>

#include "internal.h"
#include "sim/sim_internal.h"

static int trace_err(const struct rmem_sim *sim, const struct rmem_sim_event *e, char *err,
		     size_t errlen, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int trace_err(const struct rmem_sim *sim, const struct rmem_sim_event *e, char *err,
		     size_t errlen, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err && errlen)
		snprintf(err, errlen, "%s:%u: %s", sim->trace->file, e->line, msg);
	return -EINVAL;
}

static struct sim_dev *new_device(struct rmem_sim *sim)
{
	struct sim_dev *d;

	if (sim->nr_devs == sim->cap_devs) {
		size_t cap = sim->cap_devs ? 2 * sim->cap_devs : 8;
		struct sim_dev *nd = realloc(sim->devs, cap * sizeof(*nd));

		if (!nd)
			return NULL;
		sim->devs = nd;
		sim->cap_devs = cap;
	}
	d = &sim->devs[sim->nr_devs];
	memset(d, 0, sizeof(*d));
	return d;
}

/* The platform device of @node, appended; 1 when it cannot be named (a path too long). */
static int add_node(struct rmem_sim *sim, int node)
{
	struct sim_dev *d = new_device(sim);
	int len;

	if (!d)
		return -ENOMEM;
	if (fdt_get_path(sim->ctx->fdt->blob, node, d->path, sizeof(d->path)) < 0)
		return 1;	/* a path too long to name: the trace cannot name it either */
	if (rmem_device_setup(sim->ctx, node, &d->dev))
		return 1;
	d->has_region = rmem_fdt_getprop(sim->ctx->fdt, node, "memory-region", &len) && len >= 4;
	sim->nr_devs++;
	return 0;
}

static int add_device(void *arg, const struct rmem_fdt_device *fd)
{
	int ret = add_node(arg, fd->node);

	return ret > 0 ? 0 : ret;
}

/*
 * A device the trace named before: by path, by a virtual line's name, by
 * the name that found it, or by node name when one device with
 * memory-region has it (those are all known from the start).
 */
static int known_device(const struct rmem_sim *sim, const char *name, bool *ambiguous)
{
	int found = -1;

	*ambiguous = false;
	for (size_t i = 0; i < sim->nr_devs; i++)
		if (!strcmp(sim->devs[i].path, name) ||
		    (sim->devs[i].alias && !strcmp(sim->devs[i].alias, name)))
			return (int)i;
	for (size_t i = 0; i < sim->nr_devs; i++) {
		if (!sim->devs[i].has_region || strcmp(sim->devs[i].dev.name, name))
			continue;
		if (found >= 0)
			*ambiguous = true;
		found = (int)i;
	}
	return *ambiguous ? -1 : found;
}

/* Any node of the tree: by path, or by a node name no other node has. */
static int tree_node(const struct rmem_sim *sim, const char *name, bool *ambiguous)
{
	const struct rmem_fdt *fdt = sim->ctx->fdt;
	int node, found = -1;

	*ambiguous = false;
	if (!fdt)
		return -1;
	if (name[0] == '/') {
		node = fdt_path_offset(fdt->blob, name);
		return node >= 0 ? node : -1;
	}
	for (node = fdt_next_node(fdt->blob, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt->blob, node, NULL)) {
		if (strcmp(rmem_fdt_name(fdt, node), name))
			continue;
		if (found >= 0) {
			*ambiguous = true;
			return -1;
		}
		found = node;
	}
	return found;
}

/*
 * The device @name names, made on first use for a node without
 * memory-region (it allocates through dma-direct alone).  -1 when none;
 * -ENOMEM.
 */
static int find_device(struct rmem_sim *sim, const char *name, bool *ambiguous)
{
	int i = known_device(sim, name, ambiguous), node, ret;

	if (i >= 0 || *ambiguous)
		return i;
	node = tree_node(sim, name, ambiguous);
	if (node < 0)
		return -1;
	for (size_t k = 0; k < sim->nr_devs; k++)
		if (!sim->devs[k].virtual && sim->devs[k].dev.node == node)
			i = (int)k;
	if (i < 0) {
		ret = add_node(sim, node);
		if (ret)
			return ret < 0 ? ret : -1;
		i = (int)sim->nr_devs - 1;
	}
	if (!sim->devs[i].alias && strcmp(sim->devs[i].path, name))
		sim->devs[i].alias = name;
	return i;
}

/* "virtual NAME [coherent|noncoherent]": a device of its own, tied to no node. */
static int check_virtual(struct rmem_sim *sim, size_t i, char *err, size_t errlen)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	bool ambiguous;
	struct sim_dev *d;
	int k = known_device(sim, e->subject, &ambiguous);

	if (k >= 0 && sim->devs[k].virtual)
		return trace_err(sim, e, err, errlen, "virtual device '%s' is declared already "
				 "(line %u)", e->subject, sim->devs[k].line);
	if (k >= 0 || ambiguous || tree_node(sim, e->subject, &ambiguous) >= 0 || ambiguous)
		return trace_err(sim, e, err, errlen, "virtual device '%s': a device-tree node "
				 "has that name", e->subject);
	d = new_device(sim);
	if (!d)
		return -ENOMEM;
	snprintf(d->path, sizeof(d->path), "%s", e->subject);
	d->virtual = true;
	d->dev.name = e->subject;
	d->dev.node = -1;
	d->line = e->line;
	d->dev.coherent = e->coherence ? e->coherence > 0 :
				sim->ctx->profile.arch_ops->dma_default_coherent;
	d->dev.coherent_dma_mask = 0xffffffffull;	/* a platform device's default */
	sim->target[i] = (int)sim->nr_devs++;
	return 0;
}

/*
 * The area @name names on the board booted in @ctx: "default" for the
 * default area whatever its origin, else the kernel's name, or (as for
 * devices) the node name without its unit address when unique.  The index
 * in the kernel's cma_areas[], or -1.
 */
static int lookup_area(struct rmem_ctx *ctx, const char *name)
{
	unsigned int n = rmem_cma_area_count(ctx);
	size_t len = strlen(name);
	int found = -1;

	if (!strcmp(name, RMEM_SIM_DEFAULT_AREA)) {
		struct rmem_cma *def = rmem_dma_contiguous_default_area(ctx);

		for (unsigned int i = 0; def && i < n; i++)
			if (rmem_cma_area(ctx, i) == def)
				return (int)i;
		return -1;
	}
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(rmem_cma_get_name(rmem_cma_area(ctx, i)), name))
			return (int)i;
	if (strchr(name, '@'))
		return -1;
	for (unsigned int i = 0; i < n; i++) {
		const char *a = rmem_cma_get_name(rmem_cma_area(ctx, i));

		if (strncmp(a, name, len) || a[len] != '@')
			continue;
		if (found >= 0)
			return -1;
		found = (int)i;
	}
	return found;
}

/* sim->areas are cma_areas[] in order (setup_areas()) */
static int find_area(struct rmem_sim *sim, const char *name)
{
	int i = lookup_area(sim->ctx, name);

	return i >= 0 && (size_t)i < sim->nr_areas ? i : -1;
}

int rmem_sim_trace_follow_default(struct rmem_ctx *ctx, struct rmem_sim_trace *t)
{
	struct rmem_cma *def = rmem_dma_contiguous_default_area(ctx);
	int n = 0;

	if (!def)
		return 0;
	for (size_t i = 0; i < t->nr; i++) {
		struct rmem_sim_event *e = &t->ev[i];
		int k;

		if (!sim_on_area(e->verb) || !strcmp(e->subject, RMEM_SIM_DEFAULT_AREA))
			continue;
		k = lookup_area(ctx, e->subject);
		if (k < 0 || rmem_cma_area(ctx, (unsigned int)k) != def)
			continue;
		strcpy(e->subject, RMEM_SIM_DEFAULT_AREA);
		n++;
	}
	return n;
}

bool rmem_sim_trace_names_default(const struct rmem_sim_trace *t)
{
	for (size_t i = 0; i < t->nr; i++)
		if (sim_on_area(t->ev[i].verb) && !strcmp(t->ev[i].subject, RMEM_SIM_DEFAULT_AREA))
			return true;
	return false;
}

static int setup_areas(struct rmem_sim *sim)
{
	unsigned int n = rmem_cma_area_count(sim->ctx);
	struct rmem_cma_stat st;

	sim->areas = calloc(n ? n : 1, sizeof(*sim->areas));
	if (!sim->areas)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		struct sim_area *a = &sim->areas[sim->nr_areas++];

		a->cma = rmem_cma_area(sim->ctx, i);
		rmem_cma_get_stat(a->cma, &st);
		a->base_pfn = rmem_cma_get_base(a->cma) >> sim->ctx->profile.page_shift;
		a->count = rmem_cma_get_size(a->cma) >> sim->ctx->profile.page_shift;
		a->pins = calloc(a->count ? a->count : 1, sizeof(*a->pins));
		if (!a->pins)
			return -ENOMEM;
	}
	return 0;
}

static int check_alloc_tag(struct rmem_sim *sim, size_t i, char *err, size_t errlen)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	long prev = sim_tags_find(&sim->tags, sim->trace, e->tag);

	if (prev >= 0 && !sim->freed_at[prev])
		return trace_err(sim, e, err, errlen, "TAG '%s' is still live (allocated at line %u)",
				 e->tag, sim->trace->ev[prev].line);
	sim_tags_set(&sim->tags, sim->trace, i);
	return 0;
}

static int check_free_tag(struct rmem_sim *sim, size_t i, char *err, size_t errlen)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	long prev = sim_tags_find(&sim->tags, sim->trace, e->tag);
	const struct rmem_sim_event *a;
	bool cma = e->verb == RMEM_SIM_CMA_RELEASE;

	if (prev < 0)
		return trace_err(sim, e, err, errlen, "%s of TAG '%s', which no earlier alloc line defines",
				 cma ? "release" : "free", e->tag);
	a = &sim->trace->ev[prev];
	if (sim->freed_at[prev])
		return trace_err(sim, e, err, errlen, "double free: TAG '%s' was freed at line %u",
				 e->tag, sim->freed_at[prev]);
	if ((a->verb == RMEM_SIM_CMA_ALLOC) != cma)
		return trace_err(sim, e, err, errlen, "TAG '%s' (line %u) is %s allocation",
				 e->tag, a->line, cma ? "a device's, not a cma" : "a cma, not a device's");
	if (sim->target[prev] != sim->target[i])
		return trace_err(sim, e, err, errlen, "TAG '%s' was allocated by %s at line %u",
				 e->tag, a->subject, a->line);
	sim->ref[i] = prev;
	sim->freed_at[prev] = e->line;
	return 0;
}

static int check_pin(struct rmem_sim *sim, const struct rmem_sim_event *e, char *err, size_t errlen)
{
	const struct sim_area *a = &sim->areas[sim->target[e - sim->trace->ev]];

	if (e->pfn < a->base_pfn || e->pfn - a->base_pfn > a->count ||
	    e->size > a->count - (e->pfn - a->base_pfn))
		return trace_err(sim, e, err, errlen,
				 "pages 0x%llx+%llu are not all in area %s (pfn 0x%llx, %lu pages)",
				 (unsigned long long)e->pfn, (unsigned long long)e->size, e->subject,
				 (unsigned long long)a->base_pfn, a->count);
	return 0;
}

static int check_subject(struct rmem_sim *sim, size_t i, char *err, size_t errlen)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	bool ambiguous;

	if (sim_on_area(e->verb)) {
		sim->target[i] = find_area(sim, e->subject);
		if (sim->target[i] >= 0)
			return 0;
		if (!strcmp(e->subject, RMEM_SIM_DEFAULT_AREA))
			return trace_err(sim, e, err, errlen, "the boot has no default CMA area (no "
					 "linux,cma-default node, and cma= or the kernel config asks "
					 "for none, or it could not be reserved)");
		return trace_err(sim, e, err, errlen, "unknown CMA area '%s'", e->subject);
		return 0;
	}
	if (e->verb == RMEM_SIM_VIRTUAL)
		return check_virtual(sim, i, err, errlen);
	sim->target[i] = find_device(sim, e->subject, &ambiguous);
	if (sim->target[i] == -ENOMEM)
		return -ENOMEM;
	if (ambiguous)
		return trace_err(sim, e, err, errlen,
				 "device '%s' is ambiguous: several nodes have that name, use its path",
				 e->subject);
	if (sim->target[i] < 0)
		return trace_err(sim, e, err, errlen,
				 "unknown device '%s' (no device-tree node has that path or name, no "
				 "virtual line declares it)",
				 e->subject);
	return 0;
}

static int check_event(struct rmem_sim *sim, size_t i, char *err, size_t errlen)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	int ret = check_subject(sim, i, err, errlen);

	if (ret)
		return ret;
	switch (e->verb) {
	case RMEM_SIM_ALLOC:
	case RMEM_SIM_CMA_ALLOC:
		return check_alloc_tag(sim, i, err, errlen);
	case RMEM_SIM_FREE:
	case RMEM_SIM_CMA_RELEASE:
		return check_free_tag(sim, i, err, errlen);
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		return check_pin(sim, e, err, errlen);
	default:
		return 0;
	}
}

/* A device allocation's record, for each ALLOC event: the others need none. */
static int setup_dma(struct rmem_sim *sim)
{
	for (size_t i = 0; i < sim->trace->nr; i++)
		if (sim->trace->ev[i].verb == RMEM_SIM_ALLOC)
			sim->notes[i].dma = sim->nr_dma++;
	sim->dma = calloc(sim->nr_dma ? sim->nr_dma : 1, sizeof(*sim->dma));
	return sim->dma ? 0 : -ENOMEM;
}

static int check_trace(struct rmem_sim *sim, char *err, size_t errlen)
{
	size_t n = sim->trace->nr ? sim->trace->nr : 1;
	int ret;

	sim->target = calloc(n, sizeof(*sim->target));
	sim->ref = calloc(n, sizeof(*sim->ref));
	sim->freed_at = calloc(n, sizeof(*sim->freed_at));
	sim->notes = calloc(n, sizeof(*sim->notes));
	sim->results = calloc(n, sizeof(*sim->results));
	if (!sim->target || !sim->ref || !sim->freed_at || !sim->notes || !sim->results ||
	    sim_tags_init(&sim->tags, n) || setup_dma(sim))
		return -ENOMEM;
	ret = 0;
	for (size_t i = 0; !ret && i < sim->trace->nr; i++)
		ret = check_event(sim, i, err, errlen);
	sim_tags_release(&sim->tags);
	if (ret)
		return ret;
	/* the replay tracks frees itself */
	memset(sim->freed_at, 0, n * sizeof(*sim->freed_at));
	return 0;
}

int rmem_sim_create(struct rmem_ctx *ctx, const struct rmem_sim_trace *t,
		    struct rmem_sim **res, char *err, size_t errlen)
{
	struct rmem_sim *sim = calloc(1, sizeof(*sim));
	int ret;

	if (!sim)
		return -ENOMEM;
	sim->ctx = ctx;
	sim->trace = t;
	ret = ctx->fdt ? rmem_fdt_for_each_device(ctx->fdt, add_device, sim) : 0;
	if (!ret)
		ret = setup_areas(sim);
	if (!ret)
		ret = check_trace(sim, err, errlen);
	if (ret) {
		if (ret == -ENOMEM && err && errlen)
			snprintf(err, errlen, "out of memory");
		rmem_sim_destroy(sim);
		return ret;
	}
	*res = sim;
	return 0;
}

size_t rmem_sim_result_count(const struct rmem_sim *sim)
{
	return sim->nr_results;
}

const struct rmem_sim_result *rmem_sim_result_at(const struct rmem_sim *sim, size_t i)
{
	return i < sim->nr_results ? &sim->results[i] : NULL;
}

const struct rmem_ctx *rmem_sim_ctx(const struct rmem_sim *sim)
{
	return sim->ctx;
}

const struct rmem_sim_trace *rmem_sim_trace(const struct rmem_sim *sim)
{
	return sim->trace;
}

bool rmem_sim_bitmap_shown(const struct rmem_sim *sim)
{
	return sim->raw_bitmap;
}

size_t rmem_sim_usage_count(const struct rmem_sim *sim)
{
	return sim->nr_usage;
}

const struct rmem_sim_usage *rmem_sim_usage_at(const struct rmem_sim *sim, size_t i)
{
	return i < sim->nr_usage ? &sim->usage[i] : NULL;
}

const struct rmem_device *rmem_sim_device(const struct rmem_sim *sim, const char *name)
{
	bool ambiguous;
	int i = known_device(sim, name, &ambiguous), node;

	/* another spelling of a path the replay knows ("/soc/dsp@1000/") */
	if (i < 0 && !ambiguous && (node = tree_node(sim, name, &ambiguous)) >= 0)
		for (size_t k = 0; k < sim->nr_devs; k++)
			if (!sim->devs[k].virtual && sim->devs[k].dev.node == node)
				i = (int)k;
	return i < 0 ? NULL : &sim->devs[i].dev;
}

void rmem_sim_destroy(struct rmem_sim *sim)
{
	if (!sim)
		return;
	if (sim->hooked)
		rmem_cma_set_range_hook(sim->ctx, NULL, NULL);
	for (size_t i = 0; i < sim->nr_areas; i++)
		free(sim->areas[i].pins);
	for (size_t i = 0; i < sim->nr_usage; i++) {
		free(sim->usage[i].bitmap);
		free(sim->usage[i].free_runs);
	}
	free(sim->usage);
	free(sim->areas);
	free(sim->devs);
	free(sim->target);
	free(sim->ref);
	free(sim->freed_at);
	free(sim->notes);
	free(sim->dma);
	free(sim->busy_log);
	free(sim->results);
	free(sim);
}

void rmem_sim_show_bitmap(struct rmem_sim *sim, bool on)
{
	sim->raw_bitmap = on;
}

size_t rmem_sim_failures(const struct rmem_sim *sim)
{
	size_t n = 0;

	for (size_t i = 0; i < sim->nr_results; i++)
		n += sim->results[i].err || sim->results[i].init_err;
	return n;
}

const char *rmem_sim_errname(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ -ENOMEM, "-ENOMEM" }, { -EBUSY, "-EBUSY" }, { -EINVAL, "-EINVAL" },
		{ -ENODEV, "-ENODEV" }, { -ENOENT, "-ENOENT" }, { -ENOSPC, "-ENOSPC" },
		{ -EINTR, "-EINTR" }, { -ERANGE, "-ERANGE" }, { -EOVERFLOW, "-EOVERFLOW" },
		{ -EEXIST, "-EEXIST" }, { -EFAULT, "-EFAULT" }, { -EIO, "-EIO" }, { 0, "0" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "-E?";
}
