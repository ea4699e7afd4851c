// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomized test of the DMA coherent pool (kernel/dma/coherent.c
 * __dma_alloc_from_coherent() / __dma_release_from_coherent()) against a
 * deliberately plain reference: one byte per page, and a linear scan for
 * the first naturally aligned free run of 2^order pages.  Every address,
 * return code and counter is checked, and, with backing memory, that each
 * allocation reads zero for exactly the requested size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

#define MAX_SMALL_PAGES	256
#define MAX_LARGE_PAGES	4096
#define CHECK_WINDOW	64	/* bytes past a request that must be left alone */

struct ref_alloc {
	uint64_t page;
	unsigned int order;
	uint64_t size;
};

struct model {
	struct rmem_rng rng;
	struct rmem_profile p;
	uint64_t pg;			/* page size */
	struct rmem_dma_coherent_mem *mem;
	struct rmem_dma_coherent_desc desc;
	rmem_dma_t ref_base;		/* device address of page 0, computed here */

	/* the reference */
	unsigned long pages;
	unsigned char *used;		/* one per page */
	unsigned long nr_used;
	struct ref_alloc *allocs;
	size_t nr_allocs;

	unsigned char *backing;		/* NULL or the pool's memory */
	unsigned char *shadow;		/* what the backing should hold */

	unsigned long ops, allocs_ok, allocs_failed, frees, bad_frees;
};

/* get_order(), written out: the smallest order whose pages hold @size. */
static unsigned int ref_order(uint64_t size, uint64_t pg)
{
	unsigned int order = 0;

	while ((pg << order) < size)
		order++;
	return order;
}

static bool ref_run_free(const struct model *m, uint64_t pos, uint64_t count)
{
	for (uint64_t i = pos; i < pos + count; i++)
		if (m->used[i])
			return false;
	return true;
}

static bool ref_run_used(const struct model *m, uint64_t pos, uint64_t count)
{
	for (uint64_t i = pos; i < pos + count; i++)
		if (!m->used[i])
			return false;
	return true;
}

/* The first naturally aligned free run of 2^order pages, or -1. */
static long ref_find(const struct model *m, unsigned int order)
{
	uint64_t count = (uint64_t)1 << order;

	for (uint64_t pos = 0; pos + count <= m->pages; pos += count)
		if (ref_run_free(m, pos, count))
			return (long)pos;
	return -1;
}

static unsigned int ref_largest_free_order(const struct model *m)
{
	unsigned int best = -1U;

	for (unsigned int order = 0; ((uint64_t)1 << order) <= m->pages; order++)
		if (ref_find(m, order) >= 0)
			best = order;
	return best;
}

static void ref_mark(struct model *m, uint64_t pos, uint64_t count, unsigned char v)
{
	for (uint64_t i = pos; i < pos + count; i++) {
		assert_int_not_equal(m->used[i], v);	/* never handed out twice */
		m->used[i] = v;
	}
	if (v)
		m->nr_used += count;
	else
		m->nr_used -= count;
}

static void check_stat(struct model *m, bool full)
{
	struct rmem_dma_coherent_stat st;

	rmem_dma_coherent_get_stat(m->mem, &st);
	assert_int_equal(st.pages, m->pages);
	assert_int_equal(st.used, m->nr_used);
	assert_int_equal(st.device_base, m->ref_base);
	assert_int_equal(st.phys_base, m->desc.phys_addr);
	assert_int_equal(st.exclusive, m->desc.exclusive);
	if (full)
		assert_int_equal(st.largest_free_order, ref_largest_free_order(m));
}

