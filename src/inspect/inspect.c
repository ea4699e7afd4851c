// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem inspect: the plan made from what the system booted with (the DTB
 * it received, its command line, its early reservations read from its own
 * files), then set beside what the system shows.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/cma.h>
#include <rmem/inspect.h>
#include <rmem/reserved_mem.h>

#include "inspect/inspect_internal.h"
#include "internal.h"
#include "printk/printk.h"

#define MAX_RANGES 512

/* What the system's files say, parsed once. */
struct inspect_sys {
	const void *fdt;
	size_t fdt_size;
	struct rmem_inspect_range iomem[MAX_RANGES], reserved[MAX_RANGES];
	size_t nr_iomem, nr_reserved;
	bool has_iomem, has_memblock;
	char (*printed)[RMEM_INSPECT_TEXT];
	size_t nr_printed;
	bool log_from_boot;	/* the log still has the kernel's first lines */
};

static void add_text(char (*list)[RMEM_INSPECT_TEXT], size_t *nr, const char *fmt, va_list ap)
{
	if (*nr == RMEM_INSPECT_MAX)
		return;
	vsnprintf(list[(*nr)++], RMEM_INSPECT_TEXT, fmt, ap);
}

static void problem(struct rmem_inspect *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct rmem_inspect *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_text(in->problems, &in->nr_problems, fmt, ap);
	va_end(ap);
}

static void drift(struct rmem_inspect *in, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void drift(struct rmem_inspect *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_text(in->drift, &in->nr_drift, fmt, ap);
	va_end(ap);
}

static const struct rmem_inspect_range *find_named(const struct inspect_sys *sys, const char *name)
{
	for (size_t i = 0; i < sys->nr_iomem; i++)
		if (!strcmp(sys->iomem[i].name, name))
			return &sys->iomem[i];
	return NULL;
}

static void chosen_prop(const void *fdt, const char *name, char *buf, size_t len)
{
	int off = fdt_path_offset(fdt, "/chosen"), plen = 0;
	const char *v = off >= 0 ? fdt_getprop(fdt, off, name, &plen) : NULL;

	snprintf(buf, len, "%.*s", v && plen > 0 ? (int)strnlen(v, (size_t)plen) : 0, v ? v : "");
}

static bool chosen_u64(const void *fdt, const char *name, uint64_t *v)
{
	int off = fdt_path_offset(fdt, "/chosen"), len = 0;
	const fdt32_t *p = off >= 0 ? fdt_getprop(fdt, off, name, &len) : NULL;

	if (!p || (len != 4 && len != 8))
		return false;
	*v = len == 4 ? fdt32_to_cpu(p[0]) : ((uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]));
	return true;
}

static void add_reserve(struct rmem_inspect *in, uint64_t start, uint64_t end, const char *what)
{
	if (in->nr_reserve == sizeof(in->reserve) / sizeof(in->reserve[0]) || end <= start)
		return;
	in->reserve[in->nr_reserve].base = start;
	in->reserve[in->nr_reserve].size = end - start;
	snprintf(in->reserve_what[in->nr_reserve++], sizeof(in->reserve_what[0]), "%s", what);
}

/*
 * The kernel image as the kernel reserved it: iomem's "Kernel code" to
 * the end of "Kernel data", its start taken from the memblock.reserved
 * range that holds the image (arm64 6.12 reserves from _text, below
 * _stext where "Kernel code" starts); and a reservation that ends where
 * the image's text starts (arm's swapper_pg_dir).
 */
static void kernel_reservations(const struct inspect_sys *sys, struct rmem_inspect *in)
{
	const struct rmem_inspect_range *code = find_named(sys, "Kernel code");
	const struct rmem_inspect_range *data = find_named(sys, "Kernel data");
	uint64_t start, end;
	const char *from = "/proc/iomem";

	if (!code || !data) {
		problem(in, "/proc/iomem: no \"Kernel code\" and \"Kernel data\": the plan lacks the kernel image's reservation");
		return;
	}
	start = code->start;
	end = data->end;
	for (size_t i = 0; i < sys->nr_reserved; i++) {
		const struct rmem_inspect_range *r = &sys->reserved[i];

		if (r->start < end && r->end > code->start && r->start + (2u << 20) > code->start) {
			start = r->start;
			from = "/proc/iomem and memblock.reserved";
			break;
		}
	}
	add_reserve(in, start, end, "");
	snprintf(in->reserve_what[in->nr_reserve - 1], sizeof(in->reserve_what[0]),
		 "kernel image (%s)", from);
	for (size_t i = 0; i < sys->nr_reserved; i++)
		if (sys->reserved[i].end == code->start)
			add_reserve(in, sys->reserved[i].start, sys->reserved[i].end,
				    "below the kernel text (arm: swapper_pg_dir; memblock.reserved)");
}

