// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: an operation sequence against one CMA area (mm/cma.c
 * cma_alloc()/cma_release()) and one DMA coherent pool (kernel/dma/
 * coherent.c), each shadowed by a compact reference model that is checked
 * after every operation.
 *
 * The models are independent of tests/cma/model_cma.c and
 * tests/dma/model_coherent.c (those are bound to cmocka and a seeded RNG)
 * but follow the same definitions: CMA is a first fit over bit positions
 * whose pfn is a multiple of 2^align; the pool takes the first naturally
 * aligned free run of 2^get_order(size) pages.
 *
 * Input: 4 header bytes, then 3 bytes per operation.
 *   h0: profile; h1: CMA area pageblocks (bits 0-1), pages per bit as an
 *   order (bits 2-3, modulo 3), base offset in pageblocks (bits 4-6);
 *   h2: pool pages - 1; h3: pool exclusive (bit 0), reserved-mem origin
 *   (bit 1), backing memory (bit 2), base not page aligned (bit 3).
 */
#include <errno.h>
#include <string.h>

#include <rmem/rmem.h>

#include "fuzz.h"

#define FUZZ_ALLOC_MAX_LIVE	2048
#define FUZZ_ALLOC_MAX_OPS	FUZZ_ALLOC_MAX_LIVE

struct fuzz_cma_live {
	rmem_pfn_t pfn;
	unsigned long count;
};

struct fuzz_pool_live {
	uint64_t page;
	unsigned int order;
	uint64_t size;
};

struct fuzz_alloc {
	struct rmem_profile p;
	uint64_t pg;
	struct rmem_ctx *ctx;
	/* the CMA area and its reference: who owns each page */
	struct rmem_cma *cma;
	rmem_pfn_t base_pfn;
	unsigned long pages;
	unsigned int opb;
	unsigned char *owned;
	unsigned long used;
	unsigned long avail;		/* 7.2's available_count: pages not handed out */
	struct fuzz_cma_live cma_live[FUZZ_ALLOC_MAX_LIVE];
	unsigned int nr_cma_live;
	/* the coherent pool and its reference: one byte per page */
	struct rmem_dma_coherent_mem *mem;
	struct rmem_dma_coherent_desc desc;
	rmem_dma_t ref_base;
	unsigned long pool_pages;
	unsigned char *pool_used;
	unsigned long pool_nr_used;
	unsigned char *backing;
	struct fuzz_pool_live pool_live[FUZZ_ALLOC_MAX_LIVE];
	unsigned int nr_pool_live;
};

/* ---- CMA reference ---- */

/*
 * 7.2 counts the pages not handed out: a request for more stops before
 * the search, and every failure to find room is -EBUSY (cma_range_alloc());
 * "used" is the pages handed out, and a release past the area is refused.
 */
static bool fuzz_cma_counts_available(const struct fuzz_alloc *f)
{
	return f->p.version >= RMEM_KERNEL_VERSION(7, 2);
}

static unsigned long fuzz_cma_bits(const struct fuzz_alloc *f, unsigned long pages)
{
	return (pages + (1UL << f->opb) - 1) >> f->opb;
}

static bool fuzz_cma_bit_free(const struct fuzz_alloc *f, unsigned long bit)
{
	return !f->owned[bit << f->opb];
}

static long fuzz_cma_find(const struct fuzz_alloc *f, unsigned long nbits, unsigned int align)
{
	unsigned long maxno = f->pages >> f->opb;

	for (unsigned long b = 0; b + nbits <= maxno; b++) {
		rmem_pfn_t pfn = f->base_pfn + ((rmem_pfn_t)b << f->opb);
		unsigned long i;

		if (pfn % (1ULL << align))
			continue;
		for (i = 0; i < nbits && fuzz_cma_bit_free(f, b + i); i++)
			;
		if (i == nbits)
			return (long)b;
		/* no run starting up to the busy bit can be free */
		if (i > 0)
			b += i - 1;
	}
	return -1;
}

