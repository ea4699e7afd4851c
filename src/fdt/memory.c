// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_dt_scan_memory() and the generic early_init_dt_add_memory_arch()
 * (drivers/of/fdt.c; arm and arm64 do not override it, only its
 * MIN/MAX_MEMBLOCK_ADDR bounds).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <libfdt.h>

#include "fdt/fdt.h"
#include "profile/facts.h"

#define pr_fmt "OF: fdt: "

struct fdt_mem_scan {
	const struct rmem_fdt *fdt;
	const struct rmem_profile *p;
	uint64_t phys_offset;		/* MIN_MEMBLOCK_ADDR */
	uint64_t max_addr;		/* MAX_MEMBLOCK_ADDR */
	struct rmem_log *log;
	rmem_fdt_memory_fn fn;
	void *arg;
};

/*
 * The nodes the scan visits.  5.10 (fdt.c:991, through of_scan_flat_dt())
 * visits every node of the tree, the root included; 6.1 (fdt.c:1096) and
 * 6.12 (fdt.c:962) only the subnodes of offset 0, the root.
 * Start with @node = -1.
 */
static int fdt_mem_next_node(const struct fdt_mem_scan *s, int node, int *depth)
{
	const void *blob = s->fdt->blob;

	if (s->p->facts->fdt.scan_whole_tree) {
		node = fdt_next_node(blob, node, depth);
		return node >= 0 && *depth >= 0 ? node : -1;
	}
	node = node < 0 ? fdt_first_subnode(blob, 0) : fdt_next_subnode(blob, node);
	return node >= 0 ? node : -1;
}

/*
 * 7.2's of_flat_dt_get_addr_size_prop(): @name only when it holds whole
 * <base size> entries, else none (fdt.c:626 in 7.2).
 */
static const void *fdt_mem_entries_prop(const struct fdt_mem_scan *s, int node, const char *name,
					int *len)
{
	const void *reg = rmem_fdt_getprop(s->fdt, node, name, len);
	long long elen = 4LL * ((long long)s->fdt->root_addr_cells + s->fdt->root_size_cells);

	if (reg && s->p->facts->fdt.reg_whole_entries && elen > 0 && *len % elen)
		return NULL;
	return reg;
}

/*
 * A "memory" node the kernel reads, and its linux,usable-memory or reg
 * (the first one present, even empty; from 7.2 the first one of whole
 * entries).  Only 6.1 and later check status.
 */
static const void *fdt_mem_node_reg(const struct fdt_mem_scan *s, int node, int *len)
{
	const struct rmem_fdt *fdt = s->fdt;
	const char *type = rmem_fdt_getprop(fdt, node, "device_type", NULL);
	const void *reg;

	/* strcmp(type, "memory"): the kernel's string may run past the property */
	if (!type || rmem_fdt_strlen(fdt, type) != 6 || memcmp(type, "memory", 6))
		return NULL;
	if (s->p->facts->fdt.memory_status_checked && !rmem_fdt_device_is_available(fdt, node))
		return NULL;
	reg = fdt_mem_entries_prop(s, node, "linux,usable-memory", len);
	if (!reg)
		reg = fdt_mem_entries_prop(s, node, "reg", len);
	return reg;
}

/*
 * The kernel's loop "while ((endp - reg) >= (addr_cells + size_cells))"
 * never ends when the sum is 0 or less (or overflows int), and reads
 * backwards with a negative count: refuse such cells before doing anything,
 * if some node would reach that loop.
 */
static int fdt_mem_check_cells(const struct fdt_mem_scan *s)
{
	long long ac = s->fdt->root_addr_cells, sc = s->fdt->root_size_cells;
	int node = -1, depth = -1, len;

	if (ac >= 0 && sc >= 0 && ac + sc > 0 && ac + sc <= INT_MAX)
		return 0;
	while ((node = fdt_mem_next_node(s, node, &depth)) >= 0) {
		if (!fdt_mem_node_reg(s, node, &len))
			continue;
		rmem_log_printf(s->log, RMEM_LOG_ADVICE,
				"device tree: / has #address-cells = <%lld> and #size-cells = <%lld>, with which the kernel's early_init_dt_scan_memory() never finishes reading the reg of %s; rmem stops here",
				ac, sc, rmem_fdt_name(s->fdt, node));
		return -EINVAL;
	}
	return 0;
}

/*
 * The kernel ignores what memblock_add() returns; -EFAULT says the kernel
 * crashed in it (6.12's memblock panic), which ends the scan.
 */
static int fdt_mem_add(const struct fdt_mem_scan *s, uint64_t base, uint64_t size)
{
	int ret = s->fn(s->arg, RMEM_FDT_MEMORY_ADD, rmem_kernel_phys(s->p, base),
			rmem_kernel_phys(s->p, size));

	return ret == -EFAULT ? ret : 0;
}

/*
 * early_init_dt_add_memory_arch(): 5.10 fdt.c:1101, 6.1 fdt.c:1218,
 * 6.12 fdt.c:1084, the same in all three.  arm64 allows everything here
 * (MIN_MEMBLOCK_ADDR 0, MAX_MEMBLOCK_ADDR U64_MAX: asm/memory.h) and clips
 * later; arm keeps the generic __pa(PAGE_OFFSET) and (phys_addr_t)~0.
 */
