// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command-line tokenizer and early-parameter walk: lib/cmdline.c
 * next_arg(), kernel/params.c parameq() and parse_args(), init/main.c
 * do_early_param() -- 5.10, 6.1 and 6.12 behave the same.
 */
#include <stdio.h>
#include <string.h>

#include "rmem_test.h"
#include "cmdline/early_param.h"

struct word {
	const char *in;
	const char *param;
	const char *val;	/* NULL: no '=' */
	const char *rest;
};

static void check_word(const struct word *w)
{
	char buf[128];
	char *param, *val, *rest;

	print_message("next_arg(\"%s\")\n", w->in);
	strcpy(buf, w->in);
	rest = rmem_next_arg(buf, &param, &val);
	assert_string_equal(param, w->param);
	if (w->val)
		assert_string_equal(val, w->val);
	else
		assert_null(val);
	assert_string_equal(rest, w->rest);
}

/* next_arg(): blanks split words, first '=' splits name and value (lib/cmdline.c) */
static void test_words(void **state)
{
	static const struct word w[] = {
		{ "cma=64M mem=1G", "cma", "64M", "mem=1G" },
		{ "quiet", "quiet", NULL, "" },
		{ "foo=", "foo", "", "" },
		{ "a==b", "a", "=b", "" },
		/* multiple blanks and the kernel's other isspace() bytes */
		{ "a=1    b", "a", "1", "b" },
		{ "a=1\tb", "a", "1", "b" },
		{ "a=1\n\r\v\fb", "a", "1", "b" },
		{ "a=1\xa0" "b", "a", "1", "b" },
		{ "a=1 ", "a", "1", "" },
		/* an '=' at index 0 is not seen: "equals == 0" means none yet */
		{ "=foo=bar", "=foo", "bar", "" },
		{ "=", "=", NULL, "" },
		{ "--", "--", NULL, "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		check_word(&w[i]);
}

/* next_arg(): double quotes group blanks; which quotes are removed (lib/cmdline.c) */
static void test_quotes(void **state)
{
	static const struct word w[] = {
		{ "\"cma=64M\" x", "cma", "64M", "x" },
		{ "cma=\"64M@0x40000000\" x", "cma", "64M@0x40000000", "x" },
		{ "a=\"b c\" d", "a", "b c", "d" },
		/* quotes inside a value toggle grouping but stay */
		{ "a=b\"c d\"e f", "a", "b\"c d\"e", "f" },
		/* the quote after '=' goes; the word ended at the blank */
		{ "\"a=\"b c\"", "a", "b", "c\"" },
		/* unterminated: the rest of the line is one word */
		{ "\"unterminated rest", "unterminated rest", NULL, "" },
		{ "cma=\"64M mem=1G", "cma", "64M mem=1G", "" },
		{ "x=\"\"", "x", "", "" },
		{ "\"", "", NULL, "" },
		{ "\"\" y", "", NULL, "y" },
		{ "\"--\" z", "--", NULL, "z" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		check_word(&w[i]);
}

/* parameq() / dash2underscore() (kernel/params.c) */
static void test_parameq(void **state)
{
	(void)state;
	assert_true(rmem_parameq("cma", "cma"));
	assert_true(rmem_parameq("foo-bar", "foo_bar"));
	assert_true(rmem_parameq("foo_bar", "foo-bar"));
	assert_true(rmem_parameq("a-b_c", "a_b-c"));
	assert_true(rmem_parameq("", ""));
	assert_false(rmem_parameq("cma", "cm"));
	assert_false(rmem_parameq("cm", "cma"));
	assert_false(rmem_parameq("CMA", "cma"));
	assert_false(rmem_parameq("cma_pernuma", "cma"));
}

/* A test table's handlers record every call. */
struct calls {
	char text[512];
	int fail_b;
};

static int record(struct rmem_early_ctx *ec, const char *tag, const char *val)
{
	struct calls *c = ec->arg;
	size_t len = strlen(c->text);

	snprintf(c->text + len, sizeof(c->text) - len, "%s(%s) ", tag, val ? val : "NULL");
	return 0;
}

static int setup_a(struct rmem_early_ctx *ec, const char *val)
{
	return record(ec, "a", val);
}

static int setup_a2(struct rmem_early_ctx *ec, const char *val)
{
	return record(ec, "a2", val);
}

static int setup_b(struct rmem_early_ctx *ec, const char *val)
{
	record(ec, "b", val);
	return ((struct calls *)ec->arg)->fail_b;
}

static int setup_fb(struct rmem_early_ctx *ec, const char *val)
{
	return record(ec, "fb", val);
}

static const struct rmem_early_param table[] = {
	{ "a", NULL, NULL, setup_a },
	{ "b", NULL, NULL, setup_b },
	{ "foo_bar", NULL, NULL, setup_fb },
	{ "a", NULL, NULL, setup_a2 },
};

static char *walk(const char *cmdline, struct calls *c, struct rmem_log *log,
		  char *buf, size_t size)
{
	struct rmem_profile p = rmem_test_profile("arm64-6.1");
	struct rmem_cmdline cl;
	struct rmem_early_ctx ec = { .cl = &cl, .p = &p, .log = log, .arg = c };

	rmem_cmdline_init(&cl);
	snprintf(buf, size, "%s", cmdline);
	return rmem_parse_early_options(buf, table, sizeof(table) / sizeof(table[0]), &ec);
}

/*
 * parse_args() + do_early_param(): every occurrence, in order, every
 * matching entry; unknown words ignored; dashes match underscores.
 */
static void test_walk_order(void **state)
{
	struct calls c = { .text = "" };
	struct rmem_log log;
	char buf[256];

	(void)state;
	rmem_log_init(&log);
	assert_null(walk("  a=1 x=9 b=2 foo-bar=3 a=4 b a", &c, &log, buf, sizeof(buf)));
	assert_string_equal(c.text,
			    "a(1) a2(1) b(2) fb(3) a(4) a2(4) b(NULL) a(NULL) a2(NULL) ");
	/* parse_args()'s pr_debug lines, with the leading blanks skipped */
	assert_int_equal(log.lines[0].level, RMEM_LOG_DEBUG);
	assert_string_equal(log.lines[0].text,
			    "doing early options, parsing ARGS: 'a=1 x=9 b=2 foo-bar=3 a=4 b a'");
	assert_string_equal(log.lines[1].text, "doing early options: a='1'");
	assert_string_equal(log.lines[2].text, "doing early options: x='9'");
	assert_string_equal(log.lines[7].text, "doing early options: a='(null)'");
	assert_int_equal(log.nr, 8);
	rmem_log_release(&log);
}

/* parse_args(): a bare "--" ends the walk and the rest goes to init; "--=x" does not */
static void test_walk_dashes(void **state)
{
	struct calls c = { .text = "" };
	char buf[256];
	char *rest;

	(void)state;
	rest = walk("a=1 --=x b=2 -- a=3 b=4", &c, NULL, buf, sizeof(buf));
	assert_non_null(rest);
	assert_string_equal(rest, "a=3 b=4");
	assert_string_equal(c.text, "a(1) a2(1) b(2) ");
	c.text[0] = '\0';
	rest = walk("\"--\" a=1", &c, NULL, buf, sizeof(buf));
	assert_string_equal(rest, "a=1");
	assert_string_equal(c.text, "");
	c.text[0] = '\0';
	assert_null(walk("", &c, NULL, buf, sizeof(buf)));
	assert_null(walk("   ", &c, NULL, buf, sizeof(buf)));
	assert_string_equal(c.text, "");
}

/* do_early_param(): a failing handler earns pr_warn "Malformed early option '%s'" */
static void test_walk_malformed(void **state)
{
	struct calls c = { .text = "", .fail_b = 1 };
	struct rmem_log log;
	char buf[256];
	long i;

	(void)state;
	rmem_log_init(&log);
	walk("b=1 a=2 b", &c, &log, buf, sizeof(buf));
	assert_string_equal(c.text, "b(1) a(2) a2(2) b(NULL) ");
	i = rmem_log_find(&log, "Malformed early option 'b'");
	assert_true(i >= 0);
	assert_int_equal(log.lines[i].level, RMEM_LOG_WARNING);
	assert_string_equal(log.lines[i].text, "Malformed early option 'b'");
	/* once per failing call */
	assert_true(rmem_log_find(&log, "doing early options: b='(null)'") > i);
	assert_true(log.nr == 6);
	rmem_log_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_parameq),
		cmocka_unit_test(test_walk_order),
		cmocka_unit_test(test_walk_dashes),
		cmocka_unit_test(test_walk_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
