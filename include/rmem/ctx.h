/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One simulated machine: the kernel profile, its log, memblock, the memory
 * zones, the CMA areas and the DMA pools.  Everything the kernel keeps in
 * globals lives here, so that several machines can be simulated at once.
 *
 * Threads, as in the kernel: different contexts share nothing and may be
 * used from different threads freely.  Within one context, the boot (the
 * plan, memblock, the device-tree and command-line scans, CMA declaration
 * and activation, reserved-memory setup, the atomic pools' init, device
 * probes) is single-threaded, as the kernel's early boot and initcalls
 * are: one thread at a time, finished before the allocators are used
 * concurrently.  After it, these may be called from several threads at
 * once, on different areas or pools and on the same one, because the
 * kernel's locks are reproduced: rmem_cma_alloc(), rmem_cma_release(),
 * rmem_cma_get_stat(), rmem_cma_bitmap_show(), the DMA coherent pools'
 * alloc, release and stat functions (<rmem/coherent.h>),
 * rmem_dma_alloc_attrs() and rmem_dma_free_attrs() (<rmem/device.h>), and
 * logging (<rmem/log.h>).  The reports, and reading the log's lines
 * directly, need those threads to be done.  rmem_ctx_create() and
 * rmem_ctx_destroy() are not thread-safe on the same context.
 */
#ifndef RMEM_CTX_H
#define RMEM_CTX_H

#include <rmem/api.h>
#include <rmem/log.h>
#include <rmem/memblock.h>
#include <rmem/profile.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rmem_ctx;

#define RMEM_MAX_ZONES 4

/* A memory zone (ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_HIGHMEM) by pfn span. */
struct rmem_zone {
	char name[16];
	rmem_pfn_t start_pfn;
	rmem_pfn_t end_pfn;		/* exclusive */
};

/**
 * rmem_ctx_create() - a machine with no memory yet, running kernel @p.
 * Returns the context, or NULL with errno ENOMEM or EINVAL (@p does not
 * derive, see rmem_profile_derive()).
 */
RMEM_API
struct rmem_ctx *rmem_ctx_create(const struct rmem_profile *p);
RMEM_API
void rmem_ctx_destroy(struct rmem_ctx *ctx);

RMEM_API
const struct rmem_profile *rmem_ctx_profile(const struct rmem_ctx *ctx);
/** The command line the kernel booted with ("" before a boot). */
RMEM_API
const char *rmem_ctx_cmdline(const struct rmem_ctx *ctx);
RMEM_API
struct rmem_log *rmem_ctx_log(struct rmem_ctx *ctx);
RMEM_API
struct rmem_memblock *rmem_ctx_memblock(struct rmem_ctx *ctx);

/**
 * rmem_ctx_set_zones() - the zone spans the page allocator will have, as
 * the arch's zone setup computes them.  CMA activation refuses an area
 * that spans two zones.  Without this call there is one zone over all pfns.
 * Returns 0; -EINVAL when @n is 0 or above RMEM_MAX_ZONES, or the spans are
 * not sorted and disjoint.
 */
RMEM_API
int rmem_ctx_set_zones(struct rmem_ctx *ctx, const struct rmem_zone *zones, size_t n);

/**
 * rmem_ctx_crash() - the kernel's boot ends here: it would oops or panic.
 * Records @reason (what the user should know, in words) the first time;
 * the simulated boot stops at its next step.
 */
RMEM_API
void rmem_ctx_crash(struct rmem_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** rmem_ctx_crashed() - why the simulated kernel crashed, or NULL. */
RMEM_API
const char *rmem_ctx_crashed(const struct rmem_ctx *ctx);

/** rmem_ctx_zone_of() - index of the zone holding @pfn, or -1. */
RMEM_API
int rmem_ctx_zone_of(const struct rmem_ctx *ctx, rmem_pfn_t pfn);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_CTX_H */
