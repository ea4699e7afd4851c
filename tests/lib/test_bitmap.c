// SPDX-License-Identifier: GPL-2.0-only
/*
 * src/lib/bitmap.c against the kernel's lib/bitmap.c and lib/find_bit.c
 * (include/linux/find.h in 6.1/6.12; bitmap_find_free_region() and
 * bitmap_release_region() moved to include/linux/bitmap.h in 6.12 with the
 * same results for the aligned regions they are used with).
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"
#include "lib/bitmap.h"

#define BPL RMEM_BITS_PER_LONG

static unsigned long *map_new(size_t nbits)
{
	unsigned long *map = rmem_bitmap_zalloc(nbits);

	assert_non_null(map);
	return map;
}

/* find_next_bit(): first set bit in [start, size), size when none (lib/find_bit.c) */
static void test_find_next_bit_boundaries(void **state)
{
	unsigned long *map = map_new(3 * BPL);

	(void)state;
	assert_int_equal(rmem_find_next_bit(map, 3 * BPL, 0), 3 * BPL);
	rmem_bitmap_set(map, BPL - 1, 1);
	rmem_bitmap_set(map, BPL, 1);
	rmem_bitmap_set(map, 2 * BPL + 5, 1);
	assert_int_equal(rmem_find_next_bit(map, 3 * BPL, 0), BPL - 1);
	assert_int_equal(rmem_find_next_bit(map, 3 * BPL, BPL - 1), BPL - 1);
	assert_int_equal(rmem_find_next_bit(map, 3 * BPL, BPL), BPL);
	assert_int_equal(rmem_find_next_bit(map, 3 * BPL, BPL + 1), 2 * BPL + 5);
	/* a set bit at or past size is not found: min(found, size) */
	assert_int_equal(rmem_find_next_bit(map, 2 * BPL + 5, BPL + 1), 2 * BPL + 5);
	assert_int_equal(rmem_find_next_bit(map, 2 * BPL + 3, BPL + 1), 2 * BPL + 3);
	/* start >= size returns size */
	assert_int_equal(rmem_find_next_bit(map, BPL, BPL), BPL);
	assert_int_equal(rmem_find_next_bit(map, BPL, 5 * BPL), BPL);
	/* size within a word: the word's higher bits do not count */
	assert_int_equal(rmem_find_next_bit(map, BPL - 1, 0), BPL - 1);
	rmem_bitmap_free(map);
}

/* find_next_zero_bit(): first clear bit in [start, size), size when none (lib/find_bit.c) */
static void test_find_next_zero_bit_boundaries(void **state)
{
	unsigned long *map = map_new(3 * BPL);

	(void)state;
	rmem_bitmap_set(map, 0, 3 * BPL);
	assert_int_equal(rmem_find_next_zero_bit(map, 3 * BPL, 0), 3 * BPL);
	/* partial last word: bits past size are clear but beyond it */
	rmem_bitmap_clear(map, 2 * BPL + 10, BPL - 10);
	assert_int_equal(rmem_find_next_zero_bit(map, 2 * BPL + 10, 0), 2 * BPL + 10);
	assert_int_equal(rmem_find_next_zero_bit(map, 2 * BPL + 11, 0), 2 * BPL + 10);
	rmem_bitmap_clear(map, BPL, 1);
	assert_int_equal(rmem_find_next_zero_bit(map, 3 * BPL, 0), BPL);
	assert_int_equal(rmem_find_next_zero_bit(map, 3 * BPL, BPL), BPL);
	assert_int_equal(rmem_find_next_zero_bit(map, 3 * BPL, BPL + 1), 2 * BPL + 10);
	rmem_bitmap_clear(map, BPL - 1, 1);
	assert_int_equal(rmem_find_next_zero_bit(map, 3 * BPL, 1), BPL - 1);
	assert_int_equal(rmem_find_next_zero_bit(map, 7, 9), 7);
	rmem_bitmap_free(map);
}

