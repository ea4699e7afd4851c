// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-device DMA coherent pools (kernel/dma/coherent.c of 5.10, 6.1, 6.12).
 *
 * The allocator itself is the same in the three versions: a bitmap of one
 * bit per page, searched by bitmap_find_free_region() for a naturally
 * aligned run of 2^get_order(size) pages.  What differs is where failures
 * are logged and which kernels have a global default pool: see
 * rmem_dma_coherent_log_failure() and the profile's dma_global_pool_present.
 *
 * Locking as the kernel's mem->spinlock (5.10 coherent.c:160 and :227,
 * 6.1 and 6.12 :150 and :207): the bitmap's search and claim, and its
 * release, under the pool's lock; the new run is zeroed after it, the
 * pages being the caller's by then.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "dma/coherent.h"
#include "lib/bitmap.h"

void rmem_dma_coherent_log_failure(const struct rmem_profile *p,
				   const struct rmem_dma_coherent_desc *desc,
				   struct rmem_log *log, int err)
{
	/* a size_t, and 5.10 prints (unsigned long)size: a 64-bit size loses its top half */
	long long mib = (long long)(rmem_kernel_ulong(p, desc->size) / RMEM_SZ_1M);
	const char *pa = rmem_pa(p, desc->phys_addr);

	if (!p->facts->dma.coherent_logs_errors) {
		/*
		 * 5.10: dma_init_coherent_memory() prints nothing; its
		 * reserved-memory caller rmem_dma_device_init() prints for
		 * every error (coherent.c:337), dma_declare_coherent_memory()
		 * for none.
		 */
		if (desc->origin == RMEM_DMA_POOL_RESERVED_MEM)
			rmem_log_printf(log, RMEM_LOG_ERR,
					"Reserved memory: failed to init DMA memory pool at %s, size %lld MiB\n",
					pa, mib);
		return;
	}
	/*
	 * 6.1/6.12: dma_init_coherent_memory() itself prints, on its
	 * allocation failures only (coherent.c:72); size 0 and a refused
	 * memremap() return -EINVAL silently.
	 */
	if (err == -ENOMEM)
		rmem_log_printf(log, RMEM_LOG_ERR,
				"Reserved memory: failed to init DMA memory pool at %s, size %lld MiB\n",
				pa, mib);
}

/*
 * memremap(MEMREMAP_WC) (kernel/iomem.c) refuses System RAM, which it must
 * not alias with an uncached mapping, with a WARN_ONCE per cause; the
 * "WARNING: CPU..." line and backtrace that follow are not reproduced.
 */
static bool memremap_refuses(const struct rmem_profile *p,
			     const struct rmem_dma_coherent_desc *desc, uint64_t size,
			     struct rmem_log *log)
{
	const char *what;
	char needle[64];

	if (desc->ram == RMEM_DMA_REGION_NOT_RAM)
		return false;
	what = desc->ram == RMEM_DMA_REGION_MIXED ? "mixed range" : "ram";
	snprintf(needle, sizeof(needle), "memremap attempted on %s ", what);
	/* WARN_ONCE: the log is the boot, so a line already there was the once */
	if (log && rmem_log_find(log, needle) >= 0)
		return true;
	rmem_log_printf(log, RMEM_LOG_WARNING, "------------[ cut here ]------------\n");
	rmem_log_printf(log, RMEM_LOG_WARNING, "memremap attempted on %s %s size: %#llx\n",
			what, rmem_pa(p, desc->phys_addr), (unsigned long long)size);
	return true;
}

/* dma_init_coherent_memory() proper: -errno, nothing logged. */
static int init_coherent_memory(const struct rmem_profile *p,
				const struct rmem_dma_coherent_desc *desc, uint64_t size,
				struct rmem_log *log, struct rmem_dma_coherent_mem **mem)
{
	uint64_t pages = size >> p->page_shift;
	struct rmem_dma_coherent_mem *dma_mem;

