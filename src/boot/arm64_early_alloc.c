// SPDX-License-Identifier: GPL-2.0-only
/*
 * What arm64 allocates top-down between /reserved-memory and the default
 * CMA area, in the kernel's order: the page tables of the linear map
 * (paging_init()), the unflattened device tree and its aliases
 * (unflatten_device_tree()), the NUMA node data (arch_numa_init()), and the
 * sparse memory map (sparse_init()).  The default area lands below them, so
 * their sizes decide where it goes.
 */
#include <ctype.h>
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "boot/arm64.h"

#define SIZEOF_STRUCT_PAGE	64
#define SIZEOF_MEM_SECTION	32	/* with CONFIG_PAGE_EXTENSION, as Debian builds */
#define SIZEOF_ALIAS_PROP	40	/* struct alias_prop, before its stem */
#define SIZEOF_RESOURCE		64	/* struct resource */

/*
 * How many @span-aligned blocks the memory regions touch below @limit, a
 * block shared by two regions counted once; NOMAP regions left out with
 * @mapped_only.
 */
static unsigned long blocks_touched(const struct rmem_memblock_type *mem, rmem_phys_t span,
				    bool mapped_only, rmem_phys_t limit)
{
	rmem_phys_t last = RMEM_PHYS_MAX;
	unsigned long n = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t first = rmem_align_down(r->base, span);
		rmem_phys_t end = r->size > limit - r->base ? limit : r->base + r->size;

		if (r->base >= limit || !r->size ||
		    (mapped_only && (r->flags & RMEM_MEMBLOCK_NOMAP)))
			continue;
		n += (unsigned long)((rmem_align_up(end, span) - first) / span);
		if (first == last)
			n--;
		last = rmem_align_down(end - 1, span);
	}
	return n;
}

/*
 * The sections present: memory_present() cuts each range at
 * MAX_PHYSMEM_BITS (mminit_validate_memmodel_limits()), which RAM given
 * back by a refused no-map region (5.10) can pass.
 */
static unsigned long sections_touched(const struct rmem_memblock_type *mem, rmem_phys_t span)
{
	return blocks_touched(mem, span, false, (rmem_phys_t)1 << ARM64_PHYS_BITS);
}

/* Whole @block-sized blocks inside [base, end). */
static unsigned long blocks_inside(rmem_phys_t base, rmem_phys_t end, rmem_phys_t block)
{
	rmem_phys_t first = rmem_align_up(base, block), last = rmem_align_down(end, block);

	return last > first ? (unsigned long)((last - first) / block) : 0;
}

/*
 * 6.12 leaves unmapped the whole of a page that a no-map region covers only
 * in part, while memblock still counts the rest of that page free: the
 * kernel faults writing an allocation placed there (Debian's 6.12 did, for
 * page-unaligned no-map regions; 5.10, 6.1 and 7.2 map such pages).
 */
static bool lands_in_unmapped_page(const struct arm64_boot *b, rmem_phys_t addr,
				   rmem_phys_t size, rmem_phys_t *page)
{
	const struct rmem_memblock_type *mem = &b->ctx->memblock.memory;
	rmem_phys_t psize = b->page_size;

	if (!b->m->nomap_page_unmapped)
		return false;
	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t edge[2] = { r->base, r->base + r->size };

		if (!(r->flags & RMEM_MEMBLOCK_NOMAP))
			continue;
		for (int j = 0; j < 2; j++) {
			rmem_phys_t p = rmem_align_down(edge[j], psize);

			if (edge[j] % psize && addr < p + psize && p < addr + size) {
				*page = p;
				return true;
			}
		}
	}
	return false;
}

/*
 * memblock_alloc_try_nid(): [@start, @end), then, as memblock_alloc_internal()
 * retries, without the lower limit.  The kernel writes what it gets: a
 * block in a page 6.12 left unmapped ends the boot.
 */
static int early_alloc(const struct arm64_boot *b, rmem_phys_t size, rmem_phys_t align,
		       rmem_phys_t start, rmem_phys_t end, rmem_phys_t *at)
{
	struct rmem_ctx *ctx = b->ctx;
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t addr, page;

	addr = rmem_memblock_alloc_range_nid(mb, size, align, start, end, RMEM_NUMA_NO_NODE, false);
	if (!addr && start)
		addr = rmem_memblock_alloc_range_nid(mb, size, align, 0, end, RMEM_NUMA_NO_NODE,
						     false);
	if (at)
		*at = addr;
	if (!addr)
		return rmem_boot_memblock_panic(ctx, -ENOMEM);
	if (lands_in_unmapped_page(b, addr, size, &page)) {
		rmem_crash(ctx, "an early allocation at %#llx lands in the page at %#llx, which a page-unaligned no-map region leaves unmapped: the kernel faults writing it",
			       (unsigned long long)addr, (unsigned long long)page);
		return -EFAULT;
	}
	return 0;
}

