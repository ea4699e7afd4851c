// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `svg` report: contexts built by hand (a 1 GiB board, a 64 GiB board
 * with a 30 GiB hole, a 4 GiB board with zones), the SVG text checked for
 * structure, escaping, scale and label placement.
 *
 * With RMEM_TEST_SVG_DIR set, the boards' maps are also written there
 * (board-1g.svg, ...) to be looked at.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/report.h>

#include "internal.h"
#include "rmem_test.h"

#define KiB(x) ((rmem_phys_t)(x) << 10)
#define MiB(x) ((rmem_phys_t)(x) << 20)
#define GiB(x) ((rmem_phys_t)(x) << 30)

#define MAX_NODES 16

static const struct rmem_rmem_handler cma_handler = { .name = "cma" };
static const struct rmem_rmem_handler dma_handler = { .name = "dma" };

/* A region of a shared-dma-pool node that rmem_cma_setup() took. */
static struct rmem_cma *cma_node(struct rmem_ctx *ctx, const char *name, rmem_phys_t base,
				 rmem_phys_t size, bool dflt)
{
	struct rmem_rmem_node *n = rmem_test_node(ctx, name, RMEM_NODE_INITIALIZED, base, size);
	struct rmem_cma *cma;

	n->reusable = true;
	assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), base, size), 0);
	assert_int_equal(rmem_cma_init_reserved_mem(ctx, base, size, 0, name, &cma), 0);
	rmem_test_save_rmem(ctx, n, &cma_handler, cma);
	if (dflt)
		ctx->dma.contiguous_default_area = cma;
	return cma;
}

static void dma_node(struct rmem_ctx *ctx, const char *name, rmem_phys_t base, rmem_phys_t size,
		     bool nomap)
{
	struct rmem_rmem_node *n = rmem_test_node(ctx, name, RMEM_NODE_INITIALIZED, base, size);

	n->nomap = nomap;
	if (nomap)
		assert_int_equal(rmem_memblock_mark_nomap(rmem_ctx_memblock(ctx), base, size), 0);
	else
		assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), base, size), 0);
	rmem_test_save_rmem(ctx, n, &dma_handler, NULL);
}

static void plain_node(struct rmem_ctx *ctx, const char *name, rmem_phys_t base,
		       rmem_phys_t size, bool nomap)
{
	struct rmem_rmem_node *n = rmem_test_node(ctx, name, RMEM_NODE_RESERVED, base, size);

	n->nomap = nomap;
	if (nomap)
		assert_int_equal(rmem_memblock_mark_nomap(rmem_ctx_memblock(ctx), base, size), 0);
	else
		assert_int_equal(rmem_memblock_reserve(rmem_ctx_memblock(ctx), base, size), 0);
	rmem_test_save_rmem(ctx, n, NULL, NULL);
}

static void failed_node(struct rmem_ctx *ctx, const char *name, enum rmem_rmem_state state,
			rmem_phys_t base, rmem_phys_t size, int err, const char *reason)
{
	struct rmem_rmem_node *n = rmem_test_node(ctx, name, state, base, size);

	n->err = err;
	n->dynamic = state == RMEM_NODE_ALLOC_FAILED;
	snprintf(n->reason, sizeof(n->reason), "%s", reason);
}

/*
 * QEMU virt with 1 GiB, as the built-in example board: kernel image and
 * DTB reserved, a default CMA area from a node, a camera CMA carveout, a
 * no-map VPU pool, a firmware carveout, and some nodes that failed.
 * 8 regions on the map.
 */
static struct rmem_ctx *board_1g(void)
{
	struct rmem_ctx *ctx = rmem_test_board("arm64-6.12", 0x40000000, GiB(1), MAX_NODES);
	struct rmem_memblock *mb = rmem_ctx_memblock(ctx);

	assert_int_equal(rmem_memblock_reserve(mb, 0x40210000, MiB(34)), 0);	/* kernel */
	assert_int_equal(rmem_memblock_reserve(mb, 0x48000000, KiB(64)), 0);	/* DTB */
	assert_int_equal(rmem_memblock_reserve(mb, 0x7fe00000, MiB(2)), 0);	/* memblock */
	cma_node(ctx, "linux,cma", 0x7a000000, MiB(64), true);
	cma_node(ctx, "camera@50000000", 0x50000000, MiB(32), false);
	dma_node(ctx, "vpu", 0x6f000000, MiB(16), true);
	plain_node(ctx, "firmware@4f000000", 0x4f000000, MiB(1), true);
	plain_node(ctx, "ramoops@4ff00000", 0x4ff00000, KiB(64), false);
	plain_node(ctx, "a&b<c>\"d'e@4ff80000", 0x4ff80000, KiB(128), false);
	dma_node(ctx, "audio@60000000", 0x60000000, MiB(4), false);
	failed_node(ctx, "dsp@61000000", RMEM_NODE_HANDLER_FAILED, 0x61000000, MiB(4), -EINVAL,
		    "no handler took it: the \"dma\" handler refused a reusable region");
	failed_node(ctx, "huge", RMEM_NODE_ALLOC_FAILED, 0, MiB(2048), -ENOMEM,
		    "no room for 2 GiB aligned to 4 MiB in [0x40000000-0x80000000)");
	failed_node(ctx, "off@48000000", RMEM_NODE_DISABLED, 0, 0, 0, "status is not \"okay\"");
	return ctx;
}

