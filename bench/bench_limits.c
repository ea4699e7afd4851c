// SPDX-License-Identifier: GPL-2.0-only
/*
 * The limits of docs/limits.md: every input of at most 1 MiB is answered
 * within 1 second and 256 MiB of memory.
 *
 * Each input is a worst case for one part of rmem (memblock's O(n)
 * insertions, the /reserved-memory scan, the device walk, dtc, the .config
 * and command-line parsers, the simulator's per-event work), made in
 * memory at the largest size that fits in 1 MiB: device trees with
 * libfdt's sequential-write API, the rest as text.  Each runs in a child
 * process the way the CLI runs it (plan: every report format; sim: both
 * output formats), so that the parent can time it and read its peak
 * resident set from wait4().
 *
 *   bench_limits [-k PROFILE]... [-t SECONDS] [-w DIR] [NAME]...
 *
 *   -k PROFILE  run with this built-in profile only (repeatable; default all)
 *   -t SECONDS  kill a child after that long (default 10)
 *   -w DIR      also write each input there (NAME.PROFILE.dtb, .trace, ...)
 *   NAME        run the inputs whose name contains NAME only
 *
 * Exit: 0 every input within the limits, 1 one over, 2 usage, 4 failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libfdt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rmem/rmem.h>
#include <rmem/sim.h>

#include "fdt/fdt.h"

#define LIMIT_BYTES	(1u << 20)
#define LIMIT_SECONDS	1.0
#define LIMIT_MIB	256.0

/* A runaway child must not take the shared machine's memory with it. */
#define CHILD_AS_CAP	(2ull << 30)

extern const unsigned char rmem_example_board[];
extern const size_t rmem_example_board_size;

/* ------------------------------------------------------------------ */
/* Text inputs: appended line by line, never past LIMIT_BYTES. */

struct text {
	char *buf;
	size_t len;
	size_t reserve;		/* bytes kept back for a closing part */
};

/* Appends the whole line, or nothing and returns false once it would not fit. */
static bool tput(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool tput(struct text *t, const char *fmt, ...)
{
	size_t room = LIMIT_BYTES - t->reserve - t->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, room + 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n > room) {
		t->buf[t->len] = '\0';
		return false;
	}
	t->len += (size_t)n;
	return true;
}

/* ------------------------------------------------------------------ */
/* Device trees, with libfdt's sequential-write API. */

typedef int (*dtb_body_fn)(void *fdt, unsigned long n, const struct rmem_profile *p);

/* @v in 0, 1 or 2 big-endian cells. */
static void put_cells(fdt32_t *c, int cells, uint64_t v)
{
	if (cells == 2)
		*c++ = cpu_to_fdt32((uint32_t)(v >> 32));
	if (cells)
		*c = cpu_to_fdt32((uint32_t)v);
}

static int prop_reg(void *fdt, const char *name, int ac, int sc, uint64_t base, uint64_t size)
{
	fdt32_t v[4];

	put_cells(v, ac, base);
	put_cells(v + ac, sc, size);
	return fdt_property(fdt, name, v, (ac + sc) * 4);
}