	if (!size)
		return -EINVAL;
	if (memremap_refuses(p, desc, size, log))
		return -EINVAL;
	if (pages > INT_MAX)
		return -EOVERFLOW;
	dma_mem = calloc(1, sizeof(*dma_mem));
	if (!dma_mem)
		return -ENOMEM;
	/* a pool smaller than a page gets an empty bitmap, as kzalloc(0) succeeds */
	dma_mem->bitmap = rmem_bitmap_zalloc(pages);
	if (!dma_mem->bitmap || pthread_mutex_init(&dma_mem->lock, NULL)) {
		rmem_bitmap_free(dma_mem->bitmap);
		free(dma_mem);
		return -ENOMEM;
	}
	dma_mem->virt_base = desc->backing;
	dma_mem->device_base = desc->device_addr;
	dma_mem->dma_offset = desc->device_addr - desc->phys_addr;
	dma_mem->phys_base = desc->phys_addr;
	dma_mem->pfn_base = desc->phys_addr >> p->page_shift;
	dma_mem->size = (unsigned long)pages;
	dma_mem->page_shift = p->page_shift;
	/* 5.10 sets it in rmem_dma_device_init(), 6.x passes it in: same pools */
	dma_mem->use_dev_dma_pfn_offset = desc->origin == RMEM_DMA_POOL_RESERVED_MEM;
	dma_mem->exclusive = desc->exclusive;
	*mem = dma_mem;
	return 0;
}

int rmem_dma_init_coherent_memory(const struct rmem_profile *p,
				  const struct rmem_dma_coherent_desc *desc,
				  struct rmem_log *log, struct rmem_dma_coherent_mem **mem)
{
	int ret;

	ret = init_coherent_memory(p, desc, rmem_kernel_ulong(p, desc->size), log, mem);
	if (ret)
		rmem_dma_coherent_log_failure(p, desc, log, ret);
	return ret;
}

void rmem_dma_release_coherent_memory(struct rmem_dma_coherent_mem *mem)
{
	if (!mem)
		return;
	pthread_mutex_destroy(&mem->lock);
	rmem_bitmap_free(mem->bitmap);
	free(mem);
}

/*
 * dma_get_device_base(): a reserved-memory pool asks phys_to_dma() for its
 * first page frame, so the offset of an unaligned base within its page is
 * lost; a declared pool uses the device address it was given.
 */
static rmem_dma_t dma_get_device_base(const struct rmem_dma_coherent_mem *mem)
{
	if (mem->use_dev_dma_pfn_offset)
		return (mem->pfn_base << mem->page_shift) + mem->dma_offset;
	return mem->device_base;
}

static uint64_t pool_bytes(const struct rmem_dma_coherent_mem *mem)
{
	return (uint64_t)mem->size << mem->page_shift;
}

int rmem_dma_alloc_from_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				 rmem_dma_t *dma_handle, void **vaddr)
{
	uint64_t offset;
	void *ret = NULL;
	long pageno;

	if (!size)
		return -EINVAL;
	/*
	 * The search below would fail such a request too (its run is longer
	 * than the pool); checking first, as the kernel does, keeps the order
	 * within the width of the search's shifts.
	 */
	if (size > pool_bytes(mem))
		return -ENOMEM;
	pthread_mutex_lock(&mem->lock);
	pageno = rmem_bitmap_find_free_region(mem->bitmap, mem->size,
					      rmem_get_order(size, mem->page_shift));
	pthread_mutex_unlock(&mem->lock);
	if (pageno < 0)
		return -ENOMEM;
	offset = (uint64_t)pageno << mem->page_shift;
	*dma_handle = dma_get_device_base(mem) + offset;
	if (mem->virt_base) {
		ret = (char *)mem->virt_base + offset;
		/* the kernel zeroes what was asked for, not the rest of the run */
		memset(ret, 0, size);
	}
	if (vaddr)
		*vaddr = ret;
	return 0;
}

int rmem_dma_alloc_from_dev_coherent(struct rmem_dma_coherent_mem *mem, uint64_t size,
				     rmem_dma_t *dma_handle, void **vaddr, int *ret)
{
	int err;

	if (!mem)
		return 0;
	err = rmem_dma_alloc_from_coherent(mem, size, dma_handle, vaddr);
	if (ret)
		*ret = err;
	/* 5.10-6.12 return 1 whatever happened: every pool is exclusive */
	if (err && !mem->exclusive)
		return 0;
	return 1;
}

