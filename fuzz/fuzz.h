/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets' entry points.  Each fuzz/fuzz_<target>.c defines
 * rmem_fuzz_<target>() and, unless RMEM_FUZZ_NO_ENTRY is defined, the
 * libFuzzer entry LLVMFuzzerTestOneInput() that calls it.  The regression
 * test (tests/fuzz/test_regressions.c) includes the sources with
 * RMEM_FUZZ_NO_ENTRY, so a saved input replays through exactly the code the
 * fuzzer ran.
 *
 * Every entry point accepts any bytes and returns 0.  A broken invariant
 * (a reference model disagreeing with the library) aborts, which libFuzzer
 * reports as a crash and CTest as a failed test.
 */
#ifndef RMEM_FUZZ_H
#define RMEM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <rmem/profile.h>

int rmem_fuzz_plan(const uint8_t *data, size_t size);
int rmem_fuzz_cmdline(const uint8_t *data, size_t size);
int rmem_fuzz_kconfig(const uint8_t *data, size_t size);
int rmem_fuzz_alloc(const uint8_t *data, size_t size);
int rmem_fuzz_trace(const uint8_t *data, size_t size);
int rmem_fuzz_fixup(const uint8_t *data, size_t size);
int rmem_fuzz_bootchain(const uint8_t *data, size_t size);
int rmem_fuzz_ftrace(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How many built-in profiles a selector byte chooses among. */
static inline size_t rmem_fuzz_nr_profiles(void)
{
	size_t n = 0;

	while (rmem_profile_builtin_name(n))
		n++;
	return n;
}

/* An invariant the library broke: abort so that the fuzzer keeps the input. */
#define RMEM_FUZZ_CHECK(cond)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: check failed: %s\n",		\
				__FILE__, __LINE__, #cond);			\
			abort();						\
		}								\
	} while (0)

#endif /* RMEM_FUZZ_H */
