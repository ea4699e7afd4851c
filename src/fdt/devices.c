// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices that name reserved memory ("memory-region", "memory-region-names"),
 * read as the kernel reads them when the device probes.
 */
#include <errno.h>
#include <stdlib.h>
#include <libfdt.h>
#include <string.h>

#include "fdt/fdt.h"

int rmem_fdt_match_string(const struct rmem_fdt *fdt, int node, const char *prop,
			  const char *string)
{
	const char *p, *end;
	int len, i;

	p = fdt_getprop(fdt->blob, node, prop, &len);
	if (!p)
		return -EINVAL;
	end = p + len;
	for (i = 0; p < end; i++) {
		size_t l = strnlen(p, (size_t)(end - p)) + 1;

		if (p + l > end)
			return -EILSEQ;
		if (!strcmp(string, p))
			return i;
		p += l;
	}
	return -ENODATA;
}

/* The @i-th string of a string list, or NULL (of_property_read_string_index()). */
static const char *string_at(const char *list, int len, unsigned int i)
{
	const char *p = list, *end = list ? list + len : NULL;

	for (; p && p < end; i--) {
		size_t l = strnlen(p, (size_t)(end - p)) + 1;

		if (p + l > end)
			return NULL;
		if (!i)
			return p;
		p += l;
	}
	return NULL;
}

/* Nodes by phandle, as fdt_node_offset_by_phandle() finds them: the first in tree order. */
struct phandle_table {
	struct phandle_entry {
		uint32_t phandle;
		int node;
	} *e;
	size_t nr;
};

static int phandle_cmp(const void *a, const void *b)
{
	const struct phandle_entry *x = a, *y = b;

	if (x->phandle != y->phandle)
		return x->phandle < y->phandle ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

static int phandle_table_build(const struct rmem_fdt *fdt, struct phandle_table *t)
{
	size_t cap = 0;
	int node;

	t->e = NULL;
	t->nr = 0;
	for (node = fdt_next_node(fdt->blob, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt->blob, node, NULL)) {
		uint32_t ph = fdt_get_phandle(fdt->blob, node);

		if (!ph || ph == (uint32_t)-1)
			continue;
		if (t->nr == cap) {
			struct phandle_entry *n = realloc(t->e, (cap = cap ? 2 * cap : 64) * sizeof(*n));

			if (!n) {
				free(t->e);
				return -ENOMEM;
			}
			t->e = n;
		}
		t->e[t->nr++] = (struct phandle_entry){ ph, node };
	}
	if (t->nr)
		qsort(t->e, t->nr, sizeof(*t->e), phandle_cmp);
	return 0;
}

/* The lowest offset with @ph: the first entry of its run in the sorted table. */
static int phandle_table_find(const struct phandle_table *t, uint32_t ph)
{
	size_t lo = 0, hi = t->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->e[mid].phandle < ph)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nr && t->e[lo].phandle == ph ? t->e[lo].node : -FDT_ERR_NOTFOUND;
}

static void read_device(const struct rmem_fdt *fdt, const struct phandle_table *t, int node,
			int depth, const void *prop, int len, struct rmem_fdt_device *dev)
{
	const char *names;
	int names_len = 0;

	memset(dev, 0, sizeof(*dev));
	dev->node = node;
	dev->depth = depth;
	dev->name = rmem_fdt_name(fdt, node);
	names = fdt_getprop(fdt->blob, node, "memory-region-names", &names_len);
	for (unsigned int i = 0; i < (unsigned int)len / 4 && i < RMEM_FDT_MAX_DEVICE_REGIONS; i++) {
		dev->phandle[i] = (uint32_t)rmem_fdt_read_number((const char *)prop + 4 * i, 1);
		dev->target[i] = phandle_table_find(t, dev->phandle[i]);
		dev->region_name[i] = string_at(names, names_len, i);
		dev->nr_regions++;
	}
}

int rmem_fdt_for_each_device(const struct rmem_fdt *fdt,
			     int (*fn)(void *arg, const struct rmem_fdt_device *dev), void *arg)
{
	struct phandle_table t;
	struct rmem_fdt_device dev;
	int node, depth = -1, ret = phandle_table_build(fdt, &t);

	if (ret)
		return ret;
	for (node = fdt_next_node(fdt->blob, -1, &depth); node >= 0 && !ret;
	     node = fdt_next_node(fdt->blob, node, &depth)) {
		int len;
		const void *prop = fdt_getprop(fdt->blob, node, "memory-region", &len);

		if (!prop || len < 4)
			continue;
		read_device(fdt, &t, node, depth, prop, len, &dev);
		ret = fn(arg, &dev);
	}
	free(t.e);
	return ret;
}
