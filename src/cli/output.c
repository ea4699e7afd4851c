// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writing a report, to standard output or to -o FILE, every write checked.
 *
 * FILE, its symbolic links followed, is
 * - a regular file, or no file yet: the report goes to a temporary file
 *   beside it, renamed onto it only when every write, the flush, fsync()
 *   and close() succeeded, so that a failing run leaves the previous file
 *   as it was.  The new file keeps the old one's mode (and, where allowed,
 *   owner); a new one gets 0666 less the umask.  A symbolic link stays a
 *   link: its target is replaced.
 * - the file standard output already is (-o /dev/stdout, or the file a
 *   shell's > or >> opened): written through standard output, as without -o.
 * - anything else, a character or block device, a FIFO, a socket: opened
 *   and written in place, never replaced (/dev/null stays a device).
 * - a directory: refused.
 * A failing write (ENOSPC, EIO, ...) is reported with the file's name and
 * errno's words, and exit 4.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The stream a report is written to: each write(2) checked, the first errno kept. */
struct sink {
	int fd;
	int err;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	struct sink *s = cookie;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(s->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!s->err)
				s->err = n < 0 ? errno : EIO;
			errno = s->err;
			return 0;	/* fopencookie: 0 is an error */
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/*
 * @fn's report through a stream on @fd, flushed.  Returns 0 or a negative
 * errno: the write's own (ENOSPC, EIO, ...) before the report's.
 */
static int write_through(int fd, int (*fn)(void *arg, FILE *out), void *arg)
{
	static const cookie_io_functions_t io = { .write = sink_write };
	struct sink s = { .fd = fd };
	FILE *out = fopencookie(&s, "w", io);
	int ret;

	if (!out)
		return -errno;
	ret = fn(arg, out);
	if (fclose(out) && !ret)
		ret = -EIO;
	return s.err ? -s.err : ret;
}

static int failed(const char *name, int err)
{
	if (err == -ENOMEM)
		rmem_cli_error("%s: out of memory", name);
	else
		rmem_cli_error("%s: %s", name, strerror(-err));
	return RMEM_EXIT_INTERNAL;
}

/*
 * Standard output: the report, then close() of a duplicate, where a file
 * system that writes back late (NFS) says whether it could.
 */
static int write_stdout(const char *name, int (*fn)(void *arg, FILE *out), void *arg)
{
	int ret, fd;

	if (fflush(stdout))
		return failed(name, -errno);
	ret = write_through(STDOUT_FILENO, fn, arg);
	if (!ret) {
		fd = dup(STDOUT_FILENO);
		if (fd < 0 || close(fd))
			ret = -errno;
	}
	return ret ? failed(name, ret) : RMEM_EXIT_OK;
}

/* A device, a FIFO, a socket: written where it is. */
static int write_in_place(const char *path, int (*fn)(void *arg, FILE *out), void *arg)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return failed(path, -errno);
	ret = write_through(fd, fn, arg);
	/* a block device can be synced; a character device or a FIFO cannot (EINVAL) */
	if (!ret && fsync(fd) && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	return ret ? failed(path, ret) : RMEM_EXIT_OK;
}

/*
 * The temporary file beside @real, given @old's mode and owner (NULL: a new
 * file, 0666 less the umask), written, synced, closed and renamed onto
 * @real.  Messages name @path, the name the user gave.
 */
static int write_replace(const char *path, const char *real, const struct stat *old,
			 int (*fn)(void *arg, FILE *out), void *arg)
{
	char *tmp;
	mode_t mask;
	int fd, ret;

	if (asprintf(&tmp, "%s.XXXXXX", real) < 0)
		return failed(path, -ENOMEM);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rmem_cli_error("%s: cannot create a file beside it: %s", path, strerror(errno));
		free(tmp);
		return RMEM_EXIT_INTERNAL;
	}
	if (old) {
		/* the owner first, where we may, as chown clears setuid; then the mode */
		if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
		    fchown(fd, old->st_uid, old->st_gid)) {
			/* not root: the new file is the user's own, as an editor's would be */
		}
		ret = fchmod(fd, old->st_mode & 07777) ? -errno : 0;
	} else {
		mask = umask(0);
		umask(mask);
		ret = fchmod(fd, 0666 & ~mask) ? -errno : 0;
	}
	if (!ret)
		ret = write_through(fd, fn, arg);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, real))
		ret = -errno;
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret ? failed(path, ret) : RMEM_EXIT_OK;
}

/*
 * @path names no file: it is a new file, or a symbolic link whose target
 * does not exist yet.  The path the new file takes, in @real.
 */
static int dangling_target(const char *path, char *real, size_t len)
{
	char link[PATH_MAX], *slash;
	struct stat st;
	ssize_t n;

	if (strlen(path) >= len)
		return -ENAMETOOLONG;
	strcpy(real, path);
	for (int hops = 0; hops < 40; hops++) {
		if (lstat(real, &st))
			return errno == ENOENT ? 0 : -errno;
		if (!S_ISLNK(st.st_mode))
			return 0;
		n = readlink(real, link, sizeof(link) - 1);
		if (n < 0)
			return -errno;
		link[n] = '\0';
		slash = strrchr(real, '/');
		if (link[0] == '/' || !slash) {
			if ((size_t)n >= len)
				return -ENAMETOOLONG;
			strcpy(real, link);
		} else {
			/* relative to the link's directory */
			if ((size_t)(slash + 1 - real) + (size_t)n >= len)
				return -ENAMETOOLONG;
			strcpy(slash + 1, link);
		}
	}
	return -ELOOP;
}

int rmem_cli_write(const char *path, int (*fn)(void *arg, FILE *out), void *arg)
{
	struct stat st, out;
	char real[PATH_MAX];
	int ret;

	if (!path)
		return write_stdout("standard output", fn, arg);
	if (stat(path, &st)) {
		if (errno != ENOENT)
			return failed(path, -errno);
		ret = dangling_target(path, real, sizeof(real));
		return ret ? failed(path, ret) : write_replace(path, real, NULL, fn, arg);
	}
	if (S_ISDIR(st.st_mode))
		return failed(path, -EISDIR);
	if (!fstat(STDOUT_FILENO, &out) && out.st_dev == st.st_dev && out.st_ino == st.st_ino)
		return write_stdout(path, fn, arg);
	if (!S_ISREG(st.st_mode))
		return write_in_place(path, fn, arg);
	if (!realpath(path, real))
		return failed(path, -errno);
	return write_replace(path, real, &st, fn, arg);
}

int rmem_cli_close_stdout(int ret)
{
	errno = 0;
	if (!fflush(stdout) && !ferror(stdout))
		return ret;
	rmem_cli_error("standard output: %s", strerror(errno ? errno : EIO));
	return ret ? ret : RMEM_EXIT_INTERNAL;
}
