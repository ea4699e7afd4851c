/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memparse() of a given kernel: rmem_memparse() is the one of 5.10 .. 6.12,
 * which wraps; 7.2's saturates.
 */
#ifndef RMEM_LIB_MEMPARSE_H
#define RMEM_LIB_MEMPARSE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * rmem_memparse() (include/rmem/memparse.h), with @saturate 7.2's: a
 * suffix after no digit is not taken, and a suffix shift that overflows
 * gives UINT64_MAX, returning -EOVERFLOW (-ERANGE remains for digits
 * that wrapped).
 */
int rmem_memparse_kernel(const char *s, const char **end, uint64_t *val, bool saturate);

#endif /* RMEM_LIB_MEMPARSE_H */
