/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memparse(): the kernel's way of reading a size from the command line
 * (lib/cmdline.c): a number in C notation (decimal, 0x hex, 0 octal) and an
 * optional suffix K, M, G, T, P or E (either case), each a shift by 10 more.
 */
#ifndef RMEM_MEMPARSE_H
#define RMEM_MEMPARSE_H

#include <rmem/api.h>
#include <rmem/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * rmem_memparse() - parse a size exactly as the kernel's memparse() does.
 * @s:   the text; parsing stops at the first character that does not belong
 * @end: if not NULL, receives where parsing stopped (the kernel's retptr):
 *       just after the suffix when there is one
 * @val: if not NULL, receives the value the kernel computes
 *
 * The number is simple_strtoull(@s, .., 0)'s: "0x" followed by a hex digit
 * is hex, another leading '0' is octal (so "0x" alone reads as 0 and stops
 * at the 'x'), anything else decimal; no sign and no leading blank is read
 * ("-64M" and "+64M" are 0, stopping at the sign).  A suffix K, M, G, T, P
 * or E (either case) right after the digits multiplies by 2^10 .. 2^60,
 * even after no digit at all ("M" alone is 0, ending after the 'M').
 *
 * The kernel never fails here: text without digits is 0 and stops at once,
 * and a value too large for 64 bits silently wraps.  rmem reproduces that
 * value in *@val and tells the caller about the wrap.
 *
 * Returns 0, or -ERANGE when the digits or the suffix shift overflowed 64
 * bits (*@val and *@end are still what the kernel gets), or -EINVAL when @s
 * is NULL (the kernel would dereference it; nothing is stored).
 */
RMEM_API
int rmem_memparse(const char *s, const char **end, uint64_t *val);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_MEMPARSE_H */
