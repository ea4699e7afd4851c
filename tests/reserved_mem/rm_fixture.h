/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine the /reserved-memory tests boot: QEMU's virt board as the
 * conformance runs boot it (1 GiB of RAM at 0x40000000, the DTB at
 * 0x48000000), a device tree built with rmem_test_fdt, and helpers to check
 * the log and memblock afterwards.  Header-only: each test program takes
 * what it uses.
 */
#ifndef RM_FIXTURE_H
#define RM_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rmem/contiguous.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "internal.h"

#define RM_RAM_BASE	0x40000000ULL
#define RM_RAM_SIZE	0x40000000ULL
#define RM_RAM_END	(RM_RAM_BASE + RM_RAM_SIZE)
#define RM_DTB_BASE	0x48000000ULL
#define RM_DTB_SIZE	0x100000ULL	/* a stand-in for fdt_totalsize() */
#define RM_MB		0x100000ULL

/* properties of a region node */
#define RM_NOMAP	0x1u
#define RM_REUSABLE	0x2u
#define RM_CMA_DEFAULT	0x4u
#define RM_DMA_DEFAULT	0x8u
#define RM_NO_COMPAT	0x10u

struct rm_fixture {
	struct rmem_ctx *ctx;
	struct rmem_fdt fdt;
	void *blob;
	size_t first_line;	/* the first log line of the scan */
};

/* / with 2/2 cells, the memory node, and /reserved-memory opened */
static inline void rm_dt_begin(struct rmem_test_dt *dt)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
	rmem_test_dt_begin_reserved_memory(dt, 2, 2);
}

static inline void rm_dt_flags(struct rmem_test_dt *dt, unsigned int flags)
{
	if (!(flags & RM_NO_COMPAT))
		rmem_test_dt_prop_string(dt, "compatible", "shared-dma-pool");
	if (flags & RM_NOMAP)
		rmem_test_dt_prop_empty(dt, "no-map");
	if (flags & RM_REUSABLE)
		rmem_test_dt_prop_empty(dt, "reusable");
	if (flags & RM_CMA_DEFAULT)
		rmem_test_dt_prop_empty(dt, "linux,cma-default");
	if (flags & RM_DMA_DEFAULT)
		rmem_test_dt_prop_empty(dt, "linux,dma-default");
}

/* a complete static child: reg = <base size> */
static inline void rm_dt_static(struct rmem_test_dt *dt, const char *name, uint64_t base,
				uint64_t size, unsigned int flags)
{
	rmem_test_dt_begin_node(dt, name);
	RMEM_TEST_DT_REG(dt, "reg", base, size);
	rm_dt_flags(dt, flags);
	rmem_test_dt_end_node(dt);
}

/* a complete dynamic child: size = <size> */
static inline void rm_dt_dynamic(struct rmem_test_dt *dt, const char *name, uint64_t size,
				 unsigned int flags)
{
	rmem_test_dt_begin_node(dt, name);
	rmem_test_dt_prop_u64(dt, "size", size);
	rm_dt_flags(dt, flags);
	rmem_test_dt_end_node(dt);
}

/* The machine: @profile, the tree's RAM, the DTB reserved, @cmdline parsed. */
static inline struct rmem_ctx *rm_boot(struct rm_fixture *f, const char *profile,
				       struct rmem_test_dt *dt, const char *cmdline)
{
	char err[128];
	size_t size;

	memset(f, 0, sizeof(*f));
	f->blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, f->blob, size, err, sizeof(err)), 0);
	f->ctx = rmem_test_ctx(profile, RM_RAM_BASE, RM_RAM_SIZE);
	assert_int_equal(rmem_memblock_reserve(&f->ctx->memblock, RM_DTB_BASE, RM_DTB_SIZE), 0);
	if (cmdline)
		assert_int_equal(rmem_cmdline_parse(&f->ctx->cmdline, cmdline, &f->ctx->profile,
						    NULL), 0);
	f->ctx->fdt = &f->fdt;
	f->first_line = f->ctx->log.nr;
	return f->ctx;
}

/*
 * 6.12 moved the reg regions to drivers/of/of_reserved_mem.c: saved by the
 * late pass, fdt_scan_reserved_mem_reg_nodes(), and logged with its
 * "OF: reserved mem: " prefix; 5.10 and 6.1 do them in drivers/of/fdt.c
 * ("OF: fdt: ").  Per kernel: a kernel without an entry fails the test.
 */
RMEM_TEST_KERNEL_FACT(bool, rm_reg_nodes_late,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = true,
		      [RMEM_TEST_7_2] = true)

/* %pa as @profile prints it: 16 hex digits, 8 without LPAE (a 32-bit phys_addr_t) */
static inline const char *rm_pa(const char *profile, uint64_t addr, char *buf, size_t len)
{
	struct rmem_profile p = rmem_test_profile(profile);

	snprintf(buf, len, "0x%0*llx", (int)(p.phys_addr_bits / 4), (unsigned long long)addr);
	return buf;
}

/* The prefix of the reg regions' lines: "OF: fdt: " or "OF: reserved mem: ". */
static inline const char *rm_reg_prefix(const char *profile)
{
	return rm_reg_nodes_late(profile) ? "OF: reserved mem: " : "OF: fdt: ";
}

/*
 * 5.10 walks /reserved-memory with of_scan_flat_dt(): every node below it,
 * grandchildren included, and only a node named exactly "reserved-memory";
 * 6.1 and 6.12 take the children of fdt_path_offset("/reserved-memory").
 */
