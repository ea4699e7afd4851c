// SPDX-License-Identifier: GPL-2.0-only
/*
 * Setting up a DMA coherent pool: dma_init_coherent_memory() and the
 * failure lines of 5.10's rmem_dma_device_init() / 6.x's
 * dma_init_coherent_memory() (kernel/dma/coherent.c).
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"
#include "dma/coherent.h"

#define POOL_PHYS 0x40000000ULL

static struct rmem_dma_coherent_desc desc_of(uint64_t size, enum rmem_dma_pool_origin origin)
{
	struct rmem_dma_coherent_desc d = {
		.phys_addr = POOL_PHYS,
		.device_addr = POOL_PHYS,
		.size = size,
		.origin = origin,
		.exclusive = true,
	};

	return d;
}

static struct rmem_dma_coherent_stat stat_of(const struct rmem_dma_coherent_mem *mem)
{
	struct rmem_dma_coherent_stat st;

	rmem_dma_coherent_get_stat(mem, &st);
	return st;
}

/* 5.10/6.1/6.12 dma_init_coherent_memory(): size 0 is -EINVAL (coherent.c:50 / :45). */
static void test_size_zero_is_einval(void **state)
{
	struct rmem_dma_coherent_mem *mem = NULL;

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_profile p = it.p;
		struct rmem_dma_coherent_desc d = desc_of(0, RMEM_DMA_POOL_DECLARED);
		struct rmem_log log;

		rmem_log_init(&log);
		assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, &log, &mem), -EINVAL);
		assert_null(mem);
		/* a declared pool's failure is never logged */
		assert_int_equal(log.nr, 0);
		rmem_log_release(&log);
	}
}

/*
 * 5.10 rmem_dma_device_init() logs every failure of a reserved-memory pool
 * with "%ld MiB" (coherent.c:337); 6.1 prints only on -ENOMEM, from
 * dma_init_coherent_memory() (coherent.c:72), so size 0 is silent there.
 */
static void test_size_zero_logging_per_version(void **state)
{
	struct rmem_dma_coherent_mem *mem = NULL;
	struct rmem_dma_coherent_desc d = desc_of(0, RMEM_DMA_POOL_RESERVED_MEM);
	struct rmem_profile p510 = rmem_test_profile("arm64-5.10");
	struct rmem_profile p61 = rmem_test_profile("arm64-6.1");
	struct rmem_log log;

	rmem_log_init(&log);
	assert_int_equal(rmem_dma_init_coherent_memory(&p510, &d, &log, &mem), -EINVAL);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.lines[0].level, RMEM_LOG_ERR);
	assert_string_equal(log.lines[0].text,
			    "Reserved memory: failed to init DMA memory pool at 0x0000000040000000, size 0 MiB");
	rmem_log_release(&log);

	rmem_log_init(&log);
	assert_int_equal(rmem_dma_init_coherent_memory(&p61, &d, &log, &mem), -EINVAL);
	assert_int_equal(log.nr, 0);
	rmem_log_release(&log);
}

/* dma_init_coherent_memory(): pages = size >> PAGE_SHIFT, the tail is dropped (all versions). */
static void test_pages_round_down(void **state)
{
	struct rmem_profile p4k = rmem_test_profile("arm64-6.12");
	struct rmem_profile p16k = rmem_test_profile("arm64-6.12-16k");
	struct rmem_dma_coherent_desc d = desc_of(10 * 4096 + 100, RMEM_DMA_POOL_DECLARED);
	struct rmem_dma_coherent_mem *mem;
	rmem_dma_t h;

	assert_int_equal(rmem_dma_init_coherent_memory(&p4k, &d, NULL, &mem), 0);
	assert_int_equal(stat_of(mem).pages, 10);
	assert_int_equal(stat_of(mem).used, 0);
	assert_int_equal(stat_of(mem).largest_free_order, 3);
	/* the dropped tail cannot be allocated: 10 pages + 1 byte does not fit */
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 10 * 4096 + 1, &h, NULL), -ENOMEM);
	rmem_dma_release_coherent_memory(mem);

	/* 40 KiB + 100 is two 16 KiB pages */
	assert_int_equal(rmem_dma_init_coherent_memory(&p16k, &d, NULL, &mem), 0);
	assert_int_equal(stat_of(mem).pages, 2);
	assert_int_equal(stat_of(mem).largest_free_order, 1);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * dma_init_coherent_memory(): a pool smaller than a page gets zero pages and
 * still succeeds (kzalloc(0) / bitmap_zalloc(0) return ZERO_SIZE_PTR), then
 * every allocation fails.
 */
