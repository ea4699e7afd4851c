// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock's log lines: memblock_dbg() (pr_info() gated by memblock=debug)
 * and the WARN_ON() header lines of mm/memblock.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "memblock/memblock_internal.h"

void rmem_mb_dbg(const struct rmem_memblock *mb, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (!mb->debug || !mb->log || rmem_mb_dead(mb))
		return;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text) {
		mb->log->oom = true;
		return;
	}
	rmem_log_printf(mb->log, RMEM_LOG_INFO, "%s", text);
	free(text);
}

/*
 * "%s: [%pa-%pa] %pS": the end printed is base + size - 1, wrapping for a
 * size of 0 as the kernel's does.
 */
void rmem_mb_dbg_range(const struct rmem_memblock *mb, const char *func,
		       rmem_phys_t base, rmem_phys_t size, const char *caller)
{
	rmem_phys_t end = base + size - 1;

	rmem_mb_dbg(mb, "%s: [%s-%s] %s", func, rmem_pa_bits(mb->phys_addr_bits, base),
		    rmem_pa_bits(mb->phys_addr_bits, end), caller);
}

/*
 * __warn()'s first line; the register and stack dump that follow in the
 * kernel are left out.  @line is the WARN_ON()'s line in that version's
 * mm/memblock.c.
 */
void rmem_mb_warn(const struct rmem_memblock *mb, int line, const char *func)
{
	rmem_log_printf(mb->log, RMEM_LOG_WARNING, "WARNING: CPU: 0 PID: 0 at mm/memblock.c:%d %s",
			line, func);
}
