// SPDX-License-Identifier: GPL-2.0-only
/*
 * The zone spans of one machine.
 */
#include <errno.h>

#include "mm/zones.h"

int rmem_zones_set(struct rmem_zones *zones, const struct rmem_zone *zone, size_t n)
{
	if (n == 0 || n > RMEM_MAX_ZONES)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (zone[i].start_pfn > zone[i].end_pfn)
			return -EINVAL;
		if (i && zone[i].start_pfn < zone[i - 1].end_pfn)
			return -EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		zones->zone[i] = zone[i];
	zones->nr = n;
	return 0;
}

int rmem_zones_of(const struct rmem_zones *zones, rmem_pfn_t pfn)
{
	if (!zones->nr)
		return 0;
	for (size_t i = 0; i < zones->nr; i++)
		if (pfn >= zones->zone[i].start_pfn && pfn < zones->zone[i].end_pfn)
			return (int)i;
	return -1;
}
