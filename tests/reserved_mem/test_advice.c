// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem's advice (src/reserved_mem/advice.c) on /reserved-memory values the
 * kernel reads in its own way: each odd value gets exactly its line, once,
 * in the words the conformance cases quote, and ordinary values get none.
 * The kernel's own lines are checked by the other tests and the
 * conformance suite.
 */
#include "rm_fixture.h"

/* The advice lines logged since the scan began are exactly @expected (NULL-terminated). */
static void assert_advice(const struct rm_fixture *f, const char *const *expected)
{
	const struct rmem_log *log = &f->ctx->log;
	size_t e = 0;
	bool ok = true;

	for (size_t i = f->first_line; i < log->nr && ok; i++) {
		if (log->lines[i].level != RMEM_LOG_ADVICE)
			continue;
		ok = expected[e] && !strcmp(log->lines[i].text, expected[e]);
		e++;
	}
	if (ok && expected[e])
		ok = false;
	if (!ok) {
		fprintf(stderr, "advice %zu, expected: %s\n", e ? e - 1 : 0,
			expected[e ? e - 1 : 0] ? expected[e ? e - 1 : 0] : "none");
		rm_print_log(f);
	}
	assert_true(ok);
}

/* Boot @dt on @profile, scan, and compare the advice with @expected. */
static void expect(const char *profile, struct rmem_test_dt *dt, const char *const *expected)
{
	struct rm_fixture f;

	print_message("%s\n", profile);
	rm_boot(&f, profile, dt, NULL);
	rm_scan(&f);
	assert_advice(&f, expected);
	rm_free(&f);
}

/* /reserved-memory with the given cells (negative: left out) and optionally ranges */
static void begin_root(struct rmem_test_dt *dt, int64_t addr, int64_t size, bool ranges)
{
	rmem_test_dt_begin(dt, 2, 2);
	RMEM_TEST_DT_MEMORY(dt, "memory@40000000", RM_RAM_BASE, RM_RAM_SIZE);
	rmem_test_dt_begin_node(dt, "reserved-memory");
	if (addr >= 0)
		RMEM_TEST_DT_CELLS(dt, "#address-cells", (uint32_t)addr);
	if (size >= 0)
		RMEM_TEST_DT_CELLS(dt, "#size-cells", (uint32_t)size);
	if (ranges)
		rmem_test_dt_prop_empty(dt, "ranges");
	rm_dt_static(dt, "pool@60000000", 0x60000000, 0x400000, RM_NOMAP);
}

/*
 * __reserved_mem_check_root() (fdt.c in 5.10/6.1, of_reserved_mem.c in
 * 6.12): cells other than the root's, or no ranges, drop the whole node;
 * one line each time, though 6.12 checks the root in both passes.
 */
static void test_root_refused(void **state)
{
	static const char *const zero[] = {
		"reserved-memory: #address-cells = <0> (the root's is <2>), so the kernel ignores the node and its 1 child node (\"unsupported node format\"); give it the root's #address-cells = <2> and #size-cells = <2> and write every reg, size, alignment and alloc-ranges in those cells",
		NULL
	};
	static const char *const both[] = {
		"reserved-memory: #address-cells = <1> (the root's is <2>) and #size-cells = <1> (the root's is <2>), so the kernel ignores the node and its 1 child node (\"unsupported node format\"); give it the root's #address-cells = <2> and #size-cells = <2> and write every reg, size, alignment and alloc-ranges in those cells",
		NULL
	};
	static const char *const huge[] = {
		"reserved-memory: #address-cells = <0xffffffff> (the root's is <2>), so the kernel ignores the node and its 1 child node (\"unsupported node format\"); give it the root's #address-cells = <2> and #size-cells = <2> and write every reg, size, alignment and alloc-ranges in those cells",
		NULL
	};
	static const char *const missing[] = {
		"reserved-memory: no #size-cells (the root's is <2>) and no ranges property, so the kernel ignores the node and its 1 child node (\"unsupported node format\"); give it the root's #address-cells = <2> and #size-cells = <2> and write every reg, size, alignment and alloc-ranges in those cells and add an empty \"ranges;\"",
		NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;

		begin_root(&dt, 0, 2, true);
		expect(it.name, &dt, zero);
		begin_root(&dt, 1, 1, true);
		expect(it.name, &dt, both);
		begin_root(&dt, 0xffffffff, 2, true);
		expect(it.name, &dt, huge);
		begin_root(&dt, 2, -1, false);
		expect(it.name, &dt, missing);
		begin_root(&dt, 2, 2, true);
		expect(it.name, &dt, none);
	}
}

