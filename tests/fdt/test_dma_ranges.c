// SPDX-License-Identifier: GPL-2.0-only
/*
 * of_dma_get_max_cpu_address(NULL) (drivers/of/address.c: 5.10:1044,
 * 6.1:1055, 6.12:962) over real boards' shapes of dma-ranges: its result
 * bounds arm64's ZONE_DMA.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "fdt/address.h"

struct dr {
	struct rmem_fdt fdt;
	void *blob;
	struct rmem_log log;
	struct rmem_profile p;
};

static void dr_load(struct dr *d, struct rmem_test_dt *dt, const char *profile)
{
	char err[256];
	size_t size;

	d->blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&d->fdt, d->blob, size, err, sizeof(err)), 0);
	rmem_log_init(&d->log);
	d->p = rmem_test_profile(profile);
}

static void dr_free(struct dr *d)
{
	rmem_log_release(&d->log);
	rmem_fdt_release(&d->fdt);
	free(d->blob);
}

static uint64_t dr_max(struct dr *d)
{
	uint64_t max = 0;
	int bad = -1;

	assert_int_equal(rmem_fdt_dma_max_cpu_address(&d->fdt, &d->p, &d->log, &max, &bad), 0);
	return max;
}

/* /soc of one address and one size cell with @ranges (@n cells) */
static void soc_with(struct rmem_test_dt *dt, const uint32_t *ranges, size_t n)
{
	rmem_test_dt_begin(dt, 1, 1);
	rmem_test_dt_begin_node(dt, "soc");
	RMEM_TEST_DT_CELLS(dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(dt, "#size-cells", 1);
	rmem_test_dt_prop_cells(dt, "dma-ranges", ranges, n);
	rmem_test_dt_end_node(dt);
}

/* no dma-ranges, or only empty ones: PHYS_ADDR_MAX (address.c, every version) */
static void test_none(void **state)
{
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	soc_with(&dt, NULL, 0);
	dr_load(&d, &dt, "arm64-6.12");
	assert_true(dr_max(&d) == UINT64_MAX);
	assert_int_equal(d.log.nr, 0);
	dr_free(&d);
}

/* the Raspberry Pi 3's /soc: bus 0xc0000000 is CPU 0, 0x3f000000 long */
static void test_rpi3(void **state)
{
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		soc_with(&dt, (const uint32_t[]){ 0xc0000000, 0x0, 0x3f000000 }, 3);
		dr_load(&d, &dt, it.name);
		assert_true(dr_max(&d) == 0x3effffff);
		dr_free(&d);
	}
}

/*
 * The lowest end over the tree wins; a disabled node does not count
 * (for_each_available_child_of_node()); a dma-ranges too short for one
 * entry ends at 0 (cpu_end's initial value).
 */
static void test_lowest_available(void **state)
{
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	rmem_test_dt_begin(&dt, 1, 1);
	rmem_test_dt_begin_node(&dt, "wide");
	RMEM_TEST_DT_CELLS(&dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x80000000);
	rmem_test_dt_begin_node(&dt, "narrow");
	RMEM_TEST_DT_CELLS(&dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x40000000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "off");
	rmem_test_dt_prop_string(&dt, "status", "disabled");
	RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x1000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_end_node(&dt);
	dr_load(&d, &dt, "arm64-6.1");
	assert_true(dr_max(&d) == 0x3fffffff);
	dr_free(&d);

	soc_with(&dt, (const uint32_t[]){ 0x0, 0x0 }, 2);
	dr_load(&d, &dt, "arm64-6.1");
	assert_true(dr_max(&d) == 0);
	dr_free(&d);
}

/*
 * A range's parent address goes up through the dma-ranges above
 * (of_translate_dma_address()); one no range above covers becomes
 * OF_BAD_ADDR, whose end wraps to size - 2.
 */
static void test_translated(void **state)
{
	uint32_t child[2][6] = {
		{ 0x0, 0x0, 0x0, 0x10000000, 0x0, 0x10000000 },	/* soc bus 0x10000000 */
		{ 0x0, 0x0, 0x0, 0xc0000000, 0x0, 0x1000000 },	/* outside the soc's range */
	};
	uint64_t want[2] = { 0x9fffffff, 0xfffffe };
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	for (int i = 0; i < 2; i++) {
		rmem_test_dt_begin(&dt, 2, 2);
		rmem_test_dt_begin_node(&dt, "soc");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x0, 0x80000000, 0x0, 0x80000000);
		rmem_test_dt_begin_node(&dt, "bus");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		rmem_test_dt_prop_cells(&dt, "dma-ranges", child[i], 6);
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		dr_load(&d, &dt, "arm64-6.12");
		assert_true(dr_max(&d) == want[i]);
		dr_free(&d);
	}
}

/*
 * A PCI host (three address cells, the first one flags) with a 32-bit
 * window; named "pcie" without device_type it is still PCI, with a warning
 * once (of_node_is_pcie()).
 */
