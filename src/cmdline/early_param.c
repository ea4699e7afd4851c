// SPDX-License-Identifier: GPL-2.0-only
/*
 * The early-parameter walk: kernel/params.c parse_args() called by
 * init/main.c parse_early_options() with do_early_param() for every word.
 * The same in 5.10, 6.1 and 6.12.  params.c's pr_debug() lines are logged
 * at RMEM_LOG_DEBUG, as a kernel with dynamic debug on would print them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmdline/early_param.h"

void rmem_cmdline_advise(struct rmem_early_ctx *ec, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rmem_log_printf(ec->log, RMEM_LOG_ADVICE, "%s", line);
	if (ec->cl)
		ec->cl->nr_advice++;
}

/*
 * do_early_param(): every matching entry's handler runs (not just the
 * first), and a failing one only earns a warning: nothing is rejected at
 * this stage.  The "console" -> "earlycon" alias has no entry here.
 */
static void do_early_param(const char *param, const char *val,
			   const struct rmem_early_param *table, size_t n,
			   struct rmem_early_ctx *ec)
{
	for (size_t i = 0; i < n && !ec->fatal; i++) {
		if (!rmem_parameq(param, table[i].name))
			continue;
		if (table[i].built && !table[i].built(ec->p)) {
			rmem_cmdline_advise(ec, "%s%s%s: this kernel is built without %s, so it ignores %s=",
					    table[i].name, val ? "=" : "", val ? val : "",
					    table[i].config, table[i].name);
			continue;
		}
		if (table[i].setup(ec, val) != 0)
			rmem_log_printf(ec->log, RMEM_LOG_WARNING,
					"Malformed early option '%s'\n", param);
	}
}

char *rmem_parse_early_options(char *args, const struct rmem_early_param *table,
			       size_t n, struct rmem_early_ctx *ec)
{
	static const char doing[] = "early options";
	char *param, *val;

	args = rmem_skip_spaces(args);
	if (*args)
		rmem_log_printf(ec->log, RMEM_LOG_DEBUG,
				"doing %s, parsing ARGS: '%s'\n", doing, args);
	while (*args && !ec->fatal) {
		args = rmem_next_arg(args, &param, &val);
		/* "--" hands the rest to init; "--=x" does not */
		if (!val && strcmp(param, "--") == 0)
			return args;
		/* parse_one() with no kernel_params: straight to the handler */
		rmem_log_printf(ec->log, RMEM_LOG_DEBUG, "doing %s: %s='%s'\n",
				doing, param, val ? val : "(null)");
		do_early_param(param, val, table, n, ec);
	}
	return NULL;
}
