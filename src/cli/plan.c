// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem plan [OPTIONS] [BOARD]: the boot-time layout the kernel will make.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/memparse.h>
#include <rmem/plan.h>
#include <rmem/report.h>

#include "cli/cli.h"
#include "fdt/fdt.h"

extern const unsigned char rmem_example_board[];
extern const size_t rmem_example_board_size;

#define MAX_RESERVE 64

struct plan_args {
	const char *board;		/* NULL: the built-in example */
	const char *kernel;
	const char *config;
	const char *output;		/* NULL: stdout */
	enum rmem_report_format format;
	bool strict;
	struct rmem_plan_options opt;
	struct rmem_reservation reserve[MAX_RESERVE];
};

static const char plan_usage[] =
	"usage: rmem plan [OPTIONS] [BOARD]\n"
	"Predicts where the kernel puts /reserved-memory regions, CMA areas and DMA\n"
	"pools, and the lines it logs about them, without booting.\n"
	"\n"
	"  BOARD              a .dtb, or a .dts (compiled with dtc); none: the built-in\n"
	"                     example board\n"
	"  -k, --kernel P     arm64-5.10 | arm64-6.1 | arm64-6.12 | arm64-6.12-16k |\n"
	"                     armhf-6.1 (default " RMEM_PROFILE_DEFAULT ")\n"
	"      --config FILE  a kernel .config; its values override the profile's\n"
	"      --cmdline S    the kernel command line (default: /chosen/bootargs)\n"
	"      --reserve R    an early reservation the kernel has made before it reads\n"
	"                     /reserved-memory (kernel image, initrd, firmware):\n"
	"                     BASE-END (END exclusive) or BASE+SIZE; repeatable\n"
	"      --fdt-addr A   where the bootloader placed the DTB\n"
	"      --format F     text | log | json | svg (default text)\n"
	"  -o, --output FILE  write there instead of standard output (atomically)\n"
	"      --strict       exit 1 when the kernel would report any error\n"
	"\n"
	"Exit: 0 done, 1 kernel errors with --strict, 2 usage, 3 unreadable input,\n"
	"4 internal failure.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rmem plan: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nsee 'rmem plan --help'\n");
	return RMEM_EXIT_USAGE;
}

static int parse_one(struct plan_args *a, int c, const char *arg)
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
		if (rmem_report_format_parse(arg, &a->format))
			return usage_error("--format '%s': expected text, log, json or svg", arg);
		return 0;
	case 'o':
		a->output = arg;
		return 0;
	case 's':
		a->strict = true;
		return 0;
	default:
		return RMEM_EXIT_USAGE;
	}
}

static int parse_args(struct plan_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'C' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "reserve", required_argument, NULL, 'r' },
		{ "fdt-addr", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret;

	a->kernel = RMEM_PROFILE_DEFAULT;
	a->opt.reserve = a->reserve;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(plan_usage, stdout);
			return -1;
		}
		ret = parse_one(a, c, optarg);
		if (ret)
			return ret;
	}
	if (argc - optind > 1)
		return usage_error("one BOARD at most, got '%s' too", argv[optind + 1]);
	a->board = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int load_profile(const struct plan_args *a, struct rmem_profile *p)
{
	char err[256];

	if (rmem_profile_builtin(a->kernel, p)) {
		fprintf(stderr, "rmem plan: unknown kernel profile '%s'; see 'rmem profiles'\n",
			a->kernel);
		return RMEM_EXIT_USAGE;
	}
	if (a->config && rmem_profile_load_config(p, a->config, err, sizeof(err))) {
		fprintf(stderr, "rmem: %s: %s\n", a->config, err);
		return RMEM_EXIT_INPUT;
	}
	return 0;
}

static int load_board(const struct plan_args *a, struct rmem_fdt *fdt)
{
	char err[256];
	int ret;

	if (a->board)
		ret = rmem_fdt_load_file(fdt, a->board, err, sizeof(err));
	else
		ret = rmem_fdt_load_blob(fdt, rmem_example_board, rmem_example_board_size,
					 err, sizeof(err));
	if (!ret)
		return 0;
	fprintf(stderr, "rmem: %s: %s\n", a->board ? a->board : "(built-in example)", err);
	return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
}

/* rmem's advice about values the kernel read in its own way goes to stderr. */
static void print_advice(struct rmem_ctx *ctx)
{
	const struct rmem_log *log = rmem_ctx_log(ctx);

	for (size_t i = 0; i < log->nr; i++)
		if (log->lines[i].level == RMEM_LOG_ADVICE)
			fprintf(stderr, "rmem: warning: %s\n", log->lines[i].text);
}

static int run_plan(const struct plan_args *a, const struct rmem_profile *p,
		    const struct rmem_fdt *fdt)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256];
	int ret;

	if (!ctx) {
		fprintf(stderr, "rmem plan: cannot create the machine: %s\n", strerror(errno));
		return RMEM_EXIT_INTERNAL;
	}
	err[0] = '\0';
	ret = rmem_plan_boot(ctx, fdt->blob, fdt->size, &a->opt, err, sizeof(err));
	if (ret) {
		/* a profile rmem has no boot story for is the input's problem */
		fprintf(stderr, "rmem: %s: %s%s%s\n", a->board ? a->board : "(built-in example)",
			ret == -EOPNOTSUPP ? "rmem has no early-boot model for this kernel profile"
					   : "the simulated boot failed: ",
			ret == -EOPNOTSUPP ? "" : strerror(-ret), err);
		rmem_ctx_destroy(ctx);
		return ret == -EOPNOTSUPP ? RMEM_EXIT_INPUT : RMEM_EXIT_INTERNAL;
	}
	print_advice(ctx);
	ret = rmem_cli_write_output(a->output, ctx, a->format);
	if (!ret && a->strict && rmem_report_kernel_errors(ctx))
		ret = RMEM_EXIT_STRICT;
	rmem_ctx_destroy(ctx);
	return ret;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_args a = { .format = RMEM_REPORT_TEXT };
	struct rmem_profile p;
	struct rmem_fdt fdt = { 0 };
	int ret;

	ret = parse_args(&a, argc, argv);
	if (ret)
		return ret < 0 ? RMEM_EXIT_OK : ret;
	ret = load_profile(&a, &p);
	if (!ret)
		ret = load_board(&a, &fdt);
	if (!ret)
		ret = run_plan(&a, &p, &fdt);
	rmem_fdt_release(&fdt);
	return ret;
}
