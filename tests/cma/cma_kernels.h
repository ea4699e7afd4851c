/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the CMA tests know per kernel (RMEM_TEST_BY_KERNEL(): a kernel
 * without an entry fails the test that asks).  Header-only.
 */
#ifndef CMA_KERNELS_H
#define CMA_KERNELS_H

#include <errno.h>

#include "rmem_test.h"

/* mm/cma_sysfs.c: 6.1 and 6.12 count pages; 5.10 has no such file */
RMEM_TEST_KERNEL_FACT(bool, cma_sysfs,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

/* 6.12's release_pages_success counter */
RMEM_TEST_KERNEL_FACT(bool, cma_release_stat,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

/*
 * mm/cma.c 6.1 (cma_alloc(), :431-448 and :509-517): a call refused before
 * the search (count 0, too many pages) still counts its pages as failed;
 * 5.10 counts nothing, 6.12 returns before counting.
 */
RMEM_TEST_KERNEL_FACT(bool, cma_counts_refused,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = true, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = false)

/*
 * 7.2 (mm/cma.c cma_range_alloc(), :797): a request larger than the area
 * is no early return but a failed search, logged and counted.
 */
RMEM_TEST_KERNEL_FACT(bool, cma_too_big_searched,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

/*
 * 7.2 counts the pages not handed out (cma->available_count): a request
 * for more stops before the search, and debugfs "used" is what is out,
 * not the bits set; a release past the area is refused (-EINVAL).
 */
RMEM_TEST_KERNEL_FACT(bool, cma_counts_available,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

/* What a search that finds no room returns: -ENOMEM, from 7.2 -EBUSY (cma_range_alloc()). */
RMEM_TEST_KERNEL_FACT(int, cma_no_room_err,
		      [RMEM_TEST_5_10] = -ENOMEM, [RMEM_TEST_6_1] = -ENOMEM,
		      [RMEM_TEST_6_12] = -ENOMEM, [RMEM_TEST_7_2] = -EBUSY)

/*
 * The CMA minimum alignment: 5.10 the larger of MAX_ORDER - 1 blocks and
 * pageblocks, 6.1 and 6.12 a pageblock (CMA_MIN_ALIGNMENT_BYTES).
 */
/*
 * 7.2's cma_declare_contiguous_nid() logs "Failed to reserve" after any
 * failure of __cma_declare_contiguous_nid(), its early checks' too.
 */
RMEM_TEST_KERNEL_FACT(bool, cma_logs_every_failure,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

RMEM_TEST_KERNEL_FACT(bool, cma_min_max_order,
		      [RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = false)

#endif /* CMA_KERNELS_H */
