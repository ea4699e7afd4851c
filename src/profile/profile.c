// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel profiles: the built-in ones and the derivation of the constants
 * that mm/ and kernel/dma/ compute from Kconfig.
 *
 * The built-in values are those of Debian's kernel packages' configs
 * (boot/config-*); tests/profile/debian-configs/ holds the lines they come
 * from, extracted by tests/profile/extract-configs.sh, and a test checks
 * that reading those lines gives back these profiles.
 */
#include <errno.h>
#include <string.h>

#include <rmem/cmdline.h>
#include <rmem/profile.h>

#include "profile/facts.h"

/* arm: VMALLOC_END and the default vmalloc reserve (arch/arm/mm/mmu.c) */
#define ARM_VMALLOC_END		0xff800000ULL
#define ARM_VMALLOC_RESERVE	(240ULL << 20)
#define ARM_VMALLOC_OFFSET	(8ULL << 20)

#define ARM64_DEBIAN(n, maj, min, shift, order, areas, cpus)		\
	{ .name = n, .arch = RMEM_ARCH_ARM64,				\
	  .version = RMEM_KERNEL_VERSION(maj, min),			\
	  .page_shift = shift, .force_max_order = order,		\
	  .hugetlb_page = true, .zone_dma = true, .zone_dma32 = true,	\
	  .dma_cma = true, .cma_areas = areas, .cma_alignment = 8,	\
	  .cma_size_sel = RMEM_CMA_SIZE_SEL_MBYTES,			\
	  .cma_size_mbytes = 64,		\
	  .nr_cpus = cpus, .nodes_shift = 4 }

/* Debian's armmp kernels: HUGETLB_PAGE comes with LPAE (no huge pages without it) */
#define ARMHF_DEBIAN(n, maj, min, order, lpae, areas)			\
	{ .name = n, .arch = RMEM_ARCH_ARM,				\
	  .version = RMEM_KERNEL_VERSION(maj, min),			\
	  .page_shift = 12, .force_max_order = order,			\
	  .hugetlb_page = lpae, .arm_lpae = lpae, .highmem = true,	\
	  .zone_dma = true, .dma_cma = true, .cma_areas = areas,	\
	  .cma_alignment = 8, .cma_size_sel = RMEM_CMA_SIZE_SEL_MBYTES,	\
	  .cma_size_mbytes = 16,					\
	  .nr_cpus = 8, .page_offset = 0xC0000000ULL }

static const struct rmem_profile builtin_profiles[] = {
	/* linux-image-5.10.0-*-arm64-unsigned (Debian 11) */
	ARM64_DEBIAN("arm64-5.10", 5, 10, 12, 11, 19, 256),
	/* linux-image-6.1.0-*-arm64-unsigned (Debian 12) */
	ARM64_DEBIAN("arm64-6.1", 6, 1, 12, 11, 19, 256),
	/* linux-image-6.12.*+deb12-arm64-unsigned */
	ARM64_DEBIAN("arm64-6.12", 6, 12, 12, 10, 20, 512),
	/* linux-image-6.12.*+deb12-arm64-16k-unsigned */
	ARM64_DEBIAN("arm64-6.12-16k", 6, 12, 14, 11, 20, 512),
	/* linux-image-7.2.*+deb14-arm64 (linux-binary-unsigned-*, linux-base-*) */
	ARM64_DEBIAN("arm64-7.2", 7, 2, 12, 10, 20, 512),
	/* linux-image-7.2.*+deb14-arm64-16k (linux-binary-unsigned-*, linux-base-*) */
	ARM64_DEBIAN("arm64-7.2-16k", 7, 2, 14, 11, 20, 512),
	/* linux-image-6.1.0-*-armmp-lpae (Debian 12, armhf) */
	ARMHF_DEBIAN("armhf-6.1", 6, 1, 12, true, 7),
	/* linux-image-6.12.*+deb13-armmp-lpae (Debian 13, armhf) */
	ARMHF_DEBIAN("armhf-6.12", 6, 12, 11, true, 8),
	/* linux-image-6.1.0-*-armmp (Debian 12, armhf, no LPAE) */
	ARMHF_DEBIAN("armhf-6.1-nolpae", 6, 1, 12, false, 7),
	/* linux-image-6.12.*+deb13-armmp (Debian 13, armhf, no LPAE) */
	ARMHF_DEBIAN("armhf-6.12-nolpae", 6, 12, 11, false, 8),
	/* linux-image-6.12.*+deb13-riscv64 (Debian 13): no CONFIG_CMA at all */
	{ .name = "riscv64-6.12", .arch = RMEM_ARCH_RISCV64,
	  .version = RMEM_KERNEL_VERSION(6, 12),
	  .page_shift = 12, .hugetlb_page = true, .zone_dma32 = true,
	  .nr_cpus = 128, .nodes_shift = 2, .page_offset = 0xff60000000000000ULL },
	/* linux-image-7.2.*+deb14-riscv64 (linux-binary-unsigned-*, linux-base-*) */
	{ .name = "riscv64-7.2", .arch = RMEM_ARCH_RISCV64,
	  .version = RMEM_KERNEL_VERSION(7, 2),
	  .page_shift = 12, .hugetlb_page = true, .zone_dma32 = true,
	  .dma_cma = true, .cma_areas = 20, .cma_alignment = 8,
	  .cma_size_sel = RMEM_CMA_SIZE_SEL_MBYTES, .cma_size_mbytes = 128,
	  .nr_cpus = 256, .nodes_shift = 2 },
};

