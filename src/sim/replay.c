// SPDX-License-Identifier: GPL-2.0-only
/*
 * The replay of rmem sim: each event run on the booted context, its
 * answer and what its words need kept (format.c puts it in words on
 * demand), the kernel's lines it caused remembered; then the usage of
 * every CMA area and DMA pool.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/device.h>
#include <rmem/sim.h>

#include "internal.h"
#include "dma/coherent.h"
#include "sim/sim_internal.h"

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

const char *sim_pool_name(const struct rmem_sim *sim, const struct rmem_dma_coherent_mem *mem)
{
	for (unsigned int i = 0; i < sim->ctx->rm.reserved_mem_count; i++)
		if (sim->ctx->rm.reserved_mem[i].priv == mem && sim->ctx->rm.reserved_mem[i].handler &&
		    !strcmp(sim->ctx->rm.reserved_mem[i].handler->name, "dma"))
			return sim->ctx->rm.reserved_mem[i].name;
	return mem == sim->ctx->dma.global.mem ? "default" : "?";
}

/* of_reserved_mem_device_init(); what it assigned goes in @n (the words need it) */
static int init_device(struct rmem_sim *sim, struct sim_dev *d, const struct rmem_sim_event *e,
		       struct sim_note *n)
{
	unsigned int before = d->dev.nr_assigned;
	const struct rmem_reserved_mem *rmem;
	int err;

	d->inited = true;
	if (d->virtual)
		err = -ENODEV;	/* of_parse_phandle() on no node */
	else if (e->region[0])
		err = rmem_of_reserved_mem_device_init_by_name(sim->ctx, &d->dev, e->region);
	else
		err = rmem_of_reserved_mem_device_init_by_idx(sim->ctx, &d->dev, e->index);
	if (d->dev.nr_assigned == before)
		return err;
	rmem = d->dev.assigned[d->dev.nr_assigned - 1];
	n->assigned = rmem;
	if (rmem->handler && !strcmp(rmem->handler->name, "cma"))
		n->assigned_to = d->dev.cma_area ? rmem_cma_get_name(d->dev.cma_area) : "none";
	else
		n->assigned_to = d->dev.dma_mem ? sim_pool_name(sim, d->dev.dma_mem) : "none";
	return err;
}

/* the structured fields of @r for @a */
static void alloc_fields(struct rmem_sim *sim, const struct rmem_dma_alloc *a,
			 struct rmem_sim_result *r)
{
	r->src = a->src;
	r->has_addr = a->has_addr;
	r->addr = a->has_addr ? a->dma : 0;
	if (a->src == RMEM_DMA_SRC_POOL || a->src == RMEM_DMA_SRC_GLOBAL)
		r->area = sim_pool_name(sim, a->pool);
	else if (a->src == RMEM_DMA_SRC_CMA)
		r->area = rmem_cma_get_name(a->cma);
}

static void do_alloc(struct rmem_sim *sim, size_t i, struct sim_dev *d,
		     struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_note *n = &sim->notes[i];
	struct rmem_dma_alloc *a = &sim->dma[n->dma];

	/* a driver calling of_reserved_mem_device_init() in probe, for its memory-region */
	if (!d->inited && d->has_region) {
		struct sim_note init = { 0 };

		/* a failed implicit init is worth knowing: the driver would likely not probe */
		r->init_err = init_device(sim, d, &(struct rmem_sim_event){ .verb = RMEM_SIM_INIT },
					  &init);
	}
	r->err = rmem_dma_alloc_attrs(sim->ctx, &d->dev, e->size, e->atomic, a);
	n->ok = !r->err;
	alloc_fields(sim, a, r);
}

static void do_free(struct rmem_sim *sim, size_t i, struct sim_dev *d, struct rmem_sim_result *r)
{
	const struct sim_note *n = &sim->notes[sim->ref[i]];
	struct rmem_dma_alloc *a = &sim->dma[n->dma];

	if (!n->ok)
		return;
	r->err = rmem_dma_free_attrs(sim->ctx, &d->dev, a);
	if (!r->err)
		alloc_fields(sim, a, r);
}

