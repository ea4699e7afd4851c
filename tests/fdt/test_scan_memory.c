// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_dt_scan_memory() and the generic early_init_dt_add_memory_arch()
 * (drivers/of/fdt.c: 5.10:991/:1101, 6.1:1096/:1218, 6.12:962/:1084) with
 * arm64's MIN/MAX_MEMBLOCK_ADDR (0, U64_MAX: arch/arm64/include/asm/memory.h)
 * and arm's (__pa(PAGE_OFFSET), (phys_addr_t)~0).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "fdt/fdt.h"

#define MAX_CALLS 32

struct call {
	enum rmem_fdt_memory_op op;
	uint64_t base, size;
};

struct scan {
	struct rmem_fdt fdt;
	void *blob;
	struct rmem_log log;
	struct call calls[MAX_CALLS];
	size_t n;
	int hotplug_ret;
};

static int record(void *arg, enum rmem_fdt_memory_op op, uint64_t base, uint64_t size)
{
	struct scan *s = arg;

	assert_true(s->n < MAX_CALLS);
	s->calls[s->n++] = (struct call){ op, base, size };
	return op == RMEM_FDT_MEMORY_HOTPLUG ? s->hotplug_ret : 0;
}

static void scan_load(struct scan *s, struct rmem_test_dt *dt)
{
	char err[128];
	size_t size;

	memset(s, 0, sizeof(*s));
	s->blob = rmem_test_dt_finish(dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&s->fdt, s->blob, size, err, sizeof(err)), 0);
	rmem_log_init(&s->log);
}

static int scan_run(struct scan *s, const char *profile, uint64_t phys_offset)
{
	struct rmem_profile p = rmem_test_profile(profile);

	s->n = 0;
	rmem_log_release(&s->log);
	return rmem_fdt_scan_memory(&s->fdt, &p, phys_offset, &s->log, record, s);
}

static void scan_release(struct scan *s)
{
	rmem_log_release(&s->log);
	rmem_fdt_release(&s->fdt);
	free(s->blob);
}

/*
 * 7.2 reads the reg in whole <base size> entries (of_flat_dt_get_addr_size_prop():
 * of another length, none at all) and its debug line counts entries
 * (fdt.c:1063 in 7.2).
 */
RMEM_TEST_KERNEL_FACT(bool, whole_entries,
		      [RMEM_TEST_5_10] = false, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
		      [RMEM_TEST_7_2] = true)

/* Whether the log has the node's "memory scan node" line, with @bytes of reg of 2+2 cells. */
static bool has_scan_line(const struct scan *s, const char *profile, const char *node,
			  int bytes, int cells)
{
	char line[128];

	if (whole_entries(profile))
		snprintf(line, sizeof(line), "OF: fdt: memory scan node %s, reg {addr,size} entries %d,",
			 node, bytes / (4 * cells));
	else
		snprintf(line, sizeof(line), "OF: fdt: memory scan node %s, reg size %d,", node,
			 bytes);
	return rmem_test_log_has(&s->log, RMEM_LOG_DEBUG, line);
}

static void assert_call(const struct scan *s, size_t i, enum rmem_fdt_memory_op op,
			uint64_t base, uint64_t size)
{
	assert_true(i < s->n);
	assert_int_equal(s->calls[i].op, op);
	assert_int_equal(s->calls[i].base, base);
	assert_int_equal(s->calls[i].size, size);
}

/*
 * Every node, every entry, in tree order; each entry read with the root's
 * 2/2 cells.  RAM above 4 GiB: arm without LPAE drops it (test_arm_max_addr).
 */
static void test_nodes_and_entries(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@80000000", 0x80000000, 0x40000000, 0x880000000ULL,
			    0x80000000);
	RMEM_TEST_DT_MEMORY(&dt, "memory@40000000", 0x40000000, 0x1000000);
	rmem_test_dt_begin_node(&dt, "cpus");
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_64) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		assert_int_equal(s.n, 3);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80000000, 0x40000000);
		assert_call(&s, 1, RMEM_FDT_MEMORY_ADD, 0x880000000ULL, 0x80000000);
		assert_call(&s, 2, RMEM_FDT_MEMORY_ADD, 0x40000000, 0x1000000);
		assert_int_equal(rmem_test_log_count(&s.log, RMEM_LOG_WARNING), 0);
		assert_true(has_scan_line(&s, it.name, "memory@80000000", 32, 4));
		assert_true(has_scan_line(&s, it.name, "memory@40000000", 16, 4));
	}
	scan_release(&s);
}

