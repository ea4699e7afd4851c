// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's helpers on the flat tree (drivers/of/fdt.c, include/linux/of.h),
 * the same in 5.10, 6.1 and 6.12.
 */
#include <string.h>

#include <libfdt.h>

#include "fdt/fdt.h"

static const char *fdt_blob_end(const struct rmem_fdt *fdt)
{
	return (const char *)fdt->blob + fdt_totalsize(fdt->blob);
}

const void *rmem_fdt_getprop(const struct rmem_fdt *fdt, int node, const char *name, int *len)
{
	return fdt_getprop(fdt->blob, node, name, len);
}

uint32_t rmem_fdt_be32(const struct rmem_fdt *fdt, const void *p)
{
	const unsigned char *b = p, *end = (const unsigned char *)fdt_blob_end(fdt);
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | (b + i < end ? b[i] : 0);
	return v;
}

size_t rmem_fdt_strlen(const struct rmem_fdt *fdt, const char *s)
{
	const char *end = fdt_blob_end(fdt);

	return s < end ? strnlen(s, (size_t)(end - s)) : 0;
}

/*
 * A string of the blob as the kernel's str*() functions see it: @s is
 * copied up to its NUL wherever that lies, so that comparisons need not
 * run past the blob.  Returns false when it does not fit @buf (then it
 * cannot equal anything shorter than @buflen).
 */
static bool fdt_kernel_string(const struct rmem_fdt *fdt, const char *s, char *buf,
			      size_t buflen)
{
	size_t len = rmem_fdt_strlen(fdt, s);

	if (len >= buflen)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/*
 * The kernel's tolower() (include/linux/ctype.h, lib/ctype.c): its table is
 * Latin-1, so 0xc0-0xde but 0xd7 fold too; the C library's would follow
 * the locale.
 */
static unsigned char fdt_kernel_tolower(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + ('a' - 'A');
	return c;
}

static bool fdt_kernel_caseeq(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (fdt_kernel_tolower((unsigned char)a[i]) !=
		    fdt_kernel_tolower((unsigned char)b[i]))
			return false;
	}
	return true;
}

/*
 * of_fdt_is_compatible(): 5.10 fdt.c:721, 6.1 fdt.c:767, 6.12 fdt.c:632.
 * of_compat_cmp() is strcasecmp() (of.h: 5.10:869, 6.1:860, 6.12:897);
 * its length argument is unused.  The walk trusts strlen(): an
 * unterminated last string runs into the next bytes, as in the kernel.
 */
bool rmem_fdt_is_compatible(const struct rmem_fdt *fdt, int node, const char *compat)
{
	const char *cp;
	int cplen;

	cp = fdt_getprop(fdt->blob, node, "compatible", &cplen);
	if (!cp)
		return false;
	while (cplen > 0) {
		size_t l = rmem_fdt_strlen(fdt, cp);

		if (strlen(compat) == l && fdt_kernel_caseeq(cp, compat, l))
			return true;
		cp += l + 1;
		cplen -= (int)(l + 1);
		if (cp >= fdt_blob_end(fdt))
			break;
	}
	return false;
}

/* of_fdt_device_is_available(): 5.10 fdt.c:82, 6.1 fdt.c:83, 6.12 fdt.c:68. */
bool rmem_fdt_device_is_available(const struct rmem_fdt *fdt, int node)
{
	const char *status = fdt_getprop(fdt->blob, node, "status", NULL);
	char buf[8];

	if (!status)
		return true;
	if (!fdt_kernel_string(fdt, status, buf, sizeof(buf)))
		return false;
	return !strcmp(buf, "ok") || !strcmp(buf, "okay");
}

const char *rmem_fdt_name(const struct rmem_fdt *fdt, int node)
{
	const char *name = fdt_get_name(fdt->blob, node, NULL);

	return name ? name : "";
}

/* of_read_number(): include/linux/of.h, the same in every version. */
uint64_t rmem_fdt_read_number(const void *cell, int cells)
{
	const unsigned char *b = cell;
	uint64_t r = 0;

	for (int i = 0; i < cells; i++, b += 4)
		r = r << 32 | ((uint64_t)b[0] << 24 | (uint64_t)b[1] << 16 |
			       (uint64_t)b[2] << 8 | b[3]);
	return r;
}

/* dt_mem_next_cell(): 5.10 fdt.c:980, 6.1 fdt.c:1085, 6.12 fdt.c:951. */
uint64_t rmem_fdt_next_cell(int cells, const void **cellp)
{
	const unsigned char *p = *cellp;

	*cellp = p + 4 * (size_t)(cells > 0 ? cells : 0);
	return rmem_fdt_read_number(p, cells);
}
