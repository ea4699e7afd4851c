// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a kernel .config into a profile.
 *
 * A .config has four kinds of line: blank, a comment, "CONFIG_X=value" and
 * "# CONFIG_X is not set".  A complete one starts with a header naming the
 * arch and version ("# Linux/arm64 6.1.192 Kernel Configuration"); its
 * absent symbols are off, so the profile's Kconfig values are cleared before
 * it is read.  A fragment without that header changes only what it names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/profile.h>

#include "lib/file.h"
#include "profile/facts.h"

enum kind { K_BOOL, K_UINT, K_ULONG, K_U64, K_PAGES, K_SIZE_SEL, K_ARCH };

struct symbol {
	const char *name;	/* without CONFIG_ */
	enum kind kind;
	size_t offset;		/* of the field in struct rmem_profile */
	unsigned int arg;	/* K_PAGES: page shift; K_SIZE_SEL/K_ARCH: the enum value */
};

#define F(field) offsetof(struct rmem_profile, field)

static const struct symbol symbols[] = {
	{ "ARM64", K_ARCH, 0, RMEM_ARCH_ARM64 },
	{ "ARM", K_ARCH, 0, RMEM_ARCH_ARM },
	{ "RISCV", K_ARCH, 0, RMEM_ARCH_RISCV64 },
	{ "ARM64_4K_PAGES", K_PAGES, F(page_shift), 12 },
	{ "ARM64_16K_PAGES", K_PAGES, F(page_shift), 14 },
	{ "ARM64_64K_PAGES", K_PAGES, F(page_shift), 16 },
	{ "PAGE_SHIFT", K_UINT, F(page_shift), 0 },
	{ "ARCH_FORCE_MAX_ORDER", K_UINT, F(force_max_order), 0 },
	{ "FORCE_MAX_ZONEORDER", K_UINT, F(force_max_order), 0 },
	{ "HUGETLB_PAGE", K_BOOL, F(hugetlb_page), 0 },
	{ "ARM_LPAE", K_BOOL, F(arm_lpae), 0 },
	{ "HIGHMEM", K_BOOL, F(highmem), 0 },
	{ "ZONE_DMA", K_BOOL, F(zone_dma), 0 },
	{ "ZONE_DMA32", K_BOOL, F(zone_dma32), 0 },
	{ "CMA", K_BOOL, F(cma), 0 },
	{ "DMA_CMA", K_BOOL, F(dma_cma), 0 },
	{ "DMA_GLOBAL_POOL", K_BOOL, F(dma_global_pool), 0 },
	{ "CMA_DEBUG", K_BOOL, F(cma_debug), 0 },
	{ "CMA_AREAS", K_UINT, F(cma_areas), 0 },
	{ "CMA_ALIGNMENT", K_UINT, F(cma_alignment), 0 },
	{ "CMA_SIZE_MBYTES", K_ULONG, F(cma_size_mbytes), 0 },
	{ "CMA_SIZE_PERCENTAGE", K_UINT, F(cma_size_percentage), 0 },
	{ "CMA_SIZE_SEL_MBYTES", K_SIZE_SEL, F(cma_size_sel), RMEM_CMA_SIZE_SEL_MBYTES },
	{ "CMA_SIZE_SEL_PERCENTAGE", K_SIZE_SEL, F(cma_size_sel), RMEM_CMA_SIZE_SEL_PERCENTAGE },
	{ "CMA_SIZE_SEL_MIN", K_SIZE_SEL, F(cma_size_sel), RMEM_CMA_SIZE_SEL_MIN },
	{ "CMA_SIZE_SEL_MAX", K_SIZE_SEL, F(cma_size_sel), RMEM_CMA_SIZE_SEL_MAX },
	{ "NR_CPUS", K_UINT, F(nr_cpus), 0 },
	{ "NODES_SHIFT", K_UINT, F(nodes_shift), 0 },
	{ "PAGE_OFFSET", K_U64, F(page_offset), 0 },
};

#define NR_SYMBOLS (sizeof(symbols) / sizeof(symbols[0]))