static void test_pool_below_one_page(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12-16k");
	struct rmem_dma_coherent_desc d = desc_of(8192, RMEM_DMA_POOL_DECLARED);
	struct rmem_dma_coherent_mem *mem;
	rmem_dma_t h;

	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	assert_int_equal(stat_of(mem).pages, 0);
	assert_int_equal(stat_of(mem).largest_free_order, -1U);
	assert_int_equal(rmem_dma_alloc_from_coherent(mem, 1, &h, NULL), -ENOMEM);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * dma_init_coherent_memory() fields and dma_get_device_base(): a declared
 * pool keeps device_addr, a reserved-memory one (use_dev_dma_pfn_offset)
 * starts at phys_to_dma(PFN_PHYS(pfn_base)), which drops an unaligned
 * base's offset in its page (5.10 coherent.c:35-37, 6.1 :33-35).
 */
static void test_fields_and_device_base(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_dma_coherent_desc d = desc_of(1 << 20, RMEM_DMA_POOL_DECLARED);
	struct rmem_dma_coherent_mem *mem;
	struct rmem_dma_coherent_stat st;

	d.phys_addr = 0x40000100;
	d.device_addr = 0x80000100;
	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	st = stat_of(mem);
	assert_int_equal(st.phys_base, 0x40000100);
	assert_int_equal(st.device_base, 0x80000100);
	assert_int_equal(st.pages, 256);
	assert_true(st.exclusive);
	assert_int_equal(mem->pfn_base, 0x40000);
	assert_false(mem->use_dev_dma_pfn_offset);
	rmem_dma_release_coherent_memory(mem);

	d.origin = RMEM_DMA_POOL_RESERVED_MEM;
	d.exclusive = false;
	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	st = stat_of(mem);
	assert_int_equal(st.device_base, 0x80000000);
	assert_false(st.exclusive);
	assert_true(mem->use_dev_dma_pfn_offset);
	rmem_dma_release_coherent_memory(mem);
}

/*
 * memremap(MEMREMAP_WC) refuses System RAM (kernel/iomem.c, WARN_ONCE per
 * cause), so dma_init_coherent_memory() returns -EINVAL; 6.x logs no
 * pr_err for it, 5.10's rmem_dma_device_init() does.
 */
static void test_memremap_of_ram(void **state)
{
	struct rmem_profile p61 = rmem_test_profile("arm64-6.1");
	struct rmem_profile p510 = rmem_test_profile("arm64-5.10");
	struct rmem_dma_coherent_desc d = desc_of(4 << 20, RMEM_DMA_POOL_RESERVED_MEM);
	struct rmem_dma_coherent_mem *mem = NULL;
	struct rmem_log log;

	rmem_log_init(&log);
	d.ram = RMEM_DMA_REGION_RAM;
	assert_int_equal(rmem_dma_init_coherent_memory(&p61, &d, &log, &mem), -EINVAL);
	assert_null(mem);
	assert_int_equal(log.nr, 2);
	assert_int_equal(log.lines[0].level, RMEM_LOG_WARNING);
	assert_string_equal(log.lines[0].text, "------------[ cut here ]------------");
	assert_string_equal(log.lines[1].text,
			    "memremap attempted on ram 0x0000000040000000 size: 0x400000");
	/* WARN_ONCE: a second pool in RAM fails silently */
	d.phys_addr = 0x50000000;
	assert_int_equal(rmem_dma_init_coherent_memory(&p61, &d, &log, &mem), -EINVAL);
	assert_int_equal(log.nr, 2);
	/* the mixed-range warning is a WARN_ONCE of its own */
	d.ram = RMEM_DMA_REGION_MIXED;
	assert_int_equal(rmem_dma_init_coherent_memory(&p61, &d, &log, &mem), -EINVAL);
	assert_int_equal(log.nr, 4);
	assert_string_equal(log.lines[3].text,
			    "memremap attempted on mixed range 0x0000000050000000 size: 0x400000");
	rmem_log_release(&log);

	rmem_log_init(&log);
	d.ram = RMEM_DMA_REGION_RAM;
	assert_int_equal(rmem_dma_init_coherent_memory(&p510, &d, &log, &mem), -EINVAL);
	assert_int_equal(log.nr, 3);
	assert_string_equal(log.lines[2].text,
			    "Reserved memory: failed to init DMA memory pool at 0x0000000050000000, size 4 MiB");
	rmem_log_release(&log);
}

/*
 * The -ENOMEM line: 6.1/6.12 dma_init_coherent_memory() prints it for every
 * caller (coherent.c:72, "%zd MiB"); 5.10 only through rmem_dma_device_init().
 */
static void test_enomem_line_per_version(void **state)
{
	struct rmem_profile p612 = rmem_test_profile("arm64-6.12");
	struct rmem_profile p510 = rmem_test_profile("arm64-5.10");
	struct rmem_dma_coherent_desc d = desc_of(24ULL << 20, RMEM_DMA_POOL_DECLARED);
	struct rmem_log log;

	rmem_log_init(&log);
	rmem_dma_coherent_log_failure(&p612, &d, &log, -ENOMEM);
	assert_int_equal(log.nr, 1);
	assert_int_equal(log.lines[0].level, RMEM_LOG_ERR);
	assert_string_equal(log.lines[0].text,
			    "Reserved memory: failed to init DMA memory pool at 0x0000000040000000, size 24 MiB");
	rmem_dma_coherent_log_failure(&p612, &d, &log, -EINVAL);
	assert_int_equal(log.nr, 1);
	rmem_dma_coherent_log_failure(&p510, &d, &log, -ENOMEM);
	assert_int_equal(log.nr, 1);
	d.origin = RMEM_DMA_POOL_RESERVED_MEM;
	rmem_dma_coherent_log_failure(&p510, &d, &log, -ENOMEM);
	assert_int_equal(log.nr, 2);
	assert_string_equal(log.lines[1].text, log.lines[0].text);
	rmem_log_release(&log);
}

/* The kernel's int page count: more than INT_MAX pages is refused. */
static void test_page_count_overflow(void **state)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.12");
	struct rmem_dma_coherent_desc d = desc_of((uint64_t)1 << 43, RMEM_DMA_POOL_DECLARED);
	struct rmem_dma_coherent_mem *mem = NULL;

	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), -EOVERFLOW);
	assert_null(mem);
}

