// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_alloc() / cma_release() (mm/cma.c, 5.10, 6.1, 6.12) against a
 * deliberately plain model: an owner per page and a linear first-fit scan
 * over bit positions, written from the kernel's definition of the search
 * (the first bit position at or after the start whose pfn is aligned and
 * whose bits are all clear; on -EBUSY, again from one alignment step past
 * the busy candidate), not from its bitmap code.
 *
 * Random areas (bases at any pageblock, so the alignment offset varies;
 * 1, 2 or 4 pages per bit), random sizes and alignments, random busy pages
 * reported by the range hook, random valid and invalid releases.  Every
 * result is compared, and after each operation the counters and, often,
 * the free runs and the bitmap text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cma_kernels.h"

#define SZ_1G 0x40000000ULL
#define NR_AREAS 3
#define NR_BUSY 6
#define MAX_LIVE 4096

struct ref_alloc {
	unsigned int area;
	rmem_pfn_t pfn;
	unsigned long count;
};

struct ref_area {
	struct rmem_cma *cma;
	rmem_pfn_t base_pfn;
	unsigned long pages;
	unsigned int opb;		/* order_per_bit */
	unsigned int *owner;		/* per page: 0 free, else an allocation id */
	unsigned long used;		/* pages owned */
	unsigned long avail;		/* 7.2's available_count: pages not handed out */
	uint64_t ok_pages, fail_pages, released_pages;
};

struct busy_range {
	rmem_pfn_t pfn;
	unsigned long len;
};

struct model {
	struct rmem_rng rng;
	struct rmem_ctx *ctx;
	const char *profile;		/* a built-in profile: its name lives as long as the table */
	struct ref_area areas[NR_AREAS];
	struct busy_range busy[NR_BUSY];
	int hook_error;			/* a one-shot error other than -EBUSY */
	bool stretch;			/* the hook says how far a busy stretch goes */
	bool full_log;			/* this run's log keeps no more pr_debug() lines */
	unsigned long stretched;	/* allocations retried past a busy stretch */
	unsigned long results[4];	/* 0, -ENOMEM, -EBUSY, other: coverage */
	unsigned long releases[2];	/* valid, refused */
	struct ref_alloc live[MAX_LIVE];
	unsigned int nr_live;
	unsigned int next_id;
};

static uint64_t rnd(struct model *m, uint64_t n)
{
	return rmem_rng_below(&m->rng, n);
}

static bool range_busy(const struct model *m, rmem_pfn_t pfn, unsigned long count)
{
	for (int i = 0; i < NR_BUSY; i++) {
		const struct busy_range *b = &m->busy[i];

		if (b->len && b->pfn < pfn + count && pfn < b->pfn + b->len)
			return true;
	}
	return false;
}

/*
 * The range hook rmem calls: busy pages, or the one-shot error.  With
 * m->stretch it also says where the busy ranges end: the first pfn from
 * which @count pages hold no busy one.
 */
static int model_hook(void *arg, const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count,
		      rmem_pfn_t *busy_end)
{
	struct model *m = arg;
	rmem_pfn_t end = pfn;

	(void)cma;
	if (m->hook_error) {
		int err = m->hook_error;

		m->hook_error = 0;
		return err;
	}
	if (!range_busy(m, pfn, count))
		return 0;
	if (m->stretch) {
		while (range_busy(m, end, count))
			end++;
		*busy_end = end;
	}
	return -EBUSY;
}

static unsigned long bits_of(const struct ref_area *a, unsigned long pages)
{
	unsigned long per = 1UL << a->opb;

	return (pages + per - 1) / per;
}

static bool bit_free(const struct ref_area *a, unsigned long bit)
{
	return a->owner[bit << a->opb] == 0;
}

/* Bits [b, b + n) all clear? */
static bool run_free(const struct ref_area *a, unsigned long b, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (!bit_free(a, b + i))
			return false;
	return true;
}

/*
 * Does bit @b start at a pfn that is a multiple of 2^@align?  (The kernel
 * aligns bit numbers shifted by the base's offset, which is this when the
 * base is a multiple of a bit's pages, as every area's base is here.)
 */
static bool bit_aligned(const struct ref_area *a, unsigned long b, unsigned int align)
{
	rmem_pfn_t pfn = a->base_pfn + ((rmem_pfn_t)b << a->opb);

	return pfn % (1ULL << align) == 0;
}

/* Is any of bits [b, b + n) clear? */
static bool any_free(const struct ref_area *a, unsigned long b, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		if (bit_free(a, b + i))
			return true;
	return false;
}

