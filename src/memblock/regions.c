// SPDX-License-Identifier: GPL-2.0-only
/*
 * The region lists of mm/memblock.c: insertion with merging, isolation
 * (splitting at a range's edges), removal, flag changes.
 *
 * Every list stays sorted, non-overlapping and minimal (no two touching
 * regions with the same flags and node); the dump shows the arrays as they
 * are, so the order of inserts, splits and merges is the kernel's.
 */
#include <errno.h>
#include <string.h>

#include "memblock/memblock_internal.h"

/* The lines of memblock_add_range()'s WARN_ON()s: nid, then flags. */
/* memblock_remove_region() */
void rmem_mb_remove_region(struct rmem_memblock *mb, struct rmem_memblock_type *type, size_t r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1],
		(type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;

	if (type->cnt == 0) {
		if (MB_FACT(mb, counts_dummy_region))
			type->cnt = 1;
		type->regions[0].base = 0;
		type->regions[0].size = 0;
		type->regions[0].flags = 0;
		rmem_mb_set_region_nid(mb, &type->regions[0], rmem_mb_max_numnodes(mb));
	}
}

static bool mergeable(const struct rmem_memblock *mb, const struct rmem_memblock_region *this,
		      const struct rmem_memblock_region *next)
{
	return this->base + this->size == next->base &&
	       rmem_mb_region_nid(mb, this) == rmem_mb_region_nid(mb, next) &&
	       this->flags == next->flags;
}

/*
 * memblock_merge_regions(): 5.10 and 6.1 scan the whole list; 6.12 only
 * [@start_rgn - 1, @end_rgn].  The lists are minimal before every change,
 * so both give the same list.
 */
void rmem_mb_merge_regions(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			   size_t start_rgn, size_t end_rgn)
{
	size_t i = 0;

	if (type->cnt == 0)
		return;
	if (MB_FACT(mb, merge_touched_window)) {
		if (start_rgn)
			i = start_rgn - 1;
		if (end_rgn > type->cnt - 1)
			end_rgn = type->cnt - 1;
	} else {
		end_rgn = type->cnt - 1;
	}
	while (i < end_rgn) {
		struct rmem_memblock_region *this = &type->regions[i];
		struct rmem_memblock_region *next = &type->regions[i + 1];

		if (!mergeable(mb, this, next)) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
		end_rgn--;
	}
}

/* memblock_insert_region(): the caller made room. */
static void insert_region(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			  size_t idx, rmem_phys_t base, rmem_phys_t size, int nid,
			  unsigned int flags)
{
	struct rmem_memblock_region *rgn = &type->regions[idx];

	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	rgn->nid = 0;
	rmem_mb_set_region_nid(mb, rgn, nid);
	type->cnt++;
	type->total_size += size;
}

/* memblock_add_range()'s special case: the list holds no region yet. */
static void add_first(struct rmem_memblock *mb, struct rmem_memblock_type *type,
		      rmem_phys_t base, rmem_phys_t size, int nid, unsigned int flags)
{
	type->regions[0].base = base;
	type->regions[0].size = size;
	type->regions[0].flags = flags;
	type->regions[0].nid = 0;
	rmem_mb_set_region_nid(mb, &type->regions[0], nid);
	type->total_size = size;
	type->cnt = 1;
}

/*
 * The WARN_ON()s of a piece inserted below an overlapping region; from 7.2
 * a piece without flags matches any region's.
 */
static void warn_mismatch(struct rmem_memblock *mb, const struct rmem_memblock_region *rgn,
			  int nid, unsigned int flags)
{
	if (rmem_mb_numa(mb) && nid != rmem_mb_region_nid(mb, rgn))
		rmem_mb_warn(mb, MB_FACT(mb, warn_line_nid), "memblock_add_range");
	if (flags != rgn->flags && (flags || !MB_FACT(mb, rsrv_kern)))
		rmem_mb_warn(mb, MB_FACT(mb, warn_line_flags), "memblock_add_range");
}

struct add_pass {
	size_t nr_new;
	size_t start_rgn, end_rgn;
	bool inserted;
};

/* Insert one piece at @idx and widen the range of regions the pass touched. */
static void insert_piece(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			 struct add_pass *p, size_t idx, rmem_phys_t base, rmem_phys_t size,
			 int nid, unsigned int flags)
{
	if (!p->inserted)
		p->start_rgn = idx;
	p->inserted = true;
	p->end_rgn = idx + 1;
	insert_region(mb, type, idx, base, size, nid, flags);
}

/*
 * One pass of memblock_add_range(): count (and with @insert, insert) the
 * parts of [@base, @end) no region covers yet.
 */
