// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loaded images: the kernel, the DTB and the initrd sit where the
 * bootloader put them, and nothing checks them against reserved memory.
 * U-Boot's LMB holds /memreserve/ and the /reserved-memory regions with a
 * reg (boot_fdt_add_mem_rsv_regions()), so a file read over one is refused
 * ("** Reading file would overwrite reserved memory **", fs/fs.c); the
 * kernel reserves its image, the initrd and the DTB with memblock_reserve(),
 * which merges them with a region over them without a word, and then the
 * region's user (firmware, a driver, CMA) writes over the image, or no-map
 * unmaps it.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plan/check_internal.h"

#define MAX_IMAGES (RMEM_BOOT_CHAIN_MAX + 2)

struct image {
	char what[112];
	rmem_phys_t base, size;
	/* a file as the bootloader reads it: U-Boot's LMB refuses it over reserved memory */
	bool file;
	bool dtb;
	bool named_range;		/* @what says its range: "--reserve B+S" */
	/* what it is: the kernel file and the kernel's own range are one image */
	enum { OBJ_OTHER, OBJ_KERNEL, OBJ_DTB, OBJ_INITRD } obj;
};

struct images {
	struct image i[MAX_IMAGES];
	size_t nr;
};

static void image_add(struct images *im, rmem_phys_t base, rmem_phys_t size, bool file,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void image_add(struct images *im, rmem_phys_t base, rmem_phys_t size, bool file,
		      const char *fmt, ...)
{
	va_list ap;

	if (im->nr == MAX_IMAGES || !size)
		return;
	im->i[im->nr] = (struct image){ .base = base, .size = size, .file = file };
	va_start(ap, fmt);
	vsnprintf(im->i[im->nr].what, sizeof(im->i[0].what), fmt, ap);
	va_end(ap);
	im->nr++;
}

/* "the initrd (...) (0x60000000-0x60100000)"; a --reserve's name says its range already */
static const char *image_str(const struct image *im, char *buf, size_t len)
{
	char range[48];

	if (im->named_range)
		snprintf(buf, len, "%s", im->what);
	else
		snprintf(buf, len, "%s (%s)", im->what,
			 check_range_str(range, sizeof(range), im->base, im->size));
	return buf;
}

/* /chosen's linux,initrd-start and -end, each of 32 or 64 bits. */
static bool chosen_initrd(const struct rmem_fdt *fdt, rmem_phys_t *start, rmem_phys_t *end)
{
	int node = fdt_path_offset(fdt->blob, "/chosen"), ls, le;
	const void *s, *e;

	if (node < 0)
		return false;
	s = fdt_getprop(fdt->blob, node, "linux,initrd-start", &ls);
	e = fdt_getprop(fdt->blob, node, "linux,initrd-end", &le);
	if (!s || !e || (ls != 4 && ls != 8) || (le != 4 && le != 8))
		return false;
	*start = rmem_fdt_read_number(s, ls / 4);
	*end = rmem_fdt_read_number(e, le / 4);
	return *end > *start;
}

static void collect_images(const struct check_run *run, struct images *im)
{
	const struct rmem_ctx *ctx = run->ctx;
	const struct rmem_plan_options *plan = run->opt ? run->opt->plan : NULL;
	rmem_phys_t start, end;

	for (size_t i = 0; ctx->has_chain && i < ctx->chain.nr_loads; i++) {
		const struct rmem_boot_range *l = &ctx->chain.loads[i];

		image_add(im, l->base, l->size, true, "%s (%s)", l->what, "--uboot-env");
		im->i[im->nr - 1].obj = strstr(l->what, "fdt_addr_r") ? OBJ_DTB : OBJ_KERNEL;
	}
	if (plan && plan->fdt_addr_set) {
		image_add(im, plan->fdt_addr, fdt_totalsize(ctx->fdt->blob), false,
			  "the DTB at %#llx (%s)", (unsigned long long)plan->fdt_addr,
			  ctx->has_chain && ctx->chain.fdt_addr_set &&
			  ctx->chain.fdt_addr == plan->fdt_addr ? "--uboot-env" : "--fdt-addr");
		im->i[im->nr - 1].dtb = true;
		im->i[im->nr - 1].obj = OBJ_DTB;
	}
	if (chosen_initrd(ctx->fdt, &start, &end)) {
		image_add(im, start, end - start, false, "the initrd (/chosen linux,initrd-start/-end)");
		im->i[im->nr - 1].obj = OBJ_INITRD;
	}
}

/* Whether @base+@size is a reservation the boot chain derived: the kernel's own. */
static bool derived(const struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	for (size_t i = 0; ctx->has_chain && i < ctx->chain.nr_reserve; i++)
		if (ctx->chain.reserve[i].base == base && ctx->chain.reserve[i].size == size)
			return true;
	return false;
}

/* Two images over each other: the later load, or booti's move, overwrites the other. */
static void image_over_image(struct check_run *run, const struct image *a, const struct image *b)
{
	rmem_phys_t lo = a->base > b->base ? a->base : b->base;
	rmem_phys_t hi = a->base + a->size < b->base + b->size ? a->base + a->size :
								  b->base + b->size;
	char wa[176], wb[176], bytes[32];
	struct rmem_finding *f;

	if (hi <= lo || (a->obj == b->obj && a->obj != OBJ_OTHER))
		return;
	rmem_size_str(bytes, sizeof(bytes), hi - lo);
	f = check_add(run, CHECK_IMAGE_OVER_IMAGE,
		      "move one of them (kernel_addr_r, fdt_addr_r, ramdisk_addr_r, or where the "
		      "bootloader puts it)",
		      "%s and %s overlap by %s: the bootloader loads one over the other "
		      "(or booti and bootm move one there), and the kernel gets what is left",
		      image_str(a, wa, sizeof(wa)), image_str(b, wb, sizeof(wb)), bytes);
	check_subject(run, f, a->what, a->base, a->size);
	check_subject(run, f, b->what, b->base, b->size);
}

enum kind { KIND_RESERVED, KIND_NOMAP, KIND_CMA };

static const enum rmem_check_id kind_rule[] = {
	[KIND_RESERVED] = CHECK_IMAGE_OVER_RESERVED,
	[KIND_NOMAP] = CHECK_IMAGE_OVER_NOMAP,
	[KIND_CMA] = CHECK_IMAGE_OVER_CMA,
};

static const char *const kind_harm[] = {
	[KIND_RESERVED] = "whatever owns the region (firmware, a driver) writes over the image",
	[KIND_NOMAP] = "the kernel leaves the no-map region out of its linear map, and the image with it",
	[KIND_CMA] = "CMA hands the pages out to drivers, over the image",
};

/* What @im has in common with [@base, @base + @size): one finding. */
static void over(struct check_run *run, const struct image *im, enum kind kind, int node,
		 const char *name, rmem_phys_t base, rmem_phys_t size, bool lmb, bool refused)
{
	rmem_phys_t lo = im->base > base ? im->base : base;
	rmem_phys_t hi = im->base + im->size < base + size ? im->base + im->size : base + size;
	char rb[48], bytes[32], what[176];
	struct rmem_finding *f;

	if (hi <= lo)
		return;
	rmem_size_str(bytes, sizeof(bytes), hi - lo);
	image_str(im, what, sizeof(what));
	if (im->file && lmb)
		f = check_add(run, kind_rule[kind],
			      "load it elsewhere (change the address in U-Boot's environment), or move the region",
			      "%s and %s (%s) overlap by %s: U-Boot refuses to read the file there "
			      "(\"** Reading file would overwrite reserved memory **\"), as its LMB holds "
			      "the board's /reserved-memory regions with reg and /memreserve/",
			      what, name,
			      check_range_str(rb, sizeof(rb), base, size), bytes);
	else if (refused)
		f = check_add(run, kind_rule[kind],
			      "load it elsewhere (the bootloader's address), or move the region",
			      "%s and %s (%s) overlap by %s: the kernel refuses the region (\"failed "
			      "to reserve memory for node\"), which it finds reserved already, but "
			      "its owner (firmware, a device) still writes there, over the image",
			      what, name, check_range_str(rb, sizeof(rb), base, size), bytes);
	else
		f = check_add(run, kind_rule[kind],
			      "load it elsewhere (the bootloader's address), or move the region",
			      "%s and %s (%s) overlap by %s: the kernel reserves both without a "
			      "word, and %s",
			      what, name,
			      check_range_str(rb, sizeof(rb), base, size), bytes, kind_harm[kind]);
	check_subject(run, f, im->what, im->base, im->size);
	if (node >= 0)
		check_node(run, f, node, base, size);
	else
		check_subject(run, f, name, base, size);
}

static enum kind node_kind(const struct rmem_rmem_node *n)
{
	return check_took_cma(n) ? KIND_CMA : n->nomap ? KIND_NOMAP : KIND_RESERVED;
}

/* Every region over @im: what the board reserves by reg (U-Boot knows those), then what the kernel placed. */
static void image_over_regions(struct check_run *run, const struct image *im)
{
	const struct rmem_ctx *ctx = run->ctx;
	char name[64];

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		rmem_phys_t b, s;

		if (check_node_has_reg_entries(n)) {
			for (unsigned int e = 0; check_reg_entry(ctx, n->fdt_node, e, &b, &s); e++)
				over(run, im, node_kind(n), n->fdt_node, n->name, b, s, e == 0,
				     n->reserve_failed);
		} else if (n->dynamic && !im->file && n->size &&
			   (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED)) {
			over(run, im, node_kind(n), n->fdt_node, n->name, n->base, n->size, false,
			     false);
		}
	}
	for (size_t i = 0; i < rmem_fdt_memreserve_count(ctx->fdt); i++) {
		uint64_t b, s;

		rmem_fdt_memreserve(ctx->fdt, i, &b, &s);
		/* U-Boot's fdt_shrink_to_minimum() adds one for the DTB itself */
		if (b == im->base && im->dtb)
			continue;
		snprintf(name, sizeof(name), "/memreserve/ entry %zu", i);
		over(run, im, KIND_RESERVED, -1, name, b, s, true, false);
	}
	for (unsigned int i = 0; !im->file && i < rmem_cma_area_count(run->ctx); i++) {
		struct rmem_cma *cma = rmem_cma_area(run->ctx, i);

		if (check_cma_node(ctx, cma) < 0 && rmem_cma_get_size(cma))
			over(run, im, KIND_CMA, -1, "the default CMA area", rmem_cma_get_base(cma),
			     rmem_cma_get_size(cma), false, false);
	}
}