/* bitmap_set() / bitmap_clear() across words (lib/bitmap.c __bitmap_set/__bitmap_clear) */
static void test_set_clear_across_words(void **state)
{
	unsigned long *map = map_new(4 * BPL);

	(void)state;
	/* bits BPL-3 .. 2*BPL+2: three words touched */
	rmem_bitmap_set(map, BPL - 3, BPL + 6);
	assert_int_equal(map[0], ~0UL << (BPL - 3));
	assert_int_equal(map[1], ~0UL);
	assert_int_equal(map[2], (1UL << 3) - 1);
	assert_int_equal(map[3], 0);
	assert_int_equal(rmem_bitmap_weight(map, 4 * BPL), BPL + 6);
	/* clear BPL+1 .. 2*BPL: leaves bit BPL and bits 2*BPL+1, 2*BPL+2 */
	rmem_bitmap_clear(map, BPL + 1, BPL);
	assert_int_equal(map[1], 1UL);
	assert_int_equal(map[2], 6UL);
	assert_int_equal(rmem_bitmap_weight(map, 4 * BPL), 6);
	/* nr == 0 touches nothing */
	rmem_bitmap_set(map, 3 * BPL, 0);
	rmem_bitmap_clear(map, 0, 0);
	assert_int_equal(rmem_bitmap_weight(map, 4 * BPL), 6);
	/* exactly one whole word */
	rmem_bitmap_set(map, 3 * BPL, BPL);
	assert_int_equal(map[3], ~0UL);
	assert_int_equal(map[2], 6UL);
	rmem_bitmap_free(map);
}

/* bitmap_weight(): only the first nbits count (lib/bitmap.c __bitmap_weight) */
static void test_weight(void **state)
{
	unsigned long *map = map_new(2 * BPL);

	(void)state;
	memset(map, 0xff, 2 * sizeof(unsigned long));
	assert_int_equal(rmem_bitmap_weight(map, 0), 0);
	assert_int_equal(rmem_bitmap_weight(map, 1), 1);
	assert_int_equal(rmem_bitmap_weight(map, BPL), BPL);
	assert_int_equal(rmem_bitmap_weight(map, BPL + 7), BPL + 7);
	assert_int_equal(rmem_bitmap_weight(map, 2 * BPL), 2 * BPL);
	rmem_bitmap_free(map);
}

/* bitmap_find_next_zero_area_off(): found areas (lib/bitmap.c, 5.10/6.1/6.12) */
static void test_zero_area_found(void **state)
{
	unsigned long *map = map_new(4 * BPL);

	(void)state;
	/* empty: start itself, aligned */
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 8, 0, 0), 0);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 5, 8, 7, 0), 8);
	/* align_offset: (index + 3) must be a multiple of 8 */
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 4, 7, 3), 5);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 6, 4, 7, 3), 13);
	/* a set bit inside the candidate restarts the search after it */
	rmem_bitmap_set(map, 10, 1);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 16, 0, 0), 11);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 16, 15, 0), 16);
	/* across a word boundary */
	rmem_bitmap_set(map, 0, BPL - 2);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 4, 0, 0), BPL - 2);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 4, 3, 0), BPL);
	/* the last possible place: end == size */
	rmem_bitmap_set(map, 0, 4 * BPL - 4);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 4 * BPL, 0, 4, 3, 0), 4 * BPL - 4);
	rmem_bitmap_free(map);
}

/* bitmap_find_next_zero_area_off(): on failure it returns index + nr, past size */
static void test_zero_area_failure_value(void **state)
{
	unsigned long *map = map_new(2 * BPL);

	(void)state;
	/* first zero 60 of 64: 60 + 8 */
	rmem_bitmap_set(map, 0, 60);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 64, 0, 8, 0, 0), 68);
	/* nothing free: find_next_zero_bit gives size, then size + nr */
	rmem_bitmap_set(map, 0, 2 * BPL);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 100, 0, 3, 0, 0), 103);
	/* the alignment moves it past size first: (97 + 3) & ~3 = 100, + 2 */
	rmem_bitmap_clear(map, 0, 2 * BPL);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 100, 97, 2, 3, 0), 102);
	/* with an offset: bit 6 busy, restart at 7 -> 13, 13 + 4 = 17 > 16 */
	rmem_bitmap_set(map, 6, 1);
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 16, 0, 4, 7, 3), 17);
	/* start past size: size aligned, + nr */
	assert_int_equal(rmem_bitmap_find_next_zero_area_off(map, 16, 40, 1, 0, 0), 17);
	rmem_bitmap_free(map);
}

