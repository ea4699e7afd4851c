// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: kernel command lines.  The bytes (cut at the first NUL, as
 * the kernel's string would be) go through rmem_cmdline_parse() with every
 * built-in profile, through rmem_cmdline_arm_add_memory() for each arm
 * mem= bank, and through rmem_memparse() from every position.  The results
 * are checked against the contracts of include/rmem/cmdline.h and
 * include/rmem/memparse.h.
 */
#include <errno.h>
#include <string.h>

#include <rmem/rmem.h>

#include "fuzz.h"

/* A bank arm_add_memory() accepts is page aligned and starts at RAM. */
static void fuzz_cmdline_banks(const struct rmem_cmdline *cl, const struct rmem_profile *p,
			       struct rmem_log *log)
{
	const rmem_phys_t phys_offset = 0x40000000;
	uint64_t pg = rmem_profile_page_size(p);

	for (size_t i = 0; i < cl->mem_nr_banks; i++) {
		rmem_phys_t start = 0, size = 0;
		int ret = rmem_cmdline_arm_add_memory(p, phys_offset, &cl->mem_banks[i], log,
						      &start, &size);

		RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL);
		if (ret)
			continue;
		RMEM_FUZZ_CHECK(start % pg == 0 && size % pg == 0);
		RMEM_FUZZ_CHECK(start >= phys_offset);
		if (!p->arm_lpae)
			RMEM_FUZZ_CHECK(start + size <= 0x100000000ULL && start + size >= start);
	}
}

static void fuzz_cmdline_check(const struct rmem_cmdline *cl, const struct rmem_profile *p)
{
	uint64_t pg = rmem_profile_page_size(p);

	RMEM_FUZZ_CHECK(cl->mem_nr_banks <= RMEM_CMDLINE_MAX_MEM_BANKS);
	if (!p->dma_cma)
		RMEM_FUZZ_CHECK(!cl->cma_seen);
	if (p->arch != RMEM_ARCH_ARM) {
		/* arm64, riscv64: mem= is a limit */
		RMEM_FUZZ_CHECK(cl->mem_nr_banks == 0);
		RMEM_FUZZ_CHECK(cl->memory_limit == RMEM_PHYS_MAX || cl->memory_limit % pg == 0);
	} else {
		RMEM_FUZZ_CHECK(cl->memory_limit == RMEM_PHYS_MAX);
	}
}

static void fuzz_cmdline_profile(const char *name, const char *text)
{
	struct rmem_cmdline cl;
	struct rmem_profile p;
	struct rmem_log log;
	int ret;

	RMEM_FUZZ_CHECK(!rmem_profile_builtin(name, &p));
	rmem_log_init(&log);
	ret = rmem_cmdline_parse(&cl, text, &p, &log);
	RMEM_FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC);
	/* -ENOSPC is documented as unreachable within COMMAND_LINE_SIZE */
	RMEM_FUZZ_CHECK(ret != -ENOSPC);
	fuzz_cmdline_check(&cl, &p);
	if (!ret && p.arch == RMEM_ARCH_ARM)
		fuzz_cmdline_banks(&cl, &p, &log);
	rmem_log_release(&log);
}

static void fuzz_cmdline_memparse(const char *text, size_t len)
{
	for (size_t i = 0; i <= len; i++) {
		const char *end = NULL;
		uint64_t val = 0;
		int ret = rmem_memparse(text + i, &end, &val);

		RMEM_FUZZ_CHECK(ret == 0 || ret == -ERANGE);
		RMEM_FUZZ_CHECK(end >= text + i && end <= text + len);
		/* nothing read, nothing computed */
		if (end == text + i)
			RMEM_FUZZ_CHECK(val == 0);
	}
}

int rmem_fuzz_cmdline(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	size_t len;

	RMEM_FUZZ_CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);
	for (size_t i = 0; rmem_profile_builtin_name(i); i++)
		fuzz_cmdline_profile(rmem_profile_builtin_name(i), text);
	/* a NULL command line is allowed too */
	if (!size)
		fuzz_cmdline_profile(RMEM_PROFILE_DEFAULT, NULL);
	fuzz_cmdline_memparse(text, len);
	free(text);
	return 0;
}

#ifndef RMEM_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return rmem_fuzz_cmdline(data, size);
}
#endif