static void image_outside_ram(struct check_run *run, const struct image *im)
{
	uint64_t in = check_ram_bytes(&run->ctx->memblock, im->base, im->size);
	char range[48], ram[160];
	struct rmem_finding *f;

	if (in == im->size)
		return;
	check_ram_str(&run->ctx->memblock, ram, sizeof(ram));
	f = check_add(run, CHECK_IMAGE_OUTSIDE_RAM,
		      "load it in RAM (the bootloader's address), or give the board's RAM with --memory",
		      "%s (%s) %s RAM (%s): %s", im->what,
		      check_range_str(range, sizeof(range), im->base, im->size),
		      in ? "runs out of" : "lies outside", ram,
		      im->file ? "the bootloader cannot load it there" :
				 "the kernel reserves it without a word, but reads no RAM there");
	check_subject(run, f, im->what, im->base, im->size);
}

/*
 * The early reservations (--reserve, or derived; the kernel first) are
 * images too: against the regions, and against the other images (among
 * themselves they are overlap-unreported's).
 */
static void reservations(struct check_run *run, const struct images *im)
{
	const struct rmem_plan_options *plan = run->opt ? run->opt->plan : NULL;

	for (size_t i = 0; plan && i < plan->nr_reserve && !run->err; i++) {
		struct image r = { .base = plan->reserve[i].base, .size = plan->reserve[i].size,
				   .named_range = true };

		if (!i || derived(run->ctx, r.base, r.size))
			r.obj = OBJ_KERNEL;
		check_reserve_name(run, r.what, sizeof(r.what), i, r.base, r.size);
		image_over_regions(run, &r);
		for (size_t j = 0; j < im->nr; j++)
			image_over_image(run, &im->i[j], &r);
	}
}

void check_loads(struct check_run *run)
{
	struct images im = { .nr = 0 };

	collect_images(run, &im);
	reservations(run, &im);
	for (size_t i = 0; i < im.nr && !run->err; i++) {
		image_over_regions(run, &im.i[i]);
		image_outside_ram(run, &im.i[i]);
		for (size_t j = i + 1; j < im.nr; j++)
			image_over_image(run, &im.i[i], &im.i[j]);
	}
}
