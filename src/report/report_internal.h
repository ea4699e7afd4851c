/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef RMEM_REPORT_INTERNAL_H
#define RMEM_REPORT_INTERNAL_H

#include <stdio.h>

#include <jansson.h>

#include <rmem/check.h>
#include <rmem/ctx.h>
#include <rmem/report.h>

/* The JSON report's "schema" of rmem check (docs/check.md): raised as the plan's is. */
#define RMEM_REPORT_CHECK_SCHEMA 1

int rmem_report_text(struct rmem_ctx *ctx, FILE *out);
/* the plan's JSON; with @check (not NULL) its "findings" list */
int rmem_report_json(struct rmem_ctx *ctx, const struct rmem_check *check, FILE *out);
int rmem_report_svg(struct rmem_ctx *ctx, FILE *out);
/* rmem diff's SVG: the maps of @a and @b side by side, @d's moved regions linked */
int rmem_report_svg_diff(const struct rmem_diff *d, struct rmem_ctx *a, struct rmem_ctx *b,
			 const struct rmem_report_diff_options *opt, FILE *out);

/* @ret, or -EIO when @out (flushed) reports an error: the end of every report */
int rmem_report_flushed(FILE *out, int ret);
/* writes @root (stolen; NULL: -ENOMEM) as the JSON reports are written */
int rmem_report_json_dump(json_t *root, FILE *out);

/* json.c's builders, each a new reference or NULL (docs/plan-json.md) */
json_t *rmem_report_jstr(const char *s);
json_t *rmem_report_jnum(uint64_t v);
json_t *rmem_report_kernel_json(const struct rmem_ctx *ctx);
/* Appends @v (stolen); false when @v is NULL or the append fails. */
bool rmem_report_jpush(json_t *array, json_t *v);
/* svg.c: 1 GiB, 256 MiB, 1.5 MiB, 4 KiB, 512 B */
void rmem_report_fmt_size(char *buf, size_t len, uint64_t size);
/* findings.c: @check's findings as a JSON array */
json_t *rmem_report_findings_json(const struct rmem_check *check);

struct rmem_sim;
struct rmem_sim_capture;
struct rmem_sim_result;
/* sim_capture.c: --ftrace's "board" of event @i (result @r), and the "capture" member */
json_t *rmem_report_sim_board_json(const struct rmem_sim_capture *c, size_t i,
				   const struct rmem_sim_result *r);
json_t *rmem_report_sim_capture_json(const struct rmem_sim *sim, const struct rmem_sim_capture *c);

#endif /* RMEM_REPORT_INTERNAL_H */
