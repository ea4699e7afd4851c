/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What differs between the kernels rmem models, in one place.
 *
 * struct rmem_kernel_facts: one row per kernel version (facts.c), chosen
 * once by rmem_profile_derive().  Its fields are the behaviours that
 * changed between versions (a message's wording, an ordering rule, a check
 * that appeared), named for what they do, and the source lines the
 * kernel's WARN()s print.  Subsystem code asks these questions and never
 * compares version numbers.
 *
 * struct rmem_arch_ops: one row per architecture (arch.c): the sizes of
 * the C types, COMMAND_LINE_SIZE, what mem= means, which DMA mapping code
 * the arch runs.  Subsystem code asks these and never tests the arch.
 * The early-boot story of each arch is its own file in src/boot/.
 */
#ifndef RMEM_PROFILE_FACTS_H
#define RMEM_PROFILE_FACTS_H

#include <rmem/profile.h>

#include "lib/sort.h"

/* How memblock_add_range() decides to insert in one pass. */
enum rmem_mb_insert {
	RMEM_MB_INSERT_TWO_PASSES,	/* 5.10: always count first */
	RMEM_MB_INSERT_BELOW_MAX,	/* 6.1: one pass while cnt * 2 + 1 < max */
	RMEM_MB_INSERT_UP_TO_MAX,	/* 6.12: one pass while cnt * 2 + 1 <= max */
};

/* Where cma_declare_contiguous_nid() looks for a non-fixed area first. */
enum rmem_cma_place {
	RMEM_CMA_PLACE_HIGHMEM,		/* 5.10: highmem, then the whole range */
	RMEM_CMA_PLACE_HIGHMEM_THEN_4G,	/* 6.1: highmem, then above 4 GiB replacing it */
	RMEM_CMA_PLACE_4G_THEN_HIGHMEM,	/* 6.12: above 4 GiB, then highmem */
	/* 7.2: above 4 GiB when the limit leaves room there, then highmem (CONFIG_HIGHMEM) */
	RMEM_CMA_PLACE_4G_UNDER_LIMIT,
};

struct rmem_kernel_facts {
	unsigned int version;		/* RMEM_KERNEL_VERSION() */

	/* what mm/ derives from Kconfig */
	struct {
		/* CONFIG_ARCH_FORCE_MAX_ORDER is the largest order (6.4's MAX_PAGE_ORDER) */
		bool max_order_inclusive;
		/* pageblock_order is capped at the largest order */
		bool pageblock_capped;
		/* CONFIG_CMA_AREAS counts the default area (MAX_CMA_AREAS = CMA_AREAS) */
		bool cma_areas_counts_default;
	} mm;

	struct {
		/* an emptied list keeps one zero-size region counted */
		bool counts_dummy_region;
		enum rmem_mb_insert insert;
		/* memblock_merge_regions() walks only the touched window */
		bool merge_touched_window;
		/* node tests by numa_valid_node(), not against NUMA_NO_NODE */
		bool numa_valid_node;
		/* MAX_NUMNODES given to an allocation: WARN_ONCE, then NUMA_NO_NODE */
		bool warn_max_numnodes;
		bool driver_managed;		/* MEMBLOCK_DRIVER_MANAGED exists */
		/* memblock_cap_memory_range() warns "No memory registered yet" */
		bool cap_needs_memory;
		/* memblock_add_node() and memblock_phys_alloc_range() log */
		bool dbg_add_node;
		/* a full array before memblock_allow_resize() panics */
		bool panic_on_resize;
		/*
		 * __memblock_reserve(base, size, nid, flags): memblock_reserve()
		 * is on NUMA_NO_NODE, an allocation's region carries its node
		 * and MEMBLOCK_RSRV_KERN (so it merges with no plain
		 * reservation), the debug line names both, and only a flagged
		 * reservation warns about a flags mismatch
		 */
		bool rsrv_kern;
		/* CONFIG_EFI makes INIT_MEMBLOCK_MEMORY_REGIONS 8 * 128 */
		bool efi_memory_regions;
		const char *phys_free;		/* memblock_free(), renamed memblock_phys_free() */
		/* source lines of memblock_add_range()'s WARN_ON()s, ... */
		int warn_line_nid, warn_line_flags;
		int bug_line_double_array;	/* BUG_ON(memblock_reserve()) in memblock_double_array() */
		int warn_line_max_numnodes;	/* memblock_alloc_range_nid()'s WARN_ONCE */
	} memblock;

