// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program that embeds rmem, built by test_install.sh against an installed
 * rmem (through pkg-config, and through find_package(rmem)).  C that is C++
 * too, so that it also shows the headers' extern "C" at work.
 *
 * usage: consumer BOARD [PROFILE]: the plan of BOARD (a .dts or .dtb) as
 * `rmem plan -k PROFILE BOARD` prints it; exit 1 on any failure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rmem/rmem.h>

static int plan(const char *board, const char *profile)
{
	struct rmem_profile p;
	struct rmem_dt *dt = NULL;
	struct rmem_ctx *ctx = NULL;
	char err[256] = "";
	int ret;

	ret = rmem_profile_builtin(profile, &p);
	if (!ret)
		ret = rmem_dt_load_file(board, &dt, err, sizeof(err));
	if (!ret) {
		ctx = rmem_ctx_create(&p);
		ret = ctx ? 0 : -errno;
	}
	if (!ret)
		ret = rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), NULL, err, sizeof(err));
	if (!ret && !rmem_cma_area_count(ctx)) {
		snprintf(err, sizeof(err), "no CMA area");
		ret = -ENOENT;
	}
	if (!ret)
		ret = rmem_report_write(ctx, RMEM_REPORT_TEXT, stdout);
	if (ret)
		fprintf(stderr, "consumer: %s: %s %s\n", board, strerror(-ret), err);
	rmem_ctx_destroy(ctx);
	rmem_dt_free(dt);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: consumer BOARD [PROFILE] (rmem %s)\n", rmem_version());
		return 2;
	}
	return plan(argv[1], argc > 2 ? argv[2] : RMEM_PROFILE_DEFAULT) ? 1 : 0;
}
