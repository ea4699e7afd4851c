// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_memparse() against lib/cmdline.c memparse() on top of lib/vsprintf.c
 * simple_strtoull() and lib/kstrtox.c _parse_integer_fixup_radix() /
 * _parse_integer_limit(), identical in 5.10, 6.1 and 6.12.
 */
#include <errno.h>
#include <string.h>

#include "rmem_test.h"

struct case_ {
	const char *s;
	uint64_t val;
	size_t end;	/* offset where parsing stops */
	int ret;
};

static void check(const struct case_ *c)
{
	const char *end = NULL;
	uint64_t val = 0xdeadbeef;
	int ret = rmem_memparse(c->s, &end, &val);

	print_message("memparse(\"%s\")\n", c->s);
	assert_int_equal(ret, c->ret);
	assert_int_equal(val, c->val);
	assert_ptr_equal(end, c->s + c->end);
}

static void check_all(const struct case_ *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check(&c[i]);
}

#define CHECK_ALL(a) check_all(a, sizeof(a) / sizeof(a[0]))

/* memparse(): each suffix K M G T P E shifts by 10 more, either case, and is consumed */
static void test_suffixes(void **state)
{
	static const struct case_ c[] = {
		{ "1", 1, 1, 0 },
		{ "1k", 1ULL << 10, 2, 0 }, { "1K", 1ULL << 10, 2, 0 },
		{ "1m", 1ULL << 20, 2, 0 }, { "1M", 1ULL << 20, 2, 0 },
		{ "1g", 1ULL << 30, 2, 0 }, { "1G", 1ULL << 30, 2, 0 },
		{ "1t", 1ULL << 40, 2, 0 }, { "1T", 1ULL << 40, 2, 0 },
		{ "1p", 1ULL << 50, 2, 0 }, { "1P", 1ULL << 50, 2, 0 },
		{ "1e", 1ULL << 60, 2, 0 }, { "1E", 1ULL << 60, 2, 0 },
		{ "64M", 64ULL << 20, 3, 0 },
		{ "15E", 15ULL << 60, 3, 0 },
		/* only one suffix is read: the second letter stays */
		{ "1MK", 1ULL << 20, 2, 0 },
		{ "64MB", 64ULL << 20, 3, 0 },
		{ "64MiB", 64ULL << 20, 3, 0 },
	};

	(void)state;
	CHECK_ALL(c);
}

/* simple_strtoull(.., 0) via _parse_integer_fixup_radix(): 0x hex, leading 0 octal */
static void test_radix(void **state)
{
	static const struct case_ c[] = {
		{ "0", 0, 1, 0 },
		{ "10", 10, 2, 0 },
		{ "010", 8, 3, 0 },
		{ "0x10", 16, 4, 0 }, { "0X10", 16, 4, 0 },
		{ "0x40000000", 0x40000000, 10, 0 },
		{ "0xABCdef", 0xabcdef, 8, 0 },
		/* octal stops at 8 and 9 */
		{ "08", 0, 1, 0 }, { "0789", 7, 2, 0 },
		/* hex digits are not suffixes: 0x1e is 30, not 1 EiB */
		{ "0x1e", 0x1e, 4, 0 }, { "0x1E", 0x1e, 4, 0 },
		/* but M after hex digits is */
		{ "0x10M", 16ULL << 20, 5, 0 },
		/* 'e' after a decimal is the exa suffix */
		{ "2e", 2ULL << 60, 2, 0 },
		/* octal then 'e' (not an octal digit): suffix */
		{ "0e", 0, 2, 0 },
		/* "0x" without a hex digit: octal 0, stops at the x */
		{ "0x", 0, 1, 0 }, { "0X", 0, 1, 0 }, { "0xg", 0, 1, 0 },
		{ "0xM", 0, 1, 0 }, { "0x@1", 0, 1, 0 },
		/* decimal stops at a hex letter that is no suffix */
		{ "12a", 12, 2, 0 }, { "12f", 12, 2, 0 },
		/* leading zeros before hex are octal zeros */
		{ "00x10", 0, 2, 0 },
	};

	(void)state;
	CHECK_ALL(c);
}

