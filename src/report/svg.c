// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `svg` format: the memory map of the booted context, for a person.
 *
 * One column, low addresses at the top as in the `text` table: each RAM
 * bank is a box, and what is in it is drawn to the bank's scale.  Banks of
 * very different sizes (a 1 GiB bank beside a 63 GiB one) would make the
 * small one a sliver on one common scale, so every bank gets a minimum
 * height; a hole between banks is a gap, drawn with a break mark when it is
 * too large to show.  Regions too thin to see keep a minimum height, and
 * every region's label sits in a column on the right, joined to it by a
 * leader line, the labels pushed apart so they never overlap.
 *
 * The picture is plain SVG 1.1: no script, no CSS, presentation attributes
 * only, every text from the device tree XML-escaped.  Everything is laid
 * out first (the height must be known for the <svg> element), then written.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/report.h>
#include <rmem/rmem.h>

#include "internal.h"
#include "report/report_internal.h"

#define SVG_WIDTH	1000
#define SVG_FONT	"DejaVu Sans, Verdana, sans-serif"
#define MAP_TOP		108.0	/* below the title and the two rows of the legend */
#define MAP_HEIGHT	640.0	/* for the banks, before minimum heights */
#define BAR_X		190.0
#define BAR_W		110.0
#define LABEL_X		370.0
#define LABEL_H		30.0	/* two lines */
#define REGION_MIN_H	3.0
#define OTHER_MIN_H	1.5
#define HOLE_H		40.0	/* a compressed hole */
#define HOLE_MIN_H	12.0
#define NOTE_LINE_H	16.0
#define NOTE_WRAP	130	/* characters per line of the notes */

enum svg_kind {
	K_CMA,
	K_CMA_DEFAULT,
	K_DMA,
	K_NOMAP,
	K_RESERVED,
	K_FAILED,
	K_OTHER,	/* memblock reservations no region explains: kernel, initrd, ... */
	K_NR
};

static const struct svg_style {
	const char *cls;
	const char *fill;
	const char *stroke;
	const char *legend;
} styles[K_NR] = {
	[K_CMA] = { "cma", "#9ecae1", "#2171b5", "CMA area" },
	[K_CMA_DEFAULT] = { "cma-default", "#2171b5", "#08306b", "default CMA area" },
	[K_DMA] = { "dma", "#fdae6b", "#d94801", "DMA coherent pool" },
	[K_NOMAP] = { "nomap", "#737373", "#252525", "no-map, no handler" },
	[K_RESERVED] = { "reserved", "#fee391", "#b08000", "reserved, no handler" },
	[K_FAILED] = { "failed", "url(#hatch)", "#d62728", "failed" },
	[K_OTHER] = { "other", "#d9d9d9", "#969696", "other memblock reservation" },
};

struct svg_region {
	const char *name;
	rmem_phys_t base;
	rmem_phys_t end;	/* exclusive, saturated at the top of the address space */
	enum svg_kind kind;
	char what[96];		/* the label's second line, after the range */
	int note;		/* [n] of the notes, 0 for none */
	size_t index;		/* collection order: ties in sorts */
	const struct svg_bank *bank;
	bool inflated;		/* drawn taller than to scale */
	double y0, y1;		/* as drawn */
	double label_y;
};

struct svg_bank {
	rmem_phys_t base;
	rmem_phys_t end;
	bool ram;		/* holds memblock memory, not only reservations */
	double y, h;
	double gap;		/* height of the hole above it */
	bool broken;		/* that hole is compressed */
	size_t nr_regions;	/* labelled regions in it */
};

struct svg_map {
	struct rmem_ctx *ctx;
	struct svg_region *regions;	/* labelled */
	size_t nr_regions;
	struct svg_region *others;	/* K_OTHER pieces, unlabelled */
	size_t nr_others, cap_others;
	struct svg_bank *banks;
	size_t nr_banks;
	double map_bottom;
	double labels_bottom;
	double height;
};

static rmem_phys_t range_end(rmem_phys_t base, rmem_phys_t size)
{
	return size > RMEM_PHYS_MAX - base ? RMEM_PHYS_MAX : base + size;
}

#define SVG_NUM_LEN 320	/* DBL_MAX: 309 digits, the sign, the point, 2 decimals */

/* "%.<prec>f" of @v into @buf (SVG_NUM_LEN bytes), for use as an argument. */
static const char *svg_num(char *buf, double v, unsigned int prec)
{
	snprintf(buf, SVG_NUM_LEN, "%.*f", (int)prec, v);
	return buf;
}

void rmem_report_fmt_size(char *buf, size_t len, uint64_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	int n;

	while (u < 4 && size >= (1ULL << (10 * (u + 1))))
		u++;
	if (!(size & ((1ULL << (10 * u)) - 1))) {
		snprintf(buf, len, "%" PRIu64 " %s", size >> (10 * u), units[u]);
		return;
	}
	n = snprintf(buf, len, "%.2f", (double)size / (double)(1ULL << (10 * u)));
	while (n > 0 && (size_t)n < len && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && (size_t)n < len && buf[n - 1] == '.')
		buf[--n] = '\0';
	snprintf(buf + n, len - (size_t)n, " %s", units[u]);
}

/* Length of the valid UTF-8 sequence at @s that XML 1.0 allows, 0 if none. */
static size_t xml_char_len(const unsigned char *s)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n;
	uint32_t cp;

	if (s[0] < 0x80)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r';
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

static const char *xml_escape(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	default: return NULL;
	}
}

