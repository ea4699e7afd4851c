/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel command line's early parameters that rmem models.
 *
 * The kernel walks the command line once, early, and calls the handler of
 * every early_param() whose name matches, in command-line order, so the last
 * occurrence of a parameter wins.  rmem does the same with its own table
 * (rmem_cmdline_parse()).
 */
#ifndef RMEM_CMDLINE_H
#define RMEM_CMDLINE_H

#include <rmem/log.h>
#include <rmem/profile.h>

/* What the command line set, as the kernel's variables hold it afterwards. */
struct rmem_cmdline {
	/* cma= (kernel/dma/contiguous.c: early_cma) */
	bool cma_seen;
	rmem_phys_t size_cmdline;	/* the kernel's initial -1 when not given */
	rmem_phys_t base_cmdline;
	rmem_phys_t limit_cmdline;
	bool cma_fixed;		/* "@base" was given: a fixed area */

	/* mem= (arch early_mem) */
	bool mem_seen;
	rmem_phys_t memory_limit;	/* arm64: the limit the kernel enforces */
};

/**
 * rmem_cmdline_parse() - run the early parameters of @cmdline.
 * @cl:      cleared, then filled
 * @cmdline: the command line (may be NULL or empty)
 * @p:       the kernel profile (the parameters' parsing differs by version and arch)
 * @log:     receives the lines the kernel prints while parsing, and rmem's
 *           RMEM_LOG_ADVICE lines for values the kernel reads in its own
 *           way (overflow, garbage suffix, a missing part after '@' or '-')
 *
 * Returns 0.  The kernel never rejects a command line, so neither does this.
 */
int rmem_cmdline_parse(struct rmem_cmdline *cl, const char *cmdline,
		       const struct rmem_profile *p, struct rmem_log *log);

#endif /* RMEM_CMDLINE_H */
