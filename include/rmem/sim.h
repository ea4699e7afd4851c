/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem sim: replay a trace of driver calls (docs/trace-format.md) against
 * the layout a simulated boot made, and say per event what the kernel
 * would have answered, then how full and how fragmented each CMA area and
 * each DMA pool ends up.
 *
 * Two kinds of failure, never mixed: a trace rmem cannot read or that
 * makes no sense for the board (an unknown verb, device or area, a tag
 * freed twice) is an input error with "FILE:LINE: reason", found before
 * anything is replayed; whatever the kernel decides (an allocation that
 * fails, a busy range) is a result of its event.
 */
#ifndef RMEM_SIM_H
#define RMEM_SIM_H

#include <stdio.h>

#include <rmem/api.h>
#include <rmem/device.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_sim_verb {
	RMEM_SIM_INIT,			/* DEVICE init [INDEX|NAME] */
	RMEM_SIM_RELEASE,		/* DEVICE release */
	RMEM_SIM_MASK,			/* DEVICE mask BITS */
	RMEM_SIM_ALLOC,			/* DEVICE alloc SIZE [as TAG] [atomic] */
	RMEM_SIM_FREE,			/* DEVICE free TAG */
	RMEM_SIM_CMA_ALLOC,		/* cma AREA alloc COUNT ALIGN [as TAG] */
	RMEM_SIM_CMA_RELEASE,		/* cma AREA release TAG */
	RMEM_SIM_PIN,			/* pin AREA PFN COUNT */
	RMEM_SIM_UNPIN,			/* unpin AREA PFN COUNT */
	RMEM_SIM_VIRTUAL,		/* virtual NAME [coherent|noncoherent] */
};

#define RMEM_SIM_MAX_WORD 128

/* One line of a trace. */
struct rmem_sim_event {
	unsigned int line;
	enum rmem_sim_verb verb;
	char subject[RMEM_SIM_MAX_WORD];	/* DEVICE or AREA; VIRTUAL: NAME */
	char tag[RMEM_SIM_MAX_WORD];	/* ALLOC, CMA_ALLOC: "as" or "L<line>"; FREE, CMA_RELEASE */
	char region[RMEM_SIM_MAX_WORD];	/* INIT by name; "" by index */
	int index;			/* INIT by index (default 0) */
	uint64_t size;			/* ALLOC bytes; CMA_ALLOC, PIN, UNPIN pages; MASK bits */
	unsigned int align;		/* CMA_ALLOC: an order */
	uint64_t pfn;			/* PIN, UNPIN: the first page frame (absolute) */
	bool atomic;			/* ALLOC */
	int coherence;			/* VIRTUAL: 1 coherent, -1 noncoherent, 0 the arch's default */
};

struct rmem_sim_trace {
	char *file;			/* the name messages give */
	struct rmem_sim_event *ev;
	size_t nr, cap;
};

/**
 * rmem_sim_trace_parse() - read @len bytes of trace text named @file.
 * @err: receives "FILE:LINE: reason" on failure
 * Returns 0 and @t (release it with rmem_sim_trace_release()); -EINVAL (a
 * line rmem cannot read: unknown verb, missing, extra or malformed field,
 * a number not wholly consumed or overflowing, a word too long, a NUL
 * byte); -ENOMEM.
 */
RMEM_API
int rmem_sim_trace_parse(const char *file, const char *text, size_t len,
			 struct rmem_sim_trace *t, char *err, size_t errlen);

/* The largest trace file rmem reads: some 2.5 million events. */
#define RMEM_SIM_TRACE_MAX_FILE (64u << 20)

/**
 * rmem_sim_trace_load() - the same on the file @path.
 * Returns as above; -errno when the file cannot be read ("PATH: reason":
 * -ENOENT, -EACCES, -EISDIR, -EIO, ...); -EFBIG (over
 * RMEM_SIM_TRACE_MAX_FILE bytes).
 */
RMEM_API
int rmem_sim_trace_load(const char *path, struct rmem_sim_trace *t, char *err, size_t errlen);

RMEM_API
void rmem_sim_trace_release(struct rmem_sim_trace *t);

/* The AREA that names the default CMA area, whatever the kernel calls it. */
#define RMEM_SIM_DEFAULT_AREA "default"

/**
 * rmem_sim_trace_follow_default() - rename to "default" every AREA of @t
 * that names the default CMA area of the board booted in @ctx ("linux,cma"
 * from the device tree, "reserved" from cma= or the kernel config), so
 * that @t still names it on a boot where it has another name (a cma=
 * appended, as --min-cma does).
 * Returns how many events were renamed.
 */
RMEM_API
int rmem_sim_trace_follow_default(struct rmem_ctx *ctx, struct rmem_sim_trace *t);

/** Whether an AREA of @t is "default". */
RMEM_API
bool rmem_sim_trace_names_default(const struct rmem_sim_trace *t);

struct rmem_sim;

