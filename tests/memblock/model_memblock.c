// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock against a deliberately simple reference model (mm/memblock.c,
 * 5.10 / 6.1 / 6.12, arm64 4K and 16K, armhf).
 *
 * The reference keeps, for each page of a small address space at a random
 * base, plain flags: memory?, its flags and node, reserved?  The kernel's
 * lists must be exactly the maximal runs of those pages (memory: same flags
 * and node; reserved: any, from 7.2 the same flags and node the page was
 * reserved with), and an allocation must return what a linear
 * search finds: the highest (top-down) or lowest (bottom-up) aligned
 * address whose pages are memory of one region, not NOMAP, not reserved,
 * on the node asked for, within [max(start, PAGE_SIZE), end).
 *
 * Full arrays are part of the model: the reference decides when an array
 * must double (cnt + new pieces > max; two spare slots to split), where the
 * new array goes (the same linear search, above the range being reserved
 * first), that it is reserved and the old one freed, or that the operation
 * fails and changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memblock_kernels.h"

#define NPAGES		4096
#define EPOCH_OPS	2000
#define REGION_BYTES	24
#define MB_NOMAP	RMEM_MEMBLOCK_NOMAP

struct ref {
	struct rmem_profile prof;
	rmem_phys_t base, page;
	bool numa;
	int max_nodes;

	unsigned char mem[NPAGES], flags[NPAGES], rsv[NPAGES];
	int nid[NPAGES];
	/* what a reserved page was reserved with (7.2: mb_rsrv_kern()) */
	unsigned char rflags[NPAGES];
	int rnid[NPAGES];

	bool bottom_up, can_resize;
	rmem_phys_t limit;
	size_t max_mem, max_rsv;
	rmem_phys_t arr_mem, arr_rsv;	/* arrays' addresses, 0: static */
};

/* What a run exercised, printed at the end so that a weak run shows. */
struct stats {
	unsigned long allocs, alloc_fails, doublings, refusals, bugs, panics, epochs;
};

struct model {
	struct stats st;
	struct rmem_rng rng;
	struct rmem_log log;
	struct rmem_memblock mb;
	struct ref ref;
	long grain;		/* this epoch's longest short range: small ones fragment */
	bool fragment;		/* this epoch's ranges are single even pages: lists fill up */
	unsigned long op;
	bool live;
};

/* ---- the reference: pages and runs ---- */

static rmem_phys_t addr_of(const struct ref *r, long p)
{
	return r->base + (rmem_phys_t)p * r->page;
}

/* Pages p and p + 1 belong to one memory region. */
static bool same_mem_region(const struct ref *r, long p)
{
	return r->mem[p] && r->mem[p + 1] && r->flags[p] == r->flags[p + 1] &&
	       r->nid[p] == r->nid[p + 1];
}

/* Reserved pages p and p + 1 are one region: any two up to 6.12. */
static bool same_rsv_region(const struct ref *r, const unsigned char *rsv, long p)
{
	return rsv[p] && rsv[p + 1] && r->rflags[p] == r->rflags[p + 1] &&
	       r->rnid[p] == r->rnid[p + 1];
}

/* The reserved regions of @rsv. */
static size_t rsv_runs(const struct ref *r, const unsigned char *rsv)
{
	size_t n = 0;

	for (long p = 0; p < NPAGES; p++)
		n += rsv[p] && (p == 0 || !same_rsv_region(r, rsv, p - 1));
	return n;
}

static size_t mem_runs(const struct ref *r)
{
	size_t n = 0;

	for (long p = 0; p < NPAGES; p++)
		n += r->mem[p] && (p == 0 || !same_mem_region(r, p - 1));
	return n;
}

/* The kernel's cnt: 5.10 and 6.1 count the empty list's dummy region. */
static size_t kcnt(const struct ref *r, size_t n)
{
	return n == 0 ? mb_empty_cnt(r->prof.name) : n;
}

/* Pieces of [from, to) outside @set: what memblock_add_range() inserts. */
static size_t holes(const unsigned char *set, long from, long to)
{
	size_t n = 0;

	for (long p = from; p < to; p++)
		n += !set[p] && (p == from || set[p - 1]);
	return n;
}

