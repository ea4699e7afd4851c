// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem's advice (RMEM_LOG_ADVICE) on /reserved-memory values the kernel
 * reads in its own way.  drivers/of/ checks little: cells that differ from
 * the root's drop the whole node, a property of the wrong length drops a
 * region, and sums that pass 2^64, an alignment of 0 or one that is not a
 * power of two are used as the C arithmetic gives them, without a word.
 * These lines say what the kernel did with the value and what was probably
 * meant; the kernel's own lines stay verbatim.  The same in 5.10, 6.1 and
 * 6.12: only the CMA minimum they quote differs (rmem_cma_min_alignment()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reserved_mem/reserved_mem_internal.h"

#define SHOW_CELLS 8	/* a property is quoted up to this many cells */

static void advise(struct rmem_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void advise(struct rmem_ctx *ctx, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rmem_log_printf(&ctx->log, RMEM_LOG_ADVICE, "%s", line);
}

/* A cell value as a user writes it: small counts in decimal, the rest in hex. */
static void cell_str(char *buf, size_t len, uint32_t v)
{
	snprintf(buf, len, v < 0x100 ? "%u" : "%#x", v);
}

/* "<0x0 0x60000000 0x400000>", the first SHOW_CELLS cells of @n */
static void cells_str(char *buf, size_t len, const uint32_t *cells, int n)
{
	size_t used = (size_t)snprintf(buf, len, "<");

	for (int i = 0; i < n && i < SHOW_CELLS && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s0x%x", i ? " " : "",
					 cells[i]);
	if (used < len)
		snprintf(buf + used, len - used, "%s>", n > SHOW_CELLS ? " ..." : "");
}

/* @n cells of @val, each read as the kernel reads them (past the end too) */
static int read_cells(const struct rmem_ctx *ctx, const void *val, int len, uint32_t *cells)
{
	int n = len / 4;

	for (int i = 0; i < n && i < SHOW_CELLS; i++)
		cells[i] = rmem_rm_be32_raw(ctx, (const unsigned char *)val + 4 * i);
	return n;
}

/* ---------------------------------------------------------------------- */
/* /reserved-memory refused by __reserved_mem_check_root() */

/* One of the node's cells against the root's, or "" when they agree. */
static void cells_problem(const struct rmem_ctx *ctx, int root, const char *name, int want,
			  char *buf, size_t len)
{
	const void *prop = rmem_rm_prop(ctx, root, name, NULL);
	char have[16], root_v[16];

	cell_str(root_v, sizeof(root_v), (uint32_t)want);
	buf[0] = '\0';
	if (!prop) {
		snprintf(buf, len, "no %s (the root's is <%s>)", name, root_v);
		return;
	}
	if (rmem_rm_be32_raw(ctx, prop) == (uint32_t)want)
		return;
	cell_str(have, sizeof(have), rmem_rm_be32_raw(ctx, prop));
	snprintf(buf, len, "%s = <%s> (the root's is <%s>)", name, have, root_v);
}

static void join(char *buf, size_t len, const char *part)
{
	size_t used = strlen(buf);

	if (!*part || used >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used ? " and " : "", part);
}

void rmem_rm_advise_root(struct rmem_ctx *ctx, int root, unsigned int nr_nodes)
{
	struct rmem_rm_cells c;
	char what[200] = "", part[80], fix[200] = "";
	bool ranges = rmem_rm_has_prop(ctx, root, "ranges");

	if (ctx->lint)
		return;		/* rmem check's reserved-memory-format says it */
	rmem_rm_cells(ctx, &c);
	cells_problem(ctx, root, "#address-cells", c.addr, part, sizeof(part));
	join(what, sizeof(what), part);
	cells_problem(ctx, root, "#size-cells", c.size, part, sizeof(part));
	join(what, sizeof(what), part);
	if (*what)
		snprintf(fix, sizeof(fix), "give it the root's #address-cells = <%d> and #size-cells = <%d> and write every reg, size, alignment and alloc-ranges in those cells",
			 c.addr, c.size);
	if (!ranges) {
		join(what, sizeof(what), "no ranges property");
		join(fix, sizeof(fix), "add an empty \"ranges;\"");
	}
	advise(ctx, "%s: %s, so the kernel ignores the node and its %u child node%s (\"unsupported node format\"); %s",
	       rmem_fdt_name(ctx->fdt, root), what, nr_nodes, nr_nodes == 1 ? "" : "s", fix);
}

/* ---------------------------------------------------------------------- */
/* properties of the wrong length */

/* @from cells right-aligned into @to cells: zeros in front, or the zeros in front dropped */
static bool refit(const uint32_t *in, int from, int to, uint32_t *out)
{
	for (int i = 0; i < from - to; i++)
		if (in[i])
			return false;
	for (int i = 0; i < to; i++) {
		int j = i - (to - from);

		out[i] = j >= 0 ? in[j] : 0;
	}
	return true;
}

/*
 * What a property too short for one entry probably meant: an even count
 * is a tree written with one cell per number less, an odd count a size
 * short of its high cells.  false: no good guess.
 */
static bool guess_entry(const uint32_t *in, int n, const struct rmem_rm_cells *c,
			uint32_t *out)
{
	int a = n % 2 ? (c->addr < n - 1 ? c->addr : n - 1) : n / 2;

	if (n >= c->addr + c->size || n < 2 || a > c->addr || n - a > c->size)
		return false;
	return refit(in, a, c->addr, out) && refit(in + a, n - a, c->size, out + c->addr);
}

/* The kernel's line and what it does, per property. */
static const char *refusal(const struct rmem_ctx *ctx, const char *prop)
{
	/* 7.2 reads a reg or alloc-ranges of such a length as absent */
	if (RM_FACT(ctx, whole_entries) && !strcmp(prop, "reg"))
		return "so the kernel reads the node as having no reg and reserves nothing for it";
	if (RM_FACT(ctx, whole_entries) && !strcmp(prop, "alloc-ranges"))
		return "so the kernel ignores alloc-ranges and places the region anywhere in memory";
	if (!strcmp(prop, "reg"))
		return "so the kernel skips the node and reserves nothing (\"invalid reg property\")";
	if (!strcmp(prop, "size"))
		return "so the kernel skips the node and allocates nothing (\"invalid size property\")";
	if (!strcmp(prop, "alignment"))
		return "so the kernel skips the node and allocates nothing (\"invalid alignment property\")";
	return "so the kernel skips the node and allocates nothing (\"invalid alloc-ranges property\")";
}

/* How many cells @prop takes, in words; returns the count (per entry if @entry). */
static int wanted_cells(const char *prop, const struct rmem_rm_cells *c, bool *entry,
			char *buf, size_t len)
{
	*entry = !strcmp(prop, "reg") || !strcmp(prop, "alloc-ranges");
	if (*entry) {
		snprintf(buf, len, "takes a multiple of %d (#address-cells = <%d> plus #size-cells = <%d>)",
			 c->addr + c->size, c->addr, c->size);
		return c->addr + c->size;
	}
	if (!strcmp(prop, "size")) {
		snprintf(buf, len, "takes %d (#size-cells = <%d>)", c->size, c->size);
		return c->size;
	}
	snprintf(buf, len, "takes %d (#address-cells = <%d>)", c->addr, c->addr);
	return c->addr;
}

void rmem_rm_advise_length(struct rmem_ctx *ctx, const char *uname, const char *prop,
			   const void *val, int len)
{
	struct rmem_rm_cells c;
	uint32_t cells[SHOW_CELLS], guess[2 * SHOW_CELLS];
	char have[128], want[96], fix[224];
	bool entry, ok;
	int n, w;

	rmem_rm_cells(ctx, &c);
	w = wanted_cells(prop, &c, &entry, want, sizeof(want));
	if (len % 4) {
		advise(ctx, "reserved-memory/%s: %s is %d bytes, not a whole number of 4-byte cells, but it %s, %s; write it in whole cells",
		       uname, prop, len, want, refusal(ctx, prop));
		return;
	}
	n = read_cells(ctx, val, len, cells);
	cells_str(have, sizeof(have), cells, n);
	ok = n > 0 && n <= SHOW_CELLS && w <= 2 * SHOW_CELLS &&
	     (entry ? guess_entry(cells, n, &c, guess) : refit(cells, n, w, guess));
	if (ok) {
		char g[160];

		cells_str(g, sizeof(g), guess, w);
		snprintf(fix, sizeof(fix), "probably meant %s = %s", prop, g);
	} else if (entry) {
		snprintf(fix, sizeof(fix), "write each entry as %d address cells, then %d size cells",
			 c.addr, c.size);
	} else {
		snprintf(fix, sizeof(fix), "write the value in %d cells", w);
	}
	advise(ctx, "reserved-memory/%s: %s = %s has %d cell%s, but it %s, %s; %s", uname, prop,
	       have, n, n == 1 ? "" : "s", want, refusal(ctx, prop), fix);
}

/* ---------------------------------------------------------------------- */
/* values */

/* The RAM (memblock.memory) in [@base, 2^64). */
static uint64_t ram_from(const struct rmem_ctx *ctx, rmem_phys_t base)
{
	const struct rmem_memblock_type *mem = &ctx->memblock.memory;
	uint64_t total = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t end = r->base + r->size;

		if (end > base)
			total += end - (r->base > base ? r->base : base);
	}
	return total;
}

/*
 * Values past a 32-bit phys_addr_t (arm without LPAE): the kernel keeps
 * the low 32 bits, without a word.  True when it said so.
 */
static bool advise_phys_pair(struct rmem_ctx *ctx, const char *uname, const char *what,
			     uint64_t a, uint64_t b)
{
	rmem_phys_t max = rmem_kernel_phys(&ctx->profile, RMEM_PHYS_MAX);

	if (!((a | b) & ~max))
		return false;
	advise(ctx, "reserved-memory/%s: %s %#llx + %#llx does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x%llx + 0x%llx; only an LPAE kernel reads all 64 bits",
	       uname, what, (unsigned long long)a, (unsigned long long)b,
	       (unsigned long long)(a & max), (unsigned long long)(b & max));
	return true;
}

void rmem_rm_advise_phys(struct rmem_ctx *ctx, const char *uname, const char *prop, uint64_t v)
{
	rmem_phys_t max = rmem_kernel_phys(&ctx->profile, RMEM_PHYS_MAX);

	if (v & ~max)
		advise(ctx, "reserved-memory/%s: %s %#llx does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x%llx",
		       uname, prop, (unsigned long long)v, (unsigned long long)(v & max));
}

/* @base and @size as the reg entry has them, before the kernel's phys_addr_t */
void rmem_rm_advise_reg_entry(struct rmem_ctx *ctx, const char *uname, rmem_phys_t base,
			      rmem_phys_t size)
{
	const struct rmem_profile *p = &ctx->profile;
	rmem_phys_t max = rmem_kernel_phys(p, RMEM_PHYS_MAX);
	char ram[32];

	if (advise_phys_pair(ctx, uname, "the reg entry", base, size)) {
		base &= max;
		size &= max;
	}
	if (!size) {
		advise(ctx, "reserved-memory/%s: the reg entry at %#llx has size 0, so the kernel reserves nothing for it (\"failed to reserve memory\"); probably the size cells are wrong: give the size in bytes",
		       uname, (unsigned long long)base);
		return;
	}
	if (size - 1 <= max - base)
		return;
	/* memblock_cap_size() stops the range at the top of the address space */
	advise(ctx, "reserved-memory/%s: the reg entry %#llx + %#llx passes 2^%u (it would end at %#llx), so memblock cuts it there and the region covers everything from %#llx up, %s of RAM; probably the size cells are wrong: a size is a byte count, not an end address",
	       uname, (unsigned long long)base, (unsigned long long)size, p->phys_addr_bits,
	       (unsigned long long)((base + size) & max), (unsigned long long)base,
	       rmem_size_str(ram, sizeof(ram), ram_from(ctx, base)));
}

void rmem_rm_advise_size_zero(struct rmem_ctx *ctx, const char *uname, rmem_phys_t base,
			      bool placed)
{
	if (placed)
		advise(ctx, "reserved-memory/%s: size is 0, so the kernel \"allocates\" 0 bytes at %#llx and keeps that empty region as if it were real; probably the size cells are wrong: give the size in bytes",
		       uname, (unsigned long long)base);
	else
		advise(ctx, "reserved-memory/%s: size is 0; probably the size cells are wrong: give the size in bytes",
		       uname);
}

/* The powers of two around @v, for "probably meant". */
static void powers_around(char *buf, size_t len, uint64_t v)
{
	uint64_t low = (uint64_t)1 << (63 - __builtin_clzll(v));

	if (low == (uint64_t)1 << 63)
		snprintf(buf, len, "%#llx", (unsigned long long)low);
	else
		snprintf(buf, len, "%#llx or %#llx", (unsigned long long)low,
			 (unsigned long long)(low << 1));
}

/* Some memory bank has a multiple of @align with @size bytes after it. */
static bool fits_in_ram(const struct rmem_ctx *ctx, rmem_phys_t align, rmem_phys_t size)
{
	const struct rmem_memblock_type *mem = &ctx->memblock.memory;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t at = rmem_align_up(r->base, align);

		if (at >= r->base && at - r->base <= r->size && size <= r->size - (at - r->base))
			return true;
	}
	return false;
}

