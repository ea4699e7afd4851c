// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_alloc() on inputs that make the kernel repeat itself: failures on an
 * unchanged bitmap (rmem answers them without searching again), the free
 * runs of cma_debug_show_areas() longer than a printk record (mm/cma.c
 * pr_cont() pieces, split into records as printk splits them), and ranges
 * busy over thousands of tries (the range hook's busy stretch).  Answers
 * and log lines must be the kernel's, whatever rmem skips.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cma_kernels.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL
#define BASE_PFN 0x50000ULL

static struct rmem_cma *area(struct rmem_ctx *ctx, rmem_phys_t size, unsigned int order_per_bit)
{
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, BASE_PFN << 12, size, 0, 0,
						     order_per_bit, true, "test", &cma), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	return cma;
}

static rmem_pfn_t alloc_ok(struct rmem_cma *cma, unsigned long count, unsigned int align)
{
	rmem_pfn_t pfn = 0;

	assert_int_equal(rmem_cma_alloc(cma, count, align, false, &pfn), 0);
	return pfn;
}

/* Every page allocated one by one, then every other one released. */
static void fragment(struct rmem_cma *cma, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++)
		assert_int_equal(alloc_ok(cma, 1, 0), BASE_PFN + i);
	for (unsigned long i = 0; i < pages; i += 2)
		assert_int_equal(rmem_cma_release(cma, BASE_PFN + i, 1), 0);
}

/*
 * mm/cma.c cma_alloc() (5.10, 6.1; __cma_alloc() 6.12) fails when
 * bitmap_find_next_zero_area_off() finds no aligned run: after a failure,
 * rmem answers a request as large or larger, with the same alignment,
 * without searching, until the bitmap changes.  The answers are the
 * kernel's: a smaller request, another alignment, a release, each is
 * searched again.
 */
static void test_no_room_known(void **state)
{
	(void)state;
	/* page counts and pfns of 4K pages; a 4 MiB area (arm without LPAE wants 8) */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K | RMEM_TEST_PHYS_64) {
		struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
		struct rmem_cma *cma = area(ctx, 4 * SZ_1M, 0);
		rmem_pfn_t pfn;

		int none = cma_no_room_err(it.name);

		fragment(cma, 1024);
		assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), none);
		assert_int_equal(rmem_cma_alloc(cma, 3, 0, false, &pfn), none);
		assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), none);
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(ctx), "alloc failed"), 3);
		/* a single page still fits, at the first hole */
		assert_int_equal(alloc_ok(cma, 1, 0), BASE_PFN);
		/* another alignment is another search: a 2-aligned page is at 0x50002 */
		assert_int_equal(alloc_ok(cma, 1, 1), BASE_PFN + 2);
		/* a release joins two holes: two pages fit there now */
		assert_int_equal(rmem_cma_release(cma, BASE_PFN + 5, 1), 0);
		assert_int_equal(alloc_ok(cma, 2, 0), BASE_PFN + 4);
		assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), none);
		/* and a release of the pages just taken is a change too */
		assert_int_equal(rmem_cma_release(cma, BASE_PFN + 4, 2), 0);
		assert_int_equal(alloc_ok(cma, 2, 0), BASE_PFN + 4);
		rmem_ctx_destroy(ctx);
	}
}

#define HEAD "cma: number of available pages: "

/* The line cma_debug_show_areas() prints when the free pages are @first, @first + 2, ... */
static char *every_other_text(unsigned long first, unsigned long pages)
{
	size_t cap = pages * 16 + 64, n = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	n += (size_t)snprintf(s, cap, HEAD);
	for (unsigned long i = first; i < pages; i += 2)
		n += (size_t)snprintf(s + n, cap - n, "%s1@%lu", i > first ? "+" : "", i);
	snprintf(s + n, cap - n, "=> %lu free of %lu total pages", (pages - first + 1) / 2, pages);
	return s;
}

/*
 * The records printk makes of that line, by its rule: a piece joins while
 * text + piece <= 1021 characters (6.12), else it begins the next record.
 */
static size_t every_other_records(unsigned long first, unsigned long pages)
{
	size_t len = strlen(HEAD), records = 1;
	char piece[64];

	for (unsigned long i = first; i <= pages; i += 2) {
		size_t n = i < pages ? (size_t)snprintf(piece, sizeof(piece), "%s1@%lu",
							i > first ? "+" : "", i) :
				       (size_t)snprintf(piece, sizeof(piece),
							"=> %lu free of %lu total pages\n",
							(pages - first + 1) / 2, pages);

		if (len + n > 1021) {
			records++;
			len = 0;
		}
		len += n;
	}
	return records;
}

