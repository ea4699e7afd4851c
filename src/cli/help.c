// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pages of pages.c rendered: as `--help` text, as a man page in roff,
 * and as the getopt_long() table of a command.  Both texts come from the
 * same rows, so the help and the man pages cannot drift apart.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <rmem/rmem.h>

#include "cli.h"

#define WIDTH 79		/* the help's lines end before column 80 */
#define OPTION_COLUMN 21	/* where an option's text starts */

/* @text with "@PROFILES@" replaced by the built-in profiles' names, in @buf. */
static const char *expand(const char *text, char *buf, size_t len)
{
	static const char key[] = "@PROFILES@";
	const char *at = strstr(text, key);
	size_t used, n = 0;

	if (!at)
		return text;
	while (rmem_profile_builtin_name(n))
		n++;
	used = (size_t)snprintf(buf, len, "%.*s", (int)(at - text), text);
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 !i ? "" : i + 1 < n ? ", " : " and ",
					 rmem_profile_builtin_name(i));
	if (used < len)
		snprintf(buf + used, len - used, "%s", at + sizeof(key) - 1);
	return buf;
}

/* @text's words from column @col on, wrapped before WIDTH, further lines at @indent. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
	char buf[1024];
	bool first = true;

	text = expand(text, buf, sizeof(buf));
	text += strspn(text, " ");
	while (*text) {
		size_t word = strcspn(text, " ");

		if (!first && col + 1 + (int)word > WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		col += fprintf(out, "%.*s", (int)word, text);
		text += word;
		text += strspn(text, " ");
		first = false;
	}
	fputc('\n', out);
}

static bool is_short(int key)
{
	return key > 0 && key < 0x80;
}

static bool option_end(const struct rmem_cli_option *o)
{
	return !o->name && !o->arg;
}

void rmem_cli_help(FILE *out, const struct rmem_cli_page *page)
{
	const char *lead = "usage: ";

	for (const char *const *s = page->synopsis; *s; s++, lead = "       ")
		fprintf(out, "%srmem %s\n", lead, *s);
	fputc('\n', out);
	wrap(out, page->description[0], 0, 0);
	if (!page->command) {
		fprintf(out, "\nCommands:\n");
		for (const struct rmem_cli_page *const *p = rmem_cli_pages; *p; p++)
			if ((*p)->command)
				fprintf(out, "  %-10s %s\n", (*p)->command, (*p)->summary);
		fprintf(out, "'rmem COMMAND --help' describes a command.\n");
	}
	fprintf(out, "\n%s:\n", page->options[0].name ? "Options" : "Arguments and options");
	for (const struct rmem_cli_option *o = page->options; !option_end(o); o++) {
		int col;

		if (!o->name)
			col = fprintf(out, "  %s", o->arg);
		else
			col = fprintf(out, "  %s%c%s--%s%s%s", is_short(o->key) ? "-" : " ",
				      is_short(o->key) ? o->key : ' ', is_short(o->key) ? ", " : "  ",
				      o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		if (col + 2 > OPTION_COLUMN) {
			fputc('\n', out);
			col = 0;
		}
		fprintf(out, "%*s", OPTION_COLUMN - col, "");
		wrap(out, o->help, OPTION_COLUMN, OPTION_COLUMN);
	}
	fprintf(out, "\nExit status:\n");
	for (const struct rmem_cli_exit *e = page->exits; e->code >= 0; e++) {
		fprintf(out, "  %d  ", e->code);
		wrap(out, e->when, 5, 5);
	}
}

/* roff: a backslash is \e, a minus \-; a line never starts with a control character. */
static void roff(FILE *out, const char *text)
{
	char buf[1024];

	text = expand(text, buf, sizeof(buf));
	if (*text == '.' || *text == '\'')
		fputs("\\&", out);
	for (; *text; text++) {
		if (*text == '\\')
			fputs("\\e", out);
		else if (*text == '-')
			fputs("\\-", out);
		else
			fputc(*text, out);
	}
}

static void roff_line(FILE *out, const char *text)
{
	roff(out, text);
	fputc('\n', out);
}

/* "rmem-plan(1), dtc(1)" as .BR lines */
static void see_also(FILE *out, const char *list)
{
	char name[64];
	int len;

	while (sscanf(list, " %63[^(](1)%n", name, &len) == 1) {
		list += len;
		fputs(".BR ", out);
		roff(out, name);
		fprintf(out, " (1)%s\n", *list == ',' ? "," : "");
		list += *list == ',';
	}
}