static void initrd_reservation(const struct inspect_sys *sys, const struct rmem_profile *p,
			       struct rmem_inspect *in)
{
	uint64_t start, end, page = rmem_profile_page_size(p);

	if (!chosen_u64(sys->fdt, "linux,initrd-start", &start) ||
	    !chosen_u64(sys->fdt, "linux,initrd-end", &end) || end <= start)
		return;
	/* the arch reserves whole pages */
	add_reserve(in, start & ~(page - 1), (end + page - 1) & ~(page - 1),
		    "initrd (/chosen linux,initrd-start/-end)");
}

/*
 * The DTB: the memblock.reserved range exactly as long as the blob, else
 * one that ends with it from a page boundary (arm keeps the initrd
 * reserved, and the DTB QEMU or a bootloader puts right after it merges
 * with it).
 */
static void fdt_reservation(const struct inspect_sys *sys, struct rmem_inspect *in)
{
	uint64_t size = fdt_totalsize(sys->fdt);
	const char *how = NULL;

	for (size_t i = 0; !how && i < sys->nr_reserved; i++)
		if (sys->reserved[i].end - sys->reserved[i].start == size) {
			in->fdt_addr = sys->reserved[i].start;
			how = "memblock.reserved range of the DTB's totalsize";
		}
	for (size_t i = 0; !how && i < sys->nr_reserved; i++) {
		const struct rmem_inspect_range *r = &sys->reserved[i];

		if (r->end - r->start > size && !((r->end - size) & 0xfff) && (r->end & 0xfff)) {
			in->fdt_addr = r->end - size;
			how = "the page-aligned end of a memblock.reserved range, the DTB's totalsize long";
		}
	}
	if (how) {
		in->fdt_addr_set = true;
		snprintf(in->fdt_from, sizeof(in->fdt_from), "%s", how);
		return;
	}
	snprintf(in->fdt_from, sizeof(in->fdt_from), "unknown (%s)",
		 sys->has_memblock ? "no memblock.reserved range of its size" :
		 "no debugfs memblock");
	problem(in, "where the DTB lies is unknown (%s): the plan does not reserve it",
		in->fdt_from + 9);
}

