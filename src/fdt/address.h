/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What drivers/of/address.c makes of the device tree's dma-ranges at boot:
 * the highest CPU address DMA reaches, which bounds arm64's ZONE_DMA.
 */
#ifndef RMEM_FDT_ADDRESS_H
#define RMEM_FDT_ADDRESS_H

#include "fdt/fdt.h"

/**
 * rmem_fdt_dma_max_cpu_address() - of_dma_get_max_cpu_address(NULL), the
 * same function in 5.10, 6.1 and 6.12: the lowest, over / and every
 * available node below it whose dma-ranges is not empty, of the highest
 * CPU address that node's ranges reach, each range's parent address
 * translated up through the dma-ranges of the nodes above by the kernel's
 * bus translators (PCI, ISA, 6.1's "default-flags", default), untranslatable
 * ones included as the kernel computes them (OF_BAD_ADDR + size).
 * @log: receives the lines the kernel prints on the way ("OF: Bad cell
 * count for ...", "OF: ...: Missing device_type")
 * @max: receives the address; UINT64_MAX (PHYS_ADDR_MAX) when no node has
 * dma-ranges
 * @bad_node: on -ELOOP, the node whose dma-ranges stops the kernel
 * Returns 0; -ELOOP when the kernel would never finish, or would read
 * without bound, parsing a dma-ranges (cell counts of 0 in all, or below 0):
 * *@max is then meaningless.
 */
int rmem_fdt_dma_max_cpu_address(const struct rmem_fdt *fdt, const struct rmem_profile *p,
				 struct rmem_log *log, uint64_t *max, int *bad_node);

/* One range of a device's DMA map (struct bus_dma_region): CPU and bus addresses. */
struct rmem_fdt_dma_window {
	uint64_t cpu_start;
	uint64_t dma_start;
	uint64_t size;
};

/**
 * rmem_fdt_dma_range_node() - of_dma_get_range()'s search for the node
 * whose dma-ranges maps a device, from the device's parent @up[0] up to
 * the root @up[@n - 1]: the first with a non-empty dma-ranges, every one
 * on the way past the parent having one (empty).  Returns its offset, or
 * -ENODEV when there is none: the device has no DMA map and reaches every
 * address its masks allow.
 */
int rmem_fdt_dma_range_node(const struct rmem_fdt *fdt, const int *up, size_t n);

/**
 * rmem_fdt_dma_windows() - the DMA map of_dma_get_range() makes of @bus's
 * dma-ranges: each range, its parent address translated to a CPU address;
 * ranges that do not translate are skipped, as the kernel skips them.
 * Logs nothing.  @nr receives how many windows @win holds.
 * Returns 0; -EINVAL (no non-empty dma-ranges at @bus, or no range
 * translates: the kernel's of_dma_configure() fails); -E2BIG (more than
 * @max ranges); -ELOOP (a dma-ranges the kernel could not get through).
 */
int rmem_fdt_dma_windows(const struct rmem_fdt *fdt, const struct rmem_profile *p, int bus,
			 struct rmem_fdt_dma_window *win, size_t max, size_t *nr);

#endif /* RMEM_FDT_ADDRESS_H */
