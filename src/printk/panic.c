// SPDX-License-Identifier: GPL-2.0-only
/*
 * The crash record: what ends the simulated boot.
 */
#include <stdio.h>

#include "printk/panic.h"

void rmem_panic_vrecord(struct rmem_panic *panic, const char *fmt, va_list ap)
{
	if (!panic->reason[0])
		vsnprintf(panic->reason, sizeof(panic->reason), fmt, ap);
}

void rmem_panic_record(struct rmem_panic *panic, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rmem_panic_vrecord(panic, fmt, ap);
	va_end(ap);
}

const char *rmem_panic_reason(const struct rmem_panic *panic)
{
	return panic->reason[0] ? panic->reason : NULL;
}