/*
 * A deliberately naive bitmap_find_next_zero_area_off(): the kernel's loop
 * with bit-by-bit searches.
 */
static size_t naive_zero_area(const unsigned long *map, size_t size, size_t start,
			      size_t nr, size_t mask, size_t off)
{
	for (;;) {
		size_t index = start, end, i;

		while (index < size && rmem_test_bit(index, map))
			index++;
		if (index > size)
			index = size;
		index = ((index + off + mask) & ~mask) - off;
		end = index + nr;
		if (end > size)
			return end;
		for (i = index; i < end && !rmem_test_bit(i, map); i++)
			;
		if (i == end)
			return index;
		start = i + 1;
	}
}

/* The smallest valid index, by brute force: what a success must return. */
static size_t brute_first_area(const unsigned long *map, size_t size, size_t start,
			       size_t nr, size_t mask, size_t off)
{
	for (size_t idx = start; idx + nr <= size; idx++) {
		bool ok = ((idx + off) & mask) == 0;

		for (size_t i = idx; ok && i < idx + nr; i++)
			ok = !rmem_test_bit(i, map);
		if (ok)
			return idx;
	}
	return SIZE_MAX;
}

/* bitmap_find_next_zero_area_off() and find_*_bit() on random maps vs. naive loops */
static void test_zero_area_random(void **state)
{
	struct rmem_rng rng;
	unsigned long *map = map_new(5 * BPL);

	(void)state;
	rmem_rng_init(&rng, rmem_test_seed("test_bitmap"));
	for (int round = 0; round < 20000; round++) {
		size_t size = 1 + rmem_rng_below(&rng, 5 * BPL);
		size_t start = rmem_rng_below(&rng, size + 2);
		size_t nr = 1 + rmem_rng_below(&rng, 24);
		size_t mask = ((size_t)1 << rmem_rng_below(&rng, 5)) - 1;
		size_t off = rmem_rng_below(&rng, mask + 1);
		size_t got, brute, i;

		for (size_t w = 0; w < 5; w++)
			map[w] = rmem_rng_next(&rng) & rmem_rng_next(&rng) &
				 rmem_rng_next(&rng);
		got = rmem_bitmap_find_next_zero_area_off(map, size, start, nr, mask, off);
		assert_int_equal(got, naive_zero_area(map, size, start, nr, mask, off));
		brute = brute_first_area(map, size, start, nr, mask, off);
		if (got + nr <= size)
			assert_int_equal(got, brute);
		else
			assert_int_equal(brute, SIZE_MAX);
		for (i = start; i < size && !rmem_test_bit(i, map); i++)
			;
		assert_int_equal(rmem_find_next_bit(map, size, start), i < size ? i : size);
		for (i = start; i < size && rmem_test_bit(i, map); i++)
			;
		assert_int_equal(rmem_find_next_zero_bit(map, size, start), i < size ? i : size);
	}
	rmem_bitmap_free(map);
}

/* bitmap_find_free_region(): from 0 in steps of 2^order, only whole regions within bits */
static void test_find_free_region(void **state)
{
	unsigned long *map = map_new(4 * BPL);

	(void)state;
	assert_int_equal(rmem_bitmap_find_free_region(map, 64, 3), 0);
	assert_int_equal(rmem_bitmap_find_free_region(map, 64, 3), 8);
	rmem_bitmap_set(map, 17, 1);
	/* 16..23 is busy because of bit 17: the next aligned step is 24 */
	assert_int_equal(rmem_bitmap_find_free_region(map, 64, 3), 24);
	assert_int_equal(rmem_bitmap_find_free_region(map, 64, 0), 16);
	assert_int_equal(rmem_bitmap_find_free_region(map, 64, 1), 18);
	/* a trailing partial region is never used: 20 bits hold two of 8 */
	memset(map, 0, 4 * sizeof(unsigned long));
	assert_int_equal(rmem_bitmap_find_free_region(map, 20, 3), 0);
	assert_int_equal(rmem_bitmap_find_free_region(map, 20, 3), 8);
	assert_int_equal(rmem_bitmap_find_free_region(map, 20, 3), -ENOMEM);
	assert_int_equal(rmem_bitmap_weight(map, 4 * BPL), 16);
	/* order larger than the map */
	assert_int_equal(rmem_bitmap_find_free_region(map, 20, 5), -ENOMEM);
	rmem_bitmap_free(map);
}