/* What one event got. */
struct rmem_sim_result {
	const struct rmem_sim_event *ev;
	int err;			/* 0, or the kernel's error */
	int init_err;			/* ALLOC: the implicit init's error (it ran first), or 0 */
	/* ALLOC, CMA_ALLOC: who answered; FREE, CMA_RELEASE: who gave it (NONE: nothing) */
	enum rmem_dma_source src;
	bool has_addr;			/* addr is known (not for the atomic pools, the page allocator) */
	uint64_t addr;			/* the buffer's (device = physical) address */
	const char *area;		/* the pool's or CMA area's name (the context's), or NULL */
	size_t log_first, log_end;	/* the kernel's lines during the event */
	size_t log_dropped;		/* and those not kept (past the log's bound), pr_debug() aside */
};

/* What an area or a pool looks like after the replay. */
struct rmem_sim_usage {
	char kind[8];			/* "cma" or "pool" */
	char name[RMEM_CMA_MAX_NAME];
	rmem_phys_t base;
	unsigned long pages, used, free, largest_free;
	double fragmentation;		/* 1 - largest_free / free; 0 when nothing is free */
	unsigned int order_per_bit;	/* CMA: a bitmap bit covers 2^order_per_bit pages; pool: 0 */
	struct rmem_cma_run *free_runs;	/* the free runs, lowest first, in pages from base */
	size_t nr_free_runs;
	char *bitmap;			/* CMA: rmem_cma_bitmap_show(); NULL for a pool */
};

/**
 * rmem_sim_create() - check @t against the board booted in @ctx: every
 * device and area named, every tag.  @ctx and @t must outlive the result.
 * @err: receives "FILE:LINE: reason" on failure
 * Returns 0 and *@sim; -EINVAL (the trace does not fit the board);
 * -ENOMEM.
 */
RMEM_API
int rmem_sim_create(struct rmem_ctx *ctx, const struct rmem_sim_trace *t,
		    struct rmem_sim **sim, char *err, size_t errlen);

/**
 * rmem_sim_run() - replay every event, in order.  Installs the simulator's
 * CMA range hook (pinned pages) on the context.
 * Returns 0; -ENOMEM.
 */
RMEM_API
int rmem_sim_run(struct rmem_sim *sim);

RMEM_API
size_t rmem_sim_result_count(const struct rmem_sim *sim);
RMEM_API
const struct rmem_sim_result *rmem_sim_result_at(const struct rmem_sim *sim, size_t i);

/* Room for any result's words, with their NUL. */
#define RMEM_SIM_TEXT_MAX 1024

/**
 * rmem_sim_result_format() - result @i in words, as the text output shows
 * it: "0x50000000 cma camera@50000000", or the kernel's error and why.
 * Made on demand (a replay of a million events keeps no text): @buf gets
 * at most @len bytes, NUL included, cut as snprintf() cuts; a buffer of
 * RMEM_SIM_TEXT_MAX bytes holds any result.
 * Returns the length of the whole text (as snprintf()); -ERANGE when @i
 * is not an event replayed (@buf, when @len, gets "").
 */
RMEM_API
int rmem_sim_result_format(const struct rmem_sim *sim, size_t i, char *buf, size_t len);

/** The context the replay runs on, the trace it replays. */
RMEM_API
const struct rmem_ctx *rmem_sim_ctx(const struct rmem_sim *sim);
RMEM_API
const struct rmem_sim_trace *rmem_sim_trace(const struct rmem_sim *sim);
/** Whether rmem_sim_show_bitmap() asked for the raw bitmap. */
RMEM_API
bool rmem_sim_bitmap_shown(const struct rmem_sim *sim);

/** The CMA areas in declaration order, then the pools made; NULL past the end. */
RMEM_API
size_t rmem_sim_usage_count(const struct rmem_sim *sim);
RMEM_API
const struct rmem_sim_usage *rmem_sim_usage_at(const struct rmem_sim *sim, size_t i);

/** The device named @name (path, or unique node name) as the replay left it; NULL when none. */
RMEM_API
const struct rmem_device *rmem_sim_device(const struct rmem_sim *sim, const char *name);

RMEM_API
void rmem_sim_destroy(struct rmem_sim *sim);

/**
 * rmem_sim_show_bitmap() - whether the output shows each CMA area's raw
 * debugfs bitmap too (text: the words; JSON: "bitmap" as numbers); off by
 * default: the runs say the same in far fewer lines.
 */
RMEM_API
void rmem_sim_show_bitmap(struct rmem_sim *sim, bool on);

/** "alloc", "cma alloc", ...: the verb as the trace writes it ("?" for none). */
RMEM_API
const char *rmem_sim_verb_name(enum rmem_sim_verb verb);

/**
 * rmem_sim_failures() - how many events failed after rmem_sim_run(): an
 * error of the event or of the implicit init before an alloc.
 */
RMEM_API
size_t rmem_sim_failures(const struct rmem_sim *sim);

/** "-ENOMEM" for -ENOMEM: the kernel's name of an error. */
RMEM_API
const char *rmem_sim_errname(int err);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_SIM_H */
