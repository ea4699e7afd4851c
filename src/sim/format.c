// SPDX-License-Identifier: GPL-2.0-only
/*
 * A result in words, made when asked rather than kept: a replay of a
 * million events would otherwise write a few hundred bytes of text per
 * event that nobody reads when only the figures are wanted.  Everything
 * the words say was kept by the replay (replay.c) as it was at the event.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/device.h>
#include <rmem/sim.h>

#include "internal.h"
#include "sim/sim_internal.h"

#define PA(x) ((unsigned long long)(x))

/* Text built into a caller's buffer, its whole length counted as snprintf() does. */
struct words {
	char *buf;
	size_t len;
	size_t n;
};

static void say(struct words *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct words *w, const char *fmt, ...)
{
	size_t at = w->n < w->len ? w->n : w->len ? w->len - 1 : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(w->len ? w->buf + at : NULL, w->len - at, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->n += (size_t)n;
}

/* The pinned pages event @i met, or NULL: the log is in trace order. */
static const struct sim_busy *busy_of(const struct rmem_sim *sim, size_t i)
{
	size_t lo = 0, hi = sim->nr_busy_log;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sim->busy_log[mid].ev < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sim->nr_busy_log && sim->busy_log[lo].ev == i ? &sim->busy_log[lo] : NULL;
}

/* "@lead0x1,0x2" for the pinned pages in the way, nothing when none */
static void say_busy(const struct rmem_sim *sim, size_t i, const char *lead, struct words *w)
{
	const struct sim_busy *b = busy_of(sim, i);

	if (!b)
		return;
	say(w, "%s", lead);
	for (size_t k = 0; k < b->nr; k++)
		say(w, "%s0x%llx", k ? "," : "", PA(b->pfn[k]));
}

static void init_words(const struct rmem_sim_result *r, const struct sim_note *n,
		       struct words *w)
{
	if (r->err == -ENODEV)
		say(w, "%s: no such memory-region entry, or its phandle names no node",
		    rmem_sim_errname(r->err));
	else if (r->err == -EINVAL && !n->assigned)
		say(w, "-EINVAL: the region is not in the reserved_mem array with device ops "
		    "(no cma or dma handler took it), or its pool could not be made");
	else if (r->err == -EBUSY)
		say(w, "-EBUSY: the device has a coherent pool already");
	else if (r->err)
		say(w, "%s", rmem_sim_errname(r->err));
	else if (!n->assigned)
		say(w, "ok: the region is disabled, nothing assigned");
	else if (n->assigned->handler && !strcmp(n->assigned->handler->name, "cma"))
		say(w, "ok: assigned %s (cma area %s)", n->assigned->name, n->assigned_to);
	else
		say(w, "ok: assigned %s (pool %s)", n->assigned->name, n->assigned_to);
}

static void alloc_words(const struct rmem_sim *sim, size_t i, const struct rmem_sim_result *r,
			struct words *w)
{
	const struct rmem_dma_alloc *a = &sim->dma[sim->notes[i].dma];

	switch (a->src) {
	case RMEM_DMA_SRC_POOL:
	case RMEM_DMA_SRC_GLOBAL:
		say(w, "0x%llx pool %s", PA(a->dma), sim_pool_name(sim, a->pool));
		break;
	case RMEM_DMA_SRC_CMA:
		say(w, "0x%llx cma %s", PA(a->dma), rmem_cma_get_name(a->cma));
		break;
	case RMEM_DMA_SRC_ATOMIC:
		say(w, "atomic pool (not modelled: no address)");
		break;
	case RMEM_DMA_SRC_PAGES:
		say(w, "generic (the page allocator: no address)%s%s", a->why[0] ? " after: " : "",
		    a->why);
		break;
	default:
		say(w, "%s: %s", rmem_sim_errname(a->err), a->why);
		say_busy(sim, i, "; pinned pages in the way: ", w);
		break;
	}
	/* a failed implicit init is worth knowing: the driver would likely not probe */
	if (r->init_err)
		say(w, " (after the implicit init 0 failed: %s)", rmem_sim_errname(r->init_err));
}

static void free_words(const struct rmem_sim *sim, size_t i, const struct rmem_sim_result *r,
		       struct words *w)
{
	long k = sim->ref[i];
	const struct rmem_dma_alloc *a = &sim->dma[sim->notes[k].dma];

	if (!sim->notes[k].ok)
		say(w, "nothing to free: the allocation at line %u failed", sim->trace->ev[k].line);
	else if (r->err == -EFAULT)
		say(w, "-EFAULT: the device no longer has the pool it came from; the kernel would "
		    "give pool memory to the page allocator: refused, nothing changed");
	else if (r->err)
		say(w, "%s: refused, nothing changed", rmem_sim_errname(r->err));
	else if (a->leaked)
		say(w, "freed 0x%llx to the page allocator: the device's CMA area now is not "
		    "cma %s, which keeps the pages marked allocated", PA(a->dma),
		    rmem_cma_get_name(a->cma));
	else if (a->has_addr)
		say(w, "freed 0x%llx to %s", PA(a->dma), rmem_dma_source_name(a->src));
	else
		say(w, "freed to %s", rmem_dma_source_name(a->src));
}

static void cma_words(const struct rmem_sim *sim, size_t i, const struct rmem_sim_result *r,
		      struct words *w)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];
	const struct sim_note *n = &sim->notes[i];

	if (e->verb == RMEM_SIM_CMA_RELEASE) {
		long k = sim->ref[i];

		if (!sim->notes[k].ok)
			say(w, "nothing to release: the allocation at line %u failed",
			    sim->trace->ev[k].line);
		else if (r->err)
			say(w, "%s: refused, nothing changed", rmem_sim_errname(r->err));
		else
			say(w, "released pfn 0x%llx+%llu", PA(sim->notes[k].pfn),
			    PA(sim->trace->ev[k].size));
	} else if (e->size > ~0ul) {
		say(w, "-EINVAL: COUNT does not fit an unsigned long");
	} else if (n->ok) {
		say(w, "0x%llx cma %s (pfn 0x%llx)", PA(r->addr), r->area, PA(n->pfn));
	} else {
		say(w, "%s", rmem_sim_errname(r->err));
		say_busy(sim, i, ": pinned pages in the way: ", w);
	}
}

