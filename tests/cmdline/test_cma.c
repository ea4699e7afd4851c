// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma= through rmem_cmdline_parse(): kernel/dma/contiguous.c early_cma(),
 * read in 5.10, 6.1 and 6.12 (the same code in all three), and the
 * "fixed" test of dma_contiguous_reserve().
 */
#include <string.h>

#include "cmdline_kernels.h"
#include "rmem_test.h"

#define SZ_1M (1ULL << 20)

struct cma_case {
	const char *cmdline;
	uint64_t size, base, limit;
	bool seen, fixed;
};

static void check_case(const struct rmem_test_each *it, const struct cma_case *c)
{
	struct rmem_profile p = it->p;
	/* the three are phys_addr_t: 32 bits on arm without LPAE */
	uint64_t phys = p.phys_addr_bits == 32 ? UINT32_MAX : UINT64_MAX;
	struct rmem_cmdline cl;

	print_message("%s: \"%s\"\n", it->name, c->cmdline);
	assert_int_equal(rmem_cmdline_parse(&cl, c->cmdline, &p, NULL), 0);
	assert_int_equal(cl.size_cmdline, c->size & phys);
	assert_int_equal(cl.base_cmdline, c->base & phys);
	assert_int_equal(cl.limit_cmdline, c->limit & phys);
	assert_int_equal(cl.cma_seen, c->seen);
	if (c->seen)
		assert_int_equal(cl.cma_fixed, c->fixed);
}

static void check_all_versions(const struct cma_case *c, size_t n)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA)
		for (size_t i = 0; i < n; i++)
			check_case(&it, &c[i]);
}

#define CHECK(a) check_all_versions(a, sizeof(a) / sizeof(a[0]))

/* early_cma(): size, size@base, size@base-limit; size_cmdline starts at -1 */
static void test_forms(void **state)
{
	static const struct cma_case c[] = {
		{ NULL, UINT64_MAX, 0, 0, false, false },
		{ "", UINT64_MAX, 0, 0, false, false },
		{ "quiet root=/dev/vda", UINT64_MAX, 0, 0, false, false },
		{ "cma=64M", 64 * SZ_1M, 0, 0, true, false },
		{ "cma=64M@0x40000000", 64 * SZ_1M, 0x40000000, 0x44000000, true, true },
		{ "cma=64M@0x40000000-0x80000000", 64 * SZ_1M, 0x40000000, 0x80000000, true, false },
		/* base + size == limit: dma_contiguous_reserve() calls it fixed */
		{ "cma=64M@0x40000000-0x44000000", 64 * SZ_1M, 0x40000000, 0x44000000, true, true },
		{ "cma=1G@2G-4G", 1ULL << 30, 2ULL << 30, 4ULL << 30, true, false },
		{ "cma=256m@1g", 256 * SZ_1M, 1ULL << 30, (1ULL << 30) + 256 * SZ_1M, true, true },
		{ "cma=0x4000000", 0x4000000, 0, 0, true, false },
		{ "cma=\"64M@0x40000000\"", 64 * SZ_1M, 0x40000000, 0x44000000, true, true },
		/* "-" with no '@' is just garbage after the size */
		{ "cma=64M-128M", 64 * SZ_1M, 0, 0, true, false },
	};

	(void)state;
	CHECK(c);
}

/* early_cma() on the odd values: what memparse() makes of them */
static void test_odd_values(void **state)
{
	static const struct cma_case c[] = {
		/*
		 * size 0: no global area, but "given"; and 0 + 0 == 0 makes it
		 * "fixed" to dma_contiguous_reserve(), which then reserves nothing
		 */
		{ "cma=0", 0, 0, 0, true, true },
		{ "cma=", 0, 0, 0, true, true },
		/* empty base: 0, limit 0 + size: a fixed area at 0 */
		{ "cma=64M@", 64 * SZ_1M, 0, 64 * SZ_1M, true, true },
		/* empty limit: 0, no limit of its own, not fixed */
		{ "cma=64M@0x40000000-", 64 * SZ_1M, 0x40000000, 0, true, false },
		{ "cma=64M@-0x80000000", 64 * SZ_1M, 0, 0x80000000, true, false },
		{ "cma=0x", 0, 0, 0, true, true },
		{ "cma=64Q", 64, 0, 0, true, false },
		{ "cma=-1", 0, 0, 0, true, true },
		{ "cma=-64M@0x40000000", 0, 0, 0, true, true },
		{ "cma=+64M", 0, 0, 0, true, true },
		{ "cma=010M", 8 * SZ_1M, 0, 0, true, false },
		{ "cma=64MB", 64 * SZ_1M, 0, 0, true, false },
	};

	(void)state;
	CHECK(c);
}

/* The values past 32 bits, in a 64-bit phys_addr_t */
static void test_wide_values(void **state)
{
	static const struct cma_case c[] = {
		/* the kernel's own "not given" value */
		{ "cma=0xffffffffffffffff", UINT64_MAX, 0, 0, false, false },
		/* base + size wraps: limit_cmdline is the wrapped sum */
		{ "cma=2M@0xffffffffffe00000", 2 * SZ_1M, 0xffffffffffe00000ULL, 0, true, true },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PHYS_64)
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
			check_case(&it, &c[i]);
}

/*
 * The same in a 32-bit phys_addr_t (arm without LPAE, as armhf-6.1-nolpae's
 * boot of conformance case 151 shows for cma=25E): the low 32 bits, so a
 * size of 0 that is "fixed", and -1 that is still "not given".
 */
