// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check: the rules' table, their selection (-W), the findings and the
 * run.  The rules themselves are in the check_*.c files, one per group.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/check_internal.h"

#define E RMEM_SEVERITY_ERROR
#define W RMEM_SEVERITY_WARNING
#define I RMEM_SEVERITY_INFO

static const struct rmem_check_rule rules[NR_CHECKS] = {
	[CHECK_MEMORY_PLACEHOLDER] = { "memory-placeholder", I,
		"a memory node whose reg gives no RAM: the bootloader fills it in" },
	[CHECK_MEMORY_MISSING] = { "memory-missing", I,
		"no memory node: the bootloader adds one" },
	[CHECK_REGION_OUTSIDE_RAM] = { "region-outside-ram", W,
		"a /reserved-memory region not (wholly) in RAM" },
	[CHECK_RESERVE_OUTSIDE_RAM] = { "reserve-outside-ram", W,
		"an early reservation (--reserve, /memreserve/) not (wholly) in RAM" },
	[CHECK_OVERLAP_UNREPORTED] = { "overlap-unreported", E,
		"regions or reservations that overlap where the kernel's check does not say so" },
	[CHECK_CMA_OVER_NOMAP] = { "cma-over-nomap", E,
		"a CMA area over no-map memory" },
	[CHECK_RESERVED_MEMORY_FORMAT] = { "reserved-memory-format", E,
		"/reserved-memory without the root's #address-cells and #size-cells, or without ranges" },
	[CHECK_RESERVED_MEMORY_RANGES] = { "reserved-memory-ranges", W,
		"/reserved-memory whose ranges is not empty" },
	[CHECK_REG_OR_SIZE_MISSING] = { "reg-or-size-missing", W,
		"a region with neither reg nor size" },
	[CHECK_REG_AND_SIZE] = { "reg-and-size", W,
		"a region with both reg and size" },
	[CHECK_ALLOC_RANGES_WITHOUT_SIZE] = { "alloc-ranges-without-size", W,
		"alloc-ranges or alignment on a region without size" },
	[CHECK_REG_MULTIPLE_ENTRIES] = { "reg-multiple-entries", W,
		"a region whose reg has more than one entry" },
	[CHECK_REUSABLE_NOMAP] = { "reusable-nomap", E,
		"a region with both reusable and no-map" },
	[CHECK_RESTRICTED_POOL_FLAGS] = { "restricted-pool-flags", E,
		"a restricted-dma-pool with no-map, reusable or a linux,*-default" },
	[CHECK_CMA_DEFAULT_UNUSABLE] = { "cma-default-unusable", W,
		"linux,cma-default on a region that does not become a CMA area" },
	[CHECK_CMA_DEFAULT_TWICE] = { "cma-default-twice", W,
		"more than one region the kernel makes the default CMA area" },
	[CHECK_CMA_MISALIGNED] = { "cma-misaligned", E,
		"a CMA region not aligned as this kernel's CMA needs" },
	[CHECK_TOO_MANY_REGIONS] = { "too-many-regions", E,
		"more regions than this kernel's reserved_mem array holds" },
	[CHECK_TOO_MANY_CMA_AREAS] = { "too-many-cma-areas", E,
		"more CMA areas than this kernel's MAX_CMA_AREAS" },
	[CHECK_NO_HANDLER] = { "no-handler", I,
		"regions no in-kernel handler claims: reserved only, for drivers to use" },
	[CHECK_MEMORY_REGION_MISSING] = { "memory-region-missing", E,
		"a device's memory-region names a phandle no node has" },
	[CHECK_MEMORY_REGION_NOT_RESERVED] = { "memory-region-not-reserved", E,
		"a device's memory-region names a node outside /reserved-memory" },
	[CHECK_MEMORY_REGION_DISABLED] = { "memory-region-disabled", W,
		"a device's memory-region names a disabled region" },
	[CHECK_MEMORY_REGION_DROPPED] = { "memory-region-dropped", E,
		"a device's memory-region names a region the kernel did not keep" },
	[CHECK_DEVICE_TOO_DEEP] = { "device-too-deep", E,
		"a device with memory-region nested too deep for the kernel to create it" },
	[CHECK_POOL_BEYOND_COHERENT_MASK] = { "pool-beyond-coherent-mask", W,
		"a device's CMA area or DMA pool above its default 32-bit coherent mask" },
	[CHECK_POOL_BEYOND_DMA_RANGES] = { "pool-beyond-dma-ranges", W,
		"a device's CMA area or DMA pool outside what its bus's dma-ranges reach" },
	[CHECK_IMAGE_OVER_RESERVED] = { "image-over-reserved", E,
		"a loaded image (kernel, DTB, initrd, --reserve) over a reserved region or /memreserve/" },
	[CHECK_IMAGE_OVER_NOMAP] = { "image-over-nomap", E,
		"a loaded image (kernel, DTB, initrd, --reserve) over a no-map region" },
	[CHECK_IMAGE_OVER_CMA] = { "image-over-cma", E,
		"a loaded image (kernel, DTB, initrd, --reserve) over a CMA area" },
	[CHECK_IMAGE_OUTSIDE_RAM] = { "image-outside-ram", E,
		"the DTB, the initrd or a kernel file as the bootloader loads it, not (wholly) in RAM" },
	[CHECK_IMAGE_OVER_IMAGE] = { "image-over-image", E,
		"two loaded images (kernel, DTB, initrd, --reserve) over each other" },
};

