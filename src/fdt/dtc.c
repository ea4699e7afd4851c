// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compiling a DTS with the real dtc (Debian's device-tree-compiler): the
 * kernel's trees are built by dtc, so only dtc says what a source means.
 *
 * dtc's standard streams are anonymous memory files rather than pipes: it
 * reads all its input before it writes, and a pipe it stops reading early
 * would SIGPIPE this process, whose signal handling a library must not
 * touch.
 */
#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdt/fdt.h"

extern char **environ;

static int dtc_memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int dtc_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0;
}

/* The whole of @fd, NUL-terminated, at most @max bytes (-EFBIG beyond). */
static int dtc_read_back(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat st;
	size_t len, got = 0;
	char *buf;

	if (fstat(fd, &st))
		return -errno;
	len = (size_t)st.st_size;
	if (len > max)
		return -EFBIG;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int ret = n < 0 ? -errno : -EIO;

			free(buf);
			return ret;
		}
		got += (size_t)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

/*
 * dtc's first message line names the problem ("Error: x.dts:3.12-13 syntax
 * error", "x.dts:4.6-10: ERROR (duplicate_node_names): ...").  The caller
 * names the path, so the source's path in it (or "<stdin>" for a source
 * given through stdin) becomes the file's name.
 */
static void dtc_first_line(const char *text, const char *src_path, bool from_stdin, char *err,
			   size_t errlen)
{
	const char *base = src_path ? strrchr(src_path, '/') : NULL;
	const char *name = from_stdin ? "<stdin>" : src_path;
	size_t nlen = name ? strlen(name) : 0;
	char line[512];
	size_t n = 0;

	base = base ? base + 1 : src_path;
	if (!base)
		nlen = 0;
	while (*text == '\n' || *text == '\r' || *text == ' ')
		text++;
	while (*text && *text != '\n' && n + 1 < sizeof(line)) {
		if (nlen && !strncmp(text, name, nlen)) {
			size_t blen = strlen(base);

			if (n + blen + 1 >= sizeof(line))
				break;
			memcpy(line + n, base, blen);
			n += blen;
			text += nlen;
			continue;
		}
		line[n++] = *text++;
	}
	line[n] = '\0';
	rmem_fdt_seterr(err, errlen, "dtc: %s", n ? line : "failed without a message");
}

static char *dtc_source_dir(const char *src_path)
{
	const char *slash = strrchr(src_path, '/');

	if (!slash)
		return strdup(".");
	if (slash == src_path)
		return strdup("/");
	return strndup(src_path, (size_t)(slash - src_path));
}

static int dtc_spawn(const char *src_path, bool from_stdin, int in, int out, int errfd,
		     pid_t *pid)
{
	char *dir = src_path ? dtc_source_dir(src_path) : NULL;
	char *argv[12];
	posix_spawn_file_actions_t fa;
	int argc = 0, ret;

	if (src_path && !dir)
		return ENOMEM;
	argv[argc++] = "dtc";
	argv[argc++] = "-I";
	argv[argc++] = "dts";
	argv[argc++] = "-O";
	argv[argc++] = "dtb";
	argv[argc++] = "-q";
	argv[argc++] = "-o";
	argv[argc++] = "-";
	if (dir) {
		argv[argc++] = "-i";
		argv[argc++] = dir;
	}
	argv[argc++] = from_stdin ? "-" : (char *)src_path;
	argv[argc] = NULL;

	ret = posix_spawn_file_actions_init(&fa);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, in, 0);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, out, 1);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	if (!ret)
		ret = posix_spawnp(pid, "dtc", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(dir);
	return ret;
}

static int dtc_wait(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/* Runs dtc with the three files in place; decides from its exit. */
static int dtc_run(const char *src_path, bool from_stdin, int in, int out, int errfd,
		   char *err, size_t errlen)
{
	char *text;
	size_t len;
	pid_t pid;
	int status, ret;

	ret = dtc_spawn(src_path, from_stdin, in, out, errfd, &pid);
	if (ret == ENOENT) {
		rmem_fdt_seterr(err, errlen, "dtc not found: install device-tree-compiler");
		return -ENOEXEC;
	}
	if (ret) {
		rmem_fdt_seterr(err, errlen, "dtc cannot be run: %s", strerror(ret));
		return ret == ENOMEM ? -ENOMEM : -ENOEXEC;
	}
	ret = dtc_wait(pid, &status);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "waiting for dtc: %s", strerror(-ret));
		return ret;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status)) {
		rmem_fdt_seterr(err, errlen, "dtc: killed by signal %d", WTERMSIG(status));
		return -EINVAL;
	}
	ret = dtc_read_back(errfd, 1 << 20, &text, &len);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "dtc: failed with exit status %d",
			   WEXITSTATUS(status));
		return -EINVAL;
	}
	dtc_first_line(text, src_path, from_stdin, err, errlen);
	free(text);
	return -EINVAL;
}

int rmem_fdt_dtc_compile(const char *src_path, const void *src, size_t len, void **dtb,
			 size_t *dtb_size, char *err, size_t errlen)
{
	int in = -1, out, errfd = -1, ret;
	char *buf;

	out = dtc_memfd("rmem-dtc-out");
	if (out >= 0)
		errfd = dtc_memfd("rmem-dtc-err");
	if (out >= 0 && errfd >= 0)
		in = dtc_memfd("rmem-dtc-in");
	ret = out < 0 ? out : errfd < 0 ? errfd : in < 0 ? in : 0;
	/* a file is read by dtc itself; memory goes through its stdin */
	if (!ret && src)
		ret = dtc_write_all(in, src, len);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "temporary file for dtc: %s", strerror(-ret));
		goto out;
	}
	ret = dtc_run(src_path, src != NULL, in, out, errfd, err, errlen);
	if (ret)
		goto out;
	ret = dtc_read_back(out, RMEM_FDT_MAX_FILE, &buf, dtb_size);
	if (ret == -EFBIG)
		rmem_fdt_seterr(err, errlen, "dtc's output is more than the %u bytes rmem reads",
			   RMEM_FDT_MAX_FILE);
	else if (ret)
		rmem_fdt_seterr(err, errlen, "reading dtc's output: %s", strerror(-ret));
	else
		*dtb = buf;
out:
	if (in >= 0)
		close(in);
	if (errfd >= 0)
		close(errfd);
	if (out >= 0)
		close(out);
	return ret;
}