	struct {
		/* the early_init_dt_add_memory_arch() debug line spaced " - %llx ,  %llx" */
		bool memory_line_old_spacing;
		/* the memory scan visits every node, not only the root's children */
		bool scan_whole_tree;
		/* a memory node with status other than "okay" is skipped */
		bool memory_status_checked;
		/* /chosen found by path (or /chosen@0), not by a walk */
		bool chosen_by_path;
		/* "No chosen node found, continuing without" */
		bool warn_no_chosen;
		/* linux,initrd-start above -end is dropped */
		bool initrd_order_checked;
		/* "#address-cells = <3>" buses carry flags (of_bus_default_flags) */
		bool bus_default_flags;
		/*
		 * a memory node's reg is read in whole <base size> entries
		 * (of_flat_dt_get_addr_size_prop()): of another length it
		 * counts as absent
		 */
		bool reg_whole_entries;
		/*
		 * early_init_dt_scan_root() WARN()s at these lines when the
		 * root has no #size-cells or #address-cells (0: silent)
		 */
		int warn_line_root_size_cells, warn_line_root_addr_cells;
		/*
		 * a bus is matched only by a node with #address-cells (the
		 * translation fails without one), and a dma-ranges whose bus
		 * or cell counts are bad is skipped, not read
		 */
		bool bus_needs_address_cells;
		/* reservations go through early_init_dt_reserve_memory_arch() */
		bool reserve_memory_arch_hook;
	} fdt;

	struct {
		/*
		 * the static regions are saved when the tree is unflattened,
		 * before the scan, which then validates and allocates the rest
		 */
		bool scan_reg_nodes_early;
		/* /reserved-memory found by path; 5.10 walks for the root's child */
		bool root_by_path;
		/* only the children of /reserved-memory count, not all descendants */
		bool children_only;
		/* "failed to reserve memory for node" is pr_err, not pr_info */
		bool reserve_fail_is_err;
		/* the first reg entry is saved whether or not it was reserved */
		bool save_first_entry_always;
		/* a no-map region is checked for overlaps only over memory */
		bool nomap_checks_memory;
		/* dynamic regions: __reserved_mem_alloc_in_range() */
		bool alloc_in_range;
		/* the arch hook allocates with memblock_phys_alloc_range() */
		bool alloc_phys_range;
		/* "failed to allocate memory for node '%s': size %lu MiB" */
		bool alloc_fail_says_size;
		/*
		 * a no-map region no handler takes is freed and added back to
		 * memory, not merely cleared of MEMBLOCK_NOMAP
		 */
		bool init_fail_readds_nomap;
		/* handlers are run node by node (fdt_init_reserved_mem_node()) */
		bool init_per_node;
		/* reg-region lines carry of_reserved_mem's prefix (moved from fdt.c) */
		bool reg_lines_rmem_prefix;
		/* devices find their region by name, not by phandle */
		bool lookup_by_name;
		/* the overlap check's sort orders equal regions by node offset */
		bool sort_ties_by_node;
		/*
		 * a reusable shared-dma-pool goes to dma_contiguous_early_fixup()
		 * as it is reserved or placed, before rmem_cma_setup() checks it
		 * (which called it itself, after its checks, before 6.12)
		 */
		bool early_fixup_on_reserve;
		/*
		 * reg and alloc-ranges are read in whole <base size> entries: of
		 * another length they count as absent (no "invalid" line), and
		 * only reg's first entry is reserved ("has %d <base size>
		 * entries, only the first is used")
		 */
		bool whole_entries;
		/*
		 * the handlers validate a node before it is reserved or placed
		 * (node_validate: a node refused there is neither) and fix it
		 * up after; at init the first handler not passing it over
		 * (-ENODEV) decides, a region all pass over is kept without a
		 * handler, and a refused one leaves reserved_mem[]
		 */
		bool validate_nodes;
		/* a missing or refused /reserved-memory counts no region: no array is allocated */
		bool refused_root_counts_none;
		/* struct reserved_mem has fdt_node (7.2 passes the node instead) */
		bool entry_has_fdt_node;
	} rmem;