/*
 * Node names and reasons are device-tree bytes: markup characters are
 * escaped, and bytes XML cannot carry (controls, invalid UTF-8) become '?',
 * so that the file always parses.  The characters that need nothing done
 * go out in runs, one write each.
 */
static void xml_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	while (*p) {
		size_t n = xml_char_len(p);
		const char *esc = xml_escape(*p);

		if (n && !esc) {
			p += n;
			continue;
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), out);
		fputs(esc ? esc : "?", out);
		p += n ? n : 1;
		run = p;
	}
	if (p > run)
		fwrite(run, 1, (size_t)(p - run), out);
}

/* ---- what to draw ---- */

static bool node_placed(const struct rmem_rmem_node *n)
{
	return n->size && (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED ||
			   n->state == RMEM_NODE_HANDLER_FAILED);
}

static const struct rmem_reserved_mem *node_rmem(const struct rmem_ctx *ctx, unsigned int i)
{
	int idx = ctx->rm.nodes[i].rmem_index;

	if (idx < 0 || (unsigned int)idx >= ctx->rm.reserved_mem_count)
		return NULL;
	return &ctx->rm.reserved_mem[idx];
}

static bool cma_from_node(const struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == cma)
			return true;
	return false;
}

/*
 * cma_activate_area() failed (the area spans two zones): the kernel
 * empties the area (count 0), so its size is gone with it.
 */
static bool cma_failed(const struct rmem_cma *cma)
{
	return cma && cma->activated && !cma->count;
}

static bool handler_is(const struct rmem_rmem_node *n, const char *name)
{
	return n->handler && !strcmp(n->handler->name, name);
}

/* The CMA area a node's handler made, or NULL. */
static const struct rmem_cma *node_cma(const struct rmem_ctx *ctx, unsigned int i)
{
	const struct rmem_reserved_mem *r = node_rmem(ctx, i);

	return handler_is(&ctx->rm.nodes[i], "cma") && r ? r->priv : NULL;
}

static enum svg_kind node_kind(const struct rmem_ctx *ctx, unsigned int i)
{
	const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
	const struct rmem_cma *cma = node_cma(ctx, i);

	if (n->state == RMEM_NODE_HANDLER_FAILED || n->reserve_failed || cma_failed(cma))
		return K_FAILED;
	if (n->state == RMEM_NODE_RESERVED)
		return n->nomap ? K_NOMAP : K_RESERVED;
	if (handler_is(n, "cma"))
		return cma && cma == ctx->dma.contiguous_default_area ? K_CMA_DEFAULT : K_CMA;
	return K_DMA;
}

static const char *node_failure(const struct rmem_rmem_node *n)
{
	if (n->reserve_failed)
		return "memblock refused to reserve it";
	if (n->state == RMEM_NODE_HANDLER_FAILED)
		return "every handler refused it, memory given back";
	return "the CMA area could not be activated";
}

static void node_what(struct svg_region *r, const struct rmem_rmem_node *n)
{
	const char *nomap = n->nomap ? ", no-map" : "";

	switch (r->kind) {
	case K_CMA:
		snprintf(r->what, sizeof(r->what), "CMA area%s", nomap);
		break;
	case K_CMA_DEFAULT:
		snprintf(r->what, sizeof(r->what), "default CMA area (linux,cma-default)%s", nomap);
		break;
	case K_DMA:
		snprintf(r->what, sizeof(r->what), "DMA coherent pool%s", nomap);
		break;
	case K_NOMAP:
	case K_RESERVED:
		snprintf(r->what, sizeof(r->what), "reserved%s, no handler", nomap);
		break;
	default:
		snprintf(r->what, sizeof(r->what), "FAILED: %s", node_failure(n));
		break;
	}
}

static void collect_nodes(struct svg_map *m)
{
	struct rmem_ctx *ctx = m->ctx;
	int notes = 0;

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		struct svg_region *r;
		int note = n->reason[0] ? ++notes : 0;

		if (!node_placed(n))
			continue;
		r = &m->regions[m->nr_regions];
		r->name = n->name;
		r->base = n->base;
		r->end = range_end(n->base, n->size);
		r->kind = node_kind(ctx, i);
		r->note = note;
		r->index = m->nr_regions++;
		node_what(r, n);
	}
}

/*
 * The default area of cma= or CONFIG_CMA_SIZE_*, and any area no node
 * made; one that failed to activate has no size left to draw.
 */
static void collect_cma(struct svg_map *m)
{
	struct rmem_ctx *ctx = m->ctx;

	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		struct rmem_cma *cma = rmem_cma_area(ctx, i);
		struct svg_region *r;
		bool dflt = cma == ctx->dma.contiguous_default_area;

		if (cma_from_node(ctx, cma) || !rmem_cma_get_size(cma))
			continue;
		r = &m->regions[m->nr_regions];
		r->name = rmem_cma_get_name(cma);
		r->base = rmem_cma_get_base(cma);
		r->end = range_end(r->base, rmem_cma_get_size(cma));
		r->kind = dflt ? K_CMA_DEFAULT : K_CMA;
		r->index = m->nr_regions++;
		if (!dflt)
			snprintf(r->what, sizeof(r->what), "CMA area");
		else if (ctx->cmdline.cma_seen)
			snprintf(r->what, sizeof(r->what), "default CMA area (cma= on the command line)");
		else
			snprintf(r->what, sizeof(r->what), "default CMA area (kernel config)");
	}
}

