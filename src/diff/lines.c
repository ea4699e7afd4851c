// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shortest edit script between two lists of lines, from a longest
 * common subsequence: what `rmem diff` shows of the two kernels' lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/diff.h>

/*
 * The table of common-subsequence lengths has a cell per pair of lines
 * between the common head and tail; past this many, the middle is shown
 * as removed, then added: correct, if not the shortest.
 */
#define MAX_CELLS (1u << 24)

struct script {
	struct rmem_diff_line *line;
	size_t nr;
};

static void put(struct script *s, char op, const char *text)
{
	s->line[s->nr++] = (struct rmem_diff_line){ .op = op, .text = text };
}

/* lcs[i * (nb + 1) + j]: the longest common subsequence of a[i..] and b[j..]. */
static uint32_t *lcs_table(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	uint32_t *t = calloc((na + 1) * (nb + 1), sizeof(*t));

	if (!t)
		return NULL;
	for (size_t i = na; i-- > 0;) {
		for (size_t j = nb; j-- > 0;) {
			uint32_t *c = &t[i * (nb + 1) + j];

			if (!strcmp(a[i], b[j]))
				*c = t[(i + 1) * (nb + 1) + j + 1] + 1;
			else
				*c = t[(i + 1) * (nb + 1) + j] > t[i * (nb + 1) + j + 1] ?
				     t[(i + 1) * (nb + 1) + j] : t[i * (nb + 1) + j + 1];
		}
	}
	return t;
}

/* The middle: a match whenever the lines agree, else the removal first when it loses nothing. */
static int middle(struct script *s, const char *const *a, size_t na, const char *const *b,
		  size_t nb)
{
	size_t i = 0, j = 0;
	uint32_t *t = NULL;

	if (na && nb && (na + 1) * (nb + 1) <= MAX_CELLS) {
		t = lcs_table(a, na, b, nb);
		if (!t)
			return -ENOMEM;
	}
	while (t && i < na && j < nb) {
		if (!strcmp(a[i], b[j])) {
			put(s, ' ', a[i++]);
			j++;
		} else if (t[(i + 1) * (nb + 1) + j] >= t[i * (nb + 1) + j + 1]) {
			put(s, '-', a[i++]);
		} else {
			put(s, '+', b[j++]);
		}
	}
	free(t);
	while (i < na)
		put(s, '-', a[i++]);
	while (j < nb)
		put(s, '+', b[j++]);
	return 0;
}

int rmem_diff_lines(const char *const *a, size_t na, const char *const *b, size_t nb,
		    struct rmem_diff_line **out, size_t *nr)
{
	struct script s = { .line = malloc((na + nb + 1) * sizeof(*s.line)) };
	size_t head = 0, tail = 0;

	if (!s.line)
		return -ENOMEM;
	while (head < na && head < nb && !strcmp(a[head], b[head]))
		head++;
	while (tail < na - head && tail < nb - head &&
	       !strcmp(a[na - 1 - tail], b[nb - 1 - tail]))
		tail++;
	for (size_t i = 0; i < head; i++)
		put(&s, ' ', a[i]);
	if (middle(&s, a + head, na - head - tail, b + head, nb - head - tail)) {
		free(s.line);
		return -ENOMEM;
	}
	for (size_t i = na - tail; i < na; i++)
		put(&s, ' ', a[i]);
	*out = s.line;
	*nr = s.nr;
	return 0;
}