/* bitmap_find_free_region() with multi-word regions (__reg_op's nlongs_reg > 1) */
static void test_find_free_region_multiword(void **state)
{
	unsigned long *map = map_new(4 * BPL);
	unsigned int order = BPL == 64 ? 7 : 6;	/* two words */
	size_t len = (size_t)1 << order;

	(void)state;
	assert_int_equal(rmem_bitmap_find_free_region(map, 4 * BPL, order), 0);
	assert_int_equal(map[0], ~0UL);
	assert_int_equal(map[1], ~0UL);
	rmem_bitmap_set(map, len + len / 2 + 1, 1);
	assert_int_equal(rmem_bitmap_find_free_region(map, 4 * BPL, order), -ENOMEM);
	rmem_bitmap_release_region(map, 0, order);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 0);
	assert_int_equal(rmem_bitmap_weight(map, 4 * BPL), 1);
	assert_int_equal(rmem_bitmap_find_free_region(map, 4 * BPL, order), 0);
	rmem_bitmap_free(map);
}

/* bitmap_release_region(): clears exactly 2^order bits at pos */
static void test_release_region(void **state)
{
	unsigned long *map = map_new(2 * BPL);

	(void)state;
	rmem_bitmap_set(map, 0, 2 * BPL);
	rmem_bitmap_release_region(map, 8, 3);
	assert_int_equal(map[0], ~(0xffUL << 8));
	assert_int_equal(rmem_bitmap_weight(map, 2 * BPL), 2 * BPL - 8);
	rmem_bitmap_release_region(map, 0, 0);
	assert_false(rmem_test_bit(0, map));
	assert_true(rmem_test_bit(1, map));
	assert_int_equal(rmem_bitmap_find_free_region(map, 2 * BPL, 3), 8);
	assert_int_equal(rmem_bitmap_find_free_region(map, 2 * BPL, 0), 0);
	rmem_bitmap_free(map);
}

/* bitmap_zalloc(): cleared, and usable for 0 bits */
static void test_zalloc(void **state)
{
	unsigned long *map = map_new(3 * BPL + 1);

	(void)state;
	assert_int_equal(rmem_bitmap_weight(map, 3 * BPL + 1), 0);
	assert_true(rmem_bitmap_range_empty(map, 0, 3 * BPL + 1));
	rmem_bitmap_set(map, 3 * BPL, 1);
	assert_true(rmem_bitmap_range_full(map, 3 * BPL, 1));
	assert_false(rmem_bitmap_range_empty(map, 2 * BPL, BPL + 1));
	rmem_bitmap_free(map);
	map = rmem_bitmap_zalloc(0);
	assert_non_null(map);
	assert_int_equal(rmem_find_next_zero_bit(map, 0, 0), 0);
	rmem_bitmap_free(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_next_bit_boundaries),
		cmocka_unit_test(test_find_next_zero_bit_boundaries),
		cmocka_unit_test(test_set_clear_across_words),
		cmocka_unit_test(test_weight),
		cmocka_unit_test(test_zero_area_found),
		cmocka_unit_test(test_zero_area_failure_value),
		cmocka_unit_test(test_zero_area_random),
		cmocka_unit_test(test_find_free_region),
		cmocka_unit_test(test_find_free_region_multiword),
		cmocka_unit_test(test_release_region),
		cmocka_unit_test(test_zalloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