static void test_pci(void **state)
{
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "pcie@40000000");
	RMEM_TEST_DT_CELLS(&dt, "#address-cells", 3);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
	RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x02000000, 0x0, 0x0, 0x0, 0x0, 0x1, 0x0);
	rmem_test_dt_end_node(&dt);
	dr_load(&d, &dt, "arm64-6.12");
	assert_true(dr_max(&d) == 0xffffffff);
	assert_true(rmem_test_log_has(&d.log, RMEM_LOG_WARNING,
				      "OF: /pcie@40000000: Missing device_type"));
	assert_int_equal(d.log.nr, 1);
	dr_free(&d);
}

/*
 * 6.1 and 6.12 read a non-PCI bus of three address cells as "default-flags"
 * (address.c 6.1:345): its first cell must match.  5.10 reads the three
 * cells as one number, keeping the low 64 bits, and finds the range.
 */
static void test_default_flags(void **state)
{
	static const uint64_t want[] = {
		[RMEM_TEST_5_10] = 0x1fff, [RMEM_TEST_6_1] = 0xffe, [RMEM_TEST_6_12] = 0xffe,
		[RMEM_TEST_7_2] = 0xffe,
	};
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		rmem_test_dt_begin(&dt, 2, 2);
		rmem_test_dt_begin_node(&dt, "bus3");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 3);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x2, 0x0, 0x0, 0x0, 0x0, 0x0, 0x40000000);
		rmem_test_dt_begin_node(&dt, "child");
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", 2);
		RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x1, 0x0, 0x1000, 0x0, 0x1000);
		rmem_test_dt_end_node(&dt);
		rmem_test_dt_end_node(&dt);
		dr_load(&d, &dt, it.name);
		assert_true(dr_max(&d) == RMEM_TEST_BY_KERNEL(want, it.name));
		dr_free(&d);
	}
}

/* __of_translate_address(): a level of #size-cells 0 above: pr_err, OF_BAD_ADDR */
static void test_bad_cell_count(void **state)
{
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	rmem_test_dt_begin(&dt, 1, 0);
	rmem_test_dt_begin_node(&dt, "soc");
	RMEM_TEST_DT_CELLS(&dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 1);
	rmem_test_dt_begin_node(&dt, "bus");
	RMEM_TEST_DT_CELLS(&dt, "#address-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 1);
	RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x1000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_end_node(&dt);
	dr_load(&d, &dt, "arm64-6.12");
	assert_true(dr_max(&d) == 0xffe);
	assert_true(rmem_test_log_has(&d.log, RMEM_LOG_ERR, "OF: Bad cell count for /soc"));
	dr_free(&d);
}

/* a bus whose dma-ranges entries have no cells (node "loop") */
static void runaway_dt(struct rmem_test_dt *dt)
{
	rmem_test_dt_begin(dt, 1, 1);
	rmem_test_dt_begin_node(dt, "bus");
	RMEM_TEST_DT_CELLS(dt, "#address-cells", 0);
	RMEM_TEST_DT_CELLS(dt, "#size-cells", 0);
	rmem_test_dt_begin_node(dt, "loop");
	RMEM_TEST_DT_CELLS(dt, "#address-cells", 0);
	RMEM_TEST_DT_CELLS(dt, "#size-cells", 0);
	RMEM_TEST_DT_CELLS(dt, "dma-ranges", 0x0);
	rmem_test_dt_end_node(dt);
	rmem_test_dt_end_node(dt);
}

/*
 * A node with dma-ranges but no #address-cells of its own: up to 6.12 the
 * default bus takes it, its cells the parents'; 7.2's of_match_bus() finds
 * no bus for it (address.c:361), of_dma_range_parser_init() refuses it, and
 * its dma-ranges limit nothing.  Cell counts of 0 are refused there too,
 * where 6.12 would loop.
 */
static void test_7_2_parser_refuses(void **state)
{
	static const struct { const char *profile; uint64_t max; } k[] = {
		{ "arm64-6.12", 0xfff }, { "arm64-7.2", UINT64_MAX },
	};
	struct rmem_test_dt dt;
	struct dr d;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		rmem_test_dt_begin(&dt, 1, 1);
		rmem_test_dt_begin_node(&dt, "bus");
		RMEM_TEST_DT_CELLS(&dt, "dma-ranges", 0x0, 0x0, 0x1000);
		rmem_test_dt_end_node(&dt);
		dr_load(&d, &dt, k[i].profile);
		assert_true(dr_max(&d) == k[i].max);
		dr_free(&d);
	}
	runaway_dt(&dt);
	dr_load(&d, &dt, "arm64-7.2");
	assert_true(dr_max(&d) == UINT64_MAX);
	dr_free(&d);
}

/* entries of no cells: the kernel's for_each_of_range() never advances */
static void test_runaway(void **state)
{
	struct rmem_test_dt dt;
	uint64_t max;
	struct dr d;
	int bad = -1;

	(void)state;
	runaway_dt(&dt);
	dr_load(&d, &dt, "arm64-6.1");
	assert_int_equal(rmem_fdt_dma_max_cpu_address(&d.fdt, &d.p, &d.log, &max, &bad), -ELOOP);
	assert_string_equal(rmem_fdt_name(&d.fdt, bad), "loop");
	dr_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_rpi3),
		cmocka_unit_test(test_lowest_available),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_pci),
		cmocka_unit_test(test_default_flags),
		cmocka_unit_test(test_bad_cell_count),
		cmocka_unit_test(test_runaway),
		cmocka_unit_test(test_7_2_parser_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
