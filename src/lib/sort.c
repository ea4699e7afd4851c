// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's heapsort, by element index rather than byte offset.
 *
 * The heap is a max-heap in [0, n): children of i are 2i+1 and 2i+2.  A
 * sift-down follows the larger child to a leaf ("bottom-up"), backs up to
 * where the element belongs, then rotates the path.  Ties are broken the
 * way each kernel version breaks them; that is the whole point of this file.
 */
#include <stdbool.h>
#include <string.h>

#include "lib/sort.h"

struct heap {
	unsigned char *base;
	size_t size;
	int (*cmp)(const void *a, const void *b);
	bool left_on_tie;	/* pick the left child when children compare equal */
};

static int at_cmp(const struct heap *h, size_t i, size_t j)
{
	return h->cmp(h->base + i * h->size, h->base + j * h->size);
}

static void at_swap(const struct heap *h, size_t i, size_t j)
{
	unsigned char *a = h->base + i * h->size, *b = h->base + j * h->size;

	for (size_t k = 0; k < h->size; k++) {
		unsigned char t = a[k];

		a[k] = b[k];
		b[k] = t;
	}
}

static size_t parent(size_t i)
{
	return (i - 1) / 2;
}

/* Sift the element at @a down within the heap [0, @n). */
static void sift_down(const struct heap *h, size_t a, size_t n)
{
	size_t b = a, c, d;

	for (;;) {
		c = 2 * b + 1;
		d = c + 1;
		if (d >= n)
			break;
		if (h->left_on_tie)
			b = at_cmp(h, c, d) >= 0 ? c : d;
		else
			b = at_cmp(h, c, d) > 0 ? c : d;
	}
	if (d == n)		/* the last leaf has no sibling */
		b = c;
	while (b != a && at_cmp(h, a, b) >= 0)
		b = parent(b);
	c = b;
	while (b != a) {
		b = parent(b);
		at_swap(h, b, c);
	}
}

/* 5.10 and 6.1: extract one root per step. */
static void sort_one_at_a_time(const struct heap *h, size_t num)
{
	size_t n = num, a = num / 2;

	for (;;) {
		if (a)
			a--;
		else if (--n)
			at_swap(h, 0, n);
		else
			break;
		sift_down(h, a, n);
	}
}

/* 6.12: extract the two largest per step, then finish the last two or three. */
static void sort_two_at_a_time(const struct heap *h, size_t num)
{
	size_t n = num, a = num / 2, shift = 0;

	for (;;) {
		if (a) {
			a -= (size_t)1 << shift;
		} else if (n > 3) {
			n--;
			at_swap(h, 0, n);
			shift = at_cmp(h, 1, 2) <= 0;
			a = (size_t)1 << shift;
			n--;
			at_swap(h, a, n);
		} else {
			break;
		}
		sift_down(h, a, n);
	}
	n--;
	at_swap(h, 0, n);
	if (n == 2 && at_cmp(h, 0, 1) > 0)
		at_swap(h, 0, 1);
}

void rmem_sort(void *base, size_t num, size_t size,
	       int (*cmp)(const void *a, const void *b), enum rmem_sort_heap heap)
{
	struct heap h = { .base = base, .size = size, .cmp = cmp };

	if (num < 2 || !size)
		return;
	if (heap == RMEM_SORT_TWO_AT_A_TIME) {
		h.left_on_tie = false;
		sort_two_at_a_time(&h, num);
	} else {
		h.left_on_tie = true;
		sort_one_at_a_time(&h, num);
	}
}
