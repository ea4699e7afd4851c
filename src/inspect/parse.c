// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the system's files: /proc/iomem and debugfs memblock's ranges,
 * /proc/meminfo, the kernel log's reserved-memory/CMA lines, the CMA
 * areas' sysfs and debugfs directories.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect/inspect_internal.h"
#include "printk/printk.h"

/* "  40210000-4185ffff : Kernel code" */
static bool iomem_line(const char *line, size_t len, struct rmem_inspect_range *r)
{
	size_t indent = strspn(line, " ");
	uint64_t a, b;
	int n = 0;

	if (sscanf(line + indent, "%" SCNx64 "-%" SCNx64 " : %n", &a, &b, &n) != 2 || !n ||
	    indent + (size_t)n > len)
		return false;
	r->start = a;
	r->end = b + 1;
	r->depth = (int)indent / 2;
	snprintf(r->name, sizeof(r->name), "%.*s", (int)(len - indent - (size_t)n),
		 line + indent + n);
	return true;
}

/* "   0: 0x0000000040210000..0x000000004220afff" */
static bool memblock_line(const char *line, struct rmem_inspect_range *r)
{
	uint64_t a, b;

	if (sscanf(line, " %*u: 0x%" SCNx64 "..0x%" SCNx64, &a, &b) != 2)
		return false;
	r->start = a;
	r->end = b + 1;
	r->depth = 0;
	r->name[0] = '\0';
	return true;
}

size_t rmem_inspect_parse_ranges(const char *text, struct rmem_inspect_range *r, size_t max)
{
	size_t n = 0;

	while (text && *text && n < max) {
		size_t len = strcspn(text, "\n");

		if (memblock_line(text, &r[n]) || iomem_line(text, len, &r[n]))
			n++;
		text += len + (text[len] == '\n');
	}
	return n;
}

bool rmem_inspect_meminfo(const char *text, const char *key, uint64_t *kib)
{
	size_t klen = strlen(key);

	while (text && *text) {
		size_t len = strcspn(text, "\n");

		if (!strncmp(text, key, klen) && text[klen] == ':')
			return sscanf(text + klen + 1, "%" SCNu64, kib) == 1;
		text += len + (text[len] == '\n');
	}
	return false;
}

/* "[    0.000000] text": the text; a line without a timestamp as it is. */
static const char *strip_timestamp(const char *line)
{
	size_t digits = line[0] == '<' ? strspn(line + 1, "0123456789") : 0;
	const char *p;

	/* dmesg -r: the record's "<level>" first */
	if (digits && line[1 + digits] == '>')
		line += 2 + digits;
	p = line;

	if (*p != '[')
		return line;
	p = strchr(p, ']');
	if (!p)
		return line;
	p++;
	return *p == ' ' ? p + 1 : p;
}

/* cma_alloc()'s report: "cma: FUNC: AREA: alloc failed, req-size: N pages, ret: E" */
static const char alloc_failed[] = ": alloc failed, req-size: ";

static bool failure_start(const char *text)
{
	return !strncmp(text, "cma: ", 5) && strstr(text, alloc_failed);
}

/*
 * The text of a further line of the report, after "cma: ", or NULL: the
 * free extents, on one line up to 6.x ("number of available pages:
 * 4@0+8@12=> 12 free of 1024 total pages"); from 7.x a line per range
 * ("range 0: 4@0+8@12"), an empty one, and the totals continuing it, which
 * the log keeps as a record of their own without the "cma: " prefix.
 */
static const char *failure_more(const char *text)
{
	static const char avail[] = "number of available pages:";
	const char *p = text + 5;

	if (!strncmp(text, "=> ", 3))
		return text;
	if (strncmp(text, "cma: ", 5))
		return NULL;
	if (!strncmp(p, avail, sizeof(avail) - 1))
		return p + sizeof(avail) - 1;
	if (!strncmp(p, "range ", 6) || !strncmp(p, "=> ", 3))
		return p;
	p += strspn(p, " ");
	return !*p || (strspn(p, "0123456789@+") && strchr(p, '@')) ? p : NULL;
}

static void add_extent(struct rmem_inspect_cma_failure *f, uint64_t pages, uint64_t at,
		       unsigned int range, uint64_t *best)
{
	size_t len = strlen(f->extents);

	snprintf(f->extents + len, sizeof(f->extents) - len, "%s%" PRIu64 "@%" PRIu64,
		 len && f->extents[len - 1] != ' ' ? "+" : "", pages, at);
	if (pages > *best) {
		*best = pages;
		if (range)
			snprintf(f->largest, sizeof(f->largest), "%" PRIu64 "@%" PRIu64 " (range %u)",
				 pages, at, range);
		else
			snprintf(f->largest, sizeof(f->largest), "%" PRIu64 "@%" PRIu64, pages, at);
	}
}

