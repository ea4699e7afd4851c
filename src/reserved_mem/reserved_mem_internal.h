/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of src/reserved_mem/ (and the two handlers in src/dma/)
 * share: the kernel's pr_fmt prefixes, the device-tree readers that read
 * as the kernel reads, the node records, the reserved_mem array, and the
 * steps of the scan each version puts together differently.
 */
#ifndef RMEM_RESERVED_MEM_INTERNAL_H
#define RMEM_RESERVED_MEM_INTERNAL_H

#include "internal.h"
#include "profile/facts.h"

/* pr_fmt of drivers/of/fdt.c and drivers/of/of_reserved_mem.c */
#define RMEM_PFX_FDT	"OF: fdt: "
#define RMEM_PFX_RMEM	"OF: reserved mem: "

/* what this kernel version's of_reserved_mem.c does differently */
#define RM_FACT(ctx, f)	((ctx)->profile.facts->rmem.f)
/* and its drivers/of/fdt.c */
#define FDT_FACT(ctx, f)	((ctx)->profile.facts->fdt.f)

/*
 * The prefix of the reg-region lines: __reserved_mem_reserve_reg() and
 * __reserved_mem_check_root() lived in drivers/of/fdt.c until 6.12 moved
 * them to of_reserved_mem.c.
 */
static inline const char *rmem_rm_reg_pfx(const struct rmem_ctx *ctx)
{
	return RM_FACT(ctx, reg_lines_rmem_prefix) ? RMEM_PFX_RMEM : RMEM_PFX_FDT;
}

/*
 * 6.12's memblock panics when an array cannot grow before
 * memblock_allow_resize(): the scan stops there, logging nothing more.
 */
static inline bool rmem_rm_memblock_panicked(const struct rmem_ctx *ctx)
{
	return ctx->memblock.panicked != NULL;
}

/* dt_root_addr_cells, dt_root_size_cells and a reg entry's length in bytes */
struct rmem_rm_cells {
	int addr;
	int size;
	int t_len;
};

void rmem_rm_cells(const struct rmem_ctx *ctx, struct rmem_rm_cells *c);

/* props.c: of_get_flat_dt_prop() and the raw reads past a short property */
const void *rmem_rm_prop(const struct rmem_ctx *ctx, int node, const char *name, int *len);
bool rmem_rm_has_prop(const struct rmem_ctx *ctx, int node, const char *name);
const void *rmem_rm_entries_prop(const struct rmem_ctx *ctx, int node, const char *name,
				 int *entries);
uint32_t rmem_rm_be32_raw(const struct rmem_ctx *ctx, const void *p);
uint64_t rmem_rm_next_cell_raw(const struct rmem_ctx *ctx, int cells, const void **p);
rmem_phys_t rmem_rm_next_phys(const struct rmem_ctx *ctx, int cells, const void **p);

/* tree.c: finding /reserved-memory and its nodes as each version does */
struct rmem_rm_children {
	int *off;
	unsigned int n;
};

int rmem_rm_find_root(const struct rmem_ctx *ctx);
int rmem_rm_check_root(const struct rmem_ctx *ctx, int node);
int rmem_rm_children(const struct rmem_ctx *ctx, int root, struct rmem_rm_children *c);
void rmem_rm_mark_unscanned(struct rmem_ctx *ctx, int root);

/*
 * dma_contiguous_early_fixup(): records [@base, @base + @size) for the
 * arch (arm remaps it, see src/boot/arm.c).  Called where the kernel calls
 * it: of_reserved_mem.c in 6.12, rmem_cma_setup() before, and
 * dma_contiguous_reserve_area() always.
 */
void rmem_dma_contiguous_early_fixup(struct rmem_ctx *ctx, rmem_phys_t base, rmem_phys_t size);

/* nodes.c: the records */
int rmem_rm_nodes_reserve(struct rmem_ctx *ctx, unsigned int more);
struct rmem_rmem_node *rmem_rm_node(struct rmem_ctx *ctx, int fdt_node);
struct rmem_rmem_node *rmem_rm_node_of(struct rmem_ctx *ctx, const struct rmem_reserved_mem *rmem);
void rmem_rm_node_state(struct rmem_rmem_node *n, enum rmem_rmem_state state, int err);
/**
 * of_fdt_device_is_available() as both scans test it: false, with the
 * record marked disabled, for a node whose status is not "okay".
 */
