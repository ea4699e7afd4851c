// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `json` report (docs/plan-json.md): a context built by hand, written
 * through rmem_report_write(), parsed back with jansson, every field
 * compared with what was put in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <rmem/report.h>

#include "internal.h"
#include "rmem_test.h"

#define MiB(x) ((rmem_phys_t)(x) << 20)
#define GiB(x) ((rmem_phys_t)(x) << 30)

static const struct rmem_rmem_handler cma_handler = { .name = "cma" };
static const struct rmem_rmem_handler dma_handler = { .name = "dma" };

/* A record with the error and reason the reserved-memory code would give it. */
static struct rmem_rmem_node *add_node(struct rmem_ctx *ctx, const char *name,
				       enum rmem_rmem_state state, rmem_phys_t base,
				       rmem_phys_t size, int err, const char *reason)
{
	struct rmem_rmem_node *n = rmem_test_node(ctx, name, state, base, size);

	n->err = err;
	if (reason)
		snprintf(n->reason, sizeof(n->reason), "%s", reason);
	return n;
}

/* One node record per state, in this order. */
enum {
	N_DISABLED, N_IGNORED, N_INVALID, N_NOT_SAVED, N_ALLOC_FAILED, N_NOMAP,
	N_RESERVE_FAILED, N_CMA, N_DMA, N_HANDLER_FAILED, N_COUNT
};

/*
 * A 6.12 arm64 board with two banks (1 GiB at 0x40000000, 1 GiB at
 * 0x100000000), a kernel image, a CMA area from a node, the default area
 * from cma=, a DMA pool, and a node in every other state.
 */
static struct rmem_ctx *board(void)
{
	struct rmem_ctx *ctx = rmem_test_board("arm64-6.12", 0x40000000, GiB(1), N_COUNT);
	struct rmem_memblock *mb = rmem_ctx_memblock(ctx);
	struct rmem_rmem_node *n;
	struct rmem_cma *cma;

	assert_int_equal(rmem_memblock_add(mb, GiB(4), GiB(1)), 0);
	assert_int_equal(rmem_memblock_reserve(mb, 0x40200000, MiB(30)), 0);

	add_node(ctx, "off@48000000", RMEM_NODE_DISABLED, 0, 0, 0, "status is not \"okay\"");
	add_node(ctx, "empty", RMEM_NODE_IGNORED, 0, 0, 0, "neither reg nor size");
	add_node(ctx, "bad@49000000", RMEM_NODE_INVALID, 0, 0, -EINVAL,
		 "reg property is 6 bytes, a multiple of 16 expected");
	add_node(ctx, "late@4a000000", RMEM_NODE_NOT_SAVED, 0x4a000000, MiB(1), -ENOSPC,
		 "the reserved_mem array is full (64 entries): no handler sees it");
	n = add_node(ctx, "huge", RMEM_NODE_ALLOC_FAILED, 0, GiB(8), -ENOMEM, "no room");
	n->dynamic = true;
	n = add_node(ctx, "firmware@4f000000", RMEM_NODE_RESERVED, 0x4f000000, MiB(1), 0, NULL);
	n->nomap = true;
	assert_int_equal(rmem_memblock_mark_nomap(mb, 0x4f000000, MiB(1)), 0);
	n = add_node(ctx, "clash@40200000", RMEM_NODE_RESERVED, 0x40200000, MiB(2), 0,
		     "overlaps the kernel");
	n->reserve_failed = true;

	n = add_node(ctx, "camera@50000000", RMEM_NODE_INITIALIZED, 0x50000000, MiB(32), 0, NULL);
	n->reusable = true;
	assert_int_equal(rmem_memblock_reserve(mb, n->base, n->size), 0);
	assert_int_equal(rmem_cma_init_reserved_mem(ctx, n->base, n->size, 0, n->name, &cma), 0);
	rmem_test_save_rmem(ctx, n, &cma_handler, cma);

