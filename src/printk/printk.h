/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk as the simulated kernel code uses it: the pr_*() helpers that
 * append to the kernel log (include/rmem/log.h, log.c).
 *
 * The bottom layer: it knows the profile and nothing else of rmem, so
 * that every subsystem prints without reaching up to report/.
 */
#ifndef RMEM_PRINTK_H
#define RMEM_PRINTK_H

#include <rmem/log.h>
#include <rmem/profile.h>

/* @ctx: whatever holds the kernel log as its member log (struct rmem_ctx) */
#define pr_err(ctx, ...)	rmem_log_printf(&(ctx)->log, RMEM_LOG_ERR, __VA_ARGS__)
#define pr_warn(ctx, ...)	rmem_log_printf(&(ctx)->log, RMEM_LOG_WARNING, __VA_ARGS__)
#define pr_info(ctx, ...)	rmem_log_printf(&(ctx)->log, RMEM_LOG_INFO, __VA_ARGS__)
#define pr_debug(ctx, ...)	rmem_log_printf(&(ctx)->log, RMEM_LOG_DEBUG, __VA_ARGS__)

#endif /* RMEM_PRINTK_H */