static void set_range(unsigned char *set, const struct ref *r, rmem_phys_t base,
		      rmem_phys_t size, unsigned char v)
{
	for (long p = 0; p < NPAGES; p++)
		if (addr_of(r, p) >= base && addr_of(r, p) < base + size)
			set[p] = v;
}

/*
 * Reserve [base, base + size) in @rsv: the pages not reserved yet take
 * @kern's attributes (7.2: memblock's own reservations are
 * MEMBLOCK_RSRV_KERN on @nid; memblock_reserve() has no flags, on
 * NUMA_NO_NODE); up to 6.12 every page is on MAX_NUMNODES, no flags.
 */
static void rsv_mark(struct ref *r, unsigned char *rsv, rmem_phys_t base, rmem_phys_t size,
		     bool kern, int nid)
{
	bool rk = mb_rsrv_kern(r->prof.name);

	for (long p = 0; p < NPAGES; p++) {
		if (addr_of(r, p) < base || addr_of(r, p) >= base + size || rsv[p])
			continue;
		rsv[p] = 1;
		r->rflags[p] = rk && kern ? RMEM_MEMBLOCK_RSRV_KERN : 0;
		r->rnid[p] = !r->numa ? 0 : rk ? nid : r->max_nodes;
	}
}

static rmem_phys_t array_bytes(const struct ref *r, size_t max)
{
	return (max * REGION_BYTES + r->page - 1) / r->page * r->page;
}

/* ---- the reference allocator: a linear search ---- */

static bool node_ok(const struct ref *r, int want, int have)
{
	if (mb_valid_nid_only(r->prof.name))
		return !(want >= 0 && want < r->max_nodes) || want == have;
	return want == RMEM_NUMA_NO_NODE || want == have;
}

/*
 * run[p]: how many pages from p on are free for an allocation on node @nid
 * in p's memory region, with @rsv as the reserved pages.
 */
static void free_runs(const struct ref *r, const unsigned char *rsv, int nid, long *run)
{
	for (long p = NPAGES - 1; p >= 0; p--) {
		bool ok = r->mem[p] && !(r->flags[p] & MB_NOMAP) && !rsv[p] &&
			  node_ok(r, nid, r->nid[p]);

		run[p] = !ok ? 0 : 1 + (p + 1 < NPAGES && same_mem_region(r, p) ? run[p + 1] : 0);
	}
}

