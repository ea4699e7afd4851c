// SPDX-License-Identifier: GPL-2.0-only
/*
 * RAM: memory nodes the bootloader fills in, and regions or early
 * reservations that lie outside RAM, which memblock_reserve() and
 * memblock_mark_nomap() accept without a word.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "plan/check_internal.h"

/* Bytes of [@base, @base + @size) in memblock.memory (sorted, disjoint). */
uint64_t check_ram_bytes(const struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size)
{
	const struct rmem_memblock_type *mem = &mb->memory;
	rmem_phys_t end = base + size < base ? RMEM_PHYS_MAX : base + size;
	size_t first = 0, last = mem->cnt;
	uint64_t n = 0;

	/* the first region that ends above @base: memblock's list is sorted */
	while (first < last) {
		size_t mid = first + (last - first) / 2;

		if (mem->regions[mid].base + mem->regions[mid].size <= base)
			first = mid + 1;
		else
			last = mid;
	}
	for (size_t i = first; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];
		rmem_phys_t lo = r->base > base ? r->base : base;
		rmem_phys_t hi = r->base + r->size < end ? r->base + r->size : end;

		if (r->base >= end)
			break;
		if (hi > lo)
			n += hi - lo;
	}
	return n;
}

/* "0x40000000-0x80000000, 0x100000000-0x180000000": the first banks, for messages. */
const char *check_ram_str(const struct rmem_memblock *mb, char *buf, size_t len)
{
	const struct rmem_memblock_type *mem = &mb->memory;
	size_t used = 0, banks = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < mem->cnt && used < len; i++) {
		rmem_phys_t start = mem->regions[i].base, end = start + mem->regions[i].size;

		if (!mem->regions[i].size)
			continue;
		/* regions split only by their flags are one bank */
		while (i + 1 < mem->cnt && mem->regions[i + 1].base == end)
			end += mem->regions[++i].size;
		if (banks++ == 4) {
			snprintf(buf + used, len - used, ", ...");
			break;
		}
		used += (size_t)snprintf(buf + used, len - used, "%s%#llx-%#llx",
					 banks > 1 ? ", " : "", (unsigned long long)start,
					 (unsigned long long)end);
	}
	return buf[0] ? buf : "none";
}

/*
 * A memory node's reg read in the board's root cells: whether it lists any
 * RAM at all (a bootloader's placeholder lists size 0, or nothing).
 */
static bool memory_node_has_ram(const struct rmem_fdt *fdt, int node)
{
	int len, ac = fdt->root_addr_cells, sc = fdt->root_size_cells;
	const void *reg = fdt_getprop(fdt->blob, node, "reg", &len);
	int64_t t_len = check_entry_bytes(fdt);

	if (!reg || t_len <= 0)
		return false;
	for (int64_t left = len; left >= t_len; left -= t_len) {
		rmem_fdt_next_cell(ac, &reg);
		if (rmem_fdt_next_cell(sc, &reg))
			return true;
	}
	return false;
}

static bool is_memory_node(const struct rmem_fdt *fdt, int node)
{
	int len;
	const char *type = fdt_getprop(fdt->blob, node, "device_type", &len);

	return type && len > 0 && !strncmp(type, "memory", (size_t)len);
}

void check_memory_nodes(struct check_run *run)
{
	const struct rmem_fdt *fdt = run->board;
	const char *how = run->board != run->ctx->fdt ?
			  "; rmem checked the board with the RAM --memory gave" : "";
	struct rmem_finding *f;
	bool any = false;
	int node;

	fdt_for_each_subnode(node, fdt->blob, 0) {
		char path[256];

		if (!is_memory_node(fdt, node))
			continue;
		any = true;
		if (memory_node_has_ram(fdt, node))
			continue;
		if (fdt_get_path(fdt->blob, node, path, sizeof(path)))
			snprintf(path, sizeof(path), "/%s", rmem_fdt_name(fdt, node));
		f = check_add(run, CHECK_MEMORY_PLACEHOLDER,
			      "nothing, if the bootloader fills it in (U-Boot writes the first "
			      "memory node); otherwise give its reg the board's RAM",
			      "%s gives no RAM (its reg lists no bank of non-zero size): the kernel "
			      "adds none for it, and the RAM is what the bootloader writes there%s",
			      path, how);
		check_subject(run, f, path, 0, 0);
	}
	if (any)
		return;
	f = check_add(run, CHECK_MEMORY_MISSING,
		      "nothing, if the bootloader adds one (U-Boot adds /memory); otherwise add a "
		      "memory node with the board's RAM",
		      "the board has no memory node (device_type = \"memory\"): the kernel finds RAM "
		      "only where the bootloader writes it%s", how);
	check_subject(run, f, "/", 0, 0);
}

