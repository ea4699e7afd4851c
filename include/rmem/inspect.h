/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem inspect: a running system (or a snapshot of its files) set beside
 * the plan rmem makes from what that system booted with: the DTB the
 * kernel received, its command line, its version and config.  Every
 * reserved region and CMA area, and every reserved-memory/CMA line of the
 * kernel's log, predicted against what the system shows, with the
 * differences explained where rmem can tell why (docs/inspect.md).
 *
 * A snapshot is the system's files laid out as on the system under a
 * directory, or the same tree in a tar archive (rmem snapshot, and the
 * POSIX-sh rmem-snapshot script, write them).
 */
#ifndef RMEM_INSPECT_H
#define RMEM_INSPECT_H

#include <stdio.h>

#include <rmem/api.h>
#include <rmem/ctx.h>
#include <rmem/plan.h>
#include <rmem/report.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rmem_snapshot;

/**
 * rmem_snapshot_open() - read @path: a directory laid out as the system
 * ("/" is the running system, its log read from /dev/kmsg when there is no
 * /dmesg file), or a tar archive (compressed or not) of such a tree.
 * Files that cannot be read are recorded (rmem_snapshot_problem()), not
 * fatal.  Returns 0; -ENOENT, -EACCES, ... when @path itself cannot be
 * read, -EINVAL when it is neither a directory nor an archive (@err says
 * why); -ENOMEM.
 */
RMEM_API
int rmem_snapshot_open(const char *path, struct rmem_snapshot **out, char *err, size_t errlen);
RMEM_API
void rmem_snapshot_free(struct rmem_snapshot *s);

/** The file at @rel ("proc/cmdline"), NUL-terminated; NULL when the snapshot lacks it. */
RMEM_API
const char *rmem_snapshot_file(const struct rmem_snapshot *s, const char *rel, size_t *size);
/** The i-th file's path in the snapshot, or NULL past the end. */
RMEM_API
const char *rmem_snapshot_path_at(const struct rmem_snapshot *s, size_t i);
/** The i-th "PATH: REASON" of what could not be read, or NULL past the end. */
RMEM_API
const char *rmem_snapshot_problem(const struct rmem_snapshot *s, size_t i);

/**
 * rmem_snapshot_write() - the snapshot's files, and its problems as
 * snapshot-errors, under the directory @path (made if missing), or into
 * the tar archive @path (".tar", or ".tar.gz"/".tgz" compressed).
 * Returns 0 or a negative errno (@err names the file).
 */
RMEM_API
int rmem_snapshot_write(const struct rmem_snapshot *s, const char *path, char *err,
			size_t errlen);

/* A predicted or printed kernel line and its fate. */
enum rmem_inspect_line_state {
	RMEM_INSPECT_LINE_MATCH,	/* printed as predicted */
	RMEM_INSPECT_LINE_DIFFERENT,	/* printed otherwise: see printed */
	RMEM_INSPECT_LINE_MISSING,	/* predicted, not printed */
	RMEM_INSPECT_LINE_UNEXPECTED,	/* printed, not predicted */
};

#define RMEM_INSPECT_TEXT 256
#define RMEM_INSPECT_MAX 128

struct rmem_inspect_line {
	enum rmem_inspect_line_state state;
	char predicted[RMEM_INSPECT_TEXT];
	char printed[RMEM_INSPECT_TEXT];
};

/* A reserved region or CMA area: what the plan says, what the system shows. */
struct rmem_inspect_region {
	char name[64];
	char kind[16];			/* "cma", "dma-pool", "reserved", "no-map", "failed" */
	bool predicted;			/* in the plan */
	rmem_phys_t base, size;
	bool printed;			/* the kernel's log placed it */
	rmem_phys_t actual_base, actual_size;
	/* where the system shows it: "memblock.reserved", "iomem no-map", ... ("" unseen) */
	char seen[64];
	bool drift;
	char why[RMEM_INSPECT_TEXT];
};

/* A CMA area as the system shows it now (sysfs, debugfs). */
struct rmem_inspect_cma {
	char name[64];
	bool has_debugfs, has_sysfs;
	uint64_t base_pfn, count, used, maxchunk;
	unsigned int order_per_bit;
	bool has_bitmap;
	char largest_free[64];		/* from the bitmap: "PAGES@BIT (pfn N)", the kernel's extent form */
	uint64_t alloc_pages_success, alloc_pages_fail, release_pages_success;
	bool has_release;
	bool has_pages;			/* sysfs total_pages, available_pages (newer kernels) */
	uint64_t total_pages, available_pages;
};