static void pool_open(struct model *m)
{
	struct rmem_rng *rng = &m->rng;
	uint64_t bytes, tail;

	m->p = rmem_test_profile(rmem_test_profile_nth(RMEM_TEST_ALL, rmem_rng_next(rng)));
	m->pg = rmem_profile_page_size(&m->p);
	if (rmem_rng_below(rng, 10) == 0)
		m->pages = 1 + rmem_rng_below(rng, MAX_LARGE_PAGES);
	else if (rmem_rng_below(rng, 5) == 0)
		m->pages = 1UL << rmem_rng_below(rng, 9);
	else
		m->pages = 1 + rmem_rng_below(rng, MAX_SMALL_PAGES);
	/* a tail shorter than a page is dropped by size >> PAGE_SHIFT */
	tail = rmem_rng_below(rng, 3) == 0 ? rmem_rng_below(rng, m->pg) : 0;
	bytes = m->pages * m->pg + tail;

	memset(&m->desc, 0, sizeof(m->desc));
	m->desc.phys_addr = (0x40000000ULL + rmem_rng_below(rng, 1 << 16) * m->pg) +
			    (rmem_rng_below(rng, 4) == 0 ? rmem_rng_below(rng, m->pg) : 0);
	m->desc.device_addr = m->desc.phys_addr + rmem_rng_below(rng, 4) * 0x80000000ULL;
	m->desc.size = bytes;
	m->desc.origin = rmem_rng_below(rng, 2) ? RMEM_DMA_POOL_RESERVED_MEM
						: RMEM_DMA_POOL_DECLARED;
	m->desc.exclusive = rmem_rng_below(rng, 4) != 0;
	m->ref_base = m->desc.device_addr;
	if (m->desc.origin == RMEM_DMA_POOL_RESERVED_MEM)
		m->ref_base -= m->desc.phys_addr % m->pg;

	m->backing = NULL;
	m->shadow = NULL;
	if (m->pages <= MAX_SMALL_PAGES && rmem_rng_below(rng, 2)) {
		m->backing = malloc(bytes);
		m->shadow = malloc(bytes);
		assert_non_null(m->backing);
		assert_non_null(m->shadow);
		memset(m->backing, 0xa5, bytes);
		memset(m->shadow, 0xa5, bytes);
	}
	m->desc.backing = m->backing;
	assert_int_equal(rmem_dma_init_coherent_memory(&m->p, &m->desc, NULL, &m->mem), 0);

	m->used = calloc(m->pages, 1);
	m->allocs = calloc(m->pages, sizeof(*m->allocs));
	assert_non_null(m->used);
	assert_non_null(m->allocs);
	m->nr_used = 0;
	m->nr_allocs = 0;
	check_stat(m, true);
}

static void pool_close(struct model *m)
{
	while (m->nr_allocs) {
		struct ref_alloc *a = &m->allocs[--m->nr_allocs];

		assert_int_equal(rmem_dma_release_from_coherent(m->mem,
				 m->ref_base + a->page * m->pg, a->size), 1);
		ref_mark(m, a->page, (uint64_t)1 << a->order, 0);
	}
	check_stat(m, true);
	assert_int_equal(m->nr_used, 0);
	rmem_dma_release_coherent_memory(m->mem);
	free(m->used);
	free(m->allocs);
	free(m->backing);
	free(m->shadow);
}

/* A request size: mostly small orders, sometimes beyond the pool. */
static uint64_t random_size(struct model *m)
{
	struct rmem_rng *rng = &m->rng;
	unsigned int order = 0;
	uint64_t lo, hi;

	if (rmem_rng_below(rng, 50) == 0)
		return m->pages * m->pg + 1 + rmem_rng_below(rng, 4 * m->pg);
	while (((uint64_t)1 << order) < 2 * m->pages && rmem_rng_below(rng, 2))
		order++;
	hi = m->pg << order;
	lo = order ? (m->pg << (order - 1)) + 1 : 1;
	return lo + rmem_rng_below(rng, hi - lo + 1);
}

/* Zeroing: exactly the requested bytes read zero, the next ones are untouched. */
static void check_and_fill(struct model *m, uint64_t page, uint64_t size, void *va)
{
	unsigned char *b = m->backing + page * m->pg;
	unsigned char *s = m->shadow + page * m->pg;
	uint64_t run_end = (uint64_t)m->pg << ref_order(size, m->pg);
	uint64_t window = size + CHECK_WINDOW < run_end ? size + CHECK_WINDOW : run_end;
	unsigned char pattern = (unsigned char)(1 + rmem_rng_below(&m->rng, 255));

	assert_ptr_equal(va, b);
	for (uint64_t i = 0; i < size; i++)
		assert_int_equal(b[i], 0);
	assert_memory_equal(b + size, s + size, window - size);
	/* dirty what was asked for, so the next allocation over it must clear it */
	memset(b, pattern, size);
	memset(s, pattern, size);
}

