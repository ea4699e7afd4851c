// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a device tree the user gives: a DTB as it is, a DTS through dtc.
 * Everything here is an input error for the user, never kernel behaviour:
 * the kernel only ever sees a blob the bootloader already accepted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "fdt/fdt.h"

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
	if (total > size) {
		rmem_fdt_seterr(err, errlen, "totalsize %u is larger than the file (%zu bytes)",
			   total, size);
		free(buf);
		return -EINVAL;
	}
	ret = fdt_check_full(buf, size);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "not a valid device tree: fdt_check_full: %s",
			   fdt_strerror(ret));
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

/*
 * Reads to the end, RMEM_FDT_MAX_FILE + 1 bytes at most (enough to say
 * -EFBIG), in a buffer of @hint + 1 bytes to start with (a regular file's
 * size: one read, one allocation).
 */
static int fdt_read_all(int fd, size_t hint, void **bufp, size_t *sizep)
{
	size_t cap = hint < (1 << 16) ? 1 << 16 : hint + 1, len = 0;
	char *buf = malloc(cap), *nbuf;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap > RMEM_FDT_MAX_FILE)
				break;
			cap *= 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int ret = -errno;

			free(buf);
			return ret;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*bufp = buf;
	*sizep = len;
	return 0;
}

int rmem_fdt_load_file(struct rmem_fdt *fdt, const char *path, char *err, size_t errlen)
{
	struct stat st;
	size_t size = 0;
	void *buf = NULL;
	int fd, ret;

	memset(fdt, 0, sizeof(*fdt));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		rmem_fdt_seterr(err, errlen, "%s", strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		rmem_fdt_seterr(err, errlen, "%s", strerror(-ret));
		close(fd);
		return ret;
	}
	if (S_ISDIR(st.st_mode)) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(EISDIR));
		close(fd);
		return -EISDIR;
	}
	/* a regular file says its size: refuse a huge one without reading it */
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > RMEM_FDT_MAX_FILE) {
		rmem_fdt_seterr(err, errlen, "%jd bytes, more than the %u rmem reads",
			   (intmax_t)st.st_size, RMEM_FDT_MAX_FILE);
		close(fd);
		return -EFBIG;
	}
	ret = fdt_read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &buf, &size);
	close(fd);
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
