// SPDX-License-Identifier: GPL-2.0-only
/*
 * U-Boot's environment: the load addresses the board's boot script uses.
 * Text (name=value lines: a board's .env, fw_printenv or printenv output)
 * or the binary env U-Boot saves (env/common.c: a CRC32 of the data, a
 * flags byte when the env is redundant, then NUL-ended name=value strings
 * and an empty one).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/bootchain.h>

#include "boot/boot.h"
#include "fdt/fdt.h"
#include "lib/file.h"

static const char *const var_names[RMEM_UBOOT_NR_VARS] = {
	[RMEM_UBOOT_KERNEL_ADDR_R] = "kernel_addr_r",
	[RMEM_UBOOT_FDT_ADDR_R] = "fdt_addr_r",
	[RMEM_UBOOT_RAMDISK_ADDR_R] = "ramdisk_addr_r",
	[RMEM_UBOOT_BOOTM_LOW] = "bootm_low",
	[RMEM_UBOOT_BOOTM_SIZE] = "bootm_size",
	[RMEM_UBOOT_BOOTM_MAPSIZE] = "bootm_mapsize",
	[RMEM_UBOOT_FDT_HIGH] = "fdt_high",
	[RMEM_UBOOT_INITRD_HIGH] = "initrd_high",
};

const char *rmem_uboot_var_name(enum rmem_uboot_var var)
{
	return var < RMEM_UBOOT_NR_VARS ? var_names[var] : NULL;
}

/* zlib's CRC-32 (the reflected 0xedb88320 polynomial), as U-Boot's env header has it. */
static uint32_t crc32(const unsigned char *p, size_t len)
{
	uint32_t crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

/* hextoul(): hexadecimal, 0x or not; unlike U-Boot, nothing may follow the digits. */
static bool parse_hex(const char *s, size_t len, uint64_t *v)
{
	size_t i = len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 2 : 0;

	if (i == len || len - i > 16)
		return false;
	for (*v = 0; i < len; i++) {
		char c = s[i];
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
				 c >= 'A' && c <= 'F' ? (unsigned int)(c - 'A' + 10) : 16;

		if (d > 15)
			return false;
		*v = *v << 4 | d;
	}
	return true;
}

/* One name=value; @where names it in an error ("line 3", "entry 3"). */
static int env_entry(struct rmem_uboot_env *env, const char *s, size_t len, const char *where,
		     char *err, size_t errlen)
{
	const char *eq = memchr(s, '=', len);
	size_t nlen;

	if (!eq || eq == s) {
		rmem_fdt_seterr(err, errlen, "%s: expected name=value, got '%.*s'", where,
				(int)(len > 60 ? 60 : len), s);
		return -EINVAL;
	}
	nlen = (size_t)(eq - s);
	for (size_t i = 0; i < RMEM_UBOOT_NR_VARS; i++) {
		const char *v = eq + 1;
		size_t vlen = len - nlen - 1;

		if (strlen(var_names[i]) != nlen || memcmp(var_names[i], s, nlen))
			continue;
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' || v[vlen - 1] == '\r'))
			vlen--;
		if (!parse_hex(v, vlen, &env->value[i])) {
			rmem_fdt_seterr(err, errlen, "%s: %s '%.*s': expected a hexadecimal address, as U-Boot reads it",
					where, var_names[i], (int)(vlen > 40 ? 40 : vlen), v);
			return -EINVAL;
		}
		env->set[i] = true;
	}
	return 0;
}

/* The binary env's data from @off: NUL-ended entries up to an empty one. */
static int env_binary(struct rmem_uboot_env *env, const char *d, size_t len, size_t off,
		      char *err, size_t errlen)
{
	char where[32];
	unsigned int n = 0;

	env->binary = true;
	while (off < len && d[off]) {
		const char *end = memchr(d + off, '\0', len - off);
		/* the env's last entry may run to the end of a cut-short file */
		size_t elen = end ? (size_t)(end - (d + off)) : len - off;
		int ret;

		snprintf(where, sizeof(where), "entry %u", ++n);
		ret = env_entry(env, d + off, elen, where, err, errlen);
		if (ret)
			return ret;
		off += elen + 1;
	}
	return 0;
}

static int env_text(struct rmem_uboot_env *env, const char *d, size_t len, char *err,
		    size_t errlen)
{
	char where[32];
	unsigned int line = 0;

	for (size_t off = 0; off < len;) {
		const char *nl = memchr(d + off, '\n', len - off);
		size_t llen = nl ? (size_t)(nl - (d + off)) : len - off;
		const char *s = d + off;
		int ret;

		line++;
		off += llen + 1;
		while (llen && (*s == ' ' || *s == '\t')) {
			s++;
			llen--;
		}
		if (llen && s[llen - 1] == '\r')
			llen--;
		/* printenv's last line: "Environment size: 1234/65532 bytes" */
		if (!llen || *s == '#' ||
		    (llen >= 17 && !memcmp(s, "Environment size:", 17)))
			continue;
		snprintf(where, sizeof(where), "line %u", line);
		ret = env_entry(env, s, llen, where, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

int rmem_uboot_env_parse(const void *data, size_t len, struct rmem_uboot_env *env, char *err,
			 size_t errlen)
{
	const unsigned char *d = data;

	memset(env, 0, sizeof(*env));
	if (len >= 5 && memchr(d, '\0', len)) {
		uint32_t want = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
				(uint32_t)d[3] << 24;

		if (crc32(d + 4, len - 4) == want)
			return env_binary(env, data, len, 4, err, errlen);
		if (crc32(d + 5, len - 5) == want)
			return env_binary(env, data, len, 5, err, errlen);
		rmem_fdt_seterr(err, errlen, "not a U-Boot environment: binary, but its CRC32 (0x%08x) matches neither a plain nor a redundant env's data",
				want);
		return -EINVAL;
	}
	return env_text(env, data, len, err, errlen);
}

int rmem_uboot_env_load(const char *path, struct rmem_uboot_env *env, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int ret = rmem_read_input(path, RMEM_UBOOT_ENV_MAX_FILE, &buf, &len, err, errlen);

	if (!ret)
		ret = rmem_uboot_env_parse(buf, len, env, err, errlen);
	free(buf);
	return ret;
}
