/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's sort() (lib/sort.c): an in-place, unstable, bottom-up
 * heapsort.  Its exact sequence of swaps matters to rmem: the kernel sorts
 * the reserved-memory regions with it, and regions that compare equal (all
 * the dynamically placed ones, base 0 and size 0 at that point) come out in
 * an order only this algorithm gives, which decides the order of the log
 * lines and of the allocations.  6.12 extracts two elements per step, so it
 * orders equal elements differently from 5.10 and 6.1.
 */
#ifndef RMEM_LIB_SORT_H
#define RMEM_LIB_SORT_H

#include <stddef.h>

/**
 * rmem_sort() - sort @num elements of @size bytes at @base as the sort() of
 * kernel @version (an RMEM_KERNEL_VERSION) does, @cmp ordering ascending.
 */
void rmem_sort(void *base, size_t num, size_t size,
	       int (*cmp)(const void *a, const void *b), unsigned int version);

#endif /* RMEM_LIB_SORT_H */
