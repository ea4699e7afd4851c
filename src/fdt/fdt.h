/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flattened device tree as the kernel reads it before it unflattens it
 * (drivers/of/fdt.c): libfdt underneath, the kernel's of_*_flat_dt helpers
 * and early scans on top.
 *
 * Two kinds of failure, never mixed: a file rmem cannot read, or a blob
 * that is not a valid device tree (fdt_check_full() fails), is an input
 * error with a message for the user (rmem_fdt_load_*); anything inside a
 * valid tree is the kernel's to interpret, and these helpers interpret it
 * exactly as the kernel does, odd values included.  The one exception is
 * a value that would hang or crash the kernel (root cells that make
 * early_init_dt_scan_memory() loop forever or read out of bounds): rmem
 * refuses it with -EINVAL and an RMEM_LOG_ADVICE line, and does nothing.
 *
 * The kernel reads properties without looking at their length in places
 * (be32_to_cpup() of #size-cells, strcmp() of status, strlen() over a
 * compatible list): a short or unterminated property then runs on into the
 * bytes that follow it in the blob.  rmem_fdt_be32() and rmem_fdt_strlen()
 * read those same bytes, so rmem sees the values the kernel would; a tree
 * fdt_check_full() accepted always has them (the FDT_END token at least).
 */
#ifndef RMEM_FDT_FDT_H
#define RMEM_FDT_FDT_H

#include <rmem/dt.h>
#include <rmem/log.h>
#include <rmem/profile.h>

struct rmem_fdt {
	const void *blob;	/* a tree fdt_check_full() accepted */
	size_t size;		/* bytes of the file (>= fdt_totalsize()) */
	void *owned;		/* what rmem_fdt_release() frees */
	/* early_init_dt_scan_root(): the root's #address-cells/#size-cells */
	int root_addr_cells;	/* dt_root_addr_cells */
	int root_size_cells;	/* dt_root_size_cells */
};

/**
 * rmem_fdt_load_file() - read @path: a DTB, or a DTS (by its "/dts-v1/"
 * start after an optional BOM, blanks and comments, whatever its name)
 * compiled by running dtc from $PATH, with -i for @path's directory so that
 * /include/ finds its files.  Then early_init_dt_scan_root() of every
 * version: #address-cells and #size-cells of / (1 and 1 when absent, as
 * OF_ROOT_NODE_*_CELLS_DEFAULT in drivers/of/of_private.h; the first four
 * bytes of the property whatever its length, as be32_to_cpup() reads them).
 * @err: receives one line for the user naming the problem, without the path
 * Returns 0; -ENOENT, -EACCES, -EISDIR (the file cannot be opened or read:
 * errno); -EFBIG (over RMEM_FDT_MAX_FILE bytes); -EINVAL (empty, not a
 * device tree, header truncated, fdt_check_full() fails, totalsize beyond
 * the file, dtc rejects the source: @err carries dtc's first error line,
 * or dtc died); -ENOEXEC (dtc is not installed or cannot be run); -ENOMEM.
 * On failure @fdt is left empty (rmem_fdt_release() is harmless).
 */
int rmem_fdt_load_file(struct rmem_fdt *fdt, const char *path, char *err, size_t errlen);

/**
 * rmem_fdt_load_blob() - the same on @size bytes in memory (copied): a DTB
 * or DTS text (compiled from dtc's standard input, so /include/ finds only
 * absolute paths).  Returns as rmem_fdt_load_file(), without the errno
 * codes of opening a file.
 */
int rmem_fdt_load_blob(struct rmem_fdt *fdt, const void *blob, size_t size,
		       char *err, size_t errlen);

void rmem_fdt_release(struct rmem_fdt *fdt);

/* Where a tree comes from, and how the kernel's build would compile it. */
struct rmem_fdt_source {
	const char *path;		/* a file or directory; "-" or NULL: none */
	enum { RMEM_FDT_SOURCE_DTS, RMEM_FDT_SOURCE_FS } format;
	const char *const *include_dirs; /* cpp -I and dtc -i, after the source's own */
	size_t nr_include_dirs;
	bool symbols;			/* dtc -@: labels kept for overlays */
	bool plain_file;		/* @path is a file, whatever its name */
};

/**
 * rmem_fdt_load() - rmem_fdt_load_file() as the kernel's build reads a
 * source: @src->path "-" is standard input; a directory is read as dtc's
 * "-I fs" reads /proc/device-tree; a DTS with preprocessor directives
 * (#include <dt-bindings/...>) goes through rmem_fdt_cpp() first; dtc and
 * cpp search @src's include directories after the source's own; with
 * @src->symbols dtc keeps labels (-@) for overlays.
 * Returns as rmem_fdt_load_file(); cpp's failures as dtc's (-EINVAL with
 * "cpp: " and its first message line, -ENOEXEC).
 */
