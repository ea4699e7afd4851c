// SPDX-License-Identifier: GPL-2.0-only
/*
 * Early boot steps every arch takes, in the kernel's words.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/contiguous.h>

#include "boot/boot.h"

int rmem_boot_memblock_panic(struct rmem_ctx *ctx, int ret)
{
	const struct rmem_memblock *mb = &ctx->memblock;
	bool memory = mb->panicked && !strcmp(mb->panicked, "memory");

	if (!mb->panicked)
		return ret;
	rmem_crash(ctx, "memblock's %s array is full (%zu regions) before memblock_allow_resize() lets it grow: the kernel panics (\"memblock: cannot resize %s array\"); %s",
		       mb->panicked, memory ? mb->memory.max : mb->reserved.max, mb->panicked,
		       memory ? "the memory nodes give too many ranges, or the no-map regions split them into too many" :
				"too many early reservations (/memreserve/, /reserved-memory)");
	return -EFAULT;
}

static int memory_op(void *arg, enum rmem_fdt_memory_op op, uint64_t base, uint64_t size)
{
	struct rmem_ctx *ctx = arg;
	int ret;

	if (op != RMEM_FDT_MEMORY_ADD)
		return 0;	/* hotplug marks change nothing rmem models */
	ret = rmem_memblock_add(&ctx->memblock, base, size);
	/* a panic ends the scan: the kernel adds no further bank */
	return rmem_boot_memblock_panic(ctx, ret);
}

/*
 * PHYS_OFFSET, where arm's linear map starts: with AUTO_ZRELADDR the
 * decompressor puts the kernel at its own load address rounded down to
 * 128 MiB, so that is the kernel image's base rounded down.  arm64 does not
 * use it.
 */
static uint64_t phys_offset(const struct rmem_plan_options *opt)
{
	return opt->nr_reserve ? opt->reserve[0].base & ~(uint64_t)0x7ffffff : 0;
}

void rmem_boot_warn(struct rmem_ctx *ctx, const char *msg, const char *file, int line,
		    const char *func)
{
	/* __warn_printk(): the cut line, then the message */
	rmem_log_printf(&ctx->log, RMEM_LOG_WARNING, "------------[ cut here ]------------\n");
	rmem_log_printf(&ctx->log, RMEM_LOG_WARNING, "%s\n", msg);
	if (ctx->profile.facts->printk.warn_file_first)
		rmem_log_printf(&ctx->log, RMEM_LOG_WARNING,
				"WARNING: %s:%d at %s, CPU#0: swapper/0\n", file, line, func);
	else
		rmem_log_printf(&ctx->log, RMEM_LOG_WARNING,
				"WARNING: CPU: 0 PID: 0 at %s:%d %s\n", file, line, func);
}

/* One WARN() of 7.2's early_init_dt_scan_root() */
static void warn_root_cells(struct rmem_ctx *ctx, const char *msg, const char *prop, int line)
{
	int root = fdt_path_offset(ctx->fdt->blob, "/");

	if (!line || root < 0 || fdt_getprop(ctx->fdt->blob, root, prop, NULL))
		return;
	rmem_boot_warn(ctx, msg, "drivers/of/fdt.c", line, "early_init_dt_scan_root");
}

/*
 * phys_initrd_start and phys_initrd_size, as early_init_dt_check_for_initrd()
 * sets them from /chosen, or from the caller's range: the start is a
 * phys_addr_t, the size an unsigned long (5.10 lets end below start wrap).
 */
static void boot_initrd(struct rmem_ctx *ctx, const struct rmem_plan_options *opt,
			const struct rmem_fdt_chosen *chosen)
{
	const struct rmem_profile *p = &ctx->profile;
	uint64_t start = chosen->initrd_start, end = chosen->initrd_end;

	if (opt->initrd_set) {
		start = opt->initrd.base;
		end = opt->initrd.base + opt->initrd.size;
	} else if (!chosen->have_initrd) {
		return;
	}
	ctx->phys_initrd_start = rmem_kernel_phys(p, start);
	ctx->phys_initrd_size = rmem_kernel_ulong(p, end - start);
}

int rmem_boot_scan_dt(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	const struct rmem_kernel_facts *facts = ctx->profile.facts;
	struct rmem_fdt_chosen chosen;
	const char *cmdline;
	int ret;

	/* early_init_dt_verify()'s early_init_dt_scan_root(), before /chosen */
	warn_root_cells(ctx, "No '#size-cells' in root node", "#size-cells",
			facts->fdt.warn_line_root_size_cells);
	warn_root_cells(ctx, "No '#address-cells' in root node", "#address-cells",
			facts->fdt.warn_line_root_addr_cells);
	ret = rmem_fdt_scan_chosen(ctx->fdt, &ctx->profile, &ctx->log, &chosen);
	if (ret)
		return ret;
	cmdline = opt->cmdline ? opt->cmdline : chosen.bootargs;
	ctx->boot_command_line = strdup(cmdline ? cmdline : "");
	boot_initrd(ctx, opt, &chosen);
	rmem_fdt_chosen_release(&chosen);
	if (!ctx->boot_command_line)
		return -ENOMEM;
	return rmem_fdt_scan_memory(ctx->fdt, &ctx->profile, phys_offset(opt), &ctx->log,
				    memory_op, ctx);
}

int rmem_boot_parse_early_param(struct rmem_ctx *ctx)
{
	return rmem_cmdline_parse(&ctx->cmdline, ctx->boot_command_line, &ctx->profile,
				  &ctx->log);
}

