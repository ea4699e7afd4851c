// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long `rmem sim` takes to replay a long trace: 1 million events, CMA
 * allocations and releases of random sizes on a 1 GiB default area (QEMU's
 * virt board with 4 GiB of RAM and cma=1G).  Target: under 1 second for
 * the replay.
 *
 *   bench_sim [EVENTS] [SEED]      (default 1000000, 1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rmem/rmem.h>
#include <rmem/sim.h>

static const char board[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
	"  chosen { bootargs = \"cma=1G\"; };\n"
	"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 1 0>; }; };\n";

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Allocations of 1..1024 pages, each released some events later: a churning area. */
static char *make_trace(unsigned long events, unsigned int seed, size_t *len)
{
	size_t cap = events * 48 + 64, used = 0;
	char *text = malloc(cap);
	unsigned long live = 0, next = 0, oldest = 0;

	srand(seed);
	for (unsigned long i = 0; text && i < events; i++) {
		if (live > 64 || (live && rand() % 2)) {
			used += (size_t)snprintf(text + used, cap - used,
						 "cma reserved release t%lu\n", oldest++);
			live--;
		} else {
			used += (size_t)snprintf(text + used, cap - used,
						 "cma reserved alloc %d %d as t%lu\n",
						 1 + rand() % 1024, rand() % 4, next++);
			live++;
		}
	}
	*len = used;
	return text;
}

int main(int argc, char **argv)
{
	unsigned long events = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned int seed = argc > 2 ? (unsigned int)atoi(argv[2]) : 1;
	struct rmem_sim_trace t = { 0 };
	struct rmem_profile p;
	struct rmem_ctx *ctx;
	struct rmem_sim *sim;
	char err[512] = "";
	size_t len;
	char *text = make_trace(events, seed, &len);
	double t0, t_parse, t_run;

	if (!text || rmem_profile_builtin("arm64-6.1", &p) || !(ctx = rmem_ctx_create(&p)))
		return 4;
	t0 = now_ms();
	if (rmem_sim_trace_parse("bench", text, len, &t, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: %s\n", err);
		return 4;
	}
	t_parse = now_ms() - t0;
	if (rmem_plan_boot(ctx, board, sizeof(board) - 1, NULL, err, sizeof(err)) ||
	    rmem_sim_create(ctx, &t, &sim, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: %s\n", err);
		return 4;
	}
	t0 = now_ms();
	if (rmem_sim_run(sim))
		return 4;
	t_run = now_ms() - t0;
	printf("%lu events: parse %.0f ms, replay %.0f ms (%.0f ns/event)%s\n", events, t_parse,
	       t_run, t_run * 1e6 / (double)events, t_run < 1000 ? "" : "  OVER THE 1 s TARGET");
	rmem_sim_destroy(sim);
	rmem_sim_trace_release(&t);
	rmem_ctx_destroy(ctx);
	free(text);
	return t_run < 1000 ? 0 : 1;
}
