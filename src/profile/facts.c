// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernels rmem models, one row each: what changed between them, as
 * read in Debian's linux-source packages and checked against their boots
 * (tests/conformance).  The WARN() lines are those of each version's
 * source, as its log prints them.
 */
#include <stddef.h>

#include "profile/facts.h"

static const struct rmem_kernel_facts kernel_facts[] = {
	{
		.version = RMEM_KERNEL_VERSION(5, 10),
		/* MAX_ORDER one past the largest; pageblock_order not capped */
		.memblock = {
			.counts_dummy_region = true,
			.insert = RMEM_MB_INSERT_TWO_PASSES,
			.warn_max_numnodes = true,
			.phys_free = "memblock_free",
			.warn_line_nid = 619, .warn_line_flags = 621,
			.bug_line_double_array = 488, .warn_line_max_numnodes = 1331,
		},
		.fdt = {
			.memory_line_old_spacing = true,
			.scan_whole_tree = true,
			.warn_no_chosen = true,
			.reserve_memory_arch_hook = true,
		},
		.rmem = {
			.save_first_entry_always = true,
			.init_fail_readds_nomap = true,
		},
		.cma = {
			.declare_func = "cma_declare_contiguous_nid",
			.name_is_format = true,
			.alloc_func = "cma_alloc",
			.place = RMEM_CMA_PLACE_HIGHMEM,
			.align_max_order = true,
			.debugfs_short_dir = true,
		},
		.dma = {
			.global_pool_config_arm = true,
			.device_init_lenient = true,
			.default_region_shared = true,
			.warn_line_redefined = 374,
		},
	},
	{
		.version = RMEM_KERNEL_VERSION(6, 1),
		.mm = { .pageblock_capped = true },
		.memblock = {
			.counts_dummy_region = true,
			.insert = RMEM_MB_INSERT_BELOW_MAX,
			.warn_max_numnodes = true,
			.driver_managed = true,
			.cap_needs_memory = true,
			.dbg_add_node = true,
			.efi_memory_regions = true,
			.phys_free = "memblock_phys_free",
			.warn_line_nid = 635, .warn_line_flags = 637,
			.bug_line_double_array = 493, .warn_line_max_numnodes = 1381,
		},
		.fdt = {
			.memory_status_checked = true,
			.chosen_by_path = true,
			.initrd_order_checked = true,
			.bus_default_flags = true,
		},
		.rmem = {
			.root_by_path = true,
			.children_only = true,
			.reserve_fail_is_err = true,
			.save_first_entry_always = true,
			.nomap_checks_memory = true,
			.alloc_phys_range = true,
			.alloc_fail_says_size = true,
		},
		.cma = {
			.declare_func = "cma_declare_contiguous_nid",
			.name_is_format = true,
			.alloc_func = "cma_alloc",
			.alloc_fail_names_area = true,
			.pages_valid = true,
			.sysfs = true,
			.sysfs_counts_precheck = true,
			.place = RMEM_CMA_PLACE_HIGHMEM_THEN_4G,
			.activate_gives_back = true,
			.reserve_pages_on_error = true,
		},
		.dma = {
			.global_pool_in_alloc = true,
			.coherent_logs_errors = true,
			.warn_line_redefined = 384,
		},
	},
	{
		.version = RMEM_KERNEL_VERSION(6, 12),
		.mm = {
			.max_order_inclusive = true,
			.pageblock_capped = true,
			.cma_areas_counts_default = true,
		},
		.memblock = {
			.insert = RMEM_MB_INSERT_UP_TO_MAX,
			.merge_touched_window = true,
			.numa_valid_node = true,
			.driver_managed = true,
			.cap_needs_memory = true,
			.dbg_add_node = true,
			.panic_on_resize = true,
			.efi_memory_regions = true,
			.phys_free = "memblock_phys_free",
			.warn_line_nid = 649, .warn_line_flags = 651,
			.bug_line_double_array = 501,
			/* no such WARN any more: numa_valid_node() rejects it later */
		},
		.fdt = {
			.memory_status_checked = true,
			.chosen_by_path = true,
			.initrd_order_checked = true,
			.bus_default_flags = true,
		},
		.rmem = {
			.scan_reg_nodes_early = true,
			.root_by_path = true,
			.children_only = true,
			.reserve_fail_is_err = true,
			.nomap_checks_memory = true,
			.alloc_in_range = true,
			.alloc_phys_range = true,
			.alloc_fail_says_size = true,
			.init_per_node = true,
			.reg_lines_rmem_prefix = true,
			.lookup_by_name = true,
			.sort_ties_by_node = true,
			.early_fixup_on_reserve = true,
			.entry_has_fdt_node = true,
		},
		.cma = {
			.log_node = true,
			.declare_func = "cma_declare_contiguous_nid",
			.name_is_format = true,
			.alloc_func = "__cma_alloc",
			.alloc_call_names_area = true,
			.alloc_fail_names_area = true,
			.busy_line_pfn = true,
			.debug_show_always = true,
			.pages_valid = true,
			.sysfs = true,
			.sysfs_release_stat = true,
			.place = RMEM_CMA_PLACE_4G_THEN_HIGHMEM,
			.numa_no_node_without_numa = true,
			.activate_gives_back = true,
			.reserve_pages_on_error = true,
		},
		.dma = {
			.global_pool_in_alloc = true,
			.default_by_size = true,
			.coherent_logs_errors = true,
			.warn_line_redefined = 385,
		},
		.lib = { .sort_heap = RMEM_SORT_TWO_AT_A_TIME },
		.printk = {
			.record_max_ringbuffer = true,
		},
	},
	{
		.version = RMEM_KERNEL_VERSION(7, 2),
		.mm = {
			.max_order_inclusive = true,
			.pageblock_capped = true,
			.cma_areas_counts_default = true,
		},
		.memblock = {
			.insert = RMEM_MB_INSERT_UP_TO_MAX,
			.merge_touched_window = true,
			.numa_valid_node = true,
			.driver_managed = true,
			.cap_needs_memory = true,
			.dbg_add_node = true,
			.panic_on_resize = true,
			.rsrv_kern = true,
			.efi_memory_regions = true,
			.phys_free = "memblock_phys_free",
			.warn_line_nid = 669, .warn_line_flags = 671,
			.bug_line_double_array = 521,
		},
		.fdt = {
			.memory_status_checked = true,
			.chosen_by_path = true,
			.initrd_order_checked = true,
			.bus_default_flags = true,
			.reg_whole_entries = true,
			.bus_needs_address_cells = true,
			.warn_line_root_size_cells = 1013, .warn_line_root_addr_cells = 1018,
		},
		.rmem = {
			.scan_reg_nodes_early = true,
			.root_by_path = true,
			.children_only = true,
			.reserve_fail_is_err = true,
			.nomap_checks_memory = true,
			.alloc_in_range = true,
			.alloc_phys_range = true,
			.alloc_fail_says_size = true,
			.init_per_node = true,
			.reg_lines_rmem_prefix = true,
			.lookup_by_name = true,
			.early_fixup_on_reserve = true,
			.whole_entries = true,
			.validate_nodes = true,
			.refused_root_counts_none = true,
		},
		.cma = {
			.log_requested_size = true,
			.log_every_failure = true,
			.declare_func = "__cma_declare_contiguous_nid",
			.highmem_check_after_limit = true,
			.slot_checked_last = true,
			.unnamed_counts_itself = true,
			.memranges = true,
			.alloc_func = "__cma_alloc_frozen",
			.alloc_call_names_area = true,
			.alloc_fail_names_area = true,
			.busy_line_pfn = true,
			.debug_show_always = true,
			.pages_valid = true,
			.sysfs = true,
			.sysfs_release_stat = true,
			.place = RMEM_CMA_PLACE_4G_UNDER_LIMIT,
			.numa_no_node_without_numa = true,
			.activate_gives_back = true,
			.reserve_pages_on_error = true,
		},
		.dma = {
			.global_pool_in_alloc = true,
			.default_by_size = true,
			.coherent_logs_errors = true,
			.warn_line_redefined = 379,
			.cmdline_limit_replaces = true,
			.atomic_pools_populated_zones = true,
		},
		.lib = {
			.sort_heap = RMEM_SORT_TWO_AT_A_TIME,
			.memparse_saturates = true,
		},
		.printk = {
			.record_max_ringbuffer = true,
			.warn_file_first = true,
		},
	},
};

#define NR_KERNEL_FACTS (sizeof(kernel_facts) / sizeof(kernel_facts[0]))

/* The rows are in version order: the last one at or below @version. */
const struct rmem_kernel_facts *rmem_kernel_facts_nearest(unsigned int version)
{
	const struct rmem_kernel_facts *found = NULL;

	for (size_t i = 0; i < NR_KERNEL_FACTS && kernel_facts[i].version <= version; i++)
		found = &kernel_facts[i];
	return found;
}

unsigned int rmem_kernel_facts_oldest(void)
{
	return kernel_facts[0].version;
}