static void pin_words(const struct rmem_sim *sim, size_t i, const struct rmem_sim_result *r,
		      struct words *w)
{
	const struct rmem_sim_event *e = &sim->trace->ev[i];

	if (r->err)
		say(w, "-EINVAL: pfn 0x%llx is not pinned, nothing changed", PA(sim->notes[i].pfn));
	else
		say(w, "%s pfn 0x%llx+%llu", e->verb == RMEM_SIM_PIN ? "pinned" : "unpinned",
		    PA(e->pfn), PA(e->size));
}

static void event_words(const struct rmem_sim *sim, size_t i, struct words *w)
{
	const struct rmem_sim_result *r = &sim->results[i];
	const struct sim_note *n = &sim->notes[i];

	switch (r->ev->verb) {
	case RMEM_SIM_INIT:
		init_words(r, n, w);
		break;
	case RMEM_SIM_RELEASE:
		say(w, "ok: released");
		break;
	case RMEM_SIM_MASK:
		if (r->err)
			say(w, "%s: dma_supported() refused the mask: below 32 bits and below the end "
			    "of RAM, the coherent mask stays 0x%llx", rmem_sim_errname(r->err),
			    PA(n->mask));
		else
			say(w, "ok: coherent mask 0x%llx", PA(n->mask));
		break;
	case RMEM_SIM_ALLOC:
		alloc_words(sim, i, r, w);
		break;
	case RMEM_SIM_FREE:
		free_words(sim, i, r, w);
		break;
	case RMEM_SIM_CMA_ALLOC:
	case RMEM_SIM_CMA_RELEASE:
		cma_words(sim, i, r, w);
		break;
	case RMEM_SIM_PIN:
	case RMEM_SIM_UNPIN:
		pin_words(sim, i, r, w);
		break;
	case RMEM_SIM_VIRTUAL:
		say(w, "ok: a device of no node, %scoherent, coherent mask 0x%llx",
		    sim->devs[sim->target[i]].dev.coherent ? "" : "not ", PA(n->mask));
		break;
	}
}

int rmem_sim_result_format(const struct rmem_sim *sim, size_t i, char *buf, size_t len)
{
	struct words w = { .buf = buf, .len = len };

	if (len)
		buf[0] = '\0';
	if (i >= sim->nr_results)
		return -ERANGE;
	event_words(sim, i, &w);
	return w.n > INT_MAX ? INT_MAX : (int)w.n;
}

static const char *const verb_names[] = {
	[RMEM_SIM_INIT] = "init", [RMEM_SIM_RELEASE] = "release", [RMEM_SIM_MASK] = "mask",
	[RMEM_SIM_ALLOC] = "alloc", [RMEM_SIM_FREE] = "free", [RMEM_SIM_CMA_ALLOC] = "cma alloc",
	[RMEM_SIM_CMA_RELEASE] = "cma release", [RMEM_SIM_PIN] = "pin", [RMEM_SIM_UNPIN] = "unpin",
	[RMEM_SIM_VIRTUAL] = "virtual",
};

const char *rmem_sim_verb_name(enum rmem_sim_verb verb)
{
	if ((unsigned int)verb < sizeof(verb_names) / sizeof(verb_names[0]) && verb_names[verb])
		return verb_names[verb];
	return "?";
}
