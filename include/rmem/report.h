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
#include <rmem/ctx.h>

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

#ifdef __cplusplus
}
#endif

#endif /* RMEM_REPORT_H */
