// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem sim [OPTIONS] BOARD TRACE: boot BOARD as rmem plan does, then replay
 * TRACE (docs/trace-format.md) and say what each driver call would get.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rmem/memparse.h>
#include <rmem/plan.h>
#include <rmem/sim.h>

#include "cli/cli.h"
#include "fdt/fdt.h"

#define MAX_RESERVE 64

struct sim_args {
	const char *board;
	const char *trace;
	const char *kernel;
	const char *config;
	const char *output;		/* NULL: stdout */
	bool json;
	struct rmem_plan_options opt;
	struct rmem_reservation reserve[MAX_RESERVE];
};

static const char sim_usage[] =
	"usage: rmem sim [OPTIONS] BOARD TRACE\n"
	"Boots BOARD as 'rmem plan' does, then replays TRACE, a list of driver calls\n"
	"(device init/release, dma_alloc_coherent/free, cma_alloc/release, pinned\n"
	"pages; see docs/trace-format.md), and says what the kernel answers to each,\n"
	"then how full and fragmented each CMA area and DMA pool is.\n"
	"\n"
	"  BOARD              a .dtb, or a .dts (compiled with dtc)\n"
	"  TRACE              the trace file\n"
	"  -k, --kernel P     arm64-5.10 | arm64-6.1 | arm64-6.12 | arm64-6.12-16k |\n"
	"                     armhf-6.1 (default " RMEM_PROFILE_DEFAULT ")\n"
	"      --config FILE  a kernel .config; its values override the profile's\n"
	"      --cmdline S    the kernel command line (default: /chosen/bootargs)\n"
	"      --reserve R    an early reservation (kernel image, initrd, firmware):\n"
	"                     BASE-END (END exclusive) or BASE+SIZE; repeatable\n"
	"      --fdt-addr A   where the bootloader placed the DTB\n"
	"      --format F     text | json (default text)\n"
	"  -o, --output FILE  write there instead of standard output (atomically)\n"
	"\n"
	"Exit: 0 done (failed allocations are results), 2 usage, 3 unreadable\n"
	"input (a bad trace: FILE:LINE: reason), 4 internal failure.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rmem sim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nsee 'rmem sim --help'\n");
	return RMEM_EXIT_USAGE;
}

static int parse_one(struct sim_args *a, int c, const char *arg)
{
	uint64_t v;
	const char *end;

	switch (c) {
	case 'k':
		a->kernel = arg;
		return 0;
	case 'C':
		a->config = arg;
		return 0;
	case 'c':
		a->opt.cmdline = arg;
		return 0;
	case 'r':
		if (a->opt.nr_reserve == MAX_RESERVE)
			return usage_error("at most 64 --reserve options%s", "");
		if (rmem_parse_reservation(arg, &a->reserve[a->opt.nr_reserve]))
			return usage_error("--reserve '%s': expected BASE-END or BASE+SIZE", arg);
		a->opt.nr_reserve++;
		return 0;
	case 'f':
		if (rmem_memparse(arg, &end, &v) || end == arg || *end)
			return usage_error("--fdt-addr '%s': expected an address", arg);
		a->opt.fdt_addr_set = true;
		a->opt.fdt_addr = v;
		return 0;
	case 'F':
		if (strcmp(arg, "text") && strcmp(arg, "json"))
			return usage_error("--format '%s': expected text or json", arg);
		a->json = !strcmp(arg, "json");
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	default:
		return RMEM_EXIT_USAGE;
	}
}

static int parse_args(struct sim_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'C' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "reserve", required_argument, NULL, 'r' },
		{ "fdt-addr", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret;

	a->kernel = RMEM_PROFILE_DEFAULT;
	a->opt.reserve = a->reserve;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(sim_usage, stdout);
			return -1;
		}
		ret = parse_one(a, c, optarg);
		if (ret)
			return ret;
	}
	if (argc - optind != 2)
		return usage_error("expected BOARD and TRACE%s", "");
	a->board = argv[optind];
	a->trace = argv[optind + 1];
	return 0;
}

