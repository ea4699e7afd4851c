// SPDX-License-Identifier: GPL-2.0-only
/*
 * memparse() as lib/cmdline.c defines it, on top of simple_strtoull()
 * (lib/vsprintf.c) and _parse_integer_fixup_radix()/_parse_integer_limit()
 * (lib/kstrtox.c).  The three are the same in 5.10, 6.1 and 6.12 (6.12
 * only spells the lower-casing of a digit with _tolower(), which is the
 * same "| 0x20"); 7.2's memparse() saturates a suffix shift that overflows
 * and takes a suffix only after a digit, which the caller asks for.
 *
 * The kernel never fails: users get whatever the C arithmetic gives, so
 * rmem computes the very same value and only adds the -ERANGE report.
 */
#include <errno.h>

#include <rmem/memparse.h>

#include "lib/memparse.h"

/* The kernel's isxdigit() (lib/ctype.c): ASCII only, whatever the locale. */
static bool kernel_isxdigit(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/*
 * _parse_integer_fixup_radix() for base 0: "0x" counts as a hex prefix only
 * when a hex digit follows, otherwise the leading '0' makes it octal and
 * the digits stop at the 'x'.
 */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (s[0] != '0') {
		*base = 10;
		return s;
	}
	if ((s[1] | 0x20) == 'x' && kernel_isxdigit(s[2])) {
		*base = 16;
		return s + 2;
	}
	*base = 8;
	return s;
}

/* The value of digit @c in any base up to 16, or 16 when it is none. */
static unsigned int digit_value(char c)
{
	unsigned int lc = (unsigned char)c | 0x20;

	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (lc >= 'a' && lc <= 'f')
		return lc - 'a' + 10;
	return 16;
}

/*
 * simple_strtoull(s, &end, 0): no sign and no leading blanks are accepted;
 * on overflow the kernel keeps multiplying modulo 2^64, so do we.
 */
static uint64_t parse_ull(const char *s, const char **end, bool *overflow)
{
	unsigned int base, val;
	uint64_t res = 0;

	s = fixup_radix(s, &base);
	while ((val = digit_value(*s)) < base) {
		if (__builtin_mul_overflow(res, base, &res))
			*overflow = true;
		if (__builtin_add_overflow(res, val, &res))
			*overflow = true;
		s++;
	}
	*end = s;
	return res;
}

/* The number of 10-bit shifts a memparse() suffix stands for, or 0. */
static unsigned int suffix_shifts(char c)
{
	switch (c | 0x20) {
	case 'k': return 1;
	case 'm': return 2;
	case 'g': return 3;
	case 't': return 4;
	case 'p': return 5;
	case 'e': return 6;
	default:  return 0;
	}
}

int rmem_memparse_kernel(const char *s, const char **end, uint64_t *val, bool saturate)
{
	bool overflow = false, saturated = false;
	const char *p;
	uint64_t ret;
	unsigned int shifts;

	if (!s)
		return -EINVAL;
	ret = parse_ull(s, &p, &overflow);
	shifts = suffix_shifts(*p);
	/* 7.2 takes a suffix only after a number (lib/cmdline.c:189 in 7.2) */
	if (saturate && p == s)
		shifts = 0;
	if (shifts)
		p++;
	if (saturate && shifts && ret >> (64 - 10 * shifts)) {
		/* check_shl_overflow(): the whole shift, or ULLONG_MAX */
		ret = UINT64_MAX;
		saturated = true;
		shifts = 0;
	}
	/* up to 6.12, the cascading "ret <<= 10" drops the high bits each time */
	while (shifts--) {
		if (ret >> (64 - 10))
			overflow = true;
		ret <<= 10;
	}
	if (end)
		*end = p;
	if (val)
		*val = ret;
	if (saturated)
		return -EOVERFLOW;
	return overflow ? -ERANGE : 0;
}

int rmem_memparse(const char *s, const char **end, uint64_t *val)
{
	return rmem_memparse_kernel(s, end, val, false);
}
