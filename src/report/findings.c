// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check's findings rendered: the `rmem check` report (text and json,
 * docs/check.md), the one-line form `rmem plan --lint` prints on standard
 * error, and the "findings" list of the plan's JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rmem/check.h>
#include <rmem/report.h>
#include <rmem/rmem.h>

#include "internal.h"
#include "report/report_internal.h"

static json_t *subject_range(const struct rmem_finding_subject *s)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "node", rmem_report_jstr(s->what),
			 "base", rmem_report_jnum(s->base), "end", rmem_report_jnum(s->base + s->size),
			 "size", rmem_report_jnum(s->size));
}

static json_t *finding_obj(const struct rmem_finding *f)
{
	json_t *nodes = json_array(), *ranges = json_array();

	for (size_t i = 0; nodes && ranges && i < f->nr_subjects; i++) {
		const struct rmem_finding_subject *s = &f->subjects[i];

		if (json_array_append_new(nodes, rmem_report_jstr(s->what)) ||
		    (s->has_range && json_array_append_new(ranges, subject_range(s)))) {
			json_decref(nodes);
			json_decref(ranges);
			return NULL;
		}
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "id", f->rule->id,
			 "severity", rmem_severity_name(f->rule->severity),
			 "message", rmem_report_jstr(f->message), "fix", rmem_report_jstr(f->fix),
			 "nodes", nodes, "ranges", ranges);
}

json_t *rmem_report_findings_json(const struct rmem_check *check)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < rmem_check_count(check); i++) {
		json_t *f = finding_obj(rmem_check_finding(check, i));

		if (!f || json_array_append_new(a, f)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The kernel's error lines (a message's further lines with it): what --strict counts. */
static json_t *kernel_errors_json(const struct rmem_ctx *ctx)
{
	json_t *a = json_array();
	bool keep = false;

	for (size_t i = 0; a && i < ctx->log.nr; i++) {
		const struct rmem_log_line *l = &ctx->log.lines[i];

		if (!l->cont)
			keep = l->level <= RMEM_LOG_ERR;
		if (keep && json_array_append_new(a, rmem_report_jstr(l->text))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int check_json(struct rmem_ctx *ctx, const struct rmem_check *check, FILE *out)
{
	json_t *root = json_pack("{s:s, s:i, s:o, s:o, s:{s:I, s:I, s:I}, s:I, s:o, s:o}",
				 "rmem_version", rmem_version(),
				 "schema", RMEM_REPORT_CHECK_SCHEMA,
				 "kernel", rmem_report_kernel_json(ctx),
				 "findings", rmem_report_findings_json(check),
				 "counts",
				 "error", (json_int_t)rmem_check_count_severity(check, RMEM_SEVERITY_ERROR),
				 "warning",
				 (json_int_t)rmem_check_count_severity(check, RMEM_SEVERITY_WARNING),
				 "info", (json_int_t)rmem_check_count_severity(check, RMEM_SEVERITY_INFO),
				 "kernel_errors", (json_int_t)rmem_report_kernel_errors(ctx),
				 "kernel_error_lines", kernel_errors_json(ctx),
				 "crash", rmem_report_jstr(rmem_crashed(ctx)));

	return rmem_report_json_dump(root, out);
}

/* A subject's name as the text shows it: printable ASCII, '?' for the rest. */
static void put_what(FILE *out, const char *what)
{
	for (const char *c = what; *c; c++)
		fputc((unsigned char)*c >= ' ' && (unsigned char)*c < 0x7f ? *c : '?', out);
}

static void text_finding(FILE *out, const struct rmem_finding *f)
{
	size_t width = 0;

	fprintf(out, "%s: %s [%s]\n", rmem_severity_name(f->rule->severity), f->message,
		f->rule->id);
	for (size_t i = 0; i < f->nr_subjects; i++)
		if (f->subjects[i].has_range && strlen(f->subjects[i].what) > width)
			width = strlen(f->subjects[i].what);
	for (size_t i = 0; i < f->nr_subjects; i++) {
		const struct rmem_finding_subject *s = &f->subjects[i];

		fputs("    ", out);
		put_what(out, s->what);
		if (s->has_range)
			fprintf(out, "%*s  %#" PRIx64 "-%#" PRIx64, (int)(width - strlen(s->what)), "",
				s->base, s->base + s->size);
		fputc('\n', out);
	}
	fprintf(out, "    fix: %s\n", f->fix);
}

static void text_kernel_errors(FILE *out, const struct rmem_ctx *ctx)
{
	bool keep = false;

	for (size_t i = 0; i < ctx->log.nr; i++) {
		const struct rmem_log_line *l = &ctx->log.lines[i];

		if (!l->cont)
			keep = l->level <= RMEM_LOG_ERR;
		if (keep)
			fprintf(out, "%s%s\n", l->cont ? "    " : "kernel: ", l->text);
	}
	if (rmem_crashed(ctx))
		fprintf(out, "kernel: THE KERNEL CRASHES: %s\n", rmem_crashed(ctx));
}

static size_t count(const struct rmem_check *check, enum rmem_severity s)
{
	return rmem_check_count_severity(check, s);
}

static int check_text(struct rmem_ctx *ctx, const struct rmem_check *check, FILE *out)
{
	size_t kernel = rmem_report_kernel_errors(ctx);

	text_kernel_errors(out, ctx);
	if (kernel && rmem_check_count(check))
		fputc('\n', out);
	for (size_t i = 0; i < rmem_check_count(check); i++) {
		if (i)
			fputc('\n', out);
		text_finding(out, rmem_check_finding(check, i));
	}
	if (kernel || rmem_check_count(check))
		fputc('\n', out);
	fprintf(out, "%zu error%s, %zu warning%s, %zu note%s from rmem; "
		"%zu error%s from the kernel (%s)\n",
		count(check, RMEM_SEVERITY_ERROR), count(check, RMEM_SEVERITY_ERROR) == 1 ? "" : "s",
		count(check, RMEM_SEVERITY_WARNING),
		count(check, RMEM_SEVERITY_WARNING) == 1 ? "" : "s",
		count(check, RMEM_SEVERITY_INFO), count(check, RMEM_SEVERITY_INFO) == 1 ? "" : "s",
		kernel, kernel == 1 ? "" : "s", ctx->profile.name);
	return 0;
}

int rmem_report_check(struct rmem_ctx *ctx, const struct rmem_check *check,
		      enum rmem_report_format format, FILE *out)
{
	int ret;

	if (ctx->log.oom)
		return -ENOMEM;
	if (format == RMEM_REPORT_TEXT)
		ret = check_text(ctx, check, out);
	else if (format == RMEM_REPORT_JSON)
		ret = check_json(ctx, check, out);
	else
		return -EINVAL;
	return rmem_report_flushed(out, ret);
}

int rmem_report_finding_line(const struct rmem_finding *f, FILE *out)
{
	const size_t shown = 4;

	fprintf(out, "%s: %s", rmem_severity_name(f->rule->severity), f->message);
	for (size_t i = 0; i < f->nr_subjects && i < shown; i++) {
		fputs(i ? ", " : " (", out);
		put_what(out, f->subjects[i].what);
	}
	if (f->nr_subjects > shown)
		fprintf(out, " and %zu more", f->nr_subjects - shown);
	fprintf(out, "%s; fix: %s [-W %s]\n", f->nr_subjects ? ")" : "", f->fix, f->rule->id);
	return ferror(out) ? -EIO : 0;
}
