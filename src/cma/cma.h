/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct rmem_cma: one CMA area (the kernel's mm/cma.h).
 */
#ifndef RMEM_CMA_CMA_H
#define RMEM_CMA_CMA_H

#include <rmem/cma.h>

struct rmem_cma {
	struct rmem_ctx *ctx;		/* the machine the area belongs to */
	rmem_pfn_t base_pfn;
	unsigned long count;		/* pages */
	unsigned long *bitmap;		/* one bit per 2^order_per_bit pages */
	unsigned int order_per_bit;
	char name[RMEM_CMA_MAX_NAME];
	bool reserve_pages_on_error;

	/* /sys/kernel/mm/cma/NAME/ counters */
	uint64_t nr_pages_succeeded;
	uint64_t nr_pages_failed;
	uint64_t nr_pages_released;
};

#endif /* RMEM_CMA_CMA_H */
