// SPDX-License-Identifier: GPL-2.0-only
/*
 * What rmem sim gives programs: a result's words made on demand
 * (rmem_sim_result_format()) and the JSON of docs/sim-json.md
 * (rmem_report_sim_json()): its keys in order, numbers and nulls, a line
 * per event.
 */
#include <jansson.h>
#include <stdio.h>

#include <rmem/report.h>

#include "sim_fixture.h"

/* as snprintf(): the whole length returned, the text cut to the buffer */
static void test_format_cut(void **state)
{
	struct sim_fx fx;
	char small[8];
	int n;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "cma camera@50000000 alloc 1 0\n");
	n = rmem_sim_result_format(fx.sim, 0, fx.text, sizeof(fx.text));
	assert_string_equal(fx.text, "0x50000000 cma camera@50000000 (pfn 0x50000)");
	assert_int_equal(n, strlen(fx.text));
	assert_int_equal(rmem_sim_result_format(fx.sim, 0, small, sizeof(small)), n);
	assert_string_equal(small, "0x50000");
	assert_int_equal(rmem_sim_result_format(fx.sim, 0, NULL, 0), n);
	assert_int_equal(rmem_sim_result_format(fx.sim, 1, small, sizeof(small)), -ERANGE);
	assert_string_equal(small, "");
	sim_fx_free(&fx);
}

/*
 * The words say what the event met, not what the replay left: the mask a
 * later line changes, the pinned pages a later unpin frees.
 */
static void test_format_at_the_event(void **state)
{
	struct sim_fx fx;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1",
		   "virtual v\nv mask 40\npin camera@50000000 0x50000 2\n"
		   "cma camera@50000000 alloc 8192 0\nunpin camera@50000000 0x50000 2\n"
		   "cma camera@50000000 alloc 1 0 as x\ncma camera@50000000 release x\n");
	sim_fx_expect(&fx, 0, 0, "coherent mask 0xffffffff");
	sim_fx_expect(&fx, 1, 0, "ok: coherent mask 0xffffffffff");
	sim_fx_expect(&fx, 3, -EBUSY, "-EBUSY: pinned pages in the way: 0x50000,0x50001");
	sim_fx_expect(&fx, 5, 0, "0x50000000 cma camera@50000000");
	sim_fx_expect(&fx, 6, 0, "released pfn 0x50000+1");
	sim_fx_free(&fx);
}

static json_t *sim_json(struct sim_fx *fx, char **text)
{
	size_t len;
	FILE *out = open_memstream(text, &len);
	json_error_t error;
	json_t *root;

	assert_non_null(out);
	assert_int_equal(rmem_report_sim_json(fx->sim, out), 0);
	assert_int_equal(fclose(out), 0);
	root = json_loads(*text, 0, &error);
	if (!root)
		fail_msg("not JSON: line %d: %s", error.line, error.text);
	return root;
}

static void expect_keys(json_t *obj, const char *const *keys, size_t n)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	assert_int_equal(json_object_size(obj), n);
	json_object_foreach(obj, key, v) {
		(void)v;
		assert_string_equal(key, keys[i++]);
	}
}

#define EXPECT_KEYS(obj, ...)                                                          \
	do {                                                                           \
		static const char *const k_[] = { __VA_ARGS__ };                       \
		expect_keys(obj, k_, sizeof(k_) / sizeof(k_[0]));                      \
	} while (0)

/* docs/sim-json.md: the keys, in order, at every level */
static void test_json_keys(void **state)
{
	struct sim_fx fx;
	char *text = NULL;
	json_t *root, *ev;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 4M as a\ncamera free a\n");
	root = sim_json(&fx, &text);
	EXPECT_KEYS(root, "rmem_version", "schema", "trace", "kernel", "events", "usage", "capture");
	assert_true(json_is_null(json_object_get(root, "capture")));	/* a trace, not --ftrace */
	assert_int_equal(json_integer_value(json_object_get(root, "schema")), 2);
	assert_string_equal(json_string_value(json_object_get(root, "trace")), "t.trace");
	assert_string_equal(json_string_value(json_object_get(root, "kernel")), "arm64-6.1");
	ev = json_array_get(json_object_get(root, "events"), 0);
	EXPECT_KEYS(ev, "line", "verb", "subject", "tag", "args", "result", "log", "log_not_kept",
		    "board");
	assert_true(json_is_null(json_object_get(ev, "board")));
	EXPECT_KEYS(json_object_get(ev, "args"), "size", "atomic");
	EXPECT_KEYS(json_object_get(ev, "result"), "addr", "allocator", "area", "errno",
		    "init_errno", "text");
	EXPECT_KEYS(json_array_get(json_object_get(root, "usage"), 0), "kind", "name", "base",
		    "pages", "used", "free", "maxchunk", "fragmentation", "order_per_bit",
		    "free_runs", "bitmap");
	json_decref(root);
	free(text);
	sim_fx_free(&fx);
}

/* numbers for addresses, null for what is absent, errno names, args by verb */
static void test_json_values(void **state)
{
	struct sim_fx fx;
	char *text = NULL;
	json_t *root, *events, *r;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1",
		   "codec init vpu\ncamera alloc 4M as a\ncma camera@50000000 alloc 99999 0\n"
		   "virtual v noncoherent\ncamera free a\n");
	root = sim_json(&fx, &text);
	events = json_object_get(root, "events");
	assert_int_equal(json_array_size(events), 5);
	assert_true(json_is_null(json_object_get(json_object_get(json_array_get(events, 0),
								  "args"), "index")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(events, 0), "args"), "name")), "vpu");
	assert_true(json_is_null(json_object_get(json_array_get(events, 0), "tag")));
	r = json_object_get(json_array_get(events, 1), "result");
	assert_int_equal(json_integer_value(json_object_get(r, "addr")), 0x50000000);
	assert_string_equal(json_string_value(json_object_get(r, "allocator")), "cma");
	assert_string_equal(json_string_value(json_object_get(r, "area")), "camera@50000000");
	assert_true(json_is_null(json_object_get(r, "errno")));
	r = json_object_get(json_array_get(events, 2), "result");
	assert_true(json_is_null(json_object_get(r, "addr")));
	assert_true(json_is_null(json_object_get(r, "allocator")));
	assert_string_equal(json_string_value(json_object_get(r, "errno")), "ENOMEM");
	assert_false(json_boolean_value(json_object_get(json_object_get(json_array_get(events, 3),
									  "args"), "coherent")));
	r = json_object_get(json_array_get(events, 4), "result");
	assert_int_equal(json_integer_value(json_object_get(r, "addr")), 0x50000000);
	/* the lines: 11 of the outer object, one per event, one per usage entry */
	{
		size_t lines = 0;

		for (const char *p = text; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 11 + 5 + json_array_size(json_object_get(root, "usage")));
	}
	/* fragmentation: 4 significant digits at most */
	assert_non_null(strstr(text, "\"fragmentation\": 0.0,"));
	json_decref(root);
	free(text);
	sim_fx_free(&fx);
}

/* a trace's bytes that are not UTF-8 become '?', the document stays JSON */
static void test_json_not_utf8(void **state)
{
	struct sim_fx fx;
	char *text = NULL;
	json_t *root, *ev;

	(void)state;
	sim_fx_run(&fx, "arm64-6.1", "camera alloc 4096 as t\xff\xfe\n");
	root = sim_json(&fx, &text);
	ev = json_array_get(json_object_get(root, "events"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "tag")), "t??");
	json_decref(root);
	free(text);
	sim_fx_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_cut),
		cmocka_unit_test(test_format_at_the_event),
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_json_not_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
