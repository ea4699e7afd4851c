// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a device tree blob through the whole of `rmem plan` and
 * `rmem check`: rmem_plan_boot() (rmem_fdt_load_blob(), the profile's early
 * boot, the initcalls), every report format, then rmem_check_run() and
 * its reports (check's text and json, the plan's json with the findings,
 * the one-line form of --lint).
 *
 * Input: one selector byte, then the DTB.
 *   selector bits 0-2 and 5-7 (bits 3-5 of the index): the built-in
 *     profile (modulo their number), so that 64 can be reached
 *   bit 3: the bootloader placed the DTB at 0x48000000 (--fdt-addr)
 *   bit 4: a kernel image reservation at 0x40200000, 32 MiB (--reserve)
 * and, with no selector bit left, the input's length: odd boots for the
 * check (rmem_plan_options.lint, as rmem check and plan --lint do), and a
 * length of 2 or 3 modulo 4 gives the check the blob as the board given
 * before the bootloader's fixup (rmem check --memory).
 * Inputs whose DTB part does not start with the FDT magic are skipped:
 * rmem_fdt_load_blob() would hand DTS text to dtc, a child process whose
 * bugs are not rmem's and which would make every run a fork.
 */
#include <errno.h>
#include <string.h>

#include <rmem/rmem.h>

#include "fuzz.h"

#define FUZZ_PLAN_FDT_MAGIC	"\xd0\x0d\xfe\xed"

static FILE *fuzz_plan_sink(void)
{
	static FILE *sink;	/* one /dev/null for the process: outputs are not looked at */

	if (!sink)
		sink = fopen("/dev/null", "w");
	return sink;
}

static void fuzz_plan_reports(struct rmem_ctx *ctx)
{
	static const enum rmem_report_format formats[] = {
		RMEM_REPORT_TEXT, RMEM_REPORT_LOG, RMEM_REPORT_JSON, RMEM_REPORT_SVG,
	};
	FILE *sink = fuzz_plan_sink();

	RMEM_FUZZ_CHECK(sink);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		int ret = rmem_report_write(ctx, formats[i], sink);

		RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	}
	(void)rmem_report_kernel_errors(ctx);
}

/* rmem check's rules on the booted machine, and what renders their findings. */
static void fuzz_plan_check(struct rmem_ctx *ctx, const struct rmem_plan_options *opt,
			    const uint8_t *blob, size_t size)
{
	struct rmem_check_options copt = { .plan = opt };
	struct rmem_check *check;
	FILE *sink = fuzz_plan_sink();
	int ret;

	if (size & 2) {
		copt.board = blob;
		copt.board_size = size;
	}
	ret = rmem_check_run(ctx, &copt, &check);
	RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	if (ret)
		return;
	RMEM_FUZZ_CHECK(rmem_check_count_severity(check, RMEM_SEVERITY_ERROR) +
			rmem_check_count_severity(check, RMEM_SEVERITY_WARNING) +
			rmem_check_count_severity(check, RMEM_SEVERITY_INFO) ==
			rmem_check_count(check));
	ret = rmem_report_check(ctx, check, RMEM_REPORT_TEXT, sink);
	RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	ret = rmem_report_check(ctx, check, RMEM_REPORT_JSON, sink);
	RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	ret = rmem_report_write_with(ctx, RMEM_REPORT_JSON, check, sink);
	RMEM_FUZZ_CHECK(ret == 0 || ret == -ENOMEM);
	for (size_t i = 0; i < rmem_check_count(check); i++)
		RMEM_FUZZ_CHECK(!rmem_report_finding_line(rmem_check_finding(check, i), sink));
	rmem_check_free(check);
}

int rmem_fuzz_plan(const uint8_t *data, size_t size)
{
	static const struct rmem_reservation image = { 0x40200000, 0x2000000 };
	struct rmem_plan_options opt = { 0 };
	struct rmem_profile p;
	struct rmem_ctx *ctx;
	char err[256];
	uint8_t sel;
	int ret;

	if (size < 1 + 4 || memcmp(data + 1, FUZZ_PLAN_FDT_MAGIC, 4))
		return 0;
	sel = data[0];
	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name(
		((size_t)(sel & 7) | (size_t)(sel >> 5) << 3) % rmem_fuzz_nr_profiles()), &p));
	if (sel & 8) {
		opt.fdt_addr_set = true;
		opt.fdt_addr = 0x48000000;
	}
	if (sel & 16) {
		opt.reserve = &image;
		opt.nr_reserve = 1;
	}
	opt.lint = size & 1;
	ctx = rmem_ctx_create(&p);
	RMEM_FUZZ_CHECK(ctx);
	ret = rmem_plan_boot(ctx, data + 1, size - 1, &opt, err, sizeof(err));
	/* a blob libfdt rejects is the only expected failure (and out of memory) */
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (!ret) {
		fuzz_plan_reports(ctx);
		fuzz_plan_check(ctx, &opt, data + 1, size - 1);
	}
	rmem_ctx_destroy(ctx);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_plan(data, size);
}
#endif
