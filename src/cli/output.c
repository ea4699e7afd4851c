// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing a report: to standard output, or to a file that appears whole or
 * not at all (a temporary file beside it, renamed into place), so that an
 * interrupted or failing run leaves the previous file intact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* mkstemp() makes the file 0600; the report is an ordinary file. */
static int make_ordinary(int fd)
{
	mode_t mask = umask(0);

	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

static int write_stream(const char *name, FILE *out, int (*fn)(void *arg, FILE *out),
			void *arg)
{
	int ret = fn(arg, out);

	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	if (ret)
		rmem_cli_error("%s: cannot write: %s", name, strerror(-ret));
	return ret ? RMEM_EXIT_INTERNAL : RMEM_EXIT_OK;
}

int rmem_cli_write(const char *path, int (*fn)(void *arg, FILE *out), void *arg)
{
	char *tmp;
	FILE *out;
	int fd, ret;

	if (!path)
		return write_stream("standard output", stdout, fn, arg);
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		rmem_cli_error("%s: out of memory", path);
		return RMEM_EXIT_INTERNAL;
	}
	fd = mkstemp(tmp);
	out = fd >= 0 && !make_ordinary(fd) ? fdopen(fd, "w") : NULL;
	if (!out) {
		rmem_cli_error("%s: cannot create a file beside it: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return RMEM_EXIT_INTERNAL;
	}
	ret = write_stream(path, out, fn, arg);
	if (fsync(fileno(out)) && !ret) {
		rmem_cli_error("%s: %s", path, strerror(errno));
		ret = RMEM_EXIT_INTERNAL;
	}
	if (fclose(out) && !ret) {
		rmem_cli_error("%s: %s", path, strerror(errno));
		ret = RMEM_EXIT_INTERNAL;
	}
	if (!ret && rename(tmp, path)) {
		rmem_cli_error("%s: %s", path, strerror(errno));
		ret = RMEM_EXIT_INTERNAL;
	}
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