/*
 * A server-class board: 2 GiB below 4 GiB, 62 GiB from 34 GiB up (a 30
 * GiB hole), the default area from the kernel's config placed above 4 GiB
 * as 6.12 places it, a GPU carveout, small firmware regions.  8 regions.
 */
static struct rmem_ctx *board_64g(void)
{
	struct rmem_ctx *ctx = rmem_test_board("arm64-6.12", 0x80000000, GiB(2), MAX_NODES);
	struct rmem_memblock *mb = rmem_ctx_memblock(ctx);

	assert_int_equal(rmem_memblock_add(mb, 0x880000000, GiB(62)), 0);
	assert_int_equal(rmem_memblock_reserve(mb, 0x80200000, MiB(40)), 0);	/* kernel */
	assert_int_equal(rmem_memblock_reserve(mb, 0x88000000, MiB(48)), 0);	/* initrd */
	assert_int_equal(rmem_memblock_reserve(mb, 0x17ff000000, MiB(16)), 0);
	plain_node(ctx, "secure@80000000", 0x80000000, MiB(2), true);
	cma_node(ctx, "gpu@a0000000", 0xa0000000, MiB(512), false);
	dma_node(ctx, "vpu", 0xf0000000, MiB(128), true);
	plain_node(ctx, "ramoops@ffe00000", 0xffe00000, MiB(1), false);
	plain_node(ctx, "scp-shmem@ffff0000", 0xffff0000, KiB(64), true);
	failed_node(ctx, "dsp@c0000000", RMEM_NODE_HANDLER_FAILED, 0xc0000000, MiB(8), -EINVAL,
		    "no handler took it");
	cma_node(ctx, "ml@1000000000", 0x1000000000, GiB(4), false);
	failed_node(ctx, "huge", RMEM_NODE_ALLOC_FAILED, 0, GiB(128), -ENOMEM, "no room");
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0, GiB(1), 0, 0, 0, false, "reserved",
						     &ctx->dma.contiguous_default_area), 0);
	return ctx;
}

/* 4 GiB from 1 GiB up, ZONE_DMA32 ending at 4 GiB inside the bank. */
static struct rmem_ctx *board_4g_zones(void)
{
	static const struct rmem_zone zones[] = {
		{ "DMA32", 0x40000, 0x100000 },
		{ "Normal", 0x100000, 0x140000 },
	};
	struct rmem_ctx *ctx = rmem_test_board("arm64-6.1", 0x40000000, GiB(4), MAX_NODES);

	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 2), 0);
	cma_node(ctx, "linux,cma", 0xf0000000, MiB(256), true);
	return ctx;
}