static void advise_align_zero(struct rmem_ctx *ctx, const char *uname, rmem_phys_t used,
			      bool cma)
{
	char sz[32];

	if (cma)
		advise(ctx, "reserved-memory/%s: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, %#llx (%s), as without the property; drop it, or give the power of two that was meant",
		       uname, (unsigned long long)used, rmem_size_str(sz, sizeof(sz), used));
	else
		advise(ctx, "reserved-memory/%s: alignment is 0, so the kernel uses its default, SMP_CACHE_BYTES (%llu bytes), as without the property; drop it, or give the power of two that was meant",
		       uname, (unsigned long long)ctx->memblock.smp_cache_bytes);
}

static void advise_align_odd(struct rmem_ctx *ctx, const char *uname, rmem_phys_t align,
			     rmem_phys_t used)
{
	char around[48];

	powers_around(around, sizeof(around), align);
	if (used != align) {
		advise(ctx, "reserved-memory/%s: alignment %#llx is not a power of two; the kernel raises it to the CMA minimum, %#llx, so it has no effect here; probably meant %s",
		       uname, (unsigned long long)align, (unsigned long long)used, around);
		return;
	}
	/* round_down()/round_up() mask with ~(align - 1): only the lowest set bit aligns */
	advise(ctx, "reserved-memory/%s: alignment %#llx is not a power of two: memblock rounds with the mask ~(%#llx - 1), so the base is only a multiple of %#llx, the lowest bit set in it; probably meant %s",
	       uname, (unsigned long long)align, (unsigned long long)align,
	       (unsigned long long)(align & -align), around);
}

