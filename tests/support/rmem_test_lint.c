// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test_lint.h"

static void boot_and_check(struct rmem_test_lint *t, const char *profile,
			   const struct rmem_plan_options *opt,
			   const struct rmem_check_options *copt)
{
	struct rmem_plan_options o = { 0 };
	struct rmem_check_options c = { 0 };
	struct rmem_profile p = rmem_test_profile(profile);
	char err[256] = "";
	int ret;

	if (opt)
		o = *opt;
	o.lint = true;
	if (copt)
		c = *copt;
	/* the check knows the early reservations the boot was given */
	c.plan = &o;
	t->ctx = rmem_ctx_create(&p);
	assert_non_null(t->ctx);
	ret = rmem_plan_boot(t->ctx, rmem_dt_blob(t->dt), rmem_dt_size(t->dt), &o, err,
			     sizeof(err));
	if (ret)
		fail_msg("%s: rmem_plan_boot: %d %s", profile, ret, err);
	ret = rmem_check_run(t->ctx, &c, &t->check);
	if (ret)
		fail_msg("%s: rmem_check_run: %d", profile, ret);
}

void rmem_test_lint_board(struct rmem_test_lint *t, const char *profile, const char *board,
			   const struct rmem_plan_options *opt,
			   const struct rmem_check_options *copt)
{
	const char *src = getenv("RMEM_SOURCE_DIR");
	char path[4096], err[512] = "";

	assert_non_null(src);
	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/tests/plan/boards/%s.dts", src, board);
	if (rmem_dt_load_file(path, &t->dt, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	boot_and_check(t, profile, opt, copt);
}

void rmem_test_lint_dts(struct rmem_test_lint *t, const char *profile, const char *dts,
			 const struct rmem_plan_options *opt, const struct rmem_check_options *copt)
{
	char err[512] = "";

	memset(t, 0, sizeof(*t));
	if (rmem_dt_load_mem(dts, strlen(dts), &t->dt, err, sizeof(err)))
		fail_msg("the board: %s", err);
	boot_and_check(t, profile, opt, copt);
}

void rmem_test_lint_free(struct rmem_test_lint *t)
{
	rmem_check_free(t->check);
	rmem_ctx_destroy(t->ctx);
	rmem_dt_free(t->dt);
	memset(t, 0, sizeof(*t));
}

size_t rmem_test_lint_count(const struct rmem_test_lint *t, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < rmem_check_count(t->check); i++)
		n += !strcmp(rmem_check_finding(t->check, i)->rule->id, id);
	return n;
}

const struct rmem_finding *rmem_test_lint_nth(const struct rmem_test_lint *t, const char *id,
					       size_t n)
{
	for (size_t i = 0; i < rmem_check_count(t->check); i++) {
		const struct rmem_finding *f = rmem_check_finding(t->check, i);

		if (!strcmp(f->rule->id, id) && !n--)
			return f;
	}
	fail_msg("no finding %s", id);
	return NULL;
}

const struct rmem_finding_subject *rmem_test_subject(const struct rmem_finding *f,
						     const char *what)
{
	for (size_t i = 0; i < f->nr_subjects; i++)
		if (!strcmp(f->subjects[i].what, what))
			return &f->subjects[i];
	return NULL;
}

bool rmem_test_lint_names(const struct rmem_test_lint *t, const char *id, const char *what)
{
	for (size_t i = 0; i < rmem_check_count(t->check); i++) {
		const struct rmem_finding *f = rmem_check_finding(t->check, i);

		if (!strcmp(f->rule->id, id) && rmem_test_subject(f, what))
			return true;
	}
	return false;
}

size_t rmem_test_kernel_lines(const struct rmem_test_lint *t, const char *needle)
{
	const struct rmem_log *log = rmem_ctx_log(t->ctx);
	size_t n = 0;

	for (size_t i = 0; i < log->nr; i++)
		n += log->lines[i].level != RMEM_LOG_ADVICE && strstr(log->lines[i].text, needle);
	return n;
}
