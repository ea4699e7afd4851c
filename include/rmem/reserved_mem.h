/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /reserved-memory (drivers/of/of_reserved_mem.c and drivers/of/fdt.c).
 *
 * Two views of the same work.  The kernel's: its reserved_mem[] array
 * (struct rmem_reserved_mem), filled, sorted and handed to the handlers
 * exactly as that kernel version does.  The user's: one record per child
 * node (struct rmem_rmem_node) saying what became of it, including the
 * nodes the kernel skipped or dropped without keeping any trace.
 *
 * The device tree is the context's (the kernel's initial_boot_params, set
 * by the boot story before these calls), the cma= parameters its command
 * line's.  Every line the kernel prints goes to the context's log, with the
 * prefix of the kernel file that prints it: "OF: fdt: " for the reg-region
 * lines of drivers/of/fdt.c in 5.10 and 6.1, "OF: reserved mem: " for
 * of_reserved_mem.c (all of it in 6.12), none for the handlers' lines.
 * A kernel line with an embedded newline ("OVERLAP DETECTED!\n...") is
 * logged as the two lines the console shows, the prefix on the first only.
 *
 * When the boot story calls what (arm64: arch/arm64/mm/init.c and
 * arch/arm64/kernel/setup.c; arm: arch/arm/mm/init.c, arch/arm/kernel/setup.c):
 *
 *   5.10, 6.1:  arm64_memblock_init() / arm_memblock_init():
 *                 rmem_early_init_fdt_scan_reserved_mem() does it all
 *               unflatten_device_tree(): nothing (the call is a no-op)
 *   6.12:       arm64_memblock_init() / arm_memblock_init():
 *                 rmem_early_init_fdt_scan_reserved_mem(): the static
 *                 regions reserved, the dynamic ones placed and handed
 *                 to their handlers, then /memreserve/
 *               unflatten_device_tree() (after paging_init()):
 *                 rmem_fdt_scan_reserved_mem_reg_nodes(): the static
 *                 regions handed to their handlers, the overlap check
 *   then, all:  dma_contiguous_reserve() (see <rmem/contiguous.h>): arm64
 *               in bootmem_init(), after unflatten_device_tree(); arm in
 *               arm_memblock_init(), right after the early scan, so before
 *               6.12's late one
 *               rmem_dma_init_reserved_memory(): the core_initcall
 */
#ifndef RMEM_RESERVED_MEM_H
#define RMEM_RESERVED_MEM_H

#include <rmem/api.h>
#include <rmem/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* struct reserved_mem: one entry of the kernel's array. */
struct rmem_reserved_mem {
	const char *name;		/* the node's name, unit address included (points into the blob) */
	int fdt_node;			/* offset in the blob */
	/*
	 * "phandle" or else "linux,phandle", read as the kernel reads it
	 * (of_read_number() over the whole property, cut to an unsigned
	 * long); 5.10 and 6.1 only: 6.12's struct has no phandle (0).
	 */
	uint64_t phandle;
	rmem_phys_t base;
	rmem_phys_t size;
	const struct rmem_rmem_handler *handler; /* the one whose init succeeded, or NULL */
	void *priv;			/* the handler's object: struct rmem_cma *, pool, ... */
	int node_index;			/* its struct rmem_rmem_node */
};

/* What became of a /reserved-memory child. */
enum rmem_rmem_state {
	RMEM_NODE_DISABLED,		/* status is not "okay": skipped */
	RMEM_NODE_IGNORED,		/* nothing to place: no reg nor size (or an empty reg, a handler refused it first, ...: see reason) */
	RMEM_NODE_INVALID,		/* a property of the wrong length, or /reserved-memory refused: skipped */
	RMEM_NODE_NOT_SAVED,		/* the reserved_mem array was full */
	RMEM_NODE_ALLOC_FAILED,		/* dynamic: no room for it */
	RMEM_NODE_RESERVED,		/* in memory, reserved (or no-map), no handler took it */
	RMEM_NODE_INITIALIZED,		/* a handler took it */
	RMEM_NODE_HANDLER_FAILED,	/* every matching handler refused it: memory given back */
};

struct rmem_rmem_node {
	const char *name;
	int fdt_node;
	bool dynamic;			/* placed by size, not by reg */
	bool nomap;
	bool reusable;
	rmem_phys_t base;		/* where it is (first reg entry, or the allocation) */
	rmem_phys_t size;
	enum rmem_rmem_state state;
	bool reserve_failed;		/* a reg entry memblock refused ("failed to reserve memory") */
	const struct rmem_rmem_handler *handler; /* the handler that took it */
	int err;			/* the failing step's errno */
	char reason[192];		/* what happened, in words, when it is not a plain success */
	int rmem_index;			/* its entry in reserved_mem[], -1 when none */
};

/*
 * A handler, as RESERVEDMEM_OF_DECLARE() registers one.  The kernel tries
 * every entry whose compatible matches, in link order, until one returns 0
 * (from 7.2: until one returns other than -ENODEV, "not mine").
 */
