// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/arm/kernel/setup.c arm_add_memory(), the same in 5.10, 6.1 and
 * 6.12, for one mem= bank.  It runs inside early_mem() in the kernel; rmem
 * leaves it to whoever owns the memblock, because it needs PHYS_OFFSET,
 * which the loader decides, not the command line.  The arithmetic is in
 * u64 like the kernel's, wrap-arounds included.
 */
#include <errno.h>

#include "cmdline/early_param.h"

#define ARM_ULONG_MAX ((uint64_t)UINT32_MAX)

/*
 * Without CONFIG_PHYS_ADDR_T_64BIT (LPAE) a bank must end below 4 GiB.
 * Returns false when nothing of it is left.
 */
static bool fit_32bit(struct rmem_log *log, uint64_t start, uint64_t aligned_start,
		      uint64_t *size)
{
	if (aligned_start > ARM_ULONG_MAX) {
		rmem_log_printf(log, RMEM_LOG_CRIT,
				"Ignoring memory at 0x%08llx outside 32-bit physical address space\n",
				(unsigned long long)start);
		return false;
	}
	if (aligned_start + *size > ARM_ULONG_MAX) {
		rmem_log_printf(log, RMEM_LOG_CRIT,
				"Truncating memory at 0x%08llx to fit in 32-bit physical address space\n",
				(unsigned long long)start);
		/* ULONG_MAX, not 4 GiB: the kernel loses a page here */
		*size = ARM_ULONG_MAX - aligned_start;
	}
	return true;
}

int rmem_cmdline_arm_add_memory(const struct rmem_profile *p, rmem_phys_t phys_offset,
				const struct rmem_cmdline_mem_bank *bank,
				struct rmem_log *log, rmem_phys_t *start, rmem_phys_t *size)
{
	uint64_t page = rmem_profile_page_size(p);
	uint64_t base = bank->has_start ? bank->start : phys_offset;
	uint64_t len = bank->size;
	uint64_t aligned = (base + page - 1) & ~(page - 1);	/* PAGE_ALIGN() */

	if (aligned > base + len)
		len = 0;
	else
		len -= aligned - base;
	if (p->phys_addr_bits == 32 && !fit_32bit(log, base, aligned, &len))
		return -EINVAL;
	if (aligned < phys_offset) {
		if (aligned + len <= phys_offset) {
			rmem_log_printf(log, RMEM_LOG_INFO,
					"Ignoring memory below PHYS_OFFSET: 0x%08llx-0x%08llx\n",
					(unsigned long long)aligned,
					(unsigned long long)(aligned + len));
			return -EINVAL;
		}
		rmem_log_printf(log, RMEM_LOG_INFO,
				"Ignoring memory below PHYS_OFFSET: 0x%08llx-0x%08llx\n",
				(unsigned long long)aligned, (unsigned long long)phys_offset);
		len -= phys_offset - aligned;
		aligned = phys_offset;
	}
	/* ~(phys_addr_t)(PAGE_SIZE - 1): a 32-bit mask without LPAE */
	len &= ~(page - 1) & rmem_cmdline_phys_max(p);
	if (!len)
		return -EINVAL;
	*start = aligned;
	*size = len;
	return 0;
}