/* The @i-th entry of @node's reg, as the kernel reads it; false past the end. */
bool check_reg_entry(const struct rmem_ctx *ctx, int node, unsigned int i, rmem_phys_t *base,
		     rmem_phys_t *size)
{
	int len, ac = ctx->fdt->root_addr_cells, sc = ctx->fdt->root_size_cells;
	const void *reg = fdt_getprop(ctx->fdt->blob, node, "reg", &len);
	int64_t t_len = check_entry_bytes(ctx->fdt);

	if (!reg || t_len <= 0 || len % t_len || (int64_t)(i + 1) * t_len > len)
		return false;
	reg = (const char *)reg + (size_t)i * (size_t)t_len;
	*base = rmem_fdt_next_cell(ac, &reg);
	*size = rmem_fdt_next_cell(sc, &reg);
	/* a 32-bit phys_addr_t keeps the low bits, as the kernel's cast */
	if (ctx->profile.phys_addr_bits == 32) {
		*base = (uint32_t)*base;
		*size = (uint32_t)*size;
	}
	return true;
}

/* The regions the kernel reserved as their reg says: not disabled, not skipped. */
bool check_node_has_reg_entries(const struct rmem_rmem_node *n)
{
	return !n->dynamic && n->state != RMEM_NODE_DISABLED && n->state != RMEM_NODE_IGNORED &&
	       n->state != RMEM_NODE_INVALID;
}

/* @name and the range, unless @name says it (a --reserve option's) */
static void outside_ram(struct check_run *run, int node, const char *name, rmem_phys_t base,
			rmem_phys_t size, enum rmem_check_id id)
{
	const struct rmem_memblock *mb = &run->ctx->memblock;
	uint64_t in = check_ram_bytes(mb, base, size);
	char what[160], range[48], ram[160];
	struct rmem_finding *f;
	bool region = id == CHECK_REGION_OUTSIDE_RAM;

	if (in == size)
		return;
	if (strncmp(name, "--reserve", 9))
		snprintf(what, sizeof(what), "%s (%s)", name,
			 check_range_str(range, sizeof(range), base, size));
	else
		snprintf(what, sizeof(what), "%s", name);
	check_ram_str(mb, ram, sizeof(ram));
	if (in)
		f = check_add(run, id, region ?
			      "shrink or move it to lie wholly in RAM" :
			      "correct the reservation's base or size",
			      "%s runs out of RAM: %llu of its %llu bytes lie outside RAM (%s), "
			      "where the kernel reserves nothing useful and says nothing",
			      what, (unsigned long long)(size - in), (unsigned long long)size, ram);
	else
		f = check_add(run, id, region ?
			      "if it is RAM, add it to a memory node (or correct the address); "
			      "if it is SRAM or device memory, describe it by a node of its own "
			      "(mmio-sram), not in /reserved-memory" :
			      "correct the address: what the kernel reserves this early (its "
			      "image, the initrd, the DTB) is in RAM",
			      "%s lies outside RAM (%s): the kernel reserves it without a word, "
			      "but it is no system memory", what, ram);
	if (node >= 0)
		check_node(run, f, node, base, size);
	else
		check_subject(run, f, name, base, size);
}

static void check_regions_in_ram(struct check_run *run)
{
	const struct rmem_ctx *ctx = run->ctx;

	for (unsigned int i = 0; i < ctx->rm.node_count && check_wanted(run, CHECK_REGION_OUTSIDE_RAM);
	     i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		rmem_phys_t base, size;

		if (!check_node_has_reg_entries(n))
			continue;
		for (unsigned int e = 0; check_reg_entry(ctx, n->fdt_node, e, &base, &size); e++)
			if (size)
				outside_ram(run, n->fdt_node, n->name, base, size,
					    CHECK_REGION_OUTSIDE_RAM);
	}
}

/* "--reserve 0x40200000+0x2000000 (the kernel image)": rmem_plan_boot() takes the first so */
void check_reserve_name(const struct check_run *run, char *buf, size_t len, size_t i,
			rmem_phys_t base, rmem_phys_t size)
{
	const struct rmem_boot_chain *c = &run->ctx->chain;

	for (size_t j = 0; run->ctx->has_chain && j < c->nr_reserve; j++) {
		if (c->reserve[j].base == base && c->reserve[j].size == size) {
			snprintf(buf, len, "%s %#llx+%#llx", c->reserve[j].what,
				 (unsigned long long)base, (unsigned long long)size);
			return;
		}
	}
	snprintf(buf, len, "--reserve %#llx+%#llx%s", (unsigned long long)base,
		 (unsigned long long)size, i ? "" : " (the kernel image)");
}

static void check_reserves_in_ram(struct check_run *run)
{
	const struct rmem_plan_options *plan = run->opt ? run->opt->plan : NULL;
	const struct rmem_fdt *fdt = run->ctx->fdt;
	char name[96];

	for (size_t i = 0; plan && i < plan->nr_reserve; i++) {
		check_reserve_name(run, name, sizeof(name), i, plan->reserve[i].base,
				   plan->reserve[i].size);
		outside_ram(run, -1, name, plan->reserve[i].base, plan->reserve[i].size,
			    CHECK_RESERVE_OUTSIDE_RAM);
	}
	for (size_t i = 0; i < rmem_fdt_memreserve_count(fdt); i++) {
		uint64_t base, size;

		rmem_fdt_memreserve(fdt, i, &base, &size);
		snprintf(name, sizeof(name), "/memreserve/ entry %zu", i);
		outside_ram(run, -1, name, base, size, CHECK_RESERVE_OUTSIDE_RAM);
	}
}

void check_memory(struct check_run *run)
{
	check_memory_nodes(run);
	check_regions_in_ram(run);
	check_reserves_in_ram(run);
}
