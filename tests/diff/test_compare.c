// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_diff_compare() on machines booted from small boards: every region
 * matched by path, its change flags consistent with what each machine
 * recorded of it, the default CMA area and CmaTotal as each machine has
 * them, the kernel's error lines gained, the log script turning A's shown
 * lines into B's.  Which lines the real kernels print is the conformance
 * pairs' test (tests/diff/conformance_pairs.py).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/diff.h>

#include "rmem_test.h"

#define BOARD(regions)								\
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"		\
	" memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n" \
	" reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"	\
	regions " }; };\n"

#define BIG " big { compatible = \"shared-dma-pool\"; reusable; size = <0 0x2000000>; " \
	    "alignment = <0 0x400000>; };\n"
#define SMALL " small { compatible = \"shared-dma-pool\"; no-map; size = <0 0x100000>; };\n"
#define HUGE " small { compatible = \"shared-dma-pool\"; no-map; size = <0 0x80000000>; };\n"
#define EXTRA " extra { size = <0 0x100000>; };\n"

static struct rmem_ctx *boot(const char *profile, const char *dts, const char *cmdline)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_plan_options opt = { .cmdline = cmdline };
	struct rmem_ctx *ctx = rmem_ctx_create(&p);
	struct rmem_dt *dt;
	char err[512] = "";

	assert_non_null(ctx);
	if (rmem_dt_load_mem(dts, strlen(dts), &dt, err, sizeof(err)))
		fail_msg("the board: %s", err);
	if (rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), &opt, err, sizeof(err)))
		fail_msg("%s: rmem_plan_boot: %s", profile, err);
	rmem_dt_free(dt);
	return ctx;
}

struct pair {
	struct rmem_ctx *ctx[2];
	struct rmem_diff *d;
};

static void compare(struct pair *p, const char *pa, const char *da, const char *ca,
		    const char *pb, const char *db, const char *cb)
{
	p->ctx[0] = boot(pa, da, ca);
	p->ctx[1] = boot(pb, db, cb);
	assert_int_equal(rmem_diff_compare(p->ctx[0], p->ctx[1], &p->d), 0);
}

static void release(struct pair *p)
{
	rmem_diff_free(p->d);
	rmem_ctx_destroy(p->ctx[0]);
	rmem_ctx_destroy(p->ctx[1]);
}

static const struct rmem_diff_region *region(const struct rmem_diff *d, const char *path)
{
	for (size_t i = 0; i < d->nr_regions; i++)
		if (!strcmp(d->regions[i].path, path))
			return &d->regions[i];
	fail_msg("no region %s", path);
	return NULL;
}

static const struct rmem_rmem_node *node(struct rmem_ctx *ctx, const char *name)
{
	for (unsigned int i = 0; i < rmem_rmem_node_count(ctx); i++)
		if (!strcmp(rmem_rmem_node_at(ctx, i)->name, name))
			return rmem_rmem_node_at(ctx, i);
	fail_msg("no node %s", name);
	return NULL;
}

/* The script keeps or removes A's shown lines in order, and keeps or adds B's. */
static void assert_log_script(const struct pair *p)
{
	const struct rmem_diff *d = p->d;

	for (int side = 0; side < 2; side++) {
		const struct rmem_log *log = rmem_ctx_log(p->ctx[side]);
		size_t k = 0;

		for (size_t i = 0; i < log->nr; i++) {
			if (!rmem_log_shown(log, i))
				continue;
			while (k < d->nr_log && d->log[k].op == (side ? '-' : '+'))
				k++;
			assert_true(k < d->nr_log);
			assert_string_equal(d->log[k++].text, log->lines[i].text);
		}
		while (k < d->nr_log && d->log[k].op == (side ? '-' : '+'))
			k++;
		assert_int_equal(k, d->nr_log);
	}
}

/* A machine against one booted the same way: nothing differs, every line kept. */
static void test_same(void **state)
{
	struct pair p;

	(void)state;
	compare(&p, "arm64-6.12", BOARD(BIG SMALL), NULL, "arm64-6.12", BOARD(BIG SMALL), NULL);
	assert_int_equal(p.d->nr_regions, 2);
	assert_int_equal(rmem_diff_changes(p.d), 0);
	assert_false(rmem_diff_differs(p.d, false));
	assert_int_equal(p.d->nr_errors, 0);
	for (size_t i = 0; i < p.d->nr_log; i++)
		assert_int_equal(p.d->log[i].op, ' ');
	assert_log_script(&p);
	release(&p);
}

/* Each region's sides are what each machine recorded; moved means other bases. */
static void assert_sides(const struct pair *p, const char *path, const char *name)
{
	const struct rmem_diff_region *r = region(p->d, path);
	const struct rmem_rmem_node *a = node(p->ctx[0], name), *b = node(p->ctx[1], name);

	assert_int_equal(r->a.base, a->base);
	assert_int_equal(r->b.base, b->base);
	assert_int_equal(r->a.size, a->size);
	assert_int_equal(r->b.size, b->size);
	assert_int_equal(!!(r->changes & RMEM_DIFF_MOVED), a->base != b->base);
	assert_int_equal(!!(r->changes & RMEM_DIFF_RESIZED), a->size != b->size);
}