/* One node "x" with @prop of the given cells; a size unless @prop is "size". */
static void node_with(struct rmem_test_dt *dt, const char *prop, const uint32_t *cells,
		      size_t n)
{
	rm_dt_begin(dt);
	rmem_test_dt_begin_node(dt, "x");
	if (strcmp(prop, "size") && strcmp(prop, "reg"))
		rmem_test_dt_prop_u64(dt, "size", 0x400000);
	rmem_test_dt_prop_cells(dt, prop, cells, n);
	rm_dt_flags(dt, RM_NOMAP);
	rmem_test_dt_end_node(dt);
}

/*
 * 7.2 reads a reg or alloc-ranges of a bad length as absent
 * (rm_whole_entries()): @line says what the kernel does in its words.
 */
static void line_for(const char *profile, const char *line, char *buf, size_t len)
{
	static const struct { const char *old, *new; } said[] = {
		{ "so the kernel skips the node and reserves nothing (\"invalid reg property\")",
		  "so the kernel reads the node as having no reg and reserves nothing for it" },
		{ "so the kernel skips the node and allocates nothing (\"invalid alloc-ranges property\")",
		  "so the kernel ignores alloc-ranges and places the region anywhere in memory" },
	};
	const char *at;

	snprintf(buf, len, "%s", line);
	for (size_t i = 0; rm_whole_entries(profile) && i < 2; i++) {
		at = strstr(line, said[i].old);
		if (at)
			snprintf(buf, len, "%.*s%s%s", (int)(at - line), line, said[i].new,
				 at + strlen(said[i].old));
	}
}

static void expect_length(const char *prop, const uint32_t *cells, size_t n, const char *line)
{
	char text[1024];
	const char *const expected[] = { text, NULL };

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		struct rmem_test_dt dt;

		line_for(it.name, line, text, sizeof(text));
		node_with(&dt, prop, cells, n);
		expect(it.name, &dt, expected);
	}
}

/*
 * __reserved_mem_reserve_reg() and __reserved_mem_alloc_size(): a reg,
 * size, alignment or alloc-ranges of the wrong length skips the node; the
 * advice quotes the cells and guesses the value meant when it can.
 */
