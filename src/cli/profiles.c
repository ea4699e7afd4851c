// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem profiles [--config FILE | --names]: the kernel profiles and the
 * constants rmem derives from them; --names: the built-in profiles' names
 * alone, one a line, for scripts.
 */
#include <getopt.h>
#include <stdio.h>

#include <rmem/rmem.h>

#include "cli.h"

static const char *const size_sel_names[] = { "MBYTES", "PERCENTAGE", "MIN", "MAX" };

static void show(const struct rmem_profile *p)
{
	printf("%-17s %-7s %2u.%-2u %3lluK  pageblock_order %-2u max_page_order %-2u",
	       p->name, rmem_profile_arch_name(p),
	       RMEM_KERNEL_MAJOR(p->version), RMEM_KERNEL_MINOR(p->version),
	       (unsigned long long)(rmem_profile_page_size(p) >> 10),
	       p->pageblock_order, p->max_page_order);
	if (p->dma_cma)
		printf("  CMA_AREAS %-2u (MAX_CMA_AREAS %u)  CMA %s %lu MiB/%u%%", p->cma_areas,
		       p->max_cma_areas, size_sel_names[p->cma_size_sel], p->cma_size_mbytes,
		       p->cma_size_percentage);
	else
		printf("  no DMA_CMA: no default CMA area, no cma=");
	/* every modelled version is checked against its real boots (tests/conformance) */
	if (rmem_profile_is_modelled(p))
		printf("  verified\n");
	else
		printf("  planned as %u.%u, not verified\n",
		       RMEM_KERNEL_MAJOR(rmem_profile_modelled_version(p)),
		       RMEM_KERNEL_MINOR(rmem_profile_modelled_version(p)));
}

int cmd_profiles(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "names", no_argument, NULL, 'n' },
		{ 0 },
	};
	const char *config = NULL;
	bool names = false;
	struct rmem_profile p;
	int c;

	while ((c = getopt_long(argc, argv, "c:hn", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'n':
			names = true;
			break;
		case 'h':
			rmem_cli_help(stdout, &rmem_cli_page_profiles);
			return RMEM_EXIT_OK;
		default:
			return rmem_cli_option_error(argv, opts);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rmem profiles: unexpected '%s'; see 'rmem profiles --help'\n",
			argv[optind]);
		return RMEM_EXIT_USAGE;
	}
	if (config && names) {
		fprintf(stderr, "rmem profiles: --names lists the built-in profiles; it takes no --config\n");
		return RMEM_EXIT_USAGE;
	}
	if (names) {
		for (size_t i = 0; rmem_profile_builtin_name(i); i++)
			printf("%s\n", rmem_profile_builtin_name(i));
		return RMEM_EXIT_OK;
	}
	if (config) {
		char err[256] = "cannot read it";

		if (rmem_profile_builtin(RMEM_PROFILE_DEFAULT, &p) ||
		    rmem_profile_load_config(&p, config, err, sizeof(err))) {
			rmem_cli_error("%s: %s", config, err);
			return RMEM_EXIT_INPUT;
		}
		show(&p);
		return RMEM_EXIT_OK;
	}
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		if (rmem_profile_builtin(rmem_profile_builtin_name(i), &p))
			return RMEM_EXIT_INTERNAL;
		show(&p);
	}
	return RMEM_EXIT_OK;
}