struct reader {
	struct rmem_profile *p;
	bool foreign;		/* the header names an arch rmem does not model */
	char *errbuf;
	size_t errlen;
	unsigned int lineno;
};

static int fail(struct reader *r, const char *what, const char *line, size_t len)
{
	if (r->errbuf && r->errlen)
		snprintf(r->errbuf, r->errlen, "line %u: %s: %.*s", r->lineno, what,
			 (int)(len > 60 ? 60 : len), line);
	return -EINVAL;
}

static const struct symbol *lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < NR_SYMBOLS; i++)
		if (strlen(symbols[i].name) == len && !memcmp(symbols[i].name, name, len))
			return &symbols[i];
	return NULL;
}

/* A number as Kconfig writes one: decimal, or 0x hex for hex symbols. */
static int parse_number(const char *val, size_t len, uint64_t *out)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf) || val[0] == '-')
		return -EINVAL;
	memcpy(buf, val, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoull(buf, &end, 0);
	return (errno || *end) ? -EINVAL : 0;
}

static int set_symbol(struct reader *r, const struct symbol *s, const char *val,
		      size_t len, const char *line, size_t linelen)
{
	char *field = (char *)r->p + s->offset;
	bool on = len == 1 && (val[0] == 'y' || val[0] == 'm');
	bool off = len == 1 && val[0] == 'n';
	uint64_t n;

	switch (s->kind) {
	case K_BOOL:
	case K_PAGES:
	case K_SIZE_SEL:
	case K_ARCH:
		if (!on && !off)
			return fail(r, "expected y, m or n", line, linelen);
		if (s->kind == K_BOOL)
			*(bool *)field = on;
		else if (on && s->kind == K_PAGES)
			*(unsigned int *)field = s->arg;
		else if (on && s->kind == K_SIZE_SEL)
			*(enum rmem_cma_size_sel *)field = s->arg;
		else if (on)
			r->p->arch = s->arg;
		return 0;
	default:
		break;
	}
	if (parse_number(val, len, &n))
		return fail(r, "not a number", line, linelen);
	if (s->kind == K_U64)
		*(uint64_t *)field = n;
	else if (s->kind == K_ULONG && n <= UINT32_MAX)
		*(unsigned long *)field = (unsigned long)n;
	else if (s->kind == K_UINT && n <= UINT32_MAX)
		*(unsigned int *)field = (unsigned int)n;
	else
		return fail(r, "number out of range", line, linelen);
	return 0;
}

/* "# Linux/arm64 6.1.192 Kernel Configuration" */
static bool read_header(struct reader *r, const char *line, size_t len)
{
	char buf[128], arch[16];
	const struct rmem_arch_ops *ops;
	unsigned int major, minor;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (sscanf(buf, "# Linux/%15s %u.%u", arch, &major, &minor) != 3 ||
	    !strstr(buf, "Kernel Configuration"))
		return false;
	ops = rmem_arch_ops_by_name(arch);
	if (ops)
		r->p->arch = ops->arch;
	else
		r->foreign = true;
	r->p->version = RMEM_KERNEL_VERSION(major, minor);
	return true;
}

