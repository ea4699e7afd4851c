/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef RMEM_PLAN_INTERNAL_H
#define RMEM_PLAN_INTERNAL_H

struct rmem_ctx;

/*
 * RMEM_LOG_ADVICE lines for devices whose memory-region cannot work (a
 * phandle no node has, a node outside /reserved-memory, a device nested too
 * deep for the kernel to create it).
 */
void rmem_plan_advise_devices(struct rmem_ctx *ctx);

#endif /* RMEM_PLAN_INTERNAL_H */
