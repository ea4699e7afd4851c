// SPDX-License-Identifier: GPL-2.0-only
/*
 * Overlaps.  The kernel's __rmem_check_for_overlap() sorts its array and
 * compares each region with the next one only, and its array holds one
 * entry per node (the first reg entry, 6.12 saying it ignores the rest):
 * a region overlapping one further on, a second reg entry, a node the
 * array had no room for, and the early reservations are never compared.
 * rmem compares every pair and reports those the boot left unsaid (the
 * pairs the simulated check reported are recorded by it, so what "the
 * kernel says" is that profile's own).  And a CMA area over no-map memory:
 * the kernel checks neither a fixed cma= nor a reusable region against it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/check_internal.h"

/* A range something claims: a region's reg entry or placement, or an early reservation. */
struct extent {
	rmem_phys_t base, end;
	int node;			/* the region's fdt offset; -1 for a reservation */
	unsigned int owner;		/* node record index, or NR + reservation index */
};

struct extents {
	struct extent *e;
	size_t nr, cap;
	char (*names)[96];		/* the early reservations' names, by owner - nr_nodes */
	unsigned int nr_nodes;
	size_t nr_plan;			/* of which --reserve options, the /memreserve/ entries after */
};

static int extent_add(struct extents *x, rmem_phys_t base, rmem_phys_t size, int node,
		      unsigned int owner)
{
	if (!size)
		return 0;
	if (x->nr == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 32;
		struct extent *n = realloc(x->e, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		x->e = n;
		x->cap = cap;
	}
	x->e[x->nr++] = (struct extent){
		.base = base, .end = base + size < base ? RMEM_PHYS_MAX : base + size,
		.node = node, .owner = owner,
	};
	return 0;
}

static int node_extents(struct check_run *run, struct extents *x)
{
	const struct rmem_ctx *ctx = run->ctx;
	int ret = 0;

	for (unsigned int i = 0; i < ctx->rm.node_count && !ret; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		rmem_phys_t base, size;

		if (n->dynamic && n->size && (n->state == RMEM_NODE_RESERVED ||
					      n->state == RMEM_NODE_INITIALIZED ||
					      n->state == RMEM_NODE_HANDLER_FAILED))
			ret = extent_add(x, n->base, n->size, n->fdt_node, i);
		if (!check_node_has_reg_entries(n))
			continue;
		for (unsigned int e = 0; !ret && check_reg_entry(ctx, n->fdt_node, e, &base, &size);
		     e++)
			ret = extent_add(x, base, size, n->fdt_node, i);
	}
	return ret;
}

static int reservation_extents(struct check_run *run, struct extents *x)
{
	const struct rmem_plan_options *plan = run->opt ? run->opt->plan : NULL;
	size_t nr_plan = plan ? plan->nr_reserve : 0;
	size_t nr_rsv = rmem_fdt_memreserve_count(run->ctx->fdt);
	int ret = 0;

	x->nr_nodes = run->ctx->rm.node_count;
	x->nr_plan = nr_plan;
	x->names = calloc(nr_plan + nr_rsv + 1, sizeof(*x->names));
	if (!x->names)
		return -ENOMEM;
	for (size_t i = 0; i < nr_plan && !ret; i++) {
		check_reserve_name(run, x->names[i], sizeof(x->names[i]), i, plan->reserve[i].base,
				   plan->reserve[i].size);
		ret = extent_add(x, plan->reserve[i].base, plan->reserve[i].size, -1,
				 x->nr_nodes + (unsigned int)i);
	}
	for (size_t i = 0; i < nr_rsv && !ret; i++) {
		uint64_t base, size;

		rmem_fdt_memreserve(run->ctx->fdt, i, &base, &size);
		snprintf(x->names[nr_plan + i], sizeof(x->names[0]), "/memreserve/ entry %zu", i);
		ret = extent_add(x, base, size, -1, x->nr_nodes + (unsigned int)(nr_plan + i));
	}
	return ret;
}

static int extent_cmp(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return (x->owner > y->owner) - (x->owner < y->owner);
}

/* The pairs the kernel reported, each (lower offset, higher), sorted for bsearch. */
struct reported {
	struct rmem_rm_overlap *pair;
	size_t nr;
};

static int pair_cmp(const void *a, const void *b)
{
	const struct rmem_rm_overlap *x = a, *y = b;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

static int reported_load(const struct rmem_rm_state *rm, struct reported *r)
{
	r->nr = rm->nr_overlaps;
	r->pair = malloc((r->nr + 1) * sizeof(*r->pair));
	if (!r->pair)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr; i++) {
		const struct rmem_rm_overlap *o = &rm->overlaps[i];

		r->pair[i] = (struct rmem_rm_overlap){ o->a < o->b ? o->a : o->b,
						       o->a < o->b ? o->b : o->a };
	}
	qsort(r->pair, r->nr, sizeof(*r->pair), pair_cmp);
	return 0;
}

static bool reported_has(const struct reported *r, int a, int b)
{
	struct rmem_rm_overlap key = { a < b ? a : b, a < b ? b : a };

	return bsearch(&key, r->pair, r->nr, sizeof(key), pair_cmp) != NULL;
}

/* Pairs already given a finding, so that two entries of one node say it once. */
struct said {
	unsigned int (*pair)[2];
	size_t nr, cap;
};

static bool said_before(struct said *s, unsigned int a, unsigned int b, int *err)
{
	for (size_t i = 0; i < s->nr; i++)
		if (s->pair[i][0] == a && s->pair[i][1] == b)
			return true;
	if (s->nr == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		unsigned int (*n)[2] = realloc(s->pair, cap * sizeof(*n));

		if (!n) {
			*err = -ENOMEM;
			return true;
		}
		s->pair = n;
		s->cap = cap;
	}
	s->pair[s->nr][0] = a;
	s->pair[s->nr++][1] = b;
	return false;
}

static const char *extent_name(const struct check_run *run, const struct extents *x,
			       const struct extent *e)
{
	if (e->node >= 0)
		return run->ctx->rm.nodes[e->owner].name;
	return x->names[e->owner - x->nr_nodes];
}

static void extent_subject(struct check_run *run, const struct extents *x,
			   struct rmem_finding *f, const struct extent *e)
{
	if (e->node >= 0)
		check_node(run, f, e->node, e->base, e->end - e->base);
	else
		check_subject(run, f, extent_name(run, x, e), e->base, e->end - e->base);
}

/* "a@50000000 (0x50000000-0x51000000)"; a --reserve's name says its range already */
static const char *describe(const struct check_run *run, const struct extents *x,
			    const struct extent *e, char *buf, size_t len)
{
	char range[48];

	if (e->node < 0 && e->owner - x->nr_nodes < x->nr_plan)
		snprintf(buf, len, "%s", extent_name(run, x, e));
	else
		snprintf(buf, len, "%s (%s)", extent_name(run, x, e),
			 check_range_str(range, sizeof(range), e->base, e->end - e->base));
	return buf;
}

static void report_pair(struct check_run *run, const struct extents *x, const struct extent *a,
			const struct extent *b)
{
	rmem_phys_t lo = a->base > b->base ? a->base : b->base;
	rmem_phys_t hi = a->end < b->end ? a->end : b->end;
	char ra[160], rb[160], size[32];
	struct rmem_finding *f;

	describe(run, x, a, ra, sizeof(ra));
	describe(run, x, b, rb, sizeof(rb));
	rmem_size_str(size, sizeof(size), hi - lo);
	if (a->node >= 0 && b->node >= 0)
		f = check_add(run, CHECK_OVERLAP_UNREPORTED,
			      "move or shrink one of them, so that no byte belongs to both",
			      "%s and %s overlap by %s, and the kernel does not say so: its check "
			      "compares each region with the next one in address order only, and "
			      "only a node's first reg entry", ra, rb, size);
	else
		f = check_add(run, CHECK_OVERLAP_UNREPORTED,
			      "move the region, or the early reservation, so that they do not meet",
			      "%s and %s overlap by %s: the kernel's overlap check knows only "
			      "/reserved-memory regions, and a region reserved over an early "
			      "reservation is reserved without a word", ra, rb, size);
	extent_subject(run, x, f, a);
	extent_subject(run, x, f, b);
}

static bool is_plan(const struct extents *x, const struct extent *e)
{
	return e->node < 0 && e->owner - x->nr_nodes < x->nr_plan;
}

/* One pair: a finding unless the kernel reported it, or it was said already. */
static void consider_pair(struct check_run *run, const struct extents *x,
			  const struct reported *rep, struct said *said, const struct extent *a,
			  const struct extent *b)
{
	unsigned int lo = a->owner < b->owner ? a->owner : b->owner;
	unsigned int hi = a->owner < b->owner ? b->owner : a->owner;

	if (a->owner == b->owner)
		return;
	/* an early reservation over a region: image-over-* says it (check_loads.c) */
	if (is_plan(x, a) != is_plan(x, b))
		return;
	if (a->node >= 0 && b->node >= 0 && reported_has(rep, a->node, b->node))
		return;
	if (said_before(said, lo, hi, &run->err))
		return;
	/* in tree order: the region the board lists first is named first */
	if (a->owner > b->owner)
		report_pair(run, x, b, a);
	else
		report_pair(run, x, a, b);
}

static int owner_cmp(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	return (x->base > y->base) - (x->base < y->base);
}

/*
 * One owner's own overlapping ranges made one (a reg of 65,000 entries
 * over the same bytes is one range to compare, not 2 billion pairs).
 */
static void merge_owners(struct extents *x)
{
	size_t n = 0;

	qsort(x->e, x->nr, sizeof(*x->e), owner_cmp);
	for (size_t i = 0; i < x->nr; i++) {
		struct extent *last = n ? &x->e[n - 1] : NULL;

		if (last && last->owner == x->e[i].owner && x->e[i].base < last->end) {
			if (x->e[i].end > last->end)
				last->end = x->e[i].end;
			continue;
		}
		x->e[n++] = x->e[i];
	}
	x->nr = n;
}

static void find_overlaps(struct check_run *run, struct extents *x, const struct reported *rep)
{
	struct said said = { 0 };

	if (!x->nr)
		return;
	merge_owners(x);
	qsort(x->e, x->nr, sizeof(*x->e), extent_cmp);
	for (size_t i = 0; i < x->nr && !run->err; i++)
		for (size_t j = i + 1; j < x->nr && x->e[j].base < x->e[i].end && !run->err; j++) {
			if (check_full(run, CHECK_OVERLAP_UNREPORTED))
				goto out;
			consider_pair(run, x, rep, &said, &x->e[i], &x->e[j]);
		}
out:
	free(said.pair);
}

static void check_unreported(struct check_run *run)
{
	struct extents x = { 0 };
	struct reported rep = { 0 };
	int ret;

	if (!check_wanted(run, CHECK_OVERLAP_UNREPORTED))
		return;
	ret = node_extents(run, &x);
	if (!ret)
		ret = reservation_extents(run, &x);
	if (!ret)
		ret = reported_load(&run->ctx->rm, &rep);
	/* without the kernel's own pairs, every overlap would look unreported */
	if (!ret && run->ctx->rm.overlaps_lost)
		ret = -ENOMEM;
	if (!ret)
		find_overlaps(run, &x, &rep);
	else
		run->err = ret;
	free(rep.pair);
	free(x.e);
	free(x.names);
}

/* The no-map regions of the tree over [@base, @end), named in the finding @f. */
static void name_nomap_nodes(struct check_run *run, struct rmem_finding *f, rmem_phys_t base,
			     rmem_phys_t end)
{
	const struct rmem_ctx *ctx = run->ctx;

	for (unsigned int i = 0; f && i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		rmem_phys_t b, s;

		if (!n->nomap || !check_node_has_reg_entries(n))
			continue;
		for (unsigned int e = 0; check_reg_entry(ctx, n->fdt_node, e, &b, &s); e++)
			if (s && b < end && b + s > base)
				check_node(run, f, n->fdt_node, b, s);
	}
}

int check_cma_node(const struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == cma && ctx->rm.reserved_mem[i].handler &&
		    !strcmp(ctx->rm.reserved_mem[i].handler->name, "cma"))
			return ctx->rm.reserved_mem[i].fdt_node;
	return -1;
}