	struct {
		/* "Reserved/Failed to reserve %ld MiB ... on node %d" */
		bool log_node;
		/* those lines give the size asked for, not the aligned one */
		bool log_requested_size;
		/*
		 * every failure of cma_declare_contiguous_nid() ends with
		 * "Failed to reserve", the early checks' too
		 */
		bool log_every_failure;
		/* the function its debug line names */
		const char *declare_func;
		/* a fixed area is checked against highmem after the limit */
		bool highmem_check_after_limit;
		/* cma_init_reserved_mem() checks for a free slot last */
		bool slot_checked_last;
		/* the area's name is snprintf()'s format, not copied */
		bool name_is_format;
		/* an unnamed area is "cma%d" of the count after it */
		bool unnamed_counts_itself;
		/*
		 * 7.2's areas of memory ranges: the pages not handed out are
		 * counted (available_count: checked before each search,
		 * reported by the failure summary, one "range %d:" line per
		 * range, and by debugfs "used"); a search that finds no room
		 * fails with -EBUSY, one larger than the area too (logged);
		 * the debug lines name cma_range_alloc(), find_cma_memrange()
		 * and __cma_release_frozen(), and a release running past the
		 * area is refused
		 */
		bool memranges;
		const char *alloc_func;		/* "cma_alloc", renamed "__cma_alloc" */
		/* the alloc call's debug line names the area */
		bool alloc_call_names_area;
		/* "alloc failed" names the function and the area */
		bool alloc_fail_names_area;
		bool busy_line_pfn;		/* the busy line shows the pfn */
		/* cma_debug_show_areas() without CONFIG_CMA_DEBUG */
		bool debug_show_always;
		/* cma_pages_valid() exists: it logs, and cma_release() logs the count after it */
		bool pages_valid;
		bool sysfs;			/* /sys/kernel/mm/cma/ */
		bool sysfs_release_stat;	/* release_pages_success */
		/* fail_pages counts the pre-check failures */
		bool sysfs_counts_precheck;
		enum rmem_cma_place place;
		/* without CONFIG_NUMA the node is forgotten */
		bool numa_no_node_without_numa;
		/* activation failure gives pages back and lowers totalcma_pages */
		bool activate_gives_back;
		bool reserve_pages_on_error;	/* cma_reserve_pages_on_error() */
		/*
		 * CMA alignment: max(pageblock, MAX_ORDER - 1) pages, and a
		 * bit may cover no more than it
		 */
		bool align_max_order;
		bool debugfs_short_dir;		/* "cma-%s" cut to 16 bytes */
	} cma;

	struct {
		/* dma_alloc_attrs() tries the global coherent pool */
		bool global_pool_in_alloc;
		/* the global pool exists only under CONFIG_ARM */
		bool global_pool_config_arm;
		/* rmem_dma_device_init() ignores -EBUSY, does not warn about masks */
		bool device_init_lenient;
		/* a device region shared with "linux,dma-default" uses the global pool */
		bool default_region_shared;
		/* a redefined default region is detected by its size */
		bool default_by_size;
		/* dma_init_coherent_memory()'s own error lines */
		bool coherent_logs_errors;
		int warn_line_redefined;	/* rmem_dma_setup()'s WARN() */
		/* cma=size@base-limit's limit replaces the arch's DMA limit, not only lowers it */
		bool cmdline_limit_replaces;
		/*
		 * an atomic pool only for a zone with pages (the kernel pool for
		 * ZONE_NORMAL), and a missing pool's requests go to the others
		 */
		bool atomic_pools_populated_zones;
	} dma;

	struct {
		enum rmem_sort_heap sort_heap;	/* lib/sort.c */
		/*
		 * memparse(): a suffix shift that overflows gives ULLONG_MAX,
		 * and a suffix after no digit is not consumed
		 */
		bool memparse_saturates;
	} lib;

	struct {
		/* records are cut at PRINTKRB_RECORD_MAX, not LOG_LINE_MAX */
		bool record_max_ringbuffer;
		/* a WARN()'s line reads "WARNING: FILE:LINE at FUNC..., CPU#0: swapper/0" */
		bool warn_file_first;
	} printk;
};