static void fuzz_cma_mark(struct fuzz_alloc *f, rmem_pfn_t pfn, unsigned long count, bool set)
{
	unsigned long first = (unsigned long)(pfn - f->base_pfn) >> f->opb;
	unsigned long n = fuzz_cma_bits(f, count);

	for (unsigned long p = first << f->opb; p < (first + n) << f->opb; p++) {
		/* never handed out twice, never released twice */
		RMEM_FUZZ_CHECK(f->owned[p] == !set);
		f->owned[p] = set;
	}
	if (set) {
		f->used += n << f->opb;
		f->avail -= count;
	} else {
		f->used -= n << f->opb;
		f->avail += count;
	}
}

static unsigned long fuzz_cma_maxchunk(const struct fuzz_alloc *f)
{
	unsigned long maxno = f->pages >> f->opb, run = 0, best = 0;

	for (unsigned long b = 0; b < maxno; b++) {
		run = fuzz_cma_bit_free(f, b) ? run + 1 : 0;
		best = run > best ? run : best;
	}
	return best << f->opb;
}

/* @full: also the largest free run, a scan of the whole area */
static void fuzz_cma_check(const struct fuzz_alloc *f, bool full)
{
	struct rmem_cma_stat st;

	rmem_cma_get_stat(f->cma, &st);
	RMEM_FUZZ_CHECK(st.used == (fuzz_cma_counts_available(f) ? f->pages - f->avail : f->used));
	RMEM_FUZZ_CHECK(st.count == f->pages);
	if (full)
		RMEM_FUZZ_CHECK(st.maxchunk == fuzz_cma_maxchunk(f));
}

static void fuzz_cma_alloc(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	unsigned long count = a + ((unsigned long)(op >> 4) & 7) * 256;
	unsigned int align = b % 13;
	long want = -1;
	rmem_pfn_t pfn = 0;
	int ret, expect;

	if (!count) {
		expect = -EINVAL;
	} else {
		if (fuzz_cma_bits(f, count) <= (f->pages >> f->opb) &&
		    (!fuzz_cma_counts_available(f) || count <= f->avail))
			want = fuzz_cma_find(f, fuzz_cma_bits(f, count), align);
		expect = want >= 0 ? 0 : fuzz_cma_counts_available(f) ? -EBUSY : -ENOMEM;
	}
	ret = rmem_cma_alloc(f->cma, count, align, op & 8, &pfn);
	RMEM_FUZZ_CHECK(ret == expect);
	if (ret)
		return;
	RMEM_FUZZ_CHECK(pfn == f->base_pfn + ((rmem_pfn_t)want << f->opb));
	fuzz_cma_mark(f, pfn, count, true);
	RMEM_FUZZ_CHECK(f->nr_cma_live < FUZZ_ALLOC_MAX_LIVE);
	f->cma_live[f->nr_cma_live++] = (struct fuzz_cma_live){ pfn, count };
}

static void fuzz_cma_release(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	struct fuzz_cma_live *l;
	unsigned long count;

	if (!f->nr_cma_live)
		return;
	l = &f->cma_live[a % f->nr_cma_live];
	count = l->count;
	/* a part, as cma_debug's "free" file does: only with a page per bit */
	if ((op & 8) && f->opb == 0 && count > 1)
		count = 1 + b % (count - 1);
	RMEM_FUZZ_CHECK(rmem_cma_release(f->cma, l->pfn, count) == 0);
	fuzz_cma_mark(f, l->pfn, count, false);
	if (count == l->count) {
		*l = f->cma_live[--f->nr_cma_live];
	} else {
		l->pfn += count;
		l->count -= count;
	}
}

