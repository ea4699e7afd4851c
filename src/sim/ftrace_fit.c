// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --ftrace: a capture's records made into the trace to replay on
 * one board (include/rmem/sim_ftrace.h, rmem_sim_capture_fit()).
 *
 * A dma_alloc() that cma served is three records on the same task:
 * cma_alloc_start, cma_alloc_finish, then dma_alloc (dma_alloc_attrs()
 * traces after ops->alloc); a dma_free() is dma_free, then cma_release.
 * Those inner cma records are folded into their dma record, which the
 * replay runs through the device's own path; cma records of no dma record
 * (kernels without the dma events, or another caller of cma_alloc())
 * replay as cma verbs.  Pairs are found by address only, so a capture
 * whose addresses were all rewritten the same way replays the same.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/cma.h>
#include <rmem/contiguous.h>
#include <rmem/device.h>
#include <rmem/sim_ftrace.h>

#include "internal.h"
#include "sim/sim_internal.h"

/* How far an allocation's own cma records may sit from its dma record. */
#define INNER_WINDOW 64

struct mapped {
	char name[RMEM_SIM_MAX_WORD];
	char path[RMEM_SIM_MAX_WORD];	/* "" when the name maps to no node */
};

/*
 * A live dma allocation, [addr, end) on device dev[dev]; kept sorted by
 * address: live buffers never overlap, so one given where another still
 * is tells that the other was freed (device addresses are physical: no
 * IOMMU, as in rmem's model).
 */
struct dlive {
	uint64_t addr, end;
	long dev;
	long ev;
};

/* A live cma allocation: area -1 - who's, at a pfn. */
struct live {
	long who;
	uint64_t addr;
	long ev;			/* the alloc event; -1 empty, -2 deleted */
};

struct fit {
	struct rmem_ctx *ctx;
	struct rmem_sim_capture *c;
	struct mapped *dev;
	size_t nr_dev, cap_dev;
	long *owner;			/* per record: the dma record it is folded into, or -1 */
	struct live *live;
	size_t live_mask;
	struct dlive *dl;
	size_t nr_dl, cap_dl;
	bool atomic_pending;		/* an atomic dma_alloc replayed since the pool last grew */
	bool grown_ahead;		/* the pool grew before the atomic dma_alloc that asked it to */
};

