// SPDX-License-Identifier: GPL-2.0-only
/*
 * What vsprintf's kernel-only conversions print: each written once, so
 * that a line printed by two subsystems cannot come out differently.
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