static int load_profile(const struct sim_args *a, struct rmem_profile *p)
{
	char err[256];

	if (rmem_profile_builtin(a->kernel, p)) {
		fprintf(stderr, "rmem sim: unknown kernel profile '%s'; see 'rmem profiles'\n",
			a->kernel);
		return RMEM_EXIT_USAGE;
	}
	if (a->config && rmem_profile_load_config(p, a->config, err, sizeof(err))) {
		fprintf(stderr, "rmem: %s: %s\n", a->config, err);
		return RMEM_EXIT_INPUT;
	}
	return 0;
}

static int write_stream(const struct rmem_sim *sim, bool json, FILE *out, const char *name)
{
	int ret = json ? rmem_sim_write_json(sim, out) : rmem_sim_write_text(sim, out);

	if (ret)
		fprintf(stderr, "rmem: %s: cannot write the results: %s\n", name, strerror(-ret));
	return ret ? RMEM_EXIT_INTERNAL : RMEM_EXIT_OK;
}

/* a temporary file beside @path renamed into place: whole or not at all */
static int write_output(const struct rmem_sim *sim, const struct sim_args *a)
{
	char *tmp;
	FILE *out;
	mode_t mask;
	int fd, ret;

	if (!a->output)
		return write_stream(sim, a->json, stdout, "standard output");
	if (asprintf(&tmp, "%s.XXXXXX", a->output) < 0)
		return RMEM_EXIT_INTERNAL;
	fd = mkstemp(tmp);
	if (fd >= 0) {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		fprintf(stderr, "rmem: %s: cannot create a file beside it: %s\n", a->output,
			strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return RMEM_EXIT_INTERNAL;
	}
	ret = write_stream(sim, a->json, out, a->output);
	if ((fclose(out) || rename(tmp, a->output)) && !ret) {
		fprintf(stderr, "rmem: %s: %s\n", a->output, strerror(errno));
		ret = RMEM_EXIT_INTERNAL;
	}
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

static int replay(const struct sim_args *a, struct rmem_ctx *ctx, const struct rmem_sim_trace *t)
{
	struct rmem_sim *sim;
	char err[512];
	int ret;

	ret = rmem_sim_create(ctx, t, &sim, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rmem: %s\n", err);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	if (rmem_sim_run(sim)) {
		fprintf(stderr, "rmem sim: out of memory\n");
		ret = RMEM_EXIT_INTERNAL;
	} else {
		ret = write_output(sim, a);
	}
	rmem_sim_destroy(sim);
	return ret;
}

static int run_sim(const struct sim_args *a, const struct rmem_profile *p,
		   const struct rmem_fdt *fdt, const struct rmem_sim_trace *t)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256];
	int ret;

	if (!ctx) {
		fprintf(stderr, "rmem sim: cannot create the machine: %s\n", strerror(errno));
		return RMEM_EXIT_INTERNAL;
	}
	ret = rmem_plan_boot(ctx, fdt->blob, fdt->size, &a->opt, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rmem sim: the simulated boot failed: %s\n", strerror(-ret));
		rmem_ctx_destroy(ctx);
		return RMEM_EXIT_INTERNAL;
	}
	ret = replay(a, ctx, t);
	rmem_ctx_destroy(ctx);
	return ret;
}

static int load_inputs(const struct sim_args *a, struct rmem_fdt *fdt, struct rmem_sim_trace *t)
{
	char err[512];
	int ret;

	ret = rmem_fdt_load_file(fdt, a->board, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rmem: %s: %s\n", a->board, err);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	ret = rmem_sim_trace_load(a->trace, t, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "rmem: %s\n", err);
		return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
	}
	return 0;
}

int cmd_sim(int argc, char **argv)
{
	struct sim_args a = { 0 };
	struct rmem_profile p;
	struct rmem_fdt fdt = { 0 };
	struct rmem_sim_trace t = { 0 };
	int ret;

	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = load_profile(&a, &p);
	if (!ret)
		ret = load_inputs(&a, &fdt, &t);
	if (!ret)
		ret = run_sim(&a, &p, &fdt, &t);
	rmem_sim_trace_release(&t);
	rmem_fdt_release(&fdt);
	return ret;
}