static void cma_over_nomap(struct check_run *run, struct rmem_cma *cma)
{
	const struct rmem_memblock_type *mem = &run->ctx->memblock.memory;
	rmem_phys_t base = rmem_cma_get_base(cma), end = base + rmem_cma_get_size(cma);
	uint64_t nomap = 0;
	char range[48], bytes[32], what[96];
	struct rmem_finding *f;
	int node;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t lo = r->base > base ? r->base : base;
		rmem_phys_t hi = r->base + r->size < end ? r->base + r->size : end;

		if ((r->flags & RMEM_MEMBLOCK_NOMAP) && hi > lo)
			nomap += hi - lo;
	}
	if (!nomap)
		return;
	node = check_cma_node(run->ctx, cma);
	if (cma == run->ctx->dma.contiguous_default_area && node < 0)
		snprintf(what, sizeof(what), "the default CMA area");
	else
		snprintf(what, sizeof(what), "CMA area %s", rmem_cma_get_name(cma));
	f = check_add(run, CHECK_CMA_OVER_NOMAP,
		      "move the CMA area (its reg, or cma=SIZE@BASE) off the no-map memory, or "
		      "drop no-map from the region under it",
		      "%s (%s) lies over %s of no-map memory, which the kernel does not map: "
		      "the pages CMA hands out there are unusable, and neither the CMA code nor "
		      "the reserved-memory code says so", what,
		      check_range_str(range, sizeof(range), base, end - base),
		      rmem_size_str(bytes, sizeof(bytes), nomap));
	if (node >= 0)
		check_node(run, f, node, base, end - base);
	else
		check_subject(run, f, what, base, end - base);
	name_nomap_nodes(run, f, base, end);
}

static void check_cma_nomap(struct check_run *run)
{
	for (unsigned int i = 0; i < rmem_cma_area_count(run->ctx) &&
	     check_wanted(run, CHECK_CMA_OVER_NOMAP); i++) {
		struct rmem_cma *cma = rmem_cma_area(run->ctx, i);

		if (rmem_cma_get_size(cma))
			cma_over_nomap(run, cma);
	}
}

void check_overlaps(struct check_run *run)
{
	check_unreported(run);
	check_cma_nomap(run);
}
