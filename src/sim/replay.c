// SPDX-License-Identifier: GPL-2.0-only
/*
 * The replay of rmem sim: each event run on the booted context, its
 * answer put in words, the kernel's lines it caused remembered; then the
 * usage of every CMA area and DMA pool.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/device.h>
#include <rmem/sim.h>

#include "internal.h"
#include "dma/coherent.h"
#include "sim/sim_internal.h"

#define PA(x) ((unsigned long long)(x))

static void say(struct rmem_sim_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct rmem_sim_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

/* The first pinned page of @a in [@p, @end), or @end. */
static rmem_pfn_t next_pinned(const struct sim_area *a, rmem_pfn_t p, rmem_pfn_t end)
{
	rmem_pfn_t stop = a->base_pfn + a->count < end ? a->base_pfn + a->count : end;

	for (p = p > a->base_pfn ? p : a->base_pfn; p < stop; p++)
		if (a->pins[p - a->base_pfn])
			return p;
	return end;
}

/*
 * The first page at or after the pinned page @p that is not pinned.  A
 * wall of pinned pages is crossed 16 pages at a time, without a branch per
 * page (the compiler makes it a vector test).
 */
static rmem_pfn_t next_unpinned(const struct sim_area *a, rmem_pfn_t p)
{
	const unsigned int *pins = a->pins;
	unsigned long i = (unsigned long)(p - a->base_pfn);

	while (i + 16 <= a->count) {
		unsigned int all = 1;

		for (unsigned int k = 0; k < 16; k++)
			all &= pins[i + k] != 0;
		if (!all)
			break;
		i += 16;
	}
	while (i < a->count && pins[i])
		i++;
	return a->base_pfn + i;
}

/*
 * alloc_contig_range() cannot migrate a pinned page: -EBUSY, cma_alloc()
 * tries further.  How far: a range starting before a pinned page it holds,
 * or on a pinned page, is busy; so from @pfn on every range is busy up to
 * the first one past the pinned pages met that holds none (*@busy_end).
 * The pinned pages met are the ones the result names.
 */
static int range_hook(void *arg, const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count,
		      rmem_pfn_t *busy_end)
{
	struct rmem_sim *sim = arg;

	for (size_t i = 0; i < sim->nr_areas; i++) {
		const struct sim_area *a = &sim->areas[i];
		rmem_pfn_t x = pfn, p;

		if (a->cma != cma || !a->nr_pinned)
			continue;
		while ((p = next_pinned(a, x, x + count)) < x + count) {
			x = next_unpinned(a, p);
			for (; p < x && sim->nr_busy < SIM_MAX_BUSY; p++)
				sim->busy[sim->nr_busy++] = p;
		}
		if (x == pfn)
			continue;
		*busy_end = x;
		return -EBUSY;
	}
	return 0;
}

static size_t busy_text(const struct rmem_sim *sim, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sim->nr_busy && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s0x%llx", i ? "," : "", PA(sim->busy[i]));
	return n;
}

static const char *pool_name(const struct rmem_sim *sim, const struct rmem_dma_coherent_mem *mem)
{
	for (unsigned int i = 0; i < sim->ctx->rm.reserved_mem_count; i++)
		if (sim->ctx->rm.reserved_mem[i].priv == mem && sim->ctx->rm.reserved_mem[i].handler &&
		    !strcmp(sim->ctx->rm.reserved_mem[i].handler->name, "dma"))
			return sim->ctx->rm.reserved_mem[i].name;
	return mem == sim->ctx->dma.global.mem ? "default" : "?";
}

static void init_text(struct rmem_sim *sim, struct sim_dev *d, unsigned int before,
		      struct rmem_sim_result *r)
{
	const struct rmem_reserved_mem *rmem;

	if (r->err == -ENODEV) {
		say(r, "%s: no such memory-region entry, or its phandle names no node",
		    rmem_sim_errname(r->err));
		return;
	}
	if (r->err == -EINVAL && d->dev.nr_assigned == before) {
		say(r, "-EINVAL: the region is not in the reserved_mem array with device ops "
		    "(no cma or dma handler took it), or its pool could not be made");
		return;
	}
	if (r->err == -EBUSY) {
		say(r, "-EBUSY: the device has a coherent pool already");
		return;
	}
	if (r->err) {
		say(r, "%s", rmem_sim_errname(r->err));
		return;
	}
	if (d->dev.nr_assigned == before) {
		say(r, "ok: the region is disabled, nothing assigned");
		return;
	}
	rmem = d->dev.assigned[d->dev.nr_assigned - 1];
	if (rmem->handler && !strcmp(rmem->handler->name, "cma"))
		say(r, "ok: assigned %s (cma area %s)", rmem->name,
		    d->dev.cma_area ? rmem_cma_get_name(d->dev.cma_area) : "none");
	else
		say(r, "ok: assigned %s (pool %s)", rmem->name,
		    d->dev.dma_mem ? pool_name(sim, d->dev.dma_mem) : "none");
}

static void do_init(struct rmem_sim *sim, struct sim_dev *d, const struct rmem_sim_event *e,
		    struct rmem_sim_result *r)
{
	unsigned int before = d->dev.nr_assigned;