int rmem_dma_release_from_coherent(struct rmem_dma_coherent_mem *mem, rmem_dma_t dma_handle,
				   uint64_t size)
{
	rmem_dma_t base;
	uint64_t page, count;
	unsigned int order;
	int ret;

	if (!mem)
		return 0;
	base = dma_get_device_base(mem);
	if (dma_handle < base || dma_handle - base >= pool_bytes(mem))
		return 0;
	if (!size)
		return -EINVAL;
	page = (dma_handle - base) >> mem->page_shift;
	/* get_order() is at most 64 - PAGE_SHIFT: the shift cannot overflow */
	order = rmem_get_order(size, mem->page_shift);
	count = (uint64_t)1 << order;
	if (page % count || count > mem->size - page)
		return -ENOENT;
	/* bitmap_release_region() would clear bits it never set: refuse */
	pthread_mutex_lock(&mem->lock);
	ret = rmem_bitmap_range_full(mem->bitmap, page, count) ? 1 : -ENOENT;
	if (ret == 1)
		rmem_bitmap_release_region(mem->bitmap, page, order);
	pthread_mutex_unlock(&mem->lock);
	return ret;
}

/* The largest order bitmap_find_free_region() would still find, or -1U. */
static unsigned int largest_free_order(const struct rmem_dma_coherent_mem *mem)
{
	unsigned int order;
	size_t pos, step;

	if (!mem->size)
		return -1U;
	order = (unsigned int)(63 - __builtin_clzll(mem->size));
	for (;;) {
		step = (size_t)1 << order;
		for (pos = 0; pos + step <= mem->size; pos += step)
			if (rmem_bitmap_range_empty(mem->bitmap, pos, step))
				return order;
		if (!order)
			return -1U;
		order--;
	}
}

void rmem_dma_coherent_get_stat(const struct rmem_dma_coherent_mem *mem,
				struct rmem_dma_coherent_stat *st)
{
	/* the lock is not what a reader reads: a const pool is locked too */
	pthread_mutex_t *lock = (pthread_mutex_t *)&mem->lock;

	memset(st, 0, sizeof(*st));
	st->phys_base = mem->phys_base;
	st->device_base = dma_get_device_base(mem);
	st->pages = mem->size;
	st->exclusive = mem->exclusive;
	pthread_mutex_lock(lock);
	st->used = rmem_bitmap_weight(mem->bitmap, mem->size);
	st->largest_free_order = largest_free_order(mem);
	pthread_mutex_unlock(lock);
}

/*
 * 6.1/6.12 build the global pool only with CONFIG_DMA_GLOBAL_POOL
 * (coherent.c:279, 382).  5.10 has no such option: its rmem_dma_setup()
 * records "linux,dma-default" only under CONFIG_ARM (coherent.c:367-378).
 */

int rmem_dma_init_global_coherent(struct rmem_dma_global *global, const struct rmem_profile *p,
				  rmem_phys_t phys_addr, uint64_t size, void *backing,
				  struct rmem_log *log)
{
	/*
	 * 5.10 goes through rmem_dma_device_init(rmem, NULL), 6.x through
	 * dma_init_coherent_memory(phys, phys, size, true): both a
	 * reserved-memory pool at its own physical address.
	 */
	struct rmem_dma_coherent_desc desc = {
		.phys_addr = phys_addr,
		.device_addr = phys_addr,
		.size = size,
		.backing = backing,
		.origin = RMEM_DMA_POOL_RESERVED_MEM,
		.ram = RMEM_DMA_REGION_NOT_RAM,
		.exclusive = true,
	};
	int ret;

	if (!p->dma_global_pool_present)
		return -EOPNOTSUPP;
	if (global->mem)
		return -EBUSY;
	ret = rmem_dma_init_coherent_memory(p, &desc, log, &global->mem);
	if (ret)
		return ret;
	rmem_log_printf(log, RMEM_LOG_INFO, "DMA: default coherent area is set\n");
	return 0;
}

void rmem_dma_release_global_coherent(struct rmem_dma_global *global)
{
	rmem_dma_release_coherent_memory(global->mem);
	global->mem = NULL;
}

int rmem_dma_alloc_from_global_coherent(struct rmem_dma_global *global, uint64_t size,
					rmem_dma_t *dma_handle, void **vaddr)
{
	if (!global->mem)
		return -ENODEV;
	return rmem_dma_alloc_from_coherent(global->mem, size, dma_handle, vaddr);
}

int rmem_dma_release_from_global_coherent(struct rmem_dma_global *global,
					  rmem_dma_t dma_handle, uint64_t size)
{
	return rmem_dma_release_from_coherent(global->mem, dma_handle, size);
}