	n = add_node(ctx, "vpu", RMEM_NODE_INITIALIZED, 0x60000000, MiB(16), 0, NULL);
	n->dynamic = n->nomap = true;
	rmem_test_save_rmem(ctx, n, &dma_handler, NULL);
	n = add_node(ctx, "refused@61000000", RMEM_NODE_HANDLER_FAILED, 0x61000000, MiB(4),
		     -EINVAL, "cma: misaligned");
	n->handler = NULL;

	ctx->cmdline.cma_seen = true;
	ctx->cmdline.size_cmdline = MiB(64);
	ctx->cmdline.base_cmdline = 0;
	ctx->cmdline.limit_cmdline = 0;
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, MiB(64), GiB(4), 0, 0, false,
						     "reserved", &ctx->dma.contiguous_default_area), 0);
	pr_err(ctx, "OF: reserved mem: OVERLAP DETECTED!");
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE, "cma=64M: the default area");
	return ctx;
}

static json_t *report(struct rmem_ctx *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t error;
	json_t *root;

	assert_non_null(f);
	assert_int_equal(rmem_report_write(ctx, RMEM_REPORT_JSON, f), 0);
	fclose(f);
	root = json_loads(buf, 0, &error);
	if (!root)
		fail_msg("not JSON: %s at line %d\n%s", error.text, error.line, buf);
	free(buf);
	assert_true(json_is_object(root));
	return root;
}

static json_int_t get_int(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return json_integer_value(v);
}

static const char *get_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static bool get_bool(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_boolean(v))
		fail_msg("\"%s\" is not a boolean", key);
	return json_is_true(v);
}

static void assert_null_key(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_null(v))
		fail_msg("\"%s\" is missing or not null", key);
}

/*
 * memblock.memory and memblock.reserved as __memblock_dump_all() lists them
 * (mm/memblock.c, 5.10 .. 6.12), and the profile's constants: the header.
 */
