// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zone spans: a list free_area_init() could be given, and the zone of
 * a pfn (CMA activation refuses an area across two).
 */
#include <errno.h>

#include "rmem_test.h"
#include "mm/zones.h"

static const struct rmem_zone dma32_normal[] = {
	{ "DMA32", 0x40000, 0x100000 },
	{ "Normal", 0x100000, 0x140000 },
};

static void test_lookup(void **state)
{
	struct rmem_zones z = { 0 };

	(void)state;
	/* no zones set: one zone over everything */
	assert_int_equal(rmem_zones_of(&z, 0x12345), 0);
	assert_int_equal(rmem_zones_set(&z, dma32_normal, 2), 0);
	assert_int_equal(rmem_zones_of(&z, 0x40000), 0);
	assert_int_equal(rmem_zones_of(&z, 0xfffff), 0);
	assert_int_equal(rmem_zones_of(&z, 0x100000), 1);
	assert_int_equal(rmem_zones_of(&z, 0x13ffff), 1);
	assert_int_equal(rmem_zones_of(&z, 0x140000), -1);
	assert_int_equal(rmem_zones_of(&z, 0x3ffff), -1);
}

static void test_refused(void **state)
{
	struct rmem_zone overlap[] = { dma32_normal[0], dma32_normal[1] };
	struct rmem_zone inverted[] = { { "DMA", 0x100, 0x80 } };
	struct rmem_zones z = { 0 };

	(void)state;
	overlap[1].start_pfn = 0xfffff;
	assert_int_equal(rmem_zones_set(&z, overlap, 2), -EINVAL);
	assert_int_equal(rmem_zones_set(&z, inverted, 1), -EINVAL);
	assert_int_equal(rmem_zones_set(&z, dma32_normal, 0), -EINVAL);
	assert_int_equal(rmem_zones_set(&z, dma32_normal, RMEM_MAX_ZONES + 1), -EINVAL);
	/* nothing was kept from the refused lists */
	assert_int_equal(z.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
