// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim --diff [OPTIONS] BOARD TRACE -- [OPTIONS] [BOARD]: one trace
 * replayed on two sides (as rmem diff takes them), and the events whose
 * results differ.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <rmem/diff.h>
#include <rmem/report.h>
#include <rmem/sim.h>

#include "cli.h"

/* --diff itself; --min-cma bisects one side and is no comparison */
static int sim_diff_option(void *arg, int c, const char *value)
{
	(void)arg;
	(void)value;
	if (c == RMEM_CLI_OPT_DIFF)
		return 0;
	return rmem_cli_usage_error(NULL, "--diff replays the trace once a side: it takes no %s",
				    c == RMEM_CLI_OPT_MIN_CMA ? "--min-cma" : "such option");
}

/* A's operands: BOARD TRACE, or BOARD BOARD2 TRACE without "--"; B's: [BOARD]. */
static int operands(struct rmem_cli_diff *d, const char **trace)
{
	struct rmem_cli_diff_side *s = d->side;
	size_t n = s[0].nr_operands;

	if (n < 2 || n > (d->dashes ? 2u : 3u) || s[1].nr_operands > 1)
		return rmem_cli_usage_error(NULL, "expected BOARD [BOARD2] TRACE, or BOARD TRACE -- "
					    "[OPTIONS] [BOARD]");
	d->board[0] = s[0].operand[0];
	*trace = s[0].operand[n - 1];
	d->board[1] = s[1].nr_operands ? s[1].operand[0] : n == 3 ? s[0].operand[1] : d->board[0];
	return 0;
}

struct replay {
	struct rmem_ctx *ctx;
	struct rmem_sim *sim;
};

static int replay_side(struct rmem_cli_diff *d, int i, const struct rmem_sim_trace *t,
		       struct replay *r)
{
	char err[512];
	int ret = rmem_cli_diff_boot(d, i, NULL, 0, &r->ctx);

	if (ret)
		return ret;
	ret = rmem_sim_create(r->ctx, t, &r->sim, err, sizeof(err));
	if (ret) {
		rmem_cli_error("%s", err);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	return rmem_sim_run(r->sim) ? RMEM_EXIT_INTERNAL : 0;
}

struct sim_diff_job {
	const struct rmem_cli_diff *d;
	const struct replay *r;
	struct rmem_sim_diff_event *ev;
	size_t nr;
};

static int write_sim_diff(void *arg, FILE *out)
{
	const struct sim_diff_job *job = arg;

	return rmem_report_sim_diff(job->r[0].sim, job->r[1].sim, job->ev, job->nr, job->d->format,
				    &job->d->opt, out);
}

static int compare(const struct rmem_cli_diff *d, struct replay r[2])
{
	struct sim_diff_job job = { .d = d, .r = r };
	int ret;

	if (rmem_sim_diff(r[0].sim, r[1].sim, &job.ev, &job.nr)) {
		rmem_cli_error("out of memory");
		return RMEM_EXIT_INTERNAL;
	}
	ret = rmem_cli_write(d->output, write_sim_diff, &job);
	if (!ret && job.nr)
		ret = RMEM_EXIT_STRICT;
	free(job.ev);
	return ret;
}

int cmd_sim_diff(int argc, char **argv)
{
	struct rmem_cli_diff d = { .page = &rmem_cli_page_sim, .format = RMEM_REPORT_TEXT };
	struct rmem_sim_trace t = { 0 };
	struct replay r[2] = { { 0 } };
	const char *trace = NULL;
	char err[512];
	int ret = rmem_cli_diff_parse(argc, argv, &d, sim_diff_option, NULL);

	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = operands(&d, &trace);
	if (!ret && rmem_sim_trace_load(trace, &t, err, sizeof(err))) {
		rmem_cli_error("%s", err);
		ret = RMEM_EXIT_INPUT;
	}
	for (int i = 0; !ret && i < 2; i++)
		ret = replay_side(&d, i, &t, &r[i]);
	if (!ret)
		ret = compare(&d, r);
	for (int i = 0; i < 2; i++) {
		rmem_sim_destroy(r[i].sim);
		rmem_ctx_destroy(r[i].ctx);
	}
	rmem_sim_trace_release(&t);
	return ret;
}
