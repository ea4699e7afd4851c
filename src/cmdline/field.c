// SPDX-License-Identifier: GPL-2.0-only
/*
 * One memparse() field of a parameter's value, and rmem's advice on the
 * ways the kernel reads numbers that users do not expect.  The kernel is
 * silent about all of them: a typo in cma= or mem= boots with a different
 * size, so these lines are the only warning a user gets.
 */
#include <errno.h>
#include <string.h>

#include "cmdline/early_param.h"
#include "lib/memparse.h"
#include "profile/facts.h"

rmem_phys_t rmem_cmdline_phys_max(const struct rmem_profile *p)
{
	if (p->phys_addr_bits == 32)
		return UINT32_MAX;
	return RMEM_PHYS_MAX;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Whether a leading 0 changes the number: "010" is 8, "08" stops at the
 * '8', but "0" and "07" read the same in octal and decimal.
 */
static bool octal_differs(const char *text)
{
	uint64_t dec = 0, oct = 0;
	bool in_octal = true;

	for (; is_digit(*text); text++) {
		unsigned int d = (unsigned int)(*text - '0');

		dec = dec * 10 + d;
		if (d > 7)
			in_octal = false;
		if (in_octal)
			oct = oct * 8 + d;
	}
	return dec != oct;
}

static void advise_sign(struct rmem_early_ctx *ec, const char *name, const char *value,
			const char *what, const char *text)
{
	rmem_cmdline_advise(ec, "%s=%s: the kernel reads no sign, so it reads the %s as 0 and ignores \"%s\"; sizes and addresses are unsigned: write the number without its sign",
			    name, value, what, text);
}

static void advise_no_number(struct rmem_early_ctx *ec, const char *name, const char *value,
			     const char *what, const struct rmem_cmdline_field *f)
{
	/* up to 6.12 a lone suffix ("M") is still consumed: the handler goes on after it */
	if (f->end == f->text)
		rmem_cmdline_advise(ec, "%s=%s: the %s starts with '%c', not a digit, so the kernel reads it as 0 and ignores \"%s\"; write a number first, such as 64M",
				    name, value, what, *f->text, f->text);
	else
		rmem_cmdline_advise(ec, "%s=%s: the %s starts with '%c', not a digit, so the kernel reads it as 0; write a number first, such as 64M",
				    name, value, what, *f->text);
}

static void advise_bare_0x(struct rmem_early_ctx *ec, const char *name, const char *value,
			   const char *what, const struct rmem_cmdline_field *f)
{
	rmem_cmdline_advise(ec, "%s=%s: \"0x\" is not followed by a hex digit, so the kernel reads the %s as octal 0 and ignores \"%s\"; write the hex digits after 0x",
			    name, value, what, f->end);
}

static void advise_octal(struct rmem_early_ctx *ec, const char *name, const char *value,
			 const char *what, const struct rmem_cmdline_field *f)
{
	int digits = 0;

	while (is_digit(f->text[digits]))
		digits++;
	rmem_cmdline_advise(ec, "%s=%s: the %s starts with \"%.*s\": a leading 0 makes the kernel read octal, so the %s is %#llx; drop the leading 0 if a decimal number was meant",
			    name, value, what, digits, f->text, what,
			    (unsigned long long)f->val);
}

static void advise_overflow(struct rmem_early_ctx *ec, const char *name, const char *value,
			    const char *what, const struct rmem_cmdline_field *f, bool saturated)
{
	rmem_cmdline_advise(ec, "%s=%s: the %s \"%.*s\" does not fit in 64 bits; the kernel %s, %#llx; probably a smaller unit was meant (M or G rather than T, P or E)",
			    name, value, what, (int)(f->end - f->text), f->text,
			    saturated ? "reads it as the largest value" : "keeps the low 64 bits",
			    (unsigned long long)f->val);
}

static bool is_hex(const char *text)
{
	char c = text[2];

	return text[0] == '0' && (text[1] | 0x20) == 'x' && c &&
	       (is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'));
}

/* Whether memparse() ended on a suffix: never an 'E' that was a hex digit. */
static bool took_suffix(const char *text, const char *end)
{
	char c;

	if (end == text)
		return false;
	c = end[-1] | 0x20;
	if (c == 'e')
		return !is_hex(text);
	return c == 'k' || c == 'm' || c == 'g' || c == 't' || c == 'p';
}

void rmem_cmdline_read_field(struct rmem_early_ctx *ec, const char *name,
			     const char *value, const char *what, const char *text,
			     const char *next, struct rmem_cmdline_field *f)
{
	int err = rmem_memparse_kernel(text, &f->end, &f->val,
				       ec->p->facts->lib.memparse_saturates);

	f->text = text;
	/* "64M@-0x80000000": that '-' starts the limit, it is no sign */
	f->empty = !*text || strchr(next, *text);
	f->suffix = took_suffix(text, f->end);
	f->odd = true;
	f->explained = false;
	if (f->empty) {
		f->odd = false;
	} else if (*text == '-' || *text == '+') {
		advise_sign(ec, name, value, what, text);
		f->explained = true;
	} else if (!is_digit(*text)) {
		advise_no_number(ec, name, value, what, f);
		f->explained = f->end == text;
	} else if (text[0] == '0' && (text[1] | 0x20) == 'x' && f->end == text + 1) {
		advise_bare_0x(ec, name, value, what, f);
		f->explained = true;
	} else if (text[0] == '0' && octal_differs(text))
		advise_octal(ec, name, value, what, f);
	else
		f->odd = false;
	if (err == -ERANGE || err == -EOVERFLOW) {
		advise_overflow(ec, name, value, what, f, err == -EOVERFLOW);
		f->odd = true;
	}
}

static bool is_letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

void rmem_cmdline_advise_rest(struct rmem_early_ctx *ec, const char *name,
			      const char *value, const char *what,
			      const struct rmem_cmdline_field *f, const char *allowed)
{
	if (f->explained)
		return;
	/* a size's digits then a letter: a unit was meant, not a byte count */
	if (!strcmp(what, "size") && !f->suffix && f->end > f->text && is_letter(*f->end)) {
		rmem_cmdline_advise(ec, "%s=%s: '%c' is not a size suffix (K, M, G, T, P, E), so the kernel reads the %s as %#llx bytes and ignores \"%s\"; probably meant %.*sM or another suffix",
				    name, value, *f->end, what, (unsigned long long)f->val,
				    f->end, (int)(f->end - f->text), f->text);
		return;
	}
	rmem_cmdline_advise(ec, "%s=%s: the kernel reads the %s as %#llx and ignores the rest, \"%s\"; %s",
			    name, value, what, (unsigned long long)f->val, f->end, allowed);
}
