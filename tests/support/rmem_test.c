// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rmem_test.h"

uint64_t rmem_test_seed(const char *name)
{
	const char *env = getenv("RMEM_SEED");
	const char *how = "default";
	uint64_t seed = RMEM_TEST_DEFAULT_SEED;

	if (env && !strcmp(env, "random")) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
		how = "from the clock";
	} else if (env && *env) {
		char *end;

		errno = 0;
		seed = strtoull(env, &end, 0);
		if (errno || *end || *env == '-')
			fail_msg("RMEM_SEED=%s: want a number (decimal or 0x hex) or \"random\"", env);
		how = "RMEM_SEED";
	}
	printf("%s: seed %llu, %s (replay with RMEM_SEED=%llu)\n", name,
	       (unsigned long long)seed, how, (unsigned long long)seed);
	fflush(stdout);
	return seed;
}

unsigned long rmem_test_ops(unsigned long dflt)
{
	const char *env = getenv("RMEM_OPS");

	return env && *env ? strtoul(env, NULL, 0) : dflt;
}

/* splitmix64: small, fast, and every seed gives a good stream */
void rmem_rng_init(struct rmem_rng *rng, uint64_t seed)
{
	rng->state = seed;
}

uint64_t rmem_rng_next(struct rmem_rng *rng)
{
	uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t rmem_rng_below(struct rmem_rng *rng, uint64_t n)
{
	return rmem_rng_next(rng) % n;
}

struct rmem_profile rmem_test_profile(const char *name)
{
	struct rmem_profile p;

	assert_int_equal(rmem_profile_builtin(name, &p), 0);
	return p;
}

struct rmem_ctx *rmem_test_ctx(const char *profile, rmem_phys_t base, rmem_phys_t size)
{
	struct rmem_profile p = rmem_test_profile(profile);
	struct rmem_ctx *ctx = rmem_ctx_create(&p);

	assert_non_null(ctx);
	if (size)
		assert_int_equal(rmem_memblock_add(rmem_ctx_memblock(ctx), base, size), 0);
	return ctx;
}

long rmem_test_log_find(const struct rmem_log *log, enum rmem_loglevel level, const char *text)
{
	for (size_t i = 0; i < log->nr; i++)
		if (log->lines[i].level == level && !strcmp(log->lines[i].text, text))
			return (long)i;
	return -1;
}

bool rmem_test_log_has(const struct rmem_log *log, enum rmem_loglevel level, const char *text)
{
	return rmem_test_log_find(log, level, text) >= 0;
}

size_t rmem_test_log_count(const struct rmem_log *log, enum rmem_loglevel level)
{
	size_t n = 0;

	for (size_t i = 0; i < log->nr; i++)
		n += log->lines[i].level == level;
	return n;
}

void rmem_test_assert_line(const struct rmem_log *log, size_t i, enum rmem_loglevel level,
			   const char *text)
{
	assert_true(i < log->nr);
	assert_string_equal(log->lines[i].text, text);
	assert_int_equal(log->lines[i].level, level);
}

long rmem_test_count_lines(const struct rmem_log *log, const char *needle)
{
	long n = 0;

	for (size_t i = 0; i < log->nr; i++)
		n += strstr(log->lines[i].text, needle) != NULL;
	return n;
}

void rmem_test_mb_setup(struct rmem_test_mb *f, const char *profile)
{
	struct rmem_profile p = rmem_test_profile(profile);

	rmem_log_init(&f->log);
	assert_int_equal(rmem_memblock_init(&f->mb, &p, &f->log), 0);
}

void rmem_test_mb_teardown(struct rmem_test_mb *f)
{
	rmem_memblock_release(&f->mb);
	rmem_log_release(&f->log);
}

void rmem_test_assert_region(const struct rmem_memblock_type *t, size_t i, rmem_phys_t base,
			     rmem_phys_t size, unsigned int flags)
{
	assert_true(i < t->cnt);
	assert_int_equal(t->regions[i].base, base);
	assert_int_equal(t->regions[i].size, size);
	assert_int_equal(t->regions[i].flags, flags);
}
