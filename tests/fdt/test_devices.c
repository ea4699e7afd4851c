// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices' memory-region and memory-region-names, as
 * of_reserved_mem_device_init_by_idx() / _by_name() (drivers/of/
 * of_reserved_mem.c) and of_property_match_string() (drivers/of/property.c,
 * the same in 5.10, 6.1 and 6.12) read them.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"
#include <libfdt.h>

#include "fdt/fdt.h"

static const char dts[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>;\n"
	"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    cam: camera@50000000 { reg = <0 0x50000000 0 0x1000000>; };\n"
	"    vpu: vpu { size = <0 0x1000000>; }; };\n"
	"  camera { memory-region = <&cam>; };\n"
	"  codec { memory-region = <&vpu &cam 0x7777>; memory-region-names = \"vpu\", \"cam\"; };\n"
	"  bad { memory-region-names = \"x\", \"y\"; memory-region = <0x8888>; };\n"
	"  unterminated { memory-region-names = [61 62]; };\n"
	"};\n";

struct seen {
	struct rmem_fdt_device dev[4];
	unsigned int n;
};

static int collect(void *arg, const struct rmem_fdt_device *dev)
{
	struct seen *s = arg;

	s->dev[s->n++] = *dev;
	return s->n == 4;
}

static void load(struct rmem_fdt *fdt)
{
	char err[256];

	assert_int_equal(rmem_fdt_load_blob(fdt, dts, sizeof(dts) - 1, err, sizeof(err)), 0);
}

/* of_parse_phandle(np, "memory-region", idx): every entry, in tree order. */
static void test_devices(void **state)
{
	struct rmem_fdt fdt = { 0 };
	struct seen s = { 0 };

	load(&fdt);
	assert_int_equal(rmem_fdt_for_each_device(&fdt, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.dev[0].name, "camera");
	assert_int_equal(s.dev[0].nr_regions, 1);
	assert_string_equal(rmem_fdt_name(&fdt, s.dev[0].target[0]), "camera@50000000");
	assert_null(s.dev[0].region_name[0]);
	assert_string_equal(s.dev[1].name, "codec");
	assert_int_equal(s.dev[1].nr_regions, 3);
	assert_string_equal(rmem_fdt_name(&fdt, s.dev[1].target[0]), "vpu");
	assert_string_equal(s.dev[1].region_name[1], "cam");
	assert_true(s.dev[1].target[2] < 0);	/* a phandle that names nothing */
	assert_null(s.dev[1].region_name[2]);
	assert_true(s.dev[2].target[0] < 0);
	rmem_fdt_release(&fdt);
}

/* of_property_match_string(): index, -EINVAL, -ENODATA, -EILSEQ */
static void test_match_string(void **state)
{
	struct rmem_fdt fdt = { 0 };
	int codec, unterminated;

	load(&fdt);
	codec = fdt_path_offset(fdt.blob, "/codec");
	unterminated = fdt_path_offset(fdt.blob, "/unterminated");
	assert_int_equal(rmem_fdt_match_string(&fdt, codec, "memory-region-names", "cam"), 1);
	assert_int_equal(rmem_fdt_match_string(&fdt, codec, "memory-region-names", "vpu"), 0);
	assert_int_equal(rmem_fdt_match_string(&fdt, codec, "memory-region-names", "gpu"),
			 -ENODATA);
	assert_int_equal(rmem_fdt_match_string(&fdt, codec, "nothing-here", "vpu"), -EINVAL);
	assert_int_equal(rmem_fdt_match_string(&fdt, unterminated, "memory-region-names", "x"),
			 -EILSEQ);
	rmem_fdt_release(&fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_match_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