int rmem_fdt_load(struct rmem_fdt *fdt, const struct rmem_fdt_source *src, char *err,
		  size_t errlen);

/*
 * rmem_fdt_accept_dtb() - take @buf (malloc'd, @size bytes) as @fdt's tree
 * once it passes the checks a loaded DTB passes; frees @buf otherwise.
 * Returns 0 or -EINVAL (@err says why).
 */
int rmem_fdt_accept_dtb(struct rmem_fdt *fdt, void *buf, size_t size, char *err,
			size_t errlen);

/**
 * rmem_fdt_apply_overlay() - apply @overlay (a tree with fragments, as
 * dtc compiles a /plugin/ source) to @fdt with libfdt's
 * fdt_overlay_apply(), as U-Boot's "fdt apply" does; the result is packed.
 * Returns 0; -EINVAL (not an overlay, or libfdt refused it: @err names
 * libfdt's error and its likely cause); -EFBIG (the result would pass
 * RMEM_FDT_MAX_FILE); -ENOMEM.  On failure @fdt is unchanged.
 */
int rmem_fdt_apply_overlay(struct rmem_fdt *fdt, const struct rmem_fdt *overlay, char *err,
			   size_t errlen);

/**
 * rmem_fdt_set_memory() - U-Boot's memory fixup (fdt_fixup_memory_banks()):
 * the first child of the root named "memory" (with or without a unit
 * address), or a new /memory, gets device_type = "memory" and a reg
 * listing @banks in the root's #address-cells and #size-cells as libfdt
 * reads them (2 and 1 when absent); other memory nodes stay, as U-Boot leaves
 * them.
 * Returns 0; -EINVAL (no bank or more than RMEM_DT_MAX_BANKS; cells other
 * than 1 or 2, or a value one cell cannot hold, which U-Boot would write
 * wrong: @err says which); -EFBIG; -ENOMEM.  On failure @fdt is unchanged.
 */
int rmem_fdt_set_memory(struct rmem_fdt *fdt, const struct rmem_dt_bank *banks, size_t n,
			char *err, size_t errlen);

/*
 * rmem_fdt_cpp() - the C preprocessor as the kernel's build runs it on a
 * DTS (-nostdinc -undef -D__DTS__ -x assembler-with-cpp), on @len bytes of
 * @text, with -I for @src's directory and include directories.  *@out
 * (malloc'd, NUL-terminated) receives the result.  Returns 0; -EINVAL (cpp
 * failed: @err gets "cpp: " and its first message line); -ENOEXEC; -EFBIG;
 * -ENOMEM; -errno of the temporary files.
 */
int rmem_fdt_cpp(const struct rmem_fdt_source *src, const void *text, size_t len, char **out,
		 size_t *out_len, char *err, size_t errlen);

/*
 * rmem_fdt_dtc_compile() - run "dtc -I dts -O dtb" (-I fs for a directory)
 * on @len bytes of @text given on dtc's standard input, or when @text is
 * NULL on @src->path.  @src->path also gives -i its directory, and its file
 * name to dtc's messages.  For rmem_fdt_load_*(): *@dtb (malloc'd) and
 * *@dtb_size receive the output unchecked.  Returns 0; -EINVAL (dtc failed:
 * @err gets "dtc: " and its first message line); -ENOEXEC; -EFBIG; -ENOMEM;
 * -errno of the temporary files.
 */
int rmem_fdt_dtc_compile(const struct rmem_fdt_source *src, const void *text, size_t len,
			 void **dtb, size_t *dtb_size, char *err, size_t errlen);

#define RMEM_FDT_MAX_FILE (64u << 20)

/** rmem_fdt_seterr() - format an input error into @err (NULL or 0 length: dropped). */
void rmem_fdt_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** of_get_flat_dt_prop(): the property's value and length, or NULL. */
const void *rmem_fdt_getprop(const struct rmem_fdt *fdt, int node, const char *name, int *len);

/**
 * rmem_fdt_be32() - be32_to_cpup(@p): the four bytes at @p, even past the
 * end of a shorter property (within the blob; missing bytes read as 0).
 */
uint32_t rmem_fdt_be32(const struct rmem_fdt *fdt, const void *p);

/**
 * rmem_fdt_strlen() - strlen(@s) as the kernel computes it on a property
 * value: up to the first NUL, running past the property when it has none
 * (bounded by the end of the blob).
 */
