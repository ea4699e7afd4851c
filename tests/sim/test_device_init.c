// SPDX-License-Identifier: GPL-2.0-only
/*
 * of_reserved_mem_device_init_by_idx() / _by_name() / _release()
 * (drivers/of/of_reserved_mem.c: 5.10 :321, 6.1 :331, 6.12 :650) with the
 * handlers' device ops: rmem_cma_device_init() (contiguous.c) and
 * rmem_dma_device_init() (coherent.c: 5.10 :328, 6.1 :336, 6.12 :337).
 */
#include "sim_fixture.h"

/* by_idx: the cma handler sets dev->cma_area, the dma one the pool; "assigned" logged */
static void test_assign(void **state)
{
	struct sim_fx fx;
	const struct rmem_device *d;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA) {
		sim_fx_run(&fx, it.name, "codec init cam\ncodec init 0\ncodec alloc 4096\n");
		sim_fx_expect(&fx, 0, 0, "assigned camera@50000000 (cma area camera@50000000)");
		sim_fx_expect(&fx, 1, 0, "assigned vpu@60000000 (pool vpu@60000000)");
		/* the pool answers before CMA */
		sim_fx_expect(&fx, 2, 0, "0x60000000 pool");
		d = rmem_sim_device(fx.sim, "codec");
		assert_non_null(d);
		assert_int_equal(d->nr_assigned, 2);
		assert_true(rmem_test_log_has(rmem_ctx_log(fx.ctx), RMEM_LOG_INFO,
					      "codec: assigned reserved memory node vpu@60000000"));
		sim_fx_free(&fx);
	}
}

/* of_parse_phandle() gives NULL: -ENODEV; by_name of a missing name too */
static void test_enodev(void **state)
{
	struct sim_fx fx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		sim_fx_run(&fx, it.name, "codec init 2\ncodec init gpu\ncamera init cam\n");
		sim_fx_expect(&fx, 0, -ENODEV, "no such memory-region entry");
		sim_fx_expect(&fx, 1, -ENODEV, "");
		/* camera has no memory-region-names: of_property_match_string() -EINVAL */
		sim_fx_expect(&fx, 2, -ENODEV, "");
		sim_fx_free(&fx);
	}
}

/* a region no handler took (no ops): -EINVAL; a disabled target: 0, nothing assigned */
static void test_no_ops_and_disabled(void **state)
{
	struct sim_fx fx;

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		sim_fx_run(&fx, it.name, "plain init\ndflt init\n");
		sim_fx_expect(&fx, 0, -EINVAL, "no cma or dma handler");
		sim_fx_expect(&fx, 1, 0, "disabled, nothing assigned");
		assert_int_equal(rmem_sim_device(fx.sim, "dflt")->nr_assigned, 0);
		sim_fx_free(&fx);
	}
}

/* memremap() refuses a pool that is System RAM (no no-map): -EINVAL, no pool */
static void test_ram_pool_refused(void **state)
{
	struct sim_fx fx;

	(void)state;
	/* arm refuses a pool without no-map before any device (test_arm) */
	rmem_test_for_each_profile(it, RMEM_TEST_ARM64) {
		sim_fx_run(&fx, it.name, "ramdev init\nramdev alloc 4096\n");
		sim_fx_expect(&fx, 0, -EINVAL, "");
		assert_int_equal(rmem_test_count_lines(rmem_ctx_log(fx.ctx),
						       "memremap attempted on ram 0x"), 1);
		/* no pool: dma-direct, one page skips the default area */
		sim_fx_expect(&fx, 1, 0, "generic");
		sim_fx_free(&fx);
	}
}

/* dma_assign_coherent_memory(): -EBUSY in 6.x; 5.10 ignores it and reports success */
static void test_second_pool(void **state)
{
	struct sim_fx fx;

	static const bool busy[] = {
		[RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = true,
		[RMEM_TEST_7_2] = true,
	};

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		sim_fx_run(&fx, it.name, "vpu init\nvpu init\n");
		if (RMEM_TEST_BY_KERNEL(busy, it.name)) {
			sim_fx_expect(&fx, 1, -EBUSY, "has a coherent pool already");
			assert_int_equal(rmem_sim_device(fx.sim, "vpu")->nr_assigned, 1);
		} else {
			sim_fx_expect(&fx, 1, 0, "assigned vpu@60000000");
			assert_int_equal(rmem_sim_device(fx.sim, "vpu")->nr_assigned, 2);
		}
		sim_fx_free(&fx);
	}
}

/*
 * 6.x rmem_dma_device_init(): dev_warn when the pool lies beyond the mask;
 * 5.10 does not.  On arm64 dma_direct_supported() refuses a mask below the
 * end of RAM, so the pool is never beyond an accepted one there: arm takes
 * any mask.
 */
static void test_mask_warning(void **state)
{
	static const char warn[] = "vpu: reserved memory is beyond device's set DMA address range";
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.12", "vpu mask 28\nvpu init\n");
	sim_fx_expect(&fx, 0, -EIO, "dma_supported() refused the mask");
	sim_fx_expect(&fx, 1, 0, "assigned");
	assert_false(rmem_test_log_has(rmem_ctx_log(fx.ctx), RMEM_LOG_WARNING, warn));
	sim_fx_free(&fx);
	sim_fx_run(&fx, "armhf-6.1", "vpu mask 28\nvpu init\n");
	sim_fx_expect(&fx, 0, 0, "coherent mask 0xfffffff");
	sim_fx_expect(&fx, 1, 0, "assigned");
	assert_true(rmem_test_log_has(rmem_ctx_log(fx.ctx), RMEM_LOG_WARNING, warn));
	sim_fx_free(&fx);
}

/* release: device_release clears cma_area / dma_mem; the pool stays the region's */
static void test_release(void **state)
{
	struct sim_fx fx;
	const struct rmem_device *d;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1",
		   "codec init 0\ncodec init 1\ncodec alloc 4096\ncodec release\ncodec alloc 8192\n"
		   "vpu alloc 4096\n");
	sim_fx_expect(&fx, 2, 0, "0x60000000 pool");
	/* no pool, no own area: the default area above one page */
	sim_fx_expect(&fx, 4, 0, "0x7c060000 cma linux,cma");	/* after the atomic pools */
	/* vpu gets the region's existing pool: page 0 still taken by codec */
	sim_fx_expect(&fx, 5, 0, "0x60001000 pool");
	d = rmem_sim_device(fx.sim, "codec");
	assert_null(d->cma_area);
	assert_null(d->dma_mem);
	assert_int_equal(d->nr_assigned, 0);
	sim_fx_free(&fx);
}

/* a device allocating before any init line is initialised with index 0 first */
static void test_implicit_init(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 4096\ncamera release\ncamera alloc 4096\n");
	sim_fx_expect(&fx, 0, 0, "0x50000000 cma camera@50000000");
	/* only before the first init: after release it stays released */
	sim_fx_expect(&fx, 2, 0, "generic");
	sim_fx_free(&fx);
	/* the implicit init's failure is named in the result */
	sim_fx_run(&fx, "arm64-6.1", "ramdev alloc 8192\n");
	sim_fx_expect(&fx, 0, 0, "0x7c060000 cma linux,cma (after the implicit init 0 failed: -EINVAL)");
	sim_fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assign),
		cmocka_unit_test(test_enodev),
		cmocka_unit_test(test_no_ops_and_disabled),
		cmocka_unit_test(test_ram_pool_refused),
		cmocka_unit_test(test_second_pool),
		cmocka_unit_test(test_mask_warning),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_implicit_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
