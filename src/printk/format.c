// SPDX-License-Identifier: GPL-2.0-only
/*
 * What vsprintf's kernel-only conversions print, and rmem's size wording:
 * each written once, so that a line printed by two subsystems cannot come
 * out differently.
 */
#include <stdio.h>

#include "printk/printk.h"

const char *rmem_pa_str(char *buf, unsigned int phys_addr_bits, rmem_phys_t addr)
{
	int digits = (int)(phys_addr_bits / 4);

	if (phys_addr_bits < 64)
		addr &= ((rmem_phys_t)1 << phys_addr_bits) - 1;
	snprintf(buf, RMEM_PA_LEN, "0x%0*llx", digits, (unsigned long long)addr);
	return buf;
}

const char *rmem_ptr_str(const struct rmem_profile *p, bool null)
{
	if (p->bits_per_long == 32)
		return null ? "00000000" : "(ptrval)";
	return null ? "0000000000000000" : "(____ptrval____)";
}

const char *rmem_size_str(char *buf, size_t len, uint64_t size)
{
	const uint64_t kib = 1024, mib = kib * kib, gib = mib * kib;

	if (size && !(size % gib))
		snprintf(buf, len, "%llu GiB", (unsigned long long)(size / gib));
	else if (size && !(size % mib))
		snprintf(buf, len, "%llu MiB", (unsigned long long)(size / mib));
	else if (size && !(size % kib))
		snprintf(buf, len, "%llu KiB", (unsigned long long)(size / kib));
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)size);
	return buf;
}