/* What cma_release() says of a range: 0 when it would free live pages. */
static int fuzz_cma_release_expect(const struct fuzz_alloc *f, rmem_pfn_t pfn,
				   unsigned long count)
{
	unsigned long bit, n;

	if (pfn < f->base_pfn || pfn >= f->base_pfn + f->pages)
		return -EINVAL;
	if (pfn + count > f->base_pfn + f->pages)
		return fuzz_cma_counts_available(f) ? -EINVAL : -ERANGE;
	bit = (unsigned long)(pfn - f->base_pfn) >> f->opb;
	n = fuzz_cma_bits(f, count);
	if (bit + n > (f->pages >> f->opb))
		return -ERANGE;
	for (unsigned long i = 0; i < n; i++)
		if (fuzz_cma_bit_free(f, bit + i))
			return -ENOENT;
	return 0;
}

static void fuzz_cma_bad_release(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	rmem_pfn_t pfn = f->base_pfn - 8 + (((unsigned long)a << 8 | b) % (f->pages + 16));
	unsigned long count = op >> 3;
	int expect = fuzz_cma_release_expect(f, pfn, count);

	if (!expect)
		return;		/* a valid release of live pages: not this operation */
	RMEM_FUZZ_CHECK(rmem_cma_release(f->cma, pfn, count) == expect);
}

/* ---- coherent pool reference ---- */

static unsigned int fuzz_pool_order(const struct fuzz_alloc *f, uint64_t size)
{
	unsigned int order = 0;

	while ((f->pg << order) < size)
		order++;
	return order;
}

static long fuzz_pool_find(const struct fuzz_alloc *f, unsigned int order)
{
	uint64_t n = (uint64_t)1 << order;

	for (uint64_t pos = 0; pos + n <= f->pool_pages; pos += n) {
		uint64_t i;

		for (i = 0; i < n && !f->pool_used[pos + i]; i++)
			;
		if (i == n)
			return (long)pos;
	}
	return -1;
}

static void fuzz_pool_mark(struct fuzz_alloc *f, uint64_t page, unsigned int order, bool set)
{
	for (uint64_t i = page; i < page + ((uint64_t)1 << order); i++) {
		RMEM_FUZZ_CHECK(f->pool_used[i] == !set);
		f->pool_used[i] = set;
	}
	if (set)
		f->pool_nr_used += 1UL << order;
	else
		f->pool_nr_used -= 1UL << order;
}

static void fuzz_pool_check(const struct fuzz_alloc *f)
{
	struct rmem_dma_coherent_stat st;
	unsigned int largest = -1U;

	rmem_dma_coherent_get_stat(f->mem, &st);
	RMEM_FUZZ_CHECK(st.pages == f->pool_pages);
	RMEM_FUZZ_CHECK(st.used == f->pool_nr_used);
	RMEM_FUZZ_CHECK(st.device_base == f->ref_base);
	for (unsigned int order = 0; ((uint64_t)1 << order) <= f->pool_pages; order++)
		if (fuzz_pool_find(f, order) >= 0)
			largest = order;
	RMEM_FUZZ_CHECK(st.largest_free_order == largest);
}

static uint64_t fuzz_pool_size(const struct fuzz_alloc *f, uint8_t a, uint8_t b)
{
	unsigned int order = a % 11;
	uint64_t hi = f->pg << order, lo = order ? (f->pg << (order - 1)) + 1 : 1;

	if (a == 0xff)
		return 0;
	return lo + (hi - lo) * b / 255;
}

