// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --diff: one trace replayed on two machines, and the events
 * whose results differ.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/diff.h>

static bool same_result(const struct rmem_sim *a, const struct rmem_sim *b, size_t i)
{
	char ta[RMEM_SIM_TEXT_MAX], tb[RMEM_SIM_TEXT_MAX];

	if (rmem_sim_result_at(a, i)->err != rmem_sim_result_at(b, i)->err)
		return false;
	rmem_sim_result_format(a, i, ta, sizeof(ta));
	rmem_sim_result_format(b, i, tb, sizeof(tb));
	return !strcmp(ta, tb);
}

int rmem_sim_diff(const struct rmem_sim *a, const struct rmem_sim *b,
		  struct rmem_sim_diff_event **out, size_t *nr)
{
	size_t n = rmem_sim_result_count(a);
	struct rmem_sim_diff_event *v;

	if (n != rmem_sim_result_count(b))
		return -EINVAL;
	v = malloc((n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*nr = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rmem_sim_result *ra = rmem_sim_result_at(a, i);
		const struct rmem_sim_result *rb = rmem_sim_result_at(b, i);

		if (!same_result(a, b, i))
			v[(*nr)++] = (struct rmem_sim_diff_event){ .ev = ra->ev, .index = i, .a = ra,
								   .b = rb };
	}
	*out = v;
	return 0;
}
