// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which devices use which reserved region: the DTB's memory-region
 * references (what of_reserved_mem_device_init() follows when the driver
 * probes), and from sysfs the device made of each such node and the
 * driver bound to it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include <rmem/inspect.h>

#include "inspect/inspect_internal.h"

/* A DT path from a link's target: what follows ".../devicetree/base" ("" is "/"). */
static const char *dt_path(const char *target)
{
	const char *p = strstr(target, "/devicetree/base");

	if (!p)
		return NULL;
	p += strlen("/devicetree/base");
	return *p ? p : "/";
}

/* The last component of a link's target ("../../bus/platform/drivers/NAME"). */
static const char *base_name(const char *target)
{
	const char *p = strrchr(target, '/');

	return p ? p + 1 : target;
}

static void device_line(FILE *mem, const char *dir, const char *bus, const char *name)
{
	char path[2 * PATH_MAX], node[PATH_MAX], drv[PATH_MAX];
	ssize_t n;
	const char *dt;

	snprintf(path, sizeof(path), "%s/%s/of_node", dir, name);
	n = readlink(path, node, sizeof(node) - 1);
	if (n <= 0)
		return;
	node[n] = '\0';
	dt = dt_path(node);
	if (!dt)
		return;
	snprintf(path, sizeof(path), "%s/%s/driver", dir, name);
	n = readlink(path, drv, sizeof(drv) - 1);
	drv[n > 0 ? n : 0] = '\0';
	fprintf(mem, "%s/%s\t%s\t%s\n", bus, name, dt, n > 0 ? base_name(drv) : "-");
}

static void bus_devices(FILE *mem, const char *root, const char *bus)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/bus/%s/devices", root, bus);
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			device_line(mem, dir, bus, e->d_name);
	closedir(d);
}

int rmem_snapshot_read_devices(struct rmem_snapshot *s, const char *root)
{
	char dir[PATH_MAX];
	struct dirent *e;
	char *out = NULL;
	size_t len = 0;
	FILE *mem;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/bus", root);
	d = opendir(dir);
	if (!d)
		return rmem_snapshot_note(s, "devices: sys/bus: %s", strerror(errno));
	mem = open_memstream(&out, &len);
	if (!mem) {
		closedir(d);
		return -ENOMEM;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			bus_devices(mem, root, e->d_name);
	closedir(d);
	return rmem_snapshot_add_stream(s, "devices", mem, &out, &len);
}

/* The line of "devices" whose DT path is @node: its device and driver. */
static void find_device(const char *devices, const char *node, struct rmem_inspect_binding *b)
{
	size_t nlen = strlen(node);

	for (const char *l = devices; l && *l; l += strcspn(l, "\n"), l += *l == '\n') {
		size_t dlen = strcspn(l, "\t\n");
		const char *dt = l + dlen, *drv;
		size_t drvlen;

		if (*dt != '\t' || strncmp(dt + 1, node, nlen) || dt[1 + nlen] != '\t')
			continue;
		drv = dt + 2 + nlen;
		drvlen = strcspn(drv, "\n");
		snprintf(b->device, sizeof(b->device), "%.*s", (int)dlen, l);
		if (!(drvlen == 1 && drv[0] == '-'))
			snprintf(b->driver, sizeof(b->driver), "%.*s", (int)drvlen, drv);
		return;
	}
}

/* The reserved-memory child @phandle names, or "" (not one of them, or none). */
static void region_of(const void *fdt, uint32_t phandle, char *buf, size_t len)
{
	int off = fdt_node_offset_by_phandle(fdt, phandle);
	int parent = off >= 0 ? fdt_parent_offset(fdt, off) : -1;
	const char *pname = parent >= 0 ? fdt_get_name(fdt, parent, NULL) : NULL;
	const char *name = off >= 0 ? fdt_get_name(fdt, off, NULL) : NULL;

	buf[0] = '\0';
	if (name && pname && !strncmp(pname, "reserved-memory", strlen("reserved-memory")))
		snprintf(buf, len, "%s", name);
}

static void node_bindings(const struct rmem_snapshot *s, const void *fdt, int off,
			  struct rmem_inspect *in)
{
	const char *devices = rmem_snapshot_file(s, "devices", NULL);
	const char *status = fdt_getprop(fdt, off, "status", NULL);
	int len = 0;
	const fdt32_t *ph = fdt_getprop(fdt, off, "memory-region", &len);
	char path[128];

	if (!ph || len < (int)sizeof(*ph) ||
	    fdt_get_path(fdt, off, path, sizeof(path)))
		return;
	for (int i = 0; i < len / (int)sizeof(*ph) && in->nr_bindings < RMEM_INSPECT_MAX; i++) {
		struct rmem_inspect_binding *b = &in->bindings[in->nr_bindings++];

		memset(b, 0, sizeof(*b));
		snprintf(b->node, sizeof(b->node), "%s", path);
		b->index = (unsigned int)i;
		b->disabled = status && strcmp(status, "okay") && strcmp(status, "ok");
		region_of(fdt, fdt32_to_cpu(ph[i]), b->region, sizeof(b->region));
		find_device(devices, path, b);
	}
}

void rmem_inspect_bindings(const struct rmem_snapshot *s, const void *fdt, struct rmem_inspect *in)
{
	int depth = 0;

	in->has_devices = rmem_snapshot_file(s, "devices", NULL) != NULL;
	for (int off = fdt_next_node(fdt, -1, &depth); off >= 0; off = fdt_next_node(fdt, off, &depth))
		node_bindings(s, fdt, off, in);
}
