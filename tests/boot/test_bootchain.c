// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot chain as input: kernel image headers, U-Boot's environment, and
 * the early reservations derived from them.  The reservations are checked
 * against the conformance suite's recordings: each case's meta.json names
 * the Debian package it booted and the reservations that boot made (the
 * kernel's own _text/_stext/_end from its System.map), so the image of the
 * same package in /var/cache/rmem/kernels/ must give the same ranges.
 */
#include <errno.h>
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rmem/bootchain.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "rmem_test_profiles.h"

#define KERNELS "/var/cache/rmem/kernels"

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_le64(unsigned char *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static void image_header(unsigned char *h, uint64_t text_offset, uint64_t size, uint64_t flags)
{
	memset(h, 0, 64);
	memcpy(h, "MZ", 2);
	put_le64(h + 8, text_offset);
	put_le64(h + 16, size);
	put_le64(h + 24, flags);
}

static void test_arm64_header(void **state)
{
	unsigned char h[64];
	struct rmem_kernel_image img;
	char err[256];

	(void)state;
	image_header(h, 0, 0x2b40000, 0xa);
	memcpy(h + 56, "ARM\x64", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, RMEM_IMAGE_ARM64);
	assert_int_equal(img.image_size, 0x2b40000);
	assert_int_equal(img.page_size, 4096);
	assert_true(img.phys_anywhere);
	assert_false(img.big_endian);
	/* 16K pages, big-endian, no placement bit */
	image_header(h, 0, 0x1000000, 0x5);
	memcpy(h + 56, "ARM\x64", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(img.page_size, 16384);
	assert_true(img.big_endian);
	assert_false(img.phys_anywhere);
	/* before 3.17: image_size 0, text_offset taken as 0x80000 */
	image_header(h, 0x12345, 0, 0xe);
	memcpy(h + 56, "ARM\x64", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(img.text_offset, 0x80000);
	assert_int_equal(img.page_size, 0);
	/* cut short, or no magic */
	assert_int_equal(rmem_kernel_image_parse(h, 40, &img, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "40 bytes: too short"));
	memcpy(h + 56, "ARM\x63", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a kernel image"));
}

static void test_riscv_header(void **state)
{
	unsigned char h[64];
	struct rmem_kernel_image img;
	char err[256];

	(void)state;
	image_header(h, 0x200000, 0x1e6c000, 0);
	put_le32(h + 32, 2);
	memcpy(h + 48, "RISCV\0\0\0", 8);
	memcpy(h + 56, "RSC\x05", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, RMEM_IMAGE_RISCV);
	assert_int_equal(img.text_offset, 0x200000);
	assert_int_equal(img.header_version, 2);
	/* the deprecated magic alone still says riscv */
	memset(h + 56, 0, 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, RMEM_IMAGE_RISCV);
}

/* A zImage's head: the magic words at 0x24, the KLSZ table, the appended size. */
static size_t zimage(unsigned char *z, size_t len)
{
	memset(z, 0, len);
	put_le32(z + 0x24, 0x016f2818);
	put_le32(z + 0x2c, (uint32_t)len);
	put_le32(z + 0x30, 0x04030201);
	put_le32(z + 0x34, 0x45454545);
	put_le32(z + 0x38, 0x100);
	put_le32(z + 0x100, 6);
	put_le32(z + 0x104, 0x5a534c4b);
	put_le32(z + 0x108, 0x1fc);		/* __piggy_size_addr - _start */
	put_le32(z + 0x10c, 0x60000);		/* _kernel_bss_size */
	put_le32(z + 0x110, 0x208000);		/* TEXT_OFFSET */
	put_le32(z + 0x114, 0x10000);		/* MALLOC_SIZE */
	put_le32(z + 0x1fc, 0x1400000);		/* the decompressed size */
	return len;
}

static void test_zimage_header(void **state)
{
	unsigned char z[0x200];
	struct rmem_kernel_image img;
	char err[256];

	(void)state;
	assert_int_equal(rmem_kernel_image_parse(z, zimage(z, sizeof(z)), &img, err, sizeof(err)),
			 0);
	assert_int_equal(img.format, RMEM_IMAGE_ZIMAGE);
	assert_int_equal(img.text_offset, 0x208000);
	assert_int_equal(img.decompressed_size, 0x1400000);
	assert_int_equal(img.bss_size, 0x60000);
	/* the appended size past the end: cut short */
	assert_int_equal(rmem_kernel_image_parse(z, 0x1fe, &img, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "zImage cut short"));
	/* no KLSZ table (before 4.15) */
	put_le32(z + 0x104, 0);
	assert_int_equal(rmem_kernel_image_parse(z, sizeof(z), &img, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "KLSZ"));
	/* a gzip-compressed Image */
	z[0] = 0x1f;
	z[1] = 0x8b;
	assert_int_equal(rmem_kernel_image_parse(z, sizeof(z), &img, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "gzip"));
}

static void test_env_text(void **state)
{
	static const char text[] =
		"# comment\n"
		"arch=arm\r\n"
		"  kernel_addr_r=0x40400000\n"
		"\n"
		"fdt_addr_r=4fa00000\n"
		"fdt_high=0xffffffffffffffff\n"
		"bootcmd=run distro_bootcmd; booti ${kernel_addr_r} - ${fdt_addr_r}\n"
		"Environment size: 1234/65532 bytes\n";
	struct rmem_uboot_env env;
	char err[256];

	(void)state;
	assert_int_equal(rmem_uboot_env_parse(text, strlen(text), &env, err, sizeof(err)), 0);
	assert_true(env.set[RMEM_UBOOT_KERNEL_ADDR_R]);
	assert_int_equal(env.value[RMEM_UBOOT_KERNEL_ADDR_R], 0x40400000);
	assert_int_equal(env.value[RMEM_UBOOT_FDT_ADDR_R], 0x4fa00000);
	assert_int_equal(env.value[RMEM_UBOOT_FDT_HIGH], UINT64_MAX);
	assert_false(env.set[RMEM_UBOOT_RAMDISK_ADDR_R]);
	assert_false(env.binary);
	assert_int_equal(rmem_uboot_env_parse("a=1\nkernel_addr_r=${loadaddr}\n", 30, &env, err,
					      sizeof(err)), -EINVAL);
	assert_string_equal(err, "line 2: kernel_addr_r '${loadaddr}': expected a hexadecimal address, as U-Boot reads it");
	assert_int_equal(rmem_uboot_env_parse("a=1\n\nno equals sign\n", 20, &env, err,
					      sizeof(err)), -EINVAL);
	assert_string_equal(err, "line 3: expected name=value, got 'no equals sign'");
}

/* The binary env: its CRC32 (zlib's, computed by Python for these bytes), then the data. */
static void test_env_binary(void **state)
{
	static const char data[] = "bootm_size=10000000\0fdt_addr_r=0x48000000\0kernel_addr_r=40200000\0";
	unsigned char env_bin[4 + 96] = { 0x90, 0xb7, 0xa1, 0x2e };
	unsigned char redundant[5 + 96] = { 0x28, 0xe2, 0x36, 0x02, 0x01 };
	struct rmem_uboot_env env;
	char err[256];

	(void)state;
	memcpy(env_bin + 4, data, sizeof(data));
	assert_int_equal(rmem_uboot_env_parse(env_bin, sizeof(env_bin), &env, err, sizeof(err)), 0);
	assert_true(env.binary);
	assert_int_equal(env.value[RMEM_UBOOT_BOOTM_SIZE], 0x10000000);
	assert_int_equal(env.value[RMEM_UBOOT_KERNEL_ADDR_R], 0x40200000);
	memcpy(redundant + 5, data, sizeof(data));
	assert_int_equal(rmem_uboot_env_parse(redundant, sizeof(redundant), &env, err, sizeof(err)),
			 0);
	assert_int_equal(env.value[RMEM_UBOOT_FDT_ADDR_R], 0x48000000);
	env_bin[10] ^= 1;
	assert_int_equal(rmem_uboot_env_parse(env_bin, sizeof(env_bin), &env, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "CRC32 (0x2ea1b790)"));
}

static void *board(uint64_t ram_base, uint64_t ram_size, size_t *size)
{
	struct rmem_test_dt dt;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory", ram_base, ram_size);
	rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "fw@5ff00000");
	RMEM_TEST_DT_REG(&dt, "reg", 0x5ff00000, 0x100000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_end_node(&dt);
	return rmem_test_dt_finish(&dt, size);
}

static struct rmem_uboot_env env_of(const char *text)
{
	struct rmem_uboot_env env;
	char err[256];

	assert_int_equal(rmem_uboot_env_parse(text, strlen(text), &env, err, sizeof(err)), 0);
	return env;
}

/*
 * boot_relocate_fdt(): without fdt_high, top-down below bootm_low +
 * bootm_size, 4 KiB aligned, its size padded by CONFIG_SYS_FDT_PAD, under
 * what U-Boot's LMB holds (fw@5ff00000); fdt_high all ones: in place; on a
 * 64-bit U-Boot 0xffffffff is a limit, not "in place".
 */
static void test_fdt_relocation(void **state)
{
	struct rmem_boot_chain c;
	struct rmem_profile p;
	struct rmem_uboot_env env;
	char err[256];
	size_t size;
	void *fdt = board(0x40000000, 0x40000000, &size);

	(void)state;
	assert_int_equal(rmem_profile_builtin("arm64-6.12", &p), 0);
	env = env_of("fdt_addr_r=0x48000000\nbootm_size=0x20000000\n");
	assert_int_equal(rmem_boot_chain_derive(&p, NULL, &env, fdt, size, &c, err, sizeof(err)), 0);
	assert_true(c.fdt_addr_set);
	assert_int_equal(c.fdt_addr, (0x5ff00000 - (size + 0x3000)) & ~0xfffull);
	assert_int_equal(c.nr_reserve, 0);
	env = env_of("fdt_addr_r=0x48000000\nfdt_high=ffffffffffffffff\n");
	assert_int_equal(rmem_boot_chain_derive(&p, NULL, &env, fdt, size, &c, err, sizeof(err)), 0);
	assert_int_equal(c.fdt_addr, 0x48000000);
	env = env_of("fdt_addr_r=0x48000000\nfdt_high=0xffffffff\n");
	assert_int_equal(rmem_boot_chain_derive(&p, NULL, &env, fdt, size, &c, err, sizeof(err)), 0);
	assert_int_equal(c.fdt_addr, (0x80000000 - (size + 0x3000)) & ~0xfffull);
	free(fdt);
}

/* An image of another arch, or of another page size, than the profile's kernel. */
static void test_wrong_kernel(void **state)
{
	unsigned char h[64], z[0x200];
	struct rmem_kernel_image img;
	struct rmem_boot_chain c;
	struct rmem_profile p;
	char err[256];
	size_t size;
	void *fdt = board(0x40000000, 0x40000000, &size);

	(void)state;
	assert_int_equal(rmem_profile_builtin("arm64-6.12", &p), 0);
	assert_int_equal(rmem_kernel_image_parse(z, zimage(z, sizeof(z)), &img, err, sizeof(err)), 0);
	assert_int_equal(rmem_boot_chain_derive(&p, &img, NULL, fdt, size, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "an arm zImage, but arm64-6.12 is an arm64 kernel");
	image_header(h, 0, 0x1000000, 0xc);
	memcpy(h + 56, "ARM\x64", 4);
	assert_int_equal(rmem_kernel_image_parse(h, sizeof(h), &img, err, sizeof(err)), 0);
	assert_int_equal(rmem_boot_chain_derive(&p, &img, NULL, fdt, size, &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "a kernel with 16 KiB pages, but arm64-6.12 has 4 KiB pages");
	free(fdt);
}

static json_t *meta_of(const char *profile)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/tests/conformance/expected/%s/000-baseline.meta.json",
		 getenv("RMEM_SOURCE_DIR"), profile);
	return json_load_file(path, 0, NULL);
}

/* The package's kernel image in the cache, or false. */
static bool cached_image(const char *package, char *path, size_t len)
{
	static const char *const where[] = { "boot/vmlinu[xz]-*", "usr/lib/modules/*/vmlinuz*" };
	bool found = false;

	for (size_t i = 0; i < 2 && !found; i++) {
		char pattern[4096];
		glob_t g;

		snprintf(pattern, sizeof(pattern), KERNELS "/%s/%s", package, where[i]);
		if (!glob(pattern, 0, NULL, &g) && g.gl_pathc) {
			snprintf(path, len, "%s", g.gl_pathv[0]);
			found = true;
		}
		globfree(&g);
	}
	return found;
}

static uint64_t hex_of(json_t *o, const char *key)
{
	return strtoull(json_string_value(json_object_get(o, key)), NULL, 16);
}

/* The reservations rmem derives for @meta's boot, against those it recorded. */
static void match_meta(const struct rmem_profile *p, json_t *meta, const char *image)
{
	json_t *rsv = json_object_get(meta, "early_reservations"), *r;
	char env_text[64], err[256];
	struct rmem_kernel_image img;
	struct rmem_uboot_env env;
	struct rmem_boot_chain c;
	size_t size, i, n = 0;
	uint64_t ram_base;
	void *fdt;

	assert_int_equal(rmem_kernel_image_load(image, &img, err, sizeof(err)), 0);
	/* QEMU's -kernel puts it at kernel_load; booti or bootz at kernel_addr_r the same */
	snprintf(env_text, sizeof(env_text), "kernel_addr_r=%s\n",
		 json_string_value(json_object_get(meta, "kernel_load")));
	env = env_of(env_text);
	ram_base = strtoull(json_string_value(json_array_get(json_object_get(meta, "memory"), 0)),
			    NULL, 16);
	fdt = board(ram_base, hex_of(meta, "ram"), &size);
	assert_int_equal(rmem_boot_chain_derive(p, &img, &env, fdt, size, &c, err, sizeof(err)), 0);
	json_array_foreach(rsv, i, r) {
		if (!strcmp(json_string_value(json_object_get(r, "what")), "dtb"))
			continue;
		assert_true(n < c.nr_reserve);
		if (c.reserve[n].base != hex_of(r, "base") || c.reserve[n].size != hex_of(r, "size"))
			fail_msg("%s: %s: derived %#llx+%#llx, the boot reserved %s+%s", p->name,
				 image, (unsigned long long)c.reserve[n].base,
				 (unsigned long long)c.reserve[n].size,
				 json_string_value(json_object_get(r, "base")),
				 json_string_value(json_object_get(r, "size")));
		n++;
	}
	assert_int_equal(n, c.nr_reserve);
	free(fdt);
}

static void test_real_images(void **state)
{
	size_t matched = 0;
	char image[4096];

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		json_t *meta = meta_of(it.name);
		const char *package = json_string_value(json_object_get(meta, "kernel_package"));

		if (package && cached_image(package, image, sizeof(image))) {
			match_meta(&it.p, meta, image);
			matched++;
		}
		json_decref(meta);
	}
	print_message("boot chain: %zu profiles' recorded boots matched by their cached images\n",
		      matched);
	if (!access(KERNELS, R_OK) && !matched)
		fail_msg("the kernel cache is there, but no recorded boot has its package's image");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64_header),
		cmocka_unit_test(test_riscv_header),
		cmocka_unit_test(test_zimage_header),
		cmocka_unit_test(test_env_text),
		cmocka_unit_test(test_env_binary),
		cmocka_unit_test(test_fdt_relocation),
		cmocka_unit_test(test_wrong_kernel),
		cmocka_unit_test(test_real_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
