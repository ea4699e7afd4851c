// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report formats' table, and the `log` format: the kernel's lines.
 */
#include <errno.h>
#include <string.h>

#include <rmem/report.h>

#include "internal.h"
#include "report/report_internal.h"

static const char *const format_names[] = {
	[RMEM_REPORT_TEXT] = "text",
	[RMEM_REPORT_LOG] = "log",
	[RMEM_REPORT_JSON] = "json",
	[RMEM_REPORT_SVG] = "svg",
};

int rmem_report_format_parse(const char *name, enum rmem_report_format *format)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!strcmp(name, format_names[i])) {
			*format = (enum rmem_report_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

bool rmem_report_is_log_line(const char *text)
{
	static const char *const prefixes[] = {
		"Reserved memory: ", "OF: reserved mem: ", "cma: ", "OF: fdt: Reserved memory: ",
		"INITRD: ",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(text, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

size_t rmem_report_kernel_errors(const struct rmem_ctx *ctx)
{
	size_t n = 0;

	/* a message's further lines are the same error */
	for (size_t i = 0; i < ctx->log.nr; i++)
		n += !ctx->log.lines[i].cont && ctx->log.lines[i].level <= RMEM_LOG_ERR;
	return n + (rmem_crashed(ctx) != NULL);
}

/*
 * The kernel prints pr_debug() lines only with dynamic debug: leave them
 * out.  A message's further lines go with its first.
 */
static int write_log(struct rmem_ctx *ctx, FILE *out)
{
	bool keep = false;

	for (size_t i = 0; i < ctx->log.nr; i++) {
		const struct rmem_log_line *l = &ctx->log.lines[i];

		if (!l->cont)
			keep = l->level < RMEM_LOG_DEBUG && rmem_report_is_log_line(l->text);
		if (keep)
			fprintf(out, "%s\n", l->text);
	}
	return 0;
}

int rmem_report_write(struct rmem_ctx *ctx, enum rmem_report_format format, FILE *out)
{
	return rmem_report_write_with(ctx, format, NULL, out);
}

int rmem_report_write_with(struct rmem_ctx *ctx, enum rmem_report_format format,
			   const struct rmem_check *check, FILE *out)
{
	int ret;

	/* a log that lost lines would be reported as if whole */
	if (ctx->log.oom)
		return -ENOMEM;
	switch (format) {
	case RMEM_REPORT_LOG:
		ret = write_log(ctx, out);
		break;
	case RMEM_REPORT_TEXT:
		ret = rmem_report_text(ctx, out);
		break;
	case RMEM_REPORT_JSON:
		ret = rmem_report_json(ctx, check, out);
		break;
	case RMEM_REPORT_SVG:
		ret = rmem_report_svg(ctx, out);
		break;
	default:
		return -EINVAL;
	}
	return rmem_report_flushed(out, ret);
}

int rmem_report_flushed(FILE *out, int ret)
{
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	return ret;
}
