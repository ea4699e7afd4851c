/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct rmem_cma: one CMA area (the kernel's mm/cma.h), and the helpers
 * the files of src/cma/ share.
 */
#ifndef RMEM_CMA_CMA_H
#define RMEM_CMA_CMA_H

#include <pthread.h>
#include <stdatomic.h>

#include <rmem/cma.h>

#include "profile/facts.h"

/* what this kernel version's mm/cma.c does differently */
#define CMA_FACT(ctx, f)	((ctx)->profile.facts->cma.f)

struct rmem_cma {
	struct rmem_ctx *ctx;		/* the machine the area belongs to */
	rmem_pfn_t base_pfn;
	unsigned long count;		/* pages */
	unsigned long available_count;	/* 7.2: pages not handed out, under the lock */
	unsigned long *bitmap;		/* one bit per 2^order_per_bit pages */
	unsigned int order_per_bit;
	char name[RMEM_CMA_MAX_NAME];
	bool reserve_pages_on_error;

	/* rmem's own: activation was tried, and what a failure gave away */
	bool activated;
	unsigned long pages_to_buddy;

	/*
	 * cma->lock: the bitmap, in cma_alloc(), cma_release() and the
	 * debugfs readers (a mutex in 5.10, a spinlock from 6.1)
	 */
	pthread_mutex_t lock;

	/*
	 * rmem's own, under the lock: what the bitmap as it is now answered,
	 * so that failures repeated on an unchanged bitmap cost nothing; every
	 * change of the bitmap forgets both (rmem_cma_bitmap_changed())
	 */
	struct {
		bool valid;
		unsigned long mask, offset;	/* of the search */
		unsigned long nbits;		/* no room for this many bits, nor more */
	} no_room;
	struct {
		bool valid;
		size_t lines;			/* the console lines cma_debug_show_areas() prints */
	} show_areas;

	/* /sys/kernel/mm/cma/NAME/ counters: atomic64_t in the kernel */
	_Atomic uint64_t nr_pages_succeeded;
	_Atomic uint64_t nr_pages_failed;
	_Atomic uint64_t nr_pages_released;
};

/* mm/cma.c's globals: the areas of one machine */
struct rmem_cma_state {
	struct rmem_cma *areas;		/* cma_areas[]: profile.max_cma_areas entries */
	unsigned int area_count;
	unsigned long totalcma_pages;
	rmem_cma_range_fn range_fn;
	void *range_arg;
	/* cma_mutex: alloc_contig_range(), here the range hook, one at a time */
	pthread_mutex_t mutex;
	rmem_phys_t highmem_start;	/* __pa(high_memory - 1) + 1; 0: end of DRAM */
	bool debug;			/* CONFIG_CMA_DEBUG, from the profile */
};

/* No areas yet, room for the profile's MAX_CMA_AREAS; 0 or -ENOMEM. */
int rmem_cma_state_init(struct rmem_cma_state *cma, const struct rmem_profile *p);
void rmem_cma_state_release(struct rmem_cma_state *cma);

/*
 * Readers of a const area lock it too: the lock is not part of the state
 * they read, and every area lives in the context's writable table.
 */
static inline void rmem_cma_lock(const struct rmem_cma *cma)
{
	pthread_mutex_lock((pthread_mutex_t *)&cma->lock);
}

static inline void rmem_cma_unlock(const struct rmem_cma *cma)
{
	pthread_mutex_unlock((pthread_mutex_t *)&cma->lock);
}

/* The bitmap changed (lock held): what the caches knew of it is stale. */
static inline void rmem_cma_bitmap_changed(struct rmem_cma *cma)
{
	cma->no_room.valid = false;
	cma->show_areas.valid = false;
}

/* cma_bitmap_maxno(): the bitmap's size in bits. */
static inline unsigned long rmem_cma_bitmap_maxno(const struct rmem_cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

/* Shared by cma_init_reserved_mem() and cma_declare_contiguous_nid() */
rmem_phys_t rmem_cma_min_alignment(const struct rmem_profile *p);
int rmem_cma_check_slot(struct rmem_ctx *ctx);
bool rmem_cma_order_per_bit_ok(unsigned int order_per_bit);

/* cma_sysfs_account_*(): the counters behind /sys/kernel/mm/cma/NAME/ */
void rmem_cma_sysfs_account_success_pages(struct rmem_cma *cma, unsigned long nr_pages);
void rmem_cma_sysfs_account_fail_pages(struct rmem_cma *cma, unsigned long nr_pages);
void rmem_cma_sysfs_account_release_pages(struct rmem_cma *cma, unsigned long nr_pages);
/* The sysfs part of rmem_cma_get_stat(). */
void rmem_cma_sysfs_stat(const struct rmem_cma *cma, struct rmem_cma_stat *st);

/* cma_debug_show_areas(): the free runs, logged after a failed allocation. */
void rmem_cma_debug_show_areas(struct rmem_cma *cma);


#endif /* RMEM_CMA_CMA_H */
