/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bitmaps with the semantics of the kernel's lib/bitmap.c and find_bit.
 * Bits live in unsigned longs, bit N in word N / BITS_PER_LONG.  Searches
 * return a value >= the bitmap size when nothing is found, as the kernel's.
 */
#ifndef RMEM_LIB_BITMAP_H
#define RMEM_LIB_BITMAP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define RMEM_BITS_PER_LONG (sizeof(unsigned long) * CHAR_BIT)
#define RMEM_BITS_TO_LONGS(n) (((n) + RMEM_BITS_PER_LONG - 1) / RMEM_BITS_PER_LONG)

/** bitmap_zalloc(): a cleared bitmap of @nbits bits, or NULL. */
unsigned long *rmem_bitmap_zalloc(size_t nbits);
void rmem_bitmap_free(unsigned long *map);

static inline bool rmem_test_bit(size_t nr, const unsigned long *map)
{
	return (map[nr / RMEM_BITS_PER_LONG] >> (nr % RMEM_BITS_PER_LONG)) & 1UL;
}

/** find_next_bit() / find_next_zero_bit(): first set / clear bit in [start, size), or size. */
size_t rmem_find_next_bit(const unsigned long *map, size_t size, size_t start);
size_t rmem_find_next_zero_bit(const unsigned long *map, size_t size, size_t start);

/** bitmap_set() / bitmap_clear(): set / clear bits [start, start + nr). */
void rmem_bitmap_set(unsigned long *map, size_t start, size_t nr);
void rmem_bitmap_clear(unsigned long *map, size_t start, size_t nr);

/** bitmap_weight() of the first @nbits bits. */
size_t rmem_bitmap_weight(const unsigned long *map, size_t nbits);

/** True when every bit of [start, start + nr) is set / clear. */
bool rmem_bitmap_range_full(const unsigned long *map, size_t start, size_t nr);
bool rmem_bitmap_range_empty(const unsigned long *map, size_t start, size_t nr);

/**
 * bitmap_find_next_zero_area_off(): the first index >= @start, such that
 * (index + @align_offset) is a multiple of (@align_mask + 1), where @nr
 * clear bits start.  Returns that index, or a value > @size - @nr (the
 * kernel returns index + nr, which exceeds @size) when there is none.
 * @align_mask must be one less than a power of two.
 */
size_t rmem_bitmap_find_next_zero_area_off(const unsigned long *map, size_t size,
					   size_t start, size_t nr,
					   size_t align_mask, size_t align_offset);

/**
 * bitmap_find_free_region(): find a clear, naturally aligned region of
 * 2^@order bits among the first @bits, scanning from 0 in steps of its size,
 * and set it.  Returns its first bit, or -ENOMEM.
 */
long rmem_bitmap_find_free_region(unsigned long *map, size_t bits, unsigned int order);

/** bitmap_release_region(): clear the 2^@order bits at @pos. */
void rmem_bitmap_release_region(unsigned long *map, size_t pos, unsigned int order);

#endif /* RMEM_LIB_BITMAP_H */
