// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/sort.c: the kernel's heapsort sorts (both the 5.10/6.1 and the 6.12
 * variant).  Which order equal elements come out in is the kernel's to
 * decide: the conformance corpus checks that through the reserved-memory
 * log lines, where dynamic regions all compare equal.
 */
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "lib/sort.h"

struct rec {
	unsigned int key;
	unsigned int id;
};

static int cmp_key(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static void check_sorts(enum rmem_sort_heap heap, struct rmem_rng *rng)
{
	for (unsigned int round = 0; round < 2000; round++) {
		size_t num = rmem_rng_below(rng, 70);
		unsigned int keys = 1 + (unsigned int)rmem_rng_below(rng, 8);
		struct rec v[70];
		unsigned int seen[70] = { 0 };

		for (size_t i = 0; i < num; i++)
			v[i] = (struct rec){ (unsigned int)rmem_rng_below(rng, keys), (unsigned int)i };
		rmem_sort(v, num, sizeof(v[0]), cmp_key, heap);
		for (size_t i = 0; i < num; i++) {
			if (i)
				assert_true(v[i - 1].key <= v[i].key);
			assert_true(v[i].id < num);
			seen[v[i].id]++;
		}
		for (size_t i = 0; i < num; i++)
			assert_int_equal(seen[i], 1);
	}
}

/* lib/sort.c sort_r() of 5.10 and 6.1: one root extracted per step. */
static void test_sort_6_1(void **state)
{
	struct rmem_rng rng;

	rmem_rng_init(&rng, rmem_test_seed("test_sort_6_1"));
	check_sorts(RMEM_SORT_ONE_AT_A_TIME, &rng);
}

/* lib/sort.c sort_r() of 6.12: two extracted per step, last two or three fixed up. */
static void test_sort_6_12(void **state)
{
	struct rmem_rng rng;

	rmem_rng_init(&rng, rmem_test_seed("test_sort_6_12"));
	check_sorts(RMEM_SORT_TWO_AT_A_TIME, &rng);
}

/*
 * drivers/of/of_reserved_mem.c __rmem_check_for_overlap() sorts by base,
 * then size; dynamic regions are (0, 0) there.  Recorded from Debian's
 * arm64 6.1 and 5.10 kernels booting a /reserved-memory of eight no-map
 * shared-dma-pool nodes in this DT order, six dynamic (aN) and two static
 * (sN at 0x48000000 and 0x49000000): both logged the pools created in the
 * order a7 a2 a3 a0 a5 a6 s1 s4.
 */
struct region {
	unsigned long long base, size;
	char name[4];
};

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

static void test_sort_rmem_order_6_1(void **state)
{
	struct region r[] = {
		{ 0, 0, "a0" }, { 0x48000000, 0x100000, "s1" }, { 0, 0, "a2" },
		{ 0, 0, "a3" }, { 0x49000000, 0x100000, "s4" }, { 0, 0, "a5" },
		{ 0, 0, "a6" }, { 0, 0, "a7" },
	};
	static const char *const kernel[] = { "a7", "a2", "a3", "a0", "a5", "a6", "s1", "s4" };

	struct region t[8];

	memcpy(t, r, sizeof(r));
	rmem_sort(t, 8, sizeof(t[0]), cmp_region, RMEM_SORT_ONE_AT_A_TIME);
	for (unsigned int i = 0; i < 8; i++)
		assert_string_equal(t[i].name, kernel[i]);
}

/* sort_r(): fewer than two elements are left alone. */
static void test_sort_trivial(void **state)
{
	struct rec one = { 5, 0 };

	rmem_sort(&one, 1, sizeof(one), cmp_key, RMEM_SORT_TWO_AT_A_TIME);
	rmem_sort(NULL, 0, sizeof(one), cmp_key, RMEM_SORT_ONE_AT_A_TIME);
	assert_int_equal(one.key, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_6_1),
		cmocka_unit_test(test_sort_6_12),
		cmocka_unit_test(test_sort_rmem_order_6_1),
		cmocka_unit_test(test_sort_trivial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
