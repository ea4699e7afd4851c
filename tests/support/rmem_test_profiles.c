// SPDX-License-Identifier: GPL-2.0-only
/*
 * The built-in profiles as the tests walk and select them: see
 * rmem_test_profiles.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"

bool rmem_test_profile_is(const struct rmem_profile *p, unsigned int props)
{
	if ((props & RMEM_TEST_ARM64) && p->arch != RMEM_ARCH_ARM64)
		return false;
	if ((props & RMEM_TEST_ARM) && p->arch != RMEM_ARCH_ARM)
		return false;
	if ((props & RMEM_TEST_PAGE_4K) && p->page_shift != 12)
		return false;
	if ((props & RMEM_TEST_PAGE_BIG) && p->page_shift <= 12)
		return false;
	if ((props & RMEM_TEST_RISCV64) && p->arch != RMEM_ARCH_RISCV64)
		return false;
	if ((props & RMEM_TEST_CMA) && !p->cma)
		return false;
	if ((props & RMEM_TEST_DMA_CMA) && !p->dma_cma)
		return false;
	if ((props & RMEM_TEST_PHYS_64) && p->phys_addr_bits != 64)
		return false;
	if ((props & RMEM_TEST_PHYS_32) && p->phys_addr_bits != 32)
		return false;
	return true;
}

const char *rmem_test_props_name(unsigned int props, char *buf, size_t len)
{
	static const char *const names[] = { "arm64", "arm", "4K pages", "pages above 4K", "riscv64",
					     "CMA", "DMA_CMA", "a 64-bit phys_addr_t",
					     "a 32-bit phys_addr_t" };
	size_t used = 0;

	buf[0] = '\0';
	for (size_t b = 0; b < sizeof(names) / sizeof(names[0]); b++)
		if (props & (1u << b))
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
						 used ? ", " : "", names[b]);
	if (!used)
		snprintf(buf, len, "any");
	return buf;
}

bool rmem_test_each_next(struct rmem_test_each *it)
{
	const char *name;

	while ((name = rmem_profile_builtin_name(it->next++))) {
		it->p = rmem_test_profile(name);
		if (!rmem_test_profile_is(&it->p, it->props) || (it->only && !it->only(name))) {
			char what[128];

			/* visible: which profiles a loop leaves out, and why */
			print_message("[ PROFILE  ] %s: left out (the loop wants %s%s)\n", name,
				      rmem_test_props_name(it->props, what, sizeof(what)),
				      it->only ? " and its own per-kernel condition" : "");
			continue;
		}
		it->name = name;
		it->count++;
		/* which profile an assertion that follows failed on */
		print_message("[ PROFILE  ] %s\n", name);
		return true;
	}
	if (!it->count) {
		char what[128];

		fail_msg("no built-in profile has the properties asked for (%s%s)",
			 rmem_test_props_name(it->props, what, sizeof(what)),
			 it->only ? ", and the test's own condition" : "");
	}
	return false;
}

size_t rmem_test_profile_count(unsigned int props)
{
	size_t n = 0;
	const char *name;

	for (size_t i = 0; (name = rmem_profile_builtin_name(i)); i++) {
		struct rmem_profile p = rmem_test_profile(name);

		n += rmem_test_profile_is(&p, props);
	}
	return n;
}

const char *rmem_test_profile_nth(unsigned int props, size_t n)
{
	size_t count = rmem_test_profile_count(props);
	const char *name;
	size_t k = 0;

	if (!count) {
		char what[128];

		fail_msg("no built-in profile has the properties asked for (%s)",
			 rmem_test_props_name(props, what, sizeof(what)));
	}
	n %= count;
	for (size_t i = 0; (name = rmem_profile_builtin_name(i)); i++) {
		struct rmem_profile p = rmem_test_profile(name);

		if (rmem_test_profile_is(&p, props) && k++ == n)
			return name;
	}
	return NULL;
}

enum rmem_test_kernel rmem_test_kernel(const char *name)
{
	static const unsigned int versions[RMEM_TEST_NR_KERNELS] = {
		[RMEM_TEST_5_10] = RMEM_KERNEL_VERSION(5, 10),
		[RMEM_TEST_6_1] = RMEM_KERNEL_VERSION(6, 1),
		[RMEM_TEST_6_12] = RMEM_KERNEL_VERSION(6, 12),
		[RMEM_TEST_7_2] = RMEM_KERNEL_VERSION(7, 2),
	};
	struct rmem_profile p = rmem_test_profile(name);

	for (size_t k = 0; k < RMEM_TEST_NR_KERNELS; k++)
		if (versions[k] == p.version)
			return (enum rmem_test_kernel)k;
	fail_msg("profile %s: kernel %u.%u is not in enum rmem_test_kernel "
		 "(tests/support/rmem_test_profiles.h): the tests record nothing for it yet",
		 name, p.version >> 8, p.version & 0xff);
	return RMEM_TEST_NR_KERNELS;
}

size_t rmem_test_kernel_index(const char *name, size_t n, const char *what)
{
	enum rmem_test_kernel k = rmem_test_kernel(name);

	if ((size_t)k >= n) {
		struct rmem_profile p = rmem_test_profile(name);

		fail_msg("profile %s: %s has no entry for kernel %u.%u", name, what,
			 p.version >> 8, p.version & 0xff);
	}
	return (size_t)k;
}

void rmem_test_skip_profile(const char *profile, const char *why)
{
	print_message("SKIP on %s: %s\n", profile, why);
	skip();
}

int rmem_test_run_per_profile(const char *group, const struct rmem_test_check *checks,
			      size_t n)
{
	size_t nr_profiles = 0, k = 0;
	struct CMUnitTest *tests;
	int ret;

	while (rmem_profile_builtin_name(nr_profiles))
		nr_profiles++;
	tests = calloc(n * nr_profiles, sizeof(*tests));
	if (!tests)
		return 1;
	for (size_t c = 0; c < n; c++) {
		for (size_t i = 0; i < nr_profiles; i++, k++) {
			const char *profile = rmem_profile_builtin_name(i);
			size_t len = strlen(checks[c].name) + 1 + strlen(profile) + 1;
			char *name = malloc(len);

			if (!name)
				return 1;
			snprintf(name, len, "%s/%s", checks[c].name, profile);
			tests[k] = (struct CMUnitTest){
				.name = name, .test_func = checks[c].fn,
				.initial_state = (void *)profile,
			};
		}
	}
	ret = _cmocka_run_group_tests(group, tests, k, NULL, NULL);
	for (size_t i = 0; i < k; i++)
		free((char *)tests[i].name);
	free(tests);
	return ret;
}