/* The entry's pr_debug: 5.10 fdt.c:1022 " - %llx ,  %llx", 6.1 fdt.c:1134 / 6.12 " - %llx, %llx". */
static void test_debug_lines(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@80000000", 0x80000000, 0x40000000);
	scan_load(&s, &dt);
	scan_run(&s, "arm64-5.10", 0);
	rmem_test_assert_line(&s.log, 0, RMEM_LOG_DEBUG,
			      "OF: fdt: memory scan node memory@80000000, reg size 16,");
	rmem_test_assert_line(&s.log, 1, RMEM_LOG_DEBUG, "OF: fdt:  - 80000000 ,  40000000");
	scan_run(&s, "arm64-6.1", 0);
	rmem_test_assert_line(&s.log, 1, RMEM_LOG_DEBUG, "OF: fdt:  - 80000000, 40000000");
	scan_run(&s, "arm64-6.12", 0);
	rmem_test_assert_line(&s.log, 1, RMEM_LOG_DEBUG, "OF: fdt:  - 80000000, 40000000");
	scan_run(&s, "arm64-7.2", 0);
	rmem_test_assert_line(&s.log, 0, RMEM_LOG_DEBUG,
			      "OF: fdt: memory scan node memory@80000000, reg {addr,size} entries 1,");
	rmem_test_assert_line(&s.log, 1, RMEM_LOG_DEBUG, "OF: fdt:  - 80000000, 40000000");
	scan_release(&s);
}

/*
 * early_init_dt_add_memory_arch(): an unaligned base moves up to the next
 * page and the size loses as much; the size is then rounded down to pages.
 */
static void test_unaligned(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 1, 1);
	RMEM_TEST_DT_MEMORY(&dt, "memory@80000100", 0x80000100, 0x10000000,
			    0x90000000, 0x1800);
	scan_load(&s, &dt);
	/* rounded to 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_PAGE_4K) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		assert_int_equal(s.n, 2);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80001000, 0x0ffff000);
		assert_call(&s, 1, RMEM_FDT_MEMORY_ADD, 0x90000000, 0x1000);
	}
	/* 16K pages */
	assert_int_equal(scan_run(&s, "arm64-6.12-16k", 0), 0);
	assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80004000, 0x0fffc000);
	/* 0x1800 < 16K: ignored */
	assert_int_equal(s.n, 1);
	assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
				      "OF: fdt: Ignoring memory block 0x90000000 - 0x90001800"));
	scan_release(&s);
}

/*
 * early_init_dt_add_memory_arch(): a block smaller than what is left of its
 * first page is dropped with "Ignoring memory block"; a zero size is
 * skipped by the scan before any message; what survives the first check
 * may still be rounded down to nothing.
 */
static void test_tiny_blocks(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 1);
	RMEM_TEST_DT_MEMORY(&dt, "memory@0", 0x80000000, 0xfff, 0x80010800, 0x7ff, 0x80020000,
			    0, 0x80030800, 0x900);
	scan_load(&s, &dt);
	/* rounded to 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_PAGE_4K) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		assert_true(rmem_test_log_has(
			&s.log, RMEM_LOG_WARNING,
			"OF: fdt: Ignoring memory block 0x80000000 - 0x80000fff"));
		assert_true(rmem_test_log_has(
			&s.log, RMEM_LOG_WARNING,
			"OF: fdt: Ignoring memory block 0x80010800 - 0x80010fff"));
		assert_int_equal(rmem_test_log_count(&s.log, RMEM_LOG_WARNING), 2);
		assert_int_equal(rmem_test_count_lines(&s.log, "80020000"), 0);
		/* 0x900 from 0x...800 passes the first check, then rounds to 0 */
		assert_int_equal(s.n, 1);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80031000, 0);
	}
	scan_release(&s);
}