static void test_lengths(void **state)
{
	static const uint8_t six[6] = { 0 };

	(void)state;
	expect_length("reg", (const uint32_t[]){ 0, 0x60000000, 0x400000 }, 3,
		      "reserved-memory/x: reg = <0x0 0x60000000 0x400000> has 3 cells, but it takes a multiple of 4 (#address-cells = <2> plus #size-cells = <2>), so the kernel skips the node and reserves nothing (\"invalid reg property\"); probably meant reg = <0x0 0x60000000 0x0 0x400000>");
	/* a tree written with one cell per number */
	expect_length("reg", (const uint32_t[]){ 0x60000000, 0x400000 }, 2,
		      "reserved-memory/x: reg = <0x60000000 0x400000> has 2 cells, but it takes a multiple of 4 (#address-cells = <2> plus #size-cells = <2>), so the kernel skips the node and reserves nothing (\"invalid reg property\"); probably meant reg = <0x0 0x60000000 0x0 0x400000>");
	/* more than one entry: no guess */
	expect_length("reg", (const uint32_t[]){ 0, 0x60000000, 0, 0x400000, 1 }, 5,
		      "reserved-memory/x: reg = <0x0 0x60000000 0x0 0x400000 0x1> has 5 cells, but it takes a multiple of 4 (#address-cells = <2> plus #size-cells = <2>), so the kernel skips the node and reserves nothing (\"invalid reg property\"); write each entry as 2 address cells, then 2 size cells");
	expect_length("size", (const uint32_t[]){ 0x400000 }, 1,
		      "reserved-memory/x: size = <0x400000> has 1 cell, but it takes 2 (#size-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid size property\"); probably meant size = <0x0 0x400000>");
	/* a leading zero cell too many is dropped, a non-zero one is not */
	expect_length("size", (const uint32_t[]){ 0, 0, 0x400000 }, 3,
		      "reserved-memory/x: size = <0x0 0x0 0x400000> has 3 cells, but it takes 2 (#size-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid size property\"); probably meant size = <0x0 0x400000>");
	expect_length("size", (const uint32_t[]){ 1, 0, 0x400000 }, 3,
		      "reserved-memory/x: size = <0x1 0x0 0x400000> has 3 cells, but it takes 2 (#size-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid size property\"); write the value in 2 cells");
	expect_length("alignment", (const uint32_t[]){ 0x100000 }, 1,
		      "reserved-memory/x: alignment = <0x100000> has 1 cell, but it takes 2 (#address-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid alignment property\"); probably meant alignment = <0x0 0x100000>");
	expect_length("alloc-ranges", (const uint32_t[]){ 0, 0x50000000, 0x10000000 }, 3,
		      "reserved-memory/x: alloc-ranges = <0x0 0x50000000 0x10000000> has 3 cells, but it takes a multiple of 4 (#address-cells = <2> plus #size-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid alloc-ranges property\"); probably meant alloc-ranges = <0x0 0x50000000 0x0 0x10000000>");
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		static const char *const bytes[] = {
			"reserved-memory/x: size is 6 bytes, not a whole number of 4-byte cells, but it takes 2 (#size-cells = <2>), so the kernel skips the node and allocates nothing (\"invalid size property\"); write it in whole cells",
			NULL
		};
		struct rmem_test_dt dt;

		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "x");
		rmem_test_dt_prop_raw(&dt, "size", six, sizeof(six));
		rmem_test_dt_end_node(&dt);
		expect(it.name, &dt, bytes);
	}
}

static void expect_static_on(unsigned int props, uint64_t base, uint64_t size,
			     const char *const *expected)
{
	rmem_test_for_each_profile(it, props) {
		struct rmem_test_dt dt;

		rm_dt_begin(&dt);
		rm_dt_static(&dt, "s", base, size, RM_NO_COMPAT);
		expect(it.name, &dt, expected);
	}
}

static void expect_static(uint64_t base, uint64_t size, const char *line)
{
	const char *const expected[] = { line, NULL };

	expect_static_on(RMEM_TEST_PHYS_64, base, size, expected);
}

/*
 * __reserved_mem_reserve_reg(): size 0 reserves nothing; base + size past
 * 2^64 is cut at the top by memblock_cap_size(); ending exactly at 2^64
 * and ordinary entries are fine.
 */
static void test_reg_values(void **state)
{
	(void)state;
	expect_static(0x60000000, 0,
		      "reserved-memory/s: the reg entry at 0x60000000 has size 0, so the kernel reserves nothing for it (\"failed to reserve memory\"); probably the size cells are wrong: give the size in bytes");
	expect_static(0x70000000, 0xfffffffff0000000ULL,
		      "reserved-memory/s: the reg entry 0x70000000 + 0xfffffffff0000000 passes 2^64 (it would end at 0x60000000), so memblock cuts it there and the region covers everything from 0x70000000 up, 256 MiB of RAM; probably the size cells are wrong: a size is a byte count, not an end address");
	expect_static(0xfffffffffffff000ULL, 0x1000, NULL);
	expect_static(0x60000000, 0x400000, NULL);
}

/*
 * The same in a 32-bit phys_addr_t (arm without LPAE): the kernel keeps
 * the low 32 bits of base and size, and the sum wraps at 2^32 (conformance
 * cases 139 and 144 on armhf-6.1-nolpae and armhf-6.12-nolpae).
 */
