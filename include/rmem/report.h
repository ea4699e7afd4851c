/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What `rmem plan` shows of a booted context, in four formats:
 *   log   the kernel's own lines about reserved memory and CMA, verbatim
 *   text  a table of regions, one line each, its columns as wide as their
 *         content (docs/plan-text.md), and totals
 *   json  the same data for programs (schema: docs/plan-json.md)
 *   svg   a memory map drawn to scale
 */
#ifndef RMEM_REPORT_H
#define RMEM_REPORT_H

#include <stdio.h>

#include <rmem/api.h>
#include <rmem/check.h>
#include <rmem/ctx.h>
#include <rmem/diff.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_report_format {
	RMEM_REPORT_TEXT,
	RMEM_REPORT_LOG,
	RMEM_REPORT_JSON,
	RMEM_REPORT_SVG,
};

/** rmem_report_format_parse() - "text", "log", "json", "svg". Returns 0 or -EINVAL. */
RMEM_API
int rmem_report_format_parse(const char *name, enum rmem_report_format *format);

/**
 * rmem_report_write() - write @ctx's plan to @out.
 * Returns 0; -EIO when @out reports an error; -ENOMEM (also when the
 * context's log lost lines for want of memory); -EINVAL (unknown format).
 */
RMEM_API
int rmem_report_write(struct rmem_ctx *ctx, enum rmem_report_format format, FILE *out);

/**
 * rmem_report_write_with() - rmem_report_write() with rmem check's
 * findings (rmem plan --lint): @check, unless NULL, fills the json
 * format's "findings" list (null without); the other formats are the same.
 * Returns as rmem_report_write().
 */
RMEM_API
int rmem_report_write_with(struct rmem_ctx *ctx, enum rmem_report_format format,
			   const struct rmem_check *check, FILE *out);

/**
 * rmem_report_check() - rmem check's report of @check on @ctx in @format:
 * text (the kernel's error lines, then each finding: its severity, message
 * and id, the nodes and ranges, what to change; then the counts) or json
 * (docs/check.md).
 * Returns 0; -EINVAL (another format); -EIO; -ENOMEM.
 */
RMEM_API
int rmem_report_check(struct rmem_ctx *ctx, const struct rmem_check *check,
		      enum rmem_report_format format, FILE *out);

/**
 * rmem_report_finding_line() - @f on one line, as `rmem plan --lint` prints
 * it on standard error: "SEVERITY: MESSAGE (NODES); fix: FIX [-W ID]".
 * Returns 0 or -EIO.
 */
RMEM_API
int rmem_report_finding_line(const struct rmem_finding *f, FILE *out);

/**
 * rmem_report_is_log_line() - whether a kernel line belongs to the `log`
 * format: its text begins with "Reserved memory: ", "OF: reserved mem: "
 * or "cma: ", or it is one of drivers/of/fdt.c's reserved-memory lines
 * ("OF: fdt: Reserved memory: ...").
 */
RMEM_API
bool rmem_report_is_log_line(const char *text);

/** rmem_report_kernel_errors() - kernel lines at KERN_ERR or worse, and a crash counts one. */
RMEM_API
size_t rmem_report_kernel_errors(const struct rmem_ctx *ctx);

/* How `rmem diff` reports a comparison. */
struct rmem_report_diff_options {
	const char *label[2];		/* what A and B are, in words: "arm64-6.12 board.dtb" */
	bool ignore_log;		/* leave out the kernel's lines and errors (--ignore-log) */
};

/**
 * rmem_report_diff() - @d, the comparison of @a and @b, in @format: text
 * (the changes, then a one-line summary), json (docs/diff.md) or svg (the
 * two memory maps side by side, the moved regions linked).  Only the svg
 * format reads @a and @b; the others take NULL.
 * Returns 0; -EINVAL (the log format, or @opt NULL); -EIO; -ENOMEM.
 */
RMEM_API
int rmem_report_diff(const struct rmem_diff *d, struct rmem_ctx *a, struct rmem_ctx *b,
		     enum rmem_report_format format, const struct rmem_report_diff_options *opt,
		     FILE *out);

/**
 * rmem_report_sim_diff() - the @nr events @ev whose results differ between
 * two replays @a and @b of a trace (rmem_sim_diff()), in @format: text
 * (each event's line, then A's and B's result) or json (docs/diff.md).
 * Returns 0; -EINVAL (another format); -EIO; -ENOMEM.
 */
RMEM_API
int rmem_report_sim_diff(const struct rmem_sim *a, const struct rmem_sim *b,
			 const struct rmem_sim_diff_event *ev, size_t nr,
			 enum rmem_report_format format,
			 const struct rmem_report_diff_options *opt, FILE *out);

/**
 * rmem_report_sim_text() - rmem sim's results and usage after
 * rmem_sim_run(), for people (docs/sim.md); with a capture set
 * (rmem_sim_set_capture()), then its notes ("CAPTURE:LINE: reason"), each
 * allocation with the board's address beside the model's, "DRIFT" where
 * they differ, and how many drifted.
 * Returns 0; -EIO when writing failed.
 */
RMEM_API
int rmem_report_sim_text(const struct rmem_sim *sim, FILE *out);

/**
 * rmem_report_sim_json() - rmem sim's results and usage after
 * rmem_sim_run() as JSON (schema: docs/sim-json.md), streamed to @out
 * event by event: on an error, what was written is not whole JSON.
 * Returns 0; -ENOMEM; -EIO when @out (flushed) reports an error.
 */
RMEM_API
int rmem_report_sim_json(const struct rmem_sim *sim, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_REPORT_H */