size_t rmem_fdt_strlen(const struct rmem_fdt *fdt, const char *s);

/**
 * of_flat_dt_is_compatible() / of_fdt_is_compatible(): @compat is one of the
 * node's compatible strings.  of_compat_cmp() is strcasecmp() on arm and
 * arm64 in every version (include/linux/of.h), so case does not matter and
 * the whole string must match.
 */
bool rmem_fdt_is_compatible(const struct rmem_fdt *fdt, int node, const char *compat);

/** of_fdt_device_is_available(): no status, or "okay"/"ok" (case matters). */
bool rmem_fdt_device_is_available(const struct rmem_fdt *fdt, int node);

/** fdt_get_name() of @node ("" when it has none). */
const char *rmem_fdt_name(const struct rmem_fdt *fdt, int node);

/**
 * dt_mem_next_cell(): read @cells big-endian cells at *@cellp and advance.
 * Like of_read_number(), more than two cells keep only the low 64 bits.
 * @cells must be >= 0 (the kernel's loop runs away on a negative count).
 */
uint64_t rmem_fdt_next_cell(int cells, const void **cellp);

/** of_read_number() over @cells (>= 0) cells without advancing; 0 cells read 0. */
uint64_t rmem_fdt_read_number(const void *cell, int cells);

/*
 * early_init_dt_scan_memory() and early_init_dt_add_memory_arch(): each
 * device_type = "memory" node's linux,usable-memory or reg entries,
 * adjusted as the kernel adjusts them (page alignment, the arch's
 * MIN/MAX_MEMBLOCK_ADDR, its "OF: fdt: Ignoring memory ..." warnings), with
 * the kernel's pr_debug lines, in the kernel's order.
 *
 * Which nodes: 5.10 walks every node of the tree (of_scan_flat_dt()) and
 * ignores status; 6.1 and 6.12 look only at the children of / and skip the
 * ones whose status is not "okay"/"ok".
 *
 * @fn is called for each memblock_add() (RMEM_FDT_MEMORY_ADD, the adjusted
 * range) and, for a node with "hotpluggable", after it for each entry's
 * memblock_mark_hotplug() (RMEM_FDT_MEMORY_HOTPLUG, the entry as the tree
 * gives it, even when the add ignored it).  @fn returns what memblock
 * returned: the kernel ignores it for the add and logs "failed to mark
 * hotplug range" for a failed mark; the scan goes on either way, unless the
 * add returns -EFAULT: the kernel crashed in it (6.12's memblock panic), and
 * the scan ends there, returning -EFAULT.  On armhf
 * without LPAE the values are truncated to the 32-bit phys_addr_t the
 * kernel passes.
 *
 * @phys_offset: PHYS_OFFSET, arm's MIN_MEMBLOCK_ADDR (__pa(PAGE_OFFSET):
 * memory below it is dropped); arm64's MIN_MEMBLOCK_ADDR is 0 and
 * @phys_offset is ignored there.
 *
 * Returns 0; -EINVAL when the root's cells would make the kernel loop
 * forever or read out of bounds on a memory node that has a reg (negative
 * cells, or none at all): nothing is called then.
 */
enum rmem_fdt_memory_op {
	RMEM_FDT_MEMORY_ADD,		/* memblock_add(base, size) */
	RMEM_FDT_MEMORY_HOTPLUG,	/* memblock_mark_hotplug(base, size) */
};
typedef int (*rmem_fdt_memory_fn)(void *arg, enum rmem_fdt_memory_op op, uint64_t base,
				  uint64_t size);
int rmem_fdt_scan_memory(const struct rmem_fdt *fdt, const struct rmem_profile *p,
			 uint64_t phys_offset, struct rmem_log *log, rmem_fdt_memory_fn fn,
			 void *arg);

/*
 * early_init_dt_scan_chosen(): what the kernel takes from /chosen.
 * Which node: 5.10 takes the first node of depth 1 named exactly "chosen"
 * or "chosen@0" in tree order; 6.1 and 6.12 take fdt_path_offset("/chosen")
 * (the first child named "chosen" or "chosen@<anything>"), then "/chosen@0".
 */
