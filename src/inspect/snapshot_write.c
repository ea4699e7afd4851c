// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem snapshot: a snapshot written as a directory tree or a tar archive
 * (libarchive), with snapshot-errors listing what could not be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include <rmem/inspect.h>

#include "inspect/inspect_internal.h"

/* snapshot-errors' text: one problem a line. */
static char *problems_text(const struct rmem_snapshot *s, size_t *len)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);

	if (!mem)
		return NULL;
	for (size_t i = 0; i < s->nr_problems; i++)
		fprintf(mem, "%s\n", s->problems[i]);
	if (fclose(mem)) {
		free(text);
		return NULL;
	}
	return text;
}

/* mkdir -p of @path's parent directories. */
static int make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

static int write_plain(const char *dir, const char *rel, const char *data, size_t size,
		       char *err, size_t errlen)
{
	char path[4096];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ret = make_parents(path);
	if (!ret) {
		f = fopen(path, "w");
		if (!f)
			ret = -errno;
		else if (fwrite(data, 1, size, f) != size)
			ret = -EIO;
		if (f && fclose(f) && !ret)
			ret = errno ? -errno : -EIO;
	}
	if (ret)
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
	return ret;
}

static int write_member(struct archive *a, const char *rel, const char *data, size_t size)
{
	struct archive_entry *e = archive_entry_new();
	int ret = 0;

	if (!e)
		return -ENOMEM;
	archive_entry_set_pathname(e, rel);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, time(NULL), 0);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (size && archive_write_data(a, data, size) != (la_ssize_t)size))
		ret = -EIO;
	archive_entry_free(e);
	return ret;
}

static bool is_tar(const char *path, bool *gz)
{
	size_t n = strlen(path);

	*gz = (n > 7 && !strcmp(path + n - 7, ".tar.gz")) || (n > 4 && !strcmp(path + n - 4, ".tgz"));
	return *gz || (n > 4 && !strcmp(path + n - 4, ".tar"));
}

static int write_tar(const struct rmem_snapshot *s, const char *path, bool gz,
		     const char *errors, size_t errors_len, char *err, size_t errlen)
{
	struct archive *a = archive_write_new();
	int ret = 0;

	if (!a)
		return -ENOMEM;
	archive_write_set_format_pax_restricted(a);
	if (gz)
		archive_write_add_filter_gzip(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", path, archive_error_string(a));
		archive_write_free(a);
		return -EIO;
	}
	for (size_t i = 0; !ret && i < s->nr; i++)
		if (strcmp(s->files[i].path, "snapshot-errors"))
			ret = write_member(a, s->files[i].path, s->files[i].data, s->files[i].size);
	if (!ret)
		ret = write_member(a, "snapshot-errors", errors, errors_len);
	if (archive_write_close(a) != ARCHIVE_OK && !ret)
		ret = -EIO;
	if (ret)
		snprintf(err, errlen, "%s: %s", path, archive_error_string(a) ?
			 archive_error_string(a) : strerror(-ret));
	archive_write_free(a);
	return ret;
}

int rmem_snapshot_write(const struct rmem_snapshot *s, const char *path, char *err,
			size_t errlen)
{
	size_t errors_len = 0;
	char *errors = problems_text(s, &errors_len);
	bool gz;
	int ret = 0;

	if (!errors)
		return -ENOMEM;
	if (is_tar(path, &gz)) {
		ret = write_tar(s, path, gz, errors, errors_len, err, errlen);
	} else {
		if (mkdir(path, 0755) && errno != EEXIST) {
			ret = -errno;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		}
		for (size_t i = 0; !ret && i < s->nr; i++)
			if (strcmp(s->files[i].path, "snapshot-errors"))
				ret = write_plain(path, s->files[i].path, s->files[i].data,
						  s->files[i].size, err, errlen);
		if (!ret)
			ret = write_plain(path, "snapshot-errors", errors, errors_len, err, errlen);
	}
	free(errors);
	return ret;
}
