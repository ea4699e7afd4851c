// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/debug/cma/ (mm/cma_debug.c) in 5.10, 6.1 and 6.12: the
 * directory name, used, maxchunk, and the "bitmap" file as
 * debugfs_create_u32_array() prints it (fs/debugfs/file.c u32_format_array()).
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

#define SZ_1M 0x100000ULL
#define SZ_1G 0x40000000ULL

static struct rmem_cma *area(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size,
			     unsigned int order_per_bit, const char *name)
{
	struct rmem_cma *cma = NULL;

	assert_int_equal(rmem_cma_declare_contiguous(ctx, base, size, 0, 0, order_per_bit, true,
						     name, &cma), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	return cma;
}

static rmem_pfn_t alloc_ok(struct rmem_cma *cma, unsigned long count)
{
	rmem_pfn_t pfn = 0;

	assert_int_equal(rmem_cma_alloc(cma, count, 0, false, &pfn), 0);
	return pfn;
}

/* "0 0 ... 0\n" with @n words, words @i set to the given text */
static void expect_words(struct rmem_cma *cma, size_t n, const char *const *words)
{
	char want[2048] = "", got[2048];
	size_t len;

	for (size_t i = 0; i < n; i++) {
		strcat(want, words[i] ? words[i] : "0");
		strcat(want, i + 1 < n ? " " : "\n");
	}
	len = rmem_cma_bitmap_show(cma, got, sizeof(got));
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
}

/* mm/cma_debug.c:34-69 6.1: used and maxchunk, in pages */
static void test_used_maxchunk(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0, "test");
	struct rmem_cma *c2 = area(ctx, 0x50200000, 2 * SZ_1M, 2, "test2");
	struct rmem_cma_stat st;
	rmem_pfn_t a, b;

	a = alloc_ok(cma, 10);
	b = alloc_ok(cma, 100);
	alloc_ok(cma, 50);
	assert_int_equal(rmem_cma_release(cma, b, 100), 0);
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.base_pfn, 0x50000);
	assert_int_equal(st.count, 512);
	assert_int_equal(st.order_per_bit, 0);
	assert_int_equal(st.used, 60);
	/* the run after the last allocation: 512 - 160 */
	assert_int_equal(st.maxchunk, 352);
	assert_true(st.active);
	assert_int_equal(rmem_cma_release(cma, a, 10), 0);
	alloc_ok(cma, 352);
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.maxchunk, 110);
	/* 4-page bits: used and maxchunk are multiples of 4 */
	alloc_ok(c2, 5);
	rmem_cma_get_stat(c2, &st);
	assert_int_equal(st.used, 8);
	assert_int_equal(st.maxchunk, 504);
	assert_int_equal(st.order_per_bit, 2);
	rmem_ctx_destroy(ctx);
}

/* mm/cma_debug.c:166-170 5.10: "cma-NAME" in 16 bytes; 6.1 uses the name */
static void test_dir_name(void **state)
{
	struct rmem_ctx *c510 = rmem_test_ctx("arm64-5.10", SZ_1G, SZ_1G);
	struct rmem_ctx *c61 = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma_stat st;

	rmem_cma_get_stat(area(c510, 0x50000000, 4 * SZ_1M, 0, "reserved"), &st);
	assert_string_equal(st.debugfs_dir, "cma-reserved");
	rmem_cma_get_stat(area(c510, 0x50400000, 4 * SZ_1M, 0, "linux,cma-area"), &st);
	assert_string_equal(st.debugfs_dir, "cma-linux,cma-a");
	rmem_cma_get_stat(area(c61, 0x50000000, 4 * SZ_1M, 0, "linux,cma-area"), &st);
	assert_string_equal(st.debugfs_dir, "linux,cma-area");
	rmem_ctx_destroy(c510);
	rmem_ctx_destroy(c61);
}

/* mm/cma_debug.c:179-182 6.1: 16 u32 words for 512 bits, decimal, low word first */
static void test_bitmap_words(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0, "test");
	const char *words[16] = { NULL };
	rmem_pfn_t a;

	expect_words(cma, 16, words);
	a = alloc_ok(cma, 1);
	words[0] = "1";
	expect_words(cma, 16, words);
	alloc_ok(cma, 35);
	words[0] = "4294967295";
	words[1] = "15";
	expect_words(cma, 16, words);
	assert_int_equal(rmem_cma_release(cma, a, 1), 0);
	words[0] = "4294967294";
	expect_words(cma, 16, words);
	rmem_ctx_destroy(ctx);
}

/* fs/debugfs/file.c u32_format_array(): an odd number of u32 words is half a long */
static void test_bitmap_odd_words(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.12", SZ_1G, SZ_1G);
	/* 1536 pages in 16-page bits: 96 bits, 3 words */
	struct rmem_cma *cma = area(ctx, 0x50000000, 6 * SZ_1M, 4, "test");
	const char *words[3] = { NULL };
	rmem_pfn_t pfn;

	expect_words(cma, 3, words);
	alloc_ok(cma, 64 * 16);
	assert_int_equal(rmem_cma_alloc(cma, 16, 0, false, &pfn), 0);
	words[0] = "4294967295";
	words[1] = "4294967295";
	words[2] = "1";
	expect_words(cma, 3, words);
	rmem_ctx_destroy(ctx);
}

/* snprintf() semantics: the length needed comes back whatever the buffer */
static void test_bitmap_truncated(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = area(ctx, 0x50000000, 2 * SZ_1M, 0, "test");
	char small[5];

	assert_int_equal(rmem_cma_bitmap_show(cma, NULL, 0), 32);
	assert_int_equal(rmem_cma_bitmap_show(cma, small, sizeof(small)), 32);
	assert_string_equal(small, "0 0 ");
	rmem_ctx_destroy(ctx);
}

/* mm/cma_debug.c:179-182: an area not activated (no bitmap) shows nothing */
static void test_not_activated(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("arm64-6.1", SZ_1G, SZ_1G);
	struct rmem_cma *cma = NULL;
	struct rmem_cma_stat st;
	char buf[16] = "x";

	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0x50000000, 2 * SZ_1M, 0, 0, 0, true,
						     "idle", &cma), 0);
	assert_int_equal(rmem_cma_bitmap_show(cma, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	rmem_cma_get_stat(cma, &st);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.maxchunk, 0);
	assert_false(st.active);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_used_maxchunk),
		cmocka_unit_test(test_dir_name),
		cmocka_unit_test(test_bitmap_words),
		cmocka_unit_test(test_bitmap_odd_words),
		cmocka_unit_test(test_bitmap_truncated),
		cmocka_unit_test(test_not_activated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