/* The extents and totals of a report line's text (failure_more()'s). */
static void failure_extents(const char *p, struct rmem_inspect_cma_failure *f, unsigned int *range,
			    uint64_t *best)
{
	unsigned long long a, b;
	unsigned int r;
	int used;

	while (*p) {
		used = 0;
		p += strspn(p, " +");
		if (sscanf(p, "range %u: %n", &r, &used) == 1 && used) {
			size_t len = strlen(f->extents);

			*range = r;
			if (r)	/* a further range's extents: "... range 1: 4@0" */
				snprintf(f->extents + len, sizeof(f->extents) - len, " range %u: ", r);
		} else if (sscanf(p, "%llu@%llu%n", &a, &b, &used) == 2 && used) {
			add_extent(f, a, b, *range, best);
		} else if (sscanf(p, "=> %llu free of %llu total pages", &a, &b) == 2) {
			f->has_free = true;
			f->free_pages = a;
			f->total_pages = b;
			return;
		} else {
			return;
		}
		p += used;
	}
}

/* A report's first line into a new entry of @in's failures (NULL: no room). */
static struct rmem_inspect_cma_failure *failure_new(const char *text, struct rmem_inspect *in)
{
	const char *func_end = strstr(text + 5, ": "), *at = strstr(text, alloc_failed);
	struct rmem_inspect_cma_failure *f;
	unsigned long long pages = 0;
	int ret = 0;

	if (!in || in->nr_cma_failures == sizeof(in->cma_failures) / sizeof(in->cma_failures[0]))
		return NULL;
	f = &in->cma_failures[in->nr_cma_failures++];
	memset(f, 0, sizeof(*f));
	if (func_end && func_end < at)
		snprintf(f->area, sizeof(f->area), "%.*s", (int)(at - func_end - 2), func_end + 2);
	sscanf(at + sizeof(alloc_failed) - 1, "%llu pages, ret: %d", &pages, &ret);
	f->req_pages = pages;
	f->ret = ret;
	return f;
}

/* Where a walk through the log is in a failed allocation's report. */
struct failure_walk {
	struct rmem_inspect_cma_failure *f;	/* NULL: outside one, or no room */
	bool inside;
	unsigned int range;
	uint64_t best;
};

/* Whether @text belongs to a report of a failed CMA allocation; read into @in if so. */
static bool failure_line(const char *text, struct failure_walk *w, struct rmem_inspect *in)
{
	const char *more;

	if (failure_start(text)) {
		*w = (struct failure_walk){ .f = failure_new(text, in), .inside = true };
		return true;
	}
	more = w->inside ? failure_more(text) : NULL;
	if (!more) {
		w->inside = false;
		return false;
	}
	if (w->f)
		failure_extents(more, w->f, &w->range, &w->best);
	return true;
}

/*
 * The lines tests/conformance/run.py judges: those the log format keeps,
 * and the second line of the one record the kernel prints in two.  A
 * failed CMA allocation's report (after boot: a driver's request) is the
 * area's state then, not its layout: into @in's cma_failures instead.
 */
size_t rmem_inspect_judged_lines(const char *log, char lines[][RMEM_INSPECT_TEXT], size_t max,
				 struct rmem_inspect *in)
{
	static const char continued[] = "OF: reserved mem: OVERLAP DETECTED!";
	struct failure_walk walk = { 0 };
	bool cont = false;
	size_t n = 0;

	while (log && *log && n < max) {
		size_t len = strcspn(log, "\n");
		char line[1024];
		const char *text;

		snprintf(line, sizeof(line), "%.*s", (int)len, log);
		line[strcspn(line, "\r")] = '\0';
		text = strip_timestamp(line);
		if (!failure_line(text, &walk, in) && (cont || rmem_log_is_reserved_mem_text(text))) {
			/* no reserved-memory line comes near the bound: a cut one still differs */
			size_t tlen = strnlen(text, RMEM_INSPECT_TEXT - 1);

			memcpy(lines[n], text, tlen);
			lines[n++][tlen] = '\0';
			cont = !cont && !strncmp(text, continued, sizeof(continued) - 1);
		}
		log += len + (log[len] == '\n');
	}
	return n;
}

/* A number file of the snapshot: false when absent or not a number. */
static bool number_file(const struct rmem_snapshot *s, const char *dir, const char *name,
			uint64_t *v)
{
	char path[256];
	const char *text;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return false;	/* no such file in a snapshot: its paths are short */
	text = rmem_snapshot_file(s, path, NULL);
	return text && sscanf(text, "%" SCNu64, v) == 1;
}

