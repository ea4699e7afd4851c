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

#include <rmem/profile.h>

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

static const struct rmem_profile builtin_profiles[] = {
	/* linux-image-5.10.0-*-arm64-unsigned (Debian 11) */
	ARM64_DEBIAN("arm64-5.10", 5, 10, 12, 11, 19, 256),
	/* linux-image-6.1.0-*-arm64-unsigned (Debian 12) */
	ARM64_DEBIAN("arm64-6.1", 6, 1, 12, 11, 19, 256),
	/* linux-image-6.12.*+deb12-arm64-unsigned */
	ARM64_DEBIAN("arm64-6.12", 6, 12, 12, 10, 20, 512),
	/* linux-image-6.12.*+deb12-arm64-16k-unsigned */
	ARM64_DEBIAN("arm64-6.12-16k", 6, 12, 14, 11, 20, 512),
	/* linux-image-6.1.0-*-armmp-lpae (Debian 12, armhf) */
	{ .name = "armhf-6.1", .arch = RMEM_ARCH_ARM,
	  .version = RMEM_KERNEL_VERSION(6, 1),
	  .page_shift = 12, .force_max_order = 12,
	  .hugetlb_page = true, .arm_lpae = true, .highmem = true,
	  .zone_dma = true, .dma_cma = true, .cma_areas = 7, .cma_alignment = 8,
	  .cma_size_sel = RMEM_CMA_SIZE_SEL_MBYTES,
	  .cma_size_mbytes = 16,
	  .nr_cpus = 8, .page_offset = 0xC0000000ULL },
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

/* HUGETLB_PAGE_ORDER: a PMD-sized page. */
static unsigned int hugetlb_page_order(const struct rmem_profile *p)
{
	if (p->arch == RMEM_ARCH_ARM64)
		return p->page_shift - 3;	/* PMD_SHIFT = 2 * (PAGE_SHIFT - 3) + 3 */
	return 21 - p->page_shift;		/* LPAE: PMD_SHIFT 21 */
}

/*
 * SECTION_SIZE_BITS (arch/.../include/asm/sparsemem.h): mmzone.h refuses to
 * build a kernel whose largest buddy block exceeds a memory section
 * ("Allocator MAX_ORDER exceeds SECTION_SIZE").  arm64 5.10: 30; 6.1 and
 * 6.12: 29 with 64K pages, 27 otherwise; arm (SPARSEMEM): 28.
 */
static unsigned int section_size_bits(const struct rmem_profile *p)
{
	if (p->arch == RMEM_ARCH_ARM)
		return 28;
	if (p->version < RMEM_KERNEL_VERSION(6, 1))
		return 30;
	return p->page_shift == 16 ? 29 : 27;
}

/*
 * The ranges Kconfig enforces (the same in 5.10, 6.1 and 6.12), so that no
 * .config makes rmem size its tables or shift by values no kernel has:
 * NODES_SHIFT 1..10 (arch/arm64/Kconfig; 0 here: no NUMA), NR_CPUS 2..4096
 * on arm64 and 2..32 on arm (0 or 1 here: no SMP), CMA_ALIGNMENT 2..12
 * (kernel/dma/Kconfig; 0 here: no DMA_CMA).  CMA_AREAS has no range, but a
 * kernel's cma_areas[] of more than 65536 entries would not fit its image.
 */
static bool kconfig_in_range(const struct rmem_profile *p)
{
	unsigned int max_cpus = p->arch == RMEM_ARCH_ARM64 ? 4096 : 32;

	return p->nodes_shift <= 10 && p->nr_cpus <= max_cpus &&
	       (!p->cma_alignment || (p->cma_alignment >= 2 && p->cma_alignment <= 12)) &&
	       p->cma_areas <= 65536;
}

static bool version_modelled(unsigned int v)
{
	return v == RMEM_KERNEL_VERSION(5, 10) || v == RMEM_KERNEL_VERSION(6, 1) ||
	       v == RMEM_KERNEL_VERSION(6, 12);
}

int rmem_profile_derive(struct rmem_profile *p)
{
	bool huge = p->hugetlb_page && (p->arch == RMEM_ARCH_ARM64 || p->arm_lpae);

	if (!version_modelled(p->version))
		return -EINVAL;
	/* arm has no page-size choice, so its .config names none */
	if (p->arch == RMEM_ARCH_ARM && !p->page_shift)
		p->page_shift = 12;
	if (p->page_shift != 12 && p->page_shift != 14 && p->page_shift != 16)
		return -EINVAL;
	if (p->arch == RMEM_ARCH_ARM && p->page_shift != 12)
		return -EINVAL;

	if (p->version >= RMEM_KERNEL_VERSION(6, 4)) {
		/* MAX_PAGE_ORDER: the largest order itself, default 10 */
		p->max_page_order = p->force_max_order ? p->force_max_order : 10;
	} else {
		/* MAX_ORDER: one past the largest order, default 11 */
		unsigned int max_order = p->force_max_order ? p->force_max_order : 11;

		if (max_order < 2)
			return -EINVAL;
		p->max_page_order = max_order - 1;
	}
	if (p->max_page_order == 0 || p->max_page_order + p->page_shift > section_size_bits(p))
		return -EINVAL;
	if (!kconfig_in_range(p))
		return -EINVAL;

	if (!huge)
		p->pageblock_order = p->max_page_order;
	else if (p->version < RMEM_KERNEL_VERSION(6, 1))
		p->pageblock_order = hugetlb_page_order(p);	/* 5.10 does not cap it */
	else if (hugetlb_page_order(p) < p->max_page_order)
		p->pageblock_order = hugetlb_page_order(p);
	else
		p->pageblock_order = p->max_page_order;

	/* 6.12 moved the extra slot for the default area into Kconfig's default */
	p->max_cma_areas = p->version >= RMEM_KERNEL_VERSION(6, 12) ? p->cma_areas
								      : p->cma_areas + 1;
	p->max_reserved_regions = 64;
	p->lowmem_size = 0;
	if (p->arch == RMEM_ARCH_ARM && p->page_offset < ARM_VMALLOC_END)
		p->lowmem_size = ARM_VMALLOC_END - ARM_VMALLOC_RESERVE - ARM_VMALLOC_OFFSET -
				 p->page_offset;
	return 0;
}
