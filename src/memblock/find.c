// SPDX-License-Identifier: GPL-2.0-only
/*
 * The free-range search of mm/memblock.c: memblock_find_in_range_node()
 * over for_each_free_mem_range() (bottom-up) or its _reverse (top-down).
 *
 * A free range is the intersection of one memory region with one gap
 * between reserved regions, so a fit never spans two memory regions even
 * when they touch (different node or flags).
 */
#include "memblock/memblock_internal.h"

/* should_skip_region() for the memory list; no mirror or movable_node here. */
static bool skip_region(const struct rmem_memblock *mb, const struct rmem_memblock_region *m,
			int nid)
{
	int m_nid = rmem_mb_region_nid(mb, m);

	/* 6.12 asks numa_valid_node(); 5.10 and 6.1 compare with NUMA_NO_NODE */
	if (MB_FACT(mb, numa_valid_node)) {
		if (rmem_mb_numa_valid_node(mb, nid) && nid != m_nid)
			return true;
	} else if (nid != RMEM_NUMA_NO_NODE && nid != m_nid) {
		return true;
	}
	if (m->flags & RMEM_MEMBLOCK_NOMAP)
		return true;
	return MB_FACT(mb, driver_managed) && (m->flags & RMEM_MEMBLOCK_DRIVER_MANAGED);
}

/* Gap @j of the reserved list: [end of region j - 1, base of region j). */
static rmem_phys_t gap_start(const struct rmem_memblock_type *rsv, size_t j)
{
	return j ? rsv->regions[j - 1].base + rsv->regions[j - 1].size : 0;
}

static rmem_phys_t gap_end(const struct rmem_memblock_type *rsv, size_t j)
{
	return j < rsv->cnt ? rsv->regions[j].base : RMEM_PHYS_MAX;
}

static rmem_phys_t clamp(rmem_phys_t v, rmem_phys_t lo, rmem_phys_t hi)
{
	if (v < lo)
		v = lo;
	return v > hi ? hi : v;
}

/* the kernel's round_up()/round_down() for a power-of-two @a, wrapping alike */
static rmem_phys_t round_up(rmem_phys_t x, rmem_phys_t a)
{
	return ((x - 1) | (a - 1)) + 1;
}

static rmem_phys_t round_down(rmem_phys_t x, rmem_phys_t a)
{
	return x & ~(a - 1);
}

struct find_req {
	rmem_phys_t size, align, start, end;
	int nid;
};

/*
 * __memblock_find_range_top_down()'s test of one free range: true when the
 * search stops here, with *@cand its result.
 */
static bool fit_top_down(const struct find_req *q, rmem_phys_t s, rmem_phys_t e,
			 rmem_phys_t *cand)
{
	s = clamp(s, q->start, q->end);
	e = clamp(e, q->start, q->end);
	if (e < q->size)
		return false;
	*cand = round_down(e - q->size, q->align);
	return *cand >= s;
}

/*
 * __memblock_find_range_bottom_up()'s test: a round_up() that wraps to 0
 * ends the search with 0, a failure, as in the kernel.
 */
static bool fit_bottom_up(const struct find_req *q, rmem_phys_t s, rmem_phys_t e,
			  rmem_phys_t *cand)
{
	s = clamp(s, q->start, q->end);
	e = clamp(e, q->start, q->end);
	*cand = round_up(s, q->align);
	return *cand < e && e - *cand >= q->size;
}

/*
 * The free ranges from the top down; the first that fits wins.  @j walks
 * the reserved gaps down in step with the memory regions.
 */
static rmem_phys_t find_top_down(const struct rmem_memblock *mb, const struct find_req *q)
{
	const struct rmem_memblock_type *mem = &mb->memory, *rsv = &mb->reserved;
	size_t j = rsv->cnt;

	for (size_t i = mem->cnt; i-- > 0;) {
		const struct rmem_memblock_region *m = &mem->regions[i];
		rmem_phys_t m_start = m->base, m_end = m->base + m->size;

		if (skip_region(mb, m, q->nid))
			continue;
		while (j > 0 && gap_start(rsv, j) >= m_end)
			j--;
		for (size_t k = j + 1; k-- > 0;) {
			rmem_phys_t s = gap_start(rsv, k), e = gap_end(rsv, k), cand;

			if (e <= m_start)
				break;
			s = s > m_start ? s : m_start;
			e = e < m_end ? e : m_end;
			if (s >= e)
				continue;
			if (fit_top_down(q, s, e, &cand))
				return cand;
		}
	}
	return 0;
}

/* The free ranges from the bottom up; the first that fits wins. */
static rmem_phys_t find_bottom_up(const struct rmem_memblock *mb, const struct find_req *q)
{
	const struct rmem_memblock_type *mem = &mb->memory, *rsv = &mb->reserved;
	size_t j = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *m = &mem->regions[i];
		rmem_phys_t m_start = m->base, m_end = m->base + m->size;

		if (skip_region(mb, m, q->nid))
			continue;
		while (j < rsv->cnt && gap_end(rsv, j) <= m_start)
			j++;
		for (size_t k = j; k <= rsv->cnt; k++) {
			rmem_phys_t s = gap_start(rsv, k), e = gap_end(rsv, k), cand;

			if (s >= m_end)
				break;
			s = s > m_start ? s : m_start;
			e = e < m_end ? e : m_end;
			if (s >= e)
				continue;
			if (fit_bottom_up(q, s, e, &cand))
				return cand;
		}
	}
	return 0;
}

/*
 * memblock_find_in_range_node(): @end of MEMBLOCK_ALLOC_ACCESSIBLE (or
 * KASAN/NOLEAKTRACE) means current_limit; the first page is never handed
 * out.  Returns the base found, 0 for none.
 */
rmem_phys_t rmem_mb_find_in_range_node(const struct rmem_memblock *mb, rmem_phys_t size,
				       rmem_phys_t align, rmem_phys_t start,
				       rmem_phys_t end, int nid)
{
	struct find_req q = { .size = size, .align = align, .nid = nid };

	if (end == RMEM_MEMBLOCK_ALLOC_ACCESSIBLE || end == RMEM_MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = mb->current_limit;
	q.start = start > rmem_mb_page_size(mb) ? start : rmem_mb_page_size(mb);
	q.end = end > q.start ? end : q.start;

	return mb->bottom_up ? find_bottom_up(mb, &q) : find_top_down(mb, &q);
}

/* memblock_find_in_range(): no mirrored memory is ever marked, so one pass. */
rmem_phys_t rmem_memblock_find_in_range(const struct rmem_memblock *mb, rmem_phys_t start,
					rmem_phys_t end, rmem_phys_t size, rmem_phys_t align)
{
	return rmem_mb_find_in_range_node(mb, size, align, start, end, RMEM_NUMA_NO_NODE);
}
