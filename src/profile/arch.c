// SPDX-License-Identifier: GPL-2.0-only
/*
 * The architectures rmem models, one row each: the facts of the arch that
 * the subsystems ask about.  Each arch's early boot is its own file in
 * src/boot/.
 */
#include <string.h>

#include <rmem/cmdline.h>

#include "profile/facts.h"

static size_t arm64_command_line_size(const struct rmem_profile *p)
{
	return RMEM_COMMAND_LINE_SIZE_ARM64;
}

/* arm64: PMD_SHIFT = (PAGE_SHIFT - 3) * 2 + 3: a PMD maps a page of PTEs */
static unsigned int arm64_pmd_shift(const struct rmem_profile *p)
{
	return (p->page_shift - 3) * 2 + 3;
}

/*
 * SECTION_SIZE_BITS (arch/arm64/include/asm/sparsemem.h): 30 in 5.10;
 * from 5.12 on 29 with 64K pages and 27 otherwise.
 */
static unsigned int arm64_section_size_bits(const struct rmem_profile *p)
{
	if (p->version < RMEM_KERNEL_VERSION(5, 12))
		return 30;
	return p->page_shift == 16 ? 29 : 27;
}

static size_t arm_command_line_size(const struct rmem_profile *p)
{
	return RMEM_COMMAND_LINE_SIZE_ARM;
}

/* arm with LPAE: PMD_SHIFT 21 (pgtable-3level.h) */
static unsigned int arm_pmd_shift(const struct rmem_profile *p)
{
	return 21;
}

/* arm: SECTION_SIZE_BITS 28 (arch/arm/include/asm/sparsemem.h) */
static unsigned int arm_section_size_bits(const struct rmem_profile *p)
{
	return 28;
}

/*
 * riscv: 1024 in 6.12, 2048 in 7.2 (the Kconfig-free uapi/asm/setup.h
 * grew between them); read from the facts row rmem plans the kernel with
 */
static size_t riscv64_command_line_size(const struct rmem_profile *p)
{
	return rmem_profile_modelled_version(p) >= RMEM_KERNEL_VERSION(7, 0) ? 2048 : 1024;
}

/* riscv64: PMD_SHIFT 21 (asm/pgtable-64.h), 4K pages only */
static unsigned int riscv64_pmd_shift(const struct rmem_profile *p)
{
	return 21;
}

/* riscv: SECTION_SIZE_BITS 27 on 64-bit (arch/riscv/include/asm/sparsemem.h) */
static unsigned int riscv64_section_size_bits(const struct rmem_profile *p)
{
	return 27;
}

static const struct rmem_arch_ops arch_ops[] = {
	{
		.arch = RMEM_ARCH_ARM64, .name = "arm64",
		.bits_per_long = 64, .phys_addr_bits = 64,
		.command_line_size = arm64_command_line_size,
		.mem_param = RMEM_MEM_PARAM_LIMIT,
		.memblock_regions_grow_with_efi = true,
		.dma_direct = true,
		.max_nr_cpus = 4096,
		.pmd_shift = arm64_pmd_shift,
		.section_size_bits = arm64_section_size_bits,
	},
	{
		.arch = RMEM_ARCH_ARM, .name = "arm",
		.bits_per_long = 32, .phys_addr_bits = 32,
		.command_line_size = arm_command_line_size,
		.mem_param = RMEM_MEM_PARAM_BANKS,
		.min_memblock_addr = true,
		.config_arm = true,
		.dma_rmem_needs_nomap = true,
		.hugetlb_needs_lpae = true,
		.lowmem_below_vmalloc = true,
		.max_nr_cpus = 32,
		.fixed_page_shift = 12,
		.pmd_shift = arm_pmd_shift,
		.section_size_bits = arm_section_size_bits,
	},
	{
		/*
		 * arch/riscv: mem= keeps the lowest limit (mm/init.c
		 * early_mem()); no INIT_MEMBLOCK_* override; dma-direct,
		 * devices coherent by default (Kconfig: select
		 * ARCH_DMA_DEFAULT_COHERENT); NR_CPUS up to 512 (Kconfig,
		 * without MAXSMP)
		 */
		.arch = RMEM_ARCH_RISCV64, .name = "riscv64", .kconfig_name = "riscv",
		.bits_per_long = 64, .phys_addr_bits = 64,
		.command_line_size = riscv64_command_line_size,
		.mem_param = RMEM_MEM_PARAM_LOWEST_LIMIT,
		.dma_direct = true, .dma_default_coherent = true,
		.max_nr_cpus = 512,
		.fixed_page_shift = 12,
		.pmd_shift = riscv64_pmd_shift,
		.section_size_bits = riscv64_section_size_bits,
	},
};

#define NR_ARCH_OPS (sizeof(arch_ops) / sizeof(arch_ops[0]))

const struct rmem_arch_ops *rmem_arch_ops_find(enum rmem_arch arch)
{
	for (size_t i = 0; i < NR_ARCH_OPS; i++)
		if (arch_ops[i].arch == arch)
			return &arch_ops[i];
	return NULL;
}

const struct rmem_arch_ops *rmem_arch_ops_by_name(const char *name)
{
	for (size_t i = 0; i < NR_ARCH_OPS; i++)
		if (!strcmp(arch_ops[i].kconfig_name ? arch_ops[i].kconfig_name : arch_ops[i].name,
			    name))
			return &arch_ops[i];
	return NULL;
}
