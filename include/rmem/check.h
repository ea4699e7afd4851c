/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem check: rmem's own findings about a booted board, beside the
 * kernel's log.  The kernel says nothing about much that goes wrong with
 * reserved memory: overlaps its check does not compare, regions outside
 * RAM, CMA areas over no-map memory, devices whose memory-region names a
 * disabled node, pools a device cannot reach, the reserved-memory
 * bindings' rules.  Each rule has an id ("overlap-unreported"), short,
 * stable and kebab-case as dtc's checks are, and a severity; each finding
 * names the nodes and ranges involved and says, in one sentence, what to
 * change.  One finding per cause: regions that share one (no in-kernel
 * handler claims them) are one finding listing them all.
 *
 * What depends on the kernel (what its overlap check reports, its
 * MAX_RESERVED_REGIONS and MAX_CMA_AREAS, the CMA alignment) is read from
 * the booted context, so it is that of the context's profile.
 */
#ifndef RMEM_CHECK_H
#define RMEM_CHECK_H

#include <rmem/api.h>
#include <rmem/ctx.h>
#include <rmem/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_severity {
	RMEM_SEVERITY_ERROR,		/* something will not work as the tree says */
	RMEM_SEVERITY_WARNING,		/* probably not what was meant */
	RMEM_SEVERITY_INFO,		/* worth knowing; nothing may need to change */
};

/* One rule of rmem check. */
struct rmem_check_rule {
	const char *id;			/* "overlap-unreported": what -W names */
	enum rmem_severity severity;
	const char *summary;		/* what it finds, in one line */
};

/** rmem_check_rule_at() - the i-th rule, in docs/check.md's order; NULL past the end. */
RMEM_API
const struct rmem_check_rule *rmem_check_rule_at(size_t i);

/** rmem_check_rule_find() - the rule whose id is @id, or NULL. */
RMEM_API
const struct rmem_check_rule *rmem_check_rule_find(const char *id);

/** rmem_severity_name() - "error", "warning" or "info". */
RMEM_API
const char *rmem_severity_name(enum rmem_severity severity);

/* More rules than rmem has: the size of the selection below. */
#define RMEM_CHECK_MAX_RULES 64

struct rmem_check_options {
	/*
	 * The board as its DTB gives it, before the bootloader's memory
	 * fixup (rmem_dt_set_memory()) made the tree the context booted:
	 * memory-placeholder and memory-missing look there.  NULL: the
	 * context's tree is the board's own.
	 */
	const void *board;
	size_t board_size;
	/* the early reservations the boot was given (NULL: none) */
	const struct rmem_plan_options *plan;
	/* by rule index (rmem_check_rule_at()): left out */
	bool disabled[RMEM_CHECK_MAX_RULES];
};

/**
 * rmem_check_select() - dtc's -W: "ID" turns rule ID on, "no-ID" off;
 * "all" and "no-all" every rule.  Every rule is on in zeroed options.
 * Returns 0, or -ENOENT when no rule has that id.
 */
RMEM_API
int rmem_check_select(struct rmem_check_options *opt, const char *arg);

/* Something a finding is about: a node, an early reservation, a CMA area. */
struct rmem_finding_subject {
	/*
	 * a node's full path ("/reserved-memory/a@50000000"), or else what it
	 * is: "--reserve 0x40200000+0x2000000", "/memreserve/ entry 0", "CMA
	 * area reserved"
	 */
	char *what;
	int node;			/* its offset in the booted tree; -1 when it is no node */
	bool has_range;
	rmem_phys_t base;
	rmem_phys_t size;
};

struct rmem_finding {
	const struct rmem_check_rule *rule;
	char *message;			/* what is wrong and why it matters */
	char *fix;			/* one sentence: what to change */
	struct rmem_finding_subject *subjects;
	size_t nr_subjects;
};

/* The findings of one check; rmem_check_free() frees them. */
struct rmem_check;

/**
 * rmem_check_run() - apply the rules @opt selects (NULL: all) to @ctx,
 * which rmem_plan_boot() booted (for the device rules, with
 * rmem_plan_options.lint, or they say it twice).
 * @out: receives the findings, in rule order, then in device-tree order
 * Returns 0; -EINVAL (@ctx has not booted, or @opt->board is not a tree
 * rmem can read); -ENOMEM.
 */
RMEM_API
int rmem_check_run(struct rmem_ctx *ctx, const struct rmem_check_options *opt,
		   struct rmem_check **out);

RMEM_API
size_t rmem_check_count(const struct rmem_check *check);
/** The i-th finding; NULL past the end. */
RMEM_API
const struct rmem_finding *rmem_check_finding(const struct rmem_check *check, size_t i);
/** How many findings have @severity. */
RMEM_API
size_t rmem_check_count_severity(const struct rmem_check *check, enum rmem_severity severity);
/** rmem_check_free() - NULL is ignored. */
RMEM_API
void rmem_check_free(struct rmem_check *check);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_CHECK_H */