#define NR_BUILTIN (sizeof(builtin_profiles) / sizeof(builtin_profiles[0]))

const char *rmem_profile_builtin_name(size_t i)
{
	return i < NR_BUILTIN ? builtin_profiles[i].name : NULL;
}

int rmem_profile_builtin(const char *name, struct rmem_profile *out)
{
	for (size_t i = 0; i < NR_BUILTIN; i++) {
		if (strcmp(builtin_profiles[i].name, name))
			continue;
		*out = builtin_profiles[i];
		return rmem_profile_derive(out);
	}
	return -ENOENT;
}

/*
 * The ranges Kconfig enforces (the same in every modelled version), so
 * that no .config makes rmem size its tables or shift by values no kernel
 * has: NODES_SHIFT 1..10 (0 here: no NUMA), NR_CPUS 2..the arch's limit
 * (0 or 1 here: no SMP), CMA_ALIGNMENT 2..12 (kernel/dma/Kconfig; 0 here:
 * no DMA_CMA).  CMA_AREAS has no range, but a kernel's cma_areas[] of more
 * than 65536 entries would not fit its image.
 */
static bool kconfig_in_range(const struct rmem_profile *p)
{
	return p->nodes_shift <= 10 && p->nr_cpus <= p->arch_ops->max_nr_cpus &&
	       (!p->cma_alignment || (p->cma_alignment >= 2 && p->cma_alignment <= 12)) &&
	       p->cma_areas <= 65536;
}

/*
 * The largest buddy order.  mmzone.h refuses to build a kernel whose
 * largest block exceeds a memory section ("Allocator MAX_ORDER exceeds
 * SECTION_SIZE"); 0 here when the values are not a kernel's.
 */
static unsigned int derive_max_page_order(const struct rmem_profile *p)
{
	unsigned int order;

	if (p->facts->mm.max_order_inclusive) {
		/* MAX_PAGE_ORDER: the largest order itself, default 10 */
		order = p->force_max_order ? p->force_max_order : 10;
	} else {
		/* MAX_ORDER: one past the largest order, default 11 */
		unsigned int max_order = p->force_max_order ? p->force_max_order : 11;

		order = max_order < 2 ? 0 : max_order - 1;
	}
	/* written so that an order near UINT_MAX cannot wrap past the test */
	if (order > p->arch_ops->section_size_bits(p) - p->page_shift)
		return 0;
	return order;
}

/* pageblock_order: a HugeTLB page where there are any, else the largest order */
static unsigned int derive_pageblock_order(const struct rmem_profile *p)
{
	const struct rmem_arch_ops *ops = p->arch_ops;
	bool huge = p->hugetlb_page && (!ops->hugetlb_needs_lpae || p->arm_lpae);
	unsigned int hugetlb_order = ops->pmd_shift(p) - p->page_shift;

	if (!huge)
		return p->max_page_order;
	if (p->facts->mm.pageblock_capped && hugetlb_order >= p->max_page_order)
		return p->max_page_order;
	return hugetlb_order;
}

unsigned int rmem_profile_modelled_version(const struct rmem_profile *p)
{
	return p->facts ? p->facts->version : 0;
}

bool rmem_profile_is_modelled(const struct rmem_profile *p)
{
	return p->facts && p->facts->version == p->version;
}

const char *rmem_profile_arch_name(const struct rmem_profile *p)
{
	const struct rmem_arch_ops *ops = p->arch_ops ? p->arch_ops : rmem_arch_ops_find(p->arch);

	return ops ? ops->name : "?";
}

bool rmem_profile_same_kernel(const struct rmem_profile *a, const struct rmem_profile *b)
{
	return a->arch == b->arch && a->version == b->version;
}

int rmem_profile_derive(struct rmem_profile *p)
{
	const struct rmem_arch_ops *ops = rmem_arch_ops_find(p->arch);

	p->facts = rmem_kernel_facts_nearest(p->version);
	p->arch_ops = ops;
	if (!p->facts || !ops || ops->command_line_size(p) > RMEM_COMMAND_LINE_SIZE_MAX)
		return -EINVAL;
	/* an arch without a page-size choice has a .config that names none */
	if (!p->page_shift)
		p->page_shift = ops->fixed_page_shift;
	if (p->page_shift != 12 && p->page_shift != 14 && p->page_shift != 16)
		return -EINVAL;
	if (ops->fixed_page_shift && p->page_shift != ops->fixed_page_shift)
		return -EINVAL;
	if (ops->pmd_shift(p) <= p->page_shift)
		return -EINVAL;
	p->max_page_order = derive_max_page_order(p);
	if (!p->max_page_order || !kconfig_in_range(p))
		return -EINVAL;
	p->pageblock_order = derive_pageblock_order(p);
	/* DMA_CMA depends on CMA: the table's rows and fragments need not say it */
	p->cma = p->cma || p->dma_cma;
	p->max_cma_areas = p->cma_areas + !p->facts->mm.cma_areas_counts_default;
	p->max_reserved_regions = 64;
	p->bits_per_long = ops->bits_per_long;
	p->phys_addr_bits = p->arm_lpae ? 64 : ops->phys_addr_bits;
	p->dma_global_pool_present = p->facts->dma.global_pool_config_arm ? ops->config_arm
									  : p->dma_global_pool;
	p->lowmem_size = 0;
	if (ops->lowmem_below_vmalloc && p->page_offset < ARM_VMALLOC_END)
		p->lowmem_size = ARM_VMALLOC_END - ARM_VMALLOC_RESERVE - ARM_VMALLOC_OFFSET -
				 p->page_offset;
	return 0;
}
