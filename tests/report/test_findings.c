// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem check's findings rendered (docs/check.md): the json report parsed
 * back and compared with the findings; the text report's lines; the one
 * line rmem plan --lint prints per finding; and the plan's json, whose
 * "findings" is null without a check and the list with one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rmem_test_lint.h"

/* What @fn wrote, NUL-terminated (free it). */
static char *capture(int (*fn)(void *arg, FILE *out), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(fn(arg, out), 0);
	assert_int_equal(fclose(out), 0);
	return buf;
}

struct job {
	struct rmem_test_lint *t;
	enum rmem_report_format format;
	bool plan;
	bool with_check;
};

static int write_job(void *arg, FILE *out)
{
	const struct job *j = arg;

	if (j->plan)
		return rmem_report_write_with(j->t->ctx, j->format,
					      j->with_check ? j->t->check : NULL, out);
	return rmem_report_check(j->t->ctx, j->t->check, j->format, out);
}

static void assert_finding_json(json_t *o, const struct rmem_finding *f)
{
	json_t *nodes = json_object_get(o, "nodes"), *ranges = json_object_get(o, "ranges");
	size_t r = 0;

	assert_string_equal(json_string_value(json_object_get(o, "id")), f->rule->id);
	assert_string_equal(json_string_value(json_object_get(o, "severity")),
			    rmem_severity_name(f->rule->severity));
	assert_string_equal(json_string_value(json_object_get(o, "message")), f->message);
	assert_string_equal(json_string_value(json_object_get(o, "fix")), f->fix);
	assert_int_equal(json_array_size(nodes), f->nr_subjects);
	for (size_t i = 0; i < f->nr_subjects; i++) {
		const struct rmem_finding_subject *s = &f->subjects[i];
		json_t *range;

		assert_string_equal(json_string_value(json_array_get(nodes, i)), s->what);
		if (!s->has_range)
			continue;
		range = json_array_get(ranges, r++);
		assert_string_equal(json_string_value(json_object_get(range, "node")), s->what);
		assert_int_equal(json_integer_value(json_object_get(range, "base")), s->base);
		assert_int_equal(json_integer_value(json_object_get(range, "size")), s->size);
		assert_int_equal(json_integer_value(json_object_get(range, "end")),
				 s->base + s->size);
	}
	assert_int_equal(json_array_size(ranges), r);
}

static void test_check_json(void **state)
{
	struct rmem_test_lint t;
	struct job j = { .t = &t, .format = RMEM_REPORT_JSON };
	json_error_t err;
	json_t *root, *findings, *counts;
	char *text;

	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "overlap", NULL, NULL);
	text = capture(write_job, &j);
	root = json_loads(text, 0, &err);
	if (!root)
		fail_msg("not JSON: %s", err.text);
	assert_int_equal(json_integer_value(json_object_get(root, "schema")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "kernel"),
							      "profile")), RMEM_PROFILE_DEFAULT);
	findings = json_object_get(root, "findings");
	assert_int_equal(json_array_size(findings), rmem_check_count(t.check));
	for (size_t i = 0; i < rmem_check_count(t.check); i++)
		assert_finding_json(json_array_get(findings, i), rmem_check_finding(t.check, i));
	counts = json_object_get(root, "counts");
	assert_int_equal(json_integer_value(json_object_get(counts, "error")),
			 rmem_check_count_severity(t.check, RMEM_SEVERITY_ERROR));
	assert_int_equal(json_integer_value(json_object_get(counts, "warning")),
			 rmem_check_count_severity(t.check, RMEM_SEVERITY_WARNING));
	assert_int_equal(json_integer_value(json_object_get(counts, "info")),
			 rmem_check_count_severity(t.check, RMEM_SEVERITY_INFO));
	/* the kernel's OVERLAP DETECTED!, with its second line */
	assert_int_equal(json_integer_value(json_object_get(root, "kernel_errors")), 1);
	assert_int_equal(json_array_size(json_object_get(root, "kernel_error_lines")), 2);
	assert_true(json_is_null(json_object_get(root, "crash")));
	json_decref(root);
	free(text);
	rmem_test_lint_free(&t);
}

static void test_check_text(void **state)
{
	struct rmem_test_lint t;
	struct job j = { .t = &t, .format = RMEM_REPORT_TEXT };
	char *text;

	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "overlap", NULL, NULL);
	text = capture(write_job, &j);
	assert_non_null(strstr(text, "kernel: OF: reserved mem: OVERLAP DETECTED!\n    a@50000000 ("));
	assert_non_null(strstr(text, "\nerror: a@50000000 (0x50000000-0x51000000) and "
				     "c@50400000 (0x50400000-0x50500000) overlap by 1 MiB"));
	assert_non_null(strstr(text, "[overlap-unreported]\n"
				     "    /reserved-memory/a@50000000  0x50000000-0x51000000\n"
				     "    /reserved-memory/c@50400000  0x50400000-0x50500000\n"
				     "    fix: move or shrink one of them"));
	assert_non_null(strstr(text, "\n2 errors, 1 warning, 1 note from rmem; 1 error from the "
				     "kernel (arm64-6.12)\n"));
	free(text);
	rmem_test_lint_free(&t);
	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "cma-default-twice", NULL, NULL);
	j.format = RMEM_REPORT_SVG;
	assert_int_equal(rmem_report_check(t.ctx, t.check, RMEM_REPORT_SVG, stdout), -EINVAL);
	j.format = RMEM_REPORT_TEXT;
	text = capture(write_job, &j);
	assert_non_null(strstr(text, "warning: 2 regions have linux,cma-default"));
	free(text);
	rmem_test_lint_free(&t);
}

static int write_line(void *arg, FILE *out)
{
	return rmem_report_finding_line(arg, out);
}

static void test_one_line(void **state)
{
	struct rmem_test_lint t;
	char *line;

	rmem_test_lint_board(&t, RMEM_PROFILE_DEFAULT, "overlap", NULL, NULL);
	line = capture(write_line, (void *)rmem_test_lint_nth(&t, "reg-multiple-entries", 0));
	assert_string_equal(line, "warning: d@60000000's reg lists 2 ranges: the kernel reserves "
			    "them all, but its handler and the devices get only the first (the "
			    "binding allows one) (/reserved-memory/d@60000000); fix: split it into "
			    "one node per range [-W reg-multiple-entries]\n");
	free(line);
	/* five regions no handler claims: four named, then how many more */
	line = capture(write_line, (void *)rmem_test_lint_nth(&t, "no-handler", 0));
	assert_non_null(strstr(line, "/reserved-memory/d@60000000 and 1 more); fix: "));
	/* one line */
	assert_ptr_equal(strchr(line, '\n'), line + strlen(line) - 1);
	free(line);
	rmem_test_lint_free(&t);
}

static void test_plan_json(void **state)
{
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_lint t;
		struct job j = { .t = &t, .format = RMEM_REPORT_JSON, .plan = true };
		json_t *root;
		char *text;

		rmem_test_lint_board(&t, it.name, "schema", NULL, NULL);
		text = capture(write_job, &j);
		root = json_loads(text, 0, NULL);
		assert_non_null(root);
		assert_true(json_is_null(json_object_get(root, "findings")));
		json_decref(root);
		free(text);
		j.with_check = true;
		text = capture(write_job, &j);
		root = json_loads(text, 0, NULL);
		assert_non_null(root);
		assert_int_equal(json_array_size(json_object_get(root, "findings")),
				 rmem_check_count(t.check));
		json_decref(root);
		free(text);
		rmem_test_lint_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_json),
		cmocka_unit_test(test_check_text),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_plan_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
