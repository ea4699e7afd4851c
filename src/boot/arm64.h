/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the arm64 boot story's files share: the measured model of one
 * build, and the state of one boot.
 */
#ifndef RMEM_BOOT_ARM64_H
#define RMEM_BOOT_ARM64_H

#include "boot/boot.h"

/*
 * What one arm64 build allocates between early_init_fdt_scan_reserved_mem()
 * and dma_contiguous_reserve(), where it depends on struct layouts rmem
 * cannot compute from source.  Measured on Debian's kernels with
 * memblock=debug on QEMU's virt machine, 1 GiB and 6 GiB of RAM: the
 * allocation sizes are in the memblock debug lines, the struct sizes solve
 * the unflatten size for two device trees, and the page-table counts fit
 * both memory sizes exactly.
 */
struct arm64_model {
	unsigned int version;
	unsigned int page_shift;
	/* paging_init(): page-granular linear map (rodata=full) */
	bool pgtable_skip_kernel;	/* 6.12 maps the image apart: its whole blocks need no table */
	int pgtable_extra;		/* tables beyond one per block and one per PMD table's span */
	/* 6.12: a page a no-map region covers in part is left unmapped */
	bool nomap_page_unmapped;
	/* unflatten_device_tree() */
	unsigned int sizeof_device_node;
	unsigned int sizeof_property;
	/* arch_numa_init() */
	bool numa_distance;		/* the 256-byte distance table: allocated, freed, allocated */
	unsigned int node_data_bytes;	/* roundup(sizeof(pg_data_t), SMP_CACHE_BYTES) */
	bool numa_cpumask;		/* alloc_bootmem_cpumask_var(): 64 bytes */
	/* sparse_init() */
	bool sparse_after_cma;		/* 7.2: from free_area_init(), after the default area */
	bool memmap_per_section;	/* 7.2: no memmap buffer, each section mapped on its own */
	unsigned int section_size_bits;
	unsigned int mem_section_roots_bytes;
	unsigned int usemap_bytes;	/* per present section */
	unsigned int vmemmap_tables;	/* pages vmemmap_populate() takes for its tables */
	/* arm64_memblock_init()'s WARN() of an initrd out of the linear map (its boot log) */
	int warn_line_initrd;
};

struct arm64_boot {
	struct rmem_ctx *ctx;
	const struct rmem_plan_options *opt;
	const struct arm64_model *m;
	rmem_phys_t page_size;
	rmem_phys_t kernel_start, kernel_end;	/* the first early reservation, if any */
	bool initrd_not_ram;	/* the initrd's pages were not all the device tree's RAM */
};

#define SMP_CACHE_BYTES 64

/* PHYS_MASK_SHIFT and MAX_PHYSMEM_BITS: 48 in every Debian arm64 config (ARM64_PA_BITS_48) */
#define ARM64_PHYS_BITS 48

static inline rmem_phys_t arm64_pmd_size(const struct arm64_boot *b)
{
	return b->page_size << (b->ctx->profile.page_shift - 3);
}

/* arm64_early_alloc.c: what the kernel allocates top-down before the default CMA area */
int arm64_paging_init(struct arm64_boot *b);
int arm64_unflatten_device_tree(struct arm64_boot *b);
int arm64_numa_init(struct arm64_boot *b, rmem_phys_t *node_data);
int arm64_sparse_init(struct arm64_boot *b, rmem_phys_t node_data);
int arm64_request_standard_resources(struct arm64_boot *b);

/* arm64_zones.c: zone_sizes_init(); *@dma_limit is arm64_dma_phys_limit */
int arm64_zone_sizes_init(struct arm64_boot *b, rmem_phys_t *dma_limit);

#endif /* RMEM_BOOT_ARM64_H */