static int add_other(struct svg_map *m, rmem_phys_t base, rmem_phys_t end)
{
	struct svg_region *r;

	if (m->nr_others == m->cap_others) {
		size_t cap = m->cap_others ? 2 * m->cap_others : 16;

		r = realloc(m->others, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		m->others = r;
		m->cap_others = cap;
	}
	r = &m->others[m->nr_others];
	memset(r, 0, sizeof(*r));
	r->base = base;
	r->end = end;
	r->kind = K_OTHER;
	r->index = m->nr_others++;
	return 0;
}

/*
 * The labelled regions by base (then collection order), and the largest end
 * among each one and those before it: the first region ending past a point
 * is found by bisection, where trying every region for every reservation
 * was O(n^2) on a tree of 20,000 regions.
 */
struct svg_by_base {
	const struct svg_region **r;
	rmem_phys_t *max_end;
	size_t n;
};

static int region_cmp_base(const void *a, const void *b)
{
	const struct svg_region *x = *(const struct svg_region *const *)a;
	const struct svg_region *y = *(const struct svg_region *const *)b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static int by_base_init(struct svg_by_base *b, const struct svg_map *m)
{
	b->n = m->nr_regions;
	b->r = calloc(b->n + 1, sizeof(*b->r));
	b->max_end = calloc(b->n + 1, sizeof(*b->max_end));
	if (!b->r || !b->max_end)
		return -ENOMEM;
	for (size_t i = 0; i < b->n; i++)
		b->r[i] = &m->regions[i];
	qsort(b->r, b->n, sizeof(*b->r), region_cmp_base);
	for (size_t i = 0; i < b->n; i++)
		b->max_end[i] = i && b->max_end[i - 1] > b->r[i]->end ? b->max_end[i - 1] :
			b->r[i]->end;
	return 0;
}

/*
 * The first labelled region overlapping [@from, @end), lowest base first
 * (the earliest collected among equal bases): the first by base that ends
 * past @from, if it starts before @end.
 */
static const struct svg_region *first_overlap(const struct svg_by_base *b, rmem_phys_t from,
					      rmem_phys_t end)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->max_end[mid] > from)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < b->n && b->r[lo]->base < end ? b->r[lo] : NULL;
}

/* The parts of the memblock reservations that no region above accounts for. */
static int collect_others(struct svg_map *m)
{
	const struct rmem_memblock_type *res = &m->ctx->memblock.reserved;
	struct svg_by_base b;
	int ret = by_base_init(&b, m);

	for (size_t i = 0; !ret && i < res->cnt; i++) {
		rmem_phys_t cur = res->regions[i].base;
		rmem_phys_t end = range_end(cur, res->regions[i].size);

		while (!ret && cur < end) {
			const struct svg_region *r = first_overlap(&b, cur, end);
			rmem_phys_t stop = r && r->base > cur ? r->base : end;

			if (r && r->base <= cur) {
				cur = r->end;
				continue;
			}
			ret = add_other(m, cur, stop);
			cur = stop;
		}
	}
	free(b.r);
	free(b.max_end);
	return ret;
}

/* ---- banks ---- */

struct svg_span {
	rmem_phys_t base, end;
	bool ram;
};