/* The kernel's search, by definition: returns the bit, or -1. */
static long ref_find(const struct ref_area *a, unsigned long start, unsigned long nbits,
		     unsigned int align)
{
	unsigned long maxno = a->pages >> a->opb;

	for (unsigned long b = start; b + nbits <= maxno; b++)
		if (bit_aligned(a, b, align) && run_free(a, b, nbits))
			return (long)b;
	return -1;
}

static unsigned long step_of(const struct ref_area *a, unsigned int align)
{
	return align <= a->opb ? 1 : 1UL << (align - a->opb);
}

/*
 * What cma_alloc() must return: 0 and *pfn, or the error; *@tries: the busy
 * ones.  7.2 searches a request larger than the area too, and first stops
 * when fewer pages are left than asked.
 */
static int ref_alloc(struct model *m, struct ref_area *a, unsigned long count,
		     unsigned int align, rmem_pfn_t *pfn, int hook_error, unsigned long *tries)
{
	unsigned long nbits = bits_of(a, count), start = 0;
	int ret = cma_no_room_err(m->profile);

	if (!count)
		return -EINVAL;
	if (nbits > (a->pages >> a->opb))
		return cma_too_big_searched(m->profile) ? ret : -ENOMEM;
	for (;;) {
		long b;

		if (cma_counts_available(m->profile) && count > a->avail)
			return ret;
		b = ref_find(a, start, nbits, align);

		if (b < 0)
			return ret;
		*pfn = a->base_pfn + ((rmem_pfn_t)b << a->opb);
		if (hook_error)
			return hook_error;
		if (!range_busy(m, *pfn, count))
			return 0;
		ret = -EBUSY;
		++*tries;
		start = (unsigned long)b + step_of(a, align);
	}
}

