/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock's internals shared by the files of src/memblock/: the region
 * list primitives of mm/memblock.c, the free-range search, and the log
 * helpers that print as the kernel's memblock_dbg() and WARN_ON() do.
 */
#ifndef RMEM_MEMBLOCK_INTERNAL_H
#define RMEM_MEMBLOCK_INTERNAL_H

#include <rmem/memblock.h>

#include "profile/facts.h"
#include "printk/printk.h"

#define RMEM_INIT_MEMBLOCK_REGIONS	128

/* what this kernel version's memblock does differently */
#define MB_FACT(mb, f)	((mb)->facts->memblock.f)

static inline rmem_phys_t rmem_mb_page_size(const struct rmem_memblock *mb)
{
	return (rmem_phys_t)1 << mb->page_shift;
}

static inline bool rmem_mb_numa(const struct rmem_memblock *mb)
{
	return mb->nodes_shift > 0;
}

/* MAX_NUMNODES: 1 << NODES_SHIFT, 1 without CONFIG_NUMA */
static inline int rmem_mb_max_numnodes(const struct rmem_memblock *mb)
{
	return 1 << mb->nodes_shift;
}

/* numa_valid_node() (6.12) */
static inline bool rmem_mb_numa_valid_node(const struct rmem_memblock *mb, int nid)
{
	return nid >= 0 && nid < rmem_mb_max_numnodes(mb);
}

/* memblock_get_region_node(): the field does not exist without CONFIG_NUMA */
static inline int rmem_mb_region_nid(const struct rmem_memblock *mb,
				     const struct rmem_memblock_region *r)
{
	return rmem_mb_numa(mb) ? r->nid : 0;
}

static inline void rmem_mb_set_region_nid(const struct rmem_memblock *mb,
					  struct rmem_memblock_region *r, int nid)
{
	if (rmem_mb_numa(mb))
		r->nid = nid;
}

/*
 * memblock_cap_size(): clamp *@size so that @base + *@size does not wrap
 * the phys_addr_t, 32 bits on arm without LPAE.
 */
static inline rmem_phys_t rmem_mb_cap_size(const struct rmem_memblock *mb, rmem_phys_t base,
					   rmem_phys_t *size)
{
	rmem_phys_t max = mb->phys_addr_bits == 32 ? UINT32_MAX : RMEM_PHYS_MAX;

	if (base > max)
		*size = 0;
	else if (*size > max - base)
		*size = max - base;
	return *size;
}

/* After 6.12's panic nothing of memblock runs any more (see memblock.h). */
static inline bool rmem_mb_dead(const struct rmem_memblock *mb)
{
	return mb->panicked != NULL;
}

/* The public call's caller for the debug lines (see memblock.h). */
static inline const char *rmem_mb_caller(const struct rmem_memblock *mb, const char *dflt)
{
	return mb->caller ? mb->caller : dflt;
}

/* region lists (regions.c) */
void rmem_mb_remove_region(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			   size_t r);
void rmem_mb_merge_regions(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			   size_t start_rgn, size_t end_rgn);
int rmem_mb_add_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
		      rmem_phys_t base, rmem_phys_t size, int nid, unsigned int flags);
int rmem_mb_isolate_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			  rmem_phys_t base, rmem_phys_t size, size_t *start_rgn,
			  size_t *end_rgn);
int rmem_mb_remove_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			 rmem_phys_t base, rmem_phys_t size);
int rmem_mb_setclr_flag(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			rmem_phys_t base, rmem_phys_t size, bool set, unsigned int flag);

/* array growth (resize.c) */
int rmem_mb_double_array(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			 rmem_phys_t new_area_start, rmem_phys_t new_area_size);

/* the free-range search (find.c) */
rmem_phys_t rmem_mb_find_in_range_node(const struct rmem_memblock *mb, rmem_phys_t size,
				       rmem_phys_t align, rmem_phys_t start,
				       rmem_phys_t end, int nid);

/* the calls that the internals make to the public operations (memblock.c) */
int rmem_mb_reserve(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
		    const char *caller);
/* memblock's own reservations: from 7.2 flagged MEMBLOCK_RSRV_KERN, on @nid */
int rmem_mb_reserve_kern(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size, int nid,
			 const char *caller);
int rmem_mb_phys_free(struct rmem_memblock *mb, rmem_phys_t base, rmem_phys_t size,
		      const char *caller);

/* log helpers (debug.c) */
void rmem_mb_dbg(const struct rmem_memblock *mb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rmem_mb_dbg_range(const struct rmem_memblock *mb, const char *func,
		       rmem_phys_t base, rmem_phys_t size, const char *caller);
void rmem_mb_warn(const struct rmem_memblock *mb, int line, const char *func);

#endif /* RMEM_MEMBLOCK_INTERNAL_H */
