/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the command line's readers do differently per kernel, for the
 * tests of tests/cmdline (a kernel without an entry fails the test).
 */
#ifndef CMDLINE_KERNELS_H
#define CMDLINE_KERNELS_H

#include "rmem_test_profiles.h"

/*
 * lib/cmdline.c memparse(): a suffix shift that overflows keeps the low 64
 * bits up to 6.12; 7.2 gives ULLONG_MAX (cma=25E is then no cma= at all,
 * as 151-cmdline-cma-25E's 7.2 recording shows).
 */
RMEM_TEST_KERNEL_FACT(bool, memparse_saturates,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

#endif /* CMDLINE_KERNELS_H */
