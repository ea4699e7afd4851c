/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef RMEM_REPORT_INTERNAL_H
#define RMEM_REPORT_INTERNAL_H

#include <stdio.h>

#include <rmem/ctx.h>

int rmem_report_text(struct rmem_ctx *ctx, FILE *out);
int rmem_report_json(struct rmem_ctx *ctx, FILE *out);
int rmem_report_svg(struct rmem_ctx *ctx, FILE *out);

#endif /* RMEM_REPORT_INTERNAL_H */
