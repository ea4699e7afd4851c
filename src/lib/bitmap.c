// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bitmap helpers.  The allocators' results depend on exactly where these
 * searches stop, so they follow the kernel's definitions, not just its
 * intent: see the comments on each in bitmap.h.
 */
#include <errno.h>
#include <stdlib.h>

#include "lib/bitmap.h"

unsigned long *rmem_bitmap_zalloc(size_t nbits)
{
	size_t words = RMEM_BITS_TO_LONGS(nbits);

	return calloc(words ? words : 1, sizeof(unsigned long));
}

void rmem_bitmap_free(unsigned long *map)
{
	free(map);
}

/* One search for both polarities: @invert flips every word before looking. */
static size_t find_next(const unsigned long *map, size_t size, size_t start,
			unsigned long invert)
{
	size_t idx;
	unsigned long word;

	if (start >= size)
		return size;
	idx = start / RMEM_BITS_PER_LONG;
	word = (map[idx] ^ invert) & (~0UL << (start % RMEM_BITS_PER_LONG));
	while (!word) {
		idx++;
		if (idx * RMEM_BITS_PER_LONG >= size)
			return size;
		word = map[idx] ^ invert;
	}
	start = idx * RMEM_BITS_PER_LONG + (size_t)__builtin_ctzl(word);
	return start < size ? start : size;
}

size_t rmem_find_next_bit(const unsigned long *map, size_t size, size_t start)
{
	return find_next(map, size, start, 0UL);
}

size_t rmem_find_next_zero_bit(const unsigned long *map, size_t size, size_t start)
{
	return find_next(map, size, start, ~0UL);
}

/* Apply @set or clear to [start, start + nr) a word at a time. */
static void fill_range(unsigned long *map, size_t start, size_t nr, bool set)
{
	while (nr) {
		size_t idx = start / RMEM_BITS_PER_LONG;
		size_t off = start % RMEM_BITS_PER_LONG;
		size_t n = RMEM_BITS_PER_LONG - off;
		unsigned long mask;

		if (n > nr)
			n = nr;
		mask = (n == RMEM_BITS_PER_LONG) ? ~0UL : ((1UL << n) - 1) << off;
		if (set)
			map[idx] |= mask;
		else
			map[idx] &= ~mask;
		start += n;
		nr -= n;
	}
}

void rmem_bitmap_set(unsigned long *map, size_t start, size_t nr)
{
	fill_range(map, start, nr, true);
}

void rmem_bitmap_clear(unsigned long *map, size_t start, size_t nr)
{
	fill_range(map, start, nr, false);
}

size_t rmem_bitmap_weight(const unsigned long *map, size_t nbits)
{
	size_t i, w = 0;

	for (i = 0; i < nbits / RMEM_BITS_PER_LONG; i++)
		w += (size_t)__builtin_popcountl(map[i]);
	if (nbits % RMEM_BITS_PER_LONG)
		w += (size_t)__builtin_popcountl(map[i] &
				((1UL << (nbits % RMEM_BITS_PER_LONG)) - 1));
	return w;
}

bool rmem_bitmap_range_full(const unsigned long *map, size_t start, size_t nr)
{
	return rmem_find_next_zero_bit(map, start + nr, start) >= start + nr;
}

bool rmem_bitmap_range_empty(const unsigned long *map, size_t start, size_t nr)
{
	return rmem_find_next_bit(map, start + nr, start) >= start + nr;
}

size_t rmem_bitmap_find_next_zero_area_off(const unsigned long *map, size_t size,
					   size_t start, size_t nr,
					   size_t align_mask, size_t align_offset)
{
	size_t index, end, busy;

	for (;;) {
		index = rmem_find_next_zero_bit(map, size, start);
		/* align (index + offset) up, then take the offset back off */
		index = ((index + align_offset + align_mask) & ~align_mask) - align_offset;
		end = index + nr;
		if (end > size)
			return end;
		busy = rmem_find_next_bit(map, end, index);
		if (busy >= end)
			return index;
		start = busy + 1;
	}
}

long rmem_bitmap_find_free_region(unsigned long *map, size_t bits, unsigned int order)
{
	size_t step = (size_t)1 << order;
	size_t pos;

	for (pos = 0; pos + step <= bits; pos += step) {
		if (!rmem_bitmap_range_empty(map, pos, step))
			continue;
		rmem_bitmap_set(map, pos, step);
		return (long)pos;
	}
	return -ENOMEM;
}

void rmem_bitmap_release_region(unsigned long *map, size_t pos, unsigned int order)
{
	rmem_bitmap_clear(map, pos, (size_t)1 << order);
}
