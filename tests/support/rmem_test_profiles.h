/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The built-in profiles, as the tests walk them: the library's table
 * (rmem_profile_builtin_name()) is the only list; a test picks profiles
 * by their properties, never by a list of names of its own.
 *
 *	rmem_test_for_each_profile(it, RMEM_TEST_ARM64 | RMEM_TEST_PAGE_4K) {
 *		struct rmem_ctx *ctx = rmem_test_ctx(it.name, ...);
 *		... it.p is the derived profile ...
 *	}
 *
 * A selection no built-in profile matches fails the test: a loop that runs
 * nothing must not pass.  Each step prints "[ PROFILE  ] NAME", and each
 * profile a loop leaves out "[ PROFILE  ] NAME: left out (...)", so that a
 * failure names its profile and the output shows where a profile is not
 * tested.
 *
 * Behaviour that differs between kernels is told apart by
 * rmem_test_kernel(), and values that differ between kernels are kept per
 * kernel (RMEM_TEST_BY_KERNEL()): a profile whose kernel a test has no
 * expectation for fails that test, with its name, until one is added.
 *
 * rmem_test_profile_is() and rmem_test_kernel() are the only places that
 * read the profile's fields for that (arch, page_shift, version): when
 * struct rmem_profile gains its per-kernel feature table, they are what
 * changes.
 */
#ifndef RMEM_TEST_PROFILES_H
#define RMEM_TEST_PROFILES_H

#include <stdbool.h>
#include <stddef.h>

#include <rmem/profile.h>

/* Properties a test selects on: a profile must have every bit asked for. */
#define RMEM_TEST_ALL		0u		/* every built-in profile */
#define RMEM_TEST_ARM64		(1u << 0)	/* arch arm64 */
#define RMEM_TEST_ARM		(1u << 1)	/* arch arm (32-bit) */
#define RMEM_TEST_PAGE_4K	(1u << 2)	/* PAGE_SIZE 4 KiB */
#define RMEM_TEST_PAGE_BIG	(1u << 3)	/* PAGE_SIZE above 4 KiB */
#define RMEM_TEST_RISCV64	(1u << 4)	/* arch riscv64 */
#define RMEM_TEST_CMA		(1u << 5)	/* CONFIG_CMA: mm/cma.c */
#define RMEM_TEST_DMA_CMA	(1u << 6)	/* CONFIG_DMA_CMA: the "cma" handler, cma=, a default area */
#define RMEM_TEST_PHYS_64	(1u << 7)	/* a 64-bit phys_addr_t: not arm without LPAE */
#define RMEM_TEST_PHYS_32	(1u << 8)	/* a 32-bit phys_addr_t: arm without LPAE */

/** rmem_test_profile_is() - whether @p has every property in @props. */
bool rmem_test_profile_is(const struct rmem_profile *p, unsigned int props);

/** rmem_test_props_name() - "arm64, 4K pages": @props in words, for messages. */
const char *rmem_test_props_name(unsigned int props, char *buf, size_t len);

struct rmem_test_each {
	unsigned int props;
	bool (*only)(const char *name);	/* and, unless NULL, this says yes */
	size_t next;			/* index in the built-in table */
	size_t count;			/* profiles visited so far */
	const char *name;		/* the current profile's name */
	struct rmem_profile p;		/* and the profile, derived */
};

/**
 * rmem_test_each_next() - step @it to the next built-in profile with
 * @it->props (and @it->only); false at the end.  Fails the test at the end
 * when no profile matched.
 */
bool rmem_test_each_next(struct rmem_test_each *it);

#define rmem_test_for_each_profile(it, sel) \
	for (struct rmem_test_each it = { .props = (sel) }; rmem_test_each_next(&it);)

/*
 * rmem_test_for_each_profile_if(it, sel, pred) - the same, only the profiles
 * for which pred(name) is true: a per-kernel fact (RMEM_TEST_BY_KERNEL()).
 */
#define rmem_test_for_each_profile_if(it, sel, pred) \
	for (struct rmem_test_each it = { .props = (sel), .only = (pred) }; \
	     rmem_test_each_next(&it);)

/** rmem_test_profile_count() - how many built-in profiles have @props. */
size_t rmem_test_profile_count(unsigned int props);

/**
 * rmem_test_profile_nth() - the (@n modulo their number)-th built-in profile
 * with @props, for tests that take the profiles in turn; fails the test
 * when none has them.
 */
const char *rmem_test_profile_nth(unsigned int props, size_t n);

/*
 * The kernels whose behaviour the tests record, oldest first.  A new
 * kernel version is a new enumerator at the end; tables indexed by these
 * (RMEM_TEST_BY_KERNEL()) that lack it then fail, naming the test.
 */
enum rmem_test_kernel {
	RMEM_TEST_5_10,
	RMEM_TEST_6_1,
	RMEM_TEST_6_12,
	RMEM_TEST_7_2,
	RMEM_TEST_NR_KERNELS
};

/**
 * rmem_test_kernel() - the kernel of the built-in profile @name; fails the
 * test when its version is not one of the above.
 */
enum rmem_test_kernel rmem_test_kernel(const char *name);

/** rmem_test_kernel_index() - rmem_test_kernel(@name), failing unless below @n. */
size_t rmem_test_kernel_index(const char *name, size_t n, const char *what);

/*
 * RMEM_TEST_BY_KERNEL(table, name) - the entry of @table, an array indexed
 * by enum rmem_test_kernel (designated initialisers), for profile @name.
 * Fails the test when the table ends before that kernel.
 */
#define RMEM_TEST_BY_KERNEL(table, name) \
	((table)[rmem_test_kernel_index((name), sizeof(table) / sizeof((table)[0]), #table)])

/*
 * RMEM_TEST_KERNEL_FACT(type, fn, entries...) - defines
 * "static inline type fn(const char *profile)", the entry of the profile's
 * kernel among @entries, designated initialisers of a table indexed by
 * enum rmem_test_kernel:
 *
 *	RMEM_TEST_KERNEL_FACT(bool, flat_scan, [RMEM_TEST_5_10] = true,
 *			      [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false)
 */
#define RMEM_TEST_KERNEL_FACT(type, fn, ...)					\
	static inline type fn(const char *profile)				\
	{									\
		static const type fn##_by_kernel[] = { __VA_ARGS__ };		\
		return RMEM_TEST_BY_KERNEL(fn##_by_kernel, profile);		\
	}

/*
 * Per-profile checks as cmocka tests of their own, "CHECK/PROFILE", one for
 * each built-in profile: a check that has nothing to say about a profile
 * calls rmem_test_skip_profile(), and cmocka reports it SKIPPED, not passed.
 * The test function gets the profile's name as *state.
 */
struct rmem_test_check {
	const char *name;
	void (*fn)(void **state);
};

/** rmem_test_run_per_profile() - run every check on every built-in profile. */
int rmem_test_run_per_profile(const char *group, const struct rmem_test_check *checks,
			      size_t n);

/** rmem_test_skip_profile() - print why, then cmocka's skip() (does not return). */
void rmem_test_skip_profile(const char *profile, const char *why);

#endif /* RMEM_TEST_PROFILES_H */
