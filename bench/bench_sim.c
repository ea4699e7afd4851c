// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long `rmem sim` takes to replay a long trace: 1 million events, CMA
 * allocations and releases of random sizes on a 1 GiB default area (QEMU's
 * virt board with 4 GiB of RAM and cma=1G), on every built-in profile
 * (cma=256M where 1 GiB does not fit; a kernel without CMA is named, not
 * timed).  Target: under 1 second for each replay.  The replay is one
 * thread, so on an idle machine its CPU time is its wall time; the target is
 * judged on the CPU time, which a busy CI machine does not inflate, and the
 * wall time is shown beside it.
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
	"  chosen { bootargs = \"cma=%s\"; };\n"
	"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 1 0>; }; };\n";

static double now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
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

/*
 * One profile's replay: the board with cma=1G, or cma=256M where 1 GiB does
 * not fit the kernel's CMA limit (32-bit arm's lowmem).  Returns the replay's
 * CPU milliseconds (its wall milliseconds in @wall), or -1 (why in @err)
 * when the kernel has no default area.
 */
static double replay_on(const char *name, const struct rmem_sim_trace *t, double *wall,
			char *err, size_t len)
{
	static const char *const sizes[] = { "1G", "256M" };
	double ms = -1;

	for (size_t i = 0; ms < 0 && i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char dts[sizeof(board) + 16];
		struct rmem_profile p;
		struct rmem_ctx *ctx;
		struct rmem_sim *sim;

		snprintf(dts, sizeof(dts), board, sizes[i]);
		if (rmem_profile_builtin(name, &p) || !(ctx = rmem_ctx_create(&p)))
			return -1;
		if (!rmem_plan_boot(ctx, dts, strlen(dts), NULL, err, len) &&
		    !rmem_sim_create(ctx, t, &sim, err, len)) {
			double t0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
			double w0 = now_ms(CLOCK_MONOTONIC);

			if (!rmem_sim_run(sim)) {
				ms = now_ms(CLOCK_THREAD_CPUTIME_ID) - t0;
				*wall = now_ms(CLOCK_MONOTONIC) - w0;
			}
			rmem_sim_destroy(sim);
		}
		rmem_ctx_destroy(ctx);
	}
	return ms;
}

int main(int argc, char **argv)
{
	unsigned long events = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned int seed = argc > 2 ? (unsigned int)atoi(argv[2]) : 1;
	struct rmem_sim_trace t = { 0 };
	unsigned int over = 0;
	char err[512] = "";
	size_t len;
	char *text = make_trace(events, seed, &len);
	double t0;

	if (!text)
		return 4;
	t0 = now_ms(CLOCK_MONOTONIC);
	if (rmem_sim_trace_parse("bench", text, len, &t, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: %s\n", err);
		return 4;
	}
	printf("%lu events: parse %.0f ms\n", events, now_ms(CLOCK_MONOTONIC) - t0);
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		const char *name = rmem_profile_builtin_name(i);
		double wall = 0, ms = replay_on(name, &t, &wall, err, sizeof(err));

		if (ms < 0) {
			/* a kernel without CMA has no area to replay on: said, not counted */
			printf("  %-18s not run: %s\n", name, err[0] ? err : "no default CMA area");
			continue;
		}
		over += ms >= 1000;
		printf("  %-18s replay %5.0f ms CPU (%.0f ns/event), %5.0f ms wall%s\n", name, ms,
		       ms * 1e6 / (double)events, wall, ms < 1000 ? "" : "  OVER THE 1 s TARGET");
	}
	rmem_sim_trace_release(&t);
	free(text);
	return over ? 1 : 0;
}