static int span_cmp(const void *a, const void *b)
{
	const struct svg_span *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/*
 * The banks are memblock's memory merged where regions touch (flags split
 * them; 5.10 even removes no-map regions from memory), widened by whatever
 * is drawn: a region outside memory gets a box of its own, marked not RAM.
 */
static int build_banks(struct svg_map *m)
{
	const struct rmem_memblock_type *mem = &m->ctx->memblock.memory;
	size_t n = 0, cap = mem->cnt + m->nr_regions + m->nr_others;
	struct svg_span *s = calloc(cap ? cap : 1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < mem->cnt; i++)
		if (mem->regions[i].size)
			s[n++] = (struct svg_span){ mem->regions[i].base,
				range_end(mem->regions[i].base, mem->regions[i].size), true };
	for (size_t i = 0; i < m->nr_regions; i++)
		s[n++] = (struct svg_span){ m->regions[i].base, m->regions[i].end, false };
	for (size_t i = 0; i < m->nr_others; i++)
		s[n++] = (struct svg_span){ m->others[i].base, m->others[i].end, false };
	qsort(s, n, sizeof(*s), span_cmp);
	m->banks = calloc(n ? n : 1, sizeof(*m->banks));
	if (!m->banks) {
		free(s);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct svg_bank *b = m->nr_banks ? &m->banks[m->nr_banks - 1] : NULL;

		if (b && s[i].base <= b->end) {
			if (s[i].end > b->end)
				b->end = s[i].end;
			b->ram |= s[i].ram;
			continue;
		}
		m->banks[m->nr_banks++] = (struct svg_bank){ .base = s[i].base, .end = s[i].end,
							     .ram = s[i].ram };
	}
	free(s);
	return 0;
}

/*
 * To scale, except that a bank is never shorter than its labels need (so
 * they stay level with their regions) nor than a readable minimum.
 */
static double bank_min_height(const struct svg_map *m, const struct svg_bank *b)
{
	double min_h = m->nr_banks > 4 ? 60.0 : 110.0;
	double labels = (double)b->nr_regions * (LABEL_H + 4);

	return labels > min_h ? labels : min_h;
}

static void layout_banks(struct svg_map *m)
{
	double total = 0, y = MAP_TOP;

	for (size_t i = 0; i < m->nr_banks; i++)
		total += (double)(m->banks[i].end - m->banks[i].base);
	for (size_t i = 0; i < m->nr_banks; i++) {
		struct svg_bank *b = &m->banks[i];
		double h = MAP_HEIGHT * (double)(b->end - b->base) / total;
		double min_h = bank_min_height(m, b);

		if (i) {
			double hole = MAP_HEIGHT * (double)(b->base - m->banks[i - 1].end) / total;

			b->broken = hole > HOLE_H;
			b->gap = b->broken ? HOLE_H : hole < HOLE_MIN_H ? HOLE_MIN_H : hole;
			y += b->gap;
		}
		b->y = y;
		b->h = h < min_h ? min_h : h;
		y += b->h;
	}
	m->map_bottom = y;
}

static struct svg_bank *bank_of(const struct svg_map *m, rmem_phys_t addr)
{
	for (size_t i = 0; i < m->nr_banks; i++)
		if (addr >= m->banks[i].base && addr < m->banks[i].end)
			return &m->banks[i];
	return m->nr_banks ? &m->banks[m->nr_banks - 1] : NULL;
}

static void count_bank_regions(struct svg_map *m)
{
	for (size_t i = 0; i < m->nr_regions; i++)
		bank_of(m, m->regions[i].base)->nr_regions++;
}

static double addr_y(const struct svg_bank *b, rmem_phys_t addr)
{
	if (addr <= b->base)
		return b->y;
	if (addr >= b->end)
		return b->y + b->h;
	return b->y + b->h * ((double)(addr - b->base) / (double)(b->end - b->base));
}

/* To scale, but never thinner than @min_h, and inside its bank. */
static void place_region(const struct svg_map *m, struct svg_region *r, double min_h)
{
	const struct svg_bank *b = bank_of(m, r->base);
	double c;

	r->bank = b;
	r->y0 = addr_y(b, r->base);
	r->y1 = addr_y(b, r->end);
	if (r->y1 - r->y0 >= min_h)
		return;
	r->inflated = true;
	c = (r->y0 + r->y1) / 2;
	r->y0 = c - min_h / 2;
	if (r->y0 < b->y)
		r->y0 = b->y;
	if (r->y0 + min_h > b->y + b->h)
		r->y0 = b->y + b->h - min_h;
	r->y1 = r->y0 + min_h;
}

static void shift(struct svg_region *r, double dy)
{
	r->y0 += dy;
	r->y1 += dy;
}

/* Two regions that do not share a byte must not look as if they did. */
static bool apart(const struct svg_region *a, const struct svg_region *b)
{
	return a->bank == b->bank && (a->end <= b->base || b->end <= a->base);
}

static int region_cmp_y(const void *a, const void *b)
{
	const struct svg_region *x = a, *y = b;
	double cx = x->y0 + x->y1, cy = y->y0 + y->y1;

	if (cx != cy)
		return cx < cy ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * Neighbouring tiny regions (a few 64 KiB firmware carveouts side by
 * side) would all be drawn over each other at their minimum height: they
 * are pushed apart, down then back up inside their bank, keeping order.
 */
static void spread_small(struct svg_map *m)
{
	struct svg_region *prev = NULL, *next = NULL;

	qsort(m->regions, m->nr_regions, sizeof(*m->regions), region_cmp_y);
	for (size_t i = 0; i < m->nr_regions; i++) {
		struct svg_region *r = &m->regions[i];

		if (!r->inflated)
			continue;
		if (prev && apart(prev, r) && r->y0 < prev->y1 + 1)
			shift(r, prev->y1 + 1 - r->y0);
		prev = r;
	}
	for (size_t i = m->nr_regions; i-- > 0;) {
		struct svg_region *r = &m->regions[i];
		double limit = r->bank->y + r->bank->h;

		if (!r->inflated)
			continue;
		if (next && apart(next, r) && next->y0 - 1 < limit)
			limit = next->y0 - 1;
		if (r->y1 > limit)
			shift(r, limit - r->y1);
		next = r;
	}
}

/* ---- labels ---- */

/*
 * Each label wants to sit level with its region; pushed down past the one
 * above it, then up from the bottom when the column overflows, so they
 * keep their order and never overlap.
 */
static void layout_labels(struct svg_map *m)
{
	size_t n = m->nr_regions;
	double top = MAP_TOP + LABEL_H / 2, bottom;

	bottom = m->map_bottom - LABEL_H / 2;
	if (n && bottom < top + (double)(n - 1) * LABEL_H)
		bottom = top + (double)(n - 1) * LABEL_H;
	for (size_t i = 0; i < n; i++) {
		double want = (m->regions[i].y0 + m->regions[i].y1) / 2;
		double min = i ? m->regions[i - 1].label_y + LABEL_H : top;

		m->regions[i].label_y = want < min ? min : want;
	}
	for (size_t i = n; i-- > 0;) {
		double max = i + 1 < n ? m->regions[i + 1].label_y - LABEL_H : bottom;

		if (m->regions[i].label_y > max)
			m->regions[i].label_y = max;
	}
	m->labels_bottom = n ? m->regions[n - 1].label_y + LABEL_H / 2 : MAP_TOP;
}

/* ---- writing ---- */

static const char *kind_fill(enum svg_kind k)
{
	return styles[k].fill;
}

/* The document's start: @width by @height, titled "@what: @name". */
static void write_head(FILE *out, double width, double height, const char *what,
		       const char *name)
{
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"" SVG_FONT "\" "
		"font-size=\"12\">\n", width, height, width, height);
	fprintf(out, "<title>%s: ", what);
	xml_text(out, name);
	fprintf(out, "</title>\n<defs>\n"
		"<pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
		"patternTransform=\"rotate(45)\">\n"
		"<rect class=\"pattern\" width=\"6\" height=\"6\" fill=\"#fde0dd\"/>\n"
		"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d62728\" stroke-width=\"2.5\"/>\n"
		"</pattern>\n</defs>\n");
	fprintf(out, "<rect class=\"background\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
		width, height);
}

static void write_title(struct svg_map *m, FILE *out)
{
	const struct rmem_profile *p = &m->ctx->profile;
	size_t errors = rmem_report_kernel_errors(m->ctx);
	size_t advice = 0;
	char ram[24], page[24], cma[24];

	for (size_t i = 0; i < m->ctx->log.nr; i++)
		advice += m->ctx->log.lines[i].level == RMEM_LOG_ADVICE;
	rmem_report_fmt_size(ram, sizeof(ram), rmem_memblock_phys_mem_size(&m->ctx->memblock));
	rmem_report_fmt_size(page, sizeof(page), rmem_profile_page_size(p));
	rmem_report_fmt_size(cma, sizeof(cma), (uint64_t)rmem_cma_total_pages(m->ctx) << p->page_shift);
	fprintf(out, "<text x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\">");
	xml_text(out, p->name);
	fprintf(out, ": %s of RAM in %zu bank%s</text>\n", ram, m->nr_banks,
		m->nr_banks == 1 ? "" : "s");
	fprintf(out, "<text x=\"20\" y=\"50\" fill=\"#444444\">Linux %u.%u %s, %s pages"
		" \u00b7 CMA total %s \u00b7 %zu kernel error%s \u00b7 %zu warning%s"
		" \u00b7 rmem %s</text>\n",
		RMEM_KERNEL_MAJOR(p->version), RMEM_KERNEL_MINOR(p->version), rmem_profile_arch_name(p),
		page, cma, errors, errors == 1 ? "" : "s", advice, advice == 1 ? "" : "s",
		rmem_version());
}

/* A swatch and its words, in rows across the page. */
static void write_legend(FILE *out)
{
	double x = 20, y = 66;

	for (int k = 0; k <= K_NR; k++) {
		const char *words = k < K_NR ? styles[k].legend : "free RAM";
		double w = 22 + 6.6 * (double)strlen(words) + 18;

		if (x + w > SVG_WIDTH - 10) {
			x = 20;
			y += 20;
		}
		if (k < K_NR)
			fprintf(out, "<rect class=\"legend\" x=\"%.0f\" y=\"%.0f\" width=\"16\" "
				"height=\"12\" fill=\"%s\" stroke=\"%s\"/>\n", x, y, kind_fill(k),
				styles[k].stroke);
		else
			fprintf(out, "<rect class=\"legend\" x=\"%.0f\" y=\"%.0f\" width=\"16\" "
				"height=\"12\" fill=\"#f7f7f7\" stroke=\"#333333\"/>\n", x, y);
		fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%s</text>\n",
			x + 22, y + 10, words);
		x += w;
	}
}