static void do_cma_alloc(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_area *area = &sim->areas[sim->target[i]];
	struct sim_note *n = &sim->notes[i];

	if (e->size > ~0ul) {
		r->err = -EINVAL;
		return;
	}
	r->err = rmem_cma_alloc(area->cma, (unsigned long)e->size, e->align, false, &n->pfn);
	n->ok = !r->err;
	if (n->ok) {
		r->src = RMEM_DMA_SRC_CMA;
		r->has_addr = true;
		r->addr = n->pfn << sim->ctx->profile.page_shift;
		r->area = rmem_cma_get_name(area->cma);
	}
}

static void do_cma_release(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct sim_note *n = &sim->notes[sim->ref[i]];
	struct rmem_cma *cma = sim->areas[sim->target[i]].cma;

	if (!n->ok)
		return;
	r->err = rmem_cma_release(cma, n->pfn, (unsigned long)sim->trace->ev[sim->ref[i]].size);
	if (!r->err) {
		r->src = RMEM_DMA_SRC_CMA;
		r->has_addr = true;
		r->addr = n->pfn << sim->ctx->profile.page_shift;
		r->area = rmem_cma_get_name(cma);
	}
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
			sim->notes[i].pfn = e->pfn + k;
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
}

static void run_event(struct rmem_sim *sim, size_t i, struct rmem_sim_result *r)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	struct sim_dev *d = !sim_on_area(e->verb) ? &sim->devs[sim->target[i]] : NULL;

	switch (e->verb) {
	case RMEM_SIM_INIT:
		r->err = init_device(sim, d, e, &sim->notes[i]);
		break;
	case RMEM_SIM_RELEASE:
		rmem_of_reserved_mem_device_release(sim->ctx, &d->dev);
		break;
	case RMEM_SIM_MASK:
		r->err = rmem_dma_set_coherent_mask(sim->ctx, &d->dev,
						    e->size == 64 ? ~0ull : (1ull << e->size) - 1);
		sim->notes[i].mask = d->dev.coherent_dma_mask;
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
		sim->notes[i].mask = d->dev.coherent_dma_mask;
		break;
	}
}

/* The pinned pages event @i met, kept for its words. */
static int log_busy(struct rmem_sim *sim, size_t i)
{
	struct sim_busy *b;

	if (!sim->nr_busy)
		return 0;
	if (sim->nr_busy_log == sim->cap_busy_log) {
		size_t cap = sim->cap_busy_log ? 2 * sim->cap_busy_log : 16;

		b = realloc(sim->busy_log, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		sim->busy_log = b;
		sim->cap_busy_log = cap;
	}
	b = &sim->busy_log[sim->nr_busy_log++];
	b->ev = i;
	b->nr = sim->nr_busy;
	memcpy(b->pfn, sim->busy, sim->nr_busy * sizeof(b->pfn[0]));
	return 0;
}

/*
 * An event is some 430 bytes (three words of RMEM_SIM_MAX_WORD), long
 * written by the parser and out of the caches: a replay of a million
 * waits on memory for its verb and its size unless they are asked for
 * some events ahead.
 */
#define SIM_PREFETCH 8

static void prefetch_event(const struct rmem_sim *sim, size_t i)
{
	const struct rmem_sim_event *e;

	if (i >= sim->trace->nr)
		return;
	e = &sim->trace->ev[i];
	__builtin_prefetch(&e->verb);
	__builtin_prefetch(&e->size);
	__builtin_prefetch(&sim->notes[i], 1);
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

		prefetch_event(sim, i + SIM_PREFETCH);
		r->ev = &sim->trace->ev[i];
		r->log_first = log->nr;
		sim->nr_busy = 0;
		run_event(sim, i, r);
		if (log_busy(sim, i))
			return -ENOMEM;
		r->log_end = log->nr;
		r->log_dropped = log->dropped - log->dropped_debug - dropped;
		sim->nr_results = i + 1;
	}
	return rmem_sim_collect_usage(sim);
}
