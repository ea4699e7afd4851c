// SPDX-License-Identifier: GPL-2.0-only
/*
 * Devices that name reserved memory ("memory-region", "memory-region-names"),
 * read as the kernel reads them when the device probes.
 */
#include <errno.h>
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

static void read_device(const struct rmem_fdt *fdt, int node, const void *prop, int len,
			struct rmem_fdt_device *dev)
{
	const char *names;
	int names_len = 0;

	memset(dev, 0, sizeof(*dev));
	dev->node = node;
	dev->name = rmem_fdt_name(fdt, node);
	names = fdt_getprop(fdt->blob, node, "memory-region-names", &names_len);
	for (unsigned int i = 0; i < (unsigned int)len / 4 && i < RMEM_FDT_MAX_DEVICE_REGIONS; i++) {
		dev->phandle[i] = (uint32_t)rmem_fdt_read_number((const char *)prop + 4 * i, 1);
		dev->target[i] = fdt_node_offset_by_phandle(fdt->blob, dev->phandle[i]);
		dev->region_name[i] = string_at(names, names_len, i);
		dev->nr_regions++;
	}
}

int rmem_fdt_for_each_device(const struct rmem_fdt *fdt,
			     int (*fn)(void *arg, const struct rmem_fdt_device *dev), void *arg)
{
	struct rmem_fdt_device dev;
	int node, depth = 0, ret;

	for (node = fdt_next_node(fdt->blob, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt->blob, node, &depth)) {
		int len;
		const void *prop = fdt_getprop(fdt->blob, node, "memory-region", &len);

		if (!prop || len < 4)
			continue;
		read_device(fdt, node, prop, len, &dev);
		ret = fn(arg, &dev);
		if (ret)
			return ret;
	}
	return 0;
}