static char *svg_of(struct rmem_ctx *ctx, const char *save_as)
{
	const char *dir = getenv("RMEM_TEST_SVG_DIR");
	char *buf = NULL, *path;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(rmem_report_write(ctx, RMEM_REPORT_SVG, f), 0);
	fclose(f);
	if (dir && save_as && asprintf(&path, "%s/%s", dir, save_as) >= 0) {
		f = fopen(path, "w");
		if (f) {
			fputs(buf, f);
			fclose(f);
		}
		free(path);
	}
	return buf;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The rect whose tooltip starts with @name; its height attribute. */
static double rect_height(const char *svg, const char *name)
{
	char key[128];
	const char *t, *rect, *h;

	snprintf(key, sizeof(key), "<title>%s: ", name);
	t = strstr(svg, key);
	assert_non_null(t);
	for (rect = t; rect > svg && strncmp(rect, "<rect ", 6); rect--)
		;
	h = strstr(rect, "height=\"");
	assert_non_null(h);
	assert_true(h < t);
	return strtod(h + 8, NULL);
}

/*
 * Well-formed enough for any SVG reader: one root element, every element
 * that opens closes, no '&' but entities, no byte below 0x20 but newline.
 */
static void assert_well_formed(const char *svg)
{
	static const char *const elements[] = { "text", "title", "pattern", "defs", "tspan" };
	const char *amp;

	assert_memory_equal(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44);
	assert_int_equal(count(svg, "<svg "), 1);
	assert_int_equal(count(svg, "</svg>"), 1);
	assert_string_equal(svg + strlen(svg) - 7, "</svg>\n");
	assert_int_equal(count(svg, "<script"), 0);
	for (size_t i = 0; i < sizeof(elements) / sizeof(elements[0]); i++) {
		char open[16], close[16];

		snprintf(open, sizeof(open), "<%s", elements[i]);
		snprintf(close, sizeof(close), "</%s>", elements[i]);
		assert_int_equal(count(svg, open), count(svg, close));
	}
	for (amp = strchr(svg, '&'); amp; amp = strchr(amp + 1, '&'))
		assert_true(!strncmp(amp, "&amp;", 5) || !strncmp(amp, "&lt;", 4) ||
			    !strncmp(amp, "&gt;", 4) || !strncmp(amp, "&quot;", 6) ||
			    !strncmp(amp, "&apos;", 6));
	for (const char *p = svg; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
}

/* The map's frame: the declaration, one root, everything closed, no script. */
static void test_well_formed(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg = svg_of(ctx, "board-1g.svg");

	assert_well_formed(svg);
	assert_non_null(strstr(svg, "arm64-6.12: 1 GiB of RAM in 1 bank"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/*
 * One box per bank, one rect per region that has memory (the nodes
 * early_init_fdt_scan_reserved_mem() placed, handled or not, and the CMA
 * areas no node made), and the memblock reservations no region explains
 * (kernel image, DTB) drawn apart.
 */
static void test_rect_counts(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg = svg_of(ctx, NULL);

	assert_int_equal(count(svg, "<rect class=\"bank\""), 1);
	assert_int_equal(count(svg, "<rect class=\"region "), 8);
	assert_int_equal(count(svg, "<rect class=\"region cma-default\""), 1);
	assert_int_equal(count(svg, "<rect class=\"region cma\""), 1);
	assert_int_equal(count(svg, "<rect class=\"region dma\""), 2);
	assert_int_equal(count(svg, "<rect class=\"region nomap\""), 1);
	assert_int_equal(count(svg, "<rect class=\"region reserved\""), 2);
	assert_int_equal(count(svg, "<rect class=\"region failed\" "), 1);
	assert_int_equal(count(svg, "<rect class=\"other\""), 3);
	assert_int_equal(count(svg, "<rect class=\"legend\""), 8);
	free(svg);
	rmem_ctx_destroy(ctx);

	ctx = board_64g();
	svg = svg_of(ctx, "board-64g.svg");
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"bank\""), 2);
	/* 7 nodes on the map and the default area of dma_contiguous_reserve() */
	assert_int_equal(count(svg, "<rect class=\"region "), 8);
	assert_int_equal(count(svg, "<rect class=\"region cma-default\""), 1);
	assert_non_null(strstr(svg, "default CMA area (kernel config)"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* Every node appears by name, escaped: on the map, or listed below it. */
static void test_names_escaped(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg = svg_of(ctx, NULL);

	assert_non_null(strstr(svg, ">a&amp;b&lt;c&gt;&quot;d&apos;e@4ff80000<"));
	assert_null(strstr(svg, "a&b"));
	assert_null(strstr(svg, "<c>"));
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const char *name = ctx->rm.nodes[i].name;

		if (!strpbrk(name, "&<>\"'"))
			assert_non_null(strstr(svg, name));
	}
	assert_non_null(strstr(svg, "Not in the map"));
	assert_non_null(strstr(svg, "FAILED: no room for it"));
	/* the reasons, quotes escaped */
	assert_non_null(strstr(svg, "status is not &quot;okay&quot;"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* Device-tree bytes that are not UTF-8, or are controls, cannot reach the XML. */
static void test_bad_bytes(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg;

	ctx->rm.nodes[3].name = "fw\xff\x01\xc3\xa9@4f000000";
	svg = svg_of(ctx, NULL);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "fw??\xc3\xa9@4f000000"));	/* é is kept */
	free(svg);
	rmem_ctx_destroy(ctx);
}

/*
 * To scale within the bank: the 1 GiB bank is 640 px, so 64 MiB is 40 px;
 * a 64 KiB region (0.04 px) is still drawn 3 px high.
 */
static void test_scale(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg = svg_of(ctx, NULL);

	assert_true(rect_height(svg, "linux,cma") > 39.9 && rect_height(svg, "linux,cma") < 40.1);
	assert_true(rect_height(svg, "camera@50000000") > 19.9);
	assert_true(rect_height(svg, "camera@50000000") < 20.1);
	assert_true(rect_height(svg, "ramoops@4ff00000") >= 3.0);
	assert_true(rect_height(svg, "ramoops@4ff00000") < 3.1);
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* A 30 GiB hole is compressed behind two break marks, and says how large it is. */
static void test_hole(void **state)
{
	struct rmem_ctx *ctx = board_64g();
	char *svg = svg_of(ctx, NULL);

	assert_int_equal(count(svg, "class=\"break\""), 2);
	assert_non_null(strstr(svg, "hole: 30 GiB"));
	/* the 2 GiB bank keeps a readable height beside the 62 GiB one */
	assert_non_null(strstr(svg, ">2 GiB<"));
	assert_non_null(strstr(svg, ">62 GiB<"));
	assert_true(rect_height(svg, "scp-shmem@ffff0000") >= 3.0);
	free(svg);
	rmem_ctx_destroy(ctx);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Labels never overlap: the leader lines end at least one label height apart. */
static void test_labels_apart(void **state)
{
	struct rmem_ctx *ctx = board_64g();
	char *svg = svg_of(ctx, NULL);
	double ys[32];
	size_t n = 0;

	for (const char *p = strstr(svg, "class=\"leader\""); p; p = strstr(p + 1, "class=\"leader\"")) {
		const char *pts = strstr(p, "points=\""), *end = strchr(pts + 8, '"'), *last;

		for (last = end; *last != ','; last--)
			;
		assert_true(n < 32);
		ys[n++] = strtod(last + 1, NULL);
	}
	assert_int_equal(n, 8);
	qsort(ys, n, sizeof(ys[0]), cmp_double);
	for (size_t i = 1; i < n; i++)
		assert_true(ys[i] - ys[i - 1] >= 29.99);
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* Failed regions are hatched red, where they were before the memory was given back. */
static void test_failed_hatched(void **state)
{
	struct rmem_ctx *ctx = board_1g();
	char *svg = svg_of(ctx, NULL);
	const char *r = strstr(svg, "<rect class=\"region failed\"");

	assert_non_null(strstr(svg, "<pattern id=\"hatch\""));
	assert_non_null(r);
	assert_non_null(strstr(r, "fill=\"url(#hatch)\""));
	assert_true(strstr(r, "fill=\"url(#hatch)\"") < strstr(r, "</rect>"));
	assert_non_null(strstr(svg, "<title>dsp@61000000: 4 MiB at 0x61000000-0x61400000</title>"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/*
 * cma_activate_area() refuses an area that spans two zones (mm/cma.c, 6.1):
 * a node's area is drawn as failed, the default area of cma= (whose size
 * the kernel zeroed) is listed below the map.
 */
static void test_cma_activation_failed(void **state)
{
	static const struct rmem_zone zones[] = {
		{ "DMA", 0x40000, 0xc0000 },
		{ "DMA32", 0xc0000, 0xf8000 },
		{ "Normal", 0xf8000, 0x140000 },
	};
	struct rmem_ctx *ctx = rmem_test_board("arm64-6.1", 0x40000000, GiB(4), MAX_NODES);
	struct rmem_cma *cma;
	char *svg;

	assert_int_equal(rmem_ctx_set_zones(ctx, zones, 3), 0);
	cma_node(ctx, "camera@f0000000", 0xf0000000, MiB(256), false);
	ctx->cmdline.cma_seen = true;
	assert_int_equal(rmem_cma_declare_contiguous(ctx, 0xbe000000, MiB(64), 0, 0, 0, true,
						     "reserved", &cma), 0);
	ctx->dma.contiguous_default_area = cma;
	assert_int_equal(rmem_cma_activate_areas(ctx), 0);
	svg = svg_of(ctx, "board-cma-failed.svg");
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"region failed\""), 1);
	assert_non_null(strstr(svg, "<title>camera@f0000000: 256 MiB"));
	assert_non_null(strstr(svg, "FAILED: the CMA area could not be activated<"));
	assert_non_null(strstr(svg, "reserved</tspan> \u2014 FAILED: the CMA area could not be "
			       "activated (the default area)"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* A zone boundary inside a bank (ZONE_DMA32 ending at 4 GiB) is marked. */
static void test_zone_boundary(void **state)
{
	struct rmem_ctx *ctx = board_4g_zones();
	char *svg = svg_of(ctx, "board-4g.svg");

	assert_well_formed(svg);
	assert_int_equal(count(svg, "class=\"zone\""), 1);
	assert_non_null(strstr(svg, "DMA32"));
	assert_non_null(strstr(svg, "Normal"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

/* A machine with no memory yet still gives a valid picture. */
static void test_empty(void **state)
{
	struct rmem_ctx *ctx = rmem_test_ctx("armhf-6.1", 0, 0);
	char *svg = svg_of(ctx, NULL);

	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"bank\""), 0);
	assert_non_null(strstr(svg, "no memory"));
	free(svg);
	rmem_ctx_destroy(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_rect_counts),
		cmocka_unit_test(test_names_escaped),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_hole),
		cmocka_unit_test(test_labels_apart),
		cmocka_unit_test(test_failed_hatched),
		cmocka_unit_test(test_zone_boundary),
		cmocka_unit_test(test_cma_activation_failed),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