static int early_alloc_any(const struct arm64_boot *b, rmem_phys_t size, rmem_phys_t align,
			   rmem_phys_t *at)
{
	return early_alloc(b, size, align, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, at);
}

/*
 * How many of @n top-down allocations of @size (aligned to @size) land one
 * below the other from @top down: the free run under @top, which no
 * reserved region and no other memory region (memblock merges equal
 * neighbours) interrupts.
 */
static unsigned long free_run_below(const struct rmem_memblock *mb, rmem_phys_t top,
				    rmem_phys_t size, unsigned long n)
{
	rmem_phys_t low = 0, room;

	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct rmem_memblock_region *r = &mb->memory.regions[i];

		if (r->base <= top && top < r->base + r->size)
			low = r->base;
	}
	for (size_t i = 0; i < mb->reserved.cnt; i++) {
		const struct rmem_memblock_region *r = &mb->reserved.regions[i];

		if (r->base + r->size <= top && r->base + r->size > low)
			low = r->base + r->size;
	}
	room = (top + size - rmem_align_up(low, size)) / size;
	return room < n ? (unsigned long)room : n;
}

/*
 * @n allocations of a page-sized @size, as vmemmap_populate() makes them one
 * by one.  Each lands just below the one before while the free run lasts,
 * and memblock merges them into one reservation, so a run is reserved at
 * once: the same memblock in the end, without a search per page (a hostile
 * board with terabytes of RAM and no room for the memmap buffer asks for
 * millions).  One at a time where each one's own line or check matters:
 * memblock=debug, bottom-up, a run that meets a page 6.12 leaves unmapped.
 */
static int early_alloc_pages(const struct arm64_boot *b, unsigned long n, rmem_phys_t size)
{
	struct rmem_memblock *mb = &b->ctx->memblock;
	int ret = 0;

	while (!ret && n) {
		rmem_phys_t top = rmem_memblock_find_in_range(mb, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE,
							      size, size), page;
		unsigned long k = top && !mb->debug && !mb->bottom_up ?
				  free_run_below(mb, top, size, n) : 1;
		rmem_phys_t base = top + size - k * size;

		if (k <= 1 || lands_in_unmapped_page(b, base, k * size, &page)) {
			k = 1;
			ret = early_alloc_any(b, size, size, NULL);
		} else {
			ret = rmem_memblock_reserve(mb, base, k * size);
		}
		n -= k;
	}
	return ret;
}

/*
 * paging_init() -> map_mem(): with rodata=full every page of the linear
 * map is mapped by a PTE, so each block a PTE table covers needs one table,
 * and each span a PMD table covers needs one more.  NOMAP regions are not
 * mapped.
 */
static unsigned long linear_map_tables(const struct arm64_boot *b)
{
	const struct rmem_memblock_type *mem = &b->ctx->memblock.memory;
	rmem_phys_t pte_span = arm64_pmd_size(b);
	rmem_phys_t pmd_span = pte_span << (b->ctx->profile.page_shift - 3);
	unsigned long tables = blocks_touched(mem, pte_span, true, RMEM_PHYS_MAX) +
			       blocks_touched(mem, pmd_span, true, RMEM_PHYS_MAX);

	if (b->m->pgtable_skip_kernel && b->kernel_end > b->kernel_start)
		tables -= blocks_inside(b->kernel_start, b->kernel_end, pte_span);
	return tables;
}

/*
 * Whatever the memory map, the kernel maps its own image (5.10 and 6.1:
 * map_kernel()) or its linear alias (6.12: map_mem()), so paging_init()
 * takes one table at least.  early_pgtable_alloc() panics when memblock has
 * no page left for one: so ends the boot of a device tree without memory,
 * which the bootloader was to fill in.
 */
