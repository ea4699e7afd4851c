/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the tests: a seeded random generator for the
 * randomized tests (RMEM_SEED replays a run, RMEM_OPS sets its length),
 * profile loading, and the walk over the built-in profiles
 * (rmem_test_profiles.h).
 */
#ifndef RMEM_TEST_H
#define RMEM_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <rmem/rmem.h>

#include "rmem_test_profiles.h"

struct rmem_rng {
	uint64_t state;
};

/* The seed of every randomized test unless RMEM_SEED says otherwise. */
#define RMEM_TEST_DEFAULT_SEED 20250601ULL

/**
 * rmem_test_seed() - the seed for this run: RMEM_TEST_DEFAULT_SEED, so that
 * the default run is the same every time; $RMEM_SEED (a number, decimal or
 * 0x hex) replays a run; RMEM_SEED=random draws one from the clock (the
 * soak runs: `make soak`).  Prints "NAME: seed S (replay with RMEM_SEED=S)".
 * Fails the test on any other RMEM_SEED.
 */
uint64_t rmem_test_seed(const char *name);

/** rmem_test_ops() - $RMEM_OPS if set, else @dflt. */
unsigned long rmem_test_ops(unsigned long dflt);

void rmem_rng_init(struct rmem_rng *rng, uint64_t seed);
uint64_t rmem_rng_next(struct rmem_rng *rng);
/** A uniform value in [0, n), n > 0. */
uint64_t rmem_rng_below(struct rmem_rng *rng, uint64_t n);

/** The built-in profile @name, derived; fails the test if it does not exist. */
struct rmem_profile rmem_test_profile(const char *name);

/**
 * rmem_test_ctx() - a machine running @profile with RAM [@base, @base + @size)
 * in memblock (none when @size is 0); fails the test if it cannot be made.
 */
struct rmem_ctx *rmem_test_ctx(const char *profile, rmem_phys_t base, rmem_phys_t size);

/** rmem_test_log_find() - index of the line that is exactly @text at @level, or -1. */
long rmem_test_log_find(const struct rmem_log *log, enum rmem_loglevel level, const char *text);

/** rmem_test_log_has() - whether the log holds exactly @text at @level. */
bool rmem_test_log_has(const struct rmem_log *log, enum rmem_loglevel level, const char *text);

/** rmem_test_log_count() - how many lines the log holds at @level. */
size_t rmem_test_log_count(const struct rmem_log *log, enum rmem_loglevel level);

/** rmem_test_assert_line() - line @i of the log is exactly @text at @level. */
void rmem_test_assert_line(const struct rmem_log *log, size_t i, enum rmem_loglevel level,
			   const char *text);

/** rmem_test_count_lines() - how many lines contain @needle. */
long rmem_test_count_lines(const struct rmem_log *log, const char *needle);

/* A bare memblock with its own log, for the memblock tests. */
struct rmem_test_mb {
	struct rmem_log log;
	struct rmem_memblock mb;
};

void rmem_test_mb_setup(struct rmem_test_mb *f, const char *profile);
void rmem_test_mb_teardown(struct rmem_test_mb *f);

/** rmem_test_assert_region() - region @i of @t is [@base, @base + @size) with @flags. */
void rmem_test_assert_region(const struct rmem_memblock_type *t, size_t i, rmem_phys_t base,
			     rmem_phys_t size, unsigned int flags);

/*
 * Hand-made plan results, for the report tests: a machine with room for
 * @max node records and reserved_mem[] entries, records appended in order,
 * and an entry of the kernel's array made for a record.
 */
struct rmem_ctx *rmem_test_board(const char *profile, rmem_phys_t base, rmem_phys_t size,
				 unsigned int max);
struct rmem_rmem_node *rmem_test_node(struct rmem_ctx *ctx, const char *name,
				      enum rmem_rmem_state state, rmem_phys_t base,
				      rmem_phys_t size);
void rmem_test_save_rmem(struct rmem_ctx *ctx, struct rmem_rmem_node *n,
			 const struct rmem_rmem_handler *h, void *priv);

#endif /* RMEM_TEST_H */
