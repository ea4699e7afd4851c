// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: what the bootloader does to a tree before the kernel reads
 * it, as `rmem plan --memory` and `--overlay` do: rmem_dt_set_memory()
 * (U-Boot's fdt_fixup_memory_banks()) and rmem_dt_apply_overlay() (libfdt's
 * fdt_overlay_apply()) on untrusted trees, then rmem_plan_boot() on the
 * result.
 *
 * Input: one selector byte, the banks, the base DTB's length, the base DTB,
 * the overlay.
 *   selector bits 0-2: how many banks (0: no --memory), each 16 bytes,
 *     base then size, little-endian
 *   bit 3: apply the overlay (the bytes after the base)
 *   bits 4-7: the built-in profile (modulo their number)
 *   then 2 bytes, little-endian: the base DTB's length
 * Inputs whose trees do not start with the FDT magic are skipped:
 * rmem_dt_load_mem() would hand DTS text to dtc, a child process.
 *
 * Invariants: every call returns 0 or one of its documented errors; a
 * failed fixup leaves the tree byte for byte as it was; a tree a fixup
 * wrote passes fdt_check_full().
 */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/rmem.h>

#include "fuzz.h"

#define FUZZ_FIXUP_FDT_MAGIC	"\xd0\x0d\xfe\xed"

struct fuzz_fixup_input {
	uint8_t sel;
	struct rmem_dt_bank banks[7];
	size_t nr_banks;
	const uint8_t *base, *overlay;
	size_t base_size, overlay_size;
};

static uint64_t fuzz_fixup_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool fuzz_fixup_is_fdt(const uint8_t *p, size_t size)
{
	return size >= 4 && !memcmp(p, FUZZ_FIXUP_FDT_MAGIC, 4);
}

/* Splits @data as the header says; false for an input to skip. */
static bool fuzz_fixup_split(const uint8_t *data, size_t size, struct fuzz_fixup_input *in)
{
	size_t need;

	if (size < 1)
		return false;
	in->sel = data[0];
	in->nr_banks = in->sel & 7;
	need = 1 + in->nr_banks * 16 + 2;
	if (size < need)
		return false;
	for (size_t i = 0; i < in->nr_banks; i++) {
		in->banks[i].base = fuzz_fixup_le64(data + 1 + i * 16);
		in->banks[i].size = fuzz_fixup_le64(data + 1 + i * 16 + 8);
	}
	in->base_size = data[need - 2] | (size_t)data[need - 1] << 8;
	if (size - need < in->base_size)
		return false;
	in->base = data + need;
	in->overlay = in->base + in->base_size;
	in->overlay_size = size - need - in->base_size;
	if (!fuzz_fixup_is_fdt(in->base, in->base_size))
		return false;
	return !(in->sel & 8) || fuzz_fixup_is_fdt(in->overlay, in->overlay_size);
}

/* A fixup's result: a documented code, and the tree unchanged by a failure. */
static void fuzz_fixup_after(const struct rmem_dt *dt, int ret, const void *before, size_t size)
{
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -EFBIG || ret == -ENOMEM);
	if (ret) {
		RMEM_FUZZ_CHECK(rmem_dt_size(dt) == size);
		RMEM_FUZZ_CHECK(!memcmp(rmem_dt_blob(dt), before, size));
		return;
	}
	RMEM_FUZZ_CHECK(fdt_check_full(rmem_dt_blob(dt), rmem_dt_size(dt)) == 0);
}

/* The fixups @in asks for, on @dt, each checked against a copy of the tree before it. */
static int fuzz_fixup_apply(struct rmem_dt *dt, const struct fuzz_fixup_input *in)
{
	size_t size = rmem_dt_size(dt);
	void *before = malloc(size);
	struct rmem_dt *overlay = NULL;
	char err[256];
	int ret = 0;

	if (!before)
		return -ENOMEM;
	memcpy(before, rmem_dt_blob(dt), size);
	if (in->nr_banks) {
		ret = rmem_dt_set_memory(dt, in->banks, in->nr_banks, err, sizeof(err));
		fuzz_fixup_after(dt, ret, before, size);
	}
	if (!ret && (in->sel & 8) &&
	    !rmem_dt_load_mem(in->overlay, in->overlay_size, &overlay, err, sizeof(err))) {
		size = rmem_dt_size(dt);
		void *now = realloc(before, size);

		ret = -ENOMEM;
		if (now) {
			before = now;
			memcpy(before, rmem_dt_blob(dt), size);
			ret = rmem_dt_apply_overlay(dt, overlay, err, sizeof(err));
			fuzz_fixup_after(dt, ret, before, size);
		}
		rmem_dt_free(overlay);
	}
	free(before);
	return ret;
}

static void fuzz_fixup_plan(const struct rmem_dt *dt, uint8_t sel)
{
	struct rmem_plan_options opt = { 0 };
	struct rmem_profile p;
	struct rmem_ctx *ctx;
	char err[256];
	int ret;

	RMEM_FUZZ_CHECK(!rmem_profile_builtin(
		rmem_profile_builtin_name((size_t)(sel >> 4) % rmem_fuzz_nr_profiles()), &p));
	ctx = rmem_ctx_create(&p);
	RMEM_FUZZ_CHECK(ctx);
	ret = rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), &opt, err, sizeof(err));
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	rmem_ctx_destroy(ctx);
}

int rmem_fuzz_fixup(const uint8_t *data, size_t size)
{
	struct fuzz_fixup_input in;
	struct rmem_dt *dt;
	char err[256];

	if (!fuzz_fixup_split(data, size, &in))
		return 0;
	if (rmem_dt_load_mem(in.base, in.base_size, &dt, err, sizeof(err)))
		return 0;
	if (!fuzz_fixup_apply(dt, &in))
		fuzz_fixup_plan(dt, in.sel);
	rmem_dt_free(dt);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_fixup(data, size);
}
#endif
