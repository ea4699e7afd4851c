// SPDX-License-Identifier: GPL-2.0-only
/*
 * __memblock_dump_all() / memblock_dump() (mm/memblock.c, 5.10 / 6.1 /
 * 6.12): the exact text, with %pa as 0x + 16 digits (64-bit phys_addr_t,
 * lib/vsprintf.c special_hex_number()) and %#x as the kernel prints it.
 */
#include <stdio.h>
#include <string.h>

#include "rmem_test.h"

#define SZ_1M	0x100000ULL

/* Dump @f's memblock into a log of its own and compare it line by line with @expected. */
static void assert_dump(const struct rmem_test_mb *f, const char *const *expected)
{
	struct rmem_log log;
	size_t n = 0;

	rmem_log_init(&log);
	rmem_memblock_dump(&f->mb, &log);
	while (expected[n])
		n++;
	for (size_t i = 0; i < n && i < log.nr; i++) {
		assert_string_equal(log.lines[i].text, expected[i]);
		assert_int_equal(log.lines[i].level, RMEM_LOG_INFO);
	}
	assert_int_equal(log.nr, n);
	rmem_log_release(&log);
}

/* A typical arm64 layout: RAM, a NOMAP hole, memory on node 0, one reservation (6.1). */
static void test_dump_6_1(void **state)
{
	static const char *const expected[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000040100000 reserved size = 0x0000000000001000",
		" memory.cnt  = 0x3",
		" memory[0x0]\t[0x0000000040000000-0x000000007fefffff], 0x000000003ff00000 bytes flags: 0x0",
		" memory[0x1]\t[0x000000007ff00000-0x000000007fffffff], 0x0000000000100000 bytes flags: 0x4",
		" memory[0x2]\t[0x0000000090000000-0x00000000900fffff], 0x0000000000100000 bytes on node 0 flags: 0x0",
		" reserved.cnt  = 0x1",
		" reserved[0x0]\t[0x0000000048000000-0x0000000048000fff], 0x0000000000001000 bytes flags: 0x0",
		NULL,
	};
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add(&f.mb, 0x40000000, 0x40000000);
	rmem_memblock_add_node(&f.mb, 0x90000000, SZ_1M, 0, 0);
	rmem_memblock_mark_nomap(&f.mb, 0x7ff00000, SZ_1M);
	rmem_memblock_reserve(&f.mb, 0x48000000, 0x1000);
	assert_dump(&f, expected);
	rmem_test_mb_teardown(&f);
}

/*
 * The empty lists: 5.10 (and 6.1) dump the static dummy region, zeroed and
 * so "on node 0", ending at 0 - 1; 6.12 dumps cnt 0 and no region.
 */
static void test_dump_empty(void **state)
{
	static const char *const expected_5_10[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000000000000 reserved size = 0x0000000000000000",
		" memory.cnt  = 0x1",
		" memory[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes on node 0 flags: 0x0",
		" reserved.cnt  = 0x1",
		" reserved[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes on node 0 flags: 0x0",
		NULL,
	};
	static const char *const expected_6_12[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000000000000 reserved size = 0x0000000000000000",
		" memory.cnt  = 0x0",
		" reserved.cnt  = 0x0",
		NULL,
	};
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-5.10");
	assert_dump(&f, expected_5_10);
	rmem_test_mb_teardown(&f);
	rmem_test_mb_setup(&f, "arm64-6.1");
	assert_dump(&f, expected_5_10);
	rmem_test_mb_teardown(&f);
	rmem_test_mb_setup(&f, "arm64-6.12");
	assert_dump(&f, expected_6_12);
	rmem_test_mb_teardown(&f);
}

/*
 * A list emptied by removal: memblock_remove_region() puts the dummy back on
 * node MAX_NUMNODES, which the 5.10 dump does not print.
 */
static void test_dump_emptied(void **state)
{
	static const char *const expected[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000000100000 reserved size = 0x0000000000000000",
		" memory.cnt  = 0x1",
		" memory[0x0]\t[0x0000000040000000-0x00000000400fffff], 0x0000000000100000 bytes flags: 0x0",
		" reserved.cnt  = 0x1",
		" reserved[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes flags: 0x0",
		NULL,
	};
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-5.10");
	rmem_memblock_add(&f.mb, 0x40000000, SZ_1M);
	rmem_memblock_reserve(&f.mb, 0x40000000, 0x1000);
	rmem_memblock_phys_free(&f.mb, 0x40000000, 0x1000);
	assert_dump(&f, expected);
	rmem_test_mb_teardown(&f);
}

