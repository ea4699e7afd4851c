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

#endif /* RMEM_FDT_ADDRESS_H */