/* linux,usable-memory (kdump) wins over reg; present but empty, it still wins. */
static void test_usable_memory(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "memory@80000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	RMEM_TEST_DT_REG(&dt, "reg", 0x80000000, 0x40000000);
	RMEM_TEST_DT_REG(&dt, "linux,usable-memory", 0x90000000, 0x1000000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "memory@c0000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	rmem_test_dt_prop_empty(&dt, "linux,usable-memory");
	RMEM_TEST_DT_REG(&dt, "reg", 0xc0000000, 0x40000000);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		assert_int_equal(s.n, 1);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x90000000, 0x1000000);
		assert_true(has_scan_line(&s, it.name, "memory@c0000000", 0, 4));
	}
	scan_release(&s);
}

/*
 * A linux,usable-memory of no whole entry: 6.12 takes it all the same and
 * adds nothing; 7.2 reads it as absent and takes reg (fdt.c:1055 in 7.2).
 */
static void test_usable_memory_partial(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	(void)state;
	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "memory@80000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	RMEM_TEST_DT_REG(&dt, "reg", 0x80000000, 0x40000000);
	RMEM_TEST_DT_CELLS(&dt, "linux,usable-memory", 0x0, 0x90000000, 0x1000000);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	assert_int_equal(scan_run(&s, "arm64-6.12", 0), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(scan_run(&s, "arm64-7.2", 0), 0);
	assert_int_equal(s.n, 1);
	assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80000000, 0x40000000);
	scan_release(&s);
}

/*
 * Status: 6.1 fdt.c:1111 and 6.12 fdt.c:977 skip a node that is not
 * available; 5.10 fdt.c:991 does not look at status.
 */
static void test_disabled_node(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "memory@80000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	rmem_test_dt_prop_string(&dt, "status", "disabled");
	RMEM_TEST_DT_REG(&dt, "reg", 0x80000000, 0x40000000);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	assert_int_equal(scan_run(&s, "arm64-5.10", 0), 0);
	assert_int_equal(s.n, 1);
	assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80000000, 0x40000000);
	assert_int_equal(scan_run(&s, "arm64-6.1", 0), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.log.nr, 0);
	assert_int_equal(scan_run(&s, "arm64-6.12", 0), 0);
	assert_int_equal(s.n, 0);
	scan_release(&s);
}

/*
 * Which nodes: 5.10 walks the whole tree (of_scan_flat_dt()), so a memory
 * node below /soc counts; 6.1 and 6.12 look only at the children of /.
 * The type must be exactly "memory" (strcmp), a node without reg is skipped.
 */
static void test_node_selection(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "soc");
	RMEM_TEST_DT_MEMORY(&dt, "memory@10000000", 0x10000000, 0x100000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "sram@20000000");
	rmem_test_dt_prop_string(&dt, "device_type", "Memory");
	RMEM_TEST_DT_REG(&dt, "reg", 0x20000000, 0x100000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "memory@30000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "memory@40000000");
	/* no NUL: strcmp() reads the zero padding that follows */
	rmem_test_dt_prop_raw(&dt, "device_type", "memory", 6);
	RMEM_TEST_DT_REG(&dt, "reg", 0x40000000, 0x100000);
	rmem_test_dt_end_node(&dt);
	rmem_test_dt_begin_node(&dt, "memory@50000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memoryx");
	RMEM_TEST_DT_REG(&dt, "reg", 0x50000000, 0x100000);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);

	rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
		static const bool whole_tree[] = {
			[RMEM_TEST_5_10] = true, [RMEM_TEST_6_1] = false, [RMEM_TEST_6_12] = false,
			[RMEM_TEST_7_2] = false,
		};

		assert_int_equal(scan_run(&s, it.name, 0), 0);
		if (RMEM_TEST_BY_KERNEL(whole_tree, it.name)) {
			assert_int_equal(s.n, 2);
			assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x10000000, 0x100000);
			assert_call(&s, 1, RMEM_FDT_MEMORY_ADD, 0x40000000, 0x100000);
		} else {
			assert_int_equal(s.n, 1);
			assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x40000000, 0x100000);
		}
	}
	scan_release(&s);
}

/*
 * hotpluggable: after each entry's add, memblock_mark_hotplug() of the
 * entry as read (not as adjusted, and even when the add ignored it); a
 * failed mark logs "failed to mark hotplug range" and the scan goes on.
 */