static void write_break(FILE *out, double y)
{
	fprintf(out, "<polyline class=\"break\" fill=\"none\" stroke=\"#333333\" points=\"");
	for (int i = 0; i <= 12; i++)
		fprintf(out, "%.1f,%.1f ", BAR_X - 8 + i * (BAR_W + 16) / 12, y + (i % 2 ? 3 : -3));
	fprintf(out, "\"/>\n");
}

static void write_hole(const struct svg_map *m, size_t i, FILE *out)
{
	const struct svg_bank *b = &m->banks[i];
	double top = b->y - b->gap;
	char size[24];

	rmem_report_fmt_size(size, sizeof(size), b->base - m->banks[i - 1].end);
	if (b->broken) {
		write_break(out, top + 10);
		write_break(out, b->y - 10);
	}
	fprintf(out, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" "
		"font-style=\"italic\" fill=\"#666666\">hole: %s</text>\n",
		BAR_X - 12, top + b->gap / 2 + 4, size);
}

static void write_bank(const struct svg_map *m, size_t i, FILE *out)
{
	const struct svg_bank *b = &m->banks[i];
	char size[24];

	if (i)
		write_hole(m, i, out);
	fprintf(out, "<rect class=\"bank\" x=\"%.0f\" y=\"%.2f\" width=\"%.0f\" height=\"%.2f\" "
		"fill=\"%s\" stroke=\"#333333\"%s/>\n", BAR_X, b->y, BAR_W, b->h,
		b->ram ? "#f7f7f7" : "none", b->ram ? "" : " stroke-dasharray=\"4,3\"");
	rmem_report_fmt_size(size, sizeof(size), b->end - b->base);
	fprintf(out, "<text x=\"%.0f\" y=\"%.2f\" text-anchor=\"end\" font-size=\"11\" "
		"font-family=\"DejaVu Sans Mono, monospace\">0x%" PRIx64 "</text>\n",
		BAR_X - 8, b->y + 10, b->base);
	fprintf(out, "<text x=\"%.0f\" y=\"%.2f\" text-anchor=\"end\" font-size=\"11\" "
		"font-family=\"DejaVu Sans Mono, monospace\">0x%" PRIx64 "</text>\n",
		BAR_X - 8, b->y + b->h, b->end);
	if (b->h >= 50)
		fprintf(out, "<text x=\"%.0f\" y=\"%.2f\" text-anchor=\"end\" font-weight=\"bold\">"
			"%s%s</text>\n", BAR_X - 8, b->y + 26, size, b->ram ? "" : " not RAM");
}

