// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem's advice lines (RMEM_LOG_ADVICE) for cma= and mem= values that
 * kernel/dma/contiguous.c early_cma(), arch/arm64/mm/init.c early_mem() and
 * arch/arm/kernel/setup.c early_mem() read in their own way (5.10, 6.1 and
 * 6.12 alike): present for the odd values, absent for the ordinary ones,
 * and never mixed into the kernel's own lines.
 */
#include <string.h>

#include "cmdline_kernels.h"
#include "rmem_test.h"

static size_t count_advice(const struct rmem_log *log)
{
	size_t n = 0;

	for (size_t i = 0; i < log->nr; i++)
		n += log->lines[i].level == RMEM_LOG_ADVICE;
	return n;
}

static void expect_none(const char *profile, const char *cmdline)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_cmdline cl;
	struct rmem_log log;

	print_message("%s: \"%s\" (no advice)\n", profile, cmdline);
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, cmdline, &p, &log), 0);
	for (size_t i = 0; i < log.nr; i++)
		if (log.lines[i].level == RMEM_LOG_ADVICE)
			print_message("unexpected: %s\n", log.lines[i].text);
	assert_int_equal(count_advice(&log), 0);
	assert_int_equal(cl.nr_advice, 0);
	rmem_log_release(&log);
}

/*
 * @cmdline gives advice lines, one of which starts with @prefix and
 * contains @needle; every advice line starts with "cma", "mem" or
 * "command line".
 */
static void expect_advice(const char *profile, const char *cmdline, const char *prefix,
			  const char *needle)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_cmdline cl;
	struct rmem_log log;
	bool found = false;

	print_message("%s: \"%s\" -> %s ... %s\n", profile, cmdline, prefix, needle);
	rmem_log_init(&log);
	rmem_cmdline_parse(&cl, cmdline, &p, &log);
	for (size_t i = 0; i < log.nr; i++) {
		const char *t = log.lines[i].text;

		if (log.lines[i].level != RMEM_LOG_ADVICE) {
			/* the kernel's lines stay verbatim: no advice in them */
			assert_null(strstr(t, "probably"));
			continue;
		}
		assert_true(!strncmp(t, "cma", 3) || !strncmp(t, "mem", 3) ||
			    !strncmp(t, "command line:", 13));
		if (!strncmp(t, prefix, strlen(prefix)) && strstr(t, needle))
			found = true;
	}
	if (!found)
		for (size_t i = 0; i < log.nr; i++)
			print_message("  [%d] %s\n", log.lines[i].level, log.lines[i].text);
	assert_true(found);
	assert_int_equal(cl.nr_advice, count_advice(&log));
	rmem_log_release(&log);
}

/* early_cma() / arm64 and arm early_mem(): ordinary values need no advice */
static void test_normal_values(void **state)
{
	static const char *const arm64[] = {
		"", "quiet", "cma=64M", "cma=0", "cma=64M@0x40000000",
		"cma=64M@0x40000000-0x80000000", "cma=1G@2G-4G", "cma=0x4000000",
		"cma=256m", "cma=0@0", "mem=512M", "mem=1G", "mem=0x80000000",
		"cma=64M mem=1G", "cma=\"64M\"", "cma=64M cma=128M",
		"cma=64M@0x40000000 cma=128M@0x50000000", "cma_pernuma=16M", "-- foo=bar",
	};
	static const char *const arm[] = {
		"mem=512M", "mem=512M@0x80000000", "mem=256M mem=256M@0x90000000",
		"cma=64M", "cma=64M@0x90000000",
	};
	static const char *const riscv64[] = {
		"", "quiet", "mem=512M", "mem=1G mem=512M", "mem=512M mem=1G", "mem=0x80000000",
	};
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64)
		for (size_t i = 0; i < sizeof(arm64) / sizeof(arm64[0]); i++)
			expect_none(it.name, arm64[i]);
	rmem_test_for_each_profile(it, RMEM_TEST_ARM)
		for (size_t i = 0; i < sizeof(arm) / sizeof(arm[0]); i++)
			expect_none(it.name, arm[i]);
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64)
		for (size_t i = 0; i < sizeof(riscv64) / sizeof(riscv64[0]); i++)
			expect_none(it.name, riscv64[i]);
}