/*
 * 6.12 cma_debug_show_areas() (mm/cma.c:381): pr_info() then one
 * pr_cont() per free run.  A piece joins the record while text + piece fit
 * in 1021 characters (PRINTKRB_RECORD_MAX less the level header and the
 * NUL), else begins a new one at the default level, KERN_WARNING.  All the
 * records together are the kernel's line.
 */
static void test_show_areas_records(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 16 * SZ_1M, 0);
	const struct rmem_log *log = rmem_ctx_log(ctx);
	char *want = every_other_text(0, 4096), *got = calloc(1, strlen(want) + 1);
	size_t first, end;
	rmem_pfn_t pfn;

	(void)state;
	assert_non_null(got);
	fragment(cma, 4096);
	assert_int_equal(rmem_log_find(log, HEAD), -1);
	assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), -ENOMEM);
	first = (size_t)rmem_log_find(log, HEAD);
	assert_int_equal(log->lines[first].level, RMEM_LOG_INFO);
	for (end = first; end < log->nr && log->lines[end].level != RMEM_LOG_DEBUG; end++) {
		assert_true(strlen(log->lines[end].text) <= 1021);
		if (end > first)
			assert_int_equal(log->lines[end].level, RMEM_LOG_WARNING);
		assert_false(log->lines[end].cont);
		assert_true(strlen(got) + strlen(log->lines[end].text) <= strlen(want));
		strcat(got, log->lines[end].text);
	}
	assert_string_equal(got, want);
	assert_int_equal(end - first, every_other_records(0, 4096));
	assert_true(end - first > 10);
	rmem_ctx_destroy(ctx);
	free(want);
	free(got);
}

/* Fill the log with lines that are not pr_debug(), up to the bound. */
static void fill_log(struct rmem_ctx *ctx)
{
	struct rmem_log *log = rmem_ctx_log(ctx);

	while (rmem_log_keeps(log, RMEM_LOG_INFO) && log->nr < RMEM_LOG_MAX_LINES)
		rmem_log_printf(log, RMEM_LOG_INFO, "filler");
	/* one more: the bound is reached */
	rmem_log_printf(log, RMEM_LOG_INFO, "filler");
	assert_false(rmem_log_keeps(log, RMEM_LOG_INFO));
}

/*
 * The same failure once the log keeps no more lines: the "alloc failed"
 * line and the records are counted, as many as printk makes; again for
 * the next failure on the same bitmap, and after the bitmap changed.
 */
static void test_show_areas_counted(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 16 * SZ_1M, 0);
	struct rmem_log *log = rmem_ctx_log(ctx);
	size_t dropped;
	rmem_pfn_t pfn;

	(void)state;
	fragment(cma, 4096);
	fill_log(ctx);
	for (int i = 0; i < 2; i++) {
		dropped = log->dropped - log->dropped_debug;
		assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), -ENOMEM);
		assert_int_equal(log->dropped - log->dropped_debug - dropped,
				 1 + every_other_records(0, 4096));
	}
	/* page 0 taken: the line begins at 1@2 */
	assert_int_equal(alloc_ok(cma, 1, 0), BASE_PFN);
	dropped = log->dropped - log->dropped_debug;
	assert_int_equal(rmem_cma_alloc(cma, 2, 0, false, &pfn), -ENOMEM);
	assert_int_equal(log->dropped - log->dropped_debug - dropped,
			 1 + every_other_records(2, 4096));
	rmem_ctx_destroy(ctx);
}

/* The busy pages: [first, first + n) pinned, the range hook says so. */
struct pinned {
	rmem_pfn_t first;
	unsigned long n;
	bool stretch;		/* also say how far the busy ranges go */
	unsigned long calls;
};

static int pinned_hook(void *arg, const struct rmem_cma *cma, rmem_pfn_t pfn, unsigned long count,
		       rmem_pfn_t *busy_end)
{
	struct pinned *p = arg;

	(void)cma;
	p->calls++;
	if (pfn + count <= p->first || pfn >= p->first + p->n)
		return 0;
	/* from a pinned page on, every range up to the last one holds one */
	if (p->stretch && pfn >= p->first)
		*busy_end = p->first + p->n;
	return -EBUSY;
}

/* The log lines of one allocation, as one string. */
static char *alloc_lines(struct rmem_ctx *ctx, struct rmem_cma *cma, unsigned long count,
			 unsigned int align, int *ret, rmem_pfn_t *pfn)
{
	struct rmem_log *log = rmem_ctx_log(ctx);
	size_t from = log->nr, len = 1;
	char *s;

	*ret = rmem_cma_alloc(cma, count, align, false, pfn);
	for (size_t i = from; i < log->nr; i++)
		len += strlen(log->lines[i].text) + 1;
	s = calloc(1, len);
	assert_non_null(s);
	for (size_t i = from; i < log->nr; i++) {
		strcat(s, log->lines[i].text);
		strcat(s, "\n");
	}
	return s;
}