static void add_pass(struct rmem_memblock *mb, struct rmem_memblock_type *type,
		     rmem_phys_t base, rmem_phys_t end, int nid, unsigned int flags,
		     bool insert, struct add_pass *p)
{
	size_t idx;

	p->nr_new = 0;
	p->inserted = false;
	for (idx = 0; idx < type->cnt; idx++) {
		struct rmem_memblock_region *rgn = &type->regions[idx];
		rmem_phys_t rbase = rgn->base;
		rmem_phys_t rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			warn_mismatch(mb, rgn, nid, flags);
			p->nr_new++;
			if (insert)
				insert_piece(mb, type, p, idx++, base, rbase - base, nid, flags);
		}
		base = rend < end ? rend : end;
	}
	if (base < end) {
		p->nr_new++;
		if (insert)
			insert_piece(mb, type, p, idx, base, end - base, nid, flags);
	}
}

/*
 * memblock_add_range(): count first, grow the array if needed, then
 * insert.  6.1 and 6.12 insert at once when the array could take the worst
 * case (cnt + 1 new regions; 6.1 asks for one slot more than 6.12); 5.10
 * always counts first.  The WARN_ON()s fire in every pass, as the kernel's.
 */
int rmem_mb_add_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
		      rmem_phys_t base, rmem_phys_t size, int nid, unsigned int flags)
{
	rmem_phys_t end = base + rmem_mb_cap_size(mb, base, &size);
	struct add_pass p = { 0 };
	bool insert = false;

	if (rmem_mb_dead(mb))
		return -ENOMEM;
	if (!size)
		return 0;
	if (type->regions[0].size == 0) {
		add_first(mb, type, base, size, nid, flags);
		return 0;
	}
	if (MB_FACT(mb, insert) == RMEM_MB_INSERT_UP_TO_MAX)
		insert = type->cnt * 2 + 1 <= type->max;
	else if (MB_FACT(mb, insert) == RMEM_MB_INSERT_BELOW_MAX)
		insert = type->cnt * 2 + 1 < type->max;

	add_pass(mb, type, base, end, nid, flags, insert, &p);
	if (!p.nr_new)
		return 0;
	if (!insert) {
		while (type->cnt + p.nr_new > type->max)
			if (rmem_mb_double_array(mb, type, base, size) < 0)
				return -ENOMEM;
		add_pass(mb, type, base, end, nid, flags, true, &p);
	}
	rmem_mb_merge_regions(mb, type, p.start_rgn, p.end_rgn);
	return 0;
}

/* Split @rgn (at @idx) at @at: the part below becomes a region of its own at @idx. */
static void split_below(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			size_t idx, rmem_phys_t at)
{
	struct rmem_memblock_region *rgn = &type->regions[idx];
	rmem_phys_t rbase = rgn->base;
	int nid = rmem_mb_region_nid(mb, rgn);
	unsigned int flags = rgn->flags;

	rgn->base = at;
	rgn->size -= at - rbase;
	type->total_size -= at - rbase;
	insert_region(mb, type, idx, rbase, at - rbase, nid, flags);
}

/*
 * memblock_isolate_range(): split the regions crossing the edges of
 * [@base, @base + @size) and return the index range of the regions inside
 * (both 0 when none).  Room for two more regions is made first, so a
 * failure changes nothing.
 */
int rmem_mb_isolate_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			  rmem_phys_t base, rmem_phys_t size, size_t *start_rgn,
			  size_t *end_rgn)
{
	rmem_phys_t end = base + rmem_mb_cap_size(mb, base, &size);
	size_t idx;

	*start_rgn = *end_rgn = 0;
	if (rmem_mb_dead(mb))
		return -ENOMEM;
	if (!size)
		return 0;
	while (type->cnt + 2 > type->max)
		if (rmem_mb_double_array(mb, type, base, size) < 0)
			return -ENOMEM;

	idx = 0;
	while (idx < type->cnt) {
		struct rmem_memblock_region *rgn = &type->regions[idx];
		rmem_phys_t rbase = rgn->base;
		rmem_phys_t rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend > base && rbase >= base && rend > end) {
			/* from above: look at the new bottom half again */
			split_below(mb, type, idx, end);
			continue;
		}
		if (rend > base && rbase < base) {
			/* from below: the top half, now at idx + 1, is next */
			split_below(mb, type, idx, base);
		} else if (rend > base) {
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
		idx++;
	}
	return 0;
}

/* memblock_remove_range() */
int rmem_mb_remove_range(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			 rmem_phys_t base, rmem_phys_t size)
{
	size_t start_rgn, end_rgn;
	int ret;

	ret = rmem_mb_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (size_t i = end_rgn; i > start_rgn; i--)
		rmem_mb_remove_region(mb, type, i - 1);
	return 0;
}

/* memblock_setclr_flag() */
int rmem_mb_setclr_flag(struct rmem_memblock *mb, struct rmem_memblock_type *type,
			rmem_phys_t base, rmem_phys_t size, bool set, unsigned int flag)
{
	size_t start_rgn, end_rgn;
	int ret;

	ret = rmem_mb_isolate_range(mb, type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;
	for (size_t i = start_rgn; i < end_rgn; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	rmem_mb_merge_regions(mb, type, start_rgn, end_rgn);
	return 0;
}