int arm64_paging_init(struct arm64_boot *b)
{
	struct rmem_ctx *ctx = b->ctx;
	long n = (long)linear_map_tables(b) + b->m->pgtable_extra;
	int ret = rmem_boot_alloc_blocks(ctx, n > 0 ? (unsigned long)n : 1, b->page_size);

	/* a table's reservation can find the reserved array full: 6.12 panics first */
	ret = rmem_boot_memblock_panic(ctx, ret);
	if (ret == -ENOMEM) {
		rmem_crash(ctx, "%spaging_init() finds no free page for a page table: the kernel panics (\"Failed to allocate page table page\")",
			       rmem_memblock_phys_mem_size(&ctx->memblock) ?
			       "" : "the device tree gives the kernel no memory, and ");
		return ret;
	}
	rmem_memblock_allow_resize(&ctx->memblock);
	return ret;
}

/*
 * The "name" property populate_properties() makes up: the node name up to
 * its last '@' (drivers/of/fdt.c, the same in 5.10, 6.1 and 6.12).
 */
static size_t made_up_name_len(const char *name)
{
	const char *at = strrchr(name, '@');

	return (at ? (size_t)(at - name) : strlen(name)) + 1;
}

/* early_init_dt_scan_chosen() NOPs a non-empty /chosen/rng-seed before the tree is unflattened. */
static bool nopped_by_kernel(const char *node, int depth, const char *prop, int len)
{
	return depth == 1 && len > 0 && !strcmp(prop, "rng-seed") &&
	       (!strcmp(node, "chosen") || !strcmp(node, "chosen@0"));
}

/* The dry run of __unflatten_device_tree(), the struct sizes of this build. */
static rmem_phys_t unflatten_size(const struct arm64_boot *b)
{
	const void *fdt = b->ctx->fdt->blob;
	rmem_phys_t size = 0;
	int node, prop, len, depth = 0;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name = fdt_get_name(fdt, node, NULL);
		bool has_name = false;

		size = rmem_align_up(size, 8) + b->m->sizeof_device_node + strlen(name) + 1;
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *pname;

			fdt_getprop_by_offset(fdt, prop, &pname, &len);
			if (nopped_by_kernel(name, depth, pname, len))
				continue;
			has_name |= !strcmp(pname, "name");
			size = rmem_align_up(size, 8) + b->m->sizeof_property;
		}
		if (!has_name)
			size = rmem_align_up(size, 8) + b->m->sizeof_property +
			       made_up_name_len(name);
	}
	/* ALIGN(size, 4), then the end marker */
	return rmem_align_up(size, 4) + 4;
}

/*
 * of_alias_scan(): one allocation per /aliases entry that names an existing
 * node and ends in a number, sized for the stem before that number.
 */
