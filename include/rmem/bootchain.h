/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot chain as input: the kernel image file's header and U-Boot's
 * environment say where the bootloader puts the kernel and the DTB, and so
 * the early reservations the kernel makes before it reads
 * /reserved-memory (what rmem_plan_options.reserve and .fdt_addr take).
 *
 * The headers: Documentation/arch/arm64/booting.rst (the Image),
 * Documentation/arch/riscv/boot-image-header.rst, and arm's zImage as
 * arch/arm/boot/compressed/head.S and vmlinux.lds.S lay it out (the magic
 * words at 0x24, the table of the decompressed kernel's facts, the
 * decompressed size appended to the compressed data).  Where U-Boot puts
 * things: booti_setup() (arch/arm/lib/image.c, arch/riscv/lib/image.c),
 * bootz, boot_relocate_fdt() (boot/image-fdt.c).
 */
#ifndef RMEM_BOOTCHAIN_H
#define RMEM_BOOTCHAIN_H

#include <rmem/api.h>
#include <rmem/profile.h>
#include <rmem/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_image_format {
	RMEM_IMAGE_NONE,
	RMEM_IMAGE_ARM64,		/* "ARM\x64" at 56 */
	RMEM_IMAGE_ZIMAGE,		/* arm's zImage: 0x016f2818 at 0x24 */
	RMEM_IMAGE_RISCV,		/* "RSC\x05" at 56 (or "RISCV" at 48) */
};

struct rmem_kernel_image {
	enum rmem_image_format format;
	uint64_t file_size;
	/* Image (arm64, riscv): the header's fields, little endian */
	uint64_t text_offset;		/* zImage: TEXT_OFFSET from its table */
	uint64_t image_size;		/* _end - _text; 0 in an arm64 Image before 3.17 */
	uint64_t flags;
	bool big_endian;		/* flags bit 0 */
	unsigned int page_size;		/* arm64: flags bits 1-2 (0: unspecified) */
	bool phys_anywhere;		/* arm64: flags bit 3, the 2 MiB base anywhere in RAM */
	uint32_t header_version;	/* riscv: major << 16 | minor */
	/* zImage */
	uint32_t zimage_start, zimage_end;	/* the link address (0: position independent), _edata */
	uint32_t decompressed_size;	/* appended by the build after the compressed data */
	uint32_t bss_size;		/* _kernel_bss_size, from the table */
};

/**
 * rmem_kernel_image_parse() - the header of the kernel image file @data
 * (@len bytes, the whole file).
 * Returns 0; -EINVAL with @err saying why: no header rmem knows, a header
 * cut short, a gzip or EFI zboot image that is not decompressed.
 */
RMEM_API
int rmem_kernel_image_parse(const void *data, size_t len, struct rmem_kernel_image *img,
			    char *err, size_t errlen);

/* The largest kernel image file rmem reads (Debian's arm64 Image is under 50 MiB). */
#define RMEM_KERNEL_IMAGE_MAX_FILE (256u << 20)

/**
 * rmem_kernel_image_load() - rmem_kernel_image_parse() on the file @path.
 * Returns 0; -EINVAL (not an image rmem reads), -EFBIG, -ENOMEM or the
 * errno of reading it, with @err saying why.
 */
RMEM_API
int rmem_kernel_image_load(const char *path, struct rmem_kernel_image *img, char *err,
			   size_t errlen);

/** "arm64 Image", "arm zImage", "riscv Image". */
RMEM_API
const char *rmem_kernel_image_format_name(enum rmem_image_format format);

/* The variables of U-Boot's environment rmem reads. */
enum rmem_uboot_var {
	RMEM_UBOOT_KERNEL_ADDR_R,
	RMEM_UBOOT_FDT_ADDR_R,
	RMEM_UBOOT_RAMDISK_ADDR_R,
	RMEM_UBOOT_BOOTM_LOW,
	RMEM_UBOOT_BOOTM_SIZE,
	RMEM_UBOOT_BOOTM_MAPSIZE,
	RMEM_UBOOT_FDT_HIGH,
	RMEM_UBOOT_INITRD_HIGH,
	RMEM_UBOOT_NR_VARS
};

struct rmem_uboot_env {
	bool set[RMEM_UBOOT_NR_VARS];
	uint64_t value[RMEM_UBOOT_NR_VARS];
	bool binary;			/* read from a binary env (CRC32 header) */
};

/** The variable's name: "kernel_addr_r", ... */
RMEM_API
const char *rmem_uboot_var_name(enum rmem_uboot_var var);

/**
 * rmem_uboot_env_parse() - U-Boot's environment in @data: text, one
 * name=value a line (a board's .env file, `fw_printenv` or `printenv`
 * output; # comments and blank lines skipped), or the binary env (a
 * CRC32, a flags byte in a redundant one, NUL-ended name=value strings).
 * The addresses are hexadecimal with or without 0x, as U-Boot reads them.
 * Returns 0; -EINVAL with @err naming the line or the problem.
 */
RMEM_API
int rmem_uboot_env_parse(const void *data, size_t len, struct rmem_uboot_env *env, char *err,
			 size_t errlen);

/* U-Boot's env is at most a few hundred KiB (CONFIG_ENV_SIZE) */
#define RMEM_UBOOT_ENV_MAX_FILE (16u << 20)

/** rmem_uboot_env_parse() on the file @path; returns as rmem_kernel_image_load(). */
RMEM_API
int rmem_uboot_env_load(const char *path, struct rmem_uboot_env *env, char *err, size_t errlen);

#define RMEM_BOOT_CHAIN_MAX 4
#define RMEM_BOOT_CHAIN_NOTES 8

/* A range the chain names: a reservation the kernel makes, a file loaded. */
struct rmem_boot_range {
	char what[80];
	rmem_phys_t base;
	rmem_phys_t size;
};

struct rmem_boot_chain {
	/* the kernel's early reservations, the image first (rmem_plan_options.reserve) */
	struct rmem_boot_range reserve[RMEM_BOOT_CHAIN_MAX];
	size_t nr_reserve;
	/* where the kernel finds the DTB (rmem_plan_options.fdt_addr) */
	bool fdt_addr_set;
	rmem_phys_t fdt_addr;
	/* the files as the bootloader loads them, before it moves or unpacks them */
	struct rmem_boot_range loads[RMEM_BOOT_CHAIN_MAX];
	size_t nr_loads;
	/* how each value was found, one sentence each */
	char notes[RMEM_BOOT_CHAIN_NOTES][320];
	size_t nr_notes;
};

/**
 * rmem_boot_chain_derive() - where U-Boot puts the kernel of @img and the
 * DTB @fdt (@fdt_size bytes, its memory nodes as the bootloader hands them
 * over), given @env (either may be NULL), and the early reservations the
 * kernel of @p makes from there.
 * Returns 0; -EINVAL with @err when @img is not a kernel of @p's arch, its
 * page size or endianness; -EOPNOTSUPP when rmem has no boot story for @p.
 */
RMEM_API
int rmem_boot_chain_derive(const struct rmem_profile *p, const struct rmem_kernel_image *img,
			   const struct rmem_uboot_env *env, const void *fdt, size_t fdt_size,
			   struct rmem_boot_chain *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_BOOTCHAIN_H */