static rmem_phys_t ref_find(const struct ref *r, const unsigned char *rsv, rmem_phys_t size,
			    rmem_phys_t align, rmem_phys_t start, rmem_phys_t end, int nid)
{
	long run[NPAGES];
	rmem_phys_t lo, hi, step = align > r->page ? align : r->page;
	rmem_phys_t space_end = addr_of(r, NPAGES);

	if (end == RMEM_MEMBLOCK_ALLOC_ACCESSIBLE || end == RMEM_MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = r->limit;
	if (start < r->page)
		start = r->page;
	if (end < start)
		end = start;
	lo = start > r->base ? start : r->base;
	hi = end < space_end ? end : space_end;
	if (hi < lo || hi - lo < size)
		return 0;
	free_runs(r, rsv, nid, run);
	if (r->bottom_up) {
		for (rmem_phys_t c = (lo + step - 1) / step * step; c + size <= hi; c += step)
			if ((rmem_phys_t)run[(c - r->base) / r->page] * r->page >= size)
				return c;
		return 0;
	}
	for (rmem_phys_t c = (hi - size) / step * step; c >= lo; c -= step) {
		if ((rmem_phys_t)run[(c - r->base) / r->page] * r->page >= size)
			return c;
		if (c < step)
			break;
	}
	return 0;
}

/* memblock_double_array()'s placement of a reserved (or, excl 0, memory) array. */
static rmem_phys_t ref_array_find(const struct ref *r, const unsigned char *rsv,
				  rmem_phys_t bytes, rmem_phys_t excl, rmem_phys_t excl_size)
{
	rmem_phys_t addr = ref_find(r, rsv, bytes, r->page, excl + excl_size, r->limit,
				    RMEM_NUMA_NO_NODE);

	if (!addr && excl_size)
		addr = ref_find(r, rsv, bytes, r->page, 0, excl < r->limit ? excl : r->limit,
				RMEM_NUMA_NO_NODE);
	return addr;
}

/*
 * The reserved array grows when @need slots are missing: returns 1 if it
 * did (applied to @rsv and the reference), 0 if not needed, -1 if it could
 * not.
 */
static int ref_double_rsv(struct ref *r, unsigned char *rsv, size_t need,
			  rmem_phys_t excl, rmem_phys_t excl_size)
{
	rmem_phys_t bytes, addr;

	if (kcnt(r, rsv_runs(r, rsv)) + need <= r->max_rsv)
		return 0;
	if (!r->can_resize)
		return -1;
	bytes = array_bytes(r, r->max_rsv * 2);
	addr = ref_array_find(r, rsv, bytes, excl, excl_size);
	if (!addr)
		return -1;
	if (r->arr_rsv)
		set_range(rsv, r, r->arr_rsv, array_bytes(r, r->max_rsv), 0);
	rsv_mark(r, rsv, addr, bytes, true, RMEM_NUMA_NO_NODE);
	r->arr_rsv = addr;
	r->max_rsv *= 2;
	return 1;
}

struct range {
	long p, q;		/* pages [p, q) */
	rmem_phys_t base, size;
};

static struct range pick_range(struct model *m)
{
	struct range g;
	long len = rmem_rng_below(&m->rng, 8) ? 1 + (long)rmem_rng_below(&m->rng, m->grain) :
						  1 + (long)rmem_rng_below(&m->rng, NPAGES / 2);

	g.p = (long)rmem_rng_below(&m->rng, NPAGES);
	if (m->fragment) {
		/* below the block start_epoch() added, where the arrays can grow */
		g.p = (long)rmem_rng_below(&m->rng, NPAGES * 3 / 4) & ~1L;
		len = 1;
	}
	g.q = g.p + len > NPAGES ? NPAGES : g.p + len;
	g.base = addr_of(&m->ref, g.p);
	g.size = addr_of(&m->ref, g.q) - g.base;
	return g;
}

/* ---- checks ---- */

static void model_fail(const struct model *m, const char *what)
{
	fprintf(stderr, "model_memblock: op %lu (%s, base 0x%llx): %s\n", m->op,
		m->ref.prof.name, (unsigned long long)m->ref.base, what);
	fail_msg("%s", what);
}

/* The list is the maximal runs of the reference, in order; cnt, total and max agree. */
static void check_type(const struct model *m, const struct rmem_memblock_type *t, bool memory)
{
	const struct ref *r = &m->ref;
	const unsigned char *set = memory ? r->mem : r->rsv;
	rmem_phys_t total = 0;
	size_t i = 0;

	for (long p = 0; p < NPAGES; p++) {
		long q = p;
		const struct rmem_memblock_region *rg;

		if (!set[p])
			continue;
		while (q + 1 < NPAGES && set[q + 1] &&
		       (memory ? same_mem_region(r, q) : same_rsv_region(r, set, q)))
			q++;
		if (i >= t->cnt)
			model_fail(m, "a run of the reference is missing from the list");
		rg = &t->regions[i++];
		if (rg->base != addr_of(r, p) || rg->size != addr_of(r, q + 1) - addr_of(r, p))
			model_fail(m, "region bounds differ from the reference");
		if (rg->flags != (memory ? r->flags[p] : r->rflags[p]))
			model_fail(m, "region flags differ from the reference");
		if (rg->nid != (memory ? r->nid[p] : r->rnid[p]))
			model_fail(m, "region node differs from the reference");
		total += rg->size;
		p = q;
	}
	if (t->cnt != kcnt(r, i))
		model_fail(m, "cnt differs from the reference");
	if (i == 0 && t->regions[0].size != 0)
		model_fail(m, "an empty list's slot 0 is not empty");
	if (t->total_size != total)
		model_fail(m, "total_size differs from the sum of the regions");
	if (t->max != (memory ? r->max_mem : r->max_rsv) ||
	    t->array_phys != (memory ? r->arr_mem : r->arr_rsv))
		model_fail(m, "array size or place differs from the reference");
	if (t->cnt > t->max)
		model_fail(m, "cnt above max");
}

/* Sorted, non-overlapping, merged: checked on the list alone. */
static void check_invariants(const struct model *m, const struct rmem_memblock_type *t)
{
	for (size_t i = 0; i + 1 < t->cnt; i++) {
		const struct rmem_memblock_region *a = &t->regions[i], *b = &t->regions[i + 1];

		if (a->size == 0 || a->base + a->size > b->base)
			model_fail(m, "list not sorted or overlapping");
		if (a->base + a->size == b->base && a->flags == b->flags && a->nid == b->nid)
			model_fail(m, "touching compatible regions left unmerged");
	}
}

/* memblock_is_region_memory(): [p, q) inside the memory region of page p. */
static bool ref_region_memory(const struct ref *r, long p, long q)
{
	for (long i = p; i < q; i++)
		if (!r->mem[i] || (i > p && !same_mem_region(r, i - 1)))
			return false;
	return true;
}

static bool ref_region_reserved(const struct ref *r, long p, long q)
{
	for (long i = p; i < q; i++)
		if (r->rsv[i])
			return true;
	return false;
}

static void check_queries(struct model *m)
{
	const struct ref *r = &m->ref;
	struct range g = pick_range(m);

	if (rmem_memblock_is_region_memory(&m->mb, g.base, g.size) !=
	    ref_region_memory(r, g.p, g.q) ||
	    rmem_memblock_is_region_reserved(&m->mb, g.base, g.size) !=
	    ref_region_reserved(r, g.p, g.q))
		model_fail(m, "a region query disagrees with the reference");

	for (int k = 0; k < 4; k++) {
		long p = (long)rmem_rng_below(&m->rng, NPAGES);
		rmem_phys_t a = addr_of(r, p) + rmem_rng_below(&m->rng, r->page);

		if (rmem_memblock_is_memory(&m->mb, a) != (bool)r->mem[p] ||
		    rmem_memblock_is_map_memory(&m->mb, a) != (r->mem[p] && !(r->flags[p] & MB_NOMAP)) ||
		    rmem_memblock_is_reserved(&m->mb, a) != (bool)r->rsv[p])
			model_fail(m, "a query disagrees with the reference");
	}
}

static void check_all(struct model *m)
{
	check_type(m, &m->mb.memory, true);
	check_type(m, &m->mb.reserved, false);
	check_invariants(m, &m->mb.memory);
	check_invariants(m, &m->mb.reserved);
	check_queries(m);
}

/* ---- operations ---- */

/* Whether a line logged since line @from contains @needle. */
static bool logged_since(const struct model *m, size_t from, const char *needle)
{
	for (size_t i = from; i < m->log.nr; i++)
		if (strstr(m->log.lines[i].text, needle))
			return true;
	return false;
}

/*
 * Plan a memory-list change that needs @need more slots: 0 fine (arrays
 * applied to @rsv), -1 the operation fails and changes nothing, 1 the
 * kernel would BUG (the reserved array cannot grow for the new memory one).
 */
static int plan_memory(struct ref *r, unsigned char *rsv, size_t need)
{
	rmem_phys_t bytes, addr, old = r->arr_mem, old_bytes = array_bytes(r, r->max_mem);
	int grew = 0;

	if (kcnt(r, mem_runs(r)) + need <= r->max_mem)
		return 0;
	if (!r->can_resize)
		return -1;
	bytes = array_bytes(r, r->max_mem * 2);
	addr = ref_array_find(r, rsv, bytes, 0, 0);
	if (!addr)
		return -1;
	if (old) {
		/* memblock_free() of the old array isolates: two spare slots */
		grew = ref_double_rsv(r, rsv, 2, old, old_bytes);
		if (grew < 0)
			return 1;
		set_range(rsv, r, old, old_bytes, 0);
	}
	if (!grew && ref_double_rsv(r, rsv, 1, addr, bytes) < 0)
		return 1;
	rsv_mark(r, rsv, addr, bytes, true, RMEM_NUMA_NO_NODE);
	r->arr_mem = addr;
	r->max_mem *= 2;
	return 0;
}

static void start_epoch(struct model *m);

/*
 * After 6.12's panic memblock refuses everything without a word: one call
 * of each kind checks it, then a new epoch starts (the kernel has stopped).
 */
static void check_dead(struct model *m, const char *type_name)
{
	rmem_phys_t page = addr_of(&m->ref, 1);
	size_t nr0 = m->log.nr;

	m->st.panics++;
	if (!m->mb.panicked || strcmp(m->mb.panicked, type_name))
		model_fail(m, "6.12's panic did not mark memblock dead with the array's name");
	if (rmem_memblock_add(&m->mb, page, m->ref.page) != -ENOMEM ||
	    rmem_memblock_remove(&m->mb, page, m->ref.page) != -ENOMEM ||
	    rmem_memblock_reserve(&m->mb, page, m->ref.page) != -ENOMEM ||
	    rmem_memblock_phys_free(&m->mb, page, m->ref.page) != -ENOMEM ||
	    rmem_memblock_mark_nomap(&m->mb, page, m->ref.page) != -ENOMEM ||
	    rmem_memblock_alloc_range_nid(&m->mb, m->ref.page, m->ref.page, 0,
					  RMEM_MEMBLOCK_ALLOC_ANYWHERE, RMEM_NUMA_NO_NODE,
					  false) != 0)
		model_fail(m, "memblock went on after 6.12's panic");
	if (m->log.nr != nr0)
		model_fail(m, "memblock logged after 6.12's panic");
	start_epoch(m);
}

/* The operation failed as the reference says it must; its log lines start at @nr0. */
static void expect_failure(struct model *m, int ret, const char *type_name, size_t nr0)
{
	char panic[96];

	m->st.refusals++;
	if (ret != -ENOMEM)
		model_fail(m, "an operation that cannot grow its array did not fail with -ENOMEM");
	if (!m->ref.can_resize) {
		snprintf(panic, sizeof(panic),
			 "Kernel panic - not syncing: memblock: cannot resize %s array", type_name);
		if (mb_full_panics(m->ref.prof.name) != logged_since(m, nr0, panic))
			model_fail(m, "6.12's panic line missing, or present before 6.12");
		if (mb_full_panics(m->ref.prof.name))
			check_dead(m, type_name);
		else if (m->mb.panicked)
			model_fail(m, "memblock marked dead before 6.12");
	} else if (!logged_since(m, nr0, "memblock: Failed to double")) {
		model_fail(m, "the failure to double was not logged");
	}
}

enum mem_op { OP_ADD, OP_ADD_NODE, OP_REMOVE, OP_MARK, OP_CLEAR };

static void apply_mem_op(struct ref *r, enum mem_op op, const struct range *g, int nid,
			 unsigned int flags)
{
	for (long p = g->p; p < g->q; p++) {
		switch (op) {
		case OP_ADD:
		case OP_ADD_NODE:
			if (!r->mem[p]) {
				r->mem[p] = 1;
				r->flags[p] = flags;
				r->nid[p] = r->numa ? nid : 0;
			}
			break;
		case OP_REMOVE:
			r->mem[p] = r->flags[p] = 0;
			r->nid[p] = 0;
			break;
		case OP_MARK:
			if (r->mem[p])
				r->flags[p] |= MB_NOMAP;
			break;
		case OP_CLEAR:
			r->flags[p] &= ~MB_NOMAP;
			break;
		}
	}
}

/* ---- epochs ---- */

/*
 * Lone pages reserved until the reserved array has a few slots left: the
 * epoch's operations soon find it full, which before memblock_allow_resize()
 * is 6.12's panic (the arrays are too large for random operations alone).
 */
static void prefill_reserved(struct model *m)
{
	struct ref *r = &m->ref;
	size_t left = 1 + rmem_rng_below(&m->rng, 4);

	for (long p = 0; p < NPAGES && m->mb.reserved.cnt + left < m->mb.reserved.max; p += 2) {
		assert_int_equal(rmem_memblock_reserve(&m->mb, addr_of(r, p), r->page), 0);
		rsv_mark(r, r->rsv, addr_of(r, p), r->page, false, RMEM_NUMA_NO_NODE);
	}
}

static void start_epoch(struct model *m)
{
	struct ref *r = &m->ref;
	const char *name = rmem_test_profile_nth(RMEM_TEST_ALL, rmem_rng_next(&m->rng));
	rmem_phys_t pages;

	m->st.epochs++;
	if (m->live) {
		rmem_memblock_release(&m->mb);
		rmem_log_release(&m->log);
	}
	memset(r, 0, sizeof(*r));
	r->prof = rmem_test_profile(name);
	r->page = (rmem_phys_t)1 << r->prof.page_shift;
	r->numa = r->prof.nodes_shift > 0;
	r->max_nodes = 1 << r->prof.nodes_shift;
	/*
	 * sometimes at 0, where the first page must never be handed out; all
	 * of it below 4 GiB in a 32-bit phys_addr_t (arm without LPAE)
	 */
	pages = r->prof.phys_addr_bits == 32 ? ((rmem_phys_t)1 << (32 - r->prof.page_shift)) - NPAGES - 1 :
					       (rmem_phys_t)1 << 28;
	r->base = rmem_rng_below(&m->rng, 4) == 0 ? 0 : (rmem_rng_below(&m->rng, pages) + 1) * r->page;
	r->limit = RMEM_MEMBLOCK_ALLOC_ANYWHERE;
	rmem_log_init(&m->log);
	assert_int_equal(rmem_memblock_init(&m->mb, &r->prof, &m->log), 0);
	m->live = true;
	r->max_mem = m->mb.memory.max;
	r->max_rsv = m->mb.reserved.max;
	r->can_resize = rmem_rng_below(&m->rng, 10) < 7;
	m->grain = (long)1 << rmem_rng_below(&m->rng, 5);
	m->fragment = rmem_rng_below(&m->rng, 10) < 4;
	if (m->fragment) {
		struct range top = { .p = NPAGES * 3 / 4, .q = NPAGES };

		top.base = addr_of(r, top.p);
		top.size = addr_of(r, top.q) - top.base;
		assert_int_equal(rmem_memblock_add(&m->mb, top.base, top.size), 0);
		apply_mem_op(r, OP_ADD, &top, r->max_nodes, 0);
	}
	if (r->can_resize)
		rmem_memblock_allow_resize(&m->mb);
	else if (rmem_rng_below(&m->rng, 2))
		prefill_reserved(m);
}

static int call_mem_op(struct model *m, enum mem_op op, const struct range *g, int nid,
		       unsigned int flags)
{
	switch (op) {
	case OP_ADD:
		return rmem_memblock_add(&m->mb, g->base, g->size);
	case OP_ADD_NODE:
		return rmem_memblock_add_node(&m->mb, g->base, g->size, nid, flags);
	case OP_REMOVE:
		return rmem_memblock_remove(&m->mb, g->base, g->size);
	case OP_MARK:
		return rmem_memblock_mark_nomap(&m->mb, g->base, g->size);
	default:
		return rmem_memblock_clear_nomap(&m->mb, g->base, g->size);
	}
}

static void do_mem_op(struct model *m, enum mem_op op)
{
	static const unsigned int node_flags[] = { 0, 0, RMEM_MEMBLOCK_HOTPLUG, MB_NOMAP };
	struct ref *r = &m->ref, saved = m->ref;
	struct range g = pick_range(m);
	int nid = op == OP_ADD ? r->max_nodes : (int)rmem_rng_below(&m->rng, 2);
	unsigned int flags = op == OP_ADD_NODE ? node_flags[rmem_rng_below(&m->rng, 4)] : 0;
	size_t need = op <= OP_ADD_NODE ? holes(r->mem, g.p, g.q) : 2;
	unsigned char rsv[NPAGES];
	int plan, ret;

	size_t nr0 = m->log.nr;

	memcpy(rsv, r->rsv, sizeof(rsv));
	plan = plan_memory(r, rsv, need);
	ret = call_mem_op(m, op, &g, nid, flags);
	if (plan > 0) {
		m->st.bugs++;
		start_epoch(m);	/* the kernel BUG()s here: nothing to compare */
		return;
	}
	if (plan < 0) {
		*r = saved;
		expect_failure(m, ret, "memory", nr0);
		return;
	}
	if (ret)
		model_fail(m, "a memory operation failed where the reference succeeds");
	memcpy(r->rsv, rsv, sizeof(rsv));
	apply_mem_op(r, op, &g, nid, flags);
}

static void do_reserve(struct model *m)
{
	struct ref *r = &m->ref, saved = m->ref;
	struct range g = pick_range(m);
	unsigned char rsv[NPAGES];
	int grew, ret;

	size_t nr0 = m->log.nr;

	memcpy(rsv, r->rsv, sizeof(rsv));
	grew = ref_double_rsv(r, rsv, holes(r->rsv, g.p, g.q), g.base, g.size);
	ret = rmem_memblock_reserve(&m->mb, g.base, g.size);
	if (grew < 0) {
		*r = saved;
		expect_failure(m, ret, "reserved", nr0);
		return;
	}
	if (ret)
		model_fail(m, "memblock_reserve() failed where the reference succeeds");
	memcpy(r->rsv, rsv, sizeof(rsv));
	rsv_mark(r, r->rsv, g.base, g.size, false, RMEM_NUMA_NO_NODE);
}

static void do_free(struct model *m)
{
	struct ref *r = &m->ref, saved = m->ref;
	struct range g = pick_range(m);
	unsigned char rsv[NPAGES];
	int grew, ret;

	size_t nr0 = m->log.nr;

	memcpy(rsv, r->rsv, sizeof(rsv));
	grew = ref_double_rsv(r, rsv, 2, g.base, g.size);
	ret = rmem_memblock_phys_free(&m->mb, g.base, g.size);
	if (grew < 0) {
		*r = saved;
		expect_failure(m, ret, "reserved", nr0);
		return;
	}
	if (ret)
		model_fail(m, "memblock_phys_free() failed where the reference succeeds");
	memcpy(r->rsv, rsv, sizeof(rsv));
	set_range(r->rsv, r, g.base, g.size, 0);
}

/* One try of memblock_alloc_range_nid(): find, then reserve (which may grow the array). */
static rmem_phys_t ref_alloc_try(struct ref *r, rmem_phys_t size, rmem_phys_t align,
				 rmem_phys_t start, rmem_phys_t end, int nid)
{
	rmem_phys_t found = ref_find(r, r->rsv, size, align, start, end, nid);
	struct ref saved = *r;
	unsigned char rsv[NPAGES];

	if (!found)
		return 0;
	memcpy(rsv, r->rsv, sizeof(rsv));
	if (ref_double_rsv(r, rsv, 1, found, size) < 0) {
		*r = saved;
		return 0;
	}
	memcpy(r->rsv, rsv, sizeof(rsv));
	rsv_mark(r, r->rsv, found, size, true, nid);
	return found;
}

static rmem_phys_t pick_bound(struct model *m, bool is_end)
{
	const struct ref *r = &m->ref;
	uint64_t k = rmem_rng_below(&m->rng, 10);

	if (!is_end && k < 4)
		return 0;
	if (is_end && k < 3)
		return RMEM_MEMBLOCK_ALLOC_ANYWHERE;
	if (is_end && k < 5)
		return RMEM_MEMBLOCK_ALLOC_ACCESSIBLE;
	return addr_of(r, (long)rmem_rng_below(&m->rng, NPAGES + 1));
}

static void do_alloc(struct model *m)
{
	struct ref *r = &m->ref;
	rmem_phys_t size = (rmem_rng_below(&m->rng, 8) ? 1 + rmem_rng_below(&m->rng, 8) :
				  1 + rmem_rng_below(&m->rng, NPAGES / 4)) * r->page;
	rmem_phys_t align = (rmem_phys_t)1 << rmem_rng_below(&m->rng, r->prof.page_shift + 8);
	rmem_phys_t start = pick_bound(m, false), end = pick_bound(m, true);
	int nid = rmem_rng_below(&m->rng, 10) < 7 ? RMEM_NUMA_NO_NODE :
						    (int)rmem_rng_below(&m->rng, 3);
	bool exact = rmem_rng_below(&m->rng, 2);
	int nid_ref = nid;
	rmem_phys_t want, got;
	bool retry;
	size_t nr0 = m->log.nr;

	r->bottom_up = rmem_rng_below(&m->rng, 2);
	rmem_memblock_set_bottom_up(&m->mb, r->bottom_up);
	/* 5.10 and 6.1 read MAX_NUMNODES (1 without NUMA) as any node */
	if (!mb_valid_nid_only(r->prof.name) && nid == r->max_nodes)
		nid_ref = RMEM_NUMA_NO_NODE;
	want = ref_alloc_try(r, size, align, start, end, nid_ref);
	retry = mb_valid_nid_only(r->prof.name) ? nid >= 0 && nid < r->max_nodes : nid_ref != RMEM_NUMA_NO_NODE;
	if (!want && retry && !exact)
		want = ref_alloc_try(r, size, align, start, end, RMEM_NUMA_NO_NODE);
	got = rmem_memblock_alloc_range_nid(&m->mb, size, align, start, end, nid, exact);
	if (got != want) {
		char msg[256];

		snprintf(msg, sizeof(msg),
			 "alloc(size 0x%llx align 0x%llx [0x%llx-0x%llx) nid %d%s %s) = 0x%llx, reference 0x%llx",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)start, (unsigned long long)end, nid,
			 exact ? " exact" : "", r->bottom_up ? "bottom-up" : "top-down",
			 (unsigned long long)got, (unsigned long long)want);
		model_fail(m, msg);
	}
	if (got && (got & (align - 1)))
		model_fail(m, "allocation not aligned");
	m->st.allocs++;
	m->st.alloc_fails += !got;
	/* a found range whose reservation cannot grow the full array: 6.12 panics */
	if (m->mb.panicked) {
		if (!mb_full_panics(r->prof.name) || got || !logged_since(m, nr0, "Kernel panic - not syncing: memblock: cannot resize reserved array"))
			model_fail(m, "an allocation panicked where the reference does not");
		check_dead(m, "reserved");
	}
}