	d->inited = true;
	if (d->virtual)
		r->err = -ENODEV;	/* of_parse_phandle() on no node */
	else if (e->region[0])
		r->err = rmem_of_reserved_mem_device_init_by_name(sim->ctx, &d->dev, e->region);
	else
		r->err = rmem_of_reserved_mem_device_init_by_idx(sim->ctx, &d->dev, e->index);
	init_text(sim, d, before, r);
}

/* the structured fields of @r for @a */
static void alloc_fields(struct rmem_sim *sim, const struct rmem_dma_alloc *a,
			 struct rmem_sim_result *r)
{
	r->src = a->src;
	r->has_addr = a->has_addr;
	r->addr = a->has_addr ? a->dma : 0;
	if (a->src == RMEM_DMA_SRC_POOL || a->src == RMEM_DMA_SRC_GLOBAL)
		r->area = pool_name(sim, a->pool);
	else if (a->src == RMEM_DMA_SRC_CMA)
		r->area = rmem_cma_get_name(a->cma);
}

static void alloc_text(struct rmem_sim *sim, const struct rmem_dma_alloc *a,
		       struct rmem_sim_result *r)
{
	char busy[128];

	alloc_fields(sim, a, r);
	switch (a->src) {
	case RMEM_DMA_SRC_POOL:
	case RMEM_DMA_SRC_GLOBAL:
		say(r, "0x%llx pool %s", PA(a->dma), pool_name(sim, a->pool));
		break;
	case RMEM_DMA_SRC_CMA:
		say(r, "0x%llx cma %s", PA(a->dma), rmem_cma_get_name(a->cma));
		break;
	case RMEM_DMA_SRC_ATOMIC:
		say(r, "atomic pool (not modelled: no address)");
		break;
	case RMEM_DMA_SRC_PAGES:
		say(r, "generic (the page allocator: no address)%s%s", a->why[0] ? " after: " : "",
		    a->why);
		break;
	default:
		busy_text(sim, busy, sizeof(busy));
		say(r, "%s: %s%s%s", rmem_sim_errname(a->err), a->why,
		    busy[0] ? "; pinned pages in the way: " : "", busy);
		break;
	}
}

static void do_alloc(struct rmem_sim *sim, size_t i, struct sim_dev *d,
		     struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_alloc *a = &sim->allocs[i];

	struct rmem_sim_result init = { 0 };
	char text[sizeof(r->text)];

	/* a driver calling of_reserved_mem_device_init() in probe, for its memory-region */
	if (!d->inited && d->has_region) {
		do_init(sim, d, &(struct rmem_sim_event){ .verb = RMEM_SIM_INIT }, &init);
		d->inited = true;
	}
	r->err = rmem_dma_alloc_attrs(sim->ctx, &d->dev, e->size, e->atomic, &a->dma);
	a->ok = !r->err;
	alloc_text(sim, &a->dma, r);
	/* a failed implicit init is worth knowing: the driver would likely not probe */
	r->init_err = init.err;
	if (init.err) {
		snprintf(text, sizeof(text), "%s", r->text);
		say(r, "%s (after the implicit init 0 failed: %s)", text, rmem_sim_errname(init.err));
	}
}

static void do_free(struct rmem_sim *sim, size_t i, struct sim_dev *d, struct rmem_sim_result *r)
{
	long k = sim->ref[i];
	struct sim_alloc *a = &sim->allocs[k];

	if (!a->ok) {
		say(r, "nothing to free: the allocation at line %u failed", sim->trace->ev[k].line);
		return;
	}
	r->err = rmem_dma_free_attrs(sim->ctx, &d->dev, &a->dma);
	if (!r->err)
		alloc_fields(sim, &a->dma, r);
	if (r->err == -EFAULT)
		say(r, "-EFAULT: the device no longer has the pool it came from; the kernel would "
		    "give pool memory to the page allocator: refused, nothing changed");
	else if (r->err)
		say(r, "%s: refused, nothing changed", rmem_sim_errname(r->err));
	else if (a->dma.leaked)
		say(r, "freed 0x%llx to the page allocator: the device's CMA area now is not "
		    "cma %s, which keeps the pages marked allocated", PA(a->dma.dma),
		    rmem_cma_get_name(a->dma.cma));
	else if (a->dma.has_addr)
		say(r, "freed 0x%llx to %s", PA(a->dma.dma), rmem_dma_source_name(a->dma.src));
	else
		say(r, "freed to %s", rmem_dma_source_name(a->dma.src));
}

static void do_cma_alloc(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_area *area = &sim->areas[sim->target[i]];
	struct sim_alloc *a = &sim->allocs[i];
	char busy[128];

	if (e->size > ~0ul) {
		r->err = -EINVAL;
		say(r, "-EINVAL: COUNT does not fit an unsigned long");
		return;
	}
	r->err = rmem_cma_alloc(area->cma, (unsigned long)e->size, e->align, false, &a->pfn);
	a->ok = !r->err;
	if (a->ok) {
		r->src = RMEM_DMA_SRC_CMA;
		r->has_addr = true;
		r->addr = a->pfn << sim->ctx->profile.page_shift;
		r->area = rmem_cma_get_name(area->cma);
		say(r, "0x%llx cma %s (pfn 0x%llx)",
		    PA(a->pfn << sim->ctx->profile.page_shift), rmem_cma_get_name(area->cma),
		    PA(a->pfn));
		return;
	}
	busy_text(sim, busy, sizeof(busy));
	say(r, "%s%s%s", rmem_sim_errname(r->err), busy[0] ? ": pinned pages in the way: " : "",
	    busy);
}

