// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's flat-tree helpers (drivers/of/fdt.c, include/linux/of.h; the
 * same in 5.10, 6.1 and 6.12): of_get_flat_dt_prop(),
 * of_fdt_is_compatible(), of_fdt_device_is_available(), of_read_number(),
 * dt_mem_next_cell(), and the /memreserve/ walk of
 * early_init_fdt_scan_reserved_mem().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "fdt/fdt.h"

struct tree {
	struct rmem_fdt fdt;
	void *blob;
};

static void tree_load(struct tree *t, struct rmem_test_dt *dt)
{
	char err[128];
	size_t size;

	t->blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&t->fdt, t->blob, size, err, sizeof(err)), 0);
}

static void tree_release(struct tree *t)
{
	rmem_fdt_release(&t->fdt);
	free(t->blob);
}

static int node(const struct tree *t, const char *path)
{
	int off = fdt_path_offset(t->fdt.blob, path);

	assert_true(off >= 0);
	return off;
}

/* of_get_flat_dt_prop(): value and length, NULL when absent. */
static void test_getprop(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;
	const uint8_t *v;
	int len;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "n@0");
	RMEM_TEST_DT_CELLS(&dt, "cells", 1, 2);
	rmem_test_dt_prop_empty(&dt, "flag");
	tree_load(&t, &dt);

	v = rmem_fdt_getprop(&t.fdt, node(&t, "/n@0"), "cells", &len);
	assert_non_null(v);
	assert_int_equal(len, 8);
	assert_int_equal(v[7], 2);
	assert_non_null(rmem_fdt_getprop(&t.fdt, node(&t, "/n@0"), "flag", &len));
	assert_int_equal(len, 0);
	assert_null(rmem_fdt_getprop(&t.fdt, node(&t, "/n@0"), "nope", &len));
	assert_string_equal(rmem_fdt_name(&t.fdt, node(&t, "/n@0")), "n@0");
	assert_string_equal(rmem_fdt_name(&t.fdt, 0), "");
	tree_release(&t);
}

/*
 * of_fdt_is_compatible(): any entry of the list, of_compat_cmp() =
 * strcasecmp() (include/linux/of.h 5.10:869, 6.1:860, 6.12:897): case
 * folds (Latin-1 too, lib/ctype.c), no prefix matches.
 */
static void test_compatible(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;
	int n;

	rmem_test_dt_begin(&dt, 1, 1);
	rmem_test_dt_begin_node(&dt, "pool");
	rmem_test_dt_prop_strings(&dt, "compatible", "vendor,pool", "shared-dma-pool", NULL);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "none");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "latin");
	rmem_test_dt_prop_string(&dt, "compatible", "caf\xc9");
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);

	n = node(&t, "/pool");
	assert_true(rmem_fdt_is_compatible(&t.fdt, n, "shared-dma-pool"));
	assert_true(rmem_fdt_is_compatible(&t.fdt, n, "vendor,pool"));
	assert_true(rmem_fdt_is_compatible(&t.fdt, n, "Shared-DMA-Pool"));
	assert_false(rmem_fdt_is_compatible(&t.fdt, n, "shared-dma"));
	assert_false(rmem_fdt_is_compatible(&t.fdt, n, "shared-dma-pool-x"));
	assert_false(rmem_fdt_is_compatible(&t.fdt, n, "vendor"));
	assert_false(rmem_fdt_is_compatible(&t.fdt, n, ""));
	assert_false(rmem_fdt_is_compatible(&t.fdt, node(&t, "/none"), "shared-dma-pool"));
	assert_true(rmem_fdt_is_compatible(&t.fdt, node(&t, "/latin"), "caf\xe9"));
	assert_true(rmem_fdt_is_compatible(&t.fdt, node(&t, "/latin"), "CAF\xc9"));
	tree_release(&t);
}

/*
 * of_fdt_is_compatible(): strlen() on an unterminated entry runs into the
 * bytes after the property (the next token starts with a zero byte), so
 * "shared-dma-pool" without its NUL still matches; an empty list matches
 * nothing.
 */
static void test_compatible_unterminated(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;

	rmem_test_dt_begin(&dt, 1, 1);
	rmem_test_dt_begin_node(&dt, "raw");
	rmem_test_dt_prop_raw(&dt, "compatible", "a\0shared-dma-pool", 17);
	rmem_test_dt_prop_empty(&dt, "after");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "empty");
	rmem_test_dt_prop_empty(&dt, "compatible");
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);

	assert_true(rmem_fdt_is_compatible(&t.fdt, node(&t, "/raw"), "shared-dma-pool"));
	assert_true(rmem_fdt_is_compatible(&t.fdt, node(&t, "/raw"), "a"));
	assert_false(rmem_fdt_is_compatible(&t.fdt, node(&t, "/empty"), ""));
	tree_release(&t);
}

