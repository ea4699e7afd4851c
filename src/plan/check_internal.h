/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the rule groups of rmem check share (check.c runs them): the rules'
 * indexes, the run, and how a finding is made.
 */
#ifndef RMEM_PLAN_CHECK_INTERNAL_H
#define RMEM_PLAN_CHECK_INTERNAL_H

#include <stdarg.h>

#include <rmem/check.h>

#include "internal.h"

/* The rules, in the order of the table in check.c and of docs/check.md. */
enum rmem_check_id {
	CHECK_MEMORY_PLACEHOLDER,
	CHECK_MEMORY_MISSING,
	CHECK_REGION_OUTSIDE_RAM,
	CHECK_RESERVE_OUTSIDE_RAM,
	CHECK_OVERLAP_UNREPORTED,
	CHECK_CMA_OVER_NOMAP,
	CHECK_RESERVED_MEMORY_FORMAT,
	CHECK_RESERVED_MEMORY_RANGES,
	CHECK_REG_OR_SIZE_MISSING,
	CHECK_REG_AND_SIZE,
	CHECK_ALLOC_RANGES_WITHOUT_SIZE,
	CHECK_REG_MULTIPLE_ENTRIES,
	CHECK_REUSABLE_NOMAP,
	CHECK_RESTRICTED_POOL_FLAGS,
	CHECK_CMA_DEFAULT_UNUSABLE,
	CHECK_CMA_DEFAULT_TWICE,
	CHECK_CMA_MISALIGNED,
	CHECK_TOO_MANY_REGIONS,
	CHECK_TOO_MANY_CMA_AREAS,
	CHECK_NO_HANDLER,
	CHECK_MEMORY_REGION_MISSING,
	CHECK_MEMORY_REGION_NOT_RESERVED,
	CHECK_MEMORY_REGION_DISABLED,
	CHECK_MEMORY_REGION_DROPPED,
	CHECK_DEVICE_TOO_DEEP,
	CHECK_POOL_BEYOND_COHERENT_MASK,
	CHECK_POOL_BEYOND_DMA_RANGES,
	CHECK_IMAGE_OVER_RESERVED,
	CHECK_IMAGE_OVER_NOMAP,
	CHECK_IMAGE_OVER_CMA,
	CHECK_IMAGE_OUTSIDE_RAM,
	CHECK_IMAGE_OVER_IMAGE,
	NR_CHECKS
};

struct rmem_check {
	struct rmem_finding *items;
	size_t nr, cap;
};

/* One run of the rules over a booted context. */
struct check_run {
	struct rmem_ctx *ctx;
	const struct rmem_check_options *opt;
	struct rmem_check *out;
	/* the tree the board gave, before --memory (the context's own when none) */
	const struct rmem_fdt *board;
	int err;			/* -ENOMEM, sticky: the run's result */
	/* findings per rule, and those past CHECK_MAX_PER_RULE left out */
	unsigned int count[NR_CHECKS];
	size_t more[NR_CHECKS];
	bool stopped[NR_CHECKS];	/* a search gave up counting them (check_full()) */
};

/*
 * A generated tree of thousands of regions can have millions of
 * overlapping pairs: each rule gives this many findings at most, then one
 * saying how many more there were.
 */
#define CHECK_MAX_PER_RULE 100

/** Whether the run applies rule @id (and memory has not run out). */
bool check_wanted(const struct check_run *run, enum rmem_check_id id);

/**
 * check_full() - whether rule @id has given its CHECK_MAX_PER_RULE
 * findings: a search that costs more than linear time stops there, and the
 * run says that more were left out without counting them.
 */
bool check_full(struct check_run *run, enum rmem_check_id id);

/**
 * check_add() - a finding of rule @id: @fix is its one sentence, the rest
 * its message, printf-style.  NULL when the rule is off or memory ran out
 * (the run then fails with -ENOMEM); the subject calls accept NULL.
 */
struct rmem_finding *check_add(struct check_run *run, enum rmem_check_id id, const char *fix,
			       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct rmem_finding *check_vadd(struct check_run *run, enum rmem_check_id id, const char *fix,
				const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* The node at @fdt_node of the booted tree, and a range when @size is not 0. */
void check_node(struct check_run *run, struct rmem_finding *f, int fdt_node, rmem_phys_t base,
		rmem_phys_t size);
/* Something that is no node: "--reserve ...", "/memreserve/ entry 0", ... */
void check_subject(struct check_run *run, struct rmem_finding *f, const char *what,
		   rmem_phys_t base, rmem_phys_t size);

/* The record of the /reserved-memory child at @fdt_node, or NULL when the kernel saw none. */
const struct rmem_rmem_node *check_record(const struct rmem_ctx *ctx, int fdt_node);

/* Whether the CMA handler took @n (NULL: no record): it is a CMA area. */
bool check_took_cma(const struct rmem_rmem_node *n);

/* "0x50000000-0x51000000" (end exclusive) in @buf */
const char *check_range_str(char *buf, size_t len, rmem_phys_t base, rmem_phys_t size);

/*
 * The bytes of one reg entry in @fdt's root cells; 0 when the cells are
 * negative or none (odd values the boot deals with, in its own way).
 */
static inline int64_t check_entry_bytes(const struct rmem_fdt *fdt)
{
	int64_t cells = (int64_t)fdt->root_addr_cells + fdt->root_size_cells;

	return fdt->root_addr_cells < 0 || fdt->root_size_cells < 0 ? 0 : cells * 4;
}

/* The @i-th entry of @node's reg, as the kernel reads it; false past the end. */
bool check_reg_entry(const struct rmem_ctx *ctx, int node, unsigned int i, rmem_phys_t *base,
		     rmem_phys_t *size);
/* Whether the kernel reserved @n's reg entries (a static region, neither disabled nor skipped). */
bool check_node_has_reg_entries(const struct rmem_rmem_node *n);
/*
 * "--reserve 0x40200000+0x2000000 (the kernel image)" for reservation @i;
 * one derived from the boot chain by its own name
 */
void check_reserve_name(const struct check_run *run, char *buf, size_t len, size_t i,
			rmem_phys_t base, rmem_phys_t size);
/* Bytes of [@base, @base + @size) in memblock.memory. */
uint64_t check_ram_bytes(const struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size);
/* "0x40000000-0x80000000, ...": the first banks, for messages. */
const char *check_ram_str(const struct rmem_memblock *mb, char *buf, size_t len);
/* The node a CMA area was made from, or -1 (the default area of cma= or the config). */
int check_cma_node(const struct rmem_ctx *ctx, const struct rmem_cma *cma);

/*
 * check_paths.c: each node subject's path, in one walk of @fdt (a path per
 * subject from the root would cost the whole tree each).  0 or -ENOMEM.
 */
int check_name_nodes(const struct rmem_fdt *fdt, struct rmem_check *out);

/* The rule groups, each one file. */
void check_memory(struct check_run *run);	/* check_memory.c */
void check_memory_nodes(struct check_run *run);	/* its part that reads the tree alone */
void check_overlaps(struct check_run *run);	/* check_overlap.c */
void check_schema(struct check_run *run);	/* check_schema.c */
void check_kernel_limits(struct check_run *run);	/* check_cma.c */
void check_devices(struct check_run *run);	/* check_devices.c */
void check_loads(struct check_run *run);	/* check_loads.c */

#endif /* RMEM_PLAN_CHECK_INTERNAL_H */
