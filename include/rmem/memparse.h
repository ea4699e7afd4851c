/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memparse(): the kernel's way of reading a size from the command line
 * (lib/cmdline.c): a number in C notation (decimal, 0x hex, 0 octal) and an
 * optional suffix K, M, G, T, P or E (either case), each a shift by 10 more.
 */
#ifndef RMEM_MEMPARSE_H
#define RMEM_MEMPARSE_H

#include <rmem/types.h>

/**
 * rmem_memparse() - parse a size exactly as the kernel's memparse() does.
 * @s:   the text; parsing stops at the first character that does not belong
 * @end: if not NULL, receives where parsing stopped (the kernel's retptr)
 * @val: receives the value the kernel computes
 *
 * The kernel never fails here: text without digits is 0 and stops at once,
 * and a value too large for 64 bits silently wraps.  rmem reproduces that
 * value in *@val and tells the caller about the wrap.
 *
 * Returns 0, or -ERANGE when the digits or the suffix shift overflowed 64
 * bits (*@val and *@end are still what the kernel gets).
 */
int rmem_memparse(const char *s, const char **end, uint64_t *val);

#endif /* RMEM_MEMPARSE_H */