void rmem_cli_man(FILE *out, const struct rmem_cli_page *page)
{
	fprintf(out, ".\\\" SPDX-License-Identifier: GPL-2.0-only\n"
		     ".\\\" Written by 'rmem --man %s' from src/cli/pages.c, as is 'rmem%s%s --help'.\n",
		page->name, page->command ? " " : "", page->command ? page->command : "");
	fputs(".TH ", out);
	for (const char *c = page->name; *c; c++) {
		if (*c == '-')
			fputs("\\-", out);
		else
			fputc(toupper((unsigned char)*c), out);
	}
	/* no hyphenation: /reserved-memory and option names stay whole */
	fprintf(out, " 1 \"\" \"rmem %s\" \"User Commands\"\n.nh\n.SH NAME\n", rmem_version());
	roff(out, page->name);
	fputs(" \\- ", out);
	roff_line(out, page->summary);
	fputs(".SH SYNOPSIS\n", out);
	for (const char *const *s = page->synopsis; *s; s++) {
		/* the command's words in bold */
		size_t bold = page->command ? strlen(page->command) : 0;

		fputs(s == page->synopsis ? "" : ".br\n", out);
		fprintf(out, "\\fBrmem%s%.*s\\fR%s", bold ? " " : "", (int)bold, *s, bold ? "" : " ");
		roff_line(out, *s + bold);
	}
	fputs(".SH DESCRIPTION\n", out);
	for (const char *const *p = page->description; *p; p++) {
		fputs(p == page->description ? "" : ".PP\n", out);
		roff_line(out, *p);
	}
	if (!page->command) {
		fputs(".SH COMMANDS\n", out);
		for (const struct rmem_cli_page *const *p = rmem_cli_pages; *p; p++) {
			if (!(*p)->command)
				continue;
			fprintf(out, ".TP\n.B %s\n", (*p)->command);
			roff(out, (*p)->summary);
			fputs("; see\n.BR ", out);
			roff(out, (*p)->name);
			fputs(" (1).\n", out);
		}
	}
	for (const struct rmem_cli_option *o = page->options; !option_end(o); o++) {
		if (o == page->options && !o->name)
			fputs(".SH ARGUMENTS\n", out);
		if (o->name && (o == page->options || !o[-1].name))
			fputs(".SH OPTIONS\n", out);
		fputs(".TP\n", out);
		if (is_short(o->key) && o->name)
			fprintf(out, "\\fB\\-%c\\fR, ", o->key);
		if (o->name) {
			fputs("\\fB\\-\\-", out);
			roff(out, o->name);
			fputs("\\fR", out);
		}
		if (o->arg) {
			fputs(o->name ? " \\fI" : "\\fI", out);
			roff(out, o->arg);
			fputs("\\fR", out);
		}
		fputc('\n', out);
		roff_line(out, o->help);
	}
	fputs(".SH EXIT STATUS\n", out);
	for (const struct rmem_cli_exit *e = page->exits; e->code >= 0; e++) {
		fprintf(out, ".TP\n.B %d\n", e->code);
		roff_line(out, e->when);
	}
	if (page->examples) {
		fputs(".SH EXAMPLES\n", out);
		for (const char *const *x = page->examples; x[0]; x += 2) {
			fputs(".TP\n.B ", out);
			roff_line(out, x[0]);
			roff_line(out, x[1]);
		}
	}
	fputs(".SH SEE ALSO\n", out);
	see_also(out, page->see_also);
}

int rmem_cli_man_command(const char *name)
{
	struct rmem_cli_suggest s;

	rmem_cli_suggest_init(&s, name, "");
	for (const struct rmem_cli_page *const *p = rmem_cli_pages; *p; p++) {
		if (!strcmp(name, (*p)->name)) {
			rmem_cli_man(stdout, *p);
			return RMEM_EXIT_OK;
		}
		rmem_cli_suggest_try(&s, (*p)->name);
	}
	return rmem_cli_usage_error(&s, "--man '%s': no such page", name);
}

void rmem_cli_getopt(const struct rmem_cli_page *page, struct option *opts, char *shorts)
{
	size_t n = 0, len = 0;

	shorts[len++] = ':';
	for (const struct rmem_cli_option *o = page->options; !option_end(o); o++) {
		if (!o->name || n + 1 == RMEM_CLI_MAX_OPTIONS)
			continue;
		opts[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					     NULL, o->key };
		if (is_short(o->key)) {
			shorts[len++] = (char)o->key;
			if (o->arg)
				shorts[len++] = ':';
		}
	}
	opts[n] = (struct option){ 0 };
	shorts[len] = '\0';
}