static void advise_align_too_big(struct rmem_ctx *ctx, const char *uname, rmem_phys_t align,
				 rmem_phys_t size)
{
	char a[32], s[32], b[32];
	rmem_phys_t best = align >> 1;

	while (best && !fits_in_ram(ctx, best, size))
		best >>= 1;
	if (!best)
		return;		/* the size does not fit at all: not the alignment's fault */
	advise(ctx, "reserved-memory/%s: alignment %#llx (%s): no multiple of it in RAM has room for the %s region, so the kernel cannot place it (\"failed to allocate memory\"); probably a smaller alignment was meant: the largest that RAM allows is %#llx (%s)",
	       uname, (unsigned long long)align, rmem_size_str(a, sizeof(a), align),
	       rmem_size_str(s, sizeof(s), size), (unsigned long long)best,
	       rmem_size_str(b, sizeof(b), best));
}

void rmem_rm_advise_alignment(struct rmem_ctx *ctx, const char *uname, rmem_phys_t align,
			      rmem_phys_t used, rmem_phys_t size, bool cma)
{
	if (!align)
		advise_align_zero(ctx, uname, used, cma);
	else if (!rmem_is_power_of_2(align))
		advise_align_odd(ctx, uname, align, used);
	else if (size && !fits_in_ram(ctx, used, size))
		advise_align_too_big(ctx, uname, used, size);
}

