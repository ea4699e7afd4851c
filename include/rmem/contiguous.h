/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA layer's CMA areas (kernel/dma/contiguous.c): the default area
 * every device without its own falls back to, from the command line's cma=,
 * the kernel's CONFIG_CMA_SIZE_* or a "linux,cma-default" reserved-memory
 * region.
 *
 * Lines are logged as the kernel prints them: "cma: " for the
 * dma_contiguous_reserve() debug lines (pr_fmt "cma: "), none for the
 * reserved-memory handler rmem_cma_setup() (the file switches pr_fmt to
 * plain before it).
 *
 * Not modelled: the per-node areas.  5.10 and 6.1 (arm64, with
 * CONFIG_DMA_PERNUMA_CMA=y in Debian) reserve them from
 * dma_pernuma_cma_reserve() only when "cma_pernuma=" is given, which rmem
 * does not parse; Debian's 6.12 leaves CONFIG_DMA_NUMA_CMA unset, so its
 * dma_numa_cma_reserve() does nothing.
 */
#ifndef RMEM_CONTIGUOUS_H
#define RMEM_CONTIGUOUS_H

#include <rmem/api.h>
#include <rmem/cma.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * rmem_dma_contiguous_reserve() - dma_contiguous_reserve(): reserve the
 * default area, unless a "linux,cma-default" region already made one.
 * @limit: the arch's DMA limit (arm64_dma_phys_limit, arm_dma_limit), 0 for
 *         none
 *
 * The size is the command line's cma= size when one was given (its base,
 * and its limit if lower than @limit, and fixed for "size@base"), else the
 * profile's: CONFIG_CMA_SIZE_MBYTES, or CONFIG_CMA_SIZE_PERCENTAGE of
 * memblock's memory, or the smaller or larger of the two.  A size of 0
 * reserves nothing.  Logs the kernel's pr_debug lines, then those of
 * cma_declare_contiguous() under the name "reserved" (the same in 5.10,
 * 6.1 and 6.12).
 *
 * Returns 0 (also when nothing was to be reserved); the error of
 * rmem_cma_declare_contiguous() otherwise, which the kernel ignores.
 */
RMEM_API
int rmem_dma_contiguous_reserve(struct rmem_ctx *ctx, rmem_phys_t limit);

/**
 * rmem_dma_contiguous_reserve_area() - dma_contiguous_reserve_area():
 * cma_declare_contiguous(@base, @size, @limit, 0, 0, @fixed, "reserved").
 * Returns 0 and *@res_cma; the errors of rmem_cma_declare_contiguous().
 */
RMEM_API
int rmem_dma_contiguous_reserve_area(struct rmem_ctx *ctx, rmem_phys_t size, rmem_phys_t base,
				     rmem_phys_t limit, struct rmem_cma **res_cma, bool fixed);

/**
 * rmem_dma_contiguous_default_area() - dma_contiguous_default_area: the
 * default area, NULL when there is none (yet).
 */
RMEM_API
struct rmem_cma *rmem_dma_contiguous_default_area(struct rmem_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_CONTIGUOUS_H */
