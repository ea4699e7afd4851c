// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem= through rmem_cmdline_parse(): arch/arm64/mm/init.c early_mem() and
 * arch/arm/kernel/setup.c early_mem() + arm_add_memory(), the same code
 * in 5.10, 6.1 and 6.12.
 */
#include <errno.h>
#include <string.h>

#include "cmdline_kernels.h"
#include "rmem_test.h"

#define SZ_1M (1ULL << 20)

/* arm64 early_mem(): memory_limit = memparse() & PAGE_MASK, pr_notice "Memory limited to %lldMB" */
static void test_arm64_limit(void **state)
{
	static const struct {
		const char *cmdline;
		uint64_t limit;
		const char *notice;
	} c[] = {
		{ "mem=512M", 512 * SZ_1M, "Memory limited to 512MB" },
		{ "mem=1G", 1ULL << 30, "Memory limited to 1024MB" },
		{ "mem=0x5000", 0x5000, "Memory limited to 0MB" },
		{ "mem=1000000", 999424, "Memory limited to 0MB" },
		{ "mem=0", 0, "Memory limited to 0MB" },
		{ "mem=", 0, "Memory limited to 0MB" },
		{ "mem=100", 0, "Memory limited to 0MB" },
		/* no size@start on arm64: the '@' part is ignored */
		{ "mem=512M@0x80000000", 512 * SZ_1M, "Memory limited to 512MB" },
		/* the last one wins */
		{ "mem=1G mem=512M", 512 * SZ_1M, "Memory limited to 512MB" },
		{ "mem=0xffffffffffffffff", 0xfffffffffffff000ULL, "Memory limited to 17592186044415MB" },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		struct rmem_profile p = it.p;

		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			struct rmem_cmdline cl;
			struct rmem_log log;
			long n;

			print_message("%s: \"%s\"\n", it.name, c[i].cmdline);
			rmem_log_init(&log);
			assert_int_equal(rmem_cmdline_parse(&cl, c[i].cmdline, &p, &log), 0);
			assert_true(cl.mem_seen);
			assert_int_equal(cl.memory_limit, c[i].limit);
			assert_int_equal(cl.mem_nr_banks, 0);
			n = rmem_log_find(&log, c[i].notice);
			assert_true(n >= 0);
			assert_int_equal(log.lines[n].level, RMEM_LOG_NOTICE);
			rmem_log_release(&log);
		}
	}
}

/* mem=16E: 16 << 60 wraps to 0 up to 6.12; 7.2's memparse() saturates (memparse_saturates()) */
static void test_arm64_overflowing_suffix(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
		bool sat = memparse_saturates(it.name);
		struct rmem_profile p = it.p;
		struct rmem_cmdline cl;
		struct rmem_log log;

		rmem_log_init(&log);
		assert_int_equal(rmem_cmdline_parse(&cl, "mem=16E", &p, &log), 0);
		assert_int_equal(cl.memory_limit, sat ? 0xfffffffffffff000ULL : 0);
		assert_true(rmem_log_find(&log, sat ? "Memory limited to 17592186044415MB" :
					  "Memory limited to 0MB") >= 0);
		rmem_log_release(&log);
	}
}

/* arm64 early_mem() with a 16K page: PAGE_MASK follows the page size */
static void test_arm64_16k(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12-16k");
	struct rmem_cmdline cl;

	(void)state;
	assert_int_equal(rmem_cmdline_parse(&cl, "mem=0x5000", &p, NULL), 0);
	assert_int_equal(cl.memory_limit, 0x4000);
	assert_int_equal(rmem_cmdline_parse(&cl, "mem=0x3fff", &p, NULL), 0);
	assert_int_equal(cl.memory_limit, 0);
}

/* arm64 early_mem(NULL) returns 1: "Malformed early option 'mem'", limit unchanged */
static void test_arm64_no_value(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_cmdline cl;
	struct rmem_log log;
	long w;

	(void)state;
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "mem=1G mem", &p, &log), 0);
	assert_int_equal(cl.memory_limit, 1ULL << 30);
	w = rmem_log_find(&log, "Malformed early option 'mem'");
	assert_true(w >= 0);
	assert_int_equal(log.lines[w].level, RMEM_LOG_WARNING);
	rmem_log_release(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "mem", &p, NULL), 0);
	assert_int_equal(cl.memory_limit, RMEM_PHYS_MAX);
	assert_false(cl.mem_seen);
	/* no mem= at all: PHYS_ADDR_MAX */
	assert_int_equal(rmem_cmdline_parse(&cl, "cma=64M", &p, NULL), 0);
	assert_int_equal(cl.memory_limit, RMEM_PHYS_MAX);
}

