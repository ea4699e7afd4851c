/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel profiles: the build-time facts of one kernel that the reserved
 * memory, CMA and DMA code depend on.
 *
 * Raw Kconfig values are kept as the .config spells them; the constants the
 * kernel derives from them (pageblock_order, MAX_CMA_AREAS, ...) are derived
 * once, by rmem_profile_derive(), with the rules of that kernel version,
 * because the derivations changed between 5.10, 6.1 and 6.12.
 */
#ifndef RMEM_PROFILE_H
#define RMEM_PROFILE_H

#include <rmem/api.h>
#include <rmem/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RMEM_KERNEL_VERSION(major, minor) (((major) << 8) | (minor))
#define RMEM_KERNEL_MAJOR(version)	((version) >> 8)
#define RMEM_KERNEL_MINOR(version)	((version) & 0xff)

enum rmem_arch {
	RMEM_ARCH_ARM64,
	RMEM_ARCH_ARM,
	RMEM_ARCH_RISCV64,
};

/* What one kernel version does differently; chosen by rmem_profile_derive(). */
struct rmem_kernel_facts;
/* What one architecture does differently; chosen by rmem_profile_derive(). */
struct rmem_arch_ops;

/* CONFIG_CMA_SIZE_SEL_* */
enum rmem_cma_size_sel {
	RMEM_CMA_SIZE_SEL_MBYTES,
	RMEM_CMA_SIZE_SEL_PERCENTAGE,
	RMEM_CMA_SIZE_SEL_MIN,
	RMEM_CMA_SIZE_SEL_MAX,
};

struct rmem_profile {
	char name[64];
	/* the .config read over it: rmem_profile_load_config()'s path; "" for none */
	char config[256];
	enum rmem_arch arch;
	unsigned int version;		/* RMEM_KERNEL_VERSION(major, minor) */

	/* Kconfig values */
	unsigned int page_shift;	/* PAGE_SHIFT */
	unsigned int force_max_order;	/* ARCH_FORCE_MAX_ORDER / FORCE_MAX_ZONEORDER */
	bool hugetlb_page;		/* CONFIG_HUGETLB_PAGE */
	bool arm_lpae;			/* CONFIG_ARM_LPAE */
	bool highmem;			/* CONFIG_HIGHMEM */
	bool zone_dma, zone_dma32;	/* CONFIG_ZONE_DMA, CONFIG_ZONE_DMA32 */
	bool cma;			/* CONFIG_CMA (on whenever DMA_CMA is: rmem_profile_derive()) */
	bool dma_cma;			/* CONFIG_DMA_CMA */
	bool dma_global_pool;		/* CONFIG_DMA_GLOBAL_POOL */
	bool cma_debug;			/* CONFIG_CMA_DEBUG */
	unsigned int cma_areas;		/* CONFIG_CMA_AREAS */
	unsigned int cma_alignment;	/* CONFIG_CMA_ALIGNMENT (an order) */
	enum rmem_cma_size_sel cma_size_sel;
	unsigned long cma_size_mbytes;	/* CONFIG_CMA_SIZE_MBYTES */
	unsigned int cma_size_percentage; /* CONFIG_CMA_SIZE_PERCENTAGE */
	unsigned int nr_cpus;		/* CONFIG_NR_CPUS */
	unsigned int nodes_shift;	/* CONFIG_NODES_SHIFT (0 without NUMA) */
	uint64_t page_offset;		/* CONFIG_PAGE_OFFSET (arm; riscv64 has one too) */

	/* Derived by rmem_profile_derive() */
	unsigned int max_page_order;	/* largest buddy order: MAX_ORDER - 1 before 6.4, MAX_PAGE_ORDER after */
	unsigned int pageblock_order;
	unsigned int max_cma_areas;	/* MAX_CMA_AREAS */
	unsigned int max_reserved_regions; /* MAX_RESERVED_REGIONS */
	uint64_t lowmem_size;		/* arm without vmalloc=: bytes of RAM the kernel maps linearly */
	unsigned int bits_per_long;	/* BITS_PER_LONG */
	unsigned int phys_addr_bits;	/* 64 with CONFIG_PHYS_ADDR_T_64BIT, else 32 */
	/* a global DMA coherent pool ("linux,dma-default") can exist */
	bool dma_global_pool_present;
	const struct rmem_kernel_facts *facts;
	const struct rmem_arch_ops *arch_ops;
};

static inline uint64_t rmem_profile_page_size(const struct rmem_profile *p)
{
	return (uint64_t)1 << p->page_shift;
}