static void test_hotpluggable(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	rmem_test_dt_begin_node(&dt, "memory@80000000");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	rmem_test_dt_prop_empty(&dt, "hotpluggable");
	RMEM_TEST_DT_REG(&dt, "reg", 0x80000800, 0x40000000, 0xc0000000, 0x10);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	/* rounded to 4K pages */
	rmem_test_for_each_profile(it, RMEM_TEST_PAGE_4K) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		assert_int_equal(s.n, 3);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80001000, 0x3ffff000);
		assert_call(&s, 1, RMEM_FDT_MEMORY_HOTPLUG, 0x80000800, 0x40000000);
		assert_call(&s, 2, RMEM_FDT_MEMORY_HOTPLUG, 0xc0000000, 0x10);
	}
	s.hotplug_ret = -ENOMEM;
	assert_int_equal(scan_run(&s, "arm64-6.1", 0), 0);
	assert_int_equal(s.n, 3);
	assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
				      "OF: fdt: failed to mark hotplug range 0x80000800 - 0xc0000800"));
	assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
				      "OF: fdt: failed to mark hotplug range 0xc0000000 - 0xc0000010"));
	scan_release(&s);
}

/*
 * dt_mem_next_cell() with 3 address cells keeps the low 64 bits; a partial
 * last entry is not read, and from 7.2 makes the whole reg unread
 * (whole_entries()): the node adds nothing, and prints nothing.  (At 4 GiB:
 * not for arm without LPAE.)
 */
static void test_cells_and_leftovers(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 3, 1);
	rmem_test_dt_begin_node(&dt, "memory@0");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	RMEM_TEST_DT_CELLS(&dt, "reg", 0xdead, 0x1, 0x0, 0x10000000, /* entry 1 */
			   0x0, 0x2, 0x0);			/* 3 cells: not an entry */
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_64) {
		assert_int_equal(scan_run(&s, it.name, 0), 0);
		if (whole_entries(it.name)) {
			assert_int_equal(s.n, 0);
			assert_int_equal(rmem_test_count_lines(&s.log, "memory scan node"), 0);
			continue;
		}
		assert_int_equal(s.n, 1);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x100000000ULL, 0x10000000);
		assert_true(rmem_test_log_has(&s.log, RMEM_LOG_DEBUG,
					      "OF: fdt: memory scan node memory@0, reg size 28,"));
	}
	scan_release(&s);
}

/*
 * Root cells that would hang the kernel (0 + 0: "while (endp - reg >= 0)"
 * never ends) or make it read backwards (-1): rmem refuses, calls nothing,
 * and says why in an advice line.  Without a memory node with reg the
 * kernel never reaches the loop, and neither does rmem.
 */
static void test_bad_root_cells(void **state)
{
	static const int cells[][2] = { { 0, 0 }, { -1, 2 }, { 2, -1 } };
	struct rmem_test_dt dt;
	struct scan s;

	for (size_t i = 0; i < 3; i++) {
		rmem_test_dt_begin(&dt, -1, -1);
		RMEM_TEST_DT_CELLS(&dt, "#address-cells", (uint32_t)cells[i][0]);
		RMEM_TEST_DT_CELLS(&dt, "#size-cells", (uint32_t)cells[i][1]);
		RMEM_TEST_DT_MEMORY(&dt, "memory@0", 0x80000000, 0x1000);
		scan_load(&s, &dt);
		rmem_test_for_each_profile(it, RMEM_TEST_ALL) {
			assert_int_equal(scan_run(&s, it.name, 0), -EINVAL);
			assert_int_equal(s.n, 0);
			assert_int_equal(rmem_test_log_count(&s.log, RMEM_LOG_ADVICE), 1);
			assert_int_equal(rmem_test_count_lines(&s.log, "memory@0"), 1);
		}
		scan_release(&s);
	}

	rmem_test_dt_begin(&dt, 0, 0);
	rmem_test_dt_begin_node(&dt, "memory@0");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	assert_int_equal(scan_run(&s, "arm64-6.12", 0), 0);
	assert_int_equal(s.n, 0);
	scan_release(&s);
}

