/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem check in the tests: a board (a fixture of tests/plan/boards/, or
 * DTS text) booted for the check on a profile, its findings, and questions
 * about them by id and by node.
 */
#ifndef RMEM_TEST_LINT_H
#define RMEM_TEST_LINT_H

#include "rmem_test.h"

struct rmem_test_lint {
	struct rmem_dt *dt;
	struct rmem_ctx *ctx;
	struct rmem_check *check;
};

/*
 * rmem_test_lint_board() - tests/plan/boards/@board.dts booted on @profile
 * with @opt (NULL: none; lint is set) and checked with @copt (NULL: every
 * rule) told of @opt's reservations; fails the test when any step fails.
 */
void rmem_test_lint_board(struct rmem_test_lint *t, const char *profile, const char *board,
			   const struct rmem_plan_options *opt,
			   const struct rmem_check_options *copt);
/* The same with the board's DTS text. */
void rmem_test_lint_dts(struct rmem_test_lint *t, const char *profile, const char *dts,
			 const struct rmem_plan_options *opt, const struct rmem_check_options *copt);
void rmem_test_lint_free(struct rmem_test_lint *t);

/* How many findings have rule @id. */
size_t rmem_test_lint_count(const struct rmem_test_lint *t, const char *id);
/* The @n-th finding of rule @id; fails the test when there is none. */
const struct rmem_finding *rmem_test_lint_nth(const struct rmem_test_lint *t, const char *id,
					       size_t n);
/* The subject of @f that is @what (a node's path), or NULL. */
const struct rmem_finding_subject *rmem_test_subject(const struct rmem_finding *f,
						     const char *what);
/* Whether some finding of rule @id names @what. */
bool rmem_test_lint_names(const struct rmem_test_lint *t, const char *id, const char *what);

/* How many kernel lines contain @needle (the kernel's own account, recorded from real boots). */
size_t rmem_test_kernel_lines(const struct rmem_test_lint *t, const char *needle);

#endif /* RMEM_TEST_LINT_H */