/* Zone boundaries inside a bank: where DMA32 ends matters to placement. */
static void write_zones(const struct svg_map *m, FILE *out)
{
	const struct rmem_ctx *ctx = m->ctx;

	for (size_t z = 1; z < ctx->zones.nr; z++) {
		rmem_phys_t addr = ctx->zones.zone[z].start_pfn << ctx->profile.page_shift;
		const struct svg_bank *b = bank_of(m, addr);
		double y;

		if (!b || addr <= b->base || addr >= b->end)
			continue;
		y = addr_y(b, addr);
		fprintf(out, "<line class=\"zone\" x1=\"%.0f\" y1=\"%.2f\" x2=\"%.0f\" y2=\"%.2f\" "
			"stroke=\"#6a3d9a\" stroke-dasharray=\"6,3\"/>\n", BAR_X - 150, y,
			BAR_X + BAR_W, y);
		fprintf(out, "<text x=\"%.0f\" y=\"%.2f\" text-anchor=\"end\" font-size=\"10\" "
			"fill=\"#6a3d9a\">\u2191 ", BAR_X - 8, y - 3);
		xml_text(out, ctx->zones.zone[z - 1].name);
		fprintf(out, "</text>\n<text x=\"%.0f\" y=\"%.2f\" text-anchor=\"end\" "
			"font-size=\"10\" fill=\"#6a3d9a\">\u2193 ", BAR_X - 8, y + 11);
		xml_text(out, ctx->zones.zone[z].name);
		fprintf(out, " from 0x%" PRIx64 "</text>\n", addr);
	}
}

static void write_rect(FILE *out, const struct svg_region *r, const char *cls)
{
	char size[24], y[SVG_NUM_LEN], h[SVG_NUM_LEN];

	rmem_report_fmt_size(size, sizeof(size), r->end - r->base);
	fprintf(out, "<rect class=\"%s\" x=\"%d\" y=\"%s\" width=\"%d\" height=\"%s\" "
		"fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"><title>", cls, (int)BAR_X + 1,
		svg_num(y, r->y0, 2), (int)BAR_W - 2, svg_num(h, r->y1 - r->y0, 2),
		kind_fill(r->kind), styles[r->kind].stroke,
		r->kind == K_FAILED || r->kind == K_CMA_DEFAULT ? "1.5" : "0.75");
	if (r->name)
		xml_text(out, r->name);
	else
		fputs(styles[r->kind].legend, out);
	fprintf(out, ": %s at 0x%" PRIx64 "-0x%" PRIx64 "</title></rect>\n", size, r->base,
		r->end);
}

/* Unlabelled, but a piece tall enough says inside itself what it is. */
static void write_other(FILE *out, const struct svg_region *r)
{
	char size[24], y[SVG_NUM_LEN];

	write_rect(out, r, "other");
	if (r->y1 - r->y0 < 13)
		return;
	rmem_report_fmt_size(size, sizeof(size), r->end - r->base);
	fprintf(out, "<text x=\"%d\" y=\"%s\" text-anchor=\"middle\" font-size=\"10\" "
		"fill=\"#444444\">reserved %s</text>\n", (int)(BAR_X + BAR_W / 2),
		svg_num(y, (r->y0 + r->y1) / 2 + 3.5, 2), size);
}

