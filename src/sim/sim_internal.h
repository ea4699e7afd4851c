/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulator's state, shared by the checks (sim.c), the replay
 * (usage.c) and the words of each result (format.c); report/ renders them.
 */
#ifndef RMEM_SIM_INTERNAL_H
#define RMEM_SIM_INTERNAL_H

#include <rmem/sim.h>

#define SIM_MAX_BUSY 8

struct sim_dev {
	char path[256];			/* the node's full path; a virtual device's name */
	const char *alias;		/* the first other name of it in the trace, or NULL */
	struct rmem_device dev;
	bool has_region;		/* a memory-region property: the driver inits in probe */
	bool virtual;			/* a virtual line's, tied to no node */
	unsigned int line;		/* virtual: the line that declared it */
	bool inited;			/* an init line (or the implicit one) ran */
};

struct sim_area {
	struct rmem_cma *cma;
	rmem_pfn_t base_pfn;
	unsigned long count;
	unsigned int *pins;		/* per page: how many pins hold it */
	unsigned long nr_pinned;	/* pages with a pin: none spares the range hook its walk */
};

/*
 * What the replay keeps of an event beyond its result: its allocation for
 * the free, and what its words need (format.c).  Small, as there is one
 * per event: a device allocation's own record lives in sim->dma.
 */
struct sim_note {
	union {
		rmem_pfn_t pfn;		/* CMA_ALLOC: the first page; UNPIN refused: the page not pinned */
		size_t dma;		/* ALLOC: its index in sim->dma */
		uint64_t mask;		/* MASK, VIRTUAL: the coherent mask after the event */
	};
	const struct rmem_reserved_mem *assigned;	/* INIT: the region assigned, or NULL */
	const char *assigned_to;	/* INIT: the CMA area or pool the device got, or "none" */
	bool ok;			/* ALLOC, CMA_ALLOC: it succeeded */
};

/* The pinned pages an event met (few events meet any): sim->busy_log. */
struct sim_busy {
	size_t ev;
	size_t nr;
	rmem_pfn_t pfn[SIM_MAX_BUSY];
};

/* Tags to their latest alloc event (tags.c); the table has room for all. */
struct sim_tags {
	long *slot;			/* event indexes, -1 for an empty slot */
	size_t mask;
};

int sim_tags_init(struct sim_tags *tags, size_t entries);
void sim_tags_release(struct sim_tags *tags);
/** The latest alloc event set for @tag, or -1. */
long sim_tags_find(const struct sim_tags *tags, const struct rmem_sim_trace *t, const char *tag);
/** Alloc event @ev is now the latest for its tag. */
void sim_tags_set(struct sim_tags *tags, const struct rmem_sim_trace *t, size_t ev);

struct rmem_sim {
	struct rmem_ctx *ctx;
	const struct rmem_sim_trace *trace;
	struct sim_dev *devs;
	size_t nr_devs, cap_devs;
	struct sim_area *areas;
	size_t nr_areas;
	/* per event */
	int *target;			/* device or area index */
	long *ref;			/* FREE, CMA_RELEASE: the alloc event */
	unsigned int *freed_at;		/* ALLOC, CMA_ALLOC: the line that freed it */
	struct sim_tags tags;		/* while checking: each tag's latest alloc event */
	struct sim_note *notes;
	struct rmem_sim_result *results;
	size_t nr_results;
	struct rmem_dma_alloc *dma;	/* per ALLOC event, in trace order */
	size_t nr_dma;
	/* pinned pages the range hook met during the current event */
	rmem_pfn_t busy[SIM_MAX_BUSY];
	size_t nr_busy;
	/* and those of every event that met some, in trace order */
	struct sim_busy *busy_log;
	size_t nr_busy_log, cap_busy_log;
	bool hooked;
	struct rmem_sim_usage *usage;
	size_t nr_usage;
	bool raw_bitmap;		/* the output shows the debugfs bitmap too */
	const struct rmem_sim_capture *capture;	/* --ftrace: the board's side, or NULL */
};

static inline bool sim_on_area(enum rmem_sim_verb v)
{
	return v == RMEM_SIM_CMA_ALLOC || v == RMEM_SIM_CMA_RELEASE || v == RMEM_SIM_PIN ||
	       v == RMEM_SIM_UNPIN;
}

/** Append @e to @t (trace.c; the capture's events too, ftrace_fit.c). Returns 0; -ENOMEM. */
int sim_trace_push(struct rmem_sim_trace *t, const struct rmem_sim_event *e);

struct rmem_sim_capture;
/** A note on capture line @line (ftrace.c). Returns 0; -ENOMEM. */
int sim_capture_note(struct rmem_sim_capture *c, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** The name of the pool @mem: its region's, "default" for the global pool, or "?". */
const char *sim_pool_name(const struct rmem_sim *sim, const struct rmem_dma_coherent_mem *mem);

/** The usage figures after the replay (usage.c). */
int rmem_sim_collect_usage(struct rmem_sim *sim);

#endif /* RMEM_SIM_INTERNAL_H */
