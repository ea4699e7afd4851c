// SPDX-License-Identifier: GPL-2.0-only
/*
 * A snapshot: the files rmem inspect reads, from a directory laid out as
 * the system (the system itself when it is "/") or from a tar archive of
 * one, read with libarchive; and written back the same two ways.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include <rmem/inspect.h>

#include "inspect/inspect_internal.h"
#include "lib/file.h"

/* Nothing the snapshot holds is large: a DTB, a log, a bitmap. */
#define SNAPSHOT_FILE_MAX (16u << 20)
#define SNAPSHOT_MAX_FILES 512

/* What a snapshot holds, from the system's root (docs/inspect.md). */
static const char *const snapshot_files[] = {
	"sys/firmware/fdt", "proc/cmdline", "proc/iomem", "proc/meminfo",
	"proc/sys/kernel/osrelease", "proc/sys/kernel/arch", "proc/config.gz",
	"sys/kernel/debug/memblock/memory", "sys/kernel/debug/memblock/reserved",
	"dmesg", "uname-m", "snapshot-errors", "devices",
};
static const char *const snapshot_dirs[] = { "sys/kernel/mm/cma", "sys/kernel/debug/cma" };

static int add_file(struct rmem_snapshot *s, const char *rel, char *data, size_t size)
{
	struct rmem_snapshot_file *f;

	if (s->nr == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 32;

		if (cap > SNAPSHOT_MAX_FILES)
			return -E2BIG;
		f = realloc(s->files, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		s->files = f;
		s->cap = cap;
	}
	f = &s->files[s->nr];
	f->path = strdup(rel);
	if (!f->path)
		return -ENOMEM;
	f->data = data;
	f->size = size;
	s->nr++;
	return 0;
}

int rmem_snapshot_add(struct rmem_snapshot *s, const char *rel, char *data, size_t size)
{
	int ret = add_file(s, rel, data, size);

	if (ret)
		free(data);
	return ret;
}

int rmem_snapshot_add_stream(struct rmem_snapshot *s, const char *rel, FILE *mem, char **data,
			     size_t *size)
{
	if (fclose(mem)) {
		free(*data);
		return -ENOMEM;
	}
	return rmem_snapshot_add(s, rel, *data, *size);
}

int rmem_snapshot_note(struct rmem_snapshot *s, const char *fmt, ...)
{
	va_list ap;
	char *line;
	char **p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	/* a snapshot's snapshot-errors and the reading of it name the same file once */
	for (size_t i = 0; i < s->nr_problems; i++) {
		size_t len = strcspn(line, ":");

		if (!strncmp(s->problems[i], line, len) && s->problems[i][len] == ':') {
			free(line);
			return 0;
		}
	}
	p = realloc(s->problems, (s->nr_problems + 1) * sizeof(*p));
	if (!p) {
		free(line);
		return -ENOMEM;
	}
	s->problems = p;
	s->problems[s->nr_problems++] = line;
	return 0;
}

/* @root/@rel into the snapshot, or a problem saying why not. */
static int read_one(struct rmem_snapshot *s, const char *root, const char *rel, bool quiet)
{
	char path[4096];
	char *buf;
	size_t len;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ret = rmem_read_file(path, SNAPSHOT_FILE_MAX, &buf, &len);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return quiet ? 0 : rmem_snapshot_note(s, "%s: %s", rel, strerror(-ret));
	return rmem_snapshot_add(s, rel, buf, len);
}

/* Every regular file one or two levels under @rel (an area's directory, its files). */
static int read_dir(struct rmem_snapshot *s, const char *root, const char *rel, int depth)
{
	char path[4096], sub[1024];
	struct dirent *e;
	DIR *d;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	d = opendir(path);
	if (!d)
		return depth ? 0 : rmem_snapshot_note(s, "%s: %s", rel, strerror(errno));
	while (!ret && (e = readdir(d))) {
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode) && depth == 0)
			ret = read_dir(s, root, sub, 1);
		/* debugfs cma's alloc and free are write-only triggers */
		else if (S_ISREG(st.st_mode) && (st.st_mode & 0444))
			ret = read_one(s, root, sub, false);
	}
	closedir(d);
	return ret;
}

