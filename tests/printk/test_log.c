// SPDX-License-Identifier: GPL-2.0-only
/*
 * The log: printk's record limits (kernel/printk/printk.c vprintk_store(),
 * printk_ringbuffer.c prb_reserve_in_last()) and rmem's own bound on what
 * it keeps (include/rmem/log.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/log.h>
#include <rmem/profile.h>

#include "rmem_test.h"

#define V5_10 "arm64-5.10"
#define V6_1 "arm64-6.1"
#define V6_12 "arm64-6.12"

static void log_for(struct rmem_log *log, const char *profile)
{
	struct rmem_profile p;

	assert_int_equal(rmem_log_init(log), 0);
	assert_int_equal(rmem_profile_builtin(profile, &p), 0);
	rmem_log_set_profile(log, &p);
}

static char *run_of(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/*
 * vprintk_store(): reserve_size = vsnprintf(...) + 1 is capped at
 * LOG_LINE_MAX (1024 - PREFIX_MAX = 992: 5.10, 6.1) or PRINTKRB_RECORD_MAX
 * (1024: 6.12); the cap holds the "\001" level header and the NUL, so a
 * record keeps 989 or 1021 characters, and a newline cut off is not there
 * to strip.  rmem's own advice is no printk record: never cut.
 */
static void test_record_cut(void **state)
{
	static const size_t keeps[] = {
		[RMEM_TEST_5_10] = 989, [RMEM_TEST_6_1] = 989, [RMEM_TEST_6_12] = 1021,
		[RMEM_TEST_7_2] = 1021,
	};
	char *text = run_of('x', 3000);

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		size_t keep = RMEM_TEST_BY_KERNEL(keeps, it.name);
		struct rmem_log log;

		log_for(&log, it.name);
		rmem_log_printf(&log, RMEM_LOG_INFO, "%s\n", text);
		rmem_log_printf(&log, RMEM_LOG_INFO, "%.*s\n", (int)keep - 1, text);
		rmem_log_printf(&log, RMEM_LOG_INFO, "%.*s\n", (int)keep, text);
		rmem_log_printf(&log, RMEM_LOG_ADVICE, "%s", text);
		assert_int_equal(log.nr, 4);
		assert_int_equal(strlen(log.lines[0].text), keep);
		assert_int_equal(strlen(log.lines[1].text), keep - 1);
		/* the newline is the character past the cut */
		assert_int_equal(strlen(log.lines[2].text), keep);
		assert_int_equal(strlen(log.lines[3].text), 3000);
		assert_int_equal(rmem_log_release(&log), 0);
		/* a released log cuts as before */
		assert_int_equal(log.record_max, keep);
		rmem_log_release(&log);
	}
	free(text);
}

/* A log without a kernel version cuts nothing: the library's default. */
static void test_no_version_no_cut(void **state)
{
	struct rmem_log log;
	char *text = run_of('y', 5000);

	(void)state;
	assert_int_equal(rmem_log_init(&log), 0);
	rmem_log_printf(&log, RMEM_LOG_ERR, "%s", text);
	assert_int_equal(strlen(log.lines[0].text), 5000);
	rmem_log_release(&log);
	free(text);
}

/*
 * pr_cont() (vprintk_store() with LOG_CONT): the piece joins the newest
 * record while prb_reserve_in_last() finds text_len + reserve_size within
 * the record limit, i.e. text + piece <= 1021 characters on 6.12; the
 * first that does not begins a record of its own, at the default message
 * level (KERN_WARNING), which later pieces join.  A newline closes it.
 */
static void test_cont_splits(void **state)
{
	struct rmem_log log;
	char *head = run_of('h', 1000);

	(void)state;
	log_for(&log, V6_12);
	rmem_log_printf(&log, RMEM_LOG_INFO, "%s", head);
	rmem_log_cont(&log, "%s", "0123456789");	/* 1010 */
	rmem_log_cont(&log, "%s", "0123456789a");	/* 1021: still fits */
	rmem_log_cont(&log, "%s", "b");			/* 1022: a record of its own */
	rmem_log_cont(&log, "%s", "cd\n");		/* joins, closes */
	rmem_log_cont(&log, "%s", "e\n");		/* nothing open: its own */
	assert_int_equal(log.nr, 3);
	assert_int_equal(log.lines[0].level, RMEM_LOG_INFO);
	assert_int_equal(strlen(log.lines[0].text), 1021);
	assert_string_equal(log.lines[0].text + 1000, "0123456789" "0123456789a");
	rmem_test_assert_line(&log, 1, RMEM_LOG_WARNING, "bcd");
	rmem_test_assert_line(&log, 2, RMEM_LOG_WARNING, "e");
	assert_false(log.lines[1].cont);
	rmem_log_release(&log);
	free(head);
}