/**
 * rmem_profile_derive() - fill in the derived constants from the Kconfig values.
 *
 * Returns 0, or -EINVAL when the Kconfig values are inconsistent (a page
 * shift other than 12, 14 or 16, a max order of 0 or one whose largest
 * block exceeds the arch's SECTION_SIZE_BITS (the kernel would not build),
 * a NODES_SHIFT, NR_CPUS or CMA_ALIGNMENT outside Kconfig's ranges, more
 * than 65536 CMA_AREAS, a version older than every kernel rmem models, an
 * arch it does not model).  A version rmem does not model but a newer one
 * than some it does is planned with the newest modelled kernel before it:
 * see rmem_profile_modelled_version().
 */
RMEM_API
int rmem_profile_derive(struct rmem_profile *p);

/**
 * rmem_profile_modelled_version() - the kernel version whose behaviour rmem
 * plans @p (derived) with: its own when rmem models it, else the newest
 * modelled one before it (a .config of 6.6 plans as 6.1); 0 before
 * rmem_profile_derive().  Callers should say so when it differs from
 * @p->version.
 */
RMEM_API
unsigned int rmem_profile_modelled_version(const struct rmem_profile *p);

/** rmem_profile_is_modelled() - whether rmem models @p's own kernel version (derived @p). */
RMEM_API
bool rmem_profile_is_modelled(const struct rmem_profile *p);

/**
 * rmem_profile_arch_name() - "arm64", "arm", "riscv64": the arch as .config
 * headers name it, with riscv's width ("# Linux/riscv" of a 64-bit kernel).
 */
RMEM_API
const char *rmem_profile_arch_name(const struct rmem_profile *p);

/**
 * rmem_profile_same_kernel() - whether @a and @b are the same arch and
 * kernel version (a .config of one can override the other's values).
 */
RMEM_API
bool rmem_profile_same_kernel(const struct rmem_profile *a, const struct rmem_profile *b);

/**
 * rmem_profile_builtin() - copy the built-in profile @name, derived, to @out.
 * Returns 0, or -ENOENT when there is no such profile.
 */
RMEM_API
int rmem_profile_builtin(const char *name, struct rmem_profile *out);

/** rmem_profile_builtin_name() - the i-th built-in profile's name, or NULL past the end. */
RMEM_API
const char *rmem_profile_builtin_name(size_t i);

/** The profile `rmem plan` uses when none is given. */
#define RMEM_PROFILE_DEFAULT "arm64-6.12"
/** The name of a profile a complete .config made (rmem_profile_apply_config()). */
#define RMEM_PROFILE_CONFIG_NAME "config"

/**
 * rmem_profile_apply_config() - override a profile with a kernel .config.
 * @p:      the profile to change (a copy of a built-in one, usually)
 * @text:   the .config contents, @len bytes, need not be NUL-terminated
 * @errbuf: receives "line N: problem" when the text cannot be read
 *
 * Reads the "# Linux/ARCH VERSION Kernel Configuration" header when present
 * (arch and version), every CONFIG_ line the profile knows, ignores the ones
 * it does not, and derives the constants again.  A complete .config (one
 * with that header) replaces every Kconfig value, absent symbols being off,
 * and renames the profile RMEM_PROFILE_CONFIG_NAME; a fragment (no header)
 * changes only what it names, and the profile keeps its name.
 *
 * Returns 0; -EINVAL when a line is neither a comment, blank, CONFIG_X=value
 * nor "# CONFIG_X is not set", or a known value does not parse, or the result
 * is inconsistent (see rmem_profile_derive()).
 */
RMEM_API
int rmem_profile_apply_config(struct rmem_profile *p, const char *text, size_t len,
			      char *errbuf, size_t errlen);

/**
 * rmem_profile_load_config() - rmem_profile_apply_config() on a file, whose
 * @path the profile keeps in ->config (cut to its size).
 * Returns 0; -errno when the file cannot be read (-ENOENT, -EACCES, -EISDIR,
 * -EIO, ...; errbuf names the problem); -EFBIG (over 16 MiB); -ENOMEM;
 * -EINVAL as rmem_profile_apply_config().
 */
RMEM_API
int rmem_profile_load_config(struct rmem_profile *p, const char *path,
			     char *errbuf, size_t errlen);

/**
 * rmem_profile_for_release() - the built-in profile for a running kernel
 * of arch @arch (as rmem_profile_arch_name() names it) and release
 * @release (uname -r: "6.1.0-57-arm64"): of that version, the one whose
 * page size and LPAE Debian's flavour in the release names ("-16k",
 * "armmp-lpae", "armmp"); @candidates receives how many had the version.
 * Returns 0; 1 when no profile has that version and @out is the newest
 * older one of the arch (what rmem plans it as); -ENOENT when there is
 * none; -EINVAL when @release does not begin MAJOR.MINOR.
 */
RMEM_API
int rmem_profile_for_release(const char *arch, const char *release, struct rmem_profile *out,
			     unsigned int *candidates);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_PROFILE_H */
