/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal types shared by the modules: the context object behind the
 * public struct rmem_ctx; and printk, which every module uses.
 */
#ifndef RMEM_INTERNAL_H
#define RMEM_INTERNAL_H

#include <rmem/bootchain.h>
#include <rmem/cma.h>
#include <rmem/cmdline.h>
#include <rmem/coherent.h>
#include <rmem/ctx.h>
#include <rmem/reserved_mem.h>

#include "cma/cma.h"
#include "dma/dma_state.h"
#include "fdt/fdt.h"
#include "profile/facts.h"
#include "reserved_mem/rm_state.h"
#include "mm/zones.h"
#include "printk/panic.h"
#include "printk/printk.h"

/*
 * Locks, outermost first: atomic_pools_lock; then a CMA area's lock or
 * cma_mutex (never both, as in mm/cma.c) or a coherent pool's lock; the
 * log's lock last.  Everything else is written at boot only.
 */
struct rmem_ctx {
	struct rmem_profile profile;
	struct rmem_log log;
	struct rmem_memblock memblock;

	struct rmem_panic panic;	/* why the kernel crashed */
	struct rmem_zones zones;

	/* initial_boot_params: the device tree the kernel was given */
	const struct rmem_fdt *fdt;
	struct rmem_fdt fdt_owned;	/* what rmem_plan_boot() loaded; fdt points here */
	/* boot_command_line, and what its early parameters set */
	char *boot_command_line;
	struct rmem_cmdline cmdline;
	/* phys_initrd_start and phys_initrd_size (size 0: no initrd) */
	rmem_phys_t phys_initrd_start;
	uint64_t phys_initrd_size;

	/* rmem_plan_options.lint: the advice rmem check gives as findings is left to it */
	bool lint;
	/* rmem_plan_options.chain: how the early reservations were derived */
	bool has_chain;
	struct rmem_boot_chain chain;

	struct rmem_rm_state rm;	/* drivers/of/of_reserved_mem.c */
	struct rmem_cma_state cma;	/* mm/cma.c */
	struct rmem_dma_state dma;	/* kernel/dma/ */
};

/* panic(), and whether the boot has ended in one (see <rmem/ctx.h>) */
#define rmem_crash(ctx, ...)	rmem_panic_record(&(ctx)->panic, __VA_ARGS__)
#define rmem_crashed(ctx)	rmem_panic_reason(&(ctx)->panic)

#define RMEM_SZ_1M ((uint64_t)1 << 20)

static inline bool rmem_is_power_of_2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* ALIGN() / ALIGN_DOWN() for a power-of-two @a; wraps as the kernel's do. */
static inline uint64_t rmem_align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline uint64_t rmem_align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

/* get_order(): the order of pages that holds @size bytes (size > 0). */
static inline unsigned int rmem_get_order(uint64_t size, unsigned int page_shift)
{
	unsigned int order = 0;

	size = (size - 1) >> page_shift;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

#endif /* RMEM_INTERNAL_H */
