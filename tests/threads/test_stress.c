// SPDX-License-Identifier: GPL-2.0-only
/*
 * Several threads on one machine at once, as CPUs and drivers call the
 * kernel's allocators: cma_alloc()/cma_release() (mm/cma.c, under
 * cma->lock and cma_mutex), __dma_alloc_from_coherent() /
 * __dma_release_from_coherent() (kernel/dma/coherent.c, under
 * mem->spinlock), dma_alloc_attrs()/dma_free_attrs() down to the atomic
 * pools (kernel/dma/pool.c, gen_pool), and printk() from all of them.
 *
 * Every thread works on a CMA area and a coherent pool shared by all, and
 * on an area and a pool of its own.  Each area and pool has real memory
 * behind it.  On every allocation the thread claims each page in a shared
 * owner table (compare-and-exchange from 0: a page already owned was handed
 * out twice) and fills the pages with its stamp; before each release it
 * checks the stamp is intact and gives the pages up.  At the end every
 * bitmap must be clear and every counter agree with what the threads saw.
 * Run under ThreadSanitizer (RMEM_SANITIZE=thread), a missing lock is a
 * reported race; in any build, a lost update is a page handed out twice or
 * a stamp overwritten.  Seeded: RMEM_SEED replays the threads' choices
 * (not their interleaving); RMEM_OPS sets the operations per thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rmem/contiguous.h>
#include <rmem/device.h>

#include "rmem_test.h"
#include "internal.h"

#define SZ_1G		0x40000000ULL
#define NR_THREADS	4
#define NR_REGIONS	(NR_THREADS + 1)	/* the shared one, then one per thread */
#define AREA_BASE	0x48000000ULL
#define AREA_PAGES	1024UL		/* 4 MiB: a 4 KiB kernel's CMA alignment (LPAE on arm) */
#define POOL_BASE	0x100000000ULL	/* outside RAM: memremap() takes it */
#define POOL_PAGES	256UL
#define MAX_LIVE	48		/* allocations a thread holds at once */
#define MSG_LINES	3		/* lines of the multi-line log message */

/* A CMA area or a coherent pool, with the memory behind it. */
struct region {
	struct rmem_cma *cma;
	struct rmem_dma_coherent_mem *pool;
	unsigned char *mem;		/* pages * page size bytes, mmap()ed */
	unsigned long pages;
	rmem_pfn_t base_pfn;		/* CMA */
	rmem_dma_t dma_base;		/* pool: device address of page 0 */
	_Atomic unsigned int *owner;	/* per page: 0 free, else thread id + 1 */
	/* what the threads saw, for the sysfs counters */
	_Atomic uint64_t pages_ok, pages_failed, pages_released;
};

enum op_kind { OP_CMA, OP_POOL, OP_DEV_CMA, OP_DEV_POOL, OP_ATOMIC, NR_KINDS };

/* One allocation a thread holds. */
struct live {
	enum op_kind kind;
	struct region *r;
	unsigned long page;		/* first page in the region */
	unsigned long count;		/* pages claimed */
	uint64_t size;			/* bytes asked (pools) */
	uint64_t stamp;
	struct rmem_dma_alloc dev;	/* the device paths' record */
};

struct stress;

struct worker {
	pthread_t thread;
	unsigned int id;
	struct stress *s;
	struct rmem_rng rng;
	struct region *own_area, *own_pool;
	struct live live[MAX_LIVE];
	unsigned int nr_live;
	uint64_t serial;
	unsigned long ops, done[NR_KINDS], failed[NR_KINDS], messages;
	char error[512];		/* the first thing that went wrong; "" if none */
};

struct stress {
	struct rmem_ctx *ctx;
	uint64_t pg;			/* page size */
	unsigned long ops;		/* per thread */
	int no_room;			/* cma_alloc()'s error when no range fits */
	struct region areas[NR_REGIONS], pools[NR_REGIONS];
	/* devices after probe: a coherent one on the shared area, one on the
	 * shared pool, a non-coherent one for the atomic pools */
	struct rmem_device dev_cma, dev_pool, dev_atomic;
	struct worker workers[NR_THREADS];
};

