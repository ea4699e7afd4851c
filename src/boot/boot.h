/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The early boot of each arch, as far as reserved memory and CMA go: one
 * file per arch tells the story in the kernel's order (setup_arch() and what
 * it calls), with the steps shared by all arches here.
 */
#ifndef RMEM_BOOT_BOOT_H
#define RMEM_BOOT_BOOT_H

#include <rmem/plan.h>

#include "internal.h"

/*
 * The early boot of the profile's arch, up to the initcalls; -EOPNOTSUPP
 * when rmem has no boot story for it (boot.c lists them).
 */
int rmem_boot(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

int rmem_boot_arm64(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);
int rmem_boot_arm(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);
int rmem_boot_riscv64(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

/*
 * early_init_dt_scan(): the root's cells were read when the tree was
 * loaded; /chosen gives boot_command_line unless the caller gave one; every
 * memory node's ranges go to memblock_add(), until memblock panics
 * (-EFAULT, see rmem_boot_memblock_panic()).
 */
int rmem_boot_scan_dt(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

/*
 * 6.12's memblock panics when an array is full before
 * memblock_allow_resize() (mm/memblock.c:424), and the boot ends there:
 * once memblock has panicked, records the crash and returns -EFAULT;
 * otherwise returns @ret.
 */
int rmem_boot_memblock_panic(struct rmem_ctx *ctx, int ret);

/*
 * A WARN() as the kernel logs it (__warn()'s first lines, without the
 * registers and the backtrace): the cut line, @msg, where it fired.
 */
void rmem_boot_warn(struct rmem_ctx *ctx, const char *msg, const char *file, int line,
		    const char *func);

/* parse_early_param() on boot_command_line */
int rmem_boot_parse_early_param(struct rmem_ctx *ctx);

/* The DTB's own reservation: where the bootloader put it, fdt_totalsize() long. */
int rmem_boot_reserve_fdt(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

/* The reservations the caller says the kernel made (image, initrd, firmware). */
int rmem_boot_reserve_early(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

/*
 * The caller's first reservation, the kernel image, then reserve_initrd_mem(),
 * then the others: arm's and riscv's order.
 */
int rmem_boot_reserve_image_initrd(struct rmem_ctx *ctx, const struct rmem_plan_options *opt);

/*
 * reserve_initrd_mem(), as arm and riscv call it: the initrd's pages are
 * reserved, or it is dropped with the kernel's "INITRD: ..." error when
 * they are not all memory or something holds them already.
 */
int rmem_boot_reserve_initrd_mem(struct rmem_ctx *ctx);

/* The initcalls that matter here: CMA activation, the global DMA pool. */
int rmem_boot_initcalls(struct rmem_ctx *ctx);

/* Allocate @n blocks of @size (aligned to @size) top-down, one at a time, as a loop of memblock_alloc() does. */
int rmem_boot_alloc_blocks(struct rmem_ctx *ctx, unsigned long n, rmem_phys_t size);

#endif /* RMEM_BOOT_BOOT_H */