/*
 * A record's text as dmesg prints it: /dev/kmsg escapes a byte it will not
 * print raw as \xNN (a newline of a multi-line record, a backslash); each
 * line of the record gets the record's "[SECONDS.MICROS] " prefix.
 */
static void put_record(FILE *mem, unsigned long long ts, const char *text)
{
	fprintf(mem, "[%5llu.%06llu] ", ts / 1000000, ts % 1000000);
	for (const char *p = text; *p; p++) {
		unsigned int c;

		if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &c) == 1 &&
		    p[2] && p[3]) {
			p += 3;
			if (c == '\n') {
				fprintf(mem, "\n[%5llu.%06llu] ", ts / 1000000, ts % 1000000);
				continue;
			}
			fputc((int)c, mem);
		} else {
			fputc(*p, mem);
		}
	}
	fputc('\n', mem);
}

/* /dev/kmsg's records as dmesg prints them: "[SECONDS.MICROS] text". */
static int read_kmsg(struct rmem_snapshot *s)
{
	char rec[8192];
	char *out = NULL;
	size_t len = 0;
	FILE *mem;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return rmem_snapshot_note(s, "dmesg: /dev/kmsg: %s", strerror(errno));
	mem = open_memstream(&out, &len);
	if (!mem) {
		close(fd);
		return -ENOMEM;
	}
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		unsigned long long ts;
		char *text;

		if (n <= 0)
			continue;	/* EPIPE: records overwritten; go on with the next */
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text || sscanf(rec, "%*u,%*u,%llu", &ts) != 1)
			continue;
		text++;
		text[strcspn(text, "\n")] = '\0';
		put_record(mem, ts, text);
	}
	close(fd);
	return rmem_snapshot_add_stream(s, "dmesg", mem, &out, &len);
}

/* The arch where /proc/sys/kernel/arch is missing (older kernels): uname(2)'s machine. */
static int add_machine(struct rmem_snapshot *s)
{
	struct utsname u;
	char *m;

	if (uname(&u))
		return 0;
	m = strdup(u.machine);
	if (!m)
		return -ENOMEM;
	return rmem_snapshot_add(s, "uname-m", m, strlen(m));
}

static int open_dir(struct rmem_snapshot *s, const char *root)
{
	bool live = !strcmp(root, "/");
	int ret = 0;

	for (size_t i = 0; !ret && i < sizeof(snapshot_files) / sizeof(snapshot_files[0]); i++) {
		const char *rel = snapshot_files[i];
		/* the system has no dmesg file, and a snapshot no config.gz, usually */
		bool quiet = !strcmp(rel, "snapshot-errors") || !strcmp(rel, "uname-m") ||
			     !strcmp(rel, "devices") || (live && !strcmp(rel, "dmesg"));

		ret = read_one(s, root, rel, quiet);
	}
	for (size_t i = 0; !ret && i < sizeof(snapshot_dirs) / sizeof(snapshot_dirs[0]); i++)
		ret = read_dir(s, root, snapshot_dirs[i], 0);
	if (!ret && !rmem_snapshot_file(s, "proc/config.gz", NULL)) {
		const char *rel = rmem_snapshot_file(s, "proc/sys/kernel/osrelease", NULL);
		char boot[256];

		if (rel) {
			int n = (int)strcspn(rel, "\n");
			char mod[256];

			/* Debian's split 7.x packages keep it beside the modules */
			snprintf(mod, sizeof(mod), "usr/lib/modules/%.*s/config", n, rel);
			ret = read_one(s, root, mod, true);
			snprintf(boot, sizeof(boot), "boot/config-%.*s", n, rel);
			if (!ret && !rmem_snapshot_file(s, mod, NULL))
				ret = read_one(s, root, boot, false);
		}
	}
	if (!ret && live && !rmem_snapshot_file(s, "dmesg", NULL))
		ret = read_kmsg(s);
	/* a system's (or a copy's) sysfs: the devices made of DT nodes */
	if (!ret && !rmem_snapshot_file(s, "devices", NULL))
		ret = rmem_snapshot_read_devices(s, root);
	if (!ret && live && !rmem_snapshot_file(s, "proc/sys/kernel/arch", NULL))
		ret = add_machine(s);
	return ret;
}