/* The first live dma allocation that ends after @addr (nr_dl if none). */
static size_t dl_first(const struct fit *f, uint64_t addr)
{
	size_t lo = 0, hi = f->nr_dl;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->dl[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void dl_remove(struct fit *f, size_t i)
{
	memmove(&f->dl[i], &f->dl[i + 1], (f->nr_dl - i - 1) * sizeof(*f->dl));
	f->nr_dl--;
}

static int dl_insert(struct fit *f, const struct dlive *l)
{
	size_t i = dl_first(f, l->addr);

	if (f->nr_dl == f->cap_dl) {
		size_t cap = f->cap_dl ? 2 * f->cap_dl : 64;
		struct dlive *n = realloc(f->dl, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		f->dl = n;
		f->cap_dl = cap;
	}
	memmove(&f->dl[i + 1], &f->dl[i], (f->nr_dl - i) * sizeof(*f->dl));
	f->dl[i] = *l;
	f->nr_dl++;
	return 0;
}

static size_t live_hash(long who, uint64_t addr)
{
	uint64_t h = (addr ^ ((uint64_t)who << 48)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h ^ (h >> 29));
}

/* The slot of (@who, @addr), or of the empty one to take. */
static struct live *live_slot(struct fit *f, long who, uint64_t addr, bool take)
{
	struct live *del = NULL;

	for (size_t i = live_hash(who, addr) & f->live_mask;; i = (i + 1) & f->live_mask) {
		struct live *l = &f->live[i];

		if (l->ev == -1)
			return take ? (del ? del : l) : NULL;
		if (l->ev == -2) {
			if (!del)
				del = l;
			continue;
		}
		if (l->addr == addr && l->who == who)
			return l;
	}
}

static int push_event(struct fit *f, const struct rmem_sim_event *e,
		      const struct rmem_sim_seen *s)
{
	struct rmem_sim_capture *c = f->c;
	struct rmem_sim_seen *n;

	if (sim_trace_push(&c->trace, e))
		return -ENOMEM;
	n = realloc(c->seen, c->trace.cap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	c->seen = n;
	c->seen[c->trace.nr - 1] = *s;
	return 0;
}

/* @comp ("ADDR.NAME", "ADDR.BIT.NAME" or a node's full name) names @node? */
static bool names_node(const struct rmem_fdt *fdt, int node, const char *comp)
{
	const char *full = rmem_fdt_name(fdt, node), *at = strchr(full, '@'), *dot;
	size_t base = at ? (size_t)(at - full) : strlen(full);
	char *end;
	uint64_t addr;

	if (!strcmp(full, comp))
		return true;
	/* of_device_make_bus_id(): "%llx.%pOFn" from the node's translated reg */
	dot = strrchr(comp, '.');
	if (!at || !dot || strlen(dot + 1) != base || strncmp(dot + 1, full, base))
		return false;
	addr = strtoull(comp, &end, 16);
	return end != comp && (*end == '.') && addr == strtoull(at + 1, NULL, 16);
}

/*
 * @name names @node as of_device_make_bus_id() names a platform device:
 * one part per node, the node's own last, each parent's before it after a
 * ':', up to the first that has reg ("ADDR.NAME") or a child of the root.
 */
static bool names_chain(const struct rmem_fdt *fdt, int node, const char *name)
{
	const char *end = name + strlen(name);

	for (;;) {
		const char *start = end;
		char part[RMEM_SIM_MAX_WORD];

		while (start > name && start[-1] != ':')
			start--;
		snprintf(part, sizeof(part), "%.*s", (int)(end - start), start);
		if (!names_node(fdt, node, part))
			return false;
		if (start == name)
			return true;
		node = fdt_parent_offset(fdt->blob, node);
		if (node <= 0)
			return false;	/* the root is no part */
		end = start - 1;
	}
}

/* The node a capture's device name names: a path, or one node its platform device name names. */
static int device_node(const struct rmem_fdt *fdt, const char *name)
{
	int node, found = -1, n = 0;

	if (name[0] == '/')
		return fdt_path_offset(fdt->blob, name);
	for (node = fdt_next_node(fdt->blob, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt->blob, node, NULL)) {
		if (names_chain(fdt, node, name)) {
			found = node;
			n++;
		}
	}
	return n == 1 ? found : -1;
}

/* dev[]'s entry for @name, its path "" when it maps to no node; -ENOMEM. */
static long map_device(struct fit *f, const char *name)
{
	const struct rmem_fdt *fdt = f->ctx->fdt;
	struct rmem_device dev;
	struct mapped *m;
	int node;

	for (size_t i = 0; i < f->nr_dev; i++)
		if (!strcmp(f->dev[i].name, name))
			return (long)i;
	if (f->nr_dev == f->cap_dev) {
		size_t cap = f->cap_dev ? 2 * f->cap_dev : 8;

		m = realloc(f->dev, cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		f->dev = m;
		f->cap_dev = cap;
	}
	m = &f->dev[f->nr_dev++];
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->path[0] = '\0';
	node = fdt ? device_node(fdt, name) : -1;
	/* a node that is no platform device (the root) is no device for the replay either */
	if (node >= 0 && rmem_device_setup(f->ctx, node, &dev))
		node = -1;
	if (node >= 0 && fdt_get_path(fdt->blob, node, m->path, sizeof(m->path)) < 0)
		m->path[0] = '\0';
	return (long)f->nr_dev - 1;
}

/* The index of the area a cma record names: by name, or (5.10) by its pfn; -1. */
static int map_area(struct fit *f, const struct rmem_sim_capture_record *r)
{
	unsigned int n = rmem_cma_area_count(f->ctx);
	uint64_t phys = r->addr << f->ctx->profile.page_shift;

	for (unsigned int i = 0; i < n; i++) {
		const struct rmem_cma *a = rmem_cma_area(f->ctx, i);

		if (r->name[0] ? !strcmp(rmem_cma_get_name(a), r->name) :
				 phys - rmem_cma_get_base(a) < rmem_cma_get_size(a))
			return (int)i;
	}
	return -1;
}

/* Mark the cma records that are dma record @k's own work: same task, nothing else between. */
static void fold_inner(struct fit *f, size_t k)
{
	const struct rmem_sim_capture_record *rec = f->c->rec, *d = &rec[k];
	bool alloc = d->kind == RMEM_SIM_CAP_DMA_ALLOC;
	size_t n = f->c->nr_rec;

	for (size_t step = 1; step <= INNER_WINDOW; step++) {
		size_t j = alloc ? k - step : k + step;
		const struct rmem_sim_capture_record *r;

		if (alloc ? step > k : j >= n)
			return;
		r = &rec[j];
		if (strcmp(r->task, d->task))
			continue;
		if (strncmp(r->event, "cma_", 4))
			return;		/* the task did something else first */
		if (alloc && r->kind == RMEM_SIM_CAP_CMA_ALLOC) {
			f->owner[j] = (long)k;
		} else if (!alloc && r->kind == RMEM_SIM_CAP_CMA_RELEASE) {
			f->owner[j] = (long)k;
			return;
		}
	}
}

static void set_tag(struct rmem_sim_event *e, unsigned int line)
{
	snprintf(e->tag, sizeof(e->tag), "L%u", line);
}

/*
 * The atomic pools grow from the default CMA area in a worker
 * (atomic_pool_work_fn(), a kworker) when an atomic allocation leaves one
 * low; the model grows its pools itself after each atomic alloc it
 * replays, so that cma_alloc is the model's already.  Without dma events
 * (6.1) no atomic alloc is replayed, and the growth replays as a cma verb.
 * The worker can also run before the allocation that scheduled it emits
 * its dma_alloc (it preempts it, seen on one CPU): then the next dma event
 * is that atomic dma_alloc, of another task.
 */
static bool atomic_alloc_next(const struct fit *f, size_t k)
{
	const struct rmem_sim_capture_record *r;
	size_t j;

	for (j = k + 1; j < f->c->nr_rec; j++) {
		r = &f->c->rec[j];
		if (r->kind == RMEM_SIM_CAP_DMA_ALLOC)
			return r->atomic && strcmp(r->task, f->c->rec[k].task);
		if (r->kind == RMEM_SIM_CAP_DMA_FREE)
			return false;
	}
	return false;
}

static bool atomic_pool_growth(struct fit *f, size_t k, int k_area)
{
	const struct rmem_sim_capture_record *r = &f->c->rec[k];

	if (strncmp(r->task, "kworker/", 8) ||
	    rmem_cma_area(f->ctx, (unsigned int)k_area) != rmem_dma_contiguous_default_area(f->ctx))
		return false;
	if (f->atomic_pending)
		return true;
	f->grown_ahead = atomic_alloc_next(f, k);
	return f->grown_ahead;
}

static int fit_cma(struct fit *f, size_t k)
{
	const struct rmem_sim_capture_record *r = &f->c->rec[k];
	struct rmem_sim_event e = { .line = r->line };
	struct rmem_sim_seen s = { .event = r->event };
	int k_area = map_area(f, r);
	const char *area;
	struct live *l;

	if (k_area < 0)
		return r->name[0] ?
			sim_capture_note(f->c, r->line, "%s: no CMA area '%s' on this board: not replayed",
			     r->event, r->name) :
			sim_capture_note(f->c, r->line, "%s: pfn 0x%" PRIx64 " is in no CMA area of this board "
			     "(this event names no area): not replayed", r->event, r->addr);
	area = rmem_cma_get_name(rmem_cma_area(f->ctx, (unsigned int)k_area));
	if (r->kind == RMEM_SIM_CAP_CMA_ALLOC && atomic_pool_growth(f, k, k_area)) {
		f->atomic_pending = false;
		return sim_capture_note(f->c, r->line, "%s by %s on %s: the atomic pool growing "
					"%s atomic dma_alloc, which the model does itself: not "
					"replayed", r->event, r->task, area,
					f->grown_ahead ? "for the next" : "after an");
	}
	snprintf(e.subject, sizeof(e.subject), "%s", area);
	if (r->kind == RMEM_SIM_CAP_CMA_RELEASE) {
		l = live_slot(f, -1 - k_area, r->addr, false);
		if (!l)
			return sim_capture_note(f->c, r->line, "cma_release of pfn 0x%" PRIx64 " in %s, which no "
				    "earlier allocation of the capture gave: not replayed",
				    r->addr, area);
		e.verb = RMEM_SIM_CMA_RELEASE;
		snprintf(e.tag, sizeof(e.tag), "%s", f->c->trace.ev[l->ev].tag);
		l->ev = -2;
		return push_event(f, &e, &s);
	}
	e.verb = RMEM_SIM_CMA_ALLOC;
	e.size = r->count;
	e.align = r->align;
	set_tag(&e, r->line);
	s.failed = r->failed;
	s.has_addr = !r->failed;
	s.addr = r->addr << f->ctx->profile.page_shift;
	if (!r->failed) {
		l = live_slot(f, -1 - k_area, r->addr, true);
		*l = (struct live){ .who = -1 - k_area, .addr = r->addr, .ev = (long)f->c->trace.nr };
	}
	return push_event(f, &e, &s);
}

/* dma record @k's cma area, from its folded cma_alloc_finish */
static void via_area(struct fit *f, size_t k, struct rmem_sim_seen *s)
{
	for (size_t j = k > INNER_WINDOW ? k - INNER_WINDOW : 0; j < k; j++)
		if (f->owner[j] == (long)k && !f->c->rec[j].failed)
			snprintf(s->via, sizeof(s->via), "%s", f->c->rec[j].name);
}

/*
 * A dma_alloc over a buffer the capture still has live: the board freed
 * that one without an event (a no-map pool's dma_free() returns before
 * the trace point), so its free is inferred here.
 */
static int infer_free(struct fit *f, size_t i, const struct rmem_sim_capture_record *r)
{
	const struct rmem_sim_event *a = &f->c->trace.ev[f->dl[i].ev];
	struct rmem_sim_event e = { .line = r->line, .verb = RMEM_SIM_FREE };
	struct rmem_sim_seen s = { .event = "dma_free", .inferred = true };

	snprintf(e.subject, sizeof(e.subject), "%s", a->subject);
	snprintf(e.tag, sizeof(e.tag), "%s", a->tag);
	dl_remove(f, i);
	if (sim_capture_note(f->c, r->line, "dma_addr %" PRIx64 "+%" PRIu64 " given to %s overlaps "
			     "the allocation of line %u (%s), which has no dma_free: freed just "
			     "before (a no-map pool's free is not traced)",
			     r->addr, r->count, r->name, a->line, a->subject))
		return -ENOMEM;
	return push_event(f, &e, &s);
}

static int fit_dma_free(struct fit *f, long d, const struct rmem_sim_capture_record *r)
{
	struct rmem_sim_event e = { .line = r->line, .verb = RMEM_SIM_FREE };
	struct rmem_sim_seen s = { .event = r->event };
	size_t i = dl_first(f, r->addr);

	if (i == f->nr_dl || f->dl[i].addr != r->addr || f->dl[i].dev != d)
		return sim_capture_note(f->c, r->line, "dma_free of dma_addr %" PRIx64 " by %s, which "
					"no earlier dma_alloc of the capture gave: not replayed",
					r->addr, r->name);
	snprintf(e.subject, sizeof(e.subject), "%s", f->dev[d].path);
	snprintf(e.tag, sizeof(e.tag), "%s", f->c->trace.ev[f->dl[i].ev].tag);
	dl_remove(f, i);
	return push_event(f, &e, &s);
}

static int fit_dma(struct fit *f, size_t k)
{
	const struct rmem_sim_capture_record *r = &f->c->rec[k];
	struct rmem_sim_event e = { .line = r->line, .verb = RMEM_SIM_ALLOC };
	struct rmem_sim_seen s = { .event = r->event };
	struct dlive l = { .addr = r->addr, .end = r->addr + r->count };
	long d = map_device(f, r->name);
	size_t i;

	if (d < 0)
		return -ENOMEM;
	if (!f->dev[d].path[0])
		return r->kind == RMEM_SIM_CAP_DMA_FREE ? 0 :
			sim_capture_note(f->c, r->line, "%s: device '%s' maps to no device-tree node "
					 "(by path, full node name or ADDR.NAME): not replayed",
					 r->event, r->name);
	if (r->kind == RMEM_SIM_CAP_DMA_FREE)
		return fit_dma_free(f, d, r);
	if (l.end < l.addr)
		l.end = UINT64_MAX;
	for (i = dl_first(f, l.addr); !r->failed && i < f->nr_dl && f->dl[i].addr < l.end;)
		if (infer_free(f, i, r))
			return -ENOMEM;
	snprintf(e.subject, sizeof(e.subject), "%s", f->dev[d].path);
	e.size = r->count;
	e.atomic = r->atomic;
	set_tag(&e, r->line);
	s.failed = r->failed;
	s.has_addr = !r->failed;
	s.addr = r->addr;
	via_area(f, k, &s);
	/* a growth that came ahead of this alloc was this alloc's */
	f->atomic_pending |= r->atomic && !f->grown_ahead;
	f->grown_ahead &= !r->atomic;
	l.dev = d;
	l.ev = (long)f->c->trace.nr;
	if (!r->failed && dl_insert(f, &l))
		return -ENOMEM;
	return push_event(f, &e, &s);
}

static int fit_all(struct fit *f)
{
	struct rmem_sim_capture *c = f->c;
	int ret = 0;

	for (size_t k = 0; k < c->nr_rec; k++) {
		const struct rmem_sim_capture_record *r = &c->rec[k];
		long d;

		if (r->kind != RMEM_SIM_CAP_DMA_ALLOC && r->kind != RMEM_SIM_CAP_DMA_FREE)
			continue;
		d = map_device(f, r->name);
		if (d < 0)
			return -ENOMEM;
		if (f->dev[d].path[0])
			fold_inner(f, k);
	}
	for (size_t k = 0; !ret && k < c->nr_rec; k++) {
		if (f->owner[k] >= 0)
			continue;
		switch (c->rec[k].kind) {
		case RMEM_SIM_CAP_CMA_ALLOC:
		case RMEM_SIM_CAP_CMA_RELEASE:
			ret = fit_cma(f, k);
			break;
		case RMEM_SIM_CAP_DMA_ALLOC:
		case RMEM_SIM_CAP_DMA_FREE:
			ret = fit_dma(f, k);
			break;
		default:
			break;
		}
	}
	return ret;
}

int rmem_sim_capture_fit(struct rmem_ctx *ctx, struct rmem_sim_capture *c)
{
	struct fit f = { .ctx = ctx, .c = c };
	size_t slots = 16;
	int ret = -ENOMEM;

	while (slots < 2 * c->nr_rec + 2)
		slots *= 2;
	rmem_sim_trace_release(&c->trace);
	free(c->seen);
	c->seen = NULL;
	c->trace.file = strdup(c->file);
	f.owner = malloc((c->nr_rec ? c->nr_rec : 1) * sizeof(*f.owner));
	f.live = malloc(slots * sizeof(*f.live));
	if (c->trace.file && f.owner && f.live) {
		for (size_t i = 0; i < c->nr_rec; i++)
			f.owner[i] = -1;
		for (size_t i = 0; i < slots; i++)
			f.live[i].ev = -1;
		f.live_mask = slots - 1;
		ret = fit_all(&f);
	}
	free(f.owner);
	free(f.live);
	free(f.dl);
	free(f.dev);
	return ret;
}

bool rmem_sim_capture_drift(const struct rmem_sim_capture *c, size_t i,
			    const struct rmem_sim_result *r)
{
	const struct rmem_sim_seen *s = &c->seen[i];
	enum rmem_sim_verb v = c->trace.ev[i].verb;

	if (v != RMEM_SIM_ALLOC && v != RMEM_SIM_CMA_ALLOC)
		return false;
	if (s->failed != (r->err != 0))
		return true;
	return !s->failed && r->has_addr && r->addr != s->addr;
}

void rmem_sim_set_capture(struct rmem_sim *sim, const struct rmem_sim_capture *c)
{
	sim->capture = c;
}

const struct rmem_sim_capture *rmem_sim_get_capture(const struct rmem_sim *sim)
{
	return sim->capture;
}