/* Two kernels that place dynamic regions in other orders (6.1: the sorted array's; 6.12: the tree's). */
static void test_kernels(void **state)
{
	struct pair p;

	(void)state;
	compare(&p, "arm64-6.1", BOARD(BIG SMALL), NULL, "arm64-6.12", BOARD(BIG SMALL), NULL);
	assert_sides(&p, "/reserved-memory/big", "big");
	assert_sides(&p, "/reserved-memory/small", "small");
	assert_true(p.d->layout_differs);
	assert_true(p.d->log_differs);
	assert_true(rmem_diff_differs(p.d, true));
	assert_string_equal(p.d->kernel[0], "arm64-6.1");
	assert_string_equal(p.d->kernel[1], "arm64-6.12");
	assert_log_script(&p);
	release(&p);
}

static void test_only_in_one(void **state)
{
	struct pair p;

	(void)state;
	compare(&p, "arm64-6.12", BOARD(SMALL), NULL, "arm64-6.12", BOARD(EXTRA SMALL), NULL);
	assert_int_equal(p.d->nr_regions, 2);
	assert_int_equal(region(p.d, "/reserved-memory/extra")->changes, RMEM_DIFF_ONLY_B);
	assert_false(region(p.d, "/reserved-memory/extra")->a.present);
	release(&p);
	compare(&p, "arm64-6.12", BOARD(EXTRA SMALL), NULL, "arm64-6.12", BOARD(SMALL), NULL);
	assert_int_equal(region(p.d, "/reserved-memory/extra")->changes, RMEM_DIFF_ONLY_A);
	release(&p);
}

/* A region that no longer fits: newly failing, not placed, and the kernel's error gained. */
static void test_newly_failing(void **state)
{
	struct pair p;
	const struct rmem_diff_region *r;

	(void)state;
	compare(&p, "arm64-6.12", BOARD(SMALL), NULL, "arm64-6.12", BOARD(HUGE), NULL);
	r = region(p.d, "/reserved-memory/small");
	assert_true(r->changes & RMEM_DIFF_NEWLY_FAILING);
	assert_false(r->changes & (RMEM_DIFF_MOVED | RMEM_DIFF_ONLY_A | RMEM_DIFF_ONLY_B));
	assert_true(r->a.ok);
	assert_false(r->b.ok);
	assert_false(r->b.placed);
	assert_string_equal(r->b.state, "alloc-failed");
	assert_true(r->b.reason[0]);
	assert_true(p.d->nr_errors > 0);
	for (size_t i = 0; i < p.d->nr_errors; i++)
		assert_int_equal(p.d->errors[i].op, '+');
	assert_true(p.d->kernel_errors[1] > p.d->kernel_errors[0]);
	assert_true(p.d->outcome_differs);
	release(&p);
	compare(&p, "arm64-6.12", BOARD(HUGE), NULL, "arm64-6.12", BOARD(SMALL), NULL);
	assert_true(region(p.d, "/reserved-memory/small")->changes & RMEM_DIFF_NEWLY_SUCCEEDING);
	release(&p);
}

/* cma= the only change: the default area and CmaTotal, as each machine has them. */
static void test_cma(void **state)
{
	struct pair p;

	(void)state;
	compare(&p, "arm64-6.12", BOARD(SMALL), "cma=32M", "arm64-6.12", BOARD(SMALL), "cma=128M");
	assert_true(p.d->default_cma[0].present && p.d->default_cma[1].present);
	assert_int_equal(p.d->default_cma[0].size, 32u << 20);
	assert_int_equal(p.d->default_cma[1].size, 128u << 20);
	assert_int_equal(p.d->cma_total_kb[0],
			 (uint64_t)rmem_cma_total_pages(p.ctx[0]) * (rmem_profile_page_size(
				 rmem_ctx_profile(p.ctx[0])) >> 10));
	assert_int_equal(p.d->cma_total_kb[1] - p.d->cma_total_kb[0], 96u << 10);
	assert_true(p.d->layout_differs);
	assert_log_script(&p);
	release(&p);
}

static void test_not_booted(void **state)
{
	struct rmem_profile prof = rmem_test_profile("arm64-6.12");
	struct rmem_ctx *a = rmem_ctx_create(&prof), *b = boot("arm64-6.12", BOARD(SMALL), NULL);
	struct rmem_diff *d = NULL;

	(void)state;
	assert_int_equal(rmem_diff_compare(a, b, &d), -EINVAL);
	assert_int_equal(rmem_diff_compare(b, a, &d), -EINVAL);
	assert_null(d);
	rmem_ctx_destroy(a);
	rmem_ctx_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_kernels),
		cmocka_unit_test(test_only_in_one),
		cmocka_unit_test(test_newly_failing),
		cmocka_unit_test(test_cma),
		cmocka_unit_test(test_not_booted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
