// SPDX-License-Identifier: GPL-2.0-only
/*
 * The counters of /sys/kernel/mm/cma/NAME/ (mm/cma_sysfs.c): 6.1 has
 * alloc_pages_success and alloc_pages_fail, 6.12 adds
 * release_pages_success; 5.10 has no cma_sysfs.c at all.  The kernel's
 * counters are atomic64_t, updated outside cma->lock (6.1 cma_sysfs.c:19,
 * 6.12 :19-29): relaxed atomics here.
 */
#include "internal.h"

static bool cma_has_sysfs(const struct rmem_cma *cma)
{
	return CMA_FACT(cma->ctx, sysfs);
}

static bool cma_has_release_stat(const struct rmem_cma *cma)
{
	return CMA_FACT(cma->ctx, sysfs_release_stat);
}

void rmem_cma_sysfs_account_success_pages(struct rmem_cma *cma, unsigned long nr_pages)
{
	if (cma_has_sysfs(cma))
		atomic_fetch_add_explicit(&cma->nr_pages_succeeded, nr_pages,
					  memory_order_relaxed);
}

void rmem_cma_sysfs_account_fail_pages(struct rmem_cma *cma, unsigned long nr_pages)
{
	if (cma_has_sysfs(cma))
		atomic_fetch_add_explicit(&cma->nr_pages_failed, nr_pages,
					  memory_order_relaxed);
}

void rmem_cma_sysfs_account_release_pages(struct rmem_cma *cma, unsigned long nr_pages)
{
	if (cma_has_release_stat(cma))
		atomic_fetch_add_explicit(&cma->nr_pages_released, nr_pages,
					  memory_order_relaxed);
}

static uint64_t cma_counter_read(const _Atomic uint64_t *counter)
{
	return atomic_load_explicit(counter, memory_order_relaxed);
}

void rmem_cma_sysfs_stat(const struct rmem_cma *cma, struct rmem_cma_stat *st)
{
	st->has_sysfs = cma_has_sysfs(cma);
	st->has_release_stat = cma_has_release_stat(cma);
	st->alloc_pages_success = cma_counter_read(&cma->nr_pages_succeeded);
	st->alloc_pages_fail = cma_counter_read(&cma->nr_pages_failed);
	st->release_pages_success = cma_counter_read(&cma->nr_pages_released);
}