/* "./proc/cmdline" and "proc/cmdline" are the same member. */
static const char *member_path(const char *name)
{
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	return name;
}

static int read_member(struct rmem_snapshot *s, struct archive *a, struct archive_entry *e)
{
	la_int64_t size = archive_entry_size(e);
	const char *rel = member_path(archive_entry_pathname(e));
	char *buf;
	la_ssize_t n;

	if (size < 0 || (uint64_t)size > SNAPSHOT_FILE_MAX)
		return rmem_snapshot_note(s, "%s: %lld bytes, too large", rel, (long long)size);
	buf = malloc((size_t)size + 1);
	if (!buf)
		return -ENOMEM;
	n = archive_read_data(a, buf, (size_t)size);
	if (n != size) {
		free(buf);
		return rmem_snapshot_note(s, "%s: truncated in the archive (%s)", rel,
					  n < 0 ? archive_error_string(a) : "short");
	}
	buf[size] = '\0';
	return rmem_snapshot_add(s, rel, buf, (size_t)size);
}

static int open_tar(struct rmem_snapshot *s, const char *path, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r, ret = 0;

	if (!a)
		return -ENOMEM;
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open_filename(a, path, 10240) != ARCHIVE_OK) {
		snprintf(err, errlen, "not a tar archive nor a directory: %s",
			 archive_error_string(a));
		archive_read_free(a);
		return -EINVAL;
	}
	while (!ret && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		if (archive_entry_filetype(e) == AE_IFREG)
			ret = read_member(s, a, e);
	if (!ret && r != ARCHIVE_EOF) {
		/* what came before the damage is kept */
		if (!s->nr) {
			snprintf(err, errlen, "not a tar archive: %s", archive_error_string(a));
			ret = -EINVAL;
		} else {
			ret = rmem_snapshot_note(s, "%s: the archive ends early (%s)", path,
						 archive_error_string(a));
		}
	}
	archive_read_free(a);
	return ret;
}

/* snapshot-errors, the script's or rmem snapshot's record of what it could not read */
static int take_recorded_problems(struct rmem_snapshot *s)
{
	const char *text = rmem_snapshot_file(s, "snapshot-errors", NULL);
	int ret = 0;

	while (!ret && text && *text) {
		size_t len = strcspn(text, "\n");

		if (len)
			ret = rmem_snapshot_note(s, "%.*s", (int)len, text);
		text += len + (text[len] == '\n');
	}
	return ret;
}

int rmem_snapshot_open(const char *path, struct rmem_snapshot **out, char *err, size_t errlen)
{
	struct rmem_snapshot *s = calloc(1, sizeof(*s));
	struct stat st;
	int ret;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	if (stat(path, &st)) {
		ret = -errno;
		snprintf(err, errlen, "%s", strerror(errno));
		free(s);
		return ret;
	}
	s->live = !strcmp(path, "/");
	ret = S_ISDIR(st.st_mode) ? open_dir(s, path) : open_tar(s, path, err, errlen);
	if (!ret)
		ret = take_recorded_problems(s);
	if (ret) {
		if (ret == -ENOMEM || ret == -E2BIG)
			snprintf(err, errlen, "%s", strerror(-ret));
		rmem_snapshot_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

void rmem_snapshot_free(struct rmem_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr; i++) {
		free(s->files[i].path);
		free(s->files[i].data);
	}
	for (size_t i = 0; i < s->nr_problems; i++)
		free(s->problems[i]);
	free(s->problems);
	free(s->files);
	free(s);
}

const char *rmem_snapshot_file(const struct rmem_snapshot *s, const char *rel, size_t *size)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->files[i].path, rel)) {
			if (size)
				*size = s->files[i].size;
			return s->files[i].data;
		}
	return NULL;
}

const char *rmem_snapshot_path_at(const struct rmem_snapshot *s, size_t i)
{
	return i < s->nr ? s->files[i].path : NULL;
}

const char *rmem_snapshot_problem(const struct rmem_snapshot *s, size_t i)
{
	return i < s->nr_problems ? s->problems[i] : NULL;
}
