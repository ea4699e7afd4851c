/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A board's device tree as the user gives it: a .dtb, or a .dts that rmem
 * compiles by running dtc from $PATH.  What comes back is a DTB that
 * fdt_check_full() accepted, ready for rmem_plan_boot() (<rmem/plan.h>),
 * which can boot any number of contexts on it.
 *
 * A file rmem cannot read, or one that is not a valid device tree, is an
 * input error: the functions return a negative errno and put one line for
 * the user in @err (at most @errlen bytes with its NUL; @err may be NULL).
 * Anything inside a valid tree is the simulated kernel's to interpret.
 */
#ifndef RMEM_DT_H
#define RMEM_DT_H

#include <rmem/api.h>
#include <rmem/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rmem_dt;

/* The largest file, or blob, rmem reads as a device tree. */
#define RMEM_DT_MAX_FILE (64u << 20)

/**
 * rmem_dt_load_file() - read the file @path: a DTB, or a DTS (known by its
 * "/dts-v1/" start after an optional byte-order mark, blanks and comments,
 * whatever its name), compiled by dtc with -i for @path's directory so that
 * /include/ finds its files.
 * @dt:  receives the tree; free it with rmem_dt_free()
 * @err: receives the problem, without the path
 * Returns 0 and *@dt; -ENOENT, -EACCES, -EISDIR, -EIO, ... (the file cannot
 * be opened or read: errno); -EFBIG (over RMEM_DT_MAX_FILE bytes); -EINVAL
 * (@path or @dt NULL; the file empty, not a device tree, its header
 * truncated, fdt_check_full() fails, totalsize beyond the file, or dtc
 * rejects the source: @err then carries dtc's first error line); -ENOEXEC
 * (dtc is not installed or cannot be run); -ENOMEM.  On failure *@dt is
 * NULL (when @dt is not).
 */
RMEM_API
int rmem_dt_load_file(const char *path, struct rmem_dt **dt, char *err, size_t errlen);

/**
 * rmem_dt_load_mem() - the same on @size bytes at @data (copied): a DTB, or
 * DTS text, given to dtc on its standard input (so /include/ finds only
 * absolute paths).
 * Returns as rmem_dt_load_file(), without the errno codes of reading a
 * file: 0 and *@dt; -EFBIG; -EINVAL (also @data NULL with a non-zero @size);
 * -ENOEXEC; -ENOMEM.
 */
RMEM_API
int rmem_dt_load_mem(const void *data, size_t size, struct rmem_dt **dt, char *err,
		     size_t errlen);

/** rmem_dt_blob() - the DTB, valid until rmem_dt_free(); cannot fail. */
RMEM_API
const void *rmem_dt_blob(const struct rmem_dt *dt);

/** rmem_dt_size() - its size in bytes (at least its totalsize); cannot fail. */
RMEM_API
size_t rmem_dt_size(const struct rmem_dt *dt);

/** rmem_dt_free() - free @dt; NULL is ignored. */
RMEM_API
void rmem_dt_free(struct rmem_dt *dt);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_DT_H */