/*
 * " on node %d": 5.10 and 6.1 print it for any node but MAX_NUMNODES, so
 * NUMA_NO_NODE shows as -1; 6.12 prints it only for numa_valid_node().
 */
static void test_dump_no_node(void **state)
{
	static const char *const expected_6_1[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000000100000 reserved size = 0x0000000000000000",
		" memory.cnt  = 0x1",
		" memory[0x0]\t[0x0000000040000000-0x00000000400fffff], 0x0000000000100000 bytes on node -1 flags: 0x0",
		" reserved.cnt  = 0x1",
		" reserved[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes on node 0 flags: 0x0",
		NULL,
	};
	static const char *const expected_6_12[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000000100000 reserved size = 0x0000000000000000",
		" memory.cnt  = 0x1",
		" memory[0x0]\t[0x0000000040000000-0x00000000400fffff], 0x0000000000100000 bytes flags: 0x0",
		" reserved.cnt  = 0x0",
		NULL,
	};
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, RMEM_NUMA_NO_NODE, 0);
	assert_dump(&f, expected_6_1);
	rmem_test_mb_teardown(&f);
	rmem_test_mb_setup(&f, "arm64-6.12");
	rmem_memblock_add_node(&f.mb, 0x40000000, SZ_1M, RMEM_NUMA_NO_NODE, 0);
	assert_dump(&f, expected_6_12);
	rmem_test_mb_teardown(&f);
}

/* Without CONFIG_NUMA (armhf) memblock_dump() has no node text at all. */
static void test_dump_armhf(void **state)
{
	static const char *const expected[] = {
		"MEMBLOCK configuration:",
		" memory size = 0x0000000040000000 reserved size = 0x0000000000004000",
		" memory.cnt  = 0x1",
		" memory[0x0]\t[0x0000000040000000-0x000000007fffffff], 0x0000000040000000 bytes flags: 0x0",
		" reserved.cnt  = 0x1",
		" reserved[0x0]\t[0x0000000040004000-0x0000000040007fff], 0x0000000000004000 bytes flags: 0x0",
		NULL,
	};
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "armhf-6.1");
	rmem_memblock_add_node(&f.mb, 0x40000000, 0x40000000, 0, 0);
	rmem_memblock_reserve(&f.mb, 0x40004000, 0x4000);
	assert_dump(&f, expected);
	rmem_test_mb_teardown(&f);
}

/* "%s[%#x]": region indexes in hex, 0xa for the eleventh. */
static void test_dump_hex_index(void **state)
{
	struct rmem_test_mb f;
	struct rmem_log log;

	rmem_test_mb_setup(&f, "arm64-6.12");
	for (int i = 0; i < 11; i++)
		rmem_memblock_add(&f.mb, 0x40000000 + (rmem_phys_t)i * 2 * SZ_1M, SZ_1M);
	rmem_log_init(&log);
	rmem_memblock_dump(&f.mb, &log);
	assert_int_equal(log.nr, 2 + 1 + 11 + 1);
	assert_string_equal(log.lines[2].text, " memory.cnt  = 0xb");
	assert_string_equal(log.lines[13].text,
			    " memory[0xa]\t[0x0000000041400000-0x00000000414fffff], 0x0000000000100000 bytes flags: 0x0");
	rmem_log_release(&log);
	rmem_test_mb_teardown(&f);
}

/* memblock_dump_all(): only with memblock=debug, into memblock's own log. */
static void test_dump_all_needs_debug(void **state)
{
	struct rmem_test_mb f;

	rmem_test_mb_setup(&f, "arm64-6.1");
	rmem_memblock_dump_all(&f.mb);
	assert_int_equal(f.log.nr, 0);
	rmem_memblock_set_debug(&f.mb, true);
	rmem_memblock_dump_all(&f.mb);
	assert_int_equal(f.log.nr, 6);
	assert_string_equal(f.log.lines[0].text, "MEMBLOCK configuration:");
	rmem_test_mb_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_6_1),
		cmocka_unit_test(test_dump_empty),
		cmocka_unit_test(test_dump_emptied),
		cmocka_unit_test(test_dump_no_node),
		cmocka_unit_test(test_dump_armhf),
		cmocka_unit_test(test_dump_hex_index),
		cmocka_unit_test(test_dump_all_needs_debug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