/* of_fdt_device_is_available(): no status, "okay" or "ok"; strcmp(), so case matters. */
static void test_status(void **state)
{
	static const struct {
		const char *name, *status;
		bool available;
	} cases[] = {
		{ "a", NULL, true },	   { "b", "okay", true },     { "c", "ok", true },
		{ "d", "disabled", false }, { "e", "OKAY", false },   { "f", "okay ", false },
		{ "g", "fail", false },	   { "h", "", false },
	};
	struct rmem_test_dt dt;
	struct tree t;
	char path[16];

	rmem_test_dt_begin(&dt, 1, 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rmem_test_dt_begin_node(&dt, cases[i].name);
		if (cases[i].status)
			rmem_test_dt_prop_string(&dt, "status", cases[i].status);
		rmem_test_dt_end_node(&dt);
	}
	/* "okay" without its NUL: strcmp() stops at the next token's zero byte */
	rmem_test_dt_begin_node(&dt, "raw");
	rmem_test_dt_prop_raw(&dt, "status", "okay", 4);
	rmem_test_dt_end_node(&dt);
	/* an empty status is the next token's bytes: "" */
	rmem_test_dt_begin_node(&dt, "empty");
	rmem_test_dt_prop_empty(&dt, "status");
	rmem_test_dt_end_node(&dt);
	tree_load(&t, &dt);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "/%s", cases[i].name);
		assert_int_equal(rmem_fdt_device_is_available(&t.fdt, node(&t, path)),
				 cases[i].available);
	}
	assert_true(rmem_fdt_device_is_available(&t.fdt, node(&t, "/raw")));
	assert_false(rmem_fdt_device_is_available(&t.fdt, node(&t, "/empty")));
	tree_release(&t);
}

/* of_read_number() / dt_mem_next_cell(): 1, 2, 3 cells (low 64 bits kept), 0 cells. */
static void test_cells(void **state)
{
	static const uint32_t raw[] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	fdt32_t be[4];
	const void *p = be;

	for (int i = 0; i < 4; i++)
		be[i] = cpu_to_fdt32(raw[i]);
	assert_int_equal(rmem_fdt_read_number(be, 1), 0x11111111);
	assert_int_equal(rmem_fdt_read_number(be, 2), 0x1111111122222222ULL);
	assert_int_equal(rmem_fdt_read_number(be, 3), 0x2222222233333333ULL);
	assert_int_equal(rmem_fdt_read_number(be, 4), 0x3333333344444444ULL);
	assert_int_equal(rmem_fdt_read_number(be, 0), 0);

	assert_int_equal(rmem_fdt_next_cell(1, &p), 0x11111111);
	assert_ptr_equal(p, &be[1]);
	assert_int_equal(rmem_fdt_next_cell(3, &p), 0x3333333344444444ULL);
	assert_ptr_equal(p, &be[4]);
	assert_int_equal(rmem_fdt_next_cell(0, &p), 0);
	assert_ptr_equal(p, &be[4]);
}

/* be32_to_cpup() on a 1-byte property reads it and the three bytes after it. */
static void test_be32_short(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;
	const void *v;

	rmem_test_dt_begin(&dt, 1, 1);
	rmem_test_dt_prop_raw(&dt, "one", "\x07", 1);
	tree_load(&t, &dt);
	v = rmem_fdt_getprop(&t.fdt, 0, "one", NULL);
	assert_int_equal(rmem_fdt_be32(&t.fdt, v), 0x07000000);
	tree_release(&t);
}

/*
 * early_init_fdt_scan_reserved_mem() (5.10 fdt.c:594, 6.1 fdt.c:639, 6.12
 * fdt.c:508): fdt_get_mem_rsv() until size 0, so an entry of size 0 ends
 * the list even with a non-zero address.
 */
static void test_memreserve(void **state)
{
	struct rmem_test_dt dt;
	struct tree t;
	uint64_t base, size;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_memreserve(&dt, 0x80000000, 0x10000);
	rmem_test_dt_memreserve(&dt, 0x1234567890ULL, 0x1000);
	tree_load(&t, &dt);
	assert_int_equal(rmem_fdt_memreserve_count(&t.fdt), 2);
	rmem_fdt_memreserve(&t.fdt, 1, &base, &size);
	assert_int_equal(base, 0x1234567890ULL);
	assert_int_equal(size, 0x1000);
	tree_release(&t);

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_memreserve(&dt, 0x80000000, 0x10000);
	rmem_test_dt_memreserve(&dt, 0x90000000, 0);
	rmem_test_dt_memreserve(&dt, 0xa0000000, 0x1000);
	tree_load(&t, &dt);
	assert_int_equal(rmem_fdt_memreserve_count(&t.fdt), 1);
	tree_release(&t);

	rmem_test_dt_begin(&dt, 2, 2);
	tree_load(&t, &dt);
	assert_int_equal(rmem_fdt_memreserve_count(&t.fdt), 0);
	tree_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getprop),
		cmocka_unit_test(test_compatible),
		cmocka_unit_test(test_compatible_unterminated),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_be32_short),
		cmocka_unit_test(test_memreserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