static void test_memory_and_kernel(void **state)
{
	struct rmem_ctx *ctx = board();
	json_t *root = report(ctx), *k, *mem, *res;

	assert_int_equal(get_int(root, "schema"), 1);
	assert_string_equal(get_str(root, "rmem_version"), rmem_version());
	k = json_object_get(root, "kernel");
	assert_string_equal(get_str(k, "profile"), "arm64-6.12");
	assert_string_equal(get_str(k, "arch"), "arm64");
	assert_string_equal(get_str(k, "version"), "6.12");
	assert_int_equal(get_int(k, "page_size"), 4096);
	assert_int_equal(get_int(k, "pageblock_order"), ctx->profile.pageblock_order);
	assert_int_equal(get_int(k, "max_page_order"), ctx->profile.max_page_order);
	assert_int_equal(get_int(k, "max_cma_areas"), ctx->profile.max_cma_areas);

	/* the no-map firmware split the first bank in three */
	mem = json_object_get(root, "memory");
	assert_int_equal(json_array_size(mem), 4);
	assert_int_equal(get_int(json_array_get(mem, 0), "base"), 0x40000000);
	assert_int_equal(get_int(json_array_get(mem, 0), "size"), 0x0f000000);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(json_array_get(mem, 1), "flags"), 0)), "nomap");
	assert_int_equal(json_array_size(json_object_get(json_array_get(mem, 0), "flags")), 0);
	assert_int_equal(get_int(json_array_get(mem, 3), "base"), 0x100000000);
	assert_int_equal(get_int(json_array_get(mem, 3), "size"), 0x40000000);

	res = json_object_get(root, "reserved");
	assert_int_equal(json_array_size(res), ctx->memblock.reserved.cnt);
	assert_int_equal(get_int(json_array_get(res, 0), "base"), 0x40200000);
	assert_int_equal(get_int(json_array_get(res, 0), "size"), MiB(30));
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/* The /reserved-memory records: what of_reserved_mem.c made of each node (6.12). */
static void test_region_states(void **state)
{
	static const char *const states[N_COUNT] = {
		"disabled", "ignored", "invalid", "not-saved", "alloc-failed", "reserved",
		"reserved", "cma", "dma-pool", "handler-failed",
	};
	struct rmem_ctx *ctx = board();
	json_t *root = report(ctx), *regions = json_object_get(root, "regions"), *r;

	assert_int_equal(json_array_size(regions), N_COUNT);
	for (size_t i = 0; i < N_COUNT; i++) {
		r = json_array_get(regions, i);
		assert_string_equal(get_str(r, "name"), ctx->rm.nodes[i].name);
		assert_string_equal(get_str(r, "state"), states[i]);
	}
	r = json_array_get(regions, N_DISABLED);
	assert_null_key(r, "base");
	assert_null_key(r, "size");
	assert_null_key(r, "error");
	assert_string_equal(get_str(r, "reason"), "status is not \"okay\"");

	r = json_array_get(regions, N_ALLOC_FAILED);
	assert_true(get_bool(r, "dynamic"));
	assert_null_key(r, "base");
	assert_int_equal(get_int(r, "size"), GiB(8));	/* what it asked for */
	assert_string_equal(get_str(r, "error"), "ENOMEM");

	r = json_array_get(regions, N_NOT_SAVED);
	assert_string_equal(get_str(r, "error"), "ENOSPC");
	assert_null_key(r, "reserved_mem_index");

	r = json_array_get(regions, N_NOMAP);
	assert_true(get_bool(r, "no_map"));
	assert_false(get_bool(r, "reusable"));
	assert_int_equal(get_int(r, "base"), 0x4f000000);
	assert_int_equal(get_int(r, "size"), MiB(1));
	assert_null_key(r, "handler");
	assert_null_key(r, "reason");
	assert_false(get_bool(r, "reserve_failed"));
	assert_true(get_bool(json_array_get(regions, N_RESERVE_FAILED), "reserve_failed"));

	r = json_array_get(regions, N_CMA);
	assert_string_equal(get_str(r, "handler"), "cma");
	assert_true(get_bool(r, "reusable"));
	assert_int_equal(get_int(r, "reserved_mem_index"), 0);
	r = json_array_get(regions, N_DMA);
	assert_string_equal(get_str(r, "handler"), "dma");
	assert_int_equal(get_int(r, "reserved_mem_index"), 1);

	r = json_array_get(regions, N_HANDLER_FAILED);
	assert_int_equal(get_int(r, "base"), 0x61000000);	/* where it was */
	assert_string_equal(get_str(r, "error"), "EINVAL");
	assert_string_equal(get_str(r, "reason"), "cma: misaligned");

	/* the kernel's array links back to the records */
	r = json_object_get(root, "reserved_mem");
	assert_int_equal(json_array_size(r), 2);
	assert_int_equal(get_int(json_array_get(r, 1), "region"), N_DMA);
	assert_string_equal(get_str(json_array_get(r, 1), "handler"), "dma");
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/*
 * cma_areas[] in declaration order (mm/cma.c), the default area of
 * kernel/dma/contiguous.c, and CmaTotal: totalcma_pages in kB, counted by
 * cma_init_reserved_mem() (5.10 .. 6.12).
 */
static void test_cma_areas_and_totals(void **state)
{
	struct rmem_ctx *ctx = board();
	json_t *root = report(ctx), *areas = json_object_get(root, "cma_areas"), *a, *t;

	assert_int_equal(json_array_size(areas), 2);
	a = json_array_get(areas, 0);
	assert_string_equal(get_str(a, "name"), "camera@50000000");
	assert_int_equal(get_int(a, "base"), 0x50000000);
	assert_int_equal(get_int(a, "size"), MiB(32));
	assert_false(get_bool(a, "default"));
	assert_string_equal(get_str(a, "from"), "device-tree");
	assert_int_equal(get_int(a, "region"), N_CMA);
	assert_int_equal(get_int(a, "order_per_bit"), 0);
	assert_int_equal(get_int(a, "pages"), MiB(32) / 4096);

	a = json_array_get(areas, 1);
	assert_string_equal(get_str(a, "name"), "reserved");
	assert_true(get_bool(a, "default"));
	assert_string_equal(get_str(a, "from"), "cmdline");
	assert_null_key(a, "region");
	assert_int_equal(get_int(a, "base"), rmem_cma_get_base(ctx->dma.contiguous_default_area));

	t = json_object_get(root, "totals");
	assert_int_equal(get_int(t, "cma_total_kb"), (32 + 64) * 1024);
	assert_int_equal(get_int(t, "reserved_bytes"),
			 rmem_memblock_reserved_size(rmem_ctx_memblock(ctx)));
	assert_int_equal(get_int(t, "memory_bytes"), GiB(2));
	json_decref(root);

	/* without cma=, the default area is the kernel's CONFIG_CMA_SIZE_* */
	ctx->cmdline.cma_seen = false;
	root = report(ctx);
	a = json_array_get(json_object_get(root, "cma_areas"), 1);
	assert_string_equal(get_str(a, "from"), "config");
	assert_null_key(json_object_get(root, "cmdline"), "cma");
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/*
 * cma_activate_area() refusing an area that spans two zones (mm/cma.c,
 * 6.12): the area is emptied and leaves totalcma_pages; the report says so.
 */
static void test_cma_activation_failed(void **state)
{
	static const struct rmem_zone zones[] = {
		{ "DMA", 0x40000, 0x51000 },
		{ "Normal", 0x51000, 0x140000 },
	};
	struct rmem_ctx *ctx = board();
	json_t *root, *a;

	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 2), 0);
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	root = report(ctx);
	a = json_array_get(json_object_get(root, "cma_areas"), 0);
	assert_string_equal(get_str(a, "name"), "camera@50000000");
	assert_true(get_bool(a, "activation_failed"));
	assert_false(get_bool(a, "active"));
	assert_int_equal(get_int(a, "size"), 0);
	assert_int_equal(get_int(a, "pages_to_buddy"), MiB(32) / 4096);
	a = json_array_get(json_object_get(root, "cma_areas"), 1);
	assert_false(get_bool(a, "activation_failed"));
	assert_true(get_bool(a, "active"));
	assert_int_equal(get_int(json_object_get(root, "totals"), "cma_total_kb"), 64 * 1024);
	assert_int_equal(get_int(root, "kernel_errors"), 2);
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/* early_cma() (kernel/dma/contiguous.c) and arm64's early_mem(): what they set. */
static void test_cmdline(void **state)
{
	struct rmem_ctx *ctx = board();
	json_t *root, *cl, *cma, *mem;

	ctx->cmdline.base_cmdline = 0x80000000;
	ctx->cmdline.limit_cmdline = 0x84000000;
	ctx->cmdline.cma_fixed = true;
	ctx->cmdline.mem_seen = true;
	ctx->cmdline.memory_limit = GiB(2);
	root = report(ctx);
	cl = json_object_get(root, "cmdline");
	cma = json_object_get(cl, "cma");
	assert_int_equal(get_int(cma, "size"), MiB(64));
	assert_int_equal(get_int(cma, "base"), 0x80000000);
	assert_int_equal(get_int(cma, "limit"), 0x84000000);
	assert_true(get_bool(cma, "fixed"));
	mem = json_object_get(cl, "mem");
	assert_int_equal(get_int(mem, "limit"), GiB(2));
	assert_int_equal(json_array_size(json_object_get(mem, "banks")), 0);
	assert_false(get_bool(cl, "truncated"));
	assert_true(json_is_null(json_object_get(cl, "text")) ||
		    json_is_string(json_object_get(cl, "text")));
	json_decref(root);

	/* cma=SIZE without a limit; no mem= */
	ctx->cmdline.limit_cmdline = 0;
	ctx->cmdline.mem_seen = false;
	root = report(ctx);
	cl = json_object_get(root, "cmdline");
	assert_null_key(json_object_get(cl, "cma"), "limit");
	assert_null_key(cl, "mem");
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/*
 * The kernel's lines keep their printk level; rmem's RMEM_LOG_ADVICE lines
 * are never mixed into them; kernel_errors counts KERN_ERR and worse.
 */
static void test_log_and_advice(void **state)
{
	struct rmem_ctx *ctx = board();
	json_t *root, *klog, *warn, *line;
	size_t kernel_lines = 0;

	pr_info(ctx, "cma: info line");
	pr_debug(ctx, "cma: debug line");
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE, "mem=1X: unknown suffix");
	for (size_t i = 0; i < ctx->log.nr; i++)
		kernel_lines += ctx->log.lines[i].level != RMEM_LOG_ADVICE;
	root = report(ctx);
	klog = json_object_get(root, "kernel_log");
	warn = json_object_get(root, "warnings");
	assert_int_equal(json_array_size(klog), kernel_lines);
	assert_int_equal(json_array_size(warn), 2);
	assert_string_equal(json_string_value(json_array_get(warn, 0)), "cma=64M: the default area");
	assert_string_equal(json_string_value(json_array_get(warn, 1)), "mem=1X: unknown suffix");
	for (size_t i = 0; i < json_array_size(klog); i++) {
		line = json_array_get(klog, i);
		assert_null(strstr(get_str(line, "text"), "unknown suffix"));
		assert_null(strstr(get_str(line, "text"), "the default area"));
	}
	line = json_array_get(klog, kernel_lines - 2);
	assert_string_equal(get_str(line, "level"), "info");
	assert_string_equal(get_str(line, "text"), "cma: info line");
	line = json_array_get(klog, kernel_lines - 1);
	assert_string_equal(get_str(line, "level"), "debug");
	assert_int_equal(get_int(root, "kernel_errors"), rmem_report_kernel_errors(ctx));
	assert_int_equal(get_int(root, "kernel_errors"), 1);
	assert_false(get_bool(root, "log_incomplete"));
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/*
 * A node name is whatever bytes the device tree holds (fdt_get_name()):
 * one that is not UTF-8 must not cost the whole report.
 */
static void test_non_utf8_name(void **state)
{
	struct rmem_ctx *ctx = board();
	json_t *root;

	ctx->rm.nodes[N_NOMAP].name = "fw\xff\xfe@4f000000";
	root = report(ctx);
	assert_string_equal(get_str(json_array_get(json_object_get(root, "regions"), N_NOMAP),
				    "name"), "fw??@4f000000");
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/* A machine without memory, nodes or areas still makes a complete report. */
static void test_empty_machine(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", 0, 0);
	json_t *root = report(ctx);

	assert_string_equal(get_str(json_object_get(root, "kernel"), "arch"), "arm");
	assert_string_equal(get_str(json_object_get(root, "kernel"), "version"), "6.1");
	/* 6.1's empty lists hold a zero-sized dummy region: not shown */
	assert_int_equal(json_array_size(json_object_get(root, "memory")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "reserved")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "regions")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "cma_areas")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "zones")), 0);
	assert_int_equal(get_int(json_object_get(root, "totals"), "cma_total_kb"), 0);
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

/* The zones the arch's zone_sizes_init() computed, by pfn and by address. */
static void test_zones(void **state)
{
	static const struct rmem_zone zones[] = {
		{ "DMA", 0x40000, 0x100000 },
		{ "Normal", 0x100000, 0x140000 },
	};
	struct rmem_ctx *ctx = board();
	json_t *root, *z;

	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 2), 0);
	root = report(ctx);
	z = json_object_get(root, "zones");
	assert_int_equal(json_array_size(z), 2);
	assert_string_equal(get_str(json_array_get(z, 1), "name"), "Normal");
	assert_int_equal(get_int(json_array_get(z, 1), "start_pfn"), 0x100000);
	assert_int_equal(get_int(json_array_get(z, 1), "base"), GiB(4));
	assert_int_equal(get_int(json_array_get(z, 0), "size"), GiB(3));
	json_decref(root);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_and_kernel),
		cmocka_unit_test(test_region_states),
		cmocka_unit_test(test_cma_areas_and_totals),
		cmocka_unit_test(test_cma_activation_failed),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_log_and_advice),
		cmocka_unit_test(test_non_utf8_name),
		cmocka_unit_test(test_empty_machine),
		cmocka_unit_test(test_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