bool rmem_rm_node_available(struct rmem_ctx *ctx, int node, struct rmem_rmem_node *n);
void rmem_rm_node_reason(struct rmem_rmem_node *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the same, appended after "; " */
void rmem_rm_node_more(struct rmem_rmem_node *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rmem_rm_reindex(struct rmem_ctx *ctx);

/* array.c: reserved_mem[] */
int rmem_rm_array_init(struct rmem_ctx *ctx);
int rmem_rm_array_resize(struct rmem_ctx *ctx, unsigned int max);
int rmem_rm_save_node(struct rmem_ctx *ctx, int node, const char *uname, rmem_phys_t base,
		      rmem_phys_t size);

/* reserve_reg.c: the static regions */
int rmem_rm_reserve_reg(struct rmem_ctx *ctx, int node, const char *uname);

/* alloc.c: the dynamic regions */
int rmem_rm_alloc_size(struct rmem_ctx *ctx, int node, const char *uname, rmem_phys_t *base,
		       rmem_phys_t *size);

/* init.c: the handlers, the give-back, the overlap check */
int rmem_rm_validate_node(struct rmem_ctx *ctx, int node, rmem_phys_t *align);
int rmem_rm_init_node(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem);
void rmem_rm_give_back(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem, bool nomap,
		       int err);
void rmem_rm_check_for_overlap(struct rmem_ctx *ctx);

/* scan_5_10.c (5.10, 6.1) and scan_6_12.c, reg_nodes.c (6.12) */
int rmem_rm_scan_5_10(struct rmem_ctx *ctx);
int rmem_rm_scan_6_12(struct rmem_ctx *ctx);
int rmem_rm_reg_nodes_6_12(struct rmem_ctx *ctx);
void rmem_rm_init_reserved_mem_node(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem);
void rmem_rm_memreserve(struct rmem_ctx *ctx);

/*
 * advice.c: rmem's RMEM_LOG_ADVICE lines on values the kernel reads in its
 * own way, each saying what the kernel did and what was probably meant.
 */
/* __reserved_mem_check_root() refused @root, which has @nr_nodes children */
void rmem_rm_advise_root(struct rmem_ctx *ctx, int root, unsigned int nr_nodes);
/* "reg", "size", "alignment" or "alloc-ranges" of @len bytes had the wrong length */
void rmem_rm_advise_length(struct rmem_ctx *ctx, const char *uname, const char *prop,
			   const void *val, int len);
/* a "size" or "alignment" of @v, past a 32-bit phys_addr_t */
void rmem_rm_advise_phys(struct rmem_ctx *ctx, const char *uname, const char *prop, uint64_t v);
/* one static reg entry: past a 32-bit phys_addr_t, size 0, or base + size past 2^64 */
void rmem_rm_advise_reg_entry(struct rmem_ctx *ctx, const char *uname, rmem_phys_t base,
			      rmem_phys_t size);
/* a dynamic region of size 0, placed at @base when @placed */
void rmem_rm_advise_size_zero(struct rmem_ctx *ctx, const char *uname, rmem_phys_t base,
			      bool placed);
/*
 * an alignment property of value @align: 0, not a power of two, or too
 * large for RAM; @used is what the kernel uses (the CMA minimum when
 * larger and @cma), @size the region's size
 */
void rmem_rm_advise_alignment(struct rmem_ctx *ctx, const char *uname, rmem_phys_t align,
			      rmem_phys_t used, rmem_phys_t size, bool cma);
/* one alloc-ranges entry past a 32-bit phys_addr_t, or whose start + size passes 2^64 */
void rmem_rm_advise_range(struct rmem_ctx *ctx, const char *uname, rmem_phys_t start,
			  rmem_phys_t size);
/* a reusable shared-dma-pool in a kernel without the "cma" handler */
void rmem_rm_advise_no_dma_cma(struct rmem_ctx *ctx, const char *uname);
/* an alloc-ranges property of length 0 */
void rmem_rm_advise_ranges_empty(struct rmem_ctx *ctx, const char *uname);

/* memblock calls named, in memblock=debug lines, after the kernel function making them */
const char *rmem_rm_caller(struct rmem_ctx *ctx, const char *caller);

/*
 * For a handler: add a word to the record of @rmem's node saying why it
 * refused the region ("cma: ...; dma: ...").
 */
void rmem_rmem_note(struct rmem_ctx *ctx, const struct rmem_reserved_mem *rmem,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The handlers: src/dma/contiguous.c and src/dma/coherent_rmem.c, and
 * their table (__reservedmem_of_table, src/dma/reservedmem_of_table.c)
 */
int rmem_rmem_cma_setup(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem);
int rmem_rmem_cma_validate(struct rmem_ctx *ctx, int node, rmem_phys_t *align);
int rmem_rmem_dma_setup(struct rmem_ctx *ctx, struct rmem_reserved_mem *rmem);
void rmem_rmem_dma_release_priv(void *priv);
const struct rmem_rmem_handler *rmem_reservedmem_of_table(size_t *nr);

#endif /* RMEM_RESERVED_MEM_INTERNAL_H */
