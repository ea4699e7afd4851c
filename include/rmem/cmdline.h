/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel command line's early parameters that rmem models.
 *
 * The kernel walks the command line once, early (parse_early_param(),
 * init/main.c), splits it into words as next_arg() (lib/cmdline.c) does --
 * blanks separate words, double quotes group them, the first '=' splits
 * name and value, a word without '=' has no value, "--" ends the walk --
 * and calls the handler of every early_param() whose name matches ('-' and
 * '_' are the same in names), in command-line order, once per occurrence:
 * so the last occurrence of a parameter wins.  rmem does the same with its
 * own table (rmem_cmdline_parse()):
 *
 *   cma=  kernel/dma/contiguous.c early_cma() (only with CONFIG_DMA_CMA):
 *         size[@base[-limit]], each read with memparse().  The same code in
 *         5.10, 6.1 and 6.12.
 *   mem=  arm64: arch/arm64/mm/init.c early_mem(): memory_limit = size
 *         rounded down to a page.  arm: arch/arm/kernel/setup.c early_mem():
 *         size[@start]; the first mem= removes all memory found so far and
 *         each mem= adds one bank (see rmem_cmdline_arm_add_memory()).
 */
#ifndef RMEM_CMDLINE_H
#define RMEM_CMDLINE_H

#include <rmem/api.h>
#include <rmem/log.h>
#include <rmem/profile.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * COMMAND_LINE_SIZE (arch/.../uapi/asm/setup.h): the kernel keeps at most
 * this many bytes minus the NUL of its command line.  arm64 and arm: the
 * same in 5.10 .. 6.12; riscv: 1024 in 6.12, 2048 in 7.2 (src/profile/arch.c).
 */
#define RMEM_COMMAND_LINE_SIZE_ARM64	2048
#define RMEM_COMMAND_LINE_SIZE_ARM	1024
/* the largest of them all */
#define RMEM_COMMAND_LINE_SIZE_MAX	2048

/*
 * Enough for every mem= that fits in the arm command line: the shortest,
 * "mem=", takes 5 bytes with its separating blank.
 */
#define RMEM_CMDLINE_MAX_MEM_BANKS	(RMEM_COMMAND_LINE_SIZE_ARM / 5 + 1)

/* One arm mem=size[@start], as early_mem() read it. */
struct rmem_cmdline_mem_bank {
	uint64_t size;		/* memparse() of the text before '@' */
	uint64_t start;		/* memparse() after '@'; 0 without '@' */
	bool has_start;		/* false: the kernel uses PHYS_OFFSET as start */
};

/*
 * What the command line set: the kernel's variables as they are after
 * parse_early_param(), plus what rmem needs to apply arm's mem=.
 */
struct rmem_cmdline {
	/*
	 * cma= (kernel/dma/contiguous.c).  phys_addr_t values: on arm without
	 * LPAE they are truncated to 32 bits, as the kernel's are.
	 */
	bool cma_seen;		/* size_cmdline != (phys_addr_t)-1: a cma= size applies */
	rmem_phys_t size_cmdline;	/* (phys_addr_t)-1 when no cma= set it */
	rmem_phys_t base_cmdline;	/* 0 unless some cma= had '@' */
	rmem_phys_t limit_cmdline;	/* 0 = none; base + size after "size@base" */
	/*
	 * dma_contiguous_reserve()'s "fixed": base_cmdline + size_cmdline ==
	 * limit_cmdline, so "size@base" and "size@base-(base+size)" are fixed,
	 * and so is "size@" (base 0).  Meaningful only when cma_seen.
	 */
	bool cma_fixed;