static int fdt_mem_add_arch(const struct fdt_mem_scan *s, uint64_t base, uint64_t size)
{
	uint64_t page = rmem_profile_page_size(s->p), off = base & (page - 1);
	uint64_t phys_offset = s->phys_offset, max = s->max_addr;

	if (size < page - off) {
		rmem_log_printf(s->log, RMEM_LOG_WARNING,
				pr_fmt "Ignoring memory block 0x%llx - 0x%llx\n",
				(unsigned long long)base, (unsigned long long)(base + size));
		return 0;
	}
	if (off) {
		size -= page - off;
		base = (base + page - 1) & ~(page - 1);
	}
	size &= ~(page - 1);
	if (base > max) {
		rmem_log_printf(s->log, RMEM_LOG_WARNING,
				pr_fmt "Ignoring memory block 0x%llx - 0x%llx\n",
				(unsigned long long)base, (unsigned long long)(base + size));
		return 0;
	}
	if (base + size - 1 > max) {
		rmem_log_printf(s->log, RMEM_LOG_WARNING,
				pr_fmt "Ignoring memory range 0x%llx - 0x%llx\n",
				(unsigned long long)(max + 1), (unsigned long long)(base + size));
		size = max - base + 1;
	}
	if (base + size < phys_offset) {
		rmem_log_printf(s->log, RMEM_LOG_WARNING,
				pr_fmt "Ignoring memory block 0x%llx - 0x%llx\n",
				(unsigned long long)base, (unsigned long long)(base + size));
		return 0;
	}
	if (base < phys_offset) {
		rmem_log_printf(s->log, RMEM_LOG_WARNING,
				pr_fmt "Ignoring memory range 0x%llx - 0x%llx\n",
				(unsigned long long)base, (unsigned long long)phys_offset);
		size -= phys_offset - base;
		base = phys_offset;
	}
	return fdt_mem_add(s, base, size);
}

/* Returns 0, or -EFAULT when the kernel crashed in memblock_add(). */
static int fdt_mem_scan_node(const struct fdt_mem_scan *s, int node)
{
	int ac = s->fdt->root_addr_cells, sc = s->fdt->root_size_cells, len;
	const void *reg = fdt_mem_node_reg(s, node, &len);
	bool hotpluggable;
	size_t ncells;

	if (!reg)
		return 0;
	ncells = (size_t)len / 4;
	hotpluggable = rmem_fdt_getprop(s->fdt, node, "hotpluggable", NULL) != NULL;
	if (s->p->facts->fdt.reg_whole_entries)
		rmem_log_printf(s->log, RMEM_LOG_DEBUG,
				pr_fmt "memory scan node %s, reg {addr,size} entries %d,\n",
				rmem_fdt_name(s->fdt, node), (int)(len / (4LL * ((long long)ac + sc))));
	else
		rmem_log_printf(s->log, RMEM_LOG_DEBUG, pr_fmt "memory scan node %s, reg size %d,\n",
				rmem_fdt_name(s->fdt, node), len);
	while (ncells >= (size_t)ac + (size_t)sc) {
		uint64_t base = rmem_fdt_next_cell(ac, &reg);
		uint64_t size = rmem_fdt_next_cell(sc, &reg);

		ncells -= (size_t)ac + (size_t)sc;
		if (size == 0)
			continue;
		/* 5.10 fdt.c:1022 spaces this line differently from 6.1 fdt.c:1134 */
		rmem_log_printf(s->log, RMEM_LOG_DEBUG,
				s->p->facts->fdt.memory_line_old_spacing ? pr_fmt " - %llx ,  %llx\n"
						     : pr_fmt " - %llx, %llx\n",
				(unsigned long long)base, (unsigned long long)size);
		if (fdt_mem_add_arch(s, base, size))
			return -EFAULT;
		if (!hotpluggable)
			continue;
		/* the tree's range, not the one added: the kernel marks what it read */
		if (s->fn(s->arg, RMEM_FDT_MEMORY_HOTPLUG, rmem_kernel_phys(s->p, base),
			  rmem_kernel_phys(s->p, size)))
			rmem_log_printf(s->log, RMEM_LOG_WARNING,
					pr_fmt "failed to mark hotplug range 0x%llx - 0x%llx\n",
					(unsigned long long)base,
					(unsigned long long)(base + size));
	}
	return 0;
}

int rmem_fdt_scan_memory(const struct rmem_fdt *fdt, const struct rmem_profile *p,
			 uint64_t phys_offset, struct rmem_log *log, rmem_fdt_memory_fn fn,
			 void *arg)
{
	struct fdt_mem_scan s = {
		.fdt = fdt, .p = p, .log = log, .fn = fn, .arg = arg,
		.phys_offset = p->arch_ops->min_memblock_addr ? phys_offset : 0,
		.max_addr = p->phys_addr_bits == 32 ? UINT32_MAX : UINT64_MAX,
	};
	int node = -1, depth = -1, ret;

	ret = fdt_mem_check_cells(&s);
	if (ret)
		return ret;
	while ((node = fdt_mem_next_node(&s, node, &depth)) >= 0) {
		ret = fdt_mem_scan_node(&s, node);
		if (ret)
			return ret;
	}
	return 0;
}
