// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compiling a DTS with the real tools the kernel's build uses: the C
 * preprocessor for #include and macros (scripts/Makefile.lib's
 * dtc_cpp_flags), then dtc (Debian's device-tree-compiler), so only they
 * say what a source means.
 *
 * A tool's standard streams are anonymous memory files rather than pipes:
 * both read all their input before they write, and a pipe a tool stops
 * reading early would SIGPIPE this process, whose signal handling a
 * library must not touch.
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
static void dtc_first_line(const char *tool, const char *text, const char *src_path,
			   bool from_stdin, char *err, size_t errlen)
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
	rmem_fdt_seterr(err, errlen, "%s: %s", tool, n ? line : "failed without a message");
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

/* A tool run: its argv, and its three streams as memory files. */
struct tool_run {
	const char *name;		/* for messages: "dtc", "cpp" */
	char *argv[64];
	int argc;
	int in, out, errfd;
};

static int tool_arg(struct tool_run *t, const char *arg)
{
	if (t->argc + 1 >= (int)(sizeof(t->argv) / sizeof(t->argv[0])))
		return -E2BIG;
	t->argv[t->argc++] = (char *)arg;
	t->argv[t->argc] = NULL;
	return 0;
}

/* A path the tool cannot take for an option: "-x.dts" as "./-x.dts". */
static int tool_path_arg(struct tool_run *t, const char *path, char **owned)
{
	*owned = NULL;
	if (path[0] != '-')
		return tool_arg(t, path);
	if (asprintf(owned, "./%s", path) < 0) {
		*owned = NULL;
		return -ENOMEM;
	}
	return tool_arg(t, *owned);
}

static int tool_open(struct tool_run *t, const char *name, const void *in, size_t len)
{
	int ret;

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->in = t->out = t->errfd = -1;
	t->out = dtc_memfd("rmem-tool-out");
	if (t->out >= 0)
		t->errfd = dtc_memfd("rmem-tool-err");
	if (t->out >= 0 && t->errfd >= 0)
		t->in = dtc_memfd("rmem-tool-in");
	ret = t->out < 0 ? t->out : t->errfd < 0 ? t->errfd : t->in < 0 ? t->in : 0;
	if (!ret && in)
		ret = dtc_write_all(t->in, in, len);
	if (!ret)
		ret = tool_arg(t, name);
	return ret;
}

static void tool_close(struct tool_run *t)
{
	if (t->in >= 0)
		close(t->in);
	if (t->errfd >= 0)
		close(t->errfd);
	if (t->out >= 0)
		close(t->out);
}

static int tool_spawn(struct tool_run *t, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int ret;

	ret = posix_spawn_file_actions_init(&fa);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, t->in, 0);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, t->out, 1);
	if (!ret)
		ret = posix_spawn_file_actions_adddup2(&fa, t->errfd, 2);
	if (!ret)
		ret = posix_spawnp(pid, t->name, &fa, NULL, t->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return ret;
}

static int tool_wait(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/* Runs the tool; decides from its exit, naming the problem in @err. */
static int tool_exec(struct tool_run *t, const char *src_path, bool from_stdin, char *err,
		     size_t errlen)
{
	char *text;
	size_t len;
	pid_t pid;
	int status, ret;

	ret = tool_spawn(t, &pid);
	if (ret == ENOENT) {
		rmem_fdt_seterr(err, errlen, "%s not found: install %s", t->name,
				!strcmp(t->name, "dtc") ? "device-tree-compiler" : "cpp");
		return -ENOEXEC;
	}
	if (ret) {
		rmem_fdt_seterr(err, errlen, "%s cannot be run: %s", t->name, strerror(ret));
		return ret == ENOMEM ? -ENOMEM : -ENOEXEC;
	}
	ret = tool_wait(pid, &status);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "waiting for %s: %s", t->name, strerror(-ret));
		return ret;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status)) {
		rmem_fdt_seterr(err, errlen, "%s: killed by signal %d", t->name, WTERMSIG(status));
		return -EINVAL;
	}
	ret = dtc_read_back(t->errfd, 1 << 20, &text, &len);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "%s: failed with exit status %d", t->name,
				WEXITSTATUS(status));
		return -EINVAL;
	}
	dtc_first_line(t->name, text, src_path, from_stdin, err, errlen);
	free(text);
	return -EINVAL;
}

/* The tool's output, at most RMEM_FDT_MAX_FILE bytes. */
static int tool_output(struct tool_run *t, char **out, size_t *len, char *err, size_t errlen)
{
	int ret = dtc_read_back(t->out, RMEM_FDT_MAX_FILE, out, len);

	if (ret == -EFBIG)
		rmem_fdt_seterr(err, errlen, "%s's output is more than the %u bytes rmem reads",
				t->name, RMEM_FDT_MAX_FILE);
	else if (ret)
		rmem_fdt_seterr(err, errlen, "reading %s's output: %s", t->name, strerror(-ret));
	return ret;
}