static void test_wide_values_phys_32(void **state)
{
	static const struct cma_case c[] = {
		{ "cma=25E", 0, 0, 0, true, true },
		{ "cma=0xffffffffffffffff", UINT32_MAX, 0, 0, false, false },
		{ "cma=2M@0xffffffffffe00000", 2 * SZ_1M, 0xffe00000, 0, true, true },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PHYS_32)
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
			check_case(&it, &c[i]);
}

/*
 * A size whose suffix overflows: the low 64 bits up to 6.12 (16E is 0),
 * ULLONG_MAX from 7.2, the kernel's own "no cma=" (memparse_saturates()).
 */
static void test_overflowing_suffix(void **state)
{
	static const struct cma_case wraps[] = {
		{ "cma=25E", 9ULL << 60, 0, 0, true, false },
		{ "cma=16E", 0, 0, 0, true, true },
	};
	static const struct cma_case saturates[] = {
		{ "cma=25E", UINT64_MAX, 0, 0, false, false },
		{ "cma=16E", UINT64_MAX, 0, 0, false, false },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PHYS_64)
		for (size_t i = 0; i < 2; i++)
			check_case(&it, memparse_saturates(it.name) ? &saturates[i] : &wraps[i]);
}

/* parse_early_param() + early_cma(): every cma= runs, only the parts present are stored */
static void test_last_wins(void **state)
{
	static const struct cma_case c[] = {
		{ "cma=64M cma=128M", 128 * SZ_1M, 0, 0, true, false },
		{ "cma=64M@0x40000000 cma=128M@0x50000000", 128 * SZ_1M, 0x50000000, 0x58000000, true, true },
		/* no '@' the second time: base and limit stay from the first */
		{ "cma=64M@0x40000000 cma=32M", 32 * SZ_1M, 0x40000000, 0x44000000, true, false },
		{ "cma=64M@0x40000000-0x80000000 cma=32M@0x60000000", 32 * SZ_1M, 0x60000000, 0x62000000, true, true },
		/* "cma" alone changes nothing */
		{ "cma=64M cma", 64 * SZ_1M, 0, 0, true, false },
		{ "cma=64M -- cma=128M", 64 * SZ_1M, 0, 0, true, false },
	};

	(void)state;
	CHECK(c);
}

/* early_cma(NULL): pr_err "cma: Config string not provided", then do_early_param()'s warning */
static void test_no_value(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		struct rmem_profile p = it.p;
		struct rmem_cmdline cl;
		struct rmem_log log;
		long e, w;

		rmem_log_init(&log);
		assert_int_equal(rmem_cmdline_parse(&cl, "cma", &p, &log), 0);
		/* -1 in a phys_addr_t */
		assert_int_equal(cl.size_cmdline, p.phys_addr_bits == 32 ? UINT32_MAX : UINT64_MAX);
		assert_false(cl.cma_seen);
		e = rmem_log_find(&log, "cma: Config string not provided");
		w = rmem_log_find(&log, "Malformed early option 'cma'");
		assert_true(e >= 0 && w == e + 1);
		assert_int_equal(log.lines[e].level, RMEM_LOG_ERR);
		assert_string_equal(log.lines[e].text, "cma: Config string not provided");
		assert_int_equal(log.lines[w].level, RMEM_LOG_WARNING);
		rmem_log_release(&log);
		(void)state;
	}
}

/* contiguous.c is built only with CONFIG_DMA_CMA: otherwise cma= is an unknown word */
static void test_without_dma_cma(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_cmdline cl;
	struct rmem_log log;

	(void)state;
	p.dma_cma = false;
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "cma=64M cma", &p, &log), 0);
	assert_int_equal(cl.size_cmdline, UINT64_MAX);
	assert_false(cl.cma_seen);
	assert_int_equal(rmem_log_find(&log, "Config string not provided"), -1);
	assert_int_equal(rmem_log_find(&log, "Malformed"), -1);
	rmem_log_release(&log);
}

/* arm without LPAE: phys_addr_t is u32, so size_cmdline's -1 and every value are 32-bit */
static void test_arm_without_lpae(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		struct rmem_profile p = it.p;
		struct rmem_cmdline cl;

		assert_int_equal(rmem_cmdline_parse(&cl, "", &p, NULL), 0);
		assert_int_equal(cl.size_cmdline, 0xffffffffULL);
		assert_false(cl.cma_seen);
		assert_int_equal(rmem_cmdline_parse(&cl, "cma=5G", &p, NULL), 0);
		assert_int_equal(cl.size_cmdline, 1ULL << 30);
		assert_true(cl.cma_seen);
		assert_int_equal(rmem_cmdline_parse(&cl, "cma=0xffffffff", &p, NULL), 0);
		assert_false(cl.cma_seen);
		/* base + size wraps at 4 GiB */
		assert_int_equal(rmem_cmdline_parse(&cl, "cma=512M@0xf0000000", &p, NULL), 0);
		assert_int_equal(cl.limit_cmdline, 0x10000000);
		assert_true(cl.cma_fixed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_odd_values),
		cmocka_unit_test(test_wide_values),
		cmocka_unit_test(test_wide_values_phys_32),
		cmocka_unit_test(test_overflowing_suffix),
		cmocka_unit_test(test_last_wins),
		cmocka_unit_test(test_no_value),
		cmocka_unit_test(test_without_dma_cma),
		cmocka_unit_test(test_arm_without_lpae),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