static void fuzz_pool_alloc(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	uint64_t size = fuzz_pool_size(f, a, b);
	unsigned int order = fuzz_pool_order(f, size);
	long want = size > f->pool_pages * f->pg ? -1 : fuzz_pool_find(f, order);
	rmem_dma_t h = 0;
	void *va = NULL;
	int ret;

	if (op & 8) {
		int r = rmem_dma_alloc_from_dev_coherent(f->mem, size, &h, &va, &ret);

		/* exclusive pools always answer (5.10 .. 6.12) */
		RMEM_FUZZ_CHECK(r == ((want >= 0 && size) || f->desc.exclusive ? 1 : 0));
		if (!r)
			return;
	} else {
		ret = rmem_dma_alloc_from_coherent(f->mem, size, &h, &va);
	}
	if (!size || want < 0) {
		RMEM_FUZZ_CHECK(ret == (size ? -ENOMEM : -EINVAL));
		return;
	}
	RMEM_FUZZ_CHECK(ret == 0);
	RMEM_FUZZ_CHECK(h == f->ref_base + (uint64_t)want * f->pg);
	fuzz_pool_mark(f, (uint64_t)want, order, true);
	if (f->backing) {
		unsigned char *p = f->backing + (uint64_t)want * f->pg;

		RMEM_FUZZ_CHECK(va == p);
		for (uint64_t i = 0; i < size; i++)
			RMEM_FUZZ_CHECK(!p[i]);
		memset(p, 0xa5, size);	/* the next allocation here must clear it again */
	} else {
		RMEM_FUZZ_CHECK(!va);
	}
	RMEM_FUZZ_CHECK(f->nr_pool_live < FUZZ_ALLOC_MAX_LIVE);
	f->pool_live[f->nr_pool_live++] = (struct fuzz_pool_live){ (uint64_t)want, order, size };
}

static void fuzz_pool_release(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	struct fuzz_pool_live *l;
	uint64_t in_page;

	if (!f->nr_pool_live)
		return;
	l = &f->pool_live[a % f->nr_pool_live];
	/* any address in the run's first page finds it, as in the kernel */
	in_page = f->pg * b / 256;
	RMEM_FUZZ_CHECK(rmem_dma_release_from_coherent(f->mem, f->ref_base + l->page * f->pg +
						       in_page, l->size) == 1);
	fuzz_pool_mark(f, l->page, l->order, false);
	*l = f->pool_live[--f->nr_pool_live];
}

static void fuzz_pool_bad_release(struct fuzz_alloc *f, uint8_t op, uint8_t a, uint8_t b)
{
	uint64_t span = (f->pool_pages + 4) * f->pg;
	rmem_dma_t h = f->ref_base - 2 * f->pg + (((uint64_t)a << 8 | b) * (f->pg / 16)) % span;
	uint64_t size = (uint64_t)(op >> 3) * f->pg / 4;
	uint64_t n, page;
	int expect;

	/* "not mine" comes first, then the size */
	if (h < f->ref_base || h >= f->ref_base + f->pool_pages * f->pg) {
		expect = 0;
	} else if (!size) {
		expect = -EINVAL;
	} else {
		n = (uint64_t)1 << fuzz_pool_order(f, size);
		page = (h - f->ref_base) / f->pg;
		if (page % n == 0 && page + n <= f->pool_pages) {
			uint64_t i;

			for (i = page; i < page + n && f->pool_used[i]; i++)
				;
			if (i == page + n)
				return;	/* a legal release of a whole run */
		}
		expect = -ENOENT;
	}
	RMEM_FUZZ_CHECK(rmem_dma_release_from_coherent(f->mem, h, size) == expect);
}

/* ---- setup ---- */