/* The root's properties and /chosen; the caller has finished the reserve map. */
static int root_begin(void *fdt, int ac, int sc)
{
	int err = fdt_begin_node(fdt, "");

	if (!err)
		err = fdt_property_cell(fdt, "#address-cells", (uint32_t)ac);
	if (!err)
		err = fdt_property_cell(fdt, "#size-cells", (uint32_t)sc);
	if (!err)
		err = fdt_property_string(fdt, "compatible", "linux,dummy-virt");
	if (!err)
		err = fdt_begin_node(fdt, "chosen");
	if (!err)
		err = fdt_property_string(fdt, "bootargs", "console=ttyAMA0");
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

/* memory@NAME { device_type = "memory"; reg = <base size>; } in 2/2 cells. */
static int memory_node(void *fdt, const char *name, uint64_t base, uint64_t size)
{
	int err = fdt_begin_node(fdt, name);

	if (!err)
		err = fdt_property_string(fdt, "device_type", "memory");
	if (!err)
		err = prop_reg(fdt, "reg", 2, 2, base, size);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

/* 2/2 cells, 1 GiB at 0x40000000, and /reserved-memory left open. */
static int rsv_begin(void *fdt)
{
	int err = fdt_finish_reservemap(fdt);

	if (!err)
		err = root_begin(fdt, 2, 2);
	if (!err)
		err = memory_node(fdt, "memory@40000000", 0x40000000, 0x40000000);
	if (!err)
		err = fdt_begin_node(fdt, "reserved-memory");
	if (!err)
		err = fdt_property_cell(fdt, "#address-cells", 2);
	if (!err)
		err = fdt_property_cell(fdt, "#size-cells", 2);
	if (!err)
		err = fdt_property(fdt, "ranges", NULL, 0);
	return err;
}

/* A reusable shared-dma-pool at 0x50000000 with phandle 1, for devices to name. */
static int pool_node(void *fdt)
{
	int err = fdt_begin_node(fdt, "pool@50000000");

	if (!err)
		err = fdt_property_string(fdt, "compatible", "shared-dma-pool");
	if (!err)
		err = fdt_property(fdt, "reusable", NULL, 0);
	if (!err)
		err = prop_reg(fdt, "reg", 2, 2, 0x50000000, 0x2000000);
	if (!err)
		err = fdt_property_cell(fdt, "phandle", 1);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

/*
 * One memory node whose reg has @n banks of 16 KiB (a page of every
 * profile) with 16 KiB holes between them, so that none merge: 1/1 cells
 * give the most banks per byte.  memblock_add() is O(n) per bank.
 */
static int banks(void *fdt, unsigned long n, bool descending)
{
	fdt32_t *reg;
	int err = fdt_finish_reservemap(fdt);

	if (!err)
		err = root_begin(fdt, 1, 1);
	if (!err)
		err = fdt_begin_node(fdt, "memory@0");
	if (!err)
		err = fdt_property_string(fdt, "device_type", "memory");
	if (!err && n > (unsigned long)INT32_MAX / 8)
		err = -FDT_ERR_NOSPACE;
	if (!err)
		err = fdt_property_placeholder(fdt, "reg", (int)(n * 8), (void **)&reg);
	for (unsigned long i = 0; !err && i < n; i++) {
		unsigned long bank = descending ? n - 1 - i : i;

		reg[2 * i] = cpu_to_fdt32((uint32_t)(bank * 0x8000));
		reg[2 * i + 1] = cpu_to_fdt32(0x4000);
	}
	if (!err)
		err = fdt_end_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

static int body_banks_asc(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return banks(fdt, n, false);
}

static int body_banks_desc(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return banks(fdt, n, true);
}

/* /memreserve/ entries of 4 KiB with 4 KiB holes inside the 1 GiB of RAM. */
static int memreserve(void *fdt, unsigned long n, bool descending)
{
	int err = 0;

	for (unsigned long i = 0; !err && i < n; i++) {
		unsigned long k = descending ? n - 1 - i : i;

		err = fdt_add_reservemap_entry(fdt, 0x40000000 + k * 0x2000ull, 0x1000);
	}
	if (!err)
		err = fdt_finish_reservemap(fdt);
	if (!err)
		err = root_begin(fdt, 2, 2);
	if (!err)
		err = memory_node(fdt, "memory@40000000", 0x40000000, 0x40000000);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

static int body_memreserve_asc(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return memreserve(fdt, n, false);
}

static int body_memreserve_desc(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return memreserve(fdt, n, true);
}

/* /reserved-memory children with reg: 4 KiB each, 4 KiB apart. */
static int rsv_static(void *fdt, unsigned long n, bool nomap)
{
	int err = rsv_begin(fdt);
	char name[32];

	for (unsigned long i = 0; !err && i < n; i++) {
		uint64_t base = 0x40000000 + i * 0x2000ull;

		snprintf(name, sizeof(name), "r@%" PRIx64, base);
		err = fdt_begin_node(fdt, name);
		if (!err)
			err = prop_reg(fdt, "reg", 2, 2, base, 0x1000);
		if (!err && nomap)
			err = fdt_property(fdt, "no-map", NULL, 0);
		if (!err)
			err = fdt_end_node(fdt);
	}
	if (!err)
		err = fdt_end_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

static int body_rsv_static(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return rsv_static(fdt, n, false);
}

static int body_rsv_static_nomap(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return rsv_static(fdt, n, true);
}

/* Dynamic children (size, alloc-ranges): the kernel places MAX_RESERVED_REGIONS at most. */
static int body_rsv_dynamic(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	int err = rsv_begin(fdt);
	char name[32];

	for (unsigned long i = 0; !err && i < n; i++) {
		snprintf(name, sizeof(name), "d%lx", i);
		err = fdt_begin_node(fdt, name);
		if (!err)
			err = prop_reg(fdt, "size", 0, 2, 0, 0x1000);
		if (!err)
			err = prop_reg(fdt, "alloc-ranges", 2, 2, 0x40000000, 0x40000000);
		if (!err)
			err = fdt_end_node(fdt);
	}
	if (!err)
		err = fdt_end_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

/*
 * Devices at the root, each naming the pool by memory-region; or a phandle
 * no node has, which fdt_node_offset_by_phandle() looks for through the
 * whole tree, and which rmem advises about.
 */
static int devices(void *fdt, unsigned long n, uint32_t phandle)
{
	int err = rsv_begin(fdt);
	char name[32];

	if (!err)
		err = pool_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	for (unsigned long i = 0; !err && i < n; i++) {
		snprintf(name, sizeof(name), "d%lx", i);
		err = fdt_begin_node(fdt, name);
		if (!err)
			err = fdt_property_cell(fdt, "memory-region", phandle);
		if (!err)
			err = fdt_end_node(fdt);
	}
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

static int body_devices(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return devices(fdt, n, 1);
}

static int body_devices_missing(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return devices(fdt, n, 2);
}

/* A chain of @n nested nodes; the innermost is a device naming the pool. */
static int body_deep(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	int err = rsv_begin(fdt);

	if (!err)
		err = pool_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	for (unsigned long i = 0; !err && i < n; i++)
		err = fdt_begin_node(fdt, "n");
	if (!err)
		err = fdt_property_cell(fdt, "memory-region", 1);
	for (unsigned long i = 0; !err && i < n; i++)
		err = fdt_end_node(fdt);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

/* One bank of 2^n bytes at 0 (n is the exponent here, not a count). */
static int ram_of(void *fdt, unsigned int shift)
{
	int err = fdt_finish_reservemap(fdt);

	if (!err)
		err = root_begin(fdt, 2, 2);
	if (!err)
		err = memory_node(fdt, "memory@0", 0, (uint64_t)1 << shift);
	if (!err)
		err = fdt_end_node(fdt);
	return err;
}

static int body_ram48(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return ram_of(fdt, 48);
}

static int body_ram62(void *fdt, unsigned long n, const struct rmem_profile *p)
{
	return ram_of(fdt, 62);
}

static int dtb_build(char *buf, dtb_body_fn body, unsigned long n, const struct rmem_profile *p)
{
	int err = fdt_create(buf, LIMIT_BYTES);

	if (!err)
		err = body(buf, n, p);
	if (!err)
		err = fdt_finish(buf);
	return err;
}

/* The tree with the largest count that fits in LIMIT_BYTES, by bisection. */
static int make_dtb(struct text *t, dtb_body_fn body, const struct rmem_profile *p,
		    unsigned long *count)
{
	unsigned long lo = 0, hi = LIMIT_BYTES;	/* lo fits, hi does not */
	int err;

	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		err = dtb_build(t->buf, body, mid, p);
		if (err && err != -FDT_ERR_NOSPACE)
			return err;
		if (err)
			hi = mid;
		else
			lo = mid;
	}
	err = dtb_build(t->buf, body, lo, p);
	if (err)
		return err;
	t->len = fdt_totalsize(t->buf);
	*count = lo;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The other inputs, as text. */

/*
 * /reserved-memory with static children, labelled, for dtc to compile.
 * dtc's grammar nests one level of its parser stack per sibling node and
 * gives up past 10000 ("memory exhausted"): with @block, the children come
 * in blocks of that many, each in a "/ { reserved-memory { ... }; };" of
 * its own, which dtc merges into the first.
 */
static int make_dts(struct text *t, unsigned long block, unsigned long *count)
{
	static const char tail[] = "\t};\n};\n";
	unsigned long i;

	t->reserve = sizeof(tail) - 1;
	tput(t, "/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
		"\tcompatible = \"linux,dummy-virt\";\n"
		"\tchosen {\n\t\tbootargs = \"console=ttyAMA0\";\n\t};\n"
		"\tmemory@40000000 {\n\t\tdevice_type = \"memory\";\n"
		"\t\treg = <0x0 0x40000000 0x0 0x40000000>;\n\t};\n"
		"\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
		"\t\tranges;\n");
	for (i = 0;; i++) {
		unsigned long base = 0x40000000 + i * 0x2000;

		if (block && i && i % block == 0 &&
		    !tput(t, "\t};\n};\n\n/ {\n\treserved-memory {\n"))
			break;
		if (!tput(t, "\t\tr%lx: r@%lx {\n\t\t\treg = <0x0 0x%lx 0x0 0x1000>;\n\t\t};\n", i,
			  base, base))
			break;
	}
	t->reserve = 0;
	tput(t, "%s", tail);
	*count = i;
	return 0;
}

/* The profile's Debian .config, then its body and unknown symbols over and over. */
static int make_config(struct text *t, const struct rmem_profile *p)
{
	char path[4096], *base = NULL, *body;
	size_t size = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.config", RMEM_BENCH_CONFIGS, p->name);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	base = calloc(1, 65536);
	if (base)
		size = fread(base, 1, 65535, f);
	fclose(f);
	if (!base || !size) {
		free(base);
		return -EIO;
	}
	tput(t, "%s", base);
	body = strchr(base, '\n');	/* past the header that names arch and version */
	for (unsigned long i = 0; body; i++) {
		if (!tput(t, "%s", body + 1) ||
		    !tput(t, "CONFIG_BENCH_SYMBOL_%lu=y\n# CONFIG_BENCH_OFF_%lu is not set\n"
			  "CONFIG_BENCH_STRING_%lu=\"some value\"\n\n", i, i, i))
			break;
	}
	free(base);
	return 0;
}

/* Parameters the kernel reads early, cma= above all; only 2 KiB reach it. */
static int make_cmdline(struct text *t)
{
	static const char *const params[] = {
		"cma=64M", "cma=32M@0x40000000-0x60000000", "coherent_pool=1M", "mem=1G",
		"memblock=debug", "loglevel=8", "cma=0", "cma=16M@1G", "cma_pernuma=16M",
		"console=ttyAMA0", "earlycon", "numa=off", "cma=1G",
	};

	for (unsigned long i = 0;; i++)
		if (!tput(t, "%s ", params[i % (sizeof(params) / sizeof(params[0]))]))
			break;
	return 0;
}

/* The example board's CMA area of a profile: where it is and how many pages. */
struct area {
	rmem_pfn_t base_pfn;
	unsigned long pages;
	unsigned long pool_pages;	/* the vpu pool */
	unsigned long page_size;
};

static int example_area(const struct rmem_profile *p, struct area *a)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	struct rmem_cma_stat st;
	struct rmem_cma *cma;
	int ret = -ENOMEM;

	if (!ctx)
		return ret;
	ret = rmem_plan_boot(ctx, rmem_example_board, rmem_example_board_size, NULL, NULL, 0);
	cma = ret ? NULL : rmem_cma_find(ctx, "linux,cma");
	if (cma) {
		rmem_cma_get_stat(cma, &st);
		a->base_pfn = st.base_pfn;
		a->pages = st.count;
		a->page_size = (unsigned long)rmem_profile_page_size(p);
		a->pool_pages = (16ul << 20) / a->page_size;
	}
	rmem_ctx_destroy(ctx);
	return cma ? 0 : -ENOENT;
}

/* Allocations and releases of random sizes on every allocator, 64 live at most. */
static void trace_churn(struct text *t, const struct area *a)
{
	unsigned long live[3][64], nr[3] = { 0 }, next = 0;
	uint64_t rng = 88172645463325252ull;

	for (;;) {
		unsigned int kind, k;
		bool ok;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		kind = (unsigned int)(rng % 3);
		if (nr[kind] == 64 || (nr[kind] && (rng >> 8) % 2)) {
			k = (unsigned int)((rng >> 16) % nr[kind]);
			ok = kind == 0 ? tput(t, "cma linux,cma release c%lu\n", live[0][k]) :
			     kind == 1 ? tput(t, "display free d%lu\n", live[1][k]) :
					 tput(t, "vpu free v%lu\n", live[2][k]);
			live[kind][k] = live[kind][--nr[kind]];
		} else {
			unsigned long size = 1 + (rng >> 16) % 256;

			ok = kind == 0 ? tput(t, "cma linux,cma alloc %lu %lu as c%lu\n", size,
					      (unsigned long)((rng >> 40) % 5), next) :
			     kind == 1 ? tput(t, "display alloc %luK as d%lu\n", size * 4, next) :
					 tput(t, "vpu alloc %luK as v%lu\n", size * 4, next);
			live[kind][nr[kind]++] = next++;
		}
		if (!ok)
			return;
	}
}

/* Every pool, then the CMA area, filled with single pages; then failures. */
static void trace_live(struct text *t, const struct area *a)
{
	unsigned long i;

	for (i = 0; i < a->pool_pages; i++)
		if (!tput(t, "vpu alloc %lu\n", a->page_size))
			return;
	for (i = 0; i < 2 * a->pages; i++)
		if (!tput(t, "display alloc %lu\n", a->page_size))
			return;
	while (tput(t, "cma linux,cma alloc 1 0\n"))
		;
}

/*
 * Single pages over the whole area, every other one released: then each
 * failing cma_alloc() logs cma_debug_show_areas()'s one line with every
 * free run of the bitmap.
 */
static void trace_fragment(struct text *t, const struct area *a)
{
	unsigned long i;

	for (i = 0; i < a->pages; i++)
		if (!tput(t, "cma linux,cma alloc 1 0\n"))
			return;
	for (i = 0; i < a->pages; i += 2)
		if (!tput(t, "cma linux,cma release L%lu\n", i + 1))
			return;
	while (tput(t, "cma linux,cma alloc 2 0\n"))
		;
}

/* Pinned ranges come and go while allocations retry past them. */
static void trace_pin_churn(struct text *t, const struct area *a)
{
	for (unsigned long i = 0;; i++) {
		rmem_pfn_t pfn = a->base_pfn + (i * 37) % (a->pages - 64);

		if (!tput(t, "pin linux,cma %" PRIu64 " 16\ncma linux,cma alloc 32 0 as p%lu\n"
			  "unpin linux,cma %" PRIu64 " 16\ncma linux,cma release p%lu\n",
			  (uint64_t)pfn, i, (uint64_t)pfn, i))
			return;
	}
}

/* Every page but the last pinned: each cma_alloc() retries past all of them. */
static void trace_pin_wall(struct text *t, const struct area *a)
{
	if (!tput(t, "pin linux,cma %" PRIu64 " %lu\n", (uint64_t)a->base_pfn, a->pages - 1))
		return;
	while (tput(t, "cma linux,cma alloc 1 0 as t\ncma linux,cma release t\n"))
		;
}

/* One tag reused by every allocator in turn. */
static void trace_tags(struct text *t, const struct area *a)
{
	while (tput(t, "cma linux,cma alloc 1 0 as t\ncma linux,cma release t\n"
		    "display alloc 4K as t\ndisplay free t\nvpu alloc 4K as t\nvpu free t\n"))
		;
}

/* The shortest event line, as many as fit: the most events per MiB. */
static void trace_short(struct text *t, const struct area *a)
{
	while (tput(t, "vpu init\n"))
		;
}

/* ------------------------------------------------------------------ */
/* What each child runs. */

enum phase {
	PH_LOAD, PH_BOOT,
	PH_TEXT, PH_LOG, PH_JSON, PH_SVG,	/* in the order of formats[] */
	PH_SIM, PH_OUTPUT,
	NR_PHASES
};

static const char *const phase_name[NR_PHASES] = {
	"load", "boot", "text", "log", "json", "svg", "sim", "output",
};

/* What the child tells the parent through a pipe before it exits. */
struct child_report {
	long children_maxrss_kb;	/* getrusage(RUSAGE_CHILDREN): dtc */
	double children_cpu_s;		/* and dtc's CPU time */
	double phase_s[NR_PHASES];
	unsigned long log_lines;
	int ret;			/* 0, or the first negative errno */
	char note[96];
};

enum kind { IN_DTB, IN_FIXED_DTB, IN_DTS, IN_CONFIG, IN_CMDLINE, IN_TRACE };

struct input {
	const char *name;
	enum kind kind;
	dtb_body_fn dtb;		/* IN_DTB: a tree of n items, the most that fit */
	void (*trace)(struct text *t, const struct area *a);
};

static const struct input inputs[] = {
	{ "mem-banks-asc", IN_DTB, body_banks_asc, NULL },
	{ "mem-banks-desc", IN_DTB, body_banks_desc, NULL },
	{ "memreserve-asc", IN_DTB, body_memreserve_asc, NULL },
	{ "memreserve-desc", IN_DTB, body_memreserve_desc, NULL },
	{ "rsv-static", IN_DTB, body_rsv_static, NULL },
	{ "rsv-static-nomap", IN_DTB, body_rsv_static_nomap, NULL },
	{ "rsv-dynamic", IN_DTB, body_rsv_dynamic, NULL },
	{ "devices", IN_DTB, body_devices, NULL },
	{ "devices-missing", IN_DTB, body_devices_missing, NULL },
	{ "deep", IN_DTB, body_deep, NULL },
	{ "ram-2^48", IN_FIXED_DTB, body_ram48, NULL },
	{ "ram-2^62", IN_FIXED_DTB, body_ram62, NULL },
	{ "dts-rsv", IN_DTS, NULL, NULL },
	{ "dts-rsv-blocks", IN_DTS, NULL, NULL },
	{ "config", IN_CONFIG, NULL, NULL },
	{ "cmdline", IN_CMDLINE, NULL, NULL },
	{ "sim-churn", IN_TRACE, NULL, trace_churn },
	{ "sim-live", IN_TRACE, NULL, trace_live },
	{ "sim-fragment", IN_TRACE, NULL, trace_fragment },
	{ "sim-pin-churn", IN_TRACE, NULL, trace_pin_churn },
	{ "sim-pin-wall", IN_TRACE, NULL, trace_pin_wall },
	{ "sim-tags", IN_TRACE, NULL, trace_tags },
	{ "sim-short-lines", IN_TRACE, NULL, trace_short },
};

struct child {
	struct child_report rep;
	struct timespec t0;
	FILE *sink;
	char err[512];
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void phase_end(struct child *c, enum phase ph)
{
	c->rep.phase_s[ph] += since(&c->t0);
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
}

static int child_fail(struct child *c, int ret, const char *what)
{
	c->rep.ret = ret;
	snprintf(c->rep.note, sizeof(c->rep.note), "%s: %s%s%.40s", what, strerror(-ret),
		 c->err[0] ? ": " : "", c->err);
	return ret;
}

/* Boot @board (DTB or DTS) as rmem_cli_boot() does; the caller destroys *@out. */
static int child_boot(struct child *c, const struct rmem_profile *p, const void *board,
		      size_t len, const struct rmem_plan_options *opt, struct rmem_ctx **out)
{
	struct rmem_fdt fdt = { 0 };
	struct rmem_ctx *ctx;
	int ret;

	/* as `rmem plan FILE`: rmem_fdt_load_file() runs dtc on a DTS */
	ret = rmem_fdt_load_blob(&fdt, board, len, c->err, sizeof(c->err));
	phase_end(c, PH_LOAD);
	if (ret)
		return child_fail(c, ret, "load");
	ctx = rmem_ctx_create(p);
	if (!ctx) {
		rmem_fdt_release(&fdt);
		return child_fail(c, -ENOMEM, "ctx");
	}
	ret = rmem_plan_boot(ctx, fdt.blob, fdt.size, opt, c->err, sizeof(c->err));
	phase_end(c, PH_BOOT);
	rmem_fdt_release(&fdt);
	if (ret) {
		rmem_ctx_destroy(ctx);
		return child_fail(c, ret, "boot");
	}
	if (rmem_ctx_crashed(ctx))
		snprintf(c->rep.note, sizeof(c->rep.note), "crash: %.80s", rmem_ctx_crashed(ctx));
	*out = ctx;
	return 0;
}

/* `rmem plan` in every format, to /dev/null. */
static int child_plan(struct child *c, const struct rmem_profile *p, const void *board,
		      size_t len, const struct rmem_plan_options *opt)
{
	static const enum rmem_report_format formats[] = {
		RMEM_REPORT_TEXT, RMEM_REPORT_LOG, RMEM_REPORT_JSON, RMEM_REPORT_SVG,
	};
	struct rmem_ctx *ctx;
	int ret = child_boot(c, p, board, len, opt, &ctx);

	if (ret)
		return ret;
	for (size_t i = 0; !ret && i < sizeof(formats) / sizeof(formats[0]); i++) {
		ret = rmem_report_write(ctx, formats[i], c->sink);
		phase_end(c, PH_TEXT + i);
	}
	c->rep.log_lines = rmem_ctx_log(ctx)->nr;
	rmem_ctx_destroy(ctx);
	return ret ? child_fail(c, ret, "report") : 0;
}

/* `rmem sim` on the built-in example board, both output formats, to /dev/null. */
static int child_sim(struct child *c, const struct rmem_profile *p, const char *text,
		     size_t len)
{
	struct rmem_sim_trace t = { 0 };
	struct rmem_sim *sim = NULL;
	struct rmem_ctx *ctx = NULL;
	int ret;

	ret = rmem_sim_trace_parse("trace", text, len, &t, c->err, sizeof(c->err));
	phase_end(c, PH_LOAD);
	if (ret)
		return child_fail(c, ret, "trace");
	ret = child_boot(c, p, rmem_example_board, rmem_example_board_size, NULL, &ctx);
	if (!ret) {
		ret = rmem_sim_create(ctx, &t, &sim, c->err, sizeof(c->err));
		if (!ret)
			ret = rmem_sim_run(sim);
		phase_end(c, PH_SIM);
		if (ret)
			child_fail(c, ret, "sim");
	}
	if (!ret) {
		ret = rmem_report_sim_text(sim, c->sink);
		if (!ret)
			ret = rmem_report_sim_json(sim, c->sink);
		phase_end(c, PH_OUTPUT);
		if (ret)
			child_fail(c, ret, "output");
	}
	if (ctx)
		c->rep.log_lines = rmem_ctx_log(ctx)->nr;
	rmem_sim_destroy(sim);
	rmem_ctx_destroy(ctx);
	rmem_sim_trace_release(&t);
	return ret;
}

static void child_run(const struct input *in, const struct rmem_profile *prof, const char *data,
		      size_t len, int fd)
{
	struct rmem_plan_options opt = { .cmdline = data };
	struct rmem_profile p = *prof;
	struct child c = { .rep.ret = 0 };
	struct rusage ru;

	c.sink = fopen("/dev/null", "w");
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	switch (in->kind) {
	case IN_DTB:
	case IN_FIXED_DTB:
	case IN_DTS:
		child_plan(&c, &p, data, len, NULL);
		break;
	case IN_CONFIG:
		c.rep.ret = rmem_profile_apply_config(&p, data, len, c.err, sizeof(c.err));
		phase_end(&c, PH_LOAD);
		if (c.rep.ret)
			child_fail(&c, c.rep.ret, "config");
		else
			child_plan(&c, &p, rmem_example_board, rmem_example_board_size, NULL);
		break;
	case IN_CMDLINE:
		child_plan(&c, &p, rmem_example_board, rmem_example_board_size, &opt);
		break;
	case IN_TRACE:
		child_sim(&c, &p, data, len);
		break;
	}
	if (!getrusage(RUSAGE_CHILDREN, &ru)) {
		c.rep.children_maxrss_kb = ru.ru_maxrss;
		c.rep.children_cpu_s = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
				       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	}
	if (write(fd, &c.rep, sizeof(c.rep)) != (ssize_t)sizeof(c.rep))
		_exit(4);
	_exit(c.rep.ret ? 3 : 0);
}

/* ------------------------------------------------------------------ */
/* The parent. */

struct row {
	double seconds;
	double cpu;			/* user + system, the child and dtc */
	double mib;
	bool over;
	char note[160];
};

static void child_limits(unsigned int timeout)
{
#ifndef __SANITIZE_ADDRESS__
	/* AddressSanitizer reserves terabytes of address space: no cap there */
	struct rlimit as = { CHILD_AS_CAP, CHILD_AS_CAP };

	setrlimit(RLIMIT_AS, &as);
#endif
	/* its own group, so that a timeout takes dtc down with it */
	setpgid(0, 0);
	alarm(timeout);
}

static void describe(struct row *r, const struct child_report *rep, bool got, int status,
		     unsigned int timeout)
{
	size_t n = 0;
	int slowest = 0;

	if (WIFSIGNALED(status)) {
		n = (size_t)snprintf(r->note, sizeof(r->note), "%s ",
				     WTERMSIG(status) == SIGALRM ? "KILLED at the timeout" :
								   strsignal(WTERMSIG(status)));
		if (WTERMSIG(status) == SIGALRM)
			r->seconds = r->seconds > timeout ? r->seconds : timeout;
	}
	if (!got) {
		/* an abort (a sanitizer's report) or an exit before the report */
		if (WIFEXITED(status))
			snprintf(r->note + n, sizeof(r->note) - n, "exit %d before its report",
				 WEXITSTATUS(status));
		return;
	}
	for (int i = 1; i < NR_PHASES; i++)
		if (rep->phase_s[i] > rep->phase_s[slowest])
			slowest = i;
	n += (size_t)snprintf(r->note + n, sizeof(r->note) - n, "%s %.3f s, %lu log lines",
			      phase_name[slowest], rep->phase_s[slowest], rep->log_lines);
	if (rep->note[0])
		snprintf(r->note + n, sizeof(r->note) - n, "; %s", rep->note);
}

/*
 * Wall time from fork to reaping, and the peak resident set.  wait4()'s
 * rusage is the child's own, plus (Linux: RUSAGE_BOTH in wait_task_zombie())
 * that of the descendants it waited for, as its RUSAGE_CHILDREN counts them:
 * dtc, which rmem_fdt_dtc_compile() spawns and reaps.  A descendant the
 * child did not reap would count in neither, so the child also reports its
 * own RUSAGE_CHILDREN, and the larger of the two is taken.
 */
static int run_one(const struct input *in, const struct rmem_profile *p, const struct text *t,
		   unsigned int timeout, struct row *r)
{
	struct child_report rep = { 0 };
	struct timespec t0;
	struct rusage ru;
	int fds[2], status;
	bool got;
	pid_t pid;

	/* close-on-exec: dtc must not hold the pipe open after the child dies */
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		close(fds[0]);
		child_limits(timeout);
		child_run(in, p, t->buf, t->len, fds[1]);
	}
	setpgid(pid, pid);	/* as the child does: whichever runs first */
	close(fds[1]);
	got = read(fds[0], &rep, sizeof(rep)) == (ssize_t)sizeof(rep);
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) != pid)
		return -errno;
	r->seconds = since(&t0);
	if (WIFSIGNALED(status))
		kill(-pid, SIGKILL);	/* what is left of the child's group: dtc */
	r->cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	r->mib = (double)(ru.ru_maxrss > rep.children_maxrss_kb ? ru.ru_maxrss :
				  rep.children_maxrss_kb) / 1024.0;
	describe(r, &rep, got, status, timeout);
	/*
	 * dtc's compile of a DTS is timed but not counted: dtc 1.6.1 checks
	 * labels and merges sibling blocks by pairwise name comparisons, 4 s
	 * for 16,000 labelled siblings, before rmem sees a blob
	 * (docs/limits.md).
	 */
	if (rep.children_cpu_s >= 0.01) {
		size_t n = strlen(r->note);

		snprintf(r->note + n, sizeof(r->note) - n, "; dtc %.3f s not counted",
			 rep.children_cpu_s);
	}
	r->over = r->seconds - rep.children_cpu_s > LIMIT_SECONDS || r->mib > LIMIT_MIB || !got ||
		  WIFSIGNALED(status);
	return 0;
}

/* The input @in for profile @p, into @t; @count receives a DTB's item count. */
static int generate(const struct input *in, const struct rmem_profile *p, struct text *t,
		    unsigned long *count)
{
	struct area a;
	int ret;

	t->len = 0;
	t->reserve = 0;
	t->buf[0] = '\0';
	*count = 0;
	switch (in->kind) {
	case IN_DTB:
		return make_dtb(t, in->dtb, p, count);
	case IN_FIXED_DTB:
		ret = dtb_build(t->buf, in->dtb, 0, p);
		t->len = ret ? 0 : fdt_totalsize(t->buf);
		return ret;
	case IN_DTS:
		return make_dts(t, strstr(in->name, "blocks") ? 5000 : 0, count);
	case IN_CONFIG:
		ret = make_config(t, p);
		break;
	case IN_CMDLINE:
		ret = make_cmdline(t);
		break;
	case IN_TRACE:
		ret = example_area(p, &a);
		if (!ret)
			in->trace(t, &a);
		break;
	default:
		return -EINVAL;
	}
	/* lines, or the command line's parameters */
	for (size_t i = 0; i < t->len; i++)
		*count += t->buf[i] == (in->kind == IN_CMDLINE ? ' ' : '\n');
	return ret;
}

/* -w DIR: the input as a file the CLI reads, for replaying a row by hand. */
static int save(const char *dir, const struct input *in, const struct rmem_profile *p,
		const struct text *t)
{
	static const char *const ext[] = {
		[IN_DTB] = "dtb", [IN_FIXED_DTB] = "dtb", [IN_DTS] = "dts",
		[IN_CONFIG] = "config", [IN_CMDLINE] = "cmdline", [IN_TRACE] = "trace",
	};
	char path[4096];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.%s.%s", dir, in->name, p->name, ext[in->kind]);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	n = fwrite(t->buf, 1, t->len, f);
	if (fclose(f) || n != t->len)
		return -EIO;
	return 0;
}

static bool wanted(const struct input *in, char **names, int nr)
{
	if (!nr)
		return true;
	for (int i = 0; i < nr; i++)
		if (strstr(in->name, names[i]))
			return true;
	return false;
}

struct options {
	const char *profiles[16];
	size_t nr_profiles;
	unsigned int timeout;
	const char *save_dir;
};

static int run_input(const struct input *in, const struct options *o, struct text *t, int *over)
{
	for (size_t i = 0; i < o->nr_profiles; i++) {
		struct rmem_profile p;
		unsigned long count;
		struct row r = { 0 };
		char items[24];
		int ret;

		if (rmem_profile_builtin(o->profiles[i], &p)) {
			fprintf(stderr, "bench_limits: unknown profile '%s'\n", o->profiles[i]);
			return -EINVAL;
		}
		ret = generate(in, &p, t, &count);
		if (ret == -ENOENT && in->kind == IN_TRACE) {
			/* riscv64-6.12: no CONFIG_CMA, so no area for a trace to use */
			printf("%-16s %8s %7s %-15s %7s %7s %7s %-4s %s\n", in->name, "-", "-", p.name,
			       "-", "-", "-", "n/a", "the kernel has no CMA area");
			continue;
		}
		if (!ret && o->save_dir)
			ret = save(o->save_dir, in, &p, t);
		if (!ret)
			ret = run_one(in, &p, t, o->timeout, &r);
		if (ret) {
			fprintf(stderr, "bench_limits: %s: %s\n", in->name,
				ret < -1 ? strerror(-ret) : fdt_strerror(ret));
			return ret;
		}
		snprintf(items, sizeof(items), count ? "%lu" : "-", count);
		printf("%-16s %8zu %7s %-15s %7.3f %7.3f %7.1f %-4s %s\n", in->name, t->len, items,
		       p.name, r.seconds, r.cpu, r.mib, r.over ? "OVER" : "ok", r.note);
		fflush(stdout);
		*over |= r.over;
	}
	return 0;
}

static const char usage[] =
	"usage: bench_limits [-k PROFILE]... [-t SECONDS] [-w DIR] [NAME]...\n";

static int parse_options(struct options *o, int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "k:t:w:h")) != -1) {
		if (c == 'k' && o->nr_profiles < sizeof(o->profiles) / sizeof(o->profiles[0]))
			o->profiles[o->nr_profiles++] = optarg;
		else if (c == 't' && atoi(optarg) > 0)
			o->timeout = (unsigned int)atoi(optarg);
		else if (c == 'w')
			o->save_dir = optarg;
		else
			return c == 'h' ? -1 : 2;
	}
	if (!o->nr_profiles)	/* none named: every built-in one */
		while (o->nr_profiles < sizeof(o->profiles) / sizeof(o->profiles[0]) &&
		       rmem_profile_builtin_name(o->nr_profiles)) {
			o->profiles[o->nr_profiles] = rmem_profile_builtin_name(o->nr_profiles);
			o->nr_profiles++;
		}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .timeout = 10 };
	struct text t = { 0 };
	int ret, over = 0;

	ret = parse_options(&o, argc, argv);
	if (ret) {
		fputs(usage, ret < 0 ? stdout : stderr);
		return ret < 0 ? 0 : ret;
	}
	t.buf = malloc(LIMIT_BYTES + 1);
	if (!t.buf)
		return 4;
	printf("Limits: every input of at most %u bytes within %.0f s and %.0f MiB (peak RSS).\n",
	       LIMIT_BYTES, LIMIT_SECONDS, LIMIT_MIB);
	printf("%-16s %8s %7s %-15s %7s %7s %7s %-4s %s\n", "INPUT", "BYTES", "ITEMS", "PROFILE",
	       "SECONDS", "CPU", "MiB", "", "SLOWEST PHASE; NOTES");
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (!wanted(&inputs[i], argv + optind, argc - optind))
			continue;
		if (run_input(&inputs[i], &o, &t, &over)) {
			free(t.buf);
			return 4;
		}
	}
	free(t.buf);
	return over ? 1 : 0;
}