static void do_alloc(struct model *m)
{
	uint64_t size = random_size(m);
	unsigned int order = ref_order(size, m->pg);
	long expect = size > m->pages * m->pg ? -1 : ref_find(m, order);
	bool via_dev = rmem_rng_below(&m->rng, 2);
	rmem_dma_t h = 0;
	void *va = NULL;
	int ret;

	if (via_dev) {
		int r = rmem_dma_alloc_from_dev_coherent(m->mem, size, &h, &va, &ret);

		/* exclusive pools answer 1 even on failure (5.10-6.12) */
		assert_int_equal(r, (expect >= 0 || m->desc.exclusive) ? 1 : 0);
	} else {
		ret = rmem_dma_alloc_from_coherent(m->mem, size, &h, &va);
	}
	if (expect < 0) {
		assert_int_equal(ret, -ENOMEM);
		m->allocs_failed++;
		return;
	}
	assert_int_equal(ret, 0);
	assert_int_equal(h, m->ref_base + (uint64_t)expect * m->pg);
	assert_int_equal((h - m->ref_base) % (m->pg << order), 0);
	ref_mark(m, (uint64_t)expect, (uint64_t)1 << order, 1);
	m->allocs[m->nr_allocs++] = (struct ref_alloc){ (uint64_t)expect, order, size };
	if (m->backing)
		check_and_fill(m, (uint64_t)expect, size, va);
	else
		assert_null(va);
	m->allocs_ok++;
}

static void do_free(struct model *m)
{
	size_t i = rmem_rng_below(&m->rng, m->nr_allocs);
	struct ref_alloc a = m->allocs[i];
	/* any address inside the first page finds the run, as in the kernel */
	uint64_t in_page = rmem_rng_below(&m->rng, 4) ? 0 : rmem_rng_below(&m->rng, m->pg);

	assert_int_equal(rmem_dma_release_from_coherent(m->mem,
			 m->ref_base + a.page * m->pg + in_page, a.size), 1);
	ref_mark(m, a.page, (uint64_t)1 << a.order, 0);
	m->allocs[i] = m->allocs[--m->nr_allocs];
	m->frees++;
}

/*
 * A release of something that was not handed out: outside the pool it is
 * not mine (0), inside it is refused (-ENOENT) unless the reference says the
 * run is wholly allocated and aligned, which is skipped (a legal free of
 * part of a run, left to the unit tests).
 */
static void do_bad_free(struct model *m)
{
	struct rmem_rng *rng = &m->rng;
	uint64_t span = (m->pages + 4) * m->pg;
	rmem_dma_t h = m->ref_base - 2 * m->pg + rmem_rng_below(rng, span);
	uint64_t size = 1 + rmem_rng_below(rng, 8 * m->pg);
	unsigned int order = ref_order(size, m->pg);
	uint64_t count = (uint64_t)1 << order;
	unsigned long before = m->nr_used;
	int expect;

	if (h < m->ref_base || h >= m->ref_base + m->pages * m->pg) {
		expect = 0;
	} else {
		uint64_t page = (h - m->ref_base) / m->pg;

		if (page % count == 0 && page + count <= m->pages && ref_run_used(m, page, count))
			return;
		expect = -ENOENT;
	}
	assert_int_equal(rmem_dma_release_from_coherent(m->mem, h, size), expect);
	check_stat(m, false);
	assert_int_equal(m->nr_used, before);
	m->bad_frees++;
}

static void run(struct model *m, unsigned long nr_ops)
{
	unsigned long left = 0;

	m->mem = NULL;
	while (m->ops < nr_ops) {
		unsigned int op;

		if (!left) {
			if (m->mem)
				pool_close(m);
			pool_open(m);
			left = 100 + rmem_rng_below(&m->rng, 3000);
		}
		op = (unsigned int)rmem_rng_below(&m->rng, 100);
		if (op < 55 || !m->nr_allocs)
			do_alloc(m);
		else if (op < 95)
			do_free(m);
		else
			do_bad_free(m);
		/* the reference scan is linear: on big pools, check it less often */
		check_stat(m, m->pages <= MAX_SMALL_PAGES || m->ops % 32 == 0);
		m->ops++;
		left--;
	}
	pool_close(m);
}

static void test_model(void **state)
{
	struct model m = { 0 };
	unsigned long nr_ops = rmem_test_ops(100000);

	rmem_rng_init(&m.rng, rmem_test_seed("model_coherent"));
	run(&m, nr_ops);
	printf("model_coherent: %lu ops: %lu allocations, %lu failed, %lu frees, %lu bad frees\n",
	       m.ops, m.allocs_ok, m.allocs_failed, m.frees, m.bad_frees);
	assert_true(m.allocs_ok > 0 && m.allocs_failed > 0 && m.frees > 0 && m.bad_frees > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