static int read_line(struct reader *r, const char *line, size_t len)
{
	const char *eq, *val;
	const struct symbol *s;
	static const char not_set[] = " is not set";

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (!len)
		return 0;
	if (line[0] == '#') {
		size_t nlen = sizeof(not_set) - 1;

		if (len > 9 + nlen && !memcmp(line, "# CONFIG_", 9) &&
		    !memcmp(line + len - nlen, not_set, nlen)) {
			s = lookup(line + 9, len - 9 - nlen);
			return s ? set_symbol(r, s, "n", 1, line, len) : 0;
		}
		return 0;
	}
	eq = memchr(line, '=', len);
	if (len < 8 || memcmp(line, "CONFIG_", 7) || !eq || eq == line + 7)
		return fail(r, "not a .config line", line, len);
	for (const char *c = line + 7; c < eq; c++)
		if (!(*c == '_' || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9')))
			return fail(r, "not a .config line", line, len);
	s = lookup(line + 7, (size_t)(eq - line - 7));
	if (!s)
		return 0;
	val = eq + 1;
	return set_symbol(r, s, val, len - (size_t)(val - line), line, len);
}

/* Kconfig values are cleared when a complete .config is read; the names stay. */
static void clear_kconfig(struct rmem_profile *p)
{
	char config[sizeof(p->config)];

	memcpy(config, p->config, sizeof(config));
	memset(p, 0, sizeof(*p));
	memcpy(p->config, config, sizeof(config));
}

static bool has_header(const char *text, size_t len)
{
	struct rmem_profile scratch = { 0 };
	struct reader r = { .p = &scratch };

	/* the header is within the first few lines */
	for (int i = 0; i < 5 && len; i++) {
		const char *nl = memchr(text, '\n', len);
		size_t l = nl ? (size_t)(nl - text) : len;

		if (read_header(&r, text, l))
			return true;
		if (!nl)
			break;
		len -= l + 1;
		text = nl + 1;
	}
	return false;
}

/* A NUL byte: no .config has one; say where, as a line of text would. */
static int binary_data(struct reader *r, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);

	r->lineno = 1;
	for (const char *c = text; c < nul; c++)
		r->lineno += *c == '\n';
	if (r->errbuf && r->errlen)
		snprintf(r->errbuf, r->errlen,
			 "line %u: a NUL byte (offset %zu): binary data, not a .config",
			 r->lineno, (size_t)(nul - text));
	return -EINVAL;
}

int rmem_profile_apply_config(struct rmem_profile *p, const char *text, size_t len,
			      char *errbuf, size_t errlen)
{
	struct reader r = { .p = p, .errbuf = errbuf, .errlen = errlen };
	int ret;

	if (memchr(text, '\0', len))
		return binary_data(&r, text, len);
	if (has_header(text, len)) {
		clear_kconfig(p);
		snprintf(p->name, sizeof(p->name), "%s", RMEM_PROFILE_CONFIG_NAME);
	}
	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t l = nl ? (size_t)(nl - text) : len;

		r.lineno++;
		if (read_header(&r, text, l)) {
			if (r.foreign)
				return fail(&r, "not an arm, arm64 or riscv kernel's .config", text, l);
		} else {
			ret = read_line(&r, text, l);
			if (ret)
				return ret;
		}
		if (!nl)
			break;
		len -= l + 1;
		text = nl + 1;
	}
	ret = rmem_profile_derive(p);
	if (ret && errbuf && errlen && p->version < rmem_kernel_facts_oldest())
		snprintf(errbuf, errlen,
			 "kernel %u.%u: older than every kernel rmem models (the oldest is %u.%u)",
			 RMEM_KERNEL_MAJOR(p->version), RMEM_KERNEL_MINOR(p->version),
			 RMEM_KERNEL_MAJOR(rmem_kernel_facts_oldest()),
			 RMEM_KERNEL_MINOR(rmem_kernel_facts_oldest()));
	else if (ret && errbuf && errlen && !p->page_shift)
		snprintf(errbuf, errlen,
			 "kernel %u.%u with no page size (no CONFIG_ARM64_4K_PAGES, _16K_ or _64K_ =y)",
			 RMEM_KERNEL_MAJOR(p->version), RMEM_KERNEL_MINOR(p->version));
	else if (ret && errbuf && errlen)
		snprintf(errbuf, errlen,
			 "kernel %u.%u, PAGE_SHIFT %u: not a kernel rmem models (pages of 4K, 16K or 64K, and Kconfig values within their ranges)",
			 RMEM_KERNEL_MAJOR(p->version), RMEM_KERNEL_MINOR(p->version), p->page_shift);
	return ret;
}

int rmem_profile_load_config(struct rmem_profile *p, const char *path, char *errbuf,
			      size_t errlen)
{
	/* a whole arm64 .config is about 300 KiB */
	const size_t max = 16u << 20;
	char *text;
	size_t len;
	int ret = rmem_read_input(path, max, &text, &len, errbuf, errlen);

	if (!ret)
		ret = rmem_profile_apply_config(p, text, len, errbuf, errlen);
	free(text);
	if (!ret)
		snprintf(p->config, sizeof(p->config), "%s", path);
	return ret;
}