/* early_cma(): memparse() oddities in the size, base and limit */
static void test_cma_odd_numbers(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		const char *p = it.name;

		expect_advice(p, "cma=25E", "cma=25E:", "does not fit in 64 bits");
		if (memparse_saturates(p)) {
			/* 7.2: ULLONG_MAX, read as no cma= */
			expect_advice(p, "cma=25E", "cma=25E:", "the largest value, 0xffffffffffffffff");
			expect_advice(p, "cma=25E", "cma=25E:", "own mark for \"no cma= given\"");
			expect_advice(p, "cma=16E", "cma=16E:", "own mark for \"no cma= given\"");
		} else {
			expect_advice(p, "cma=25E", "cma=25E:", "0x9000000000000000");
			expect_advice(p, "cma=16E", "cma=16E:", "with size 0");
		}
		expect_advice(p, "cma=64Q", "cma=64Q:", "'Q' is not a size suffix");
		expect_advice(p, "cma=64Q", "cma=64Q:", "probably meant 64M");
		expect_advice(p, "cma=0x", "cma=0x:", "\"0x\" is not followed by a hex digit");
		expect_advice(p, "cma=0x", "cma=0x:", "with size 0");
		expect_advice(p, "cma=-1", "cma=-1:", "reads no sign");
		expect_advice(p, "cma=-1", "cma=-1:", "with size 0");
		expect_advice(p, "cma=+64M", "cma=+64M:", "reads no sign");
		expect_advice(p, "cma=abc", "cma=abc:", "not a digit");
		expect_advice(p, "cma=010M", "cma=010M:", "octal");
		expect_advice(p, "cma=64MB", "cma=64MB:", "ignores the rest, \"B\"");
		expect_advice(p, "cma=64M@0x40000000x", "cma=64M@0x40000000x:", "ignores the rest, \"x\"");
		expect_advice(p, "cma=64M@1G-2G!", "cma=64M@1G-2G!:", "nothing may follow the limit");
		expect_advice(p, "cma=64M@0x4000000000000000000", "cma=64M@0x4000000000000000000:",
			      "the base");
	}
}

/* early_cma(): missing parts after '@' or '-', and values with no or odd effect */
static void test_cma_odd_forms(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		const char *p = it.name;

		expect_advice(p, "cma=", "cma=:", "size is missing");
		expect_advice(p, "cma=64M@", "cma=64M@:", "base after '@' is missing");
		expect_advice(p, "cma=@0x50000000", "cma=@0x50000000:", "size is missing");
		expect_advice(p, "cma=-64M", "cma=-64M:", "reads no sign");
		expect_advice(p, "cma=64M@", "cma=64M@:", "cma=64M@0x40000000");
		expect_advice(p, "cma=64M@0x40000000-", "cma=64M@0x40000000-:",
			      "limit after '-' is missing");
		expect_advice(p, "cma=64M@-0x80000000", "cma=64M@-0x80000000:",
			      "base after '@' is missing");
		expect_advice(p, "cma=0xffffffffffffffff", "cma=0xffffffffffffffff:",
			      "no cma= given");
		expect_advice(p, "cma=64M@0x40000000-0x20000000", "cma=64M@0x40000000-0x20000000:",
			      "exceeds limit");
		expect_advice(p, "cma=64M@0x40000000 cma=32M", "cma=32M:", "keeps the base 0x40000000");
		expect_advice(p, "cma=64M -- cma=128M", "cma=128M:", "after \"--\"");
	}
}

/* contiguous.c not built (CONFIG_DMA_CMA=n): cma= is ignored, rmem says so */
static void test_cma_not_built(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_cmdline cl;
	struct rmem_log log;

	(void)state;
	p.dma_cma = false;
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "cma=64M", &p, &log), 0);
	assert_true(rmem_log_find(&log, "cma=64M: this kernel is built without CONFIG_DMA_CMA") >= 0);
	assert_int_equal(cl.nr_advice, 1);
	rmem_log_release(&log);
	/* Debian's riscv64 6.12 (no CONFIG_CMA at all) */
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		if (it.p.dma_cma)
			continue;
		rmem_log_init(&log);
		assert_int_equal(rmem_cmdline_parse(&cl, "cma=64M@0x90000000", &it.p, &log), 0);
		assert_false(cl.cma_seen);
		assert_true(rmem_log_find(&log, "cma=64M@0x90000000: this kernel is built without CONFIG_DMA_CMA") >= 0);
		rmem_log_release(&log);
	}
}