static int region_cmp_size(const void *a, const void *b)
{
	const struct svg_region *x = *(const struct svg_region *const *)a;
	const struct svg_region *y = *(const struct svg_region *const *)b;
	rmem_phys_t sx = x->end - x->base, sy = y->end - y->base;

	/*
	 * Failures at the bottom: their memory went back, and what took it
	 * since (cma= in a refused linux,cma) must show.  Then the larger below
	 * the smaller.
	 */
	if ((x->kind == K_FAILED) != (y->kind == K_FAILED))
		return x->kind == K_FAILED ? -1 : 1;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static int write_regions(const struct svg_map *m, FILE *out)
{
	const struct svg_region **order = calloc(m->nr_regions + 1, sizeof(*order));
	char cls[32];
	size_t i = 0;

	if (!order)
		return -ENOMEM;
	for (size_t j = 0; j < m->nr_regions; j++)
		order[j] = &m->regions[j];
	qsort(order, m->nr_regions, sizeof(*order), region_cmp_size);
	for (; i < m->nr_regions && order[i]->kind == K_FAILED; i++)
		write_rect(out, order[i], "region failed");
	for (size_t j = 0; j < m->nr_others; j++)
		write_other(out, &m->others[j]);
	for (; i < m->nr_regions; i++) {
		snprintf(cls, sizeof(cls), "region %s", styles[order[i]->kind].cls);
		write_rect(out, order[i], cls);
	}
	free(order);
	return 0;
}

static void write_label(const struct svg_region *r, FILE *out)
{
	char size[24], cy[SVG_NUM_LEN], ly[SVG_NUM_LEN];

	svg_num(cy, (r->y0 + r->y1) / 2, 2);
	svg_num(ly, r->label_y, 2);
	fprintf(out, "<polyline class=\"leader\" fill=\"none\" stroke=\"%s\" stroke-width=\"0.8\" "
		"points=\"%d,%s %d,%s %d,%s %d,%s\"/>\n", styles[r->kind].stroke,
		(int)(BAR_X + BAR_W), cy, (int)(BAR_X + BAR_W + 16), cy, (int)LABEL_X - 22, ly,
		(int)LABEL_X - 4, ly);
	rmem_report_fmt_size(size, sizeof(size), r->end - r->base);
	fprintf(out, "<text x=\"%d\" y=\"%s\"><tspan font-weight=\"bold\">", (int)LABEL_X,
		svg_num(ly, r->label_y - 2, 2));
	xml_text(out, r->name);
	fprintf(out, "</tspan> %s", size);
	if (r->note)
		fprintf(out, " [%d]", r->note);
	fprintf(out, "</text>\n<text x=\"%d\" y=\"%s\" font-size=\"11\" fill=\"%s\">"
		"0x%" PRIx64 "\u20130x%" PRIx64 " \u00b7 ", (int)LABEL_X,
		svg_num(ly, r->label_y + 11, 2), r->kind == K_FAILED ? "#d62728" : "#555555",
		r->base, r->end);
	xml_text(out, r->what);
	fprintf(out, "</text>\n");
}

/* ---- below the map: the nodes that have no place in it, and the reasons ---- */

static const char *unplaced_words(const struct rmem_rmem_node *n)
{
	switch (n->state) {
	case RMEM_NODE_DISABLED:
		return "disabled: skipped";
	case RMEM_NODE_IGNORED:
		return "nothing to place: skipped";
	case RMEM_NODE_INVALID:
		return "invalid: skipped";
	case RMEM_NODE_NOT_SAVED:
		return "FAILED: reserved_mem array full";
	case RMEM_NODE_ALLOC_FAILED:
		return "FAILED: no room for it";
	default:
		return rmem_rmem_state_name(n->state);
	}
}

static bool unplaced_failed(const struct rmem_rmem_node *n)
{
	return n->state == RMEM_NODE_NOT_SAVED || n->state == RMEM_NODE_ALLOC_FAILED;
}

static double unplaced_line(FILE *out, double y, bool *heading, bool failed, bool dry)
{
	char num[SVG_NUM_LEN];

	if (!*heading) {
		y += 10;
		if (!dry)
			fprintf(out, "<text x=\"20\" y=\"%.0f\" font-weight=\"bold\">"
				"Not in the map</text>\n", y);
		*heading = true;
	}
	y += NOTE_LINE_H;
	if (!dry)
		fprintf(out, "<text class=\"unplaced\" x=\"30\" y=\"%s\" fill=\"%s\">"
			"<tspan font-weight=\"bold\">", svg_num(num, y, 0),
			failed ? "#d62728" : "#333333");
	return y;
}

static double write_unplaced_cma(const struct svg_map *m, FILE *out, double y, bool *heading,
				 bool dry)
{
	struct rmem_ctx *ctx = m->ctx;

	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		const struct rmem_cma *cma = rmem_cma_area(ctx, i);

		if (!cma_failed(cma) || cma_from_node(ctx, cma))
			continue;
		y = unplaced_line(out, y, heading, true, dry);
		if (dry)
			continue;
		xml_text(out, cma->name);
		fprintf(out, "</tspan> \u2014 FAILED: the CMA area could not be activated%s</text>\n",
			cma == ctx->dma.contiguous_default_area ? " (the default area)" : "");
	}
	return y;
}

static double write_unplaced(const struct svg_map *m, FILE *out, double y, bool dry)
{
	const struct rmem_ctx *ctx = m->ctx;
	bool heading = false;
	int notes = 0;
	char size[24];

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		int note = n->reason[0] ? ++notes : 0;

		if (node_placed(n))
			continue;
		y = unplaced_line(out, y, &heading, unplaced_failed(n), dry);
		if (dry)
			continue;
		xml_text(out, n->name);
		fprintf(out, "</tspan>");
		if (n->size) {
			rmem_report_fmt_size(size, sizeof(size), n->size);
			fprintf(out, " %s", size);
		}
		fprintf(out, " \u2014 %s", unplaced_words(n));
		if (note)
			fprintf(out, " [%d]", note);
		fprintf(out, "</text>\n");
	}
	return write_unplaced_cma(m, out, y, &heading, dry);
}