static void test_reg_values_phys_32(void **state)
{
	static const char *const wrap[] = {
		"reserved-memory/s: the reg entry 0x70000000 + 0xfffffffff0000000 does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x70000000 + 0xf0000000; only an LPAE kernel reads all 64 bits",
		"reserved-memory/s: the reg entry 0x70000000 + 0xf0000000 passes 2^32 (it would end at 0x60000000), so memblock cuts it there and the region covers everything from 0x70000000 up, 256 MiB of RAM; probably the size cells are wrong: a size is a byte count, not an end address",
		NULL
	};
	static const char *const high[] = {
		"reserved-memory/s: the reg entry 0x140000000 + 0x1000000 does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x40000000 + 0x1000000; only an LPAE kernel reads all 64 bits",
		NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	expect_static_on(RMEM_TEST_PHYS_32, 0x70000000, 0xfffffffff0000000ULL, wrap);
	expect_static_on(RMEM_TEST_PHYS_32, 0x140000000ULL, 0x1000000, high);
	expect_static_on(RMEM_TEST_PHYS_32, 0xfffff000, 0x1000, none);
	expect_static_on(RMEM_TEST_PHYS_32, 0x60000000, 0x400000, none);
}

static void expect_dynamic(const char *profile, uint64_t size, const uint32_t *align,
			   unsigned int flags, const char *line)
{
	const char *const expected[] = { line, NULL };
	struct rmem_test_dt dt;

	rm_dt_begin(&dt);
	rmem_test_dt_begin_node(&dt, "d");
	rmem_test_dt_prop_u64(&dt, "size", size);
	if (align)
		rmem_test_dt_prop_cells(&dt, "alignment", align, 2);
	rm_dt_flags(&dt, flags);
	rmem_test_dt_end_node(&dt);
	expect(profile, &dt, expected);
}

/*
 * __reserved_mem_alloc_size() and early_init_dt_alloc_reserved_memory_arch():
 * alignment 0 means SMP_CACHE_BYTES, or the CMA minimum for a CMA area
 * (MAX_ORDER - 1 blocks in 5.10, pageblocks from 6.1); an alignment that
 * is not a power of two aligns to its lowest set bit; one that no RAM
 * address meets fails the allocation.
 */
static void test_alignment(void **state)
{
	static const char *const cma_zero[] = {
		[RMEM_TEST_5_10] = "reserved-memory/d: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, 0x400000 (4 MiB), as without the property; drop it, or give the power of two that was meant",
		[RMEM_TEST_6_1] = "reserved-memory/d: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, 0x200000 (2 MiB), as without the property; drop it, or give the power of two that was meant",
		[RMEM_TEST_6_12] = "reserved-memory/d: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, 0x200000 (2 MiB), as without the property; drop it, or give the power of two that was meant",
		[RMEM_TEST_7_2] = "reserved-memory/d: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, 0x200000 (2 MiB), as without the property; drop it, or give the power of two that was meant",
	};
	static const char *const cma_odd[] = {
		[RMEM_TEST_5_10] = "reserved-memory/d: alignment 0x3000 is not a power of two; the kernel raises it to the CMA minimum, 0x400000, so it has no effect here; probably meant 0x2000 or 0x4000",
		[RMEM_TEST_6_1] = "reserved-memory/d: alignment 0x3000 is not a power of two; the kernel raises it to the CMA minimum, 0x200000, so it has no effect here; probably meant 0x2000 or 0x4000",
		[RMEM_TEST_6_12] = "reserved-memory/d: alignment 0x3000 is not a power of two; the kernel raises it to the CMA minimum, 0x200000, so it has no effect here; probably meant 0x2000 or 0x4000",
		[RMEM_TEST_7_2] = "reserved-memory/d: alignment 0x3000 is not a power of two; the kernel raises it to the CMA minimum, 0x200000, so it has no effect here; probably meant 0x2000 or 0x4000",
	};
	static const char *const too_big =
		"reserved-memory/d: alignment 0x100000000 (4 GiB): no multiple of it in RAM has room for the 4 MiB region, so the kernel cannot place it (\"failed to allocate memory\"); probably a smaller alignment was meant: the largest that RAM allows is 0x40000000 (1 GiB)";
	static const char *const end_only =
		"reserved-memory/d: alignment 0x80000000 (2 GiB): no multiple of it in RAM has room for the 4 MiB region, so the kernel cannot place it (\"failed to allocate memory\"); probably a smaller alignment was meant: the largest that RAM allows is 0x40000000 (1 GiB)";

	(void)state;
	/* the CMA minimum of 4K pages; 64-bit alignments */
	rmem_test_for_each_profile(it, RMEM_TEST_DMA_CMA | RMEM_TEST_PAGE_4K | RMEM_TEST_PHYS_64) {
		const char *p = it.name;

		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0, 0 }, RM_NOMAP,
			       "reserved-memory/d: alignment is 0, so the kernel uses its default, SMP_CACHE_BYTES (64 bytes), as without the property; drop it, or give the power of two that was meant");
		expect_dynamic(p, 0x2000000, (const uint32_t[]){ 0, 0 }, RM_REUSABLE, RMEM_TEST_BY_KERNEL(cma_zero, p));
		expect_dynamic(p, 0x4000, (const uint32_t[]){ 0, 0x3000 }, RM_NOMAP,
			       "reserved-memory/d: alignment 0x3000 is not a power of two: memblock rounds with the mask ~(0x3000 - 1), so the base is only a multiple of 0x1000, the lowest bit set in it; probably meant 0x2000 or 0x4000");
		expect_dynamic(p, 0x2000000, (const uint32_t[]){ 0, 0x3000 }, RM_REUSABLE, RMEM_TEST_BY_KERNEL(cma_odd, p));
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0xc0000000, 0 }, RM_NOMAP,
			       "reserved-memory/d: alignment 0xc000000000000000 is not a power of two: memblock rounds with the mask ~(0xc000000000000000 - 1), so the base is only a multiple of 0x4000000000000000, the lowest bit set in it; probably meant 0x8000000000000000");
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 1, 0 }, RM_NOMAP, too_big);
		/* 0x80000000 is the end of RAM: a multiple, but no room after it */
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0, 0x80000000 }, RM_NOMAP, end_only);
		/* too big whatever the alignment: the alignment is not to blame */
		expect_dynamic(p, 0x80000000, (const uint32_t[]){ 1, 0 }, RM_NOMAP, NULL);
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0, 0x40000000 }, RM_NOMAP, NULL);
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0, 0x100000 }, RM_NOMAP, NULL);
		expect_dynamic(p, 0x400000, NULL, RM_NOMAP, NULL);
	}
}

