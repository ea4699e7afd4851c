// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a device tree blob through the whole of `rmem plan`:
 * rmem_plan_boot() (rmem_fdt_load_blob(), the profile's early boot, the
 * initcalls) and then every report format.
 *
 * Input: one selector byte, then the DTB.
 *   selector bits 0-2: the built-in profile (modulo their number)
 *   bit 3: the bootloader placed the DTB at 0x48000000 (--fdt-addr)
 *   bit 4: a kernel image reservation at 0x40200000, 32 MiB (--reserve)
 * Inputs whose DTB part does not start with the FDT magic are skipped:
 * rmem_fdt_load_blob() would hand DTS text to dtc, a child process whose
 * bugs are not rmem's and which would make every run a fork.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/rmem.h>

#include "fuzz.h"

#define FUZZ_PLAN_FDT_MAGIC	"\xd0\x0d\xfe\xed"

/*
 * Boards with RAM reaching past 1 TiB are skipped: rmem's arm64 boot takes
 * one memblock allocation per page table of the linear map, so its time
 * grows with the RAM size (0.3 s per TiB under ASan), and a memory node of
 * 2^62 bytes (easily made by a wrong #address-cells) runs for days: the
 * kernel would have cut it to PHYS_MASK_SHIFT first (arm64_memblock_init()),
 * which src/boot/arm64.c does not model yet (reported, issue 6).
 */
#define FUZZ_PLAN_MAX_RAM_END	(1ULL << 40)

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

static uint32_t fuzz_plan_root_cells(const void *fdt, const char *name)
{
	int len;
	const uint8_t *v = fdt_getprop(fdt, 0, name, &len);

	/* as early_init_dt_scan_root(): the first four bytes, 1 when absent */
	if (!v || len < 4)
		return 1;
	return (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
}

/* of_read_number(): the cells big-endian, wrapping at 64 bits */
static uint64_t fuzz_plan_read(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < cells; i++, p += 4)
		v = v << 32 | ((uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 |
			       (uint64_t)p[2] << 8 | p[3]);
	return v;
}

/* Does any "memory" node's reg or linux,usable-memory reach past the limit? */
static bool fuzz_plan_ram_too_large(const void *fdt)
{
	static const char *const props[] = { "reg", "linux,usable-memory" };
	uint32_t ac = fuzz_plan_root_cells(fdt, "#address-cells");
	uint32_t sc = fuzz_plan_root_cells(fdt, "#size-cells");
	uint64_t entry = ((uint64_t)ac + sc) * 4;

	if (!entry || ac > 1024 || sc > 1024)
		return false;
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory"))
			continue;
		for (size_t i = 0; i < 2; i++) {
			int len;
			const uint8_t *reg = fdt_getprop(fdt, node, props[i], &len);

			for (uint64_t at = 0; reg && at + entry <= (uint64_t)len; at += entry) {
				uint64_t base = fuzz_plan_read(reg + at, ac);
				uint64_t size = fuzz_plan_read(reg + at + ac * 4, sc);

				if (base + size < base || base + size > FUZZ_PLAN_MAX_RAM_END)
					return true;
			}
		}
	}
	return false;
}

/* libfdt wants the blob aligned: look at an aligned copy, as rmem does */
static bool fuzz_plan_skip(const uint8_t *blob, size_t size)
{
	void *copy = malloc(size);
	bool skip;

	RMEM_FUZZ_CHECK(copy);
	memcpy(copy, blob, size);
	skip = fdt_check_full(copy, size) == 0 && fuzz_plan_ram_too_large(copy);
	free(copy);
	return skip;
}

static size_t fuzz_plan_nr_profiles(void)
{
	size_t n = 0;

	while (rmem_profile_builtin_name(n))
		n++;
	return n;
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
	if (fuzz_plan_skip(data + 1, size - 1))
		return 0;
	sel = data[0];
	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name((sel & 7) %
						fuzz_plan_nr_profiles()), &p));
	if (sel & 8) {
		opt.fdt_addr_set = true;
		opt.fdt_addr = 0x48000000;
	}
	if (sel & 16) {
		opt.reserve = &image;
		opt.nr_reserve = 1;
	}
	ctx = rmem_ctx_create(&p);
	RMEM_FUZZ_CHECK(ctx);
	ret = rmem_plan_boot(ctx, data + 1, size - 1, &opt, err, sizeof(err));
	/* a blob libfdt rejects is the only expected failure (and out of memory) */
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	if (!ret)
		fuzz_plan_reports(ctx);
	rmem_ctx_destroy(ctx);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_plan(data, size);
}
#endif