int rmem_boot_reserve_fdt(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	if (!opt->fdt_addr_set)
		return 0;
	return rmem_memblock_reserve(&ctx->memblock, opt->fdt_addr,
				     fdt_totalsize(ctx->fdt->blob));
}

static int reserve_some(struct rmem_ctx *ctx, const struct rmem_plan_options *opt,
			size_t from, size_t to)
{
	for (size_t i = from; i < to && i < opt->nr_reserve; i++) {
		int ret = rmem_memblock_reserve(&ctx->memblock, opt->reserve[i].base,
						opt->reserve[i].size);

		if (ret)
			return ret;
	}
	return 0;
}

int rmem_boot_reserve_early(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	return reserve_some(ctx, opt, 0, opt->nr_reserve);
}

int rmem_boot_reserve_image_initrd(struct rmem_ctx *ctx, const struct rmem_plan_options *opt)
{
	int ret = reserve_some(ctx, opt, 0, 1);

	if (!ret)
		ret = rmem_boot_reserve_initrd_mem(ctx);
	return ret ? ret : reserve_some(ctx, opt, 1, opt->nr_reserve);
}

/*
 * reserve_initrd_mem() (init/initramfs.c; 6.1's arm_initrd_init() says the
 * same): the initrd's whole pages, when they are memory and nothing holds
 * them yet; otherwise the initrd is dropped, and said so.
 */
int rmem_boot_reserve_initrd_mem(struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t page = rmem_profile_page_size(p);
	rmem_phys_t start = rmem_align_down(ctx->phys_initrd_start, page);
	uint64_t size = rmem_kernel_ulong(p, ctx->phys_initrd_size + (ctx->phys_initrd_start - start));
	const char *why = NULL;

	if (!ctx->phys_initrd_size)
		return 0;
	size = rmem_kernel_ulong(p, rmem_align_up(size, page));
	/*
	 * pr_err(), then pr_cont(" - disabling initrd\n"): the overlap's
	 * message ends its line already, so the continuation is a record of
	 * its own, at the default loglevel
	 */
	if (!rmem_memblock_is_region_memory(mb, start, size))
		why = "is not a memory region";
	else if (rmem_memblock_is_region_reserved(mb, start, size))
		why = "overlaps in-use memory region\n";
	if (!why)
		return rmem_memblock_reserve(mb, start, size);
	rmem_log_printf(&ctx->log, RMEM_LOG_ERR, "INITRD: 0x%08llx+0x%08llx %s%s",
			(unsigned long long)start, (unsigned long long)size, why,
			why[strlen(why) - 1] == '\n' ? "" : " - disabling initrd\n");
	if (why[strlen(why) - 1] == '\n')
		rmem_log_printf(&ctx->log, RMEM_LOG_WARNING, " - disabling initrd\n");
	ctx->phys_initrd_size = 0;
	return 0;
}

int rmem_boot_initcalls(struct rmem_ctx *ctx)
{
	/* core_initcall(cma_init_reserved_areas) */
	int ret = rmem_cma_activate_areas(ctx);

	/*
	 * core_initcall(dma_init_reserved_memory): what it returns is the
	 * kernel's business (an initcall's error only gets logged), and what
	 * it logs is in the log already.
	 */
	rmem_dma_init_reserved_memory(ctx);
	return ret;
}

/*
 * The lowest address from which [floor, @addr) is free memory: the memory
 * region holding @addr, cut by the reservations below @addr.  A free range
 * never spans two memory regions (memblock walks them one by one).
 */
static rmem_phys_t free_floor(const struct rmem_memblock *mb, rmem_phys_t addr)
{
	rmem_phys_t floor = 0;

	for (size_t i = 0; i < mb->memory.cnt; i++) {
		const struct rmem_memblock_region *m = &mb->memory.regions[i];

		if (m->base <= addr && addr < m->base + m->size)
			floor = m->base;
	}
	for (size_t i = 0; i < mb->reserved.cnt; i++) {
		const struct rmem_memblock_region *r = &mb->reserved.regions[i];

		if (r->size && r->base + r->size <= addr && r->base + r->size > floor)
			floor = r->base + r->size;
	}
	return floor;
}

/*
 * @n allocations of @size aligned to @size, as a loop of memblock_alloc()
 * makes them, a free range at a time: each takes the highest free block,
 * so together they fill each free range from its top down.  A loop of one
 * call per block would take hours for the page tables of a device tree
 * that claims terabytes.
 */
int rmem_boot_alloc_blocks(struct rmem_ctx *ctx, unsigned long n, rmem_phys_t size)
{
	struct rmem_memblock *mb = &ctx->memblock;
	rmem_phys_t page = rmem_profile_page_size(&ctx->profile);

	while (n) {
		rmem_phys_t top = rmem_memblock_find_in_range(mb, 0, RMEM_MEMBLOCK_ALLOC_ACCESSIBLE,
							      size, size);
		rmem_phys_t floor, take;
		int ret;

		if (!top)
			return -ENOMEM;
		/* memblock never hands out the first page */
		floor = rmem_align_up(free_floor(mb, top), size);
		if (floor < page)
			floor = rmem_align_up(page, size);
		take = (top + size - floor) / size;
		if (take > n)
			take = n;
		ret = rmem_memblock_reserve(mb, top + size - take * size, take * size);
		if (ret)
			return ret;
		n -= (unsigned long)take;
	}
	return 0;
}