/*
 * riscv early_mem() (arch/riscv/mm/init.c, 6.12): memory_limit =
 * min(memparse() & PAGE_MASK, memory_limit), so the lowest mem= wins, and
 * "Memory limited to" prints the limit kept
 */
static void test_riscv64_lowest_limit(void **state)
{
	static const struct {
		const char *cmdline;
		uint64_t limit;
		const char *notice;	/* the last one printed */
	} c[] = {
		{ "mem=512M", 512 * SZ_1M, "Memory limited to 512MB" },
		{ "mem=1G mem=512M", 512 * SZ_1M, "Memory limited to 512MB" },
		{ "mem=512M mem=1G", 512 * SZ_1M, "Memory limited to 512MB" },
		{ "mem=0x5000", 0x5000, "Memory limited to 0MB" },
		{ "mem=1G mem=0", 0, "Memory limited to 0MB" },
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_RISCV64) {
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			struct rmem_cmdline cl;
			struct rmem_log log;
			long n = -1;

			print_message("%s: \"%s\"\n", it.name, c[i].cmdline);
			rmem_log_init(&log);
			assert_int_equal(rmem_cmdline_parse(&cl, c[i].cmdline, &it.p, &log), 0);
			assert_true(cl.mem_seen);
			assert_int_equal(cl.memory_limit, c[i].limit);
			assert_int_equal(cl.mem_nr_banks, 0);
			for (size_t l = 0; l < log.nr; l++)
				if (!strncmp(log.lines[l].text, "Memory limited", 14))
					n = (long)l;
			assert_true(n >= 0);
			assert_string_equal(log.lines[n].text, c[i].notice);
			rmem_log_release(&log);
		}
	}
}

/* arm early_mem(): every mem=size[@start] is a bank, in order; start defaults to PHYS_OFFSET */
static void test_arm_banks(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");
	struct rmem_cmdline cl;
	struct rmem_log log;

	(void)state;
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "mem=512M mem=256M@0x60000000 mem=1G@4G mem=0 mem=64M@",
					     &p, &log), 0);
	assert_true(cl.mem_seen);
	assert_int_equal(cl.memory_limit, RMEM_PHYS_MAX);
	assert_int_equal(cl.mem_nr_banks, 5);
	assert_int_equal(cl.mem_banks[0].size, 512 * SZ_1M);
	assert_false(cl.mem_banks[0].has_start);
	assert_int_equal(cl.mem_banks[1].size, 256 * SZ_1M);
	assert_int_equal(cl.mem_banks[1].start, 0x60000000);
	assert_true(cl.mem_banks[1].has_start);
	assert_int_equal(cl.mem_banks[2].start, 4ULL << 30);
	assert_int_equal(cl.mem_banks[3].size, 0);
	assert_false(cl.mem_banks[3].has_start);
	assert_int_equal(cl.mem_banks[4].start, 0);
	assert_true(cl.mem_banks[4].has_start);
	/* arm's early_mem() prints nothing itself */
	assert_int_equal(rmem_log_find(&log, "Memory limited"), -1);
	rmem_log_release(&log);
	/* memparse(endp + 1, NULL): garbage after the start is ignored */
	assert_int_equal(rmem_cmdline_parse(&cl, "mem=512Mx@0x80000000 mem=1M@2Mfoo", &p, NULL), 0);
	assert_int_equal(cl.mem_nr_banks, 2);
	assert_false(cl.mem_banks[0].has_start);
	assert_int_equal(cl.mem_banks[1].start, 2 * SZ_1M);
}

/* arm early_mem(NULL) dereferences NULL: rmem refuses the command line, nothing set */
static void test_arm_no_value(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");
	struct rmem_cmdline cl;
	struct rmem_log log;

	(void)state;
	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_parse(&cl, "cma=64M mem=512M mem cma=32M", &p, &log), -EINVAL);
	assert_int_equal(cl.size_cmdline, UINT64_MAX);
	assert_false(cl.cma_seen);
	assert_false(cl.mem_seen);
	assert_int_equal(cl.mem_nr_banks, 0);
	assert_true(rmem_log_find(&log, "mem: without '='") >= 0);
	/* the walk stopped at "mem": the later cma= was not read */
	assert_int_equal(rmem_log_find(&log, "doing early options: cma='32M'"), -1);
	assert_int_equal(rmem_log_find(&log, "Malformed"), -1);
	rmem_log_release(&log);
}