/* -i DIR (dtc) or -I DIR (cpp): the source's own directory first, then @src's. */
static int tool_include_dirs(struct tool_run *t, const char *flag,
			     const struct rmem_fdt_source *src, char **own_dir)
{
	int ret = 0;

	*own_dir = NULL;
	if (src->path && (src->plain_file || strcmp(src->path, "-"))) {
		*own_dir = dtc_source_dir(src->path);
		if (!*own_dir)
			return -ENOMEM;
		ret = tool_arg(t, flag);
		if (!ret)
			ret = tool_arg(t, *own_dir);
	}
	for (size_t i = 0; !ret && i < src->nr_include_dirs; i++) {
		ret = tool_arg(t, flag);
		if (!ret)
			ret = tool_arg(t, src->include_dirs[i]);
	}
	return ret;
}

/* After the arguments were built (@ret: how that went): run, and read the output. */
static int tool_finish(struct tool_run *t, int ret, const struct rmem_fdt_source *src,
		       bool from_stdin, char **out, size_t *len, char *err, size_t errlen)
{
	if (ret == -E2BIG)
		rmem_fdt_seterr(err, errlen, "too many include directories");
	else if (ret)
		rmem_fdt_seterr(err, errlen, "temporary file for %s: %s", t->name, strerror(-ret));
	if (!ret)
		ret = tool_exec(t, src->path, from_stdin, err, errlen);
	if (!ret)
		ret = tool_output(t, out, len, err, errlen);
	return ret;
}

/* What to do about an #include cpp did not find, after its message. */
static void cpp_hint(char *err, size_t errlen)
{
	size_t n = strlen(err);

	snprintf(err + n, errlen - n,
		 " (give the directory that holds it with -I DIR: for <dt-bindings/...>, the kernel source's include/)");
}

int rmem_fdt_cpp(const struct rmem_fdt_source *src, const void *text, size_t len, char **out,
		 size_t *out_len, char *err, size_t errlen)
{
	static const char *const flags[] = {
		"-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp",
	};
	struct tool_run t;
	char *own_dir = NULL, *path_arg = NULL;
	int ret = tool_open(&t, "cpp", text, len);

	for (size_t i = 0; !ret && i < sizeof(flags) / sizeof(flags[0]); i++)
		ret = tool_arg(&t, flags[i]);
	if (!ret)
		ret = tool_include_dirs(&t, "-I", src, &own_dir);
	if (!ret)
		ret = text ? tool_arg(&t, "-") : tool_path_arg(&t, src->path, &path_arg);
	ret = tool_finish(&t, ret, src, text != NULL, out, out_len, err, errlen);
	if (ret == -EINVAL && err && strstr(err, "No such file or directory"))
		cpp_hint(err, errlen);
	free(path_arg);
	free(own_dir);
	tool_close(&t);
	return ret;
}

int rmem_fdt_dtc_compile(const struct rmem_fdt_source *src, const void *text, size_t len,
			 void **dtb, size_t *dtb_size, char *err, size_t errlen)
{
	bool from_stdin = text != NULL;
	struct tool_run t;
	char *own_dir = NULL, *path_arg = NULL, *buf;
	int ret = tool_open(&t, "dtc", text, len);

	if (!ret)
		ret = tool_arg(&t, "-I");
	if (!ret)
		ret = tool_arg(&t, src->format == RMEM_FDT_SOURCE_FS ? "fs" : "dts");
	if (!ret)
		ret = tool_arg(&t, "-O");
	if (!ret)
		ret = tool_arg(&t, "dtb");
	if (!ret)
		ret = tool_arg(&t, "-q");
	if (!ret && src->symbols)
		ret = tool_arg(&t, "-@");
	if (!ret)
		ret = tool_arg(&t, "-o");
	if (!ret)
		ret = tool_arg(&t, "-");
	if (!ret && src->format != RMEM_FDT_SOURCE_FS)
		ret = tool_include_dirs(&t, "-i", src, &own_dir);
	if (!ret)
		ret = from_stdin ? tool_arg(&t, "-") : tool_path_arg(&t, src->path, &path_arg);
	ret = tool_finish(&t, ret, src, from_stdin, &buf, dtb_size, err, errlen);
	if (!ret)
		*dtb = buf;
	free(path_arg);
	free(own_dir);
	tool_close(&t);
	return ret;
}
