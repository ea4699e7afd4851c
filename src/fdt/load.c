// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a device tree the user gives: a DTB as it is, a DTS through dtc.
 * Everything here is an input error for the user, never kernel behaviour:
 * the kernel only ever sees a blob the bootloader already accepted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fdt/fdt.h"
#include "lib/file.h"

void rmem_fdt_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * dtc's own rule is that a source starts with /dts-v1/ (older v0 sources
 * are long gone), so that header, after what the lexer skips, tells a DTS
 * from anything else whatever the file is called.
 */
static bool fdt_is_dts(const char *s, size_t len)
{
	static const char tag[] = "/dts-v1/";
	size_t i = 0;

	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == '\f' || s[i] == '\v') {
			i++;
		} else if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
			const char *end = memmem(s + i + 2, len - i - 2, "*/", 2);

			if (!end)
				return false;
			i = (size_t)(end - s) + 2;
		} else if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
			const char *nl = memchr(s + i, '\n', len - i);

			if (!nl)
				return false;
			i = (size_t)(nl - s) + 1;
		} else {
			break;
		}
	}
	return len - i >= sizeof(tag) - 1 && !memcmp(s + i, tag, sizeof(tag) - 1);
}

/* early_init_dt_scan_root(): identical in 5.10 (fdt.c:955), 6.1 (:1060), 6.12 (:926). */
static void fdt_scan_root(struct rmem_fdt *fdt)
{
	int root = fdt_path_offset(fdt->blob, "/");
	const void *prop;

	/* OF_ROOT_NODE_{ADDR,SIZE}_CELLS_DEFAULT: 1 everywhere but sparc */
	fdt->root_size_cells = 1;
	fdt->root_addr_cells = 1;
	if (root < 0)
		return;
	prop = fdt_getprop(fdt->blob, root, "#size-cells", NULL);
	if (prop)
		fdt->root_size_cells = (int)rmem_fdt_be32(fdt, prop);
	prop = fdt_getprop(fdt->blob, root, "#address-cells", NULL);
	if (prop)
		fdt->root_addr_cells = (int)rmem_fdt_be32(fdt, prop);
}

/*
 * libfdt names its error; the user also wants to know what in the file it
 * points at.  These are the errors fdt_check_full() returns.
 */
static void fdt_check_seterr(char *err, size_t errlen, const void *buf, int ret)
{
	const char *what = "";

	switch (-ret) {
	case FDT_ERR_BADVERSION:
		rmem_fdt_seterr(err, errlen, "not a valid device tree: fdt_check_full: %s "
				"(header version %u, last compatible %u; libfdt reads %d to %d)",
				fdt_strerror(ret), fdt_version(buf), fdt_last_comp_version(buf),
				FDT_FIRST_SUPPORTED_VERSION, FDT_LAST_SUPPORTED_VERSION);
		return;
	case FDT_ERR_TRUNCATED:
		what = " (a block the header points at overlaps the header or runs past totalsize)";
		break;
	case FDT_ERR_BADLAYOUT:
		what = " (the header's blocks overlap or are out of order)";
		break;
	case FDT_ERR_BADSTRUCTURE:
		what = " (the structure block has a bad tag, name or nesting)";
		break;
	case FDT_ERR_BADOFFSET:
		what = " (a property's name offset points outside the strings block)";
		break;
	case FDT_ERR_ALIGNMENT:
		what = " (the memory reservation block is not 8-byte aligned)";
		break;
	}
	rmem_fdt_seterr(err, errlen, "not a valid device tree: fdt_check_full: %s%s",
			fdt_strerror(ret), what);
}