/* A 0-cell size reads 0: every entry is skipped (no hang, reg advances). */
static void test_zero_size_cells(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 1, 0);
	rmem_test_dt_begin_node(&dt, "memory@0");
	rmem_test_dt_prop_string(&dt, "device_type", "memory");
	RMEM_TEST_DT_CELLS(&dt, "reg", 0x80000000, 0x90000000);
	rmem_test_dt_end_node(&dt);
	scan_load(&s, &dt);
	assert_int_equal(scan_run(&s, "arm64-6.1", 0), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(rmem_test_log_count(&s.log, RMEM_LOG_WARNING), 0);
	scan_release(&s);
}

/*
 * armhf: MIN_MEMBLOCK_ADDR is __pa(PAGE_OFFSET) = PHYS_OFFSET (the generic
 * default in drivers/of/fdt.c 6.1:1211): memory below it is cut ("Ignoring
 * memory range") or dropped ("Ignoring memory block").  arm64 keeps it all.
 */
static void test_arm_phys_offset(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 1, 1);
	RMEM_TEST_DT_MEMORY(&dt, "memory@60000000", 0x60000000, 0x40000000, 0x10000000,
			    0x1000000);
	scan_load(&s, &dt);
	assert_int_equal(scan_run(&s, "armhf-6.1", 0x80000000), 0);
	assert_int_equal(s.n, 1);
	assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x80000000, 0x20000000);
	rmem_test_assert_line(&s.log, 2, RMEM_LOG_WARNING,
			      "OF: fdt: Ignoring memory range 0x60000000 - 0x80000000");
	assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
				      "OF: fdt: Ignoring memory block 0x10000000 - 0x11000000"));
	/* arm64: MIN_MEMBLOCK_ADDR 0, the phys_offset argument means nothing */
	assert_int_equal(scan_run(&s, "arm64-6.1", 0x80000000), 0);
	assert_int_equal(s.n, 2);
	assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0x60000000, 0x40000000);
	scan_release(&s);
}

/*
 * arm without LPAE: phys_addr_t is 32 bits, MAX_MEMBLOCK_ADDR 0xffffffff:
 * a block above 4 GiB is dropped, one crossing it cut at 4 GiB (the
 * armmp flavours).  With LPAE (armmp-lpae) everything stays.
 */
static void test_arm_max_addr(void **state)
{
	struct rmem_test_dt dt;
	struct scan s;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@c0000000", 0xc0000000, 0x80000000, 0x200000000ULL,
			    0x10000000);
	scan_load(&s, &dt);

	rmem_test_for_each_profile(it, RMEM_TEST_PHYS_32) {
		assert_int_equal(scan_run(&s, it.name, 0xc0000000), 0);
		assert_int_equal(s.n, 1);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0xc0000000, 0x40000000);
		assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
					      "OF: fdt: Ignoring memory range 0x100000000 - 0x140000000"));
		assert_true(rmem_test_log_has(&s.log, RMEM_LOG_WARNING,
					      "OF: fdt: Ignoring memory block 0x200000000 - 0x210000000"));
	}
	rmem_test_for_each_profile(it, RMEM_TEST_ARM | RMEM_TEST_PHYS_64) {
		assert_int_equal(scan_run(&s, it.name, 0xc0000000), 0);
		assert_int_equal(s.n, 2);
		assert_call(&s, 0, RMEM_FDT_MEMORY_ADD, 0xc0000000, 0x80000000);
		assert_call(&s, 1, RMEM_FDT_MEMORY_ADD, 0x200000000ULL, 0x10000000);
		assert_int_equal(rmem_test_log_count(&s.log, RMEM_LOG_WARNING), 0);
	}
	scan_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes_and_entries),
		cmocka_unit_test(test_debug_lines),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_tiny_blocks),
		cmocka_unit_test(test_usable_memory),
		cmocka_unit_test(test_usable_memory_partial),
		cmocka_unit_test(test_disabled_node),
		cmocka_unit_test(test_node_selection),
		cmocka_unit_test(test_hotpluggable),
		cmocka_unit_test(test_cells_and_leftovers),
		cmocka_unit_test(test_bad_root_cells),
		cmocka_unit_test(test_zero_size_cells),
		cmocka_unit_test(test_arm_phys_offset),
		cmocka_unit_test(test_arm_max_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
