// SPDX-License-Identifier: GPL-2.0-only
/*
 * What /sys/kernel/debug/cma/ shows of an area (mm/cma_debug.c), and the
 * free-run summary cma_alloc() logs when it fails (cma_debug_show_areas()).
 *
 * The bitmap is read under cma->lock, as cma_used_get() and
 * cma_maxchunk_get() read it (5.10 cma_debug.c:39 and :56, a mutex; 6.1
 * and 6.12 the same lines, a spinlock) and cma_debug_show_areas() (5.10
 * mm/cma.c:380, 6.1 :389, 6.12 :388).  The kernel's "bitmap" file reads
 * it unlocked (debugfs_create_u32_array()); rmem locks there too, so that
 * a reader never sees a half-updated word.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lib/bitmap.h"

/* cma_used_get(): the set bits, in pages; 7.2 the pages handed out */
static unsigned long cma_used_pages(const struct rmem_cma *cma)
{
	if (CMA_FACT(cma->ctx, memranges))
		return cma->count - cma->available_count;
	if (!cma->bitmap)
		return 0;
	return rmem_bitmap_weight(cma->bitmap, rmem_cma_bitmap_maxno(cma)) << cma->order_per_bit;
}

/* cma_maxchunk_get(): the longest run of clear bits, in pages */
static unsigned long cma_maxchunk_pages(const struct rmem_cma *cma)
{
	unsigned long maxno = rmem_cma_bitmap_maxno(cma);
	unsigned long start, end = 0, maxchunk = 0;

	if (!cma->bitmap)
		return 0;
	for (;;) {
		start = rmem_find_next_zero_bit(cma->bitmap, maxno, end);
		if (start >= maxno)
			break;
		end = rmem_find_next_bit(cma->bitmap, maxno, start);
		if (end - start > maxchunk)
			maxchunk = end - start;
	}
	return maxchunk << cma->order_per_bit;
}

/* The directory: 5.10 names it "cma-NAME" in a 16-byte buffer (mm/cma_debug.c:168). */
static void cma_debugfs_dir(const struct rmem_cma *cma, char *dir)
{
	size_t n = strlen(cma->name);

	if (CMA_FACT(cma->ctx, debugfs_short_dir)) {
		/* scnprintf() into char[16]: "cma-" and 11 characters at most */
		if (n > 11)
			n = 11;
		memcpy(dir, "cma-", 4);
		memcpy(dir + 4, cma->name, n);
		dir[4 + n] = '\0';
		return;
	}
	memcpy(dir, cma->name, n + 1);
}

void rmem_cma_get_stat(const struct rmem_cma *cma, struct rmem_cma_stat *st)
{
	memset(st, 0, sizeof(*st));
	cma_debugfs_dir(cma, st->debugfs_dir);
	st->base_pfn = cma->base_pfn;
	st->count = cma->count;
	st->order_per_bit = cma->order_per_bit;
	rmem_cma_lock(cma);
	st->used = cma_used_pages(cma);
	st->maxchunk = cma_maxchunk_pages(cma);
	rmem_cma_unlock(cma);
	st->active = cma->bitmap && cma->count;
	st->pages_to_buddy = cma->pages_to_buddy;
	rmem_cma_sysfs_stat(cma, st);
}

/* u32 word @i of the bitmap as a little-endian kernel lays it out. */
static uint32_t cma_bitmap_u32(const unsigned long *map, size_t i)
{
	size_t per_long = RMEM_BITS_PER_LONG / 32;

	return (uint32_t)(map[i / per_long] >> (32 * (i % per_long)));
}

size_t rmem_cma_bitmap_show(const struct rmem_cma *cma, char *buf, size_t len)
{
	size_t n_elements = (rmem_cma_bitmap_maxno(cma) + 31) / 32;
	size_t need = 0;

	if (len)
		buf[0] = '\0';
	if (!cma->bitmap)
		n_elements = 0;
	rmem_cma_lock(cma);
	/* u32_format_array(): "%u" and ' ', the last one '\n' */
	for (size_t i = 0; i < n_elements; i++) {
		char term = i + 1 < n_elements ? ' ' : '\n';
		int n = snprintf(need < len ? buf + need : NULL, need < len ? len - need : 0,
				 "%u%c", cma_bitmap_u32(cma->bitmap, i), term);

		need += (size_t)n;
	}
	rmem_cma_unlock(cma);
	return need;
}

/* The free runs of @cma's bitmap (lock held): *@nr of them, into @runs when not NULL. */
static void cma_free_runs_walk(const struct rmem_cma *cma, struct rmem_cma_run *runs, size_t *nr)
{
	unsigned long maxno = rmem_cma_bitmap_maxno(cma), zero, set;

	*nr = 0;
	for (unsigned long start = 0;; start = set) {
		zero = rmem_find_next_zero_bit(cma->bitmap, maxno, start);
		if (zero >= maxno)
			break;
		set = rmem_find_next_bit(cma->bitmap, maxno, zero);
		if (runs)
			runs[*nr] = (struct rmem_cma_run){ zero << cma->order_per_bit,
							   (set - zero) << cma->order_per_bit };
		(*nr)++;
	}
}

int rmem_cma_free_runs(const struct rmem_cma *cma, struct rmem_cma_run **runs, size_t *nr)
{
	int ret = 0;

	*runs = NULL;
	*nr = 0;
	if (!cma->bitmap)
		return 0;
	rmem_cma_lock(cma);
	cma_free_runs_walk(cma, NULL, nr);
	if (*nr) {
		*runs = malloc(*nr * sizeof(**runs));
		if (*runs)
			cma_free_runs_walk(cma, *runs, nr);
		else
			ret = -ENOMEM;
	}
	rmem_cma_unlock(cma);
	if (ret)
		*nr = 0;
	return ret;
}