	/* mem= */
	bool mem_seen;		/* a mem= with a value was handled */
	/*
	 * arm64: memparse() & PAGE_MASK of the last mem=; RMEM_PHYS_MAX when
	 * none.  The kernel applies it with memblock_mem_limit_remove_map(),
	 * which ignores 0.  Always RMEM_PHYS_MAX on arm.
	 */
	rmem_phys_t memory_limit;
	/*
	 * arm: one bank per mem=, in command-line order.  When there is any
	 * (mem_seen), the kernel first removed all memory it had found (the
	 * device tree's), then ran arm_add_memory() on each bank.
	 */
	size_t mem_nr_banks;
	struct rmem_cmdline_mem_bank mem_banks[RMEM_CMDLINE_MAX_MEM_BANKS];

	bool truncated;		/* longer than COMMAND_LINE_SIZE - 1: the tail was lost */
	unsigned int nr_advice;	/* RMEM_LOG_ADVICE lines logged while parsing */
};

/**
 * rmem_cmdline_init() - the state before any parameter: size_cmdline and
 * memory_limit at the kernel's initial -1 / PHYS_ADDR_MAX (64-bit; a parse
 * for arm without LPAE uses 0xffffffff for size_cmdline), the rest 0.
 */
RMEM_API
void rmem_cmdline_init(struct rmem_cmdline *cl);

/**
 * rmem_cmdline_parse() - run the early parameters of @cmdline.
 * @cl:      reset with rmem_cmdline_init(), then filled
 * @cmdline: the command line (may be NULL or empty)
 * @p:       the kernel profile (the parameters' parsing differs by arch,
 *           cma= exists only with CONFIG_DMA_CMA)
 * @log:     may be NULL; receives the lines the kernel prints while
 *           parsing (its pr_debug lines at RMEM_LOG_DEBUG; "Malformed
 *           early option '%s'" when a handler fails, as in 5.10 .. 6.12),
 *           and rmem's RMEM_LOG_ADVICE lines, each starting with
 *           "cma=VALUE:" or "mem=VALUE:", for values the kernel reads in
 *           its own way (overflow, a suffix it does not know, "0x" without
 *           digits, a sign, a leading 0 (octal), a missing part after '@'
 *           or '-', a value that has no effect)
 *
 * Returns 0; -EINVAL when @p was not derived (rmem_profile_derive()); or
 * -EINVAL when the kernel would crash on this command line
 * (arm: "mem" without '=' makes early_mem() read a NULL pointer): @cl is
 * then left at its initial state (nr_advice kept) and @log says why; or
 * -ENOSPC past RMEM_CMDLINE_MAX_MEM_BANKS arm banks, which no command line
 * within COMMAND_LINE_SIZE reaches.
 */
RMEM_API
int rmem_cmdline_parse(struct rmem_cmdline *cl, const char *cmdline,
		       const struct rmem_profile *p, struct rmem_log *log);

/**
 * rmem_cmdline_arm_add_memory() - what arm_add_memory() (arch/arm/kernel/
 * setup.c, 5.10 .. 6.12) makes of one mem= bank.
 * @p:           an arm profile (page size; without LPAE physical
 *               addresses end at 4 GiB)
 * @phys_offset: PHYS_OFFSET, where the machine's RAM starts; also the
 *               start of a bank without '@'
 * @bank:        one of rmem_cmdline.mem_banks
 * @log:         may be NULL; receives the kernel's pr_info/pr_crit lines
 * @start:       receives the first byte to memblock_add()
 * @size:        receives the size to memblock_add()
 *
 * The start is rounded up to a page, the size down; memory below
 * PHYS_OFFSET is dropped, and without LPAE so is memory past 4 GiB.
 *
 * Returns 0 (add [*@start, *@start + *@size)); or -EINVAL when the kernel
 * adds nothing for this bank (nothing left, or all of it outside).
 */
RMEM_API
int rmem_cmdline_arm_add_memory(const struct rmem_profile *p, rmem_phys_t phys_offset,
				const struct rmem_cmdline_mem_bank *bank,
				struct rmem_log *log, rmem_phys_t *start, rmem_phys_t *size);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_CMDLINE_H */
