/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef RMEM_PLAN_INTERNAL_H
#define RMEM_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct rmem_ctx;
struct rmem_fdt;

/*
 * RMEM_LOG_ADVICE lines for devices whose memory-region cannot work (a
 * phandle no node has, a node outside /reserved-memory, a device nested too
 * deep for the kernel to create it).
 */
void rmem_plan_advise_devices(struct rmem_ctx *ctx);

/* The children of /reserved-memory in ascending offsets: found once, searched per entry. */
struct rmem_plan_rm_children {
	int *node;
	size_t nr;
};

/* Returns 0 (none without /reserved-memory) or -ENOMEM; free @c->node. */
int rmem_plan_rm_children(const struct rmem_fdt *fdt, struct rmem_plan_rm_children *c);
bool rmem_plan_in_rm(const struct rmem_plan_rm_children *c, int node);

#endif /* RMEM_PLAN_INTERNAL_H */
