/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef RMEM_INSPECT_INTERNAL_H
#define RMEM_INSPECT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rmem/inspect.h>

struct rmem_snapshot_file {
	char *path;		/* from the root: "proc/cmdline" */
	char *data;		/* NUL-terminated (not counted in size) */
	size_t size;
};

struct rmem_snapshot {
	struct rmem_snapshot_file *files;
	size_t nr, cap;
	char **problems;	/* "PATH: REASON" */
	size_t nr_problems;
	bool live;		/* read from the running system */
};

/** A "PATH: REASON" line in the snapshot's problems. Returns 0 or -ENOMEM. */
int rmem_snapshot_note(struct rmem_snapshot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A range of the system's files: [start, end), and what iomem calls it. */
struct rmem_inspect_range {
	uint64_t start, end;
	int depth;		/* iomem's nesting: 0 top level */
	char name[48];
};

/**
 * rmem_inspect_parse_ranges() - /proc/iomem ("start-end : name", nested by
 * two spaces) or debugfs memblock ("N: 0xstart..0xend"), END inclusive in
 * both; into @r (at most @max).  Returns the count.
 */
size_t rmem_inspect_parse_ranges(const char *text, struct rmem_inspect_range *r, size_t max);
/**
 * The kernel's reserved-memory/CMA lines of a log: judged as the conformance
 * runner does, less the reports of failed CMA allocations, which go to
 * @in->cma_failures (@in NULL: dropped).
 */
size_t rmem_inspect_judged_lines(const char *log, char lines[][RMEM_INSPECT_TEXT], size_t max,
				 struct rmem_inspect *in);
/** A "Key:  N kB" value of /proc/meminfo; false when absent. */
bool rmem_inspect_meminfo(const char *text, const char *key, uint64_t *kib);
/** The profile for the system; fills in->profile, profile_why, modelled. Returns 0 or -errno. */
int rmem_inspect_choose_profile(const struct rmem_snapshot *s, const char *forced,
				struct rmem_inspect *in, struct rmem_profile *p);
/** Live CMA state from sysfs and debugfs. */
void rmem_inspect_live_cma(const struct rmem_snapshot *s, struct rmem_inspect *in);

/**
 * rmem_inspect_bindings() - every memory-region entry of @fdt's nodes, the
 * region it names, and the device and driver the snapshot's "devices"
 * file gives the node.
 */
void rmem_inspect_bindings(const struct rmem_snapshot *s, const void *fdt, struct rmem_inspect *in);
/**
 * rmem_snapshot_read_devices() - the "devices" file from @root's sysfs: a
 * "BUS/NAME<TAB>DT-PATH<TAB>DRIVER" line (DRIVER "-" when unbound) for
 * each device of /sys/bus/STAR/devices with an of_node.  Returns 0 (a
 * problem noted when @root has no sysfs) or -ENOMEM.
 */
int rmem_snapshot_read_devices(struct rmem_snapshot *s, const char *root);
/** Add @data (malloc'd, NUL-terminated, @size bytes) as the file @rel; freed on error. Returns 0 or -errno. */
int rmem_snapshot_add(struct rmem_snapshot *s, const char *rel, char *data, size_t size);
/** Close the open_memstream() @mem and add what it wrote (*@data, *@size) as @rel. */
int rmem_snapshot_add_stream(struct rmem_snapshot *s, const char *rel, FILE *mem, char **data,
			     size_t *size);

#endif /* RMEM_INSPECT_INTERNAL_H */
