// SPDX-License-Identifier: GPL-2.0-only
/*
 * The crash record: the first reason is the one the user reads, as the
 * kernel stops at its first panic.
 */
#include <string.h>

#include "rmem_test.h"
#include "printk/panic.h"

static void test_first_reason_kept(void **state)
{
	struct rmem_panic panic = { { 0 } };
	char longer[400];

	(void)state;
	assert_null(rmem_panic_reason(&panic));
	rmem_panic_record(&panic, "memblock: cannot resize %s array", "reserved");
	rmem_panic_record(&panic, "a second panic %d", 2);
	assert_string_equal(rmem_panic_reason(&panic), "memblock: cannot resize reserved array");

	/* a reason longer than the record is cut, not overflowed */
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memset(&panic, 0, sizeof(panic));
	rmem_panic_record(&panic, "%s", longer);
	assert_int_equal(strlen(rmem_panic_reason(&panic)), sizeof(panic.reason) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_reason_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