/*
 * prb_reserve_in_last() reopens only a record that is not final: a
 * message that ended with a newline, or any message printed since, closes
 * it.  An embedded newline makes a further line of the same record.
 */
static void test_cont_closed(void **state)
{
	struct rmem_log log;

	(void)state;
	log_for(&log, V6_1);
	rmem_log_printf(&log, RMEM_LOG_INFO, "a: ");
	rmem_log_printf(&log, RMEM_LOG_ERR, "b\n");
	rmem_log_cont(&log, "c");
	rmem_log_cont(&log, "d\ne");
	rmem_log_cont(&log, "f\n");
	assert_int_equal(log.nr, 4);
	rmem_test_assert_line(&log, 0, RMEM_LOG_INFO, "a: ");
	rmem_test_assert_line(&log, 1, RMEM_LOG_ERR, "b");
	rmem_test_assert_line(&log, 2, RMEM_LOG_WARNING, "cd");
	rmem_test_assert_line(&log, 3, RMEM_LOG_WARNING, "ef");
	assert_true(log.lines[3].cont);
	assert_true(rmem_log_cont_fits(&log, 0, 5000) && !rmem_log_cont_fits(&log, 989, 1));
	assert_true(rmem_log_cont_fits(&log, 988, 1));
	rmem_log_release(&log);
}

struct cont_thread {
	struct rmem_log *log;
	char c;
};

static void *cont_writer(void *arg)
{
	struct cont_thread *t = arg;

	for (int i = 0; i < 200; i++) {
		rmem_log_printf(t->log, RMEM_LOG_INFO, "%c:", t->c);
		for (int k = 0; k < 5; k++)
			rmem_log_cont(t->log, "%c", t->c);
		rmem_log_cont(t->log, "\n");
	}
	return NULL;
}

/*
 * Two threads printing pr_info() + pr_cont() at once: a piece joins only
 * its own thread's record (the caller id of prb_reserve_in_last()), so no
 * line mixes the two, and every piece is somewhere.
 */