static void do_cma_release(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	long k = sim->ref[i];
	struct sim_alloc *a = &sim->allocs[k];

	if (!a->ok) {
		say(r, "nothing to release: the allocation at line %u failed", sim->trace->ev[k].line);
		return;
	}
	r->err = rmem_cma_release(sim->areas[sim->target[i]].cma, a->pfn,
				  (unsigned long)sim->trace->ev[k].size);
	if (!r->err) {
		r->src = RMEM_DMA_SRC_CMA;
		r->has_addr = true;
		r->addr = a->pfn << sim->ctx->profile.page_shift;
		r->area = rmem_cma_get_name(sim->areas[sim->target[i]].cma);
	}
	if (r->err)
		say(r, "%s: refused, nothing changed", rmem_sim_errname(r->err));
	else
		say(r, "released pfn 0x%llx+%llu", PA(a->pfn), PA(sim->trace->ev[k].size));
}

static void do_pin(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_area *a = &sim->areas[sim->target[i]];
	unsigned long first = (unsigned long)(e->pfn - a->base_pfn);

	if (e->verb == RMEM_SIM_UNPIN) {
		for (unsigned long k = 0; k < e->size; k++) {
			if (a->pins[first + k])
				continue;
			r->err = -EINVAL;
			say(r, "-EINVAL: pfn 0x%llx is not pinned, nothing changed", PA(e->pfn + k));
			return;
		}
	}
	for (unsigned long k = 0; k < e->size; k++) {
		unsigned int *pin = &a->pins[first + k];

		if (e->verb == RMEM_SIM_PIN)
			a->nr_pinned += !(*pin)++;
		else
			a->nr_pinned -= !--(*pin);
	}
	say(r, "%s pfn 0x%llx+%llu", e->verb == RMEM_SIM_PIN ? "pinned" : "unpinned", PA(e->pfn),
	    PA(e->size));
}

static void run_event(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_dev *d = !sim_on_area(e->verb) ? &sim->devs[sim->target[i]] : NULL;

	switch (e->verb) {
	case RMEM_SIM_INIT:
		do_init(sim, d, e, r);
		break;
	case RMEM_SIM_RELEASE:
		rmem_of_reserved_mem_device_release(sim->ctx, &d->dev);
		say(r, "ok: released");
		break;
	case RMEM_SIM_MASK:
		r->err = rmem_dma_set_coherent_mask(sim->ctx, &d->dev,
						    e->size == 64 ? ~0ull : (1ull << e->size) - 1);
		if (r->err)
			say(r, "%s: dma_supported() refused the mask: below 32 bits and below the end "
			    "of RAM, the coherent mask stays 0x%llx", rmem_sim_errname(r->err),
			    PA(d->dev.coherent_dma_mask));
		else
			say(r, "ok: coherent mask 0x%llx", PA(d->dev.coherent_dma_mask));
		break;
	case RMEM_SIM_ALLOC:
		do_alloc(sim, i, d, r);
		break;
	case RMEM_SIM_FREE:
		do_free(sim, i, d, r);
		break;
	case RMEM_SIM_CMA_ALLOC:
		do_cma_alloc(sim, i, r);
		break;
	case RMEM_SIM_CMA_RELEASE:
		do_cma_release(sim, i, r);
		break;
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		do_pin(sim, i, r);
		break;
	case RMEM_SIM_VIRTUAL:
		say(r, "ok: a device of no node, %scoherent, coherent mask 0x%llx",
		    d->dev.coherent ? "" : "not ", PA(d->dev.coherent_dma_mask));
		break;
	}
}

int rmem_sim_run(struct rmem_sim *sim)
{
	/*
	 * postcore_initcall: the atomic pools take their pages from the
	 * default area before any driver runs; when it cannot give them, the
	 * page allocator does, so the error changes nothing here
	 */
	(void)rmem_dma_atomic_pools_init(sim->ctx);
	rmem_cma_set_range_hook(sim->ctx, range_hook, sim);
	sim->hooked = true;
	for (size_t i = 0; i < sim->trace->nr; i++) {
		struct rmem_sim_result *r = &sim->results[i];
		struct rmem_log *log = &sim->ctx->log;
		size_t dropped = log->dropped - log->dropped_debug;

		r->ev = &sim->trace->ev[i];
		r->log_first = log->nr;
		sim->nr_busy = 0;
		run_event(sim, i, r);
		r->log_end = log->nr;
		r->log_dropped = log->dropped - log->dropped_debug - dropped;
		sim->nr_results = i + 1;
	}
	return rmem_sim_collect_usage(sim);
}