static int alias_scan(struct arm64_boot *b)
{
	const void *fdt = b->ctx->fdt->blob;
	int aliases = fdt_path_offset(fdt, "/aliases"), prop, len, ret;

	if (aliases < 0)
		return 0;
	fdt_for_each_property_offset(prop, fdt, aliases) {
		const char *name, *value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		size_t stem = strlen(name);

		if (!strcmp(name, "name") || !strcmp(name, "phandle") ||
		    !strcmp(name, "linux,phandle") || !value || len < 1 ||
		    strnlen(value, (size_t)len) == (size_t)len || value[0] != '/' ||
		    fdt_path_offset(fdt, value) < 0)
			continue;
		while (stem && isdigit((unsigned char)name[stem - 1]))
			stem--;
		if (!name[stem])	/* no number at the end: kstrtoint() fails */
			continue;
		ret = early_alloc_any(b, SIZEOF_ALIAS_PROP + stem + 1, 8, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* unflatten_device_tree(): its allocations panic when memblock has no room. */
int arm64_unflatten_device_tree(struct arm64_boot *b)
{
	rmem_phys_t size = unflatten_size(b);
	int ret = early_alloc_any(b, size, 8, NULL);

	if (ret == -ENOMEM)
		rmem_crash(b->ctx, "unflatten_device_tree() finds no room for the tree: the kernel panics (\"early_init_dt_alloc_memory_arch: Failed to allocate %llu bytes align=0x8\")",
			       (unsigned long long)size);
	return ret ? ret : alias_scan(b);
}

/* arch_numa_init(): no NUMA in the DT, so numa_init() fails once, then fakes node 0. */
int arm64_numa_init(struct arm64_boot *b, rmem_phys_t *node_data)
{
	struct rmem_ctx *ctx = b->ctx;
	rmem_phys_t dist;
	int ret;

	if (b->m->numa_distance) {
		ret = early_alloc_any(b, 256, b->page_size, &dist);
		if (ret)
			return ret;
		rmem_memblock_phys_free(&ctx->memblock, dist, 256);
		ret = early_alloc_any(b, 256, b->page_size, NULL);
		if (ret)
			return ret;
	}
	ret = early_alloc_any(b, b->m->node_data_bytes, SMP_CACHE_BYTES, node_data);
	if (ret || !b->m->numa_cpumask)
		return ret;
	return early_alloc_any(b, 64, SMP_CACHE_BYTES, NULL);
}

/*
 * No room for the one memmap buffer: vmemmap_populate() then takes what each
 * section needs on its own, a PMD block at a time where the memmap is
 * mapped by PMDs, a page at a time otherwise.  Section after section, these
 * are one sequence of equal allocations, asked for at once: a board of
 * 2^47 bytes of RAM has a million sections.
 */
static int sparse_populate_sections(struct arm64_boot *b, unsigned long sections,
				    rmem_phys_t per_section, rmem_phys_t map_size)
{
	int ret = early_alloc_pages(b, b->m->vmemmap_tables, b->page_size);

	if (ret)
		return ret;
	if (map_size == per_section)
		return early_alloc_pages(b, sections, map_size);
	return early_alloc_pages(b, sections * (unsigned long)(per_section / b->page_size),
				 b->page_size);
}

/*
 * sparse_init()'s first allocations: the array of root pointers, then one
 * page-sized section array per root that present memory falls in
 * (sparse_index_init()), in address order.
 */
static int sparse_roots(struct arm64_boot *b)
{
	const struct rmem_memblock_type *mem = &b->ctx->memblock.memory;
	rmem_phys_t root_span = ((rmem_phys_t)1 << b->m->section_size_bits) *
				(b->page_size / SIZEOF_MEM_SECTION);
	int ret = early_alloc_any(b, b->m->mem_section_roots_bytes, SMP_CACHE_BYTES, NULL);

	for (unsigned long i = 0, n = sections_touched(mem, root_span); !ret && i < n; i++)
		ret = early_alloc_any(b, b->page_size, SMP_CACHE_BYTES, NULL);
	return ret;
}

/*
 * setup_arch()'s request_standard_resources(): a struct resource per
 * memory region.  7.2 makes it before sparse_init(), earlier kernels after
 * (where rmem follows them no more).
 */
int arm64_request_standard_resources(struct arm64_boot *b)
{
	rmem_phys_t n = b->ctx->memblock.memory.cnt;

	return early_alloc_any(b, n * SIZEOF_RESOURCE, SMP_CACHE_BYTES, NULL);
}

/*
 * sparse_init(): the roots, the usemaps (near the node data, else
 * anywhere), the memmap buffer for every present section, the vmemmap's own
 * tables; with pages larger than 4K the memmap is mapped page by page and
 * the buffer's unused tail is given back.  7.2 has no buffer: each
 * section's memmap is mapped on its own, as when the buffer found no room.
 */
int arm64_sparse_init(struct arm64_boot *b, rmem_phys_t node_data)
{
	struct rmem_ctx *ctx = b->ctx;
	unsigned int shift = ctx->profile.page_shift;
	rmem_phys_t section = (rmem_phys_t)1 << b->m->section_size_bits;
	unsigned long sections = sections_touched(&ctx->memblock.memory, section);
	rmem_phys_t per_section = (rmem_phys_t)SIZEOF_STRUCT_PAGE << (b->m->section_size_bits - shift);
	rmem_phys_t map_size = rmem_align_up(per_section, arm64_pmd_size(b));
	rmem_phys_t goal = rmem_align_down(node_data, section), usemaps, buf;
	int ret = sparse_roots(b);

	if (ret)
		return ret;
	/* sparse_early_usemaps_alloc_pgdat_section(): near the node data, then without a limit */
	usemaps = (rmem_phys_t)b->m->usemap_bytes * sections;
	if (early_alloc(b, usemaps, SMP_CACHE_BYTES, goal, goal + section, NULL) &&
	    early_alloc(b, usemaps, SMP_CACHE_BYTES, goal, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE, NULL))
		return rmem_crashed(ctx) ? -EFAULT : -ENOMEM;
	if (b->m->memmap_per_section)
		return sparse_populate_sections(b, sections, per_section, map_size);
	if (early_alloc_any(b, map_size * sections, map_size, &buf))
		return rmem_crashed(ctx) ? -EFAULT
					     : sparse_populate_sections(b, sections, per_section,
									map_size);
	ret = early_alloc_pages(b, b->m->vmemmap_tables, b->page_size);
	if (ret || map_size == per_section)
		return ret;
	/* sparse_buffer_fini(): only the struct pages themselves were used */
	return rmem_memblock_phys_free(&ctx->memblock, buf + per_section * sections,
				       (map_size - per_section) * sections);
}