/*
 * cma_debug_show_areas() prints one pr_info() and one pr_cont() per free
 * run.  printk's records hold about 1 KiB (rmem_log_cont()), so a bitmap
 * with many runs makes a first line and further ones, which the console
 * prints as lines of their own.  The pieces that share a record are held
 * here and logged together.  When the log keeps no more lines, the records
 * are only counted, once per state of the bitmap.
 */
struct show_state {
	struct rmem_log *log;
	bool keep;		/* logged, or only counted */
	size_t rec_len;		/* the newest record, held pieces included */
	size_t lines;		/* records made */
	size_t held;
	char buf[2048];
};

static void show_flush(struct show_state *sa)
{
	if (sa->held)
		rmem_log_cont(sa->log, "%.*s", (int)sa->held, sa->buf);
	sa->held = 0;
}

/* One pr_cont() of @len characters, @nl: ending with the newline. */
static void show_piece(struct show_state *sa, const char *text, size_t len, bool nl)
{
	size_t max = sa->log->record_max;

	if (!rmem_log_cont_fits(sa->log, sa->rec_len, len)) {
		/* prb_reserve_in_last() refuses: the piece begins a record */
		if (sa->keep)
			show_flush(sa);
		sa->lines++;
		sa->rec_len = 0;
		if (max && len > max) {
			len = max;
			nl = false;
		}
	} else if (sa->keep && sa->held + len > sizeof(sa->buf)) {
		/* no cut (record_max 0): the record grows without end */
		show_flush(sa);
	}
	if (sa->keep) {
		memcpy(sa->buf + sa->held, text, len);
		sa->held += len;
	}
	sa->rec_len += len - nl;
}

/*
 * The pieces, the bitmap locked: "PAGES@BIT" (a page count, but the bit
 * number where the run starts), joined by '+', then "=> N free of M total
 * pages" with no space before it.
 */
static void show_runs(const struct rmem_cma *cma, struct show_state *sa)
{
	unsigned long nbits = rmem_cma_bitmap_maxno(cma);
	unsigned long start = 0, zero, set, nr_total = 0;
	char piece[64];
	int n;

	for (;;) {
		unsigned long nr_part;

		zero = rmem_find_next_zero_bit(cma->bitmap, nbits, start);
		if (zero >= nbits)
			break;
		set = rmem_find_next_bit(cma->bitmap, nbits, zero);
		nr_part = (set - zero) << cma->order_per_bit;
		n = snprintf(piece, sizeof(piece), "%s%lu@%lu", nr_total ? "+" : "", nr_part, zero);
		show_piece(sa, piece, (size_t)n, false);
		nr_total += nr_part;
		start = set;
	}
	n = snprintf(piece, sizeof(piece), "=> %lu free of %lu total pages\n", nr_total,
		     cma->count);
	show_piece(sa, piece, (size_t)n, true);
	if (sa->keep)
		show_flush(sa);
}

/*
 * 7.2's: the head, then a record per range, "range %d: " and its runs, a
 * '+' before every run but one starting at bit 0; an empty "cma: " record;
 * the total, of available_count, as a continuation after a newline: a
 * record of its own, with no prefix.
 */
static void show_ranges(const struct rmem_cma *cma, struct show_state *sa)
{
	unsigned long nbits = rmem_cma_bitmap_maxno(cma), zero, set;
	char piece[64];
	int n;

	if (sa->keep)
		pr_info(cma->ctx, "cma: range 0: ");
	sa->lines++;
	sa->rec_len = sizeof("cma: range 0: ") - 1;
	for (unsigned long start = 0;; start = set) {
		zero = rmem_find_next_zero_bit(cma->bitmap, nbits, start);
		if (zero >= nbits)
			break;
		set = rmem_find_next_bit(cma->bitmap, nbits, zero);
		n = snprintf(piece, sizeof(piece), "%s%lu@%lu", zero ? "+" : "",
			     (set - zero) << cma->order_per_bit, zero);
		show_piece(sa, piece, (size_t)n, false);
	}
	if (sa->keep) {
		show_flush(sa);
		pr_info(cma->ctx, "cma: \n");
		rmem_log_cont(sa->log, "=> %lu free of %lu total pages\n", cma->available_count,
			      cma->count);
	}
	sa->lines += 2;
}

static void show_areas(const struct rmem_cma *cma, struct show_state *sa)
{
	if (CMA_FACT(cma->ctx, memranges))
		show_ranges(cma, sa);
	else
		show_runs(cma, sa);
}

void rmem_cma_debug_show_areas(struct rmem_cma *cma)
{
	static const char head[] = "cma: number of available pages: ";
	struct rmem_log *log = &cma->ctx->log;
	struct show_state sa = {
		.log = log, .keep = rmem_log_keeps(log, RMEM_LOG_INFO),
		.rec_len = sizeof(head) - 1, .lines = 1,
	};

	rmem_cma_lock(cma);
	if (sa.keep) {
		pr_info(cma->ctx, "%s", head);
		show_areas(cma, &sa);
	} else if (cma->show_areas.valid) {
		sa.lines = cma->show_areas.lines;
	} else {
		show_areas(cma, &sa);
	}
	cma->show_areas.valid = true;
	cma->show_areas.lines = sa.lines;
	rmem_cma_unlock(cma);
	if (!sa.keep)
		rmem_log_drop(log, RMEM_LOG_INFO, sa.lines);
}
