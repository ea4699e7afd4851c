// SPDX-License-Identifier: GPL-2.0-only
/*
 * The /memreserve/ entries of the header, as early_init_fdt_scan_reserved_mem()
 * walks them (5.10 fdt.c:594, 6.1 fdt.c:639, 6.12 fdt.c:508): fdt_get_mem_rsv()
 * for n = 0, 1, ... until an entry of size 0, whatever its address.  (5.10
 * and 6.1 reserve them before the /reserved-memory nodes, 6.12 after.)
 */
#include <libfdt.h>

#include "fdt/fdt.h"

size_t rmem_fdt_memreserve_count(const struct rmem_fdt *fdt)
{
	uint64_t base, size;
	size_t n = 0;

	/* fdt_check_full() saw the list end within the blob, so this stops */
	while (!fdt_get_mem_rsv(fdt->blob, (int)n, &base, &size) && size)
		n++;
	return n;
}

void rmem_fdt_memreserve(const struct rmem_fdt *fdt, size_t i, uint64_t *base, uint64_t *size)
{
	if (fdt_get_mem_rsv(fdt->blob, (int)i, base, size)) {
		*base = 0;
		*size = 0;
	}
}