static void do_limit(struct model *m)
{
	struct ref *r = &m->ref;

	r->limit = rmem_rng_below(&m->rng, 2) ? RMEM_MEMBLOCK_ALLOC_ANYWHERE :
						addr_of(r, (long)rmem_rng_below(&m->rng, NPAGES + 1));
	rmem_memblock_set_current_limit(&m->mb, r->limit);
}

static void one_op(struct model *m)
{
	uint64_t k = rmem_rng_below(&m->rng, 100);

	if (k < 16)
		do_mem_op(m, OP_ADD);
	else if (k < 24)
		do_mem_op(m, OP_ADD_NODE);
	else if (k < 30)
		do_mem_op(m, OP_REMOVE);
	else if (k < 35)
		do_mem_op(m, OP_MARK);
	else if (k < 40)
		do_mem_op(m, OP_CLEAR);
	else if (k < 55)
		do_reserve(m);
	else if (k < 68)
		do_free(m);
	else if (k < 98)
		do_alloc(m);
	else
		do_limit(m);
}

static void test_model(void **state)
{
	struct model *m = calloc(1, sizeof(*m));
	unsigned long ops = rmem_test_ops(100000);

	assert_non_null(m);
	rmem_rng_init(&m->rng, rmem_test_seed("model_memblock"));
	for (m->op = 0; m->op < ops; m->op++) {
		size_t maxes;

		if (m->op % EPOCH_OPS == 0)
			start_epoch(m);
		maxes = m->mb.memory.max + m->mb.reserved.max;
		one_op(m);
		check_all(m);
		m->st.doublings += m->mb.memory.max + m->mb.reserved.max > maxes;
	}
	printf("model_memblock: %lu ops, %lu epochs, %lu allocations (%lu failed), %lu ops grew an array, %lu refused, %lu kernel BUGs skipped, %lu 6.12 panics\n",
	       ops, m->st.epochs, m->st.allocs, m->st.alloc_fails, m->st.doublings,
	       m->st.refusals, m->st.bugs, m->st.panics);
	rmem_memblock_release(&m->mb);
	rmem_log_release(&m->log);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
