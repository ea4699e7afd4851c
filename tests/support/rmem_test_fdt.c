// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"

#define DT_INITIAL_SIZE 4096

static void dt_check(int err, const char *what)
{
	if (err < 0)
		fail_msg("rmem_test_dt: %s: %s", what, fdt_strerror(err));
}

/* The sequential-write calls undo a half-done step on -FDT_ERR_NOSPACE, so growing and retrying is safe. */
static void dt_grow(struct rmem_test_dt *dt)
{
	size_t cap = dt->cap * 2;
	void *buf = calloc(1, cap);	/* zero padding, as dtc writes it */

	if (!buf)
		fail_msg("rmem_test_dt: out of memory");
	dt_check(fdt_resize(dt->buf, buf, (int)cap), "fdt_resize");
	free(dt->buf);
	dt->buf = buf;
	dt->cap = cap;
}

#define DT_DO(dt, call)                                                 \
	do {                                                            \
		int err_;                                               \
		while ((err_ = (call)) == -FDT_ERR_NOSPACE)             \
			dt_grow(dt);                                    \
		dt_check(err_, #call);                                  \
	} while (0)

void rmem_test_dt_begin(struct rmem_test_dt *dt, int addr_cells, int size_cells)
{
	memset(dt, 0, sizeof(*dt));
	dt->cap = DT_INITIAL_SIZE;
	dt->buf = calloc(1, dt->cap);
	if (!dt->buf)
		fail_msg("rmem_test_dt: out of memory");
	dt_check(fdt_create(dt->buf, (int)dt->cap), "fdt_create");
	dt->root_addr_cells = addr_cells;
	dt->root_size_cells = size_cells;
	dt->addr_cells = addr_cells < 0 ? 1 : addr_cells;
	dt->size_cells = size_cells < 0 ? 1 : size_cells;
}

void rmem_test_dt_memreserve(struct rmem_test_dt *dt, uint64_t base, uint64_t size)
{
	if (dt->in_tree)
		fail_msg("rmem_test_dt: /memreserve/ after the first node");
	DT_DO(dt, fdt_add_reservemap_entry(dt->buf, base, size));
}

/* Opens / on first use: libfdt wants the reserve map closed before any node. */
static void dt_enter_tree(struct rmem_test_dt *dt)
{
	if (dt->in_tree)
		return;
	dt->in_tree = true;
	DT_DO(dt, fdt_finish_reservemap(dt->buf));
	DT_DO(dt, fdt_begin_node(dt->buf, ""));
	dt->depth = 1;
	if (dt->root_addr_cells >= 0)
		DT_DO(dt, fdt_property_u32(dt->buf, "#address-cells",
					   (uint32_t)dt->root_addr_cells));
	if (dt->root_size_cells >= 0)
		DT_DO(dt, fdt_property_u32(dt->buf, "#size-cells",
					   (uint32_t)dt->root_size_cells));
}

void rmem_test_dt_begin_node(struct rmem_test_dt *dt, const char *name)
{
	dt_enter_tree(dt);
	DT_DO(dt, fdt_begin_node(dt->buf, name));
	dt->depth++;
}

void rmem_test_dt_end_node(struct rmem_test_dt *dt)
{
	if (dt->depth <= 1)
		fail_msg("rmem_test_dt: end_node without an open node");
	DT_DO(dt, fdt_end_node(dt->buf));
	dt->depth--;
}

void rmem_test_dt_prop_raw(struct rmem_test_dt *dt, const char *name, const void *val,
			   size_t len)
{
	dt_enter_tree(dt);
	DT_DO(dt, fdt_property(dt->buf, name, val, (int)len));
}

void rmem_test_dt_prop_cells(struct rmem_test_dt *dt, const char *name,
			     const uint32_t *cells, size_t n)
{
	fdt32_t *be = calloc(n + 1, sizeof(*be));

	if (!be)
		fail_msg("rmem_test_dt: out of memory");
	for (size_t i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	rmem_test_dt_prop_raw(dt, name, be, n * sizeof(*be));
	free(be);
}

/* @val in @cells cells, most significant first: cells above the 64 bits are 0. */
static void dt_put_number(fdt32_t *out, int cells, uint64_t val)
{
	for (int i = cells - 1; i >= 0; i--) {
		out[i] = cpu_to_fdt32((uint32_t)val);
		val = cells - i < 2 ? val >> 32 : 0;
	}
}

void rmem_test_dt_prop_reg(struct rmem_test_dt *dt, const char *name, int addr_cells,
			   int size_cells, const uint64_t *pairs, size_t n)
{
	size_t per = (size_t)addr_cells + (size_t)size_cells;
	fdt32_t *be;

	if (addr_cells < 0 || addr_cells > 4 || size_cells < 0 || size_cells > 4)
		fail_msg("rmem_test_dt: reg cells %d/%d out of 0..4", addr_cells, size_cells);
	be = calloc(n * per + 1, sizeof(*be));
	if (!be)
		fail_msg("rmem_test_dt: out of memory");
	for (size_t i = 0; i < n; i++) {
		dt_put_number(be + i * per, addr_cells, pairs[2 * i]);
		dt_put_number(be + i * per + addr_cells, size_cells, pairs[2 * i + 1]);
	}
	rmem_test_dt_prop_raw(dt, name, be, n * per * sizeof(*be));
	free(be);
}

void rmem_test_dt_prop_u64(struct rmem_test_dt *dt, const char *name, uint64_t val)
{
	fdt64_t be = cpu_to_fdt64(val);

	rmem_test_dt_prop_raw(dt, name, &be, sizeof(be));
}

void rmem_test_dt_prop_string(struct rmem_test_dt *dt, const char *name, const char *s)
{
	rmem_test_dt_prop_raw(dt, name, s, strlen(s) + 1);
}

void rmem_test_dt_prop_strings(struct rmem_test_dt *dt, const char *name, ...)
{
	char buf[1024];
	size_t len = 0;
	const char *s;
	va_list ap;

	va_start(ap, name);
	while ((s = va_arg(ap, const char *))) {
		size_t l = strlen(s) + 1;

		if (len + l > sizeof(buf))
			fail_msg("rmem_test_dt: string list too long");
		memcpy(buf + len, s, l);
		len += l;
	}
	va_end(ap);
	rmem_test_dt_prop_raw(dt, name, buf, len);
}

void rmem_test_dt_prop_empty(struct rmem_test_dt *dt, const char *name)
{
	rmem_test_dt_prop_raw(dt, name, NULL, 0);
}

void rmem_test_dt_memory(struct rmem_test_dt *dt, const char *name, const uint64_t *pairs,
			 size_t n)
{
	rmem_test_dt_begin_node(dt, name);
	rmem_test_dt_prop_string(dt, "device_type", "memory");
	rmem_test_dt_prop_reg(dt, "reg", dt->addr_cells, dt->size_cells, pairs, n);
	rmem_test_dt_end_node(dt);
}

void rmem_test_dt_chosen(struct rmem_test_dt *dt, const char *bootargs)
{
	rmem_test_dt_begin_node(dt, "chosen");
	if (bootargs)
		rmem_test_dt_prop_string(dt, "bootargs", bootargs);
	rmem_test_dt_end_node(dt);
}

void rmem_test_dt_begin_reserved_memory(struct rmem_test_dt *dt, int addr_cells,
					int size_cells)
{
	rmem_test_dt_begin_node(dt, "reserved-memory");
	if (addr_cells >= 0)
		RMEM_TEST_DT_CELLS(dt, "#address-cells", (uint32_t)addr_cells);
	if (size_cells >= 0)
		RMEM_TEST_DT_CELLS(dt, "#size-cells", (uint32_t)size_cells);
	rmem_test_dt_prop_empty(dt, "ranges");
}

void *rmem_test_dt_finish(struct rmem_test_dt *dt, size_t *size)
{
	void *blob;

	dt_enter_tree(dt);
	while (dt->depth > 0) {
		DT_DO(dt, fdt_end_node(dt->buf));
		dt->depth--;
	}
	DT_DO(dt, fdt_finish(dt->buf));
	blob = realloc(dt->buf, fdt_totalsize(dt->buf));
	if (!blob)
		blob = dt->buf;
	if (size)
		*size = fdt_totalsize(blob);
	dt->buf = NULL;
	dt->cap = 0;
	return blob;
}