/*
 * mm/cma.c: cma_alloc() with no free range that fits fails -ENOMEM up to
 * 6.12; 7.2's cma_range_alloc() starts from -EBUSY and __cma_alloc() keeps
 * it (the kernel logs "alloc failed, ... ret: -16").
 */
RMEM_TEST_KERNEL_FACT(int, cma_no_room, [RMEM_TEST_5_10] = -ENOMEM, [RMEM_TEST_6_1] = -ENOMEM,
		      [RMEM_TEST_6_12] = -ENOMEM, [RMEM_TEST_7_2] = -EBUSY)

static void worker_fail(struct worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first failure; the thread stops at its next check. */
static void worker_fail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (w->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(w->error, sizeof(w->error), fmt, ap);
	va_end(ap);
}

static uint64_t rnd(struct worker *w, uint64_t n)
{
	return rmem_rng_below(&w->rng, n);
}

static void *map_pages(unsigned long pages, uint64_t pg)
{
	void *p = mmap(NULL, pages * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	assert_true(p != MAP_FAILED);
	return p;
}

static void region_mem(struct region *r, unsigned long pages, uint64_t pg)
{
	r->pages = pages;
	r->mem = map_pages(pages, pg);
	r->owner = calloc(pages, sizeof(*r->owner));
	assert_non_null(r->owner);
}

/* Pages [page, page + count) become @w's: none may be anyone's already. */
static void claim(struct worker *w, struct region *r, unsigned long page, unsigned long count)
{
	for (unsigned long i = page; i < page + count; i++) {
		unsigned int prev = 0;

		if (!atomic_compare_exchange_strong(&r->owner[i], &prev, w->id + 1))
			worker_fail(w, "page %lu of %s handed out to thread %u while thread %u has it",
			     i, r->cma ? rmem_cma_get_name(r->cma) : "a pool", w->id, prev - 1);
	}
}

static void unclaim(struct worker *w, struct region *r, unsigned long page, unsigned long count)
{
	for (unsigned long i = page; i < page + count; i++) {
		unsigned int prev = atomic_exchange(&r->owner[i], 0);

		if (prev != w->id + 1)
			worker_fail(w, "page %lu: owner %u at release by thread %u", i, prev, w->id);
	}
}

static uint64_t *words(const struct stress *s, struct region *r, unsigned long page)
{
	return (uint64_t *)(r->mem + page * s->pg);
}

static void fill(struct worker *w, struct live *l)
{
	uint64_t *p = words(w->s, l->r, l->page);
	size_t n = l->count * w->s->pg / sizeof(*p);

	for (size_t i = 0; i < n; i++)
		p[i] = l->stamp ^ i;
}

static void verify(struct worker *w, const struct live *l)
{
	const uint64_t *p = words(w->s, l->r, l->page);
	size_t n = l->count * w->s->pg / sizeof(*p);

	for (size_t i = 0; i < n; i++) {
		if (p[i] != (l->stamp ^ i)) {
			worker_fail(w, "thread %u: word %zu of its run at page %lu reads %#llx, not %#llx",
			     w->id, i, l->page, (unsigned long long)p[i],
			     (unsigned long long)(l->stamp ^ i));
			return;
		}
	}
}

/* The pool zeroes what was asked, not the rest of the run (coherent.c). */
static void verify_zeroed(struct worker *w, const struct live *l)
{
	const unsigned char *p = l->r->mem + l->page * w->s->pg;

	for (uint64_t i = 0; i < l->size; i++) {
		if (p[i]) {
			worker_fail(w, "thread %u: byte %llu of a new pool run is not zero", w->id,
			     (unsigned long long)i);
			return;
		}
	}
}

/* The new allocation @l: claimed, stamped, kept. */
static void hold(struct worker *w, struct live *l)
{
	l->stamp = ((uint64_t)(w->id + 1) << 56) | (++w->serial << 16);
	claim(w, l->r, l->page, l->count);
	if (l->kind == OP_POOL || l->kind == OP_DEV_POOL)
		verify_zeroed(w, l);
	fill(w, l);
	w->live[w->nr_live++] = *l;
}

static struct region *pick(struct worker *w, struct region *shared, struct region *own)
{
	return rnd(w, 2) ? shared : own;
}

/* cma_alloc() of 1-64 pages aligned to 2^0-2^5 pages. */
static void alloc_cma(struct worker *w)
{
	struct region *r = pick(w, &w->s->areas[0], w->own_area);
	unsigned long count = 1 + rnd(w, 64);
	unsigned int align = (unsigned int)rnd(w, 6);
	struct live l = { .kind = OP_CMA, .r = r, .count = count };
	rmem_pfn_t pfn = 0;
	int ret = rmem_cma_alloc(r->cma, count, align, rnd(w, 2), &pfn);

	if (ret) {
		if (ret != w->s->no_room)
			worker_fail(w, "cma_alloc(%lu, %u): %d", count, align, ret);
		atomic_fetch_add(&r->pages_failed, count);
		w->failed[OP_CMA]++;
		return;
	}
	atomic_fetch_add(&r->pages_ok, count);
	if (pfn < r->base_pfn || pfn + count > r->base_pfn + r->pages || pfn & ((1UL << align) - 1))
		worker_fail(w, "cma_alloc(%lu, %u) gave pfn %#llx", count, align, (unsigned long long)pfn);
	l.page = (unsigned long)(pfn - r->base_pfn);
	hold(w, &l);
}

/* __dma_alloc_from_coherent() of up to 16 pages' bytes, directly or as a device's pool. */
static void alloc_pool(struct worker *w)
{
	struct region *r = pick(w, &w->s->pools[0], w->own_pool);
	uint64_t size = 1 + rnd(w, 16 * w->s->pg);
	unsigned int order = rmem_get_order(size, w->s->ctx->profile.page_shift);
	struct live l = { .kind = OP_POOL, .r = r, .count = 1UL << order, .size = size };
	rmem_dma_t dma = 0;
	void *vaddr = NULL;
	int ret = 0;

	if (rnd(w, 2))
		ret = rmem_dma_alloc_from_coherent(r->pool, size, &dma, &vaddr);
	else if (rmem_dma_alloc_from_dev_coherent(r->pool, size, &dma, &vaddr, &ret) != 1)
		worker_fail(w, "an exclusive pool must answer");
	if (ret) {
		if (ret != -ENOMEM)
			worker_fail(w, "dma_alloc_from_coherent(%llu): %d", (unsigned long long)size, ret);
		w->failed[OP_POOL]++;
		return;
	}
	l.page = (unsigned long)((dma - r->dma_base) / w->s->pg);
	if (dma < r->dma_base || l.page + l.count > r->pages || l.page % l.count ||
	    vaddr != r->mem + l.page * w->s->pg)
		worker_fail(w, "dma_alloc_from_coherent(%llu) gave %#llx", (unsigned long long)size,
		     (unsigned long long)dma);
	hold(w, &l);
}

/*
 * dma_alloc_attrs() of a coherent device with a CMA area: its area, else
 * the page allocator; arm's own DMA ops have no fallback (docs/sim.md):
 * -ENOMEM there.
 */
static void alloc_dev_cma(struct worker *w)
{
	struct stress *s = w->s;
	struct region *r = &s->areas[0];
	unsigned int shift = s->ctx->profile.page_shift;
	struct live l = { .kind = OP_DEV_CMA, .r = r };
	uint64_t size = 1 + rnd(w, 32 * s->pg);
	unsigned int align = rmem_get_order(size, shift);
	int ret = rmem_dma_alloc_attrs(s->ctx, &s->dev_cma, size, false, &l.dev);
	bool no_fallback = rmem_test_profile_is(&s->ctx->profile, RMEM_TEST_ARM);

	l.count = (unsigned long)(rmem_align_up(size, s->pg) >> shift);
	if (ret == -ENOMEM && no_fallback && l.dev.src == RMEM_DMA_SRC_NONE) {
		atomic_fetch_add(&r->pages_failed, l.count);
		w->failed[OP_DEV_CMA]++;
		return;
	}
	if (ret || l.dev.src == RMEM_DMA_SRC_PAGES) {
		/* the area was full: the page allocator had the pages */
		if (ret || rmem_dma_free_attrs(s->ctx, &s->dev_cma, &l.dev))
			worker_fail(w, "dma_alloc_attrs(%llu): %d", (unsigned long long)size, ret);
		atomic_fetch_add(&r->pages_failed, l.count);
		w->failed[OP_DEV_CMA]++;
		return;
	}
	atomic_fetch_add(&r->pages_ok, l.count);
	if (l.dev.src != RMEM_DMA_SRC_CMA || l.dev.cma != r->cma || l.dev.count != l.count ||
	    l.dev.pfn < r->base_pfn || l.dev.pfn + l.count > r->base_pfn + r->pages ||
	    l.dev.pfn & ((1UL << align) - 1))
		worker_fail(w, "dma_alloc_attrs(%llu) from cma: src %d pfn %#llx", (unsigned long long)size,
		     l.dev.src, (unsigned long long)l.dev.pfn);
	l.page = (unsigned long)(l.dev.pfn - r->base_pfn);
	hold(w, &l);
}

/* dma_alloc_attrs() of a device with the shared coherent pool. */
static void alloc_dev_pool(struct worker *w)
{
	struct stress *s = w->s;
	struct region *r = &s->pools[0];
	uint64_t size = 1 + rnd(w, 16 * s->pg);
	struct live l = { .kind = OP_DEV_POOL, .r = r, .size = size };
	int ret = rmem_dma_alloc_attrs(s->ctx, &s->dev_pool, size, false, &l.dev);

	l.count = 1UL << rmem_get_order(size, s->ctx->profile.page_shift);
	if (ret) {
		if (ret != -ENOMEM || l.dev.src != RMEM_DMA_SRC_NONE)
			worker_fail(w, "dma_alloc_attrs(%llu) from the pool: %d", (unsigned long long)size,
			     ret);
		w->failed[OP_DEV_POOL]++;
		return;
	}
	l.page = (unsigned long)((l.dev.dma - r->dma_base) / s->pg);
	if (l.dev.src != RMEM_DMA_SRC_POOL || l.dev.dma < r->dma_base ||
	    l.page + l.count > r->pages || l.page % l.count)
		worker_fail(w, "dma_alloc_attrs(%llu) from the pool gave %#llx", (unsigned long long)size,
		     (unsigned long long)l.dev.dma);
	hold(w, &l);
}

/* A GFP_ATOMIC dma_alloc_attrs() of a non-coherent device: the atomic pools (no address). */
static void alloc_atomic(struct worker *w)
{
	struct stress *s = w->s;
	struct live l = { .kind = OP_ATOMIC };
	uint64_t size = (1 + rnd(w, 4)) * s->pg;
	int ret = rmem_dma_alloc_attrs(s->ctx, &s->dev_atomic, size, true, &l.dev);

	if (ret) {
		if (ret != -ENOMEM)
			worker_fail(w, "atomic dma_alloc_attrs(%llu): %d", (unsigned long long)size, ret);
		w->failed[OP_ATOMIC]++;
		return;
	}
	if (l.dev.src != RMEM_DMA_SRC_ATOMIC)
		worker_fail(w, "atomic dma_alloc_attrs(%llu) from %d", (unsigned long long)size, l.dev.src);
	w->live[w->nr_live++] = l;
}

/* Checks, gives up and frees live allocation @i. */
static void release(struct worker *w, unsigned int i)
{
	struct stress *s = w->s;
	struct live l = w->live[i];
	struct region *r = l.r;
	int ret = 0;

	w->live[i] = w->live[--w->nr_live];
	if (l.kind != OP_ATOMIC) {
		verify(w, &l);
		unclaim(w, r, l.page, l.count);
	}
	switch (l.kind) {
	case OP_CMA:
		ret = rmem_cma_release(r->cma, r->base_pfn + l.page, l.count);
		atomic_fetch_add(&r->pages_released, l.count);
		break;
	case OP_POOL:
		ret = rmem_dma_release_from_coherent(r->pool, r->dma_base + l.page * s->pg +
						     rnd(w, s->pg), l.size) == 1 ? 0 : -EINVAL;
		break;
	case OP_DEV_CMA:
		atomic_fetch_add(&r->pages_released, l.count);
		ret = rmem_dma_free_attrs(s->ctx, &s->dev_cma, &l.dev);
		break;
	case OP_DEV_POOL:
		ret = rmem_dma_free_attrs(s->ctx, &s->dev_pool, &l.dev);
		break;
	default:
		ret = rmem_dma_free_attrs(s->ctx, &s->dev_atomic, &l.dev);
		break;
	}
	if (ret)
		worker_fail(w, "thread %u: release of a kind %d allocation: %d", w->id, l.kind, ret);
	w->done[l.kind]++;
}

/* A printk() of three lines: they must stay together in the log. */
static void log_message(struct worker *w)
{
	rmem_log_printf(rmem_ctx_log(w->s->ctx), RMEM_LOG_INFO,
			"stress: thread %u message %lu\nstress: part 2 of %u.%lu\nstress: part 3 of %u.%lu\n",
			w->id, w->messages, w->id, w->messages, w->id, w->messages);
	w->messages++;
}

/* The debugfs and sysfs readers, while others allocate: what they see must be sane. */
static void read_stats(struct worker *w)
{
	struct stress *s = w->s;
	struct rmem_cma_stat st;
	struct rmem_dma_coherent_stat pst;
	char buf[64];

	rmem_cma_get_stat(s->areas[0].cma, &st);
	if (st.used > st.count || st.maxchunk > st.count - st.used)
		worker_fail(w, "cma stat: used %lu maxchunk %lu of %lu", st.used, st.maxchunk, st.count);
	rmem_dma_coherent_get_stat(s->pools[0].pool, &pst);
	if (pst.used > pst.pages)
		worker_fail(w, "pool stat: used %lu of %lu", pst.used, pst.pages);
	(void)rmem_cma_bitmap_show(s->areas[0].cma, buf, sizeof(buf));
}

static void one_op(struct worker *w)
{
	static void (*const allocs[NR_KINDS])(struct worker *) = {
		alloc_cma, alloc_pool, alloc_dev_cma, alloc_dev_pool, alloc_atomic,
	};

	/* allocations outnumber releases: the shared areas and pools fill up */
	if (w->nr_live == MAX_LIVE || (w->nr_live && rnd(w, 5) < 2))
		release(w, (unsigned int)rnd(w, w->nr_live));
	else
		allocs[rnd(w, NR_KINDS)](w);
	if (rnd(w, 64) == 0)
		log_message(w);
	if (rnd(w, 128) == 0)
		read_stats(w);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (w->ops = 0; w->ops < w->s->ops && !w->error[0]; w->ops++)
		one_op(w);
	while (w->nr_live && !w->error[0])
		release(w, w->nr_live - 1);
	return NULL;
}

/* A fixed area of AREA_PAGES at @base, 1 or 2 pages a bit. */
static void declare_area(struct stress *s, struct region *r, rmem_phys_t base, unsigned int opb)
{
	char name[16];

	snprintf(name, sizeof(name), "stress%u", (unsigned int)(r - s->areas));
	assert_int_equal(rmem_cma_declare_contiguous(s->ctx, base, AREA_PAGES * s->pg, 0, 0, opb,
						     true, name, &r->cma), 0);
	region_mem(r, AREA_PAGES, s->pg);
	r->base_pfn = base / s->pg;
}

static void init_pool(struct stress *s, struct region *r, rmem_phys_t phys)
{
	struct rmem_dma_coherent_desc d = {
		.phys_addr = phys, .device_addr = phys + 0x80000000ULL,
		.size = POOL_PAGES * s->pg, .origin = RMEM_DMA_POOL_DECLARED,
		.ram = RMEM_DMA_REGION_NOT_RAM, .exclusive = true,
	};

	region_mem(r, POOL_PAGES, s->pg);
	d.backing = r->mem;
	assert_int_equal(rmem_dma_init_coherent_memory(&s->ctx->profile, &d, rmem_ctx_log(s->ctx),
						       &r->pool), 0);
	r->dma_base = d.device_addr;
}

/* Boot, on one thread: the areas, the default area, activation, the atomic pools, probes. */
static void setup(struct stress *s, uint64_t seed)
{
	struct rmem_rng rng;

	rmem_rng_init(&rng, seed);
	/* the areas are 4 MiB: 16K pages and arm without LPAE align CMA to more */
	s->ctx = rmem_test_ctx(rmem_test_profile_nth(RMEM_TEST_PAGE_4K | RMEM_TEST_PHYS_64,
						     rmem_rng_next(&rng)), SZ_1G, SZ_1G);
	printf("threads_stress: %s, %u threads, %lu operations each\n",
	       rmem_ctx_profile(s->ctx)->name, NR_THREADS, s->ops);
	s->pg = rmem_profile_page_size(rmem_ctx_profile(s->ctx));
	s->no_room = cma_no_room(rmem_ctx_profile(s->ctx)->name);
	for (unsigned int i = 0; i < NR_REGIONS; i++) {
		declare_area(s, &s->areas[i], AREA_BASE + i * AREA_PAGES * s->pg,
			     (unsigned int)rmem_rng_below(&rng, 2));
		init_pool(s, &s->pools[i], POOL_BASE + i * POOL_PAGES * s->pg);
	}
	/* the default area (64 MiB of the profile), which feeds the atomic pools */
	assert_int_equal(rmem_dma_contiguous_reserve(s->ctx, 0), 0);
	assert_non_null(rmem_dma_contiguous_default_area(s->ctx));
	assert_int_equal(rmem_cma_activate_areas(s->ctx), 0);
	assert_int_equal(rmem_dma_atomic_pools_init(s->ctx), 0);

	s->dev_cma = (struct rmem_device){ .name = "cma-dev", .coherent = true,
					   .coherent_dma_mask = ~0ULL, .cma_area = s->areas[0].cma };
	s->dev_pool = (struct rmem_device){ .name = "pool-dev", .coherent_dma_mask = ~0ULL,
					    .dma_mem = s->pools[0].pool };
	s->dev_atomic = (struct rmem_device){ .name = "atomic-dev",
					      .coherent_dma_mask = 0xffffffffULL };
	for (unsigned int i = 0; i < NR_THREADS; i++) {
		struct worker *w = &s->workers[i];

		w->id = i;
		w->s = s;
		rmem_rng_init(&w->rng, seed ^ (0x9e3779b97f4a7c15ULL * (i + 1)));
		w->own_area = &s->areas[i + 1];
		w->own_pool = &s->pools[i + 1];
	}
}

static void check_no_owner(const struct region *r)
{
	for (unsigned long i = 0; i < r->pages; i++)
		assert_int_equal(atomic_load(&r->owner[i]), 0);
}

/* cma_used_get(), cma_maxchunk_get() and the sysfs counters against what the threads did. */
static void check_area(const struct region *r)
{
	struct rmem_cma_stat st;

	check_no_owner(r);
	rmem_cma_get_stat(r->cma, &st);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.maxchunk, r->pages);
	assert_int_equal(r->pages_ok, r->pages_released);
	if (st.has_sysfs) {
		assert_int_equal(st.alloc_pages_success, r->pages_ok);
		assert_int_equal(st.alloc_pages_fail, r->pages_failed);
	}
	if (st.has_release_stat)
		assert_int_equal(st.release_pages_success, r->pages_released);
}

static void check_pool(const struct region *r)
{
	struct rmem_dma_coherent_stat st;

	check_no_owner(r);
	rmem_dma_coherent_get_stat(r->pool, &st);
	assert_int_equal(st.used, 0);
	assert_int_equal(1UL << st.largest_free_order, r->pages);
}

/* Every message's three lines are consecutive, and every message is there. */
static void check_log(const struct stress *s, unsigned long messages)
{
	const struct rmem_log *log = &s->ctx->log;
	unsigned long found = 0;

	assert_false(log->oom);
	for (size_t i = 0; i < log->nr; i++) {
		unsigned int id;
		unsigned long n;
		char want[2][64];

		if (sscanf(log->lines[i].text, "stress: thread %u message %lu", &id, &n) != 2)
			continue;
		assert_false(log->lines[i].cont);
		assert_true(i + MSG_LINES <= log->nr);
		snprintf(want[0], sizeof(want[0]), "stress: part 2 of %u.%lu", id, n);
		snprintf(want[1], sizeof(want[1]), "stress: part 3 of %u.%lu", id, n);
		for (int k = 0; k < MSG_LINES - 1; k++) {
			assert_true(log->lines[i + 1 + k].cont);
			assert_string_equal(log->lines[i + 1 + k].text, want[k]);
		}
		found++;
	}
	assert_int_equal(found, messages);
}

static void check_atomic_pools(const struct stress *s)
{
	for (int i = 0; i < 3; i++)
		for (unsigned int c = 0; c < s->ctx->dma.atomic_pools[i].nr; c++)
			assert_int_equal(s->ctx->dma.atomic_pools[i].used[c], 0);
}

static void teardown(struct stress *s)
{
	for (unsigned int i = 0; i < NR_REGIONS; i++) {
		munmap(s->areas[i].mem, s->areas[i].pages * s->pg);
		munmap(s->pools[i].mem, s->pools[i].pages * s->pg);
		free(s->areas[i].owner);
		free(s->pools[i].owner);
		rmem_dma_release_coherent_memory(s->pools[i].pool);
	}
	rmem_ctx_destroy(s->ctx);
}

/*
 * mm/cma.c cma_alloc()/cma_release() under cma->lock and cma_mutex,
 * mm/cma_debug.c and cma_sysfs.c readers, kernel/dma/coherent.c under
 * mem->spinlock, kernel/dma/mapping.c dma_alloc_attrs()/dma_free_attrs()
 * with kernel/dma/pool.c's atomic pools, printk(): one built-in profile
 * per seed, NR_THREADS threads at once.
 */
static void test_stress(void **state)
{
	struct stress *s = calloc(1, sizeof(*s));
	uint64_t seed = rmem_test_seed("threads_stress");
	unsigned long messages = 0, done = 0, failed = 0;

	assert_non_null(s);
	s->ops = rmem_test_ops(10000);
	setup(s, seed);
	for (unsigned int i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_create(&s->workers[i].thread, NULL, worker_main,
						&s->workers[i]), 0);
	for (unsigned int i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_join(s->workers[i].thread, NULL), 0);
	for (unsigned int i = 0; i < NR_THREADS; i++) {
		const struct worker *w = &s->workers[i];

		if (w->error[0])
			fail_msg("thread %u, operation %lu: %s", i, w->ops, w->error);
		assert_int_equal(w->ops, s->ops);
		messages += w->messages;
		for (int k = 0; k < NR_KINDS; k++) {
			done += w->done[k];
			failed += w->failed[k];
		}
	}
	printf("threads_stress: %lu allocations released, %lu failed, %lu messages\n",
	       done, failed, messages);
	/* a default-length run fills the shared areas and pools: both outcomes */
	if (s->ops >= 1000)
		assert_true(done > 0 && failed > 0);
	for (unsigned int i = 0; i < NR_REGIONS; i++) {
		check_area(&s->areas[i]);
		check_pool(&s->pools[i]);
	}
	check_atomic_pools(s);
	check_log(s, messages);
	teardown(s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
