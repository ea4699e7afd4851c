/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small device-tree builder for the tests: libfdt's sequential-write API
 * behind calls that read like the .dts they stand for.
 *
 *	struct rmem_test_dt dt;
 *	size_t size;
 *	void *blob;
 *
 *	rmem_test_dt_begin(&dt, 2, 2);			// / { #address-cells = <2>; #size-cells = <2>;
 *	rmem_test_dt_memreserve(&dt, 0x80000000, 0x1000);	// /memreserve/ (before any node)
 *	RMEM_TEST_DT_MEMORY(&dt, "memory@80000000", 0x80000000, 0x40000000);
 *	rmem_test_dt_chosen(&dt, "console=ttyS0 cma=64M");
 *	rmem_test_dt_begin_reserved_memory(&dt, 2, 2);	// reserved-memory { ...; ranges; ...
 *	rmem_test_dt_begin_node(&dt, "linux,cma");
 *	rmem_test_dt_prop_string(&dt, "compatible", "shared-dma-pool");
 *	rmem_test_dt_prop_empty(&dt, "reusable");
 *	RMEM_TEST_DT_CELLS(&dt, "size", 0, 0x4000000);
 *	rmem_test_dt_end_node(&dt);			// };
 *	rmem_test_dt_end_node(&dt);			// };
 *	blob = rmem_test_dt_finish(&dt, &size);		// closes / too; free(blob)
 *
 * Any libfdt error fails the running cmocka test at once, so a test never
 * goes on with a tree it did not mean to build.  Nothing is checked beyond
 * libfdt's own rules: wrong-length or nonsensical properties are the point
 * of many tests.
 */
#ifndef RMEM_TEST_FDT_H
#define RMEM_TEST_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rmem_test_dt {
	void *buf;
	size_t cap;
	int depth;		/* nodes open, the root included */
	bool in_tree;		/* the reserve map is finished, / is open */
	int addr_cells;		/* the root's, for the reg helpers (1 when omitted) */
	int size_cells;
	int root_addr_cells;	/* as given to begin: < 0 leaves the property out */
	int root_size_cells;
};

/**
 * rmem_test_dt_begin() - start a tree whose root has #address-cells =
 * <@addr_cells> and #size-cells = <@size_cells>; a negative value leaves
 * that property out (the kernel then assumes 1, and so do the reg helpers).
 * The root is opened by the first node or property call.
 */
void rmem_test_dt_begin(struct rmem_test_dt *dt, int addr_cells, int size_cells);

/** A /memreserve/ entry: only before the first node or property. */
void rmem_test_dt_memreserve(struct rmem_test_dt *dt, uint64_t base, uint64_t size);

/** Open a child of the current node ("memory@0", "chosen", ...). */
void rmem_test_dt_begin_node(struct rmem_test_dt *dt, const char *name);
void rmem_test_dt_end_node(struct rmem_test_dt *dt);

/** A property of @n big-endian 32-bit cells (n may be 0: an empty property). */
void rmem_test_dt_prop_cells(struct rmem_test_dt *dt, const char *name,
			     const uint32_t *cells, size_t n);
/** RMEM_TEST_DT_CELLS(dt, "name", 1, 2, 3): the same with the cells inline. */
#define RMEM_TEST_DT_CELLS(dt, name, ...)                                         \
	rmem_test_dt_prop_cells((dt), (name), (const uint32_t[]){ __VA_ARGS__ }, \
				sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

/**
 * rmem_test_dt_prop_reg() - @n (address, size) pairs from @pairs (2 * @n
 * values), each address in @addr_cells cells and each size in @size_cells
 * (0 to 4; a value is truncated to fit, cells beyond two are zero-padded at
 * the top, as a .dts writer would).
 */
void rmem_test_dt_prop_reg(struct rmem_test_dt *dt, const char *name, int addr_cells,
			   int size_cells, const uint64_t *pairs, size_t n);
/** RMEM_TEST_DT_REG(dt, "reg", base0, size0, base1, size1...): root's cells. */
#define RMEM_TEST_DT_REG(dt, name, ...)                                               \
	rmem_test_dt_prop_reg((dt), (name), (dt)->addr_cells, (dt)->size_cells,       \
			      (const uint64_t[]){ __VA_ARGS__ },                        \
			      sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t) / 2)

void rmem_test_dt_prop_u64(struct rmem_test_dt *dt, const char *name, uint64_t val);
void rmem_test_dt_prop_string(struct rmem_test_dt *dt, const char *name, const char *s);
/** A string list ("a\0b\0"): the strings, then NULL. */
void rmem_test_dt_prop_strings(struct rmem_test_dt *dt, const char *name, ...);
void rmem_test_dt_prop_empty(struct rmem_test_dt *dt, const char *name);
/** Any bytes, for properties of the wrong length or not NUL-terminated. */
void rmem_test_dt_prop_raw(struct rmem_test_dt *dt, const char *name, const void *val,
			   size_t len);

/**
 * rmem_test_dt_memory() - a complete /@name node: device_type = "memory"
 * and reg = the @n (base, size) pairs of @pairs in the root's cells.
 */
void rmem_test_dt_memory(struct rmem_test_dt *dt, const char *name, const uint64_t *pairs,
			 size_t n);
#define RMEM_TEST_DT_MEMORY(dt, name, ...)                                            \
	rmem_test_dt_memory((dt), (name), (const uint64_t[]){ __VA_ARGS__ },           \
			    sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t) / 2)

/** A complete /chosen node with bootargs = @bootargs (no property when NULL). */
void rmem_test_dt_chosen(struct rmem_test_dt *dt, const char *bootargs);

/**
 * rmem_test_dt_begin_reserved_memory() - open /reserved-memory with
 * #address-cells, #size-cells (each left out when negative) and an empty
 * ranges; close it with rmem_test_dt_end_node().
 */
void rmem_test_dt_begin_reserved_memory(struct rmem_test_dt *dt, int addr_cells,
					int size_cells);

/**
 * rmem_test_dt_finish() - close every open node and the tree.
 * Returns the blob (malloc'd, the caller frees it) and its size in @size
 * (may be NULL); fails the test on a libfdt error.  Packed: totalsize is
 * exactly the bytes used.
 */
void *rmem_test_dt_finish(struct rmem_test_dt *dt, size_t *size);

#endif /* RMEM_TEST_FDT_H */
