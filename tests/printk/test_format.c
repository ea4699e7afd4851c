// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk's formats: %pa as lib/vsprintf.c prints a phys_addr_t ("0x" and
 * sizeof(phys_addr_t) * 2 digits, special_hex_number()), with the width
 * of the profile's phys_addr_t, in every subsystem that prints one; %p
 * before the pointer hash is ready; rmem's size wording.
 */
#include <stdio.h>

#include "rmem_test.h"
#include "printk/printk.h"

/* armhf without CONFIG_ARM_LPAE: Debian's plain armmp flavour */
static struct rmem_profile arm_no_lpae(void)
{
	return rmem_test_profile(rmem_test_profile_nth(RMEM_TEST_PHYS_32, 0));
}

static void test_pa(void **state)
{
	struct rmem_profile arm64 = rmem_test_profile("arm64-6.1");
	struct rmem_profile lpae = rmem_test_profile("armhf-6.1");
	struct rmem_profile arm = arm_no_lpae();

	assert_string_equal(rmem_pa(&arm64, 0x80000000), "0x0000000080000000");
	assert_string_equal(rmem_pa(&arm64, 0), "0x0000000000000000");
	assert_string_equal(rmem_pa(&arm64, RMEM_PHYS_MAX), "0xffffffffffffffff");
	assert_string_equal(rmem_pa(&lpae, 0x100000000ULL), "0x0000000100000000");
	assert_string_equal(rmem_pa(&arm, 0x80000000), "0x80000000");
	assert_string_equal(rmem_pa(&arm, 0), "0x00000000");
	/* a 32-bit phys_addr_t holds no more than its low half */
	assert_string_equal(rmem_pa(&arm, 0x123456789ULL), "0x23456789");
}

/* Two in one call: each has its own buffer. */
static void test_pa_twice(void **state)
{
	struct rmem_profile arm64 = rmem_test_profile("arm64-6.12");
	char line[64];

	snprintf(line, sizeof(line), "[%s-%s]", rmem_pa(&arm64, 0x1000), rmem_pa(&arm64, 0x1fff));
	assert_string_equal(line, "[0x0000000000001000-0x0000000000001fff]");
}

/* memblock keeps the width of its profile's phys_addr_t for its own lines. */
static void test_pa_memblock(void **state)
{
	struct rmem_profile arm = arm_no_lpae();
	struct rmem_memblock mb;
	struct rmem_log log;

	assert_int_equal(rmem_log_init(&log), 0);
	assert_int_equal(rmem_memblock_init(&mb, &arm, &log), 0);
	assert_int_equal(rmem_memblock_add(&mb, 0x80000000, 0x10000000), 0);
	rmem_memblock_dump(&mb, &log);
	assert_true(rmem_test_log_has(&log, RMEM_LOG_INFO,
				      " memory size = 0x10000000 reserved size = 0x00000000"));
	assert_true(rmem_test_log_has(&log, RMEM_LOG_INFO,
				      " memory[0x0]\t[0x80000000-0x8fffffff], 0x10000000 bytes flags: 0x0"));
	rmem_memblock_release(&mb);
	rmem_log_release(&log);
}

static void test_ptr(void **state)
{
	struct rmem_profile arm64 = rmem_test_profile("arm64-6.12");
	struct rmem_profile lpae = rmem_test_profile("armhf-6.1");

	assert_string_equal(rmem_ptr_str(&arm64, false), "(____ptrval____)");
	assert_string_equal(rmem_ptr_str(&arm64, true), "0000000000000000");
	/* LPAE widens phys_addr_t, not pointers */
	assert_string_equal(rmem_ptr_str(&lpae, false), "(ptrval)");
	assert_string_equal(rmem_ptr_str(&lpae, true), "00000000");
}

static void test_size(void **state)
{
	char buf[32];

	assert_string_equal(rmem_size_str(buf, sizeof(buf), 2ULL << 30), "2 GiB");
	assert_string_equal(rmem_size_str(buf, sizeof(buf), 64ULL << 20), "64 MiB");
	assert_string_equal(rmem_size_str(buf, sizeof(buf), 1536ULL << 10), "1536 KiB");
	assert_string_equal(rmem_size_str(buf, sizeof(buf), 100), "100 bytes");
	assert_string_equal(rmem_size_str(buf, sizeof(buf), 0), "0 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pa),
		cmocka_unit_test(test_pa_twice),
		cmocka_unit_test(test_pa_memblock),
		cmocka_unit_test(test_ptr),
		cmocka_unit_test(test_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