static void test_cont_threads(void **state)
{
	struct rmem_log log;
	struct cont_thread t[2] = { { &log, 'p' }, { &log, 'q' } };
	pthread_t th[2];
	size_t chars[2] = { 0, 0 };

	(void)state;
	log_for(&log, V6_12);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, cont_writer, &t[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (size_t i = 0; i < log.nr; i++) {
		const char *s = log.lines[i].text;
		char c = s[0];

		/* a lone "\n" whose record was taken: a record of its own, empty */
		if (!c)
			continue;
		assert_true(c == 'p' || c == 'q');
		for (; *s; s++) {
			assert_true(*s == c || *s == ':');
			chars[c == 'q'] += *s == c;
		}
	}
	assert_int_equal(chars[0], 200 * 6);
	assert_int_equal(chars[1], 200 * 6);
	rmem_log_release(&log);
}

/*
 * rmem's bound: pr_debug() lines stop at half of RMEM_LOG_MAX_LINES, then
 * every later one is counted, not kept, and one advice line says so; the
 * other levels go on.  rmem_log_keeps() and rmem_log_drop() follow it.
 */
static void test_debug_half(void **state)
{
	struct rmem_log log;

	(void)state;
	log_for(&log, V6_1);
	for (unsigned int i = 0; i < RMEM_LOG_MAX_LINES / 2; i++)
		rmem_log_printf(&log, RMEM_LOG_DEBUG, "d%u", i);
	assert_true(rmem_log_keeps(&log, RMEM_LOG_INFO));
	assert_false(rmem_log_keeps(&log, RMEM_LOG_DEBUG));
	assert_int_equal(log.nr, RMEM_LOG_MAX_LINES / 2);
	assert_int_equal(log.dropped, 0);
	rmem_log_printf(&log, RMEM_LOG_DEBUG, "one\ntwo");
	assert_int_equal(log.dropped, 2);
	assert_int_equal(log.dropped_debug, 2);
	assert_int_equal(rmem_test_count_lines(&log, "pr_debug() lines"), 1);
	assert_int_equal(log.lines[log.nr - 1].level, RMEM_LOG_ADVICE);
	rmem_log_drop(&log, RMEM_LOG_DEBUG, 1000);
	assert_int_equal(log.dropped_debug, 1002);
	rmem_log_printf(&log, RMEM_LOG_ERR, "kept");
	assert_true(rmem_test_log_has(&log, RMEM_LOG_ERR, "kept"));
	assert_int_equal(log.dropped, 1002);
	assert_int_equal(rmem_test_count_lines(&log, "rmem keeps"), 1);
	/* released: empty and keeping again */
	rmem_log_release(&log);
	assert_int_equal(log.dropped, 0);
	assert_true(rmem_log_keeps(&log, RMEM_LOG_DEBUG));
	rmem_log_release(&log);
}

/*
 * rmem_log_skip_debug(): while the log keeps pr_debug() lines it says to
 * print; past the bound it counts the line as printing it would (the same
 * counts, the same one notice, the record closed), without formatting it.
 */
static void test_skip_debug(void **state)
{
	struct rmem_log a, b;

	(void)state;
	log_for(&a, V6_12);
	log_for(&b, V6_12);
	for (unsigned int i = 0; i < RMEM_LOG_MAX_LINES / 2 + 3; i++) {
		rmem_log_printf(&a, RMEM_LOG_DEBUG, "cma: line %u\n", i);
		if (!rmem_log_skip_debug(&b, 32))
			rmem_log_printf(&b, RMEM_LOG_DEBUG, "cma: line %u\n", i);
		else
			assert_true(i >= RMEM_LOG_MAX_LINES / 2);
	}
	assert_int_equal(a.dropped_debug, 3);
	assert_int_equal(b.dropped, a.dropped);
	assert_int_equal(b.dropped_debug, a.dropped_debug);
	assert_int_equal(b.nr, a.nr);
	assert_true(b.full_debug && !b.full);
	assert_int_equal(rmem_test_count_lines(&b, "pr_debug() lines"), 1);
	/* the record is closed: a continuation makes a record of its own, kept */
	rmem_log_cont(&a, "after\n");
	rmem_log_cont(&b, "after\n");
	assert_int_equal(b.nr, a.nr);
	assert_string_equal(b.lines[b.nr - 1].text, "after");
	/* a line longer than a record could lose its newline to the cut: printed */
	assert_false(rmem_log_skip_debug(&b, 4096));
	rmem_log_release(&a);
	rmem_log_release(&b);
}

/*
 * The total bound in bytes: once a message does not fit, no later one is
 * kept, however short (the log keeps its first lines: a clean cut).
 */
static void test_total_bytes(void **state)
{
	struct rmem_log log;
	char *text = run_of('z', 999);
	size_t n = 0;

	(void)state;
	log_for(&log, V6_12);
	while (log.bytes + 1000 <= RMEM_LOG_MAX_BYTES) {
		rmem_log_printf(&log, RMEM_LOG_INFO, "%s", text);
		n++;
	}
	assert_int_equal(log.nr, n);
	assert_int_equal(log.dropped, 0);
	rmem_log_printf(&log, RMEM_LOG_WARNING, "%s", text);
	assert_int_equal(log.dropped, 1);
	rmem_log_printf(&log, RMEM_LOG_WARNING, "x");
	assert_int_equal(log.dropped, 2);
	assert_false(rmem_log_keeps(&log, RMEM_LOG_ERR));
	assert_false(rmem_log_keeps(&log, RMEM_LOG_DEBUG));
	/* the notice, then nothing */
	assert_int_equal(log.nr, n + 1);
	assert_int_equal(log.lines[n].level, RMEM_LOG_ADVICE);
	assert_non_null(strstr(log.lines[n].text, "8 MiB"));
	assert_true(log.bytes <= RMEM_LOG_MAX_BYTES + 200);
	/* a record not kept: its continuations are not either, its further lines counted */
	rmem_log_printf(&log, RMEM_LOG_INFO, "open ");
	rmem_log_cont(&log, "a\nb");
	assert_int_equal(log.nr, n + 1);
	assert_int_equal(log.dropped, 4);
	assert_false(log.oom);
	rmem_log_release(&log);
	free(text);
}

/* The total bound in lines, and the debug lines counted in it. */
static void test_total_lines(void **state)
{
	struct rmem_log log;

	(void)state;
	log_for(&log, V5_10);
	for (unsigned int i = 0; i < RMEM_LOG_MAX_LINES; i++)
		rmem_log_printf(&log, i % 2 ? RMEM_LOG_DEBUG : RMEM_LOG_INFO, "%u", i);
	assert_int_equal(log.nr, RMEM_LOG_MAX_LINES);
	assert_int_equal(log.debug_nr, RMEM_LOG_MAX_LINES / 2);
	rmem_log_printf(&log, RMEM_LOG_EMERG, "over");
	assert_int_equal(log.dropped, 1);
	assert_int_equal(log.dropped_debug, 0);
	assert_int_equal(log.nr, RMEM_LOG_MAX_LINES + 1);
	rmem_log_drop(&log, RMEM_LOG_INFO, 5);
	assert_int_equal(log.dropped, 6);
	assert_int_equal(log.nr, RMEM_LOG_MAX_LINES + 1);
	rmem_log_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_cut),
		cmocka_unit_test(test_no_version_no_cut),
		cmocka_unit_test(test_cont_splits),
		cmocka_unit_test(test_cont_closed),
		cmocka_unit_test(test_cont_threads),
		cmocka_unit_test(test_debug_half),
		cmocka_unit_test(test_skip_debug),
		cmocka_unit_test(test_total_bytes),
		cmocka_unit_test(test_total_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