/*
 * armhf: dma_init_coherent_memory() takes a 32-bit size_t, so a 64-bit
 * (LPAE) reserved-memory size loses its top half (6.1 coherent.c:38-39).
 */
static void test_armhf_size_truncation(void **state)
{
	struct rmem_profile p = rmem_test_profile("armhf-6.1");
	struct rmem_dma_coherent_desc d = desc_of((4ULL << 30) + (1 << 20), RMEM_DMA_POOL_DECLARED);
	struct rmem_dma_coherent_mem *mem = NULL;

	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), 0);
	assert_int_equal(stat_of(mem).pages, 256);
	rmem_dma_release_coherent_memory(mem);
	mem = NULL;
	d.size = 4ULL << 30;
	assert_int_equal(rmem_dma_init_coherent_memory(&p, &d, NULL, &mem), -EINVAL);
	assert_null(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_zero_is_einval),
		cmocka_unit_test(test_size_zero_logging_per_version),
		cmocka_unit_test(test_pages_round_down),
		cmocka_unit_test(test_pool_below_one_page),
		cmocka_unit_test(test_fields_and_device_base),
		cmocka_unit_test(test_memremap_of_ram),
		cmocka_unit_test(test_enomem_line_per_version),
		cmocka_unit_test(test_page_count_overflow),
		cmocka_unit_test(test_armhf_size_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