struct rmem_fdt_chosen {
	int node;			/* the /chosen node's offset, or < 0 without one */
	/*
	 * bootargs as strscpy()/strlcpy() copies it with a count of its
	 * property length: up to its first NUL and at most length - 1 bytes
	 * (so an unterminated value loses its last byte).  Allocated; NULL
	 * without a bootargs property or with an empty one (the kernel leaves
	 * the command line alone then).  COMMAND_LINE_SIZE is not applied here:
	 * the command line parser does that.
	 */
	char *bootargs;
	/*
	 * linux,initrd-start/-end, each of_read_number() over its length / 4
	 * cells (4 or 8 bytes usually).  have_initrd: both present and, from
	 * 6.1, start <= end (5.10 takes any pair: phys_initrd_size wraps).
	 */
	bool have_initrd;
	uint64_t initrd_start, initrd_end;
};

/**
 * rmem_fdt_scan_chosen() - fill @chosen for the kernel @p, logging what
 * that kernel logs: 5.10's "No chosen node found, continuing without"
 * warning (6.1 and 6.12 never print it, their test is inverted), the
 * pr_debug lines of the initrd check and "Command line is: " with
 * bootargs (CONFIG_CMDLINE is taken as empty, as Debian builds it).  Not
 * logged: 5.10's per-node "search \"chosen\"" lines, 6.1's elfcorehdr lines.
 * Returns 0 (also without /chosen: chosen->node < 0); -ENOMEM.
 * Release with rmem_fdt_chosen_release().
 */
int rmem_fdt_scan_chosen(const struct rmem_fdt *fdt, const struct rmem_profile *p,
			 struct rmem_log *log, struct rmem_fdt_chosen *chosen);
void rmem_fdt_chosen_release(struct rmem_fdt_chosen *chosen);

/*
 * The /memreserve/ entries as early_init_fdt_scan_reserved_mem() reads them
 * with fdt_get_mem_rsv(): up to the first of size 0 (an entry of size 0
 * with a non-zero address ends the list too).
 */
size_t rmem_fdt_memreserve_count(const struct rmem_fdt *fdt);
/** Entry @i (< rmem_fdt_memreserve_count()). */
void rmem_fdt_memreserve(const struct rmem_fdt *fdt, size_t i, uint64_t *base, uint64_t *size);

/*
 * Devices that name reserved memory: every node with a "memory-region"
 * property (a list of phandles), as of_reserved_mem_device_init_by_idx()
 * and _by_name() read them later, when the device probes.
 */
#define RMEM_FDT_MAX_DEVICE_REGIONS 16

/*
 * unflatten_dt_nodes() skips (WARN_ON_ONCE) every node at depth
 * FDT_MAX_DEPTH - 1 = 63 or more, the root being depth 0 (5.10 fdt.c:318,
 * 6.1 :316, 6.12 :301): such a node never becomes a device_node.
 */
#define RMEM_OF_MAX_DEPTH 63

struct rmem_fdt_device {
	int node;			/* the device's offset */
	int depth;			/* the root's children are 1 */
	const char *name;		/* its node name */
	unsigned int nr_regions;	/* memory-region entries (at most the maximum above) */
	uint32_t phandle[RMEM_FDT_MAX_DEVICE_REGIONS];
	int target[RMEM_FDT_MAX_DEVICE_REGIONS];	/* the node a phandle names; < 0: none */
	const char *region_name[RMEM_FDT_MAX_DEVICE_REGIONS];	/* memory-region-names, or NULL */
};

/**
 * rmem_fdt_for_each_device() - call @fn for each device with memory-region,
 * in tree order; a non-zero return stops the walk and is returned.
 * Entries past RMEM_FDT_MAX_DEVICE_REGIONS are not reported.  Returns 0,
 * @fn's non-zero value, or -ENOMEM (the table of phandles the walk builds
 * first, so that a tree of n devices costs n log n, not n²).
 */
int rmem_fdt_for_each_device(const struct rmem_fdt *fdt,
			     int (*fn)(void *arg, const struct rmem_fdt_device *dev), void *arg);

/**
 * rmem_fdt_match_string() - of_property_match_string(): the index of @string
 * in the string list @prop of @node.
 * Returns the index; -EINVAL (no such property), -ENODATA (not found, as the
 * kernel's loop ends), -EILSEQ (the list is not NUL-terminated).
 */
int rmem_fdt_match_string(const struct rmem_fdt *fdt, int node, const char *prop,
			  const char *string);

/**
 * rmem_fdt_check_full() - fdt_check_full() on @size bytes at @buf, without
 * libfdt 1.6.1's crash on an old-version blob whose root node has a name
 * fdt_get_name() refuses (src/fdt/check.c).
 * Returns 0, or fdt_check_full()'s negative FDT_ERR_* code.
 */
int rmem_fdt_check_full(const void *buf, size_t size);

#endif /* RMEM_FDT_FDT_H */
