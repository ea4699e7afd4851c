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

/* How lib/sort.c's heapsort pops: 6.12's pops two elements at a time. */
enum rmem_sort_heap {
	RMEM_SORT_ONE_AT_A_TIME,	/* and the left child on ties */
	RMEM_SORT_TWO_AT_A_TIME,	/* and the right child on ties */
};

/**
 * rmem_sort() - sort @num elements of @size bytes at @base as the kernel's
 * sort() with @heap does, @cmp ordering ascending.
 */
void rmem_sort(void *base, size_t num, size_t size,
	       int (*cmp)(const void *a, const void *b), enum rmem_sort_heap heap);

#endif /* RMEM_LIB_SORT_H */
