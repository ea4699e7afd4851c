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

/* How a tree is read, as the kernel's build and the bootloader treat it. */
struct rmem_dt_options {
	/* where #include <...> and /include/ look after the source's own
	 * directory (cpp -I, dtc -i): the kernel source's include/ for
	 * <dt-bindings/...> */
	const char *const *include_dirs;
	size_t nr_include_dirs;
	/* keep labels as __symbols__ (dtc -@), so that overlays can refer to them */
	bool symbols;
};

/**
 * rmem_dt_load() - rmem_dt_load_file() with @opt (NULL: none), and as the
 * kernel's build reads a source: @path "-" is standard input; a directory
 * is read as dtc's "-I fs" reads /proc/device-tree; a DTS with
 * preprocessor directives (#include <dt-bindings/...>, #define) goes
 * through the C preprocessor first (cpp -nostdinc -undef -D__DTS__
 * -x assembler-with-cpp, as scripts/Makefile.lib runs it).
 * Returns as rmem_dt_load_file(); a failure of cpp as one of dtc (-EINVAL,
 * @err starting "cpp: " with its first message; -ENOEXEC when cpp is not
 * installed); -E2BIG is not returned: too many include directories is
 * -EINVAL.
 */
RMEM_API
int rmem_dt_load(const char *path, const struct rmem_dt_options *opt, struct rmem_dt **dt,
		 char *err, size_t errlen);

/**
 * rmem_dt_apply_overlay() - apply @overlay (a .dtbo, or a /plugin/ source
 * loaded like any tree) to @dt, as U-Boot's "fdt apply" does with libfdt's
 * fdt_overlay_apply(); the result is packed.  A base that the overlay
 * refers to by label needs its __symbols__ (load its source with
 * rmem_dt_options.symbols).
 * Returns 0; -EINVAL (@overlay is not an overlay or libfdt refused it:
 * @err names libfdt's error and its likely cause); -EFBIG (the result would
 * pass RMEM_DT_MAX_FILE); -ENOMEM.  On failure @dt is unchanged.
 */
RMEM_API
int rmem_dt_apply_overlay(struct rmem_dt *dt, const struct rmem_dt *overlay, char *err,
			  size_t errlen);

/* A bank of RAM: @size bytes from @base. */
struct rmem_dt_bank {
	uint64_t base;
	uint64_t size;
};

/** The most banks rmem_dt_set_memory() writes. */
#define RMEM_DT_MAX_BANKS 64

/**
 * rmem_dt_set_memory() - the RAM as U-Boot writes it
 * (fdt_fixup_memory_banks()): the first child of the root named "memory"
 * (with or without a unit address), or a new /memory, gets device_type =
 * "memory" and a reg listing @banks in the root's #address-cells and
 * #size-cells (2 and 1 when absent, as libfdt reads them).  Other memory nodes
 * stay, as U-Boot leaves them, and the kernel adds their RAM too.
 * Returns 0; -EINVAL (no bank or more than RMEM_DT_MAX_BANKS; root cells
 * other than 1 or 2, or a value one cell cannot hold, which U-Boot would
 * write wrong: @err says which); -EFBIG; -ENOMEM.  On failure @dt is
 * unchanged.
 */
RMEM_API
int rmem_dt_set_memory(struct rmem_dt *dt, const struct rmem_dt_bank *banks, size_t n,
		       char *err, size_t errlen);

/**
 * rmem_dt_has_memory() - whether a memory node (device_type = "memory")
 * of @dt lists a bank of non-zero size in its reg or linux,usable-memory,
 * read in the root's cells as the kernel reads them.  False for a board
 * whose bootloader writes the RAM (no memory node, or size-0
 * placeholders): give it with rmem_dt_set_memory().  Cannot fail.
 */
RMEM_API
bool rmem_dt_has_memory(const struct rmem_dt *dt);

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