RMEM_TEST_KERNEL_FACT(bool, rm_flat_scan,
		      [RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = false)

/*
 * No-map over a reserved range: 5.10's early_init_dt_reserve_memory_arch()
 * (fdt.c:1148) refuses it wherever it is; 6.1 (fdt.c:479) and 6.12
 * (of_reserved_mem.c:141) only when the range is memory.
 */
RMEM_TEST_KERNEL_FACT(bool, rm_nomap_busy_anywhere,
		      [RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = false)

/*
 * The level of a region the kernel could not reserve ("failed to reserve
 * memory", drivers/of/fdt.c) or allocate ("failed to allocate memory",
 * of_reserved_mem.c): pr_info in 5.10, pr_err from 6.1 on.
 */
RMEM_TEST_KERNEL_FACT(enum rmem_loglevel, rm_failure_level,
		      [RMEM_TEST_5_10] = RMEM_LOG_INFO, [RMEM_TEST_6_1] = RMEM_LOG_ERR,
		      [RMEM_TEST_6_12] = RMEM_LOG_ERR, [RMEM_TEST_7_2] = RMEM_LOG_ERR)

/*
 * 7.2's handlers validate a node before it is reserved or placed, and pass
 * over (-ENODEV) what is not theirs (of_reserved_mem.c:566 in 7.2).
 */
RMEM_TEST_KERNEL_FACT(bool, rm_validates_nodes,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

/*
 * 7.2 reads reg and alloc-ranges in whole <base size> entries: of another
 * length they count as absent, silently; only reg's first entry is used.
 */
RMEM_TEST_KERNEL_FACT(bool, rm_whole_entries,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

static inline bool rm_validates_no_nodes(const char *profile)
{
	return !rm_validates_nodes(profile);
}

/* Both passes, as the boot story calls them (the late one does nothing before 6.12). */
static inline void rm_scan(struct rm_fixture *f)
{
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f->ctx), 0);
	assert_int_equal(rmem_fdt_scan_reserved_mem_reg_nodes(f->ctx), 0);
}

static inline void rm_free(struct rm_fixture *f)
{
	rmem_ctx_destroy(f->ctx);
	rmem_fdt_release(&f->fdt);
	free(f->blob);
}

static inline void rm_print_log(const struct rm_fixture *f)
{
	const struct rmem_log *log = &f->ctx->log;

	for (size_t i = f->first_line; i < log->nr; i++)
		fprintf(stderr, "  [%d] %s\n", log->lines[i].level, log->lines[i].text);
}

/*
 * The lines logged since the scan began, debug and advice lines left out,
 * are exactly @expected (NULL-terminated), at @level each unless the text
 * starts with "<N>" giving another level.
 */
static inline void rm_assert_lines(const struct rm_fixture *f, enum rmem_loglevel level,
				   const char *const *expected)
{
	const struct rmem_log *log = &f->ctx->log;
	size_t e = 0;
	bool ok = true;

	for (size_t i = f->first_line; i < log->nr && ok; i++) {
		const struct rmem_log_line *l = &log->lines[i];
		enum rmem_loglevel want = level;
		const char *text = expected[e];

		if (l->level == RMEM_LOG_DEBUG || l->level == RMEM_LOG_ADVICE)
			continue;
		if (!text) {
			ok = false;
			break;
		}
		if (text[0] == '<') {
			want = (enum rmem_loglevel)(text[1] - '0');
			text += 3;
		}
		ok = l->level == want && !strcmp(l->text, text);
		e++;
	}
	if (ok && expected[e])
		ok = false;
	if (!ok) {
		fprintf(stderr, "log (expected line %zu: %s):\n", e, expected[e] ? expected[e] : "none");
		rm_print_log(f);
	}
	assert_true(ok);
}

static inline const struct rmem_rmem_node *rm_node(const struct rmem_ctx *ctx, const char *name)
{
	for (unsigned int i = 0; i < rmem_rmem_node_count(ctx); i++) {
		const struct rmem_rmem_node *n = rmem_rmem_node_at(ctx, i);

		if (!strcmp(n->name, name))
			return n;
	}
	fprintf(stderr, "no record for %s\n", name);
	fail();
	return NULL;
}

static inline struct rmem_reserved_mem *rm_rmem(struct rmem_ctx *ctx, const char *name)
{
	struct rmem_reserved_mem *rmem = rmem_reserved_mem_lookup(ctx, name);

	assert_non_null(rmem);
	return rmem;
}

/* [@base, @base + @size) lies in one region of @type with @flags among its flags */
static inline bool rm_covered(const struct rmem_memblock_type *type, rmem_phys_t base,
			      rmem_phys_t size, unsigned int flags)
{
	for (size_t i = 0; i < type->cnt; i++) {
		const struct rmem_memblock_region *r = &type->regions[i];

		if (r->size && base >= r->base && base + size <= r->base + r->size)
			return (r->flags & flags) == flags;
	}
	return false;
}

static inline bool rm_reserved(const struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	return rm_covered(&ctx->memblock.reserved, base, size, 0);
}

/* no part of the range is reserved */
static inline bool rm_free_range(const struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	return !rmem_memblock_is_region_reserved(&ctx->memblock, base, size);
}

static inline bool rm_nomap(const struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	return rm_covered(&ctx->memblock.memory, base, size, RMEM_MEMBLOCK_NOMAP);
}

/* memory there, without NOMAP */
static inline bool rm_mapped(const struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size)
{
	return rm_covered(&ctx->memblock.memory, base, size, 0) && !rm_nomap(ctx, base, size);
}

#endif /* RM_FIXTURE_H */
