// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: --kernel-image and --uboot-env.  The first byte selects:
 * bit 0, a kernel image file (0) or a U-Boot environment (1); the rest,
 * the built-in profile (modulo their number).  The other bytes are the
 * file.  What parses is derived on a small board (RAM at 0x40000000 and at
 * 0x80000000, a region with reg), as `rmem plan --kernel-image FILE` or
 * `--uboot-env FILE` does.  Besides the sanitizers it checks that each call
 * answers 0 or one of its documented errors, with a message when it
 * refuses, and that a derivation stays within its arrays.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include <rmem/rmem.h>

#include "fuzz.h"

static int board_node(void *fdt, const char *name, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
	int ret = fdt_begin_node(fdt, name);

	if (!ret && !strncmp(name, "memory", 6))
		ret = fdt_property_string(fdt, "device_type", "memory");
	if (!ret)
		ret = fdt_property(fdt, "reg", reg, sizeof(reg));
	return ret ? ret : fdt_end_node(fdt);
}

/* The board, written into @buf; 0 or libfdt's error. */
static int fuzz_bootchain_board(void *buf, int size)
{
	int ret = fdt_create(buf, size);

	if (!ret)
		ret = fdt_finish_reservemap(buf);
	if (!ret)
		ret = fdt_begin_node(buf, "");
	if (!ret)
		ret = fdt_property_u32(buf, "#address-cells", 2);
	if (!ret)
		ret = fdt_property_u32(buf, "#size-cells", 2);
	if (!ret)
		ret = board_node(buf, "memory@40000000", 0x40000000, 0x20000000);
	if (!ret)
		ret = board_node(buf, "memory@80000000", 0x80000000, 0x40000000);
	if (!ret)
		ret = fdt_begin_node(buf, "reserved-memory");
	if (!ret)
		ret = fdt_property_u32(buf, "#address-cells", 2);
	if (!ret)
		ret = fdt_property_u32(buf, "#size-cells", 2);
	if (!ret)
		ret = fdt_property(buf, "ranges", NULL, 0);
	if (!ret)
		ret = board_node(buf, "fw@5ff00000", 0x5ff00000, 0x100000);
	if (!ret)
		ret = fdt_end_node(buf);
	if (!ret)
		ret = fdt_end_node(buf);
	return ret ? ret : fdt_finish(buf);
}

static void derive(const struct rmem_profile *p, const struct rmem_kernel_image *img,
		   const struct rmem_uboot_env *env)
{
	char board[1024], err[256] = "";
	struct rmem_boot_chain c;
	int ret;

	RMEM_FUZZ_CHECK(!fuzz_bootchain_board(board, sizeof(board)));
	ret = rmem_boot_chain_derive(p, img, env, board, fdt_totalsize(board), &c, err,
				     sizeof(err));
	RMEM_FUZZ_CHECK(!ret || ret == -EINVAL || ret == -EOPNOTSUPP);
	RMEM_FUZZ_CHECK(ret != -EINVAL || err[0]);
	if (ret)
		return;
	RMEM_FUZZ_CHECK(c.nr_reserve <= RMEM_BOOT_CHAIN_MAX && c.nr_loads <= RMEM_BOOT_CHAIN_MAX);
	RMEM_FUZZ_CHECK(c.nr_notes <= RMEM_BOOT_CHAIN_NOTES);
	for (size_t i = 0; i < c.nr_notes; i++)
		RMEM_FUZZ_CHECK(memchr(c.notes[i], '\0', sizeof(c.notes[i])));
}

int rmem_fuzz_bootchain(const uint8_t *data, size_t size)
{
	struct rmem_kernel_image img;
	struct rmem_uboot_env env;
	struct rmem_profile p;
	char err[512] = "";
	int ret;

	if (!size)
		return 0;
	RMEM_FUZZ_CHECK(!rmem_profile_builtin(rmem_profile_builtin_name((size_t)(data[0] >> 1) %
									 rmem_fuzz_nr_profiles()),
					      &p));
	if (data[0] & 1)
		ret = rmem_uboot_env_parse(data + 1, size - 1, &env, err, sizeof(err));
	else
		ret = rmem_kernel_image_parse(data + 1, size - 1, &img, err, sizeof(err));
	RMEM_FUZZ_CHECK(!ret || (ret == -EINVAL && err[0]));
	if (!ret)
		derive(&p, data[0] & 1 ? NULL : &img, data[0] & 1 ? &env : NULL);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_bootchain(data, size);
}
#endif