/* @start and @size as the entry has them, before the kernel's phys_addr_t */
void rmem_rm_advise_range(struct rmem_ctx *ctx, const char *uname, rmem_phys_t start,
			  rmem_phys_t size)
{
	const struct rmem_profile *p = &ctx->profile;
	rmem_phys_t max = rmem_kernel_phys(p, RMEM_PHYS_MAX);
	rmem_phys_t end;

	if (advise_phys_pair(ctx, uname, "the alloc-ranges entry", start, size)) {
		start &= max;
		size &= max;
	}
	end = (start + size) & max;
	if (end >= start)
		return;
	if (!end) {
		/* early_init_dt_alloc_reserved_memory_arch(): an end of 0 is "anywhere" */
		advise(ctx, "reserved-memory/%s: the alloc-ranges entry %#llx + %#llx ends exactly at 2^%u, which wraps to 0, and the kernel reads an end of 0 as no limit, so the range is everything from %#llx up, probably as meant; a size that ends inside RAM says so without the wrap",
		       uname, (unsigned long long)start, (unsigned long long)size, p->phys_addr_bits,
		       (unsigned long long)start);
		return;
	}
	advise(ctx, "reserved-memory/%s: the alloc-ranges entry %#llx + %#llx passes 2^%u and ends at %#llx, below its start, so the kernel finds no room in it; probably the size cells are wrong: a size is a byte count, not an end address",
	       uname, (unsigned long long)start, (unsigned long long)size, p->phys_addr_bits,
	       (unsigned long long)end);
}

void rmem_rm_advise_no_dma_cma(struct rmem_ctx *ctx, const char *uname)
{
	advise(ctx, "reserved-memory/%s: a reusable shared-dma-pool is a CMA area, but this kernel is built without CONFIG_DMA_CMA, so no handler takes it (\"compatible matching fail\") and the kernel gives its memory back; use a kernel with CMA, or drop reusable (and add no-map) to make it a coherent pool",
	       uname);
}

void rmem_rm_advise_ranges_empty(struct rmem_ctx *ctx, const char *uname)
{
	advise(ctx, "reserved-memory/%s: alloc-ranges is empty, so the kernel tries no range and allocates nothing (\"failed to allocate memory\"); drop the property to let the kernel place the region anywhere, or list the ranges",
	       uname);
}