/*
 * __cma_alloc() (6.12 mm/cma.c:435-474; cma_alloc() in 5.10 and 6.1):
 * past a busy range it tries one alignment step further, logging "busy,
 * retrying" each time.  A hook that says how far the busy ranges go is
 * asked once for all of them; the answer and every line are the same as
 * when it is asked for each (6.12's lines name each pfn).  Holes in the
 * bitmap and alignments larger than a page are crossed as the search does.
 */
static void test_busy_stretch_same_lines(void **state)
{
	static const struct { unsigned long count; unsigned int align; } reqs[] = {
		{ 1, 0 }, { 3, 0 }, { 4, 2 }, { 5, 3 }, { 2, 1 },
	};

	(void)state;
	/* page counts and pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K) {
		for (size_t r = 0; r < sizeof(reqs) / sizeof(reqs[0]); r++) {
			char *lines[2];
			rmem_pfn_t pfn[2];
			unsigned long calls[2];
			int ret[2];

			for (int s = 0; s < 2; s++) {
				struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
				struct rmem_cma *cma = area(ctx, 4 * SZ_1M, 0);
				struct pinned p = { BASE_PFN, 700, s == 1, 0 };

				/* holes: pages 100..119 taken, 200 taken */
				assert_int_equal(alloc_ok(cma, 120, 0), BASE_PFN);
				assert_int_equal(alloc_ok(cma, 81, 0), BASE_PFN + 120);
				assert_int_equal(rmem_cma_release(cma, BASE_PFN, 100), 0);
				assert_int_equal(rmem_cma_release(cma, BASE_PFN + 120, 80), 0);
				rmem_cma_set_range_hook(ctx, pinned_hook, &p);
				lines[s] = alloc_lines(ctx, cma, reqs[r].count, reqs[r].align,
						       &ret[s], &pfn[s]);
				calls[s] = p.calls;
				rmem_ctx_destroy(ctx);
			}
			assert_int_equal(ret[0], 0);
			assert_int_equal(ret[1], 0);
			assert_int_equal(pfn[1], pfn[0]);
			assert_true(pfn[0] >= BASE_PFN + 700);
			assert_string_equal(lines[1], lines[0]);
			assert_true(calls[0] > 80);
			assert_int_equal(calls[1], 2);
			free(lines[0]);
			free(lines[1]);
		}
	}
}

/*
 * The same with the log's pr_debug() half full: the tries are counted,
 * each free run's at once, as many as the lines the kernel prints.
 */
static void test_busy_stretch_counted(void **state)
{
	(void)state;
	/* page counts and pfns of 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_CMA | RMEM_TEST_PAGE_4K) {
		unsigned long busy_lines[2];

		for (int s = 0; s < 2; s++) {
			struct rmem_ctx *ctx = rmem_test_ctx(it.name, SZ_1G, SZ_1G);
			struct rmem_cma *cma = area(ctx, 16 * SZ_1M, 0);
			struct rmem_log *log = rmem_ctx_log(ctx);
			struct pinned p = { BASE_PFN, 4000, true, 0 };
			size_t kept, dropped;

			assert_int_equal(alloc_ok(cma, 50, 0), BASE_PFN);
			assert_int_equal(alloc_ok(cma, 1, 0), BASE_PFN + 50);
			assert_int_equal(rmem_cma_release(cma, BASE_PFN, 50), 0);
			rmem_cma_set_range_hook(ctx, pinned_hook, &p);
			/* the second run: the pr_debug() lines are only counted */
			while (s && rmem_log_keeps(log, RMEM_LOG_DEBUG))
				rmem_log_printf(log, RMEM_LOG_DEBUG, "filler");
			kept = (size_t)rmem_test_count_lines(log, "is busy, retrying");
			dropped = log->dropped_debug;
			assert_int_equal(alloc_ok(cma, 2, 1), BASE_PFN + 4000);
			busy_lines[s] = (unsigned long)rmem_test_count_lines(log, "is busy, retrying") -
					kept + log->dropped_debug - dropped;
			if (s)
				assert_int_equal(rmem_test_count_lines(log, "is busy, retrying"), kept);
			assert_int_equal(p.calls, 2);
			rmem_ctx_destroy(ctx);
		}
		/* the 2-page tries at even pages: 0..48 in the first hole, 52..3998 after */
		assert_int_equal(busy_lines[0], 25 + 1974);
		/* counted: the same tries, the call's line and the "returned" line */
		assert_int_equal(busy_lines[1], busy_lines[0] + 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_room_known),
		cmocka_unit_test(test_show_areas_records),
		cmocka_unit_test(test_show_areas_counted),
		cmocka_unit_test(test_busy_stretch_same_lines),
		cmocka_unit_test(test_busy_stretch_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
