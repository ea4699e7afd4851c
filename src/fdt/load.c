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
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
static bool fdt_is_directive(const char *s, size_t len);

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
	/* a kernel source may start with its #include, /dts-v1/ in the .dtsi */
	return (len - i >= sizeof(tag) - 1 && !memcmp(s + i, tag, sizeof(tag) - 1)) ||
	       fdt_is_directive(s + i, len - i);
}

/*
 * A preprocessor directive at @s ("#include", "# define", ...), as opposed
 * to a property such as #address-cells or #interrupt-cells: the word after
 * '#' is one of cpp's and ends there.
 */
static bool fdt_is_directive(const char *s, size_t len)
{
	static const char *const words[] = {
		"include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else",
		"endif", "error", "pragma", "line",
	};
	size_t i = 1;

	if (!len || s[0] != '#')
		return false;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t n = strlen(words[w]);
		char next = i + n < len ? s[i + n] : '\0';

		if (len - i >= n && !memcmp(s + i, words[w], n) && !isalnum((unsigned char)next) &&
		    next != '_' && next != '-' && next != ',')
			return true;
	}
	return false;
}

/* Whether a line of @s starts with a directive: the kernel's build runs cpp first. */
static bool fdt_needs_cpp(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;

		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (fdt_is_directive(s + i, end - i))
			return true;
		i = end + 1;
	}
	return false;
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
int rmem_fdt_accept_dtb(struct rmem_fdt *fdt, void *buf, size_t size, char *err,
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
 * A DTS through cpp first when @cpp, then dtc.  Without @text, the tools
 * read @src->path themselves (so their messages and quoted includes are
 * relative to it).
 */
static int fdt_compile(const struct rmem_fdt_source *src, const char *text, size_t len,
		       bool cpp, void **dtb, size_t *dtb_size, char *err, size_t errlen)
{
	char *pp;
	size_t pp_len;
	int ret;

	if (!cpp)
		return rmem_fdt_dtc_compile(src, text, len, dtb, dtb_size, err, errlen);
	ret = rmem_fdt_cpp(src, text, len, &pp, &pp_len, err, errlen);
	if (ret)
		return ret;
	ret = rmem_fdt_dtc_compile(src, pp, pp_len, dtb, dtb_size, err, errlen);
	free(pp);
	return ret;
}

/*
 * Takes @buf.  @src->path names the source for dtc when the contents came
 * from a file (so /include/ and its messages are relative to it).
 */
static int fdt_accept(struct rmem_fdt *fdt, void *buf, size_t size,
		      const struct rmem_fdt_source *src, char *err, size_t errlen)
{
	bool from_file = src->path && (src->plain_file || strcmp(src->path, "-"));
	size_t dtb_size, body_len;
	bool has_bom, cpp;
	void *dtb;
	char *body;
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
		return rmem_fdt_accept_dtb(fdt, buf, size, err, errlen);
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
	body = (char *)buf + (has_bom ? 3 : 0);
	body_len = size - (has_bom ? 3 : 0);
	cpp = fdt_needs_cpp(body, body_len);
	if (!from_file || has_bom)
		ret = fdt_compile(src, body, body_len, cpp, &dtb, &dtb_size, err, errlen);
	else
		ret = fdt_compile(src, NULL, 0, cpp, &dtb, &dtb_size, err, errlen);
	free(buf);
	if (ret)
		return ret;
	return rmem_fdt_accept_dtb(fdt, dtb, dtb_size, err, errlen);
}

/* /proc/device-tree's layout: the root's properties are files there. */
static bool fdt_is_fs_tree(const char *dir)
{
	static const char *const files[] = { "#address-cells", "compatible" };
	char path[4096];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct stat st;

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, files[i]) < sizeof(path) &&
		    !stat(path, &st) && S_ISREG(st.st_mode))
			return true;
	}
	return false;
}

/* A directory in the /proc/device-tree layout, compiled by dtc -I fs. */
static int fdt_load_dir(struct rmem_fdt *fdt, const struct rmem_fdt_source *src, char *err,
			size_t errlen)
{
	struct rmem_fdt_source fs = *src;
	void *dtb;
	size_t dtb_size;
	int ret;

	fs.format = RMEM_FDT_SOURCE_FS;
	ret = rmem_fdt_dtc_compile(&fs, NULL, 0, &dtb, &dtb_size, err, errlen);
	if (ret)
		return ret;
	return rmem_fdt_accept_dtb(fdt, dtb, dtb_size, err, errlen);
}

int rmem_fdt_load(struct rmem_fdt *fdt, const struct rmem_fdt_source *src, char *err,
		  size_t errlen)
{
	bool from_stdin = !src->plain_file && !strcmp(src->path, "-");
	struct stat st;
	size_t size;
	char *buf;
	int ret;

	memset(fdt, 0, sizeof(*fdt));
	if (!src->plain_file && !from_stdin && !stat(src->path, &st) && S_ISDIR(st.st_mode) &&
	    fdt_is_fs_tree(src->path))
		return fdt_load_dir(fdt, src, err, errlen);
	ret = from_stdin ? rmem_read_fd(STDIN_FILENO, RMEM_FDT_MAX_FILE, &buf, &size)
			 : rmem_read_file(src->path, RMEM_FDT_MAX_FILE, &buf, &size);
	if (ret == -EFBIG) {
		rmem_fdt_seterr(err, errlen, "%zu bytes, more than the %u rmem reads", size,
				RMEM_FDT_MAX_FILE);
		return ret;
	}
	if (ret) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(-ret));
		return ret;
	}
	return fdt_accept(fdt, buf, size, src, err, errlen);
}

int rmem_fdt_load_file(struct rmem_fdt *fdt, const char *path, char *err, size_t errlen)
{
	const struct rmem_fdt_source src = { .path = path, .plain_file = true };

	return rmem_fdt_load(fdt, &src, err, errlen);
}

int rmem_fdt_load_blob(struct rmem_fdt *fdt, const void *blob, size_t size, char *err,
		       size_t errlen)
{
	const struct rmem_fdt_source src = { 0 };
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
	return fdt_accept(fdt, buf, size, &src, err, errlen);
}

void rmem_fdt_release(struct rmem_fdt *fdt)
{
	free(fdt->owned);
	memset(fdt, 0, sizeof(*fdt));
}
