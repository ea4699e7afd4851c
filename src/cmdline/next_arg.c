// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's command-line words: lib/cmdline.c next_arg(), lib/ctype.c
 * isspace(), lib/string_helpers.c skip_spaces() and kernel/params.c
 * parameq().  Users put odd quoting on their command lines and the kernel
 * tolerates it in its own way, so this follows its algorithm step by step
 * rather than any cleaner grammar.
 */
#include "cmdline/early_param.h"

bool rmem_kernel_isspace(char c)
{
	switch ((unsigned char)c) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case 0xa0:	/* _S in the kernel's Latin-1 table */
		return true;
	default:
		return false;
	}
}

char *rmem_skip_spaces(char *s)
{
	while (rmem_kernel_isspace(*s))
		s++;
	return s;
}

/*
 * The word's extent: up to a blank outside quotes.  Every '"' toggles the
 * quoting, wherever it is; the first '=' (except at index 0, which the
 * kernel's "equals == 0" test cannot tell from "none yet") splits the word.
 */
static size_t scan_word(const char *args, bool in_quote, size_t *equals)
{
	size_t i;

	*equals = 0;
	for (i = 0; args[i]; i++) {
		if (rmem_kernel_isspace(args[i]) && !in_quote)
			break;
		if (*equals == 0 && args[i] == '=')
			*equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	return i;
}

char *rmem_next_arg(char *args, char **param, char **val)
{
	bool quoted = false;
	size_t i, equals;

	if (*args == '"') {
		args++;
		quoted = true;
	}
	i = scan_word(args, quoted, &equals);
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* a value's opening quote goes, and a closing one at the word's end */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	/*
	 * 5.10 lacks the i > 0 test 6.1 added, and writes over the opening
	 * quote itself for a lone '"' at the end: the same words result.
	 */
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return rmem_skip_spaces(args);
}

static char dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

bool rmem_parameq(const char *a, const char *b)
{
	/* parameqn(a, b, strlen(a) + 1): the NULs are compared too */
	for (size_t i = 0;; i++) {
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
		if (!a[i])
			return true;
	}
}