/*
 * The same without LPAE: the CMA minimum is a pageblock of the largest
 * order (no HUGETLB_PAGE), 8 MiB; an alignment past 32 bits keeps its low
 * 32 bits (conformance cases 146 and 147 on the armhf nolpae profiles).
 */
static void test_alignment_phys_32(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		const char *const wide[] = {
			"reserved-memory/d: alignment 0x100000000 does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x0",
			"reserved-memory/d: alignment is 0, so the kernel uses its default, SMP_CACHE_BYTES (64 bytes), as without the property; drop it, or give the power of two that was meant",
			NULL
		};
		struct rmem_test_dt dt;
		const char *p = it.name;

		expect_dynamic(p, 0x2000000, (const uint32_t[]){ 0, 0 }, RM_REUSABLE,
			       "reserved-memory/d: alignment is 0, so the kernel aligns the CMA area to the CMA minimum, 0x800000 (8 MiB), as without the property; drop it, or give the power of two that was meant");
		expect_dynamic(p, 0x2000000, (const uint32_t[]){ 0, 0x3000 }, RM_REUSABLE,
			       "reserved-memory/d: alignment 0x3000 is not a power of two; the kernel raises it to the CMA minimum, 0x800000, so it has no effect here; probably meant 0x2000 or 0x4000");
		rm_dt_begin(&dt);
		rmem_test_dt_begin_node(&dt, "d");
		rmem_test_dt_prop_u64(&dt, "size", 0x400000);
		rmem_test_dt_prop_cells(&dt, "alignment", (const uint32_t[]){ 1, 0 }, 2);
		rm_dt_flags(&dt, RM_NOMAP);
		rmem_test_dt_end_node(&dt);
		expect(p, &dt, wide);
		expect_dynamic(p, 0x400000, (const uint32_t[]){ 0, 0x100000 }, RM_NOMAP, NULL);
	}
}

/* __reserved_mem_alloc_size(): size 0 is "allocated" all the same, at the top of RAM */
static void test_size_zero(void **state)
{
	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_ALL)
		expect_dynamic(it.name, 0, NULL, RM_NOMAP,
			       "reserved-memory/d: size is 0, so the kernel \"allocates\" 0 bytes at 0x80000000 and keeps that empty region as if it were real; probably the size cells are wrong: give the size in bytes");
}

