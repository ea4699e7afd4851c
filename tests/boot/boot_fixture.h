/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Booting a device tree built with rmem_test_fdt through rmem_plan_boot(),
 * as `rmem plan` does: the boot tests' one helper.  Header-only.
 */
#ifndef BOOT_FIXTURE_H
#define BOOT_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include <rmem/plan.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "internal.h"

/* Finish @dt and boot it on a machine running @p; rmem_plan_boot() must return 0. */
static inline struct rmem_ctx *boot_dt_on(struct rmem_test_dt *dt, const struct rmem_profile *p)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256] = "";
	size_t size;
	void *blob;

	assert_non_null(ctx);
	blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_plan_boot(ctx, blob, size, NULL, err, sizeof(err)), 0);
	free(blob);
	return ctx;
}

/* Finish @dt and boot it on @profile as a bootloader hands it over (@opt); must return 0. */
static inline struct rmem_ctx *boot_dt_with(struct rmem_test_dt *dt, const char *profile,
					    const struct rmem_plan_options *opt)
{
	struct rmem_ctx *ctx = rmem_test_ctx(profile, 0, 0);
	char err[256] = "";
	size_t size;
	void *blob = rmem_test_dt_finish(dt, &size);

	assert_int_equal(rmem_plan_boot(ctx, blob, size, opt, err, sizeof(err)), 0);
	free(blob);
	return ctx;
}

/* Finish @dt and boot it on @profile; rmem_plan_boot() must return 0. */
static inline struct rmem_ctx *boot_dt(struct rmem_test_dt *dt, const char *profile)
{
	return boot_dt_with(dt, profile, NULL);
}

/*
 * riscv64 on QEMU's virt board as the conformance suite boots it: the
 * kernel image at 0x80200000 (2 MiB-rounded, 32 MiB), the DTB where QEMU
 * puts it with 1 GiB and more, 0xbfe00000.
 */
static inline const struct rmem_plan_options *riscv64_qemu_boot(void)
{
	static const struct rmem_reservation image = { 0x80200000, 0x2000000 };
	static const struct rmem_plan_options opt = {
		.reserve = &image, .nr_reserve = 1, .fdt_addr_set = true, .fdt_addr = 0xbfe00000,
	};

	return &opt;
}

/*
 * Its DTB as OpenSBI hands it over: @ram at 0x80000000, /chosen's
 * @bootargs (none when NULL), and /reserved-memory holding OpenSBI's own
 * 512 KiB first, left open for the test's nodes.
 */
static inline void riscv64_qemu_dt(struct rmem_test_dt *dt, uint64_t ram, const char *bootargs)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@80000000", 0x80000000, ram);
	if (bootargs)
		rmem_test_dt_chosen(dt, bootargs);
	rmem_test_dt_begin_reserved_memory(dt, 2, 2);
	rmem_test_dt_begin_node(dt, "mmode_resv0@80000000");
	RMEM_TEST_DT_REG(dt, "reg", 0x80000000, 0x80000);
	rmem_test_dt_end_node(dt);
}

/*
 * The log's lines the conformance suite judges (tests/conformance/run.py,
 * PREFIXES), in order, must be @want: those beginning with a subsystem's
 * prefix, and the second line of an OVERLAP DETECTED record.
 */
static inline void assert_judged_lines(struct rmem_ctx *ctx, const char *const *want, size_t n)
{
	static const char *const prefixes[] = {
		"Reserved memory: ", "OF: reserved mem: ", "cma: ", "OF: fdt: Reserved memory: ",
	};
	const struct rmem_log *log = rmem_ctx_log(ctx);
	size_t k = 0;

	for (size_t i = 0; i < log->nr; i++) {
		const struct rmem_log_line *l = &log->lines[i];
		bool judged = l->cont;

		if (l->level == RMEM_LOG_DEBUG || l->level == RMEM_LOG_ADVICE)
			continue;
		for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
			judged |= !strncmp(l->text, prefixes[p], strlen(prefixes[p]));
		if (!judged)
			continue;
		if (k == n)
			fail_msg("a line more than the kernel printed: %s", l->text);
		if (strcmp(l->text, want[k]))
			fail_msg("line %zu:\n  kernel: %s\n  rmem:   %s", k + 1, want[k], l->text);
		k++;
	}
	if (k != n)
		fail_msg("line %zu missing: %s", k + 1, want[k]);
}

#endif /* BOOT_FIXTURE_H */