struct rmem_rmem_handler {
	const char *name;		/* the declaration's name: "cma", "dma" */
	const char *compatible;
	/** Returns 0 when it takes the region, a negative errno otherwise. */
	int (*init)(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem);
	/** Whether the kernel of @p has this handler built in. */
	bool (*present)(const struct rmem_profile *p);
	/** Frees what init or a device left in priv that the context does not own; may be NULL. */
	void (*release_priv)(void *priv);
	/**
	 * 7.2's node_validate: asked before the node at @fdt_node is
	 * reserved or placed; 0 to go on (raising *@align, when not NULL, to
	 * what the handler needs), -ENODEV when the node is not its own,
	 * another negative errno to refuse it.  NULL: -ENODEV.
	 */
	int (*validate)(struct rmem_ctx *ctx, int fdt_node, rmem_phys_t *align);
};

/**
 * rmem_early_init_fdt_scan_reserved_mem() - early_init_fdt_scan_reserved_mem()
 * of the context's kernel version, on the context's device tree.
 *
 * 5.10 and 6.1: /memreserve/, the static regions (reg) reserved or marked
 * no-map and saved, the dynamic ones (size) saved, then
 * fdt_init_reserved_mem(): the array sorted (the kernel's heapsort: the
 * order of the dynamic regions comes from it), the overlap check, the
 * dynamic regions placed, every region handed to the handlers.
 * 6.12: the static regions reserved, the dynamic ones placed in DT order
 * and handed to the handlers at once, then /memreserve/; the static ones
 * wait for rmem_fdt_scan_reserved_mem_reg_nodes().
 *
 * Returns 0 (also without a device tree or a /reserved-memory node, as the
 * kernel); -ENOMEM (rmem's own allocation failed: nothing was changed);
 * -EINVAL when the root's #address-cells and #size-cells are both 0 and
 * /reserved-memory agrees, where the kernel would divide by zero or loop
 * forever on a reg property: nothing was changed, and the log says why.
 * What the kernel reports goes to the context's log and to the node records.
 */
RMEM_API
int rmem_early_init_fdt_scan_reserved_mem(struct rmem_ctx *ctx);

/**
 * rmem_fdt_scan_reserved_mem_reg_nodes() - 6.12's
 * fdt_scan_reserved_mem_reg_nodes(), called from unflatten_device_tree():
 * the reserved_mem array reallocated from memblock (one entry per region
 * the early scan counted), the static regions saved and handed to their
 * handlers, the overlap check.  Does nothing before 6.12.
 * Returns 0; -ENOMEM (rmem's own allocation failed: nothing was changed).
 */
RMEM_API
int rmem_fdt_scan_reserved_mem_reg_nodes(struct rmem_ctx *ctx);

/**
 * rmem_dma_init_reserved_memory() - the core_initcall
 * dma_init_reserved_memory() of kernel/dma/coherent.c: make the region
 * marked "linux,dma-default" the global coherent pool (the context's
 * dma_global), when the kernel has one (5.10 on arm; 6.x with
 * CONFIG_DMA_GLOBAL_POOL).
 * In 5.10 the pool is also the region's own (rmem_dma_device_init() sets
 * its priv): a device later given that region must share
 * the context's global pool.
 * Returns 0 and logs "DMA: default coherent area is set"; -ENOMEM when no
 * region was marked (the kernel's own return value; nothing is logged);
 * -EOPNOTSUPP when the kernel has no such initcall (6.x without
 * CONFIG_DMA_GLOBAL_POOL); the errors of rmem_dma_init_global_coherent().
 */
RMEM_API
int rmem_dma_init_reserved_memory(struct rmem_ctx *ctx);

RMEM_API
unsigned int rmem_reserved_mem_count(const struct rmem_ctx *ctx);
/** The i-th entry of the array, in its current (sorted) order; NULL past the end. */
RMEM_API
struct rmem_reserved_mem *rmem_reserved_mem_at(struct rmem_ctx *ctx, unsigned int i);
/** __find_rmem() by phandle (5.10, 6.1); NULL for phandle 0 or none. */
RMEM_API
struct rmem_reserved_mem *rmem_reserved_mem_by_phandle(struct rmem_ctx *ctx, uint64_t phandle);
/**
 * of_reserved_mem_lookup(): the first entry whose name is @name (unit
 * address included); NULL when none.
 */
RMEM_API
struct rmem_reserved_mem *rmem_reserved_mem_lookup(struct rmem_ctx *ctx, const char *name);
/**
 * rmem_reserved_mem_for_node() - the entry of_reserved_mem_device_init_by_idx()
 * finds for the node at offset @fdt_node that a "memory-region" points to:
 * 5.10 and 6.1 by the node's phandle (as unflatten_device_tree() reads it:
 * the first of "phandle"/"linux,phandle", "ibm,phandle" overriding), 6.12
 * by its name.  NULL when none (the kernel's -EINVAL).
 */
RMEM_API
struct rmem_reserved_mem *rmem_reserved_mem_for_node(struct rmem_ctx *ctx, int fdt_node);

RMEM_API
unsigned int rmem_rmem_node_count(const struct rmem_ctx *ctx);
RMEM_API
const struct rmem_rmem_node *rmem_rmem_node_at(const struct rmem_ctx *ctx, unsigned int i);
/** A readable name for @state ("initialized", "alloc-failed", ...). */
RMEM_API
const char *rmem_rmem_state_name(enum rmem_rmem_state state);

/** The handler table, in the kernel's link order; NULL past the end. */
RMEM_API
const struct rmem_rmem_handler *rmem_rmem_handler_at(size_t i);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_RESERVED_MEM_H */
