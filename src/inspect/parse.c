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

/*
 * The lines tests/conformance/run.py judges: those the log format keeps,
 * and the second line of the one record the kernel prints in two.
 */
size_t rmem_inspect_judged_lines(const char *log, char lines[][RMEM_INSPECT_TEXT], size_t max)
{
	static const char continued[] = "OF: reserved mem: OVERLAP DETECTED!";
	bool cont = false;
	size_t n = 0;

	while (log && *log && n < max) {
		size_t len = strcspn(log, "\n");
		char line[1024];
		const char *text;

		snprintf(line, sizeof(line), "%.*s", (int)len, log);
		line[strcspn(line, "\r")] = '\0';
		text = strip_timestamp(line);
		if (cont || rmem_log_is_reserved_mem_text(text)) {
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
	snprintf(c->largest_free, sizeof(c->largest_free), "%" PRIu64 " pages at pfn %#" PRIx64,
		 best << c->order_per_bit, c->base_pfn + (best_at << c->order_per_bit));
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
