/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The memory zones the page allocator will have (ZONE_DMA, ZONE_DMA32,
 * ZONE_NORMAL, ZONE_HIGHMEM), as the arch's zone setup computes them for
 * free_area_init().  CMA activation refuses an area that spans two.
 */
#ifndef RMEM_MM_ZONES_H
#define RMEM_MM_ZONES_H

#include <rmem/ctx.h>

struct rmem_zones {
	struct rmem_zone zone[RMEM_MAX_ZONES];
	size_t nr;			/* 0: one zone over everything */
};

/* As rmem_ctx_set_zones(): 0; -EINVAL when @n or the spans are not a zone list. */
int rmem_zones_set(struct rmem_zones *zones, const struct rmem_zone *zone, size_t n);

/* The index of the zone holding @pfn, or -1; 0 without zones. */
int rmem_zones_of(const struct rmem_zones *zones, rmem_pfn_t pfn);

#endif /* RMEM_MM_ZONES_H */