static unsigned long ref_maxchunk(const struct ref_area *a)
{
	unsigned long maxno = a->pages >> a->opb, run = 0, best = 0;

	for (unsigned long b = 0; b < maxno; b++) {
		run = bit_free(a, b) ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best << a->opb;
}

static void set_owner(struct ref_area *a, rmem_pfn_t pfn, unsigned long count, unsigned int id)
{
	unsigned long first = (unsigned long)(pfn - a->base_pfn) >> a->opb;
	unsigned long n = bits_of(a, count);

	for (unsigned long p = first << a->opb; p < (first + n) << a->opb; p++) {
		/* no page handed out twice, none released twice */
		if (id)
			assert_int_equal(a->owner[p], 0);
		else
			assert_int_not_equal(a->owner[p], 0);
		a->owner[p] = id;
	}
	if (id) {
		a->used += n << a->opb;
		a->avail -= count;
	} else {
		a->used -= n << a->opb;
		a->avail += count;
	}
}

/* debugfs "used": the bits set, in pages; 7.2 the pages handed out */
static unsigned long ref_used(const struct model *m, const struct ref_area *a)
{
	return cma_counts_available(m->profile) ? a->pages - a->avail : a->used;
}

static bool counts_failed_precheck(const struct model *m)
{
	return cma_counts_refused(m->profile);
}

static bool has_sysfs(const struct model *m)
{
	return cma_sysfs(m->profile);
}

static unsigned long random_count(struct model *m, const struct ref_area *a)
{
	uint64_t r = rnd(m, 100);

	if (r < 1)
		return 0;
	if (r < 70)
		return 1 + rnd(m, 16);
	if (r < 95)
		return 1 + rnd(m, 256);
	return 1 + rnd(m, a->pages + 64);
}

static unsigned int random_align(struct model *m)
{
	uint64_t r = rnd(m, 100);

	if (r < 40)
		return 0;
	if (r < 90)
		return (unsigned int)rnd(m, 5);
	return (unsigned int)rnd(m, 13);
}

static void op_alloc(struct model *m)
{
	unsigned int ai = (unsigned int)rnd(m, NR_AREAS);
	struct ref_area *a = &m->areas[ai];
	unsigned long count = random_count(m, a);
	unsigned int align = random_align(m);
	int hook_error = rnd(m, 100) == 0 ? -EINTR : 0;
	rmem_pfn_t got = 0, want = 0;
	bool searched = count && (bits_of(a, count) <= (a->pages >> a->opb) ||
				  cma_too_big_searched(m->profile));
	struct rmem_log *log = rmem_ctx_log(m->ctx);
	size_t nr0 = log->nr, dropped0 = log->dropped_debug, debug = 0;
	unsigned long tries = 0;
	int ret, expect;

	expect = ref_alloc(m, a, count, align, &want, hook_error, &tries);
	m->hook_error = hook_error;
	m->stretch = rnd(m, 2);
	ret = rmem_cma_alloc(a->cma, count, align, rnd(m, 2), &got);
	m->hook_error = 0;
	assert_int_equal(ret, expect);
	/* the call's line, one "is busy, retrying" per busy try, the "returned" line */
	for (size_t i = nr0; i < log->nr; i++)
		debug += log->lines[i].level == RMEM_LOG_DEBUG;
	assert_int_equal(debug + log->dropped_debug - dropped0, 1 + tries + searched);
	m->stretched += m->stretch && tries > 1;
	m->results[!ret ? 0 : ret == -ENOMEM ? 1 : ret == -EBUSY ? 2 : 3]++;
	if (ret) {
		if (searched ? has_sysfs(m) : counts_failed_precheck(m))
			a->fail_pages += count;
		return;
	}
	assert_int_equal(got, want);
	assert_int_equal(got % (1ULL << align), 0);
	assert_true(got >= a->base_pfn && got + count <= a->base_pfn + a->pages);
	if (has_sysfs(m))
		a->ok_pages += count;
	set_owner(a, got, count, ++m->next_id);
	assert_true(m->nr_live < MAX_LIVE);
	m->live[m->nr_live++] = (struct ref_alloc){ ai, got, count };
}

static void release_live(struct model *m, unsigned int i, unsigned long count)
{
	struct ref_alloc *l = &m->live[i];
	struct ref_area *a = &m->areas[l->area];

	assert_int_equal(rmem_cma_release(a->cma, l->pfn, count), 0);
	m->releases[0]++;
	set_owner(a, l->pfn, count, 0);
	if (cma_release_stat(m->profile))
		a->released_pages += count;
	if (count == l->count) {
		*l = m->live[--m->nr_live];
		return;
	}
	l->pfn += count;
	l->count -= count;
}

/* What cma_release() must say of a random range: 0 means it would succeed. */
static int ref_release_check(const struct model *m, const struct ref_area *a, rmem_pfn_t pfn,
			     unsigned long count)
{
	unsigned long maxno = a->pages >> a->opb, bit, n;

	if (pfn < a->base_pfn || pfn >= a->base_pfn + a->pages)
		return -EINVAL;
	if (pfn + count > a->base_pfn + a->pages)
		return cma_counts_available(m->profile) ? -EINVAL : -ERANGE;
	bit = (unsigned long)(pfn - a->base_pfn) >> a->opb;
	n = bits_of(a, count);
	if (bit + n > maxno)
		return -ERANGE;
	return any_free(a, bit, n) ? -ENOENT : 0;
}

static void op_release_invalid(struct model *m)
{
	struct ref_area *a = &m->areas[rnd(m, NR_AREAS)];
	rmem_pfn_t pfn = a->base_pfn - 8 + rnd(m, a->pages + 16);
	unsigned long count = rnd(m, 64);
	unsigned long used = ref_used(m, a);
	struct rmem_cma_stat st;
	int expect = ref_release_check(m, a, pfn, count);

	if (!expect)
		return;		/* would free parts of live allocations: not an invalid case */
	assert_int_equal(rmem_cma_release(a->cma, pfn, count), expect);
	m->releases[1]++;
	rmem_cma_get_stat(a->cma, &st);
	assert_int_equal(st.used, used);
}

static void op_release(struct model *m)
{
	uint64_t r = rnd(m, 100);
	unsigned int i;
	struct ref_alloc *l;

	if (r < 10 || !m->nr_live) {
		op_release_invalid(m);
		return;
	}
	i = (unsigned int)rnd(m, m->nr_live);
	l = &m->live[i];
	/* a part, as cma_debug's "free" file does, only with one page per bit */
	if (r < 20 && l->count > 1 && m->areas[l->area].opb == 0) {
		release_live(m, i, 1 + rnd(m, l->count - 1));
		return;
	}
	release_live(m, i, l->count);
}

static void new_busy(struct model *m)
{
	for (int i = 0; i < NR_BUSY; i++) {
		struct ref_area *a = &m->areas[rnd(m, NR_AREAS)];

		m->busy[i].pfn = a->base_pfn + rnd(m, a->pages);
		m->busy[i].len = rnd(m, 3) ? 1 + rnd(m, 8) : 0;
	}
}

static void check_bitmap_text(const struct ref_area *a)
{
	unsigned long maxno = a->pages >> a->opb;
	size_t words = (maxno + 31) / 32, len = words * 11 + 1, at = 0;
	char *want = malloc(len), *got = malloc(len);

	assert_non_null(want);
	assert_non_null(got);
	for (size_t w = 0; w < words; w++) {
		uint32_t v = 0;

		for (unsigned int k = 0; k < 32 && w * 32 + k < maxno; k++)
			if (!bit_free(a, w * 32 + k))
				v |= 1U << k;
		at += (size_t)snprintf(want + at, len - at, "%u%c", v, w + 1 < words ? ' ' : '\n');
	}
	assert_int_equal(rmem_cma_bitmap_show(a->cma, got, len), at);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void check_area(const struct model *m, const struct ref_area *a, bool full)
{
	struct rmem_cma_stat st;

	rmem_cma_get_stat(a->cma, &st);
	assert_int_equal(st.used, ref_used(m, a));
	assert_int_equal(st.alloc_pages_success, a->ok_pages);
	assert_int_equal(st.alloc_pages_fail, a->fail_pages);
	assert_int_equal(st.release_pages_success, a->released_pages);
	if (!full)
		return;
	assert_int_equal(st.maxchunk, ref_maxchunk(a));
	check_bitmap_text(a);
}

/* Areas at random pageblocks with random gaps, 1 to 4 pageblocks, 1 to 4 pages a bit. */
static void setup(struct model *m, const char *profile)
{
	struct rmem_profile p = rmem_test_profile(profile);
	rmem_phys_t block = (rmem_phys_t)1 << (p.page_shift + p.pageblock_order);
	rmem_phys_t base = SZ_1G;

	if (cma_min_max_order(profile))	/* 5.10's larger minimum */
		block = (rmem_phys_t)1 << (p.page_shift + p.max_page_order);
	m->ctx = rmem_ctx_create(&p);
	assert_non_null(m->ctx);
	m->profile = profile;
	assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(m->ctx), SZ_1G, 4 * SZ_1G), 0);
	for (int i = 0; i < NR_AREAS; i++) {
		struct ref_area *a = &m->areas[i];
		rmem_phys_t size = block * (1 + rnd(m, 4));
		char name[16];

		memset(a, 0, sizeof(*a));
		base += block * rnd(m, 4);
		a->opb = (unsigned int)rnd(m, 3);
		snprintf(name, sizeof(name), "m%d", i);
		assert_int_equal(rmem_cma_declare_contiguous(m->ctx, base, size, 0, 0, a->opb,
							     true, name, &a->cma), 0);
		a->base_pfn = base >> p.page_shift;
		/* bit_aligned() relies on it */
		assert_int_equal(a->base_pfn % (1ULL << a->opb), 0);
		a->pages = (unsigned long)(size >> p.page_shift);
		a->avail = a->pages;
		a->owner = calloc(a->pages, sizeof(*a->owner));
		assert_non_null(a->owner);
		base += size;
	}
	assert_int_equal(rmem_cma_activate_areas(m->ctx), 0);
	rmem_cma_set_range_hook(m->ctx, model_hook, m);
	m->nr_live = 0;
	m->hook_error = 0;
	memset(m->busy, 0, sizeof(m->busy));
	/* half the runs with the pr_debug() half of the log full: busy tries only counted */
	m->full_log = rnd(m, 2);
	for (unsigned int i = 0; m->full_log && i < RMEM_LOG_MAX_LINES / 2; i++)
		rmem_log_printf(rmem_ctx_log(m->ctx), RMEM_LOG_DEBUG, "filler");
}

