// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm's setup_arch() on a 6.12 kernel: unflatten_device_tree(), after
 * paging_init(), saves the static /reserved-memory regions and prints
 * their summary lines (fdt_scan_reserved_mem_reg_nodes()), after the
 * default CMA area's line.  The expected lines are those Debian's
 * armmp-lpae 6.12.118 printed under QEMU on conformance case
 * 001-static-plain (tests/conformance/expected/armhf-6.12/).
 */
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "boot_fixture.h"
#include "internal.h"

#define SZ_1M 0x100000ULL

static void test_static_region_line(void **state)
{
	struct rmem_test_dt dt;
	struct rmem_ctx *ctx;
	long cma, plain;

	(void)state;
	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 1024 * SZ_1M);
	rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "plain@60000000");
	RMEM_TEST_DT_REG(&dt, "reg", 0x60000000, 16 * SZ_1M);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_end_node(&dt);
	ctx = boot_dt(&dt, "armhf-6.12");
	cma = rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_INFO,
				 "cma: Reserved 16 MiB at 0x000000007f000000 on node -1");
	plain = rmem_test_log_find(rmem_ctx_log(ctx), RMEM_LOG_INFO,
				   "OF: reserved mem: 0x0000000060000000..0x0000000060ffffff (16384 KiB) map non-reusable plain@60000000");
	assert_true(cma >= 0);
	assert_true(plain > cma);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_region_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