/* What mem= on the command line means. */
enum rmem_mem_param {
	RMEM_MEM_PARAM_LIMIT,		/* an amount of RAM to keep, the last one given (arm64) */
	RMEM_MEM_PARAM_LOWEST_LIMIT,	/* an amount of RAM to keep, the lowest given (riscv) */
	RMEM_MEM_PARAM_BANKS,		/* size[@start] banks replacing the DT's (arm) */
};

struct rmem_arch_ops {
	enum rmem_arch arch;
	const char *name;		/* as rmem_profile_arch_name() says it */
	const char *kconfig_name;	/* the .config header's, when not @name ("riscv") */
	unsigned int bits_per_long;
	unsigned int phys_addr_bits;	/* phys_addr_t without LPAE */
	/* COMMAND_LINE_SIZE (arch/.../include/uapi/asm/setup.h) */
	size_t (*command_line_size)(const struct rmem_profile *p);
	enum rmem_mem_param mem_param;
	/* memory below PHYS_OFFSET is ignored (MIN_MEMBLOCK_ADDR) */
	bool min_memblock_addr;
	/*
	 * arch/arm64/include/asm/memory.h: with CONFIG_EFI (and
	 * CONFIG_ARM_GIC_V3_ITS, both in Debian's configs) memblock's static
	 * arrays grow: INIT_MEMBLOCK_MEMORY_REGIONS (facts' efi_memory_regions)
	 * and a reserved region per CPU, and one.  arm has CONFIG_EFI too but
	 * no such override.
	 */
	bool memblock_regions_grow_with_efi;
	bool config_arm;		/* CONFIG_ARM (5.10's global DMA pool) */
	/* kernel/dma/direct.c and pool.c; otherwise arch/arm/mm/dma-mapping.c */
	bool dma_direct;
	/* ARCH_DMA_DEFAULT_COHERENT: a device without "dma-noncoherent" is coherent */
	bool dma_default_coherent;
	/* rmem_dma_setup() refuses regions without no-map (CONFIG_ARM) */
	bool dma_rmem_needs_nomap;
	/* HugeTLB pages exist only with LPAE */
	bool hugetlb_needs_lpae;
	/* lowmem ends below the vmalloc area (arch/arm/mm/mmu.c) */
	bool lowmem_below_vmalloc;
	unsigned int max_nr_cpus;	/* the largest NR_CPUS Kconfig allows */
	unsigned int fixed_page_shift;	/* PAGE_SHIFT without a choice; 0: Kconfig's */
	/* PMD_SHIFT: a HugeTLB page's size */
	unsigned int (*pmd_shift)(const struct rmem_profile *p);
	/* SECTION_SIZE_BITS (arch/.../include/asm/sparsemem.h) */
	unsigned int (*section_size_bits)(const struct rmem_profile *p);
};

/* A cast to the kernel's unsigned long, 32 bits on some arches. */
static inline uint64_t rmem_kernel_ulong(const struct rmem_profile *p, uint64_t v)
{
	return p->bits_per_long == 32 ? (uint32_t)v : v;
}

/* A cast to the kernel's phys_addr_t: 32 bits on arm without LPAE. */
static inline uint64_t rmem_kernel_phys(const struct rmem_profile *p, uint64_t v)
{
	return p->phys_addr_bits == 32 ? (uint32_t)v : v;
}

/*
 * The row of kernel @version, or of the newest modelled kernel before it
 * (a vendor 6.6 behaves as 6.1 as far as rmem knows); NULL when @version
 * is older than every modelled kernel.
 */
const struct rmem_kernel_facts *rmem_kernel_facts_nearest(unsigned int version);

/* The oldest kernel version rmem models. */
unsigned int rmem_kernel_facts_oldest(void);

/* The row of @arch, or NULL. */
const struct rmem_arch_ops *rmem_arch_ops_find(enum rmem_arch arch);

/* The row of the arch a .config header names ("arm64", "arm"), or NULL. */
const struct rmem_arch_ops *rmem_arch_ops_by_name(const char *name);

#endif /* RMEM_PROFILE_FACTS_H */