/* arm64 early_mem(): a limit of 0 is ignored later, '@' is not read, page rounding */
static void test_mem_arm64(void **state)
{
	(void)state;
	expect_advice("arm64-6.12", "mem=0", "mem=0:", "applies no limit");
	expect_advice("arm64-6.12", "mem=", "mem=:", "size is missing");
	expect_advice("arm64-6.12", "mem=100", "mem=100:", "applies no limit");
	expect_advice("arm64-6.12", "mem=0x1800", "mem=0x1800:", "rounds the limit down to a page, 0x1000");
	expect_advice("arm64-6.12", "mem=512M@0x80000000", "mem=512M@0x80000000:", "no size@start");
	expect_advice("arm64-6.12", "mem=25E", "mem=25E:", "does not fit in 64 bits");
	expect_advice("arm64-6.12", "mem=-1", "mem=-1:", "reads no sign");
	expect_advice("arm64-6.12", "mem=512Q", "mem=512Q:", "'Q' is not a size suffix");
	expect_advice("arm64-5.10", "mem=0x", "mem=0x:", "\"0x\" is not followed");
}

/* arm early_mem(): missing start, empty banks, a missing value */
static void test_mem_arm(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");
	struct rmem_cmdline cl;
	struct rmem_log log;

	(void)state;
	expect_advice("armhf-6.1", "mem=512M@", "mem=512M@:", "start after '@' is missing");
	expect_advice("armhf-6.1", "mem=0", "mem=0:", "smaller than a page");
	expect_advice("armhf-6.1", "mem=", "mem=:", "size is missing");
	expect_advice("armhf-6.1", "mem=512M@0x80000000junk", "mem=512M@0x80000000junk:",
		      "nothing may follow the start");
	expect_advice("armhf-6.1", "mem=512Mx@0x80000000", "mem=512Mx@0x80000000:",
		      "ignores the rest, \"x@0x80000000\"");
	expect_advice("armhf-6.1", "mem=512Q@0x80000000", "mem=512Q@0x80000000:",
		      "'Q' is not a size suffix");
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "mem", &p, &log), -22);
	assert_int_equal(count_advice(&log), 1);
	assert_int_equal(cl.nr_advice, 1);
	assert_true(rmem_log_find(&log, "mem: without '=' and a value") >= 0);
	rmem_log_release(&log);
}

/* parse_early_param(): the kernel copies at most COMMAND_LINE_SIZE - 1 bytes */
static void test_truncated(void **state)
{
	char line[3000];
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_cmdline cl;

	(void)state;
	memset(line, 'x', sizeof(line));
	/* cma= straddles the 2047-byte cut: the kernel sees "cma=6" */
	memcpy(line + 2041, " cma=64M", 8);
	line[2049] = '\0';
	assert_int_equal(rmem_cmdline_parse(&cl, line, &p, NULL), 0);
	assert_true(cl.truncated);
	assert_int_equal(cl.size_cmdline, 6);
	expect_advice("arm64-6.1", line, "command line:", "keeps only the first 2047");
	/* arm: 1023 */
	line[1500] = '\0';
	memcpy(line + 1000, " cma=64M", 8);
	p = rmem_test_profile("armhf-6.1");
	assert_int_equal(rmem_cmdline_parse(&cl, line, &p, NULL), 0);
	assert_true(cl.truncated);
	assert_int_equal(cl.size_cmdline, 64ULL << 20);
	line[1000] = 'x';
	line[1020] = ' ';
	assert_int_equal(rmem_cmdline_parse(&cl, line, &p, NULL), 0);
	assert_int_equal(cl.size_cmdline, UINT64_MAX);
	/* exactly 2047 bytes: nothing lost */
	p = rmem_test_profile("arm64-6.1");
	memset(line, 'x', 2047);
	line[2047] = '\0';
	assert_int_equal(rmem_cmdline_parse(&cl, line, &p, NULL), 0);
	assert_false(cl.truncated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_values),
		cmocka_unit_test(test_cma_odd_numbers),
		cmocka_unit_test(test_cma_odd_forms),
		cmocka_unit_test(test_cma_not_built),
		cmocka_unit_test(test_mem_arm64),
		cmocka_unit_test(test_mem_arm),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