static bool fuzz_alloc_setup(struct fuzz_alloc *f, const uint8_t *h)
{
	size_t nr = 0;
	rmem_phys_t block, base, size;

	while (rmem_profile_builtin_name(nr))
		nr++;
	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name(h[0] % nr), &f->p));
	f->pg = rmem_profile_page_size(&f->p);
	f->ctx = rmem_ctx_create(&f->p);
	RMEM_FUZZ_CHECK(f->ctx);
	RMEM_FUZZ_CHECK(!rmem_memblock_add(rmem_ctx_memblock(f->ctx), 0x40000000, 0x40000000));
	/* 5.10's minimum CMA alignment is the larger MAX_ORDER - 1 */
	block = f->pg << (f->p.version < RMEM_KERNEL_VERSION(6, 1) ? f->p.max_page_order :
			  f->p.pageblock_order);
	size = block * (1 + (h[1] & 3));
	base = 0x40000000 + block * ((h[1] >> 4) & 7);
	f->opb = ((h[1] >> 2) & 3) % 3;
	if (base + size > 0x80000000)
		return false;	/* a large pageblock (64K pages): no room */
	if (f->p.cma) {
		RMEM_FUZZ_CHECK(!rmem_cma_declare_contiguous(f->ctx, base, size, 0, 0, f->opb,
							     true, "fuzz", &f->cma));
		RMEM_FUZZ_CHECK(!rmem_cma_activate_areas(f->ctx));
		f->base_pfn = base / f->pg;
		f->pages = (unsigned long)(size / f->pg);
		f->avail = f->pages;
		f->owned = calloc(f->pages, 1);
		RMEM_FUZZ_CHECK(f->owned);
	} else {
		/* a kernel without CONFIG_CMA has no slot for an area: only the pool runs */
		RMEM_FUZZ_CHECK(rmem_cma_declare_contiguous(f->ctx, base, size, 0, 0, f->opb,
							    true, "fuzz", &f->cma) < 0);
		RMEM_FUZZ_CHECK(!f->cma);
	}

	f->pool_pages = 1 + h[2];
	f->desc.phys_addr = 0x90000000 + ((h[3] & 8) ? 0x234 : 0);
	f->desc.device_addr = f->desc.phys_addr;
	f->desc.size = f->pool_pages * f->pg;
	f->desc.exclusive = h[3] & 1;
	f->desc.origin = (h[3] & 2) ? RMEM_DMA_POOL_RESERVED_MEM : RMEM_DMA_POOL_DECLARED;
	f->ref_base = f->desc.device_addr;
	if (f->desc.origin == RMEM_DMA_POOL_RESERVED_MEM)
		f->ref_base -= f->desc.phys_addr % f->pg;
	if (h[3] & 4) {
		f->backing = malloc(f->desc.size);
		RMEM_FUZZ_CHECK(f->backing);
		memset(f->backing, 0xa5, f->desc.size);
	}
	f->desc.backing = f->backing;
	RMEM_FUZZ_CHECK(!rmem_dma_init_coherent_memory(&f->p, &f->desc, NULL, &f->mem));
	f->pool_used = calloc(f->pool_pages, 1);
	RMEM_FUZZ_CHECK(f->pool_used);
	return true;
}

static void fuzz_alloc_teardown(struct fuzz_alloc *f)
{
	/* everything still live must go back cleanly */
	while (f->nr_cma_live)
		fuzz_cma_release(f, 0, 0, 0);
	while (f->nr_pool_live)
		fuzz_pool_release(f, 0, 0, 0);
	if (f->cma)
		fuzz_cma_check(f, true);
	if (f->mem)
		fuzz_pool_check(f);
	rmem_dma_release_coherent_memory(f->mem);
	rmem_ctx_destroy(f->ctx);
	free(f->owned);
	free(f->pool_used);
	free(f->backing);
	free(f);
}

int rmem_fuzz_alloc(const uint8_t *data, size_t size)
{
	static void (*const ops[])(struct fuzz_alloc *, uint8_t, uint8_t, uint8_t) = {
		fuzz_cma_alloc, fuzz_cma_release, fuzz_cma_bad_release,
		fuzz_pool_alloc, fuzz_pool_release, fuzz_pool_bad_release,
	};
	struct fuzz_alloc *f;

	if (size < 4)
		return 0;
	f = calloc(1, sizeof(*f));
	RMEM_FUZZ_CHECK(f);
	if (!fuzz_alloc_setup(f, data)) {
		fuzz_alloc_teardown(f);
		return 0;
	}
	for (size_t i = 4, n = 0; i + 3 <= size && n < FUZZ_ALLOC_MAX_OPS; i += 3, n++) {
		unsigned int op = data[i] % 6;

		if (op < 3 && !f->cma)
			op += 3;
		ops[op](f, data[i], data[i + 1], data[i + 2]);
		if (op < 3)
			fuzz_cma_check(f, n % 16 == 0);
		else
			fuzz_pool_check(f);
		/* the log is not under test: keep it small */
		if (n % 256 == 255)
			rmem_log_release(rmem_ctx_log(f->ctx));
	}
	fuzz_alloc_teardown(f);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_alloc(data, size);
}
#endif