static struct rmem_inspect_cma *live_area(struct rmem_inspect *in, const char *name, size_t len)
{
	for (size_t i = 0; i < in->nr_cma; i++)
		if (strlen(in->cma[i].name) == len && !strncmp(in->cma[i].name, name, len))
			return &in->cma[i];
	if (in->nr_cma == sizeof(in->cma) / sizeof(in->cma[0]))
		return NULL;
	snprintf(in->cma[in->nr_cma].name, sizeof(in->cma[0].name), "%.*s", (int)len, name);
	return &in->cma[in->nr_cma++];
}

/*
 * debugfs bitmap: the area's bitmap as u32 words, one bit per
 * 2^order_per_bit pages; the longest run of clear bits, in pages.
 */
static void largest_free(const char *text, struct rmem_inspect_cma *c)
{
	uint64_t run = 0, best = 0, best_at = 0, bit = 0, nbits = c->count >> c->order_per_bit;
	char *end;

	while (text && *text && bit < nbits) {
		unsigned long w = strtoul(text, &end, 0);

		if (end == text)
			break;
		for (int i = 0; i < 32 && bit < nbits; i++, bit++) {
			run = (w >> i) & 1 ? 0 : run + 1;
			if (run > best) {
				best = run;
				best_at = bit + 1 - run;
			}
		}
		text = end;
	}
	c->has_bitmap = true;
	/* the kernel's extent form (cma_debug_show_areas()): PAGES@BIT */
	snprintf(c->largest_free, sizeof(c->largest_free), "%" PRIu64 "@%" PRIu64 " (pfn %#" PRIx64 ")",
		 best << c->order_per_bit, best_at, c->base_pfn + (best_at << c->order_per_bit));
}

static void read_debugfs_area(const struct rmem_snapshot *s, const char *dir,
			      struct rmem_inspect_cma *c)
{
	char path[256];
	uint64_t v;
	const char *bitmap;

	c->has_debugfs = number_file(s, dir, "count", &c->count);
	number_file(s, dir, "base_pfn", &c->base_pfn);
	number_file(s, dir, "used", &c->used);
	number_file(s, dir, "maxchunk", &c->maxchunk);
	if (number_file(s, dir, "order_per_bit", &v))
		c->order_per_bit = (unsigned int)v;
	bitmap = (size_t)snprintf(path, sizeof(path), "%s/bitmap", dir) < sizeof(path) ?
		 rmem_snapshot_file(s, path, NULL) : NULL;
	if (bitmap && c->order_per_bit < 32)
		largest_free(bitmap, c);
}

static void read_sysfs_area(const struct rmem_snapshot *s, const char *dir,
			    struct rmem_inspect_cma *c)
{
	c->has_sysfs = number_file(s, dir, "alloc_pages_success", &c->alloc_pages_success);
	number_file(s, dir, "alloc_pages_fail", &c->alloc_pages_fail);
	c->has_release = number_file(s, dir, "release_pages_success", &c->release_pages_success);
	c->has_pages = number_file(s, dir, "total_pages", &c->total_pages) &&
		       number_file(s, dir, "available_pages", &c->available_pages);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct rmem_inspect_cma *)a)->name,
		      ((const struct rmem_inspect_cma *)b)->name);
}

void rmem_inspect_live_cma(const struct rmem_snapshot *s, struct rmem_inspect *in)
{
	static const char *const roots[] = { "sys/kernel/debug/cma/", "sys/kernel/mm/cma/" };

	for (size_t i = 0; rmem_snapshot_path_at(s, i); i++) {
		const char *path = rmem_snapshot_path_at(s, i);

		for (size_t r = 0; r < 2; r++) {
			size_t rl = strlen(roots[r]), nl;
			struct rmem_inspect_cma *c;
			char dir[256];

			if (strncmp(path, roots[r], rl) || !strchr(path + rl, '/'))
				continue;
			nl = strcspn(path + rl, "/");
			c = live_area(in, path + rl, nl);
			if (!c)
				continue;
			snprintf(dir, sizeof(dir), "%.*s", (int)(rl + nl), path);
			if (r == 0 && !c->has_debugfs)
				read_debugfs_area(s, dir, c);
			else if (r == 1 && !c->has_sysfs)
				read_sysfs_area(s, dir, c);
		}
	}
	/* by name: sysfs's directory order and a tar's member order differ */
	qsort(in->cma, in->nr_cma, sizeof(in->cma[0]), by_name);
}
