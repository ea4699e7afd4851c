// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_diff_lines(): the edit script turns A into B, keeps a longest common
 * subsequence (checked against a plain dynamic-programming model on random
 * lists), puts a change's removals before its additions, and stays correct
 * past the size it computes the shortest script for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/diff.h>

#include "rmem_test.h"

/* Applies @s to A: the lines it keeps and adds must be B, those it keeps and removes A. */
static void assert_script(const char *const *a, size_t na, const char *const *b, size_t nb,
			  const struct rmem_diff_line *s, size_t nr)
{
	size_t i = 0, j = 0;

	for (size_t k = 0; k < nr; k++) {
		if (s[k].op != '+') {
			assert_true(i < na);
			assert_string_equal(s[k].text, a[i++]);
		}
		if (s[k].op != '-') {
			assert_true(j < nb);
			assert_string_equal(s[k].text, b[j++]);
		}
	}
	assert_int_equal(i, na);
	assert_int_equal(j, nb);
}

static size_t kept(const struct rmem_diff_line *s, size_t nr)
{
	size_t n = 0;

	for (size_t k = 0; k < nr; k++)
		n += s[k].op == ' ';
	return n;
}

/* The model: the length of a longest common subsequence, by the textbook table. */
static size_t lcs_model(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t *t = calloc((na + 1) * (nb + 1), sizeof(*t)), n;

	assert_non_null(t);
	for (size_t i = 1; i <= na; i++)
		for (size_t j = 1; j <= nb; j++)
			t[i * (nb + 1) + j] = !strcmp(a[i - 1], b[j - 1]) ?
				t[(i - 1) * (nb + 1) + j - 1] + 1 :
				t[(i - 1) * (nb + 1) + j] > t[i * (nb + 1) + j - 1] ?
				t[(i - 1) * (nb + 1) + j] : t[i * (nb + 1) + j - 1];
	n = t[na * (nb + 1) + nb];
	free(t);
	return n;
}

static void diff(const char *const *a, size_t na, const char *const *b, size_t nb,
		 struct rmem_diff_line **s, size_t *nr)
{
	assert_int_equal(rmem_diff_lines(a, na, b, nb, s, nr), 0);
	assert_script(a, na, b, nb, *s, *nr);
}

static void test_same(void **state)
{
	const char *a[] = { "x", "y", "z" };
	struct rmem_diff_line *s;
	size_t nr;

	(void)state;
	diff(a, 3, a, 3, &s, &nr);
	assert_int_equal(nr, 3);
	assert_int_equal(kept(s, nr), 3);
	free(s);
	diff(a, 0, a, 0, &s, &nr);
	assert_int_equal(nr, 0);
	free(s);
}

/* One line replaced: its removal, then its addition, between the kept lines. */
static void test_replace(void **state)
{
	const char *a[] = { "one", "two", "three" }, *b[] = { "one", "TWO", "three" };
	struct rmem_diff_line *s;
	size_t nr;

	(void)state;
	diff(a, 3, b, 3, &s, &nr);
	assert_int_equal(nr, 4);
	assert_int_equal(s[0].op, ' ');
	assert_int_equal(s[1].op, '-');
	assert_string_equal(s[1].text, "two");
	assert_int_equal(s[2].op, '+');
	assert_string_equal(s[2].text, "TWO");
	assert_int_equal(s[3].op, ' ');
	free(s);
}

/* Everything new, everything gone. */
static void test_one_side_empty(void **state)
{
	const char *a[] = { "p", "q" };
	struct rmem_diff_line *s;
	size_t nr;

	(void)state;
	diff(a, 2, NULL, 0, &s, &nr);
	assert_int_equal(nr, 2);
	assert_int_equal(s[0].op, '-');
	free(s);
	diff(NULL, 0, a, 2, &s, &nr);
	assert_int_equal(nr, 2);
	assert_int_equal(s[1].op, '+');
	free(s);
}

/* Random lists over three words: the script keeps as many lines as the model's LCS. */
static void test_shortest(void **state)
{
	static const char *const words[] = { "a", "b", "c" };
	struct rmem_rng rng;

	(void)state;
	rmem_rng_init(&rng, rmem_test_seed("diff_lines"));
	for (unsigned long round = 0; round < rmem_test_ops(2000); round++) {
		const char *a[12], *b[12];
		size_t na = rmem_rng_below(&rng, 12), nb = rmem_rng_below(&rng, 12), nr;
		struct rmem_diff_line *s;

		for (size_t i = 0; i < na; i++)
			a[i] = words[rmem_rng_below(&rng, 3)];
		for (size_t i = 0; i < nb; i++)
			b[i] = words[rmem_rng_below(&rng, 3)];
		diff(a, na, b, nb, &s, &nr);
		assert_int_equal(kept(s, nr), lcs_model(a, na, b, nb));
		free(s);
	}
}

/* Past the table's bound: the middle removed then added, still a script from A to B. */
static void test_too_big(void **state)
{
	enum { N = 5000 };
	static char text[2][N][8];
	const char *a[N + 2], *b[N + 2];
	struct rmem_diff_line *s;
	size_t nr;

	(void)state;
	a[0] = b[0] = "head";
	for (size_t i = 0; i < N; i++) {
		snprintf(text[0][i], sizeof(text[0][i]), "a%zu", i);
		snprintf(text[1][i], sizeof(text[1][i]), "b%zu", i);
		a[i + 1] = text[0][i];
		b[i + 1] = text[1][i];
	}
	a[N + 1] = b[N + 1] = "tail";
	diff(a, N + 2, b, N + 2, &s, &nr);
	assert_int_equal(kept(s, nr), 2);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_one_side_empty),
		cmocka_unit_test(test_shortest),
		cmocka_unit_test(test_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
