/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk as the simulated kernel code uses it: the pr_*() helpers that
 * append to the kernel log (include/rmem/log.h, log.c), and the output of
 * vsprintf's kernel-only conversions, which C's printf lacks (format.c).
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

/*
 * pr_debug() of one line ending in '\n', no argument holding a newline, at
 * most RMEM_PR_DEBUG_SHORT characters: not even formatted once the log
 * keeps no more of them (rmem_log_skip_debug()).  For the lines of calls a
 * replay makes a million times.
 */
#define RMEM_PR_DEBUG_SHORT 256
#define pr_debug_line(ctx, ...)                                                        \
	do {                                                                           \
		if (!rmem_log_skip_debug(&(ctx)->log, RMEM_PR_DEBUG_SHORT))              \
			pr_debug(ctx, __VA_ARGS__);                                    \
	} while (0)

#define RMEM_PA_LEN 19		/* "0x", 16 digits and the NUL */

/**
 * rmem_pa_str() - %pa: "0x" and one zero-padded hex digit per 4 bits of a
 * phys_addr_t of @phys_addr_bits bits, as vsprintf prints it whatever the
 * value; @addr is cut to that width, as the kernel's variable would be.
 * Returns @buf, of RMEM_PA_LEN bytes.
 */
const char *rmem_pa_str(char *buf, unsigned int phys_addr_bits, rmem_phys_t addr);

/*
 * %pa for "%s": rmem_pa() for the kernel of profile @p, rmem_pa_bits() for
 * a phys_addr_t of @bits bits.  The string lasts to the end of the
 * enclosing block, which is enough for the printf-style call it is passed to.
 */
#define rmem_pa_bits(bits, addr) rmem_pa_str((char[RMEM_PA_LEN]){ 0 }, (bits), (addr))
#define rmem_pa(p, addr) rmem_pa_bits((p)->phys_addr_bits, (addr))

/**
 * rmem_ptr_str() - %p of a pointer in early boot: the kernel hashes
 * pointers, and until its random pool is ready prints a placeholder as
 * wide as one (rmem cannot reproduce the hash, so it always does); a NULL
 * pointer (@null) shows as zeros of that width.
 */
const char *rmem_ptr_str(const struct rmem_profile *p, bool null);

/**
 * rmem_size_str() - @size in its largest whole unit: "64 MiB", "20 KiB",
 * "100 bytes", for rmem's own words about sizes (records, advice).
 * Returns @buf.
 */
const char *rmem_size_str(char *buf, size_t len, uint64_t size);

#endif /* RMEM_PRINTK_H */