/* Takes @buf (malloc'd, @size bytes) whether it succeeds or not. */
static int fdt_accept_dtb(struct rmem_fdt *fdt, void *buf, size_t size, char *err,
			  size_t errlen)
{
	uint32_t total;
	int ret;

	/*
	 * fdt_check_full() reads the header fields before it knows the
	 * version, so a shorter buffer must not reach it.
	 */
	if (size < sizeof(struct fdt_header)) {
		rmem_fdt_seterr(err, errlen, "truncated DTB header: %zu bytes, a header has %zu",
			   size, sizeof(struct fdt_header));
		free(buf);
		return -EINVAL;
	}
	total = fdt_totalsize(buf);
	if (fdt_magic(buf) == FDT_MAGIC && total < sizeof(struct fdt_header)) {
		rmem_fdt_seterr(err, errlen, "totalsize %u is smaller than the %zu-byte header",
				total, sizeof(struct fdt_header));
		free(buf);
		return -EINVAL;
	}
	if (total > size) {
		rmem_fdt_seterr(err, errlen, "totalsize %u is larger than the file (%zu bytes)",
			   total, size);
		free(buf);
		return -EINVAL;
	}
	ret = rmem_fdt_check_full(buf, size);
	if (ret) {
		fdt_check_seterr(err, errlen, buf, ret);
		free(buf);
		return -EINVAL;
	}
	fdt->owned = buf;
	fdt->blob = buf;
	fdt->size = size;
	fdt_scan_root(fdt);
	return 0;
}

/*
 * Takes @buf.  @src_path names the source for dtc when the contents came
 * from a file (so /include/ and its messages are relative to it).
 */
static int fdt_accept(struct rmem_fdt *fdt, void *buf, size_t size, const char *src_path,
		      char *err, size_t errlen)
{
	void *dtb;
	size_t dtb_size;
	bool has_bom;
	int ret;

	if (size == 0) {
		rmem_fdt_seterr(err, errlen, "empty file");
		free(buf);
		return -EINVAL;
	}
	if (size > RMEM_FDT_MAX_FILE) {
		rmem_fdt_seterr(err, errlen, "%zu bytes, more than the %u rmem reads", size,
			   RMEM_FDT_MAX_FILE);
		free(buf);
		return -EFBIG;
	}
	if (size >= 4 && fdt_magic(buf) == FDT_MAGIC)
		return fdt_accept_dtb(fdt, buf, size, err, errlen);
	if (!fdt_is_dts(buf, size)) {
		rmem_fdt_seterr(err, errlen,
			   "not a device tree: neither a DTB (magic 0x%08x) nor a DTS (starting with /dts-v1/)",
			   FDT_MAGIC);
		free(buf);
		return -EINVAL;
	}
	has_bom = !memcmp(buf, "\xef\xbb\xbf", 3);
	/*
	 * dtc reads a file itself (its /include/s are relative to it), but it
	 * does not know a byte-order mark: text that has one, or that is not
	 * a file, goes through its standard input without the mark.
	 */
	if (!src_path || has_bom)
		ret = rmem_fdt_dtc_compile(src_path, (char *)buf + (has_bom ? 3 : 0),
					   size - (has_bom ? 3 : 0), &dtb, &dtb_size, err, errlen);
	else
		ret = rmem_fdt_dtc_compile(src_path, NULL, 0, &dtb, &dtb_size, err, errlen);
	free(buf);
	if (ret)
		return ret;
	return fdt_accept_dtb(fdt, dtb, dtb_size, err, errlen);
}

int rmem_fdt_load_file(struct rmem_fdt *fdt, const char *path, char *err, size_t errlen)
{
	size_t size;
	char *buf;
	int ret;

	memset(fdt, 0, sizeof(*fdt));
	ret = rmem_read_file(path, RMEM_FDT_MAX_FILE, &buf, &size);
	if (ret == -EFBIG) {
		rmem_fdt_seterr(err, errlen, "%zu bytes, more than the %u rmem reads", size,
				RMEM_FDT_MAX_FILE);
		return ret;
	}
	if (ret) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(-ret));
		return ret;
	}
	return fdt_accept(fdt, buf, size, path, err, errlen);
}

int rmem_fdt_load_blob(struct rmem_fdt *fdt, const void *blob, size_t size, char *err,
		       size_t errlen)
{
	void *buf;

	memset(fdt, 0, sizeof(*fdt));
	if (size > RMEM_FDT_MAX_FILE) {
		rmem_fdt_seterr(err, errlen, "%zu bytes, more than the %u rmem reads", size,
			   RMEM_FDT_MAX_FILE);
		return -EFBIG;
	}
	buf = malloc(size ? size : 1);
	if (!buf) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	if (size)
		memcpy(buf, blob, size);
	return fdt_accept(fdt, buf, size, NULL, err, errlen);
}

void rmem_fdt_release(struct rmem_fdt *fdt)
{
	free(fdt->owned);
	memset(fdt, 0, sizeof(*fdt));
}
