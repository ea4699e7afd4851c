// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel image file's header: what a bootloader reads to place it.
 * arm64 and riscv share the 64-byte Image header (booting.rst,
 * boot-image-header.rst); arm's zImage has its magic words at 0x24 and a
 * table of the decompressed kernel's facts (compressed/vmlinux.lds.S).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/bootchain.h>

#include "boot/boot.h"
#include "fdt/fdt.h"
#include "lib/file.h"

#define IMAGE_HEADER_SIZE 64
#define ZIMAGE_MAGIC 0x016f2818u
#define ZIMAGE_TABLE_MAGIC 0x5a534c4bu	/* "KLSZ" */
#define ZIMAGE_TABLE_ENTRIES 6		/* the count, KLSZ, the four facts */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* The fields arm64 and riscv share: text_offset, image_size, flags at 8. */
static void image_fields(const unsigned char *d, struct rmem_kernel_image *img)
{
	img->text_offset = le64(d + 8);
	img->image_size = le64(d + 16);
	img->flags = le64(d + 24);
	img->big_endian = img->flags & 1;
}

static void arm64_image(const unsigned char *d, struct rmem_kernel_image *img)
{
	static const unsigned int page_sizes[] = { 0, 4096, 16384, 65536 };

	img->format = RMEM_IMAGE_ARM64;
	image_fields(d, img);
	/* before 3.17: text_offset of unknown endianness, and 0x80000 */
	if (!img->image_size) {
		img->text_offset = 0x80000;
		img->flags = 0;
		img->big_endian = false;
	}
	img->page_size = page_sizes[(img->flags >> 1) & 3];
	img->phys_anywhere = img->flags & 8;
}

static int zimage(const unsigned char *d, size_t len, struct rmem_kernel_image *img, char *err,
		  size_t errlen)
{
	uint32_t table = le32(d + 0x38), piggy_size_addr;
	const unsigned char *t = d + table;

	img->format = RMEM_IMAGE_ZIMAGE;
	img->zimage_start = le32(d + 0x28);
	img->zimage_end = le32(d + 0x2c);
	if (le32(d + 0x30) != 0x04030201) {
		rmem_fdt_seterr(err, errlen, "a big-endian zImage (endianness word %#x): rmem models little-endian kernels",
				le32(d + 0x30));
		return -EINVAL;
	}
	if (le32(d + 0x34) != 0x45454545 || table > len || len - table < 4 * ZIMAGE_TABLE_ENTRIES ||
	    le32(t) < ZIMAGE_TABLE_ENTRIES || le32(t + 4) != ZIMAGE_TABLE_MAGIC) {
		rmem_fdt_seterr(err, errlen, "a zImage without the table of the decompressed kernel (\"KLSZ\", Linux 4.15 and later)%s",
				table > len ? ", or cut short" : "");
		return -EINVAL;
	}
	piggy_size_addr = le32(t + 8);
	img->bss_size = le32(t + 12);
	img->text_offset = le32(t + 16);
	if (piggy_size_addr > len || len - piggy_size_addr < 4) {
		rmem_fdt_seterr(err, errlen, "zImage cut short: the decompressed size at offset %#x lies past its %zu bytes",
				piggy_size_addr, len);
		return -EINVAL;
	}
	img->decompressed_size = le32(d + piggy_size_addr);
	return 0;
}

/* Compressed images a bootloader unpacks first: say how. */
static int packed(const unsigned char *d, size_t len, char *err, size_t errlen)
{
	if (len >= 2 && d[0] == 0x1f && d[1] == 0x8b) {
		rmem_fdt_seterr(err, errlen, "a gzip-compressed kernel (Image.gz): give the Image itself (gunzip it; U-Boot's booti unpacks it to kernel_comp_addr_r's Image)");
		return -EINVAL;
	}
	if (len >= 8 && !memcmp(d, "MZ", 2) && !memcmp(d + 4, "zimg", 4)) {
		/* its header ends with the compression's name, 32 bytes at 24 */
		if (len < 56) {
			rmem_fdt_seterr(err, errlen, "an EFI zboot image (vmlinuz.efi), cut short: %zu bytes, its header alone is 56",
					len);
			return -EINVAL;
		}
		rmem_fdt_seterr(err, errlen, "an EFI zboot image (vmlinuz.efi): give the Image it holds (the payload at offset %#x, of %u bytes, compressed with %.32s)",
				le32(d + 8), le32(d + 12), (const char *)d + 24);
		return -EINVAL;
	}
	return 0;
}

int rmem_kernel_image_parse(const void *data, size_t len, struct rmem_kernel_image *img,
			    char *err, size_t errlen)
{
	const unsigned char *d = data;
	int ret = packed(d, len, err, errlen);

	memset(img, 0, sizeof(*img));
	img->file_size = len;
	if (ret)
		return ret;
	if (len >= 0x3c && le32(d + 0x24) == ZIMAGE_MAGIC)
		return zimage(d, len, img, err, errlen);
	if (len >= IMAGE_HEADER_SIZE && !memcmp(d + 56, "ARM\x64", 4)) {
		arm64_image(d, img);
		return 0;
	}
	if (len >= IMAGE_HEADER_SIZE &&
	    (!memcmp(d + 56, "RSC\x05", 4) || !memcmp(d + 48, "RISCV\0\0\0", 8))) {
		img->format = RMEM_IMAGE_RISCV;
		image_fields(d, img);
		img->header_version = le32(d + 32);
		return 0;
	}
	if (len < IMAGE_HEADER_SIZE)
		rmem_fdt_seterr(err, errlen, "%zu bytes: too short for a kernel image header (64 bytes)",
				len);
	else
		rmem_fdt_seterr(err, errlen, "not a kernel image: no arm64 Image magic (\"ARM\\x64\" at 56), riscv Image magic (\"RSC\\x05\" at 56) or zImage magic (0x016f2818 at 0x24)");
	return -EINVAL;
}

const char *rmem_kernel_image_format_name(enum rmem_image_format format)
{
	switch (format) {
	case RMEM_IMAGE_ARM64:
		return "arm64 Image";
	case RMEM_IMAGE_ZIMAGE:
		return "arm zImage";
	case RMEM_IMAGE_RISCV:
		return "riscv Image";
	default:
		return "no kernel image";
	}
}

int rmem_kernel_image_load(const char *path, struct rmem_kernel_image *img, char *err,
			   size_t errlen)
{
	char *buf;
	size_t len;
	int ret = rmem_read_input(path, RMEM_KERNEL_IMAGE_MAX_FILE, &buf, &len, err, errlen);

	if (!ret)
		ret = rmem_kernel_image_parse(buf, len, img, err, errlen);
	free(buf);
	return ret;
}
