// SPDX-License-Identifier: GPL-2.0-only
/*
 * <rmem/dt.h>: the loaders of fdt/load.c behind an opaque handle, for
 * programs that embed rmem (the rmem command among them).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/dt.h>

#include <libfdt.h>

#include "fdt/fdt.h"

_Static_assert(RMEM_DT_MAX_FILE == RMEM_FDT_MAX_FILE, "one limit for a device tree's size");

struct rmem_dt {
	struct rmem_fdt fdt;
};

/* @src's tree (a blob when @src is NULL) in a new struct rmem_dt. */
static int dt_load(const struct rmem_fdt_source *src, const void *data, size_t size,
		   struct rmem_dt **dt, char *err, size_t errlen)
{
	struct rmem_dt *d;
	int ret;

	d = malloc(sizeof(*d));
	if (!d) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	if (src)
		ret = rmem_fdt_load(&d->fdt, src, err, errlen);
	else
		ret = rmem_fdt_load_blob(&d->fdt, data, size, err, errlen);
	if (ret) {
		free(d);
		return ret == -E2BIG ? -EINVAL : ret;
	}
	*dt = d;
	return 0;
}

int rmem_dt_load(const char *path, const struct rmem_dt_options *opt, struct rmem_dt **dt,
		 char *err, size_t errlen)
{
	struct rmem_fdt_source src = { .path = path };

	if (dt)
		*dt = NULL;
	if (!path || !dt) {
		rmem_fdt_seterr(err, errlen, "no file given");
		return -EINVAL;
	}
	if (opt) {
		src.include_dirs = opt->include_dirs;
		src.nr_include_dirs = opt->nr_include_dirs;
		src.symbols = opt->symbols;
	}
	return dt_load(&src, NULL, 0, dt, err, errlen);
}

int rmem_dt_apply_overlay(struct rmem_dt *dt, const struct rmem_dt *overlay, char *err,
			  size_t errlen)
{
	return rmem_fdt_apply_overlay(&dt->fdt, &overlay->fdt, err, errlen);
}

int rmem_dt_set_memory(struct rmem_dt *dt, const struct rmem_dt_bank *banks, size_t n,
		       char *err, size_t errlen)
{
	return rmem_fdt_set_memory(&dt->fdt, banks, n, err, errlen);
}

int rmem_dt_load_file(const char *path, struct rmem_dt **dt, char *err, size_t errlen)
{
	const struct rmem_fdt_source src = { .path = path, .plain_file = true };

	if (dt)
		*dt = NULL;
	if (!path || !dt) {
		rmem_fdt_seterr(err, errlen, "no file given");
		return -EINVAL;
	}
	return dt_load(&src, NULL, 0, dt, err, errlen);
}

int rmem_dt_load_mem(const void *data, size_t size, struct rmem_dt **dt, char *err,
		     size_t errlen)
{
	if (dt)
		*dt = NULL;
	if ((!data && size) || !dt) {
		rmem_fdt_seterr(err, errlen, "no data given");
		return -EINVAL;
	}
	return dt_load(NULL, data, size, dt, err, errlen);
}

/* Whether @len bytes of reg entries at @reg list a non-zero size. */
static bool reg_has_size(const struct rmem_fdt *fdt, const void *reg, int len)
{
	int ac = fdt->root_addr_cells, sc = fdt->root_size_cells, entry;
	const char *p = reg;

	/* a hostile root's cells may be near INT_MAX: no sum before the bound */
	if (ac < 0 || sc <= 0 || ac > 16 - sc)
		return false;
	entry = 4 * (ac + sc);
	for (; len >= entry; len -= entry, p += entry)
		if (rmem_fdt_read_number(p + 4 * ac, sc))
			return true;
	return false;
}

bool rmem_dt_has_memory(const struct rmem_dt *dt)
{
	const struct rmem_fdt *fdt = &dt->fdt;
	int node = -1, len;

	while ((node = fdt_node_offset_by_prop_value(fdt->blob, node, "device_type", "memory",
						     7)) >= 0) {
		const void *reg = fdt_getprop(fdt->blob, node, "linux,usable-memory", &len);

		if (!reg)
			reg = fdt_getprop(fdt->blob, node, "reg", &len);
		if (reg && reg_has_size(fdt, reg, len))
			return true;
	}
	return false;
}

const void *rmem_dt_blob(const struct rmem_dt *dt)
{
	return dt->fdt.blob;
}

size_t rmem_dt_size(const struct rmem_dt *dt)
{
	return dt->fdt.size;
}

void rmem_dt_free(struct rmem_dt *dt)
{
	if (!dt)
		return;
	rmem_fdt_release(&dt->fdt);
	free(dt);
}
