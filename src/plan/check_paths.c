// SPDX-License-Identifier: GPL-2.0-only
/*
 * The full paths of the nodes rmem check's findings name, found in one
 * walk of the tree: fdt_get_path() walks from the root for each node, and
 * a finding that lists the 20,000 regions of a generated tree would cost
 * the tree 20,000 times over.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/check_internal.h"

/* Past this, a path is ".../NAME": no board is nested that deep by name. */
#define PATH_MAX_LEN 1024

static int by_node(const void *a, const void *b)
{
	const struct rmem_finding_subject *x = *(const struct rmem_finding_subject *const *)a;
	const struct rmem_finding_subject *y = *(const struct rmem_finding_subject *const *)b;

	return (x->node > y->node) - (x->node < y->node);
}

/* The node subjects of every finding, by offset. */
static struct rmem_finding_subject **node_subjects(struct rmem_check *out, size_t *nr)
{
	struct rmem_finding_subject **s;
	size_t n = 0;

	for (size_t i = 0; i < out->nr; i++)
		for (size_t j = 0; j < out->items[i].nr_subjects; j++)
			n += out->items[i].subjects[j].node >= 0;
	s = malloc((n + 1) * sizeof(*s));
	if (!s)
		return NULL;
	*nr = 0;
	for (size_t i = 0; i < out->nr; i++)
		for (size_t j = 0; j < out->items[i].nr_subjects; j++)
			if (out->items[i].subjects[j].node >= 0)
				s[(*nr)++] = &out->items[i].subjects[j];
	qsort(s, *nr, sizeof(*s), by_node);
	return s;
}

/* The path of the node the walk is at: @len[depth] bytes of @path are its parent's. */
struct path_walk {
	char path[PATH_MAX_LEN];
	size_t *len;			/* by depth: the length of the path up to it */
	size_t cap;
};

static int path_at(struct path_walk *w, const struct rmem_fdt *fdt, int node, int depth,
		   const char **path)
{
	const char *name = rmem_fdt_name(fdt, node);
	size_t parent, len;

	if ((size_t)depth + 1 >= w->cap) {
		size_t cap = 2 * (size_t)depth + 16;
		size_t *n = realloc(w->len, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		w->len = n;
		w->cap = cap;
	}
	parent = depth ? w->len[depth - 1] : 0;
	len = parent == SIZE_MAX ? SIZE_MAX : depth ? parent + 1 + strlen(name) : 1;
	if (len >= PATH_MAX_LEN) {
		w->len[depth] = SIZE_MAX;	/* too long: so are the paths below */
		*path = NULL;
		return 0;
	}
	if (!depth)
		strcpy(w->path, "/");
	else
		snprintf(w->path + parent, sizeof(w->path) - parent, "%s%s",
			 parent > 1 ? "/" : "", name);
	if (depth && parent == 1)
		len--;			/* "/" and "name": "/name" */
	w->len[depth] = len;
	*path = w->path;
	return 0;
}

static char *long_path(const struct rmem_fdt *fdt, int node)
{
	const char *name = rmem_fdt_name(fdt, node);
	char *s = malloc(strlen(name) + 5);

	if (s)
		strcat(strcpy(s, ".../"), name);
	return s;
}

int check_name_nodes(const struct rmem_fdt *fdt, struct rmem_check *out)
{
	struct path_walk w = { .len = NULL };
	struct rmem_finding_subject **s;
	size_t nr, k = 0;
	int node = 0, depth = 0, ret = 0;

	s = node_subjects(out, &nr);
	if (!s)
		return -ENOMEM;
	/* every node's path is its parent's and its name: the walk builds each */
	for (; node >= 0 && k < nr && !ret; node = fdt_next_node(fdt->blob, node, &depth)) {
		const char *path;

		ret = path_at(&w, fdt, node, depth, &path);
		for (; !ret && k < nr && s[k]->node == node; k++) {
			s[k]->what = path ? strdup(path) : long_path(fdt, node);
			if (!s[k]->what)
				ret = -ENOMEM;
		}
	}
	/* offsets no walk meets (none, from a tree libfdt accepted) still get a name */
	for (; !ret && k < nr; k++)
		if (!(s[k]->what = long_path(fdt, s[k]->node)))
			ret = -ENOMEM;
	free(w.len);
	free(s);
	return ret;
}