/* Breaks before the last blank within NOTE_WRAP characters; never mid-character. */
static size_t wrap_at(const char *s)
{
	size_t len = strlen(s), cut = 0;

	if (len <= NOTE_WRAP)
		return len;
	for (size_t i = 0; i <= NOTE_WRAP; i++)
		if (s[i] == ' ')
			cut = i;
	if (cut)
		return cut;
	cut = NOTE_WRAP;
	while (cut && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return cut ? cut : len;
}

static double write_note(FILE *out, double y, int note, const char *name, const char *reason,
			 bool dry)
{
	char num[SVG_NUM_LEN];
	char *text, *p;

	if (asprintf(&text, "[%d] %s: %s", note, name, reason) < 0)
		return -1;
	for (p = text; *p;) {
		size_t n = wrap_at(p);
		char save = p[n];

		y += NOTE_LINE_H;
		if (!dry) {
			p[n] = '\0';
			fprintf(out, "<text class=\"note\" x=\"%d\" y=\"%s\" font-size=\"11\">",
				p == text ? 30 : 52, svg_num(num, y, 0));
			xml_text(out, p);
			fprintf(out, "</text>\n");
			p[n] = save;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	free(text);
	return y;
}

static double write_notes(const struct svg_map *m, FILE *out, double y, bool dry)
{
	const struct rmem_ctx *ctx = m->ctx;
	int notes = 0;

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (!n->reason[0])
			continue;
		if (!notes) {
			y += 10;
			if (!dry)
				fprintf(out, "<text x=\"20\" y=\"%.0f\" font-weight=\"bold\">Notes</text>\n",
					y + NOTE_LINE_H);
			y += NOTE_LINE_H;
		}
		y = write_note(out, y, ++notes, n->name, n->reason, dry);
		if (y < 0)
			return -1;
	}
	return y;
}

static double footer_top(const struct svg_map *m)
{
	double y = m->map_bottom;

	if (m->labels_bottom > y)
		y = m->labels_bottom;
	return y + 16;
}

static int layout(struct svg_map *m)
{
	struct rmem_ctx *ctx = m->ctx;
	double y;

	m->regions = calloc(ctx->rm.node_count + rmem_cma_area_count(ctx) + 1,
			    sizeof(*m->regions));
	if (!m->regions)
		return -ENOMEM;
	collect_nodes(m);
	collect_cma(m);
	if (collect_others(m) || build_banks(m))
		return -ENOMEM;
	count_bank_regions(m);
	layout_banks(m);
	for (size_t i = 0; i < m->nr_regions; i++)
		place_region(m, &m->regions[i], REGION_MIN_H);
	for (size_t i = 0; i < m->nr_others; i++)
		place_region(m, &m->others[i], OTHER_MIN_H);
	spread_small(m);
	layout_labels(m);
	y = write_unplaced(m, NULL, footer_top(m), true);
	y = write_notes(m, NULL, y, true);
	if (y < 0)
		return -ENOMEM;
	m->height = y + 24;
	return 0;
}

/* Everything but the document's start and end: the title, the legend, the map, the notes. */
static int write_body(struct svg_map *m, FILE *out)
{
	double y;

	write_title(m, out);
	write_legend(out);
	if (!m->nr_banks)
		fprintf(out, "<text x=\"%.0f\" y=\"%.0f\">no memory</text>\n", BAR_X, MAP_TOP + 20);
	for (size_t i = 0; i < m->nr_banks; i++)
		write_bank(m, i, out);
	if (write_regions(m, out))
		return -ENOMEM;
	write_zones(m, out);
	for (size_t i = 0; i < m->nr_regions; i++)
		write_label(&m->regions[i], out);
	y = write_unplaced(m, out, footer_top(m), false);
	if (write_notes(m, out, y, false) < 0)
		return -ENOMEM;
	return 0;
}

static void map_free(struct svg_map *m)
{
	free(m->regions);
	free(m->others);
	free(m->banks);
}

int rmem_report_svg(struct rmem_ctx *ctx, FILE *out)
{
	struct svg_map m = { .ctx = ctx };
	int ret;

	ret = layout(&m);
	if (!ret) {
		write_head(out, SVG_WIDTH, m.height, "rmem plan", ctx->profile.name);
		ret = write_body(&m, out);
		fprintf(out, "</svg>\n");
	}
	map_free(&m);
	return ret;
}

/* ---- rmem diff: the two maps side by side ---- */

#define DIFF_TOP 28.0		/* the sides' labels, above each map */

static const struct svg_region *region_named(const struct svg_map *m, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	for (size_t i = 0; i < m->nr_regions; i++)
		if (m->regions[i].name && !strcmp(m->regions[i].name, name))
			return &m->regions[i];
	return NULL;
}

/* A moved region: a curve from its place in A to its place in B. */
static void write_link(FILE *out, const struct svg_map *a, const struct svg_map *b,
		       const struct rmem_diff_region *r)
{
	const struct svg_region *ra = region_named(a, r->path), *rb = region_named(b, r->path);
	double ya, yb, x0 = BAR_X + BAR_W, x1 = SVG_WIDTH + BAR_X;

	if (!ra || !rb)
		return;
	ya = DIFF_TOP + (ra->y0 + ra->y1) / 2;
	yb = DIFF_TOP + (rb->y0 + rb->y1) / 2;
	fprintf(out, "<path class=\"moved\" fill=\"none\" stroke=\"#6a3d9a\" stroke-width=\"1.5\" "
		"stroke-dasharray=\"5,3\" d=\"M %.0f,%.2f C %.0f,%.2f %.0f,%.2f %.0f,%.2f\"><title>",
		x0, ya, x0 + 400, ya, x1 - 400, yb, x1, yb);
	xml_text(out, r->path);
	fprintf(out, ": moved 0x%" PRIx64 " -> 0x%" PRIx64 "</title></path>\n", r->a.base, r->b.base);
}

static int write_side(struct svg_map *m, FILE *out, int side, const char *label)
{
	int ret;

	fprintf(out, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%c: ",
		side * SVG_WIDTH + 20, side ? 'B' : 'A');
	xml_text(out, label);
	fprintf(out, "</text>\n<g class=\"side-%c\" transform=\"translate(%d,%.0f)\">\n",
		side ? 'b' : 'a', side * SVG_WIDTH, DIFF_TOP);
	ret = write_body(m, out);
	fprintf(out, "</g>\n");
	return ret;
}

int rmem_report_svg_diff(const struct rmem_diff *d, struct rmem_ctx *a, struct rmem_ctx *b,
			 const struct rmem_report_diff_options *opt, FILE *out)
{
	struct svg_map m[2] = { { .ctx = a }, { .ctx = b } };
	int ret = layout(&m[0]);

	if (!ret)
		ret = layout(&m[1]);
	if (!ret) {
		write_head(out, 2 * SVG_WIDTH, DIFF_TOP + (m[0].height > m[1].height ?
					m[0].height : m[1].height), "rmem diff", opt->label[1]);
		ret = write_side(&m[0], out, 0, opt->label[0]);
	}
	if (!ret)
		ret = write_side(&m[1], out, 1, opt->label[1]);
	for (size_t i = 0; !ret && i < d->nr_regions; i++)
		if (d->regions[i].changes & RMEM_DIFF_MOVED)
			write_link(out, &m[0], &m[1], &d->regions[i]);
	if (!ret)
		fprintf(out, "</svg>\n");
	map_free(&m[0]);
	map_free(&m[1]);
	return ret;
}