/*
 * A CMA allocation the kernel's log reports failed (cma_alloc()'s "alloc
 * failed" record and the area's free extents after it): what the area
 * looked like then, not its layout, so never a line to judge.
 */
struct rmem_inspect_cma_failure {
	char area[64];
	uint64_t req_pages;
	int ret;
	bool has_free;			/* "=> FREE free of TOTAL total pages" read */
	uint64_t free_pages, total_pages;
	char extents[RMEM_INSPECT_TEXT];	/* the free extents as printed: "PAGES@BIT+..." */
	char largest[48];		/* the largest of them, "PAGES@BIT"; "" none */
};

/*
 * A device the DTB gives a reserved region (an entry of its memory-region
 * property), and the device the system made of its node and the driver
 * bound to that: which devices use which region.
 */
struct rmem_inspect_binding {
	char node[128];			/* the consumer's DT path */
	unsigned int index;		/* its memory-region entry */
	char region[64];		/* the /reserved-memory child's name; "" none */
	bool disabled;			/* its status is neither "okay" nor "ok" */
	char device[96];		/* "BUS/NAME" in sysfs; "" when none has the node */
	char driver[64];		/* the driver bound to it; "" unbound */
};

struct rmem_inspect_options {
	const char *profile;		/* NULL: chosen from the system */
	bool follow_bootargs;		/* plan with /chosen/bootargs, not /proc/cmdline */
};

struct rmem_inspect {
	char profile[64];
	char profile_why[RMEM_INSPECT_TEXT];
	bool modelled;			/* a profile models this kernel */
	char osrelease[96];
	char arch[32];
	char cmdline[4096];		/* /proc/cmdline */
	char bootargs[4096];		/* /chosen/bootargs (its first 4095 characters) */
	bool cmdline_drift;
	const char *followed;		/* "/proc/cmdline" or "/chosen/bootargs" */
	struct rmem_reservation reserve[8];
	char reserve_what[8][96];	/* what each is and where it came from */
	size_t nr_reserve;
	bool fdt_addr_set;
	rmem_phys_t fdt_addr;
	char fdt_from[96];
	/* problems: a file missing, unreadable, truncated; the snapshot's own */
	char problems[RMEM_INSPECT_MAX][RMEM_INSPECT_TEXT];
	size_t nr_problems;
	struct rmem_inspect_line lines[RMEM_INSPECT_MAX];
	size_t nr_lines;
	struct rmem_inspect_region regions[RMEM_INSPECT_MAX];
	size_t nr_regions;
	struct rmem_inspect_cma cma[32];
	size_t nr_cma;
	struct rmem_inspect_cma_failure cma_failures[16];	/* the first 16 the log reports */
	size_t nr_cma_failures;
	bool has_meminfo_cma;
	uint64_t cma_total_kib, cma_free_kib;	/* /proc/meminfo */
	uint64_t predicted_cma_kib;
	bool has_log;
	struct rmem_inspect_binding bindings[RMEM_INSPECT_MAX];
	size_t nr_bindings;
	bool has_devices;		/* the snapshot's "devices" (sysfs's of_node, driver links) */
	/* every difference, in words */
	char drift[RMEM_INSPECT_MAX][RMEM_INSPECT_TEXT];
	size_t nr_drift;
	struct rmem_ctx *ctx;		/* the plan; NULL when none could be made */
};

/**
 * rmem_inspect_run() - choose the profile, plan, compare.
 * Returns 0 (with @out filled; a system rmem cannot plan is a problem in
 * it, not an error), -ENOENT when the snapshot has no DTB or no kernel
 * release (nothing to plan from), -EINVAL (@opt->profile unknown), -ENOMEM.
 * Free with rmem_inspect_free().
 */
RMEM_API
int rmem_inspect_run(const struct rmem_snapshot *s, const struct rmem_inspect_options *opt,
		     struct rmem_inspect **out);
RMEM_API
void rmem_inspect_free(struct rmem_inspect *in);

/** The JSON report's "schema" (docs/inspect.md). */
#define RMEM_INSPECT_SCHEMA 1

/**
 * rmem_report_inspect() - the inspection in RMEM_REPORT_TEXT or
 * RMEM_REPORT_JSON.
 * Returns 0; -EINVAL (another format); -EIO; -ENOMEM.
 */
RMEM_API
int rmem_report_inspect(const struct rmem_inspect *in, enum rmem_report_format format,
			FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_INSPECT_H */