struct add_case {
	struct rmem_cmdline_mem_bank bank;
	int ret;
	uint64_t start, size;
	const char *line;	/* a kernel line expected, or NULL for none */
	enum rmem_loglevel level;
};

static void check_add(const struct rmem_profile *p, const struct add_case *c)
{
	struct rmem_log log;
	rmem_phys_t start = 1, size = 1;

	rmem_log_init(&log);
	assert_int_equal(rmem_cmdline_arm_add_memory(p, 0x80000000, &c->bank, &log, &start, &size),
			 c->ret);
	if (!c->ret) {
		assert_int_equal(start, c->start);
		assert_int_equal(size, c->size);
	} else {
		assert_int_equal(start, 1);
		assert_int_equal(size, 1);
	}
	if (c->line) {
		assert_int_equal(log.nr, 1);
		assert_string_equal(log.lines[0].text, c->line);
		assert_int_equal(log.lines[0].level, c->level);
	} else {
		assert_int_equal(log.nr, 0);
	}
	rmem_log_release(&log);
}

/* arm_add_memory() with LPAE (CONFIG_PHYS_ADDR_T_64BIT), PHYS_OFFSET 0x80000000 */
static void test_arm_add_memory_lpae(void **state)
{
	static const struct add_case c[] = {
		{ { 512 * SZ_1M, 0, false }, 0, 0x80000000, 512 * SZ_1M, NULL, 0 },
		{ { 512 * SZ_1M, 0x40000000, true }, -EINVAL, 0, 0,
		  "Ignoring memory below PHYS_OFFSET: 0x40000000-0x60000000", RMEM_LOG_INFO },
		{ { 1ULL << 30, 0x60000000, true }, 0, 0x80000000, 0x20000000,
		  "Ignoring memory below PHYS_OFFSET: 0x60000000-0x80000000", RMEM_LOG_INFO },
		/* start rounded up, size reduced by as much, then rounded down */
		{ { 0x1800, 0x80000800, true }, 0, 0x80001000, 0x1000, NULL, 0 },
		{ { 0x2fff, 0x80000000, true }, 0, 0x80000000, 0x2000, NULL, 0 },
		{ { 0x800, 0x80000800, true }, -EINVAL, 0, 0, NULL, 0 },
		{ { 0, 0, false }, -EINVAL, 0, 0, NULL, 0 },
		{ { 0xfff, 0, false }, -EINVAL, 0, 0, NULL, 0 },
		{ { 1ULL << 30, 0xe0000000, true }, 0, 0xe0000000, 1ULL << 30, NULL, 0 },
		{ { 1ULL << 30, 0x100000000ULL, true }, 0, 0x100000000ULL, 1ULL << 30, NULL, 0 },
		/* mem=64M@: start 0, all of it below PHYS_OFFSET */
		{ { 64 * SZ_1M, 0, true }, -EINVAL, 0, 0,
		  "Ignoring memory below PHYS_OFFSET: 0x00000000-0x04000000", RMEM_LOG_INFO },
	};
	struct rmem_profile p = rmem_test_profile("armhf-6.1");

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		check_add(&p, &c[i]);
}

/* arm_add_memory() without CONFIG_PHYS_ADDR_T_64BIT: the 32-bit pr_crit branches */
static void test_arm_add_memory_32bit(void **state)
{
	static const struct add_case c[] = {
		{ { 1ULL << 30, 0x100000000ULL, true }, -EINVAL, 0, 0,
		  "Ignoring memory at 0x100000000 outside 32-bit physical address space", RMEM_LOG_CRIT },
		/* ULONG_MAX - start, then rounded down: the last page is lost */
		{ { 1ULL << 30, 0xe0000000, true }, 0, 0xe0000000, 0x1ffff000,
		  "Truncating memory at 0xe0000000 to fit in 32-bit physical address space", RMEM_LOG_CRIT },
		{ { 512 * SZ_1M, 0, false }, 0, 0x80000000, 512 * SZ_1M, NULL, 0 },
	};
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32)
		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
			check_add(&it.p, &c[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64_limit),
		cmocka_unit_test(test_arm64_overflowing_suffix),
		cmocka_unit_test(test_arm64_16k),
		cmocka_unit_test(test_arm64_no_value),
		cmocka_unit_test(test_riscv64_lowest_limit),
		cmocka_unit_test(test_arm_banks),
		cmocka_unit_test(test_arm_no_value),
		cmocka_unit_test(test_arm_add_memory_lpae),
		cmocka_unit_test(test_arm_add_memory_32bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
