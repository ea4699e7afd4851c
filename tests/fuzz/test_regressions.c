// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replays the fuzzers' saved inputs through their own entry points (the
 * fuzz/fuzz_<target>.c sources, included here without the libFuzzer
 * entry), in the normal test build: every crash the fuzzers found stays
 * fixed.  Inputs: fuzz/regressions/<target>/ (crashes found, kept forever)
 * and fuzz/corpus/<target>/ (the seeds, so that the test exercises every
 * target even before any crash was found).  A broken invariant aborts, and
 * ASan/UBSan report a memory error, both failing the test.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rmem_test.h"

#define RMEM_FUZZ_NO_ENTRY
#include "../../fuzz/fuzz_plan.c"
#include "../../fuzz/fuzz_cmdline.c"
#include "../../fuzz/fuzz_kconfig.c"
#include "../../fuzz/fuzz_alloc.c"
#include "../../fuzz/fuzz_trace.c"
#include "../../fuzz/fuzz_fixup.c"
#include "../../fuzz/fuzz_bootchain.c"
#include "../../fuzz/fuzz_ftrace.c"

typedef int (*fuzz_entry_fn)(const uint8_t *data, size_t size);

static uint8_t *read_input(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	struct stat st;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	*size = (size_t)st.st_size;
	buf = malloc(*size ? *size : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

/* Every regular file of SOURCE/fuzz/@kind/@target through @fn; returns how many. */
static unsigned int replay_dir(const char *kind, const char *target, fuzz_entry_fn fn)
{
	const char *src = getenv("RMEM_SOURCE_DIR");
	unsigned int n = 0;
	struct dirent *de;
	char dir[4096];
	DIR *d;

	assert_non_null(src);
	snprintf(dir, sizeof(dir), "%s/fuzz/%s/%s", src, kind, target);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[8192];
		struct stat st;
		uint8_t *buf;
		size_t size;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		buf = read_input(path, &size);
		assert_int_equal(fn(buf, size), 0);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

static void replay(const char *target, fuzz_entry_fn fn)
{
	unsigned int crashes = replay_dir("regressions", target, fn);
	unsigned int seeds = replay_dir("corpus", target, fn);

	printf("fuzz/%s: %u regression inputs, %u seeds replayed\n", target, crashes, seeds);
	/* an empty replay tests nothing: the seeds must be there */
	assert_true(seeds > 0);
}

/* rmem_plan_boot() and rmem_report_write() on untrusted DTBs, every profile */
static void test_plan(void **state)
{
	replay("plan", rmem_fuzz_plan);
}

/* rmem_cmdline_parse() (init/main.c parse_early_param) and rmem_memparse() (lib/cmdline.c) */
static void test_cmdline(void **state)
{
	replay("cmdline", rmem_fuzz_cmdline);
}

/* rmem_profile_apply_config() on untrusted .config text */
static void test_kconfig(void **state)
{
	replay("kconfig", rmem_fuzz_kconfig);
}

/* mm/cma.c cma_alloc/cma_release and kernel/dma/coherent.c against reference models */
static void test_alloc(void **state)
{
	replay("alloc", rmem_fuzz_alloc);
}

/*
 * rmem sim's trace parser and replay (of_reserved_mem_device_init_by_idx(),
 * dma_alloc_coherent(), cma_alloc() of drivers/of, kernel/dma and mm/cma.c)
 * on untrusted traces
 */
static void test_trace(void **state)
{
	replay("trace", rmem_fuzz_trace);
}

/* rmem_dt_set_memory() and rmem_dt_apply_overlay() (--memory, --overlay) on untrusted trees */
static void test_fixup(void **state)
{
	replay("fixup", rmem_fuzz_fixup);
}

/* --kernel-image and --uboot-env: the headers, U-Boot's env, the derivation */
static void test_bootchain(void **state)
{
	replay("bootchain", rmem_fuzz_bootchain);
}

/* rmem sim --ftrace: a capture's parser, its fit to a board and the replay, on untrusted text */
static void test_ftrace(void **state)
{
	replay("ftrace", rmem_fuzz_ftrace);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_fixup),
		cmocka_unit_test(test_bootchain),
		cmocka_unit_test(test_ftrace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
