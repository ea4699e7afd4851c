// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long `rmem plan` takes: boots of a board with every profile, and the
 * text report, timed over many rounds.  Target: a few milliseconds per plan.
 *
 *   bench_plan [BOARD.dtb|.dts] [ROUNDS]     (default: the example board, 200)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rmem/rmem.h>

#include "fdt/fdt.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int plan_once(const struct rmem_profile *p, const struct rmem_fdt *fdt, FILE *sink)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256];
	int ret;

	if (!ctx)
		return -1;
	ret = rmem_plan_boot(ctx, fdt->blob, fdt->size, NULL, err, sizeof(err));
	if (!ret)
		ret = rmem_report_write(ctx, RMEM_REPORT_TEXT, sink);
	rmem_ctx_destroy(ctx);
	return ret;
}

int main(int argc, char **argv)
{
	const char *board = argc > 1 ? argv[1] : RMEM_BENCH_EXAMPLE;
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	struct rmem_fdt fdt = { 0 };
	FILE *sink = fopen("/dev/null", "w");
	char err[256];

	if (!sink || rmem_fdt_load_file(&fdt, board, err, sizeof(err))) {
		fprintf(stderr, "bench_plan: %s: %s\n", board, sink ? err : "cannot open /dev/null");
		return 3;
	}
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		struct rmem_profile p;
		double t0, worst = 0, total = 0;

		rmem_profile_builtin(rmem_profile_builtin_name(i), &p);
		for (int r = 0; r < rounds; r++) {
			t0 = now_ms();
			if (plan_once(&p, &fdt, sink)) {
				fprintf(stderr, "bench_plan: %s: the plan failed\n", p.name);
				return 4;
			}
			t0 = now_ms() - t0;
			total += t0;
			worst = t0 > worst ? t0 : worst;
		}
		printf("%-16s %8.3f ms mean %8.3f ms worst over %d plans\n", p.name, total / rounds,
		       worst, rounds);
	}
	rmem_fdt_release(&fdt);
	fclose(sink);
	return 0;
}
