/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the memblock tests know per kernel (RMEM_TEST_KERNEL_FACT(): a
 * kernel without an entry fails the test that asks).  Header-only.
 */
#ifndef MEMBLOCK_KERNELS_H
#define MEMBLOCK_KERNELS_H

#include "rmem_test.h"

/*
 * struct memblock's static initialiser, and what removing every region
 * leaves: 5.10 and 6.1 keep cnt 1 (an empty dummy entry), 6.12 cnt 0.
 */
RMEM_TEST_KERNEL_FACT(size_t, mb_empty_cnt,
		      [RMEM_TEST_5_10] = 1, [RMEM_TEST_6_1] = 1, [RMEM_TEST_6_12] = 0,
		      [RMEM_TEST_7_2] = 0)

/*
 * memblock_double_array() before memblock_allow_resize(): 5.10 and 6.1
 * return -1 silently, 6.12 panics (mm/memblock.c:424).
 */
RMEM_TEST_KERNEL_FACT(bool, mb_full_panics,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

/*
 * The node a request names: 6.12 reads only a valid node id as a node
 * (anything else, MAX_NUMNODES included, is any node) and retries on any
 * node after a valid one; 5.10 and 6.1 read NUMA_NO_NODE as any node,
 * MAX_NUMNODES too (it warns), and retry after any other.
 */
RMEM_TEST_KERNEL_FACT(bool, mb_valid_nid_only,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

/*
 * 7.2's __memblock_reserve(): memblock_reserve() on NUMA_NO_NODE, memblock's
 * own reservations (allocations, grown arrays) flagged MEMBLOCK_RSRV_KERN
 * on their node, so that reserved regions merge only with their like; a
 * piece without flags warns of no flags mismatch (mm/memblock.c:671).
 */
RMEM_TEST_KERNEL_FACT(bool, mb_rsrv_kern,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

#endif /* MEMBLOCK_KERNELS_H */
