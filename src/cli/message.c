// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem's own words on stderr: every error and warning of a subcommand starts
 * "rmem SUBCOMMAND: ", a usage error is one line, and a word that is almost
 * an option, a profile, a format or a command gets "did you mean ...?".
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *command;

void rmem_cli_set_command(const char *name)
{
	command = name;
}

void rmem_cli_prefix(void)
{
	if (command)
		fprintf(stderr, "rmem %s: ", command);
	else
		fputs("rmem: ", stderr);
}

static void vmessage(const char *fmt, va_list ap)
{
	rmem_cli_prefix();
	vfprintf(stderr, fmt, ap);
}

void rmem_cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int rmem_cli_usage_error(const struct rmem_cli_suggest *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	if (s && s->nbest == 1)
		fprintf(stderr, "; did you mean '%s%s'?\n", s->prefix, s->best[0]);
	else if (s && s->nbest)
		fprintf(stderr, "; did you mean '%s%s' or '%s%s'?\n", s->prefix, s->best[0],
			s->prefix, s->best[1]);
	else
		fprintf(stderr, "; see 'rmem%s%s --help'\n", command ? " " : "",
			command ? command : "");
	return RMEM_EXIT_USAGE;
}

/* Optimal string alignment distance: insertions, deletions, substitutions, swaps. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *d, best;

	if (la > 64 || lb > 64)		/* no option or profile name is that long */
		return (size_t)-1;
	d = calloc((la + 1) * (lb + 1), sizeof(*d));
	if (!d)
		return (size_t)-1;
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t v = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);

			if (D(i - 1, j) + 1 < v)
				v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	}
	best = D(la, lb);
#undef D
	free(d);
	return best;
}

void rmem_cli_suggest_init(struct rmem_cli_suggest *s, const char *word, const char *prefix)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->prefix = prefix;
	s->dist = (size_t)-1;
}

/*
 * Near enough: at most 2 edits, and fewer than a third of the word changed
 * ("jsn" is json, "xml" is no svg).
 */
void rmem_cli_suggest_try(struct rmem_cli_suggest *s, const char *candidate)
{
	size_t d = distance(s->word, candidate);

	if (d > 2 || d * 3 > strlen(s->word) || d > s->dist)
		return;
	if (d < s->dist) {
		s->dist = d;
		s->nbest = 0;
	}
	if (s->nbest < 2)
		s->best[s->nbest++] = candidate;
}

/* The long option's name in "--name" or "--name=value": its length. */
static size_t long_name_len(const char *arg)
{
	return strcspn(arg + 2, "=");
}

static const struct option *by_key(const struct option *opts, int key)
{
	for (; opts->name; opts++)
		if (opts->val == key && !opts->flag)
			return opts;
	return NULL;
}

int rmem_cli_option_error(char **argv, const struct option *opts)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const struct option *o = optopt ? by_key(opts, optopt) : NULL;
	struct rmem_cli_suggest s;
	char name[80];
	size_t len, matches = 0;

	if (optopt && !o)
		return rmem_cli_usage_error(NULL, "unknown option '-%c'", optopt);
	if (o) {
		if (!strncmp(arg, "--", 2) && strchr(arg, '='))
			return rmem_cli_usage_error(NULL, "option '--%s' takes no value", o->name);
		if (!strncmp(arg, "--", 2))
			return rmem_cli_usage_error(NULL, "option '--%s' needs a value", o->name);
		return rmem_cli_usage_error(NULL, "option '-%c' needs a value", o->val);
	}
	/* optopt 0: a long option getopt_long() did not know, or an ambiguous prefix */
	if (strncmp(arg, "--", 2))
		return rmem_cli_usage_error(NULL, "unknown option '%s'", arg);
	len = long_name_len(arg);
	snprintf(name, sizeof(name), "%.*s", (int)len, arg + 2);
	for (const struct option *p = opts; p->name; p++)
		matches += !strncmp(p->name, name, len);
	rmem_cli_suggest_init(&s, name, "--");
	if (matches > 1) {
		/* every option the prefix begins: the first two are the suggestion */
		for (const struct option *p = opts; p->name && s.nbest < 2; p++)
			if (!strncmp(p->name, name, len))
				s.best[s.nbest++] = p->name;
		return rmem_cli_usage_error(&s, "option '--%s' is ambiguous", name);
	}
	for (const struct option *p = opts; p->name; p++)
		rmem_cli_suggest_try(&s, p->name);
	return rmem_cli_usage_error(&s, "unknown option '--%s'", name);
}

int rmem_cli_choice_error(const struct rmem_cli_page *page, int key, const char *arg)
{
	const struct rmem_cli_option *o = page->options;
	char words[128], list[160] = "";
	const char *choice[8];
	size_t n = 0, used = 0;
	struct rmem_cli_suggest s;

	while (o->key != key)
		o++;
	snprintf(words, sizeof(words), "%s", o->arg);
	for (char *w = strtok(words, "|"); w && n < 8; w = strtok(NULL, "|"))
		choice[n++] = w;
	rmem_cli_suggest_init(&s, arg, "");
	for (size_t i = 0; i < n; i++) {
		rmem_cli_suggest_try(&s, choice[i]);
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 !i ? "" : i + 1 < n ? ", " : " or ", choice[i]);
		if (used >= sizeof(list))
			break;
	}
	return rmem_cli_usage_error(&s, "--%s '%s': expected %s", o->name, arg, list);
}