/* simple_strtoull(): no sign, no blanks; memparse() still reads a lone suffix */
static void test_no_number(void **state)
{
	static const struct case_ c[] = {
		{ "", 0, 0, 0 },
		{ "-64M", 0, 0, 0 }, { "-1", 0, 0, 0 },
		{ "+64M", 0, 0, 0 }, { "+", 0, 0, 0 },
		{ " 64M", 0, 0, 0 },
		{ "abc", 0, 0, 0 },
		{ "@0x1000", 0, 0, 0 },
		/* no digits, but the switch on *endptr still sees a suffix */
		{ "M", 0, 1, 0 }, { "k64", 0, 1, 0 },
		{ "Q", 0, 0, 0 },
		{ "64Q", 64, 2, 0 },
	};

	(void)state;
	CHECK_ALL(c);
}

/* _parse_integer_limit() overflow: the kernel keeps res * base + val mod 2^64 */
static void test_digit_overflow(void **state)
{
	static const struct case_ c[] = {
		{ "18446744073709551615", UINT64_MAX, 20, 0 },
		{ "0xffffffffffffffff", UINT64_MAX, 18, 0 },
		{ "01777777777777777777777", UINT64_MAX, 23, 0 },
		/* 2^64 wraps to 0 */
		{ "18446744073709551616", 0, 20, -ERANGE },
		{ "0x10000000000000000", 0, 19, -ERANGE },
		/* 2^64 + 5 */
		{ "18446744073709551621", 5, 20, -ERANGE },
		/* 99999999999999999999 mod 2^64 */
		{ "99999999999999999999", 7766279631452241919ULL, 20, -ERANGE },
		{ "0x123456789abcdef01", 0x23456789abcdef01ULL, 19, -ERANGE },
	};

	(void)state;
	CHECK_ALL(c);
}

/* memparse(): the cascading "ret <<= 10" drops high bits */
static void test_shift_overflow(void **state)
{
	static const struct case_ c[] = {
		{ "16E", 0, 3, -ERANGE },
		{ "25E", 9ULL << 60, 3, -ERANGE },
		{ "16384P", 0, 6, -ERANGE },
		{ "16383P", 16383ULL << 50, 6, 0 },
		{ "17179869184G", 0, 12, -ERANGE },
		{ "17179869183G", 17179869183ULL << 30, 12, 0 },
		{ "0x40000000000000K", 0, 17, -ERANGE },
		{ "0x3fffffffffffffK", 0x3fffffffffffffULL << 10, 17, 0 },
		/* digits and shift both overflow */
		{ "18446744073709551617K", 1ULL << 10, 21, -ERANGE },
		/* zero never overflows */
		{ "0E", 0, 2, 0 },
	};

	(void)state;
	CHECK_ALL(c);
}

/* memparse(ptr, NULL): retptr is optional; rmem's val is too */
static void test_optional_outputs(void **state)
{
	const char *end;
	uint64_t val;

	(void)state;
	assert_int_equal(rmem_memparse("4K", NULL, &val), 0);
	assert_int_equal(val, 4096);
	assert_int_equal(rmem_memparse("4K@1", &end, NULL), 0);
	assert_string_equal(end, "@1");
	assert_int_equal(rmem_memparse("32E", NULL, NULL), -ERANGE);
}

/* memparse(NULL) would oops in the kernel: rmem refuses and stores nothing */
static void test_null(void **state)
{
	const char *end = "x";
	uint64_t val = 7;

	(void)state;
	assert_int_equal(rmem_memparse(NULL, &end, &val), -EINVAL);
	assert_int_equal(val, 7);
	assert_string_equal(end, "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_suffixes),
		cmocka_unit_test(test_radix),
		cmocka_unit_test(test_no_number),
		cmocka_unit_test(test_digit_overflow),
		cmocka_unit_test(test_shift_overflow),
		cmocka_unit_test(test_optional_outputs),
		cmocka_unit_test(test_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