_Static_assert(NR_CHECKS <= RMEM_CHECK_MAX_RULES, "RMEM_CHECK_MAX_RULES is too small");

const struct rmem_check_rule *rmem_check_rule_at(size_t i)
{
	return i < NR_CHECKS ? &rules[i] : NULL;
}

const struct rmem_check_rule *rmem_check_rule_find(const char *id)
{
	for (size_t i = 0; i < NR_CHECKS; i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

const char *rmem_severity_name(enum rmem_severity severity)
{
	switch (severity) {
	case RMEM_SEVERITY_ERROR:
		return "error";
	case RMEM_SEVERITY_WARNING:
		return "warning";
	default:
		return "info";
	}
}

int rmem_check_select(struct rmem_check_options *opt, const char *arg)
{
	/* "no-handler" is an id itself: a whole id first, then "no-" */
	const struct rmem_check_rule *r = rmem_check_rule_find(arg);
	bool off = !r && !strncmp(arg, "no-", 3);
	const char *id = off ? arg + 3 : arg;

	if (!strcmp(id, "all")) {
		for (size_t i = 0; i < NR_CHECKS; i++)
			opt->disabled[i] = off;
		return 0;
	}
	if (!r)
		r = rmem_check_rule_find(id);
	if (!r)
		return -ENOENT;
	opt->disabled[r - rules] = off;
	return 0;
}

bool check_wanted(const struct check_run *run, enum rmem_check_id id)
{
	return (!run->opt || !run->opt->disabled[id]) && !run->err;
}

bool check_full(struct check_run *run, enum rmem_check_id id)
{
	if (run->count[id] < CHECK_MAX_PER_RULE)
		return false;
	run->more[id] += !run->stopped[id];
	run->stopped[id] = true;
	return true;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

struct rmem_finding *check_vadd(struct check_run *run, enum rmem_check_id id, const char *fix,
				const char *fmt, va_list ap)
{
	struct rmem_check *c = run->out;
	struct rmem_finding *f;

	if (!check_wanted(run, id))
		return NULL;
	if (run->count[id] == CHECK_MAX_PER_RULE) {
		run->more[id]++;
		return NULL;
	}
	run->count[id]++;
	if (c->nr == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct rmem_finding *n = realloc(c->items, cap * sizeof(*n));

		if (!n)
			goto oom;
		c->items = n;
		c->cap = cap;
	}
	f = &c->items[c->nr];
	memset(f, 0, sizeof(*f));
	f->rule = &rules[id];
	f->message = vformat(fmt, ap);
	f->fix = strdup(fix);
	c->nr++;
	if (f->message && f->fix)
		return f;
oom:
	run->err = -ENOMEM;
	return NULL;
}

struct rmem_finding *check_add(struct check_run *run, enum rmem_check_id id, const char *fix,
			       const char *fmt, ...)
{
	struct rmem_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = check_vadd(run, id, fix, fmt, ap);
	va_end(ap);
	return f;
}

/* A new subject of @f, room made as the count doubles; NULL when memory ran out. */
static struct rmem_finding_subject *new_subject(struct check_run *run, struct rmem_finding *f)
{
	size_t nr = f->nr_subjects;

	if (!(nr & (nr - 1))) {
		struct rmem_finding_subject *n = realloc(f->subjects, (nr ? 2 * nr : 1) * sizeof(*n));

		if (!n) {
			run->err = -ENOMEM;
			return NULL;
		}
		f->subjects = n;
	}
	return &f->subjects[f->nr_subjects];
}

void check_subject(struct check_run *run, struct rmem_finding *f, const char *what,
		   rmem_phys_t base, rmem_phys_t size)
{
	struct rmem_finding_subject *n;

	if (!f || run->err || !(n = new_subject(run, f)))
		return;
	*n = (struct rmem_finding_subject){
		.what = strdup(what), .node = -1, .has_range = size != 0, .base = base,
		.size = size,
	};
	if (!n->what)
		run->err = -ENOMEM;
	else
		f->nr_subjects++;
}

/* The path comes at the end of the run: one walk of the tree names every node (paths.c). */
void check_node(struct check_run *run, struct rmem_finding *f, int fdt_node, rmem_phys_t base,
		rmem_phys_t size)
{
	struct rmem_finding_subject *n;

	if (!f || run->err || !(n = new_subject(run, f)))
		return;
	*n = (struct rmem_finding_subject){
		.node = fdt_node, .has_range = size != 0, .base = base, .size = size,
	};
	f->nr_subjects++;
}

/* The records are in ascending offsets (src/reserved_mem/nodes.c): bisection finds one. */
const struct rmem_rmem_node *check_record(const struct rmem_ctx *ctx, int fdt_node)
{
	unsigned int lo = 0, hi = ctx->rm.node_count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ctx->rm.nodes[mid].fdt_node < fdt_node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ctx->rm.node_count && ctx->rm.nodes[lo].fdt_node == fdt_node ?
	       &ctx->rm.nodes[lo] : NULL;
}

bool check_took_cma(const struct rmem_rmem_node *n)
{
	return n && n->state == RMEM_NODE_INITIALIZED && n->handler &&
	       !strcmp(n->handler->name, "cma");
}

const char *check_range_str(char *buf, size_t len, rmem_phys_t base, rmem_phys_t size)
{
	snprintf(buf, len, "%#llx-%#llx", (unsigned long long)base,
		 (unsigned long long)(base + size));
	return buf;
}

size_t rmem_check_count(const struct rmem_check *check)
{
	return check ? check->nr : 0;
}

const struct rmem_finding *rmem_check_finding(const struct rmem_check *check, size_t i)
{
	return check && i < check->nr ? &check->items[i] : NULL;
}

size_t rmem_check_count_severity(const struct rmem_check *check, enum rmem_severity severity)
{
	size_t n = 0;

	for (size_t i = 0; i < rmem_check_count(check); i++)
		n += check->items[i].rule->severity == severity;
	return n;
}

void rmem_check_free(struct rmem_check *check)
{
	if (!check)
		return;
	for (size_t i = 0; i < check->nr; i++) {
		struct rmem_finding *f = &check->items[i];

		for (size_t j = 0; j < f->nr_subjects; j++)
			free(f->subjects[j].what);
		free(f->subjects);
		free(f->message);
		free(f->fix);
	}
	free(check->items);
	free(check);
}

/*
 * A boot that ends in a crash never reached the steps the other groups
 * judge: then only what the tree says alone is checked.
 */
static void run_groups(struct check_run *run)
{
	static void (*const groups[])(struct check_run *run) = {
		check_memory, check_overlaps, check_schema, check_kernel_limits, check_devices,
		check_loads,
	};
	static void (*const tree_only[])(struct check_run *run) = {
		check_memory_nodes, check_schema,
	};
	bool crashed = rmem_crashed(run->ctx) != NULL;
	size_t n = crashed ? sizeof(tree_only) / sizeof(tree_only[0]) :
			     sizeof(groups) / sizeof(groups[0]);

	for (size_t i = 0; i < n && !run->err; i++)
		(crashed ? tree_only : groups)[i](run);
}

/* Rule order, each rule's findings in the order their group made them. */
static int sort_findings(struct rmem_check *c)
{
	struct rmem_finding *sorted;
	size_t n = 0;

	if (!c->nr)
		return 0;
	sorted = malloc(c->nr * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for (size_t id = 0; id < NR_CHECKS; id++)
		for (size_t i = 0; i < c->nr; i++)
			if (c->items[i].rule == &rules[id])
				sorted[n++] = c->items[i];
	free(c->items);
	c->items = sorted;
	c->cap = c->nr;
	return 0;
}

/* What the cap of check_add() left out: one more finding per rule. */
static void add_left_out(struct check_run *run)
{
	for (size_t id = 0; id < NR_CHECKS; id++) {
		size_t more = run->more[id];

		if (!more)
			continue;
		run->count[id] = 0;
		if (run->stopped[id])
			check_add(run, (enum rmem_check_id)id, "fix the findings above, then check again",
				  "further findings of this rule were left out: the search stopped after %d",
				  CHECK_MAX_PER_RULE);
		else
			check_add(run, (enum rmem_check_id)id, "fix the findings above, then check again",
				  "%zu more findings of this rule were left out", more);
	}
}

int rmem_check_run(struct rmem_ctx *ctx, const struct rmem_check_options *opt,
		   struct rmem_check **out)
{
	struct check_run run = { .ctx = ctx, .opt = opt };
	struct rmem_fdt board = { 0 };
	char err[128];

	*out = NULL;
	if (!ctx->fdt)
		return -EINVAL;
	run.board = ctx->fdt;
	if (opt && opt->board) {
		run.err = rmem_fdt_load_blob(&board, opt->board, opt->board_size, err, sizeof(err));
		if (run.err)
			return run.err == -ENOMEM ? -ENOMEM : -EINVAL;
		run.board = &board;
	}
	run.out = calloc(1, sizeof(*run.out));
	if (!run.out)
		run.err = -ENOMEM;
	else
		run_groups(&run);
	add_left_out(&run);
	if (!run.err)
		run.err = check_name_nodes(run.ctx->fdt, run.out);
	if (!run.err)
		run.err = sort_findings(run.out);
	rmem_fdt_release(&board);
	if (run.err) {
		rmem_check_free(run.out);
		return run.err;
	}
	*out = run.out;
	return 0;
}