static void trim_newline(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

/* "cma=VALUE" of a command line, or "" */
static void cma_param(const char *cmdline, char *buf, size_t len)
{
	const char *p = cmdline, *hit = NULL;

	/* the last one wins, as early_param() parses them all */
	while ((p = strstr(p, "cma=")))
		hit = (p == cmdline || p[-1] == ' ') ? p : hit, p += 4;
	snprintf(buf, len, "%.*s", hit ? (int)strcspn(hit, " ") : 0, hit ? hit : "");
}

/* /proc/cmdline is /chosen/bootargs cut at COMMAND_LINE_SIZE - 1: what the kernel dropped. */
static bool cmdline_cut(struct rmem_inspect *in, const struct rmem_profile *p)
{
	size_t max = p->arch_ops->command_line_size(p) - 1, n = strlen(in->cmdline);
	char lost[128];

	if (strlen(in->bootargs) <= max || strncmp(in->bootargs, in->cmdline, n))
		return false;
	cma_param(in->bootargs + max, lost, sizeof(lost));
	drift(in, "command line: /chosen/bootargs is %zu characters, the kernel keeps %zu (COMMAND_LINE_SIZE %zu): /proc/cmdline is it cut, and the kernel never saw \"%.40s%s\"%s%s%s; the plan follows %s",
	      strlen(in->bootargs), max, max + 1, in->bootargs + max,
	      strlen(in->bootargs + max) > 40 ? "..." : "", lost[0] ? " (so not " : "", lost,
	      lost[0] ? ")" : "", in->followed);
	return true;
}

static void compare_cmdline(struct rmem_inspect *in, const struct rmem_inspect_options *opt,
			    const struct rmem_profile *p, bool has_cmdline)
{
	char a[128], b[128];

	in->followed = (!has_cmdline || opt->follow_bootargs) ? "/chosen/bootargs" : "/proc/cmdline";
	if (!has_cmdline || !strcmp(in->cmdline, in->bootargs))
		return;
	in->cmdline_drift = true;
	if (cmdline_cut(in, p))
		return;
	cma_param(in->cmdline, a, sizeof(a));
	cma_param(in->bootargs, b, sizeof(b));
	if (strcmp(a, b))
		drift(in, "command line: the kernel ran with %s (/proc/cmdline) but the DTB's /chosen/bootargs has %s: something between the DTB and the kernel (the bootloader's own bootargs, an EFI stub, a built-in CONFIG_CMDLINE) changed it, or the DTB was rewritten after boot; the plan follows %s",
		      a[0] ? a : "no cma=", b[0] ? b : "no cma=", in->followed);
	else
		drift(in, "command line: /proc/cmdline \"%s\" differs from /chosen/bootargs \"%s\" (the same cma=); the plan follows %s",
		      in->cmdline, in->bootargs, in->followed);
}

/* The plan's judged lines: those of the log format, a record's further lines with it. */
static size_t predicted_lines(struct rmem_ctx *ctx, char (*lines)[RMEM_INSPECT_TEXT], size_t max)
{
	size_t n = 0;
	bool keep = false;

	for (size_t i = 0; i < ctx->log.nr && n < max; i++) {
		const struct rmem_log_line *l = &ctx->log.lines[i];

		if (!l->cont)
			keep = l->level < RMEM_LOG_DEBUG && rmem_log_is_reserved_mem_text(l->text);
		if (keep)
			snprintf(lines[n++], RMEM_INSPECT_TEXT, "%s", l->text);
	}
	return n;
}

static bool found_after(char (*list)[RMEM_INSPECT_TEXT], size_t from, size_t n, const char *s)
{
	for (size_t i = from; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static void add_line(struct rmem_inspect *in, enum rmem_inspect_line_state st, const char *pred,
		     const char *printed)
{
	struct rmem_inspect_line *l;

	if (in->nr_lines == RMEM_INSPECT_MAX)
		return;
	l = &in->lines[in->nr_lines++];
	l->state = st;
	snprintf(l->predicted, sizeof(l->predicted), "%s", pred ? pred : "");
	snprintf(l->printed, sizeof(l->printed), "%s", printed ? printed : "");
}

/* Predicted and printed lines side by side, in order; returns how many differ. */
static size_t compare_lines(struct rmem_inspect *in, char (*pred)[RMEM_INSPECT_TEXT], size_t np,
			    char (*got)[RMEM_INSPECT_TEXT], size_t ng)
{
	size_t i = 0, j = 0, bad = 0;

	while (i < np || j < ng) {
		if (i < np && j < ng && !strcmp(pred[i], got[j])) {
			add_line(in, RMEM_INSPECT_LINE_MATCH, pred[i++], got[j++]);
			continue;
		}
		bad++;
		if (i == np || (j < ng && found_after(got, j + 1, ng, pred[i]) &&
				!found_after(pred, i + 1, np, got[j])))
			add_line(in, RMEM_INSPECT_LINE_UNEXPECTED, NULL, got[j++]);
		else if (j == ng || found_after(pred, i + 1, np, got[j]))
			add_line(in, RMEM_INSPECT_LINE_MISSING, pred[i++], NULL);
		else
			add_line(in, RMEM_INSPECT_LINE_DIFFERENT, pred[i++], got[j++]);
	}
	return bad;
}

static bool overlaps_ram(const struct inspect_sys *sys, uint64_t a, uint64_t b)
{
	for (size_t i = 0; i < sys->nr_iomem; i++)
		if (sys->iomem[i].start < b && a < sys->iomem[i].end &&
		    !strcmp(sys->iomem[i].name, "System RAM"))
			return true;
	return false;
}

/*
 * Where the system shows a reservation over [a, b): mapped ones in
 * memblock.reserved or as iomem's "reserved" inside System RAM; no-map
 * ones as iomem's top-level "reserved" (arm64) or a hole in its System
 * RAM (arm).
 */
static const char *covered_by(const struct inspect_sys *sys, uint64_t a, uint64_t b, bool nomap)
{
	for (size_t i = 0; i < sys->nr_reserved && !nomap; i++)
		if (sys->reserved[i].start <= a && b <= sys->reserved[i].end)
			return "memblock.reserved";
	for (size_t i = 0; i < sys->nr_iomem; i++) {
		const struct rmem_inspect_range *r = &sys->iomem[i];

		if (r->start <= a && b <= r->end && !strcmp(r->name, "reserved") &&
		    (r->depth == 0) == nomap)
			return nomap ? "/proc/iomem, outside System RAM" : "/proc/iomem reserved";
	}
	if (nomap && sys->nr_iomem && !overlaps_ram(sys, a, b))
		return "/proc/iomem, a hole in System RAM";
	return NULL;
}

static void add_region(struct rmem_inspect *in, const struct inspect_sys *sys, const char *name,
		       const char *kind, uint64_t base, uint64_t size, bool nomap)
{
	struct rmem_inspect_region *r;
	const char *seen;

	if (in->nr_regions == RMEM_INSPECT_MAX)
		return;
	r = &in->regions[in->nr_regions++];
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->predicted = true;
	r->base = base;
	r->size = size;
	if (!size || (!sys->has_iomem && !sys->has_memblock))
		return;
	seen = covered_by(sys, base, base + size, nomap);
	snprintf(r->seen, sizeof(r->seen), "%s", seen ? seen : "");
	if (seen)
		return;
	r->drift = true;
	snprintf(r->why, sizeof(r->why),
		 "the system has no %s reservation over %#" PRIx64 "-%#" PRIx64 ": placed elsewhere, or not at all",
		 nomap ? "no-map" : "memblock", base, base + size - 1);
	drift(in, "region %s: %s", name, r->why);
}

/* "OF: reserved mem: initialized node NAME, compatible id ..." (names may hold commas) */
static bool initialized(const char *line, const char *name)
{
	static const char pfx[] = "OF: reserved mem: initialized node ";
	size_t n = strlen(name);

	return !strncmp(line, pfx, sizeof(pfx) - 1) && !strncmp(line + sizeof(pfx) - 1, name, n) &&
	       line[sizeof(pfx) - 1 + n] == ',';
}

/* Where the kernel's log placed @name (a node, or the default area "reserved"). */
static bool printed_at(const struct inspect_sys *sys, const char *name, bool node,
		       uint64_t *base, uint64_t *size)
{
	for (size_t i = 0; i < sys->nr_printed; i++) {
		const char *l = sys->printed[i];
		unsigned long long a, b, n;
		char kind[8], who[64];

		if (!node && sscanf(l, "cma: Reserved %llu MiB at %llx", &n, &a) == 2) {
			*base = a;
			*size = n << 20;
			return true;
		}
		if (node && i + 1 < sys->nr_printed &&
		    sscanf(l, "Reserved memory: created %7s memory pool at %llx, size %llu MiB",
			   kind, &a, &n) == 3 &&
		    initialized(sys->printed[i + 1], name)) {
			*base = a;
			*size = n << 20;
			return true;
		}
		if (node && sscanf(l, "OF: reserved mem: %llx..%llx (%llu KiB) %*s %*s %63s",
				   &a, &b, &n, who) == 4 && !strcmp(who, name)) {
			*base = a;
			*size = b - a + 1;
			return true;
		}
	}
	return false;
}

/* The log's placement against the plan's (the log rounds sizes down to MiB). */
static void compare_printed(struct rmem_inspect *in, const struct inspect_sys *sys,
			    struct rmem_inspect_region *r, bool node)
{
	uint64_t base, size;

	if (!r->size || !printed_at(sys, r->name, node, &base, &size))
		return;
	r->printed = true;
	r->actual_base = base;
	r->actual_size = size;
	if (base == r->base && (size == r->size || size == (r->size >> 20) << 20))
		return;
	r->drift = true;
	snprintf(r->why, sizeof(r->why),
		 "the kernel placed it at %#" PRIx64 " (%" PRIu64 " MiB), the plan at %#" PRIx64 " (%" PRIu64 " MiB)",
		 base, size >> 20, r->base, r->size >> 20);
	drift(in, "region %s: %s", r->name, r->why);
}

static const char *node_kind(const struct rmem_rmem_node *n)
{
	if (n->state != RMEM_NODE_INITIALIZED && n->state != RMEM_NODE_RESERVED)
		return "failed";
	/* in the kernel's table, but memblock refused it: nothing of its own to see */
	if (n->reserve_failed && !n->handler)
		return "failed";
	if (n->handler && !strcmp(n->handler->name, "cma"))
		return "cma";
	if (n->handler)
		return "dma-pool";
	return n->nomap ? "no-map" : "reserved";
}

/* Each /reserved-memory node the plan placed, and each CMA area no node made. */
static void compare_regions(struct rmem_inspect *in, const struct inspect_sys *sys)
{
	struct rmem_ctx *ctx = in->ctx;

	for (unsigned int i = 0; i < rmem_rmem_node_count(ctx); i++) {
		const struct rmem_rmem_node *n = rmem_rmem_node_at(ctx, i);
		const char *kind = node_kind(n);

		if (n->state == RMEM_NODE_DISABLED)
			continue;
		add_region(in, sys, n->name, kind, n->base,
			   strcmp(kind, "failed") ? n->size : 0, n->nomap);
		if (!in->regions[in->nr_regions - 1].drift)
			compare_printed(in, sys, &in->regions[in->nr_regions - 1], true);
	}
	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		struct rmem_cma *c = rmem_cma_area(ctx, i);
		bool from_node = false;

		for (unsigned int k = 0; k < rmem_rmem_node_count(ctx); k++)
			from_node |= !strcmp(rmem_rmem_node_at(ctx, k)->name, rmem_cma_get_name(c));
		if (from_node)
			continue;
		add_region(in, sys, rmem_cma_get_name(c), "cma", rmem_cma_get_base(c),
			   rmem_cma_get_size(c), false);
		if (!in->regions[in->nr_regions - 1].drift)
			compare_printed(in, sys, &in->regions[in->nr_regions - 1], false);
	}
}

static void compare_cma_total(struct rmem_inspect *in, const struct rmem_snapshot *s)
{
	const char *meminfo = rmem_snapshot_file(s, "proc/meminfo", NULL);
	uint64_t page = rmem_profile_page_size(rmem_ctx_profile(in->ctx));

	in->predicted_cma_kib = rmem_cma_total_pages(in->ctx) * page / 1024;
	in->has_meminfo_cma = rmem_inspect_meminfo(meminfo, "CmaTotal", &in->cma_total_kib);
	rmem_inspect_meminfo(meminfo, "CmaFree", &in->cma_free_kib);
	if (in->has_meminfo_cma && in->cma_total_kib != in->predicted_cma_kib)
		drift(in, "CMA: /proc/meminfo's CmaTotal is %" PRIu64 " kB, the plan's areas make %" PRIu64 " kB",
		      in->cma_total_kib, in->predicted_cma_kib);
}

/* Each CMA area the system lists against the plan's area of that name. */
static void compare_live_cma(struct rmem_inspect *in)
{
	const struct rmem_profile *p = rmem_ctx_profile(in->ctx);

	for (size_t i = 0; i < in->nr_cma; i++) {
		const struct rmem_inspect_cma *c = &in->cma[i];
		struct rmem_cma *area = rmem_cma_find(in->ctx, c->name);
		uint64_t pages = area ? rmem_cma_get_size(area) >> p->page_shift : 0;
		uint64_t have = c->has_pages ? c->total_pages : c->count;

		if (!area)
			drift(in, "CMA: the system has an area %s the plan does not", c->name);
		else if ((c->has_pages || c->has_debugfs) && have != pages)
			drift(in, "CMA: area %s has %" PRIu64 " pages, the plan %" PRIu64, c->name, have,
			      pages);
	}
}

static int read_sys(const struct rmem_snapshot *s, struct inspect_sys *sys, struct rmem_inspect *in)
{
	const char *iomem = rmem_snapshot_file(s, "proc/iomem", NULL);
	const char *reserved = rmem_snapshot_file(s, "sys/kernel/debug/memblock/reserved", NULL);
	const char *log = rmem_snapshot_file(s, "dmesg", NULL);

	sys->fdt = rmem_snapshot_file(s, "sys/firmware/fdt", &sys->fdt_size);
	if (sys->fdt && (sys->fdt_size < sizeof(struct fdt_header) ||
			 fdt_check_full(sys->fdt, sys->fdt_size))) {
		problem(in, "/sys/firmware/fdt: not a whole device tree (%zu bytes): truncated?",
			sys->fdt_size);
		sys->fdt = NULL;
	}
	sys->has_iomem = iomem != NULL;
	sys->nr_iomem = rmem_inspect_parse_ranges(iomem, sys->iomem, MAX_RANGES);
	sys->has_memblock = reserved != NULL;
	sys->nr_reserved = rmem_inspect_parse_ranges(reserved, sys->reserved, MAX_RANGES);
	in->has_log = log != NULL;
	sys->printed = calloc(RMEM_INSPECT_MAX, RMEM_INSPECT_TEXT);
	if (!sys->printed)
		return -ENOMEM;
	sys->nr_printed = rmem_inspect_judged_lines(log, sys->printed, RMEM_INSPECT_MAX, in);
	sys->log_from_boot = log && strstr(log, "Linux version ");
	if (log && !sys->log_from_boot)
		problem(in, "dmesg: the log no longer has the kernel's first lines (its buffer wrapped): early lines may be lost, not missing");
	return 0;
}

/*
 * The plan from the system's own boot inputs, with @cmdline (NULL: the
 * DTB's bootargs): in *@ctx, or NULL with @why saying why none.
 */
static int plan_with(const struct rmem_inspect *in, const struct inspect_sys *sys,
		     const struct rmem_profile *p, const char *cmdline, struct rmem_ctx **ctx,
		     char *why, size_t whylen)
{
	struct rmem_plan_options opt = {
		.cmdline = cmdline, .reserve = in->reserve, .nr_reserve = in->nr_reserve,
		.fdt_addr_set = in->fdt_addr_set, .fdt_addr = in->fdt_addr,
	};
	char err[200] = "";
	int ret;

	*ctx = rmem_ctx_create(p);
	if (!*ctx)
		return -ENOMEM;
	ret = rmem_plan_boot(*ctx, sys->fdt, sys->fdt_size, &opt, err, sizeof(err));
	if (ret == -ENOMEM || !ret)
		return ret;
	snprintf(why, whylen, "no plan: %s%s", strerror(-ret), err);
	rmem_ctx_destroy(*ctx);
	*ctx = NULL;
	return 0;
}

static int make_plan(struct rmem_inspect *in, const struct inspect_sys *sys,
		     const struct rmem_profile *p)
{
	char why[RMEM_INSPECT_TEXT] = "";
	int ret = plan_with(in, sys, p, !strcmp(in->followed, "/proc/cmdline") ? in->cmdline : NULL,
			    &in->ctx, why, sizeof(why));

	if (!ret && !in->ctx)
		problem(in, "%s", why);
	return ret;
}

/*
 * When the command lines differ and the log is not the plan's: whether
 * the other command line's plan prints the log the system has.
 */
static int try_other_cmdline(struct rmem_inspect *in, const struct inspect_sys *sys,
			     const struct rmem_profile *p)
{
	bool proc = !strcmp(in->followed, "/proc/cmdline");
	char why[RMEM_INSPECT_TEXT];
	char (*pred)[RMEM_INSPECT_TEXT];
	struct rmem_ctx *ctx;
	size_t n;
	int ret = plan_with(in, sys, p, proc ? NULL : in->cmdline, &ctx, why, sizeof(why));

	if (ret || !ctx)
		return ret;
	pred = calloc(RMEM_INSPECT_MAX, RMEM_INSPECT_TEXT);
	if (!pred) {
		rmem_ctx_destroy(ctx);
		return -ENOMEM;
	}
	n = predicted_lines(ctx, pred, RMEM_INSPECT_MAX);
	if (n == sys->nr_printed && !memcmp(pred, sys->printed, n * sizeof(pred[0])))
		drift(in, "log: the kernel's lines are those of a plan with %s, not %s: the kernel booted with the other command line (%s is not what it parsed its early parameters from)",
		      proc ? "/chosen/bootargs" : "/proc/cmdline", in->followed, in->followed);
	free(pred);
	rmem_ctx_destroy(ctx);
	return 0;
}

static void explain_lines(struct rmem_inspect *in, const struct inspect_sys *sys, size_t bad)
{
	size_t missing = 0;

	if (!bad)
		return;
	for (size_t i = 0; i < in->nr_lines; i++)
		missing += in->lines[i].state == RMEM_INSPECT_LINE_MISSING;
	if (!in->has_log)
		return;
	if (missing && !sys->log_from_boot)
		drift(in, "log: %zu predicted line(s) not in dmesg; the log wrapped, so they may have been printed and lost",
		      missing);
	else
		drift(in, "log: %zu line(s) differ between the plan and dmesg%s", bad,
		      !in->modelled ? " (no profile models this kernel: the plan may be wrong)" :
		      in->cmdline_drift ? " (see the command line)" : "");
}

static int inspect(const struct rmem_snapshot *s, const struct rmem_inspect_options *opt,
		   struct rmem_inspect *in, struct inspect_sys *sys)
{
	struct rmem_profile p;
	char (*pred)[RMEM_INSPECT_TEXT];
	const char *cmdline = rmem_snapshot_file(s, "proc/cmdline", NULL);
	size_t np;
	int ret;

	for (size_t i = 0; rmem_snapshot_problem(s, i); i++)
		problem(in, "%s", rmem_snapshot_problem(s, i));
	ret = read_sys(s, sys, in);
	if (ret)
		return ret;
	ret = rmem_inspect_choose_profile(s, opt->profile, in, &p);
	if (ret == -EINVAL)
		return ret;
	rmem_inspect_live_cma(s, in);
	if (!in->modelled)
		drift(in, "kernel: %s", in->profile_why);
	if (ret || !sys->fdt) {
		if (!sys->fdt)
			problem(in, "no device tree (/sys/firmware/fdt): nothing to plan from");
		return 0;
	}
	rmem_inspect_bindings(s, sys->fdt, in);
	snprintf(in->cmdline, sizeof(in->cmdline), "%s", cmdline ? cmdline : "");
	trim_newline(in->cmdline);
	chosen_prop(sys->fdt, "bootargs", in->bootargs, sizeof(in->bootargs));
	compare_cmdline(in, opt, &p, cmdline != NULL);
	kernel_reservations(sys, in);
	initrd_reservation(sys, &p, in);
	fdt_reservation(sys, in);
	ret = make_plan(in, sys, &p);
	if (ret || !in->ctx)
		return ret;
	pred = calloc(RMEM_INSPECT_MAX, RMEM_INSPECT_TEXT);
	if (!pred)
		return -ENOMEM;
	np = predicted_lines(in->ctx, pred, RMEM_INSPECT_MAX);
	if (in->has_log) {
		size_t bad = compare_lines(in, pred, np, sys->printed, sys->nr_printed);

		explain_lines(in, sys, bad);
		if (bad && in->cmdline_drift)
			ret = try_other_cmdline(in, sys, &p);
	} else
		problem(in, "no kernel log: its lines are not compared");
	free(pred);
	compare_regions(in, sys);
	compare_cma_total(in, s);
	compare_live_cma(in);
	return ret;
}

int rmem_inspect_run(const struct rmem_snapshot *s, const struct rmem_inspect_options *opt,
		     struct rmem_inspect **out)
{
	static const struct rmem_inspect_options none;
	struct rmem_inspect *in = calloc(1, sizeof(*in));
	struct inspect_sys *sys = calloc(1, sizeof(*sys));
	int ret = -ENOMEM;

	*out = NULL;
	if (in && sys)
		ret = inspect(s, opt ? opt : &none, in, sys);
	if (sys)
		free(sys->printed);
	free(sys);
	if (ret) {
		rmem_inspect_free(in);
		return ret;
	}
	*out = in;
	return 0;
}

void rmem_inspect_free(struct rmem_inspect *in)
{
	if (!in)
		return;
	rmem_ctx_destroy(in->ctx);
	free(in);
}