static void teardown(struct model *m)
{
	for (int i = 0; i < NR_AREAS; i++) {
		check_area(m, &m->areas[i], true);
		free(m->areas[i].owner);
	}
	rmem_ctx_destroy(m->ctx);
}

static void run(struct model *m, const char *profile, unsigned long ops)
{
	setup(m, profile);
	for (unsigned long op = 0; op < ops; op++) {
		if (op % 64 == 0)
			new_busy(m);
		if (rnd(m, 100) < 55)
			op_alloc(m);
		else
			op_release(m);
		for (int i = 0; i < NR_AREAS; i++)
			check_area(m, &m->areas[i], op % 16 == 0);
		/* the log is not under test here; keep it small */
		if (op % 256 == 0 && !m->full_log)
			rmem_log_release(rmem_ctx_log(m->ctx));
	}
	teardown(m);
}

/* mm/cma.c cma_alloc()/cma_release() of every built-in profile, in turn */
static void test_model(void **state)
{
	unsigned long ops = rmem_test_ops(100000);
	struct model *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	rmem_rng_init(&m->rng, rmem_test_seed("model_cma"));
	/* several machines, each with fresh areas: ops spread over them */
	for (unsigned long done = 0, i = 0; done < ops; i++) {
		unsigned long n = ops - done < 5000 ? ops - done : 5000;

		run(m, rmem_test_profile_nth(RMEM_TEST_CMA, i), n);
		done += n;
	}
	printf("model_cma: %lu ops: alloc ok %lu, -ENOMEM %lu, -EBUSY %lu, other %lu; "
	       "release ok %lu, refused %lu; %lu allocations retried past a busy stretch\n", ops,
	       m->results[0], m->results[1], m->results[2], m->results[3], m->releases[0],
	       m->releases[1], m->stretched);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
