/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the simulated kernel's boot ends: it would oops or panic.  The
 * first reason is kept, in words for the user; the boot stops at its next
 * step.
 */
#ifndef RMEM_PRINTK_PANIC_H
#define RMEM_PRINTK_PANIC_H

#include <stdarg.h>

struct rmem_panic {
	char reason[256];	/* "" while the kernel runs */
};

void rmem_panic_vrecord(struct rmem_panic *panic, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void rmem_panic_record(struct rmem_panic *panic, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Why the kernel crashed, or NULL. */
const char *rmem_panic_reason(const struct rmem_panic *panic);

#endif /* RMEM_PRINTK_PANIC_H */