static void expect_ranges(const char *profile, const uint64_t *pairs, size_t n,
			  const char *const *expected)
{
	struct rmem_test_dt dt;

	rm_dt_begin(&dt);
	rmem_test_dt_begin_node(&dt, "r");
	rmem_test_dt_prop_u64(&dt, "size", 0x400000);
	rmem_test_dt_prop_reg(&dt, "alloc-ranges", 2, 2, pairs, n);
	rm_dt_flags(&dt, RM_NOMAP);
	rmem_test_dt_end_node(&dt);
	expect(profile, &dt, expected);
}

/*
 * __reserved_mem_alloc_size(): start + size is computed in phys_addr_t,
 * so it wraps; an end of 0 means "anywhere" (early_init_dt_alloc_
 * reserved_memory_arch()); only the ranges tried before the first fit are
 * read; an empty alloc-ranges tries nothing.
 */
static void test_ranges(void **state)
{
	static const char *const past[] = {
		"reserved-memory/r: the alloc-ranges entry 0x60000000 + 0xffffffffc0000000 passes 2^64 and ends at 0x20000000, below its start, so the kernel finds no room in it; probably the size cells are wrong: a size is a byte count, not an end address",
		NULL
	};
	static const char *const to_zero[] = {
		"reserved-memory/r: the alloc-ranges entry 0x60000000 + 0xffffffffa0000000 ends exactly at 2^64, which wraps to 0, and the kernel reads an end of 0 as no limit, so the range is everything from 0x60000000 up, probably as meant; a size that ends inside RAM says so without the wrap",
		NULL
	};
	static const char *const empty[] = {
		"reserved-memory/r: alloc-ranges is empty, so the kernel tries no range and allocates nothing (\"failed to allocate memory\"); drop the property to let the kernel place the region anywhere, or list the ranges",
		NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_64) {
		const char *p = it.name;

		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0xffffffffc0000000ULL }, 1, past);
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0xffffffffa0000000ULL }, 1, to_zero);
		expect_ranges(p, NULL, 0, empty);
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0x10000000 }, 1, none);
		/* the first range fits: the kernel never reads the second */
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0x10000000,
						     0x60000000, 0xffffffffc0000000ULL }, 2, none);
		/* the first does not fit: the second is read, and wraps */
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0x1000,
						     0x60000000, 0xffffffffc0000000ULL }, 2, past);
	}
}

/*
 * The same in a 32-bit phys_addr_t: the low 32 bits of start and size,
 * and their sum wraps at 2^32 (conformance cases 148 and 149 on the armhf
 * nolpae profiles).
 */
static void test_ranges_phys_32(void **state)
{
	static const char *const past[] = {
		"reserved-memory/r: the alloc-ranges entry 0x60000000 + 0xffffffffc0000000 does not fit the 32-bit phys_addr_t of a kernel without LPAE, which keeps the low 32 bits: 0x60000000 + 0xc0000000; only an LPAE kernel reads all 64 bits",
		"reserved-memory/r: the alloc-ranges entry 0x60000000 + 0xc0000000 passes 2^32 and ends at 0x20000000, below its start, so the kernel finds no room in it; probably the size cells are wrong: a size is a byte count, not an end address",
		NULL
	};
	static const char *const to_zero[] = {
		"reserved-memory/r: the alloc-ranges entry 0x60000000 + 0xa0000000 ends exactly at 2^32, which wraps to 0, and the kernel reads an end of 0 as no limit, so the range is everything from 0x60000000 up, probably as meant; a size that ends inside RAM says so without the wrap",
		NULL
	};
	static const char *const none[] = { NULL };

	(void)state;
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		const char *p = it.name;

		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0xffffffffc0000000ULL }, 1, past);
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0xa0000000 }, 1, to_zero);
		expect_ranges(p, (const uint64_t[]){ 0x60000000, 0x10000000 }, 1, none);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_refused),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_reg_values),
		cmocka_unit_test(test_reg_values_phys_32),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_alignment_phys_32),
		cmocka_unit_test(test_size_zero),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_ranges_phys_32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
