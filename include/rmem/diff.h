/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem diff: what changes between two booted machines, A and B (two
 * kernels, command lines, .configs, device trees or overlays): each
 * /reserved-memory region matched by its node's path, the default CMA area,
 * CmaTotal, the kernel's errors, and the reserved-memory lines the kernels
 * print (those `rmem plan --format log` shows) as an edit script of
 * minimal length.  And, for `rmem sim --diff`, the events of one trace
 * whose results differ between two replays.
 *
 * A diff points into the contexts (reasons, log lines) and the replays it
 * was made from: they must outlive it.
 */
#ifndef RMEM_DIFF_H
#define RMEM_DIFF_H

#include <rmem/api.h>
#include <rmem/ctx.h>
#include <rmem/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What changed about one region, as flags: a region may move and grow. */
enum rmem_diff_change {
	RMEM_DIFF_ONLY_A = 1u << 0,		/* no node of that path in B */
	RMEM_DIFF_ONLY_B = 1u << 1,
	RMEM_DIFF_MOVED = 1u << 2,		/* placed on both sides, at other bases */
	RMEM_DIFF_RESIZED = 1u << 3,
	RMEM_DIFF_NEWLY_FAILING = 1u << 4,	/* it worked in A, not in B */
	RMEM_DIFF_NEWLY_SUCCEEDING = 1u << 5,
	RMEM_DIFF_OUTCOME = 1u << 6,		/* another change of what became of it: state, handler */
};

/* A region on one side. */
struct rmem_diff_side {
	bool present;			/* the side has a node of that path */
	bool placed;			/* it is in memory: base and size mean something */
	bool ok;			/* reserved, or a handler took it; not a failure */
	rmem_phys_t base;
	rmem_phys_t size;
	const char *state;		/* rmem_rmem_state_name(), "failed" for a refused reg */
	const char *handler;		/* "cma", "dma", ...; NULL: none took it */
	const char *reason;		/* what happened, in words; "" for a plain success */
};

struct rmem_diff_region {
	char *path;			/* "/reserved-memory/cma@64000000" */
	unsigned int changes;		/* enum rmem_diff_change; 0: unchanged */
	struct rmem_diff_side a, b;
};

/* The default CMA area (cma= or the kernel's config) on one side. */
struct rmem_diff_cma {
	bool present;
	rmem_phys_t base;
	rmem_phys_t size;
};

/* One line of an edit script: ' ' in both, '-' in A only, '+' in B only. */
struct rmem_diff_line {
	char op;
	const char *text;
};

struct rmem_diff {
	const char *kernel[2];		/* the profiles' names, A then B */
	struct rmem_diff_region *regions;	/* in A's node order, then B's new ones */
	size_t nr_regions;
	struct rmem_diff_cma default_cma[2];
	uint64_t cma_total_kb[2];	/* CmaTotal */
	size_t kernel_errors[2];	/* rmem_report_kernel_errors() */
	const char *crash[2];		/* why the kernel crashes; NULL: it does not */
	/* the kernel's error lines (KERN_ERR or worse) lost ('-') and gained ('+') */
	struct rmem_diff_line *errors;
	size_t nr_errors;
	/* the shown reserved-memory lines (rmem_log_shown()) of A, turned into B's */
	struct rmem_diff_line *log;
	size_t nr_log;
	bool layout_differs;		/* a region, the default area, CmaTotal */
	bool outcome_differs;		/* the errors or the crash */
	bool log_differs;
};

/**
 * rmem_diff_compare() - compare the machines @a and @b, each booted
 * (rmem_plan_boot()), and both to outlive the result.
 * Returns 0 and *@out (free it with rmem_diff_free()); -EINVAL when either
 * has not booted; -ENOMEM, also when either log lost lines for want of
 * memory (a diff of a partial log would lie).
 */
RMEM_API
int rmem_diff_compare(struct rmem_ctx *a, struct rmem_ctx *b, struct rmem_diff **out);

RMEM_API
void rmem_diff_free(struct rmem_diff *d);

/**
 * rmem_diff_differs() - what `rmem diff` exits 1 on: a region, the default
 * CMA area or CmaTotal differs, or (unless @ignore_log) the kernel's errors,
 * its crash or its reserved-memory lines do.
 */
RMEM_API
bool rmem_diff_differs(const struct rmem_diff *d, bool ignore_log);

/** rmem_diff_changes() - how many regions changed. */
RMEM_API
size_t rmem_diff_changes(const struct rmem_diff *d);

/**
 * rmem_diff_lines() - the edit script of minimal length that turns the
 * @na lines @a into the @nb lines @b: a longest common subsequence kept,
 * the rest removed from @a or added from @b, a change's removals before its
 * additions, as diff(1) shows them.  Past 2^24 pairs of lines between the
 * common head and tail, the middle is removed, then added: a correct
 * script, if not the shortest.
 * Returns 0 and *@out, *@nr (free(*@out)); -ENOMEM.
 */
RMEM_API
int rmem_diff_lines(const char *const *a, size_t na, const char *const *b, size_t nb,
		    struct rmem_diff_line **out, size_t *nr);

/* An event of one trace whose results differ between two replays. */
struct rmem_sim_diff_event {
	const struct rmem_sim_event *ev;
	size_t index;			/* the event's, for rmem_sim_result_format() */
	const struct rmem_sim_result *a, *b;
};

/**
 * rmem_sim_diff() - the events whose results differ between @a and @b,
 * two replays (rmem_sim_run()) of the same trace: the error, or the
 * result in words (rmem_sim_result_format(): where the buffer landed and
 * who gave it).
 * Returns 0 and *@out, *@nr, in trace order (free(*@out)); -EINVAL when
 * the replays are of traces of different lengths; -ENOMEM.
 */
RMEM_API
int rmem_sim_diff(const struct rmem_sim *a, const struct rmem_sim *b,
		  struct rmem_sim_diff_event **out, size_t *nr);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_DIFF_H */
