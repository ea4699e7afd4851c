/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem sim --ftrace: a board's capture of the kernel's own trace events
 * (the text of tracefs's "trace" file, or of `trace-cmd report`) as the
 * input of a replay.  The cma events (cma_alloc_finish, cma_release, and
 * 5.10's cma_alloc) and, where the kernel has them, the dma events
 * (dma_alloc, dma_free) become trace events (docs/trace-format.md) on the
 * board's devices and areas; the addresses the board got serve only to
 * pair each free or release with its allocation, and are kept beside each
 * event to be compared with the model's (drift).  See docs/sim.md, "Real
 * captures: --ftrace".
 */
#ifndef RMEM_SIM_FTRACE_H
#define RMEM_SIM_FTRACE_H

#include <rmem/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

enum rmem_sim_capture_kind {
	RMEM_SIM_CAP_CMA_ALLOC,		/* cma_alloc_finish; 5.10: cma_alloc */
	RMEM_SIM_CAP_CMA_RELEASE,	/* cma_release */
	RMEM_SIM_CAP_DMA_ALLOC,		/* dma_alloc (dma_alloc_attrs()) */
	RMEM_SIM_CAP_DMA_FREE,		/* dma_free */
	RMEM_SIM_CAP_OTHER,		/* another dma event: replays nothing (other cma events: no record) */
};

/* One event line of a capture. */
struct rmem_sim_capture_record {
	unsigned int line;
	enum rmem_sim_capture_kind kind;
	char event[32];			/* the kernel's event name, "cma_alloc_finish" */
	char task[64];			/* TASK-PID: an allocation's inner cma events share it */
	char name[RMEM_SIM_MAX_WORD];	/* cma: the area ("" on 5.10); dma: the device's name */
	uint64_t count;			/* cma: pages; dma: bytes */
	unsigned int align;		/* CMA_ALLOC: an order */
	uint64_t addr;			/* cma: the pfn; dma: dma_addr */
	bool has_addr;
	bool failed;			/* an allocation the board did not get */
	bool atomic;			/* DMA_ALLOC: gfp flags without direct reclaim */
};

/* What the board got, beside each event of the replay. */
struct rmem_sim_seen {
	const char *event;		/* the record's event name */
	bool failed;
	bool has_addr;
	uint64_t addr;			/* dma_addr, or the pfn's physical address */
	char via[RMEM_SIM_MAX_WORD];	/* DMA_ALLOC: the CMA area its own cma events named */
	bool inferred;			/* a free the capture lacks, inferred from its address's reuse */
};

struct rmem_sim_capture_note {
	unsigned int line;
	char msg[240];
};

struct rmem_sim_capture {
	char *file;
	struct rmem_sim_capture_record *rec;
	size_t nr_rec, cap_rec;
	/* rmem_sim_capture_fit()'s: the events to replay, and per event the board's */
	struct rmem_sim_trace trace;
	struct rmem_sim_seen *seen;
	/* lines not replayed, and why ("CAPTURE:LINE: msg") */
	struct rmem_sim_capture_note *notes;
	size_t nr_notes, cap_notes;
};

/**
 * rmem_sim_capture_parse() - read @len bytes of capture text named @file
 * into @c's records.  Lines that are no event of the cma or dma group
 * (headers, other events) are skipped; an event of those groups whose
 * fields do not read becomes a note.
 * Returns 0 (also for an empty capture: its header alone); -EINVAL (a NUL
 * byte: not a text capture; neither an event line nor a header), "FILE:
 * reason" in @err; -ENOMEM.
 */
RMEM_API
int rmem_sim_capture_parse(const char *file, const char *text, size_t len,
			   struct rmem_sim_capture *c, char *err, size_t errlen);

/**
 * rmem_sim_capture_load() - the same on the file @path.
 * Returns as above; -errno when the file cannot be read ("PATH: reason");
 * -EFBIG (over RMEM_SIM_TRACE_MAX_FILE bytes).
 */
RMEM_API
int rmem_sim_capture_load(const char *path, struct rmem_sim_capture *c, char *err,
			  size_t errlen);

/**
 * rmem_sim_capture_fit() - make @c's trace for the board booted in @ctx:
 * each device name mapped to its node (path, node name, or the kernel's
 * platform device name "ADDR.NAME"), each area to the kernel's area; a
 * dma_alloc's own cma events folded into it; each free paired with its
 * allocation by address.  An event that cannot be mapped or paired gets a
 * note and is left out.
 * Returns 0; -ENOMEM.
 */
RMEM_API
int rmem_sim_capture_fit(struct rmem_ctx *ctx, struct rmem_sim_capture *c);

RMEM_API
void rmem_sim_capture_release(struct rmem_sim_capture *c);

/**
 * rmem_sim_capture_drift() - whether result @r of event @i differs from what
 * the board got: a different address, or success on one side only.  An
 * address the model does not predict (atomic pools, page allocator) is no
 * drift.
 */
RMEM_API
bool rmem_sim_capture_drift(const struct rmem_sim_capture *c, size_t i,
			    const struct rmem_sim_result *r);

/**
 * rmem_sim_set_capture() - the replay @sim runs is @c's trace: the output
 * (text and JSON) then shows the board's side beside each result, the
 * notes and the drift.  @c must outlive @sim.
 */
RMEM_API
void rmem_sim_set_capture(struct rmem_sim *sim, const struct rmem_sim_capture *c);

/** The capture rmem_sim_set_capture() gave @sim, or NULL. */
RMEM_API
const struct rmem_sim_capture *rmem_sim_get_capture(const struct rmem_sim *sim);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_SIM_FTRACE_H */
