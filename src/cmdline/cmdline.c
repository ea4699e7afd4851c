// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_cmdline_parse(): parse_early_param() (init/main.c) over rmem's
 * table of early parameters.  The kernel parses a copy of
 * boot_command_line, which holds at most COMMAND_LINE_SIZE - 1 bytes: the
 * tail of a longer command line never reaches any parameter.
 */
#include <errno.h>
#include <string.h>

#include "cmdline/early_param.h"

static bool has_dma_cma(const struct rmem_profile *p)
{
	return p->dma_cma;
}

/* Every early_param() rmem models; the order is the kernel's link order. */
static const struct rmem_early_param early_params[] = {
	{ "cma", "CONFIG_DMA_CMA", has_dma_cma, rmem_early_cma },
	{ "mem", NULL, NULL, rmem_early_mem },
};

#define NR_EARLY_PARAMS (sizeof(early_params) / sizeof(early_params[0]))

void rmem_cmdline_init(struct rmem_cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
	cl->size_cmdline = RMEM_PHYS_MAX;
	cl->memory_limit = RMEM_PHYS_MAX;
}

/* The kernel's initial values, with phys_addr_t's width for -1. */
static void cmdline_reset(struct rmem_cmdline *cl, const struct rmem_profile *p)
{
	rmem_cmdline_init(cl);
	cl->size_cmdline = rmem_cmdline_phys_max(p);
}

/* boot_command_line: strscpy()/strlcpy() into COMMAND_LINE_SIZE bytes. */
static void copy_cmdline(char *buf, size_t size, const char *cmdline,
			 struct rmem_early_ctx *ec)
{
	size_t len = strlen(cmdline);

	if (len >= size) {
		ec->cl->truncated = true;
		rmem_cmdline_advise(ec, "command line: %zu bytes long, but the kernel keeps only the first %zu (COMMAND_LINE_SIZE %zu) and ignores the rest, from \"%.20s\"",
				    len, size - 1, size, cmdline + size - 1);
		len = size - 1;
	}
	memcpy(buf, cmdline, len);
	buf[len] = '\0';
}

/* Parameters after "--" go to init: say so for the ones users expect read. */
static void advise_after_dashes(char *args, struct rmem_early_ctx *ec)
{
	char *param, *val;

	while (*args) {
		args = rmem_next_arg(args, &param, &val);
		for (size_t i = 0; i < NR_EARLY_PARAMS; i++)
			if (rmem_parameq(param, early_params[i].name))
				rmem_cmdline_advise(ec, "%s%s%s: it comes after \"--\", so the kernel hands it to init and does not read it; move it before the \"--\"",
						    early_params[i].name, val ? "=" : "",
						    val ? val : "");
	}
}

int rmem_cmdline_parse(struct rmem_cmdline *cl, const char *cmdline,
		       const struct rmem_profile *p, struct rmem_log *log)
{
	char buf[RMEM_COMMAND_LINE_SIZE_MAX];
	struct rmem_early_ctx ec = { .cl = cl, .p = p, .log = log };
	char *rest;

	if (!p->arch_ops)
		return -EINVAL;	/* not derived */
	cmdline_reset(cl, p);
	copy_cmdline(buf, p->arch_ops->command_line_size(p), cmdline ? cmdline : "", &ec);
	rest = rmem_parse_early_options(buf, early_params, NR_EARLY_PARAMS, &ec);
	if (ec.fatal) {
		unsigned int nr_advice = cl->nr_advice;

		cmdline_reset(cl, p);
		cl->nr_advice = nr_advice;
		return ec.fatal;
	}
	if (rest)
		advise_after_dashes(rest, &ec);
	return 0;
}
