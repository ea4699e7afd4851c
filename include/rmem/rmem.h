/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem: Linux's boot-time reserved-memory, CMA and DMA-coherent allocators,
 * in user space, with the behaviour of a chosen kernel version.
 *
 * Every function that can fail returns 0 or a negative errno, as the kernel
 * does, unless its comment says otherwise (memblock allocations return 0 for
 * failure, as the kernel's do).
 */
#ifndef RMEM_RMEM_H
#define RMEM_RMEM_H

#include <rmem/api.h>
#include <rmem/types.h>
#include <rmem/log.h>
#include <rmem/profile.h>
#include <rmem/memparse.h>
#include <rmem/cmdline.h>
#include <rmem/memblock.h>
#include <rmem/ctx.h>
#include <rmem/cma.h>
#include <rmem/coherent.h>
#include <rmem/reserved_mem.h>
#include <rmem/contiguous.h>
#include <rmem/device.h>
#include <rmem/dt.h>
#include <rmem/plan.h>
#include <rmem/bootchain.h>
#include <rmem/check.h>
#include <rmem/report.h>
#include <rmem/sim.h>
#include <rmem/sim_ftrace.h>
#include <rmem/diff.h>
#include <rmem/inspect.h>

#ifdef __cplusplus
extern "C" {
#endif

/** rmem_version() - the library's version, "MAJOR.MINOR.PATCH"; cannot fail. */
RMEM_API
const char *rmem_version(void);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_RMEM_H */
