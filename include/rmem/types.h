/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic types shared by every rmem header.
 *
 * Physical and device addresses are 64 bits wide on every profile: arm64's
 * phys_addr_t is, and so is armhf's with LPAE, which is how Debian builds it.
 */
#ifndef RMEM_TYPES_H
#define RMEM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t rmem_phys_t;	/* phys_addr_t */
typedef uint64_t rmem_dma_t;	/* dma_addr_t */
typedef uint64_t rmem_pfn_t;	/* a page frame number */

#define RMEM_PHYS_MAX UINT64_MAX

#ifdef __cplusplus
}
#endif

#endif /* RMEM_TYPES_H */
