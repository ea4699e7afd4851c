/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The board every sim test boots, and helpers to replay a trace on it.
 *
 * 1 GiB of RAM at 0x40000000; reserved memory, all static so that every
 * address is known: the default CMA area "linux,cma" (64 MiB at
 * 0x7c000000), a device CMA area "camera@50000000" (32 MiB), a no-map DMA
 * pool "vpu@60000000" (1 MiB), a DMA pool without no-map
 * "ram@61000000" (System RAM: memremap() refuses it), a no-map carveout
 * without a handler "fw@62000000", and a disabled pool.
 */
#ifndef RMEM_SIM_FIXTURE_H
#define RMEM_SIM_FIXTURE_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

#include <rmem/plan.h>
#include <rmem/sim.h>

#include "fdt/fdt.h"

static const char sim_board[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>;\n"
	"  chosen { bootargs = \"console=ttyAMA0\"; };\n"
	"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
	"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    lcma: linux,cma { compatible = \"shared-dma-pool\"; reusable; linux,cma-default;\n"
	"      reg = <0 0x7c000000 0 0x4000000>; };\n"
	"    cam: camera@50000000 { compatible = \"shared-dma-pool\"; reusable;\n"
	"      reg = <0 0x50000000 0 0x2000000>; };\n"
	"    vpu: vpu@60000000 { compatible = \"shared-dma-pool\"; no-map;\n"
	"      reg = <0 0x60000000 0 0x100000>; };\n"
	"    ramp: ram@61000000 { compatible = \"shared-dma-pool\";\n"
	"      reg = <0 0x61000000 0 0x100000>; };\n"
	"    fw: fw@62000000 { no-map; reg = <0 0x62000000 0 0x100000>; };\n"
	"    off: off@63000000 { compatible = \"shared-dma-pool\"; no-map; status = \"disabled\";\n"
	"      reg = <0 0x63000000 0 0x100000>; };\n"
	"  };\n"
	"  camera { memory-region = <&cam>; };\n"
	"  vpu { memory-region = <&vpu>; };\n"
	"  codec { memory-region = <&vpu &cam>; memory-region-names = \"vpu\", \"cam\"; };\n"
	"  plain { memory-region = <&fw>; };\n"
	"  ramdev { memory-region = <&ramp>; };\n"
	"  dflt { memory-region = <&off>; };\n"
	"  coh { memory-region = <&off>; dma-coherent; };\n"
	"  nc { memory-region = <&off>; dma-noncoherent; };\n"
	"  bus { dma-coherent; child { memory-region = <&off>; }; };\n"
	"  soc { a { dup { memory-region = <&off>; }; x { }; }; b { dup { memory-region = <&off>; }; x { }; }; };\n"
	"};\n";

struct sim_fx {
	struct rmem_ctx *ctx;
	struct rmem_fdt fdt;
	struct rmem_sim_trace t;
	struct rmem_sim *sim;
	char err[512];
	char text[RMEM_SIM_TEXT_MAX];	/* sim_fx_text()'s */
};

/* boot sim_board on @profile; fails the test on any error */
static inline void sim_fx_boot(struct sim_fx *fx, const char *profile)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_plan_options opt = { 0 };

	memset(fx, 0, sizeof(*fx));
	assert_int_equal(rmem_fdt_load_blob(&fx->fdt, sim_board, strlen(sim_board), fx->err,
					    sizeof(fx->err)), 0);
	fx->ctx = rmem_ctx_create(&p);
	assert_non_null(fx->ctx);
	assert_int_equal(rmem_plan_boot(fx->ctx, fx->fdt.blob, fx->fdt.size, &opt, fx->err,
					sizeof(fx->err)), 0);
}

/* parse and check @trace; returns what rmem_sim_create() returned */
static inline int sim_fx_load(struct sim_fx *fx, const char *trace)
{
	int ret = rmem_sim_trace_parse("t.trace", trace, strlen(trace), &fx->t, fx->err,
				       sizeof(fx->err));

	if (ret)
		return ret;
	return rmem_sim_create(fx->ctx, &fx->t, &fx->sim, fx->err, sizeof(fx->err));
}

/* boot, load and replay; every step must succeed */
static inline void sim_fx_run(struct sim_fx *fx, const char *profile, const char *trace)
{
	sim_fx_boot(fx, profile);
	if (sim_fx_load(fx, trace))
		fail_msg("trace refused: %s", fx->err);
	assert_int_equal(rmem_sim_run(fx->sim), 0);
}

/* the result of the trace's @i-th event */
static inline const struct rmem_sim_result *sim_fx_res(const struct sim_fx *fx, size_t i)
{
	const struct rmem_sim_result *r = rmem_sim_result_at(fx->sim, i);

	assert_non_null(r);
	return r;
}

/* the words of the trace's @i-th event's result, in a buffer of the fixture's */
static inline const char *sim_fx_text(struct sim_fx *fx, size_t i)
{
	int n = rmem_sim_result_format(fx->sim, i, fx->text, sizeof(fx->text));

	assert_true(n > 0 && n < (int)sizeof(fx->text));
	return fx->text;
}

static inline void sim_fx_expect(struct sim_fx *fx, size_t i, int err, const char *text)
{
	const struct rmem_sim_result *r = sim_fx_res(fx, i);
	const char *got = sim_fx_text(fx, i);

	if (r->err != err || !strstr(got, text))
		fail_msg("event %zu (line %u): got %d '%s', want %d '%s'", i, r->ev->line, r->err,
			 got, err, text);
}

/* the usage of the area or pool @name */
static inline const struct rmem_sim_usage *sim_fx_usage(const struct sim_fx *fx, const char *name)
{
	for (size_t i = 0; i < rmem_sim_usage_count(fx->sim); i++)
		if (!strcmp(rmem_sim_usage_at(fx->sim, i)->name, name))
			return rmem_sim_usage_at(fx->sim, i);
	fail_msg("no area or pool %s", name);
	return NULL;
}

static inline void sim_fx_free(struct sim_fx *fx)
{
	rmem_sim_destroy(fx->sim);
	rmem_sim_trace_release(&fx->t);
	rmem_ctx_destroy(fx->ctx);
	rmem_fdt_release(&fx->fdt);
}

#endif /* RMEM_SIM_FIXTURE_H */
