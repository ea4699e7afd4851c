// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"

/*
 * Reads to the end, @max + 1 bytes at most (enough to say -EFBIG), in a
 * buffer of @hint bytes to start with (a regular file's size: one read, one
 * allocation; a pipe's grows).
 */
static int read_all(int fd, size_t hint, size_t max, char **bufp, size_t *lenp)
{
	size_t cap = (hint < 4096 ? 4096 : hint) + 1, len = 0;
	char *buf = malloc(cap), *nbuf;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap - 1) {
			if (len > max)
				break;
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
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
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int rmem_read_file(const char *path, size_t max, char **bufp, size_t *lenp)
{
	int fd, ret;

	*bufp = NULL;
	*lenp = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = rmem_read_fd(fd, max, bufp, lenp);
	close(fd);
	return ret;
}

int rmem_read_input(const char *path, size_t max, char **bufp, size_t *lenp, char *err,
		    size_t errlen)
{
	int ret = rmem_read_file(path, max, bufp, lenp);

	if (!ret || !err || !errlen)
		return ret;
	if (ret == -EFBIG)
		snprintf(err, errlen, "%zu bytes, more than the %zu rmem reads", *lenp, max);
	else
		snprintf(err, errlen, "%s", strerror(-ret));
	return ret;
}

int rmem_read_fd(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat st;
	int ret;

	*bufp = NULL;
	*lenp = 0;
	if (fstat(fd, &st)) {
		ret = -errno;
	} else if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
	} else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		*lenp = (size_t)st.st_size;
		ret = -EFBIG;
	} else {
		ret = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, max, bufp, lenp);
		if (!ret && *lenp > max) {
			free(*bufp);
			*bufp = NULL;
			ret = -EFBIG;
		}
	}
	return ret;
}
