// SPDX-License-Identifier: GPL-2.0-only
/*
 * mem=: one name, three meanings.
 *
 * arm64 (arch/arm64/mm/init.c early_mem(), 5.10 .. 6.12): an amount of
 * RAM, rounded down to a page; memblock_mem_limit_remove_map() later keeps
 * that many bytes from the bottom.  A word without '=' is "Malformed".
 *
 * riscv (arch/riscv/mm/init.c early_mem(), 6.12): the same amount, but
 * the lowest of all the mem= given wins, not the last, and
 * memblock_enforce_memory_limit() applies it.  Its starting value,
 * KERN_VIRT_SIZE, depends on the MMU mode the CPU runs (2^37 bytes with
 * sv39, far more with sv48 or sv57) and is not modelled: a mem= above it
 * would print that value.
 *
 * arm (arch/arm/kernel/setup.c early_mem(), 5.10 .. 6.12): a bank
 * size[@start], start PHYS_OFFSET by default.  The first mem= removes all
 * memory found so far and every mem= adds its bank, so they accumulate
 * instead of the last one winning.  It never checks for a missing value.
 */
#include <errno.h>

#include "cmdline/early_param.h"

#define MEM "mem"

static void advise_limit(struct rmem_early_ctx *ec, const char *val,
			 const struct rmem_cmdline_field *size, uint64_t limit)
{
	const char *applies = ec->p->arch_ops->mem_param == RMEM_MEM_PARAM_LOWEST_LIMIT ?
			      "memblock_enforce_memory_limit()" : "memblock_mem_limit_remove_map()";

	if (size->empty) {
		rmem_cmdline_advise(ec, "mem=%s: the size is missing, so the kernel reads it as 0: it prints \"Memory limited to 0MB\" but applies no limit, as %s ignores 0; give a size such as mem=512M",
				    val, applies);
	} else if (!limit) {
		rmem_cmdline_advise(ec, "mem=%s: %sthe limit is 0, so the kernel prints \"Memory limited to 0MB\" but applies no limit, as %s ignores 0; give a size such as mem=512M",
				    val, size->val ? "rounded down to a page " : "", applies);
	} else if (limit != size->val) {
		rmem_cmdline_advise(ec, "mem=%s: the kernel rounds the limit down to a page, %#llx",
				    val, (unsigned long long)limit);
	}
}

static int early_mem_limit(struct rmem_early_ctx *ec, const char *val)
{
	struct rmem_cmdline *cl = ec->cl;
	struct rmem_cmdline_field size;
	uint64_t page_mask = ~(rmem_profile_page_size(ec->p) - 1);
	uint64_t limit;

	if (!val)
		return 1;
	rmem_cmdline_read_field(ec, MEM, val, "size", val, "", &size);
	limit = size.val & page_mask;
	/* riscv: min_t(u64, size, memory_limit) */
	if (ec->p->arch_ops->mem_param == RMEM_MEM_PARAM_LOWEST_LIMIT && cl->mem_seen &&
	    cl->memory_limit < limit)
		limit = cl->memory_limit;
	cl->memory_limit = limit;
	cl->mem_seen = true;
	rmem_log_printf(ec->log, RMEM_LOG_NOTICE, "Memory limited to %lldMB\n",
			(long long)(cl->memory_limit >> 20));
	if (*size.end == '@')
		rmem_cmdline_advise(ec, "mem=%s: %s has no size@start form: the kernel keeps the first %#llx bytes of RAM and ignores \"%s\"; give only the amount of RAM to keep",
				    val, rmem_profile_arch_name(ec->p),
				    (unsigned long long)(size.val & page_mask), size.end);
	else if (*size.end)
		rmem_cmdline_advise_rest(ec, MEM, val, "size", &size,
					 "nothing may follow the size");
	advise_limit(ec, val, &size, size.val & page_mask);
	return 0;
}

static void read_arm_start(struct rmem_early_ctx *ec, const char *val, const char *text,
			   struct rmem_cmdline_mem_bank *bank)
{
	struct rmem_cmdline_field start;

	rmem_cmdline_read_field(ec, MEM, val, "start", text, "", &start);
	bank->start = start.val;
	bank->has_start = true;
	if (start.empty)
		rmem_cmdline_advise(ec, "mem=%s: the start after '@' is missing, so the kernel reads it as 0 instead of PHYS_OFFSET, and arm ignores memory below PHYS_OFFSET; give a start, such as mem=%.*s@0x80000000, or drop the '@' to start at PHYS_OFFSET",
				    val, (int)(text - 1 - val), val);
	else if (*start.end)
		rmem_cmdline_advise_rest(ec, MEM, val, "start", &start,
					 "nothing may follow the start");
}

static int early_mem_arm(struct rmem_early_ctx *ec, const char *val)
{
	struct rmem_cmdline *cl = ec->cl;
	struct rmem_cmdline_mem_bank *bank;
	struct rmem_cmdline_field size;

	if (!val) {
		rmem_cmdline_advise(ec, "mem: without '=' and a value, arm's early_mem() reads a NULL pointer and the kernel does not boot; rmem refuses this command line; write mem=SIZE or mem=SIZE@START");
		ec->fatal = -EINVAL;
		return 0;
	}
	/* cannot happen within COMMAND_LINE_SIZE; refuse rather than overflow */
	if (cl->mem_nr_banks == RMEM_CMDLINE_MAX_MEM_BANKS) {
		ec->fatal = -ENOSPC;
		return 0;
	}
	bank = &cl->mem_banks[cl->mem_nr_banks++];
	cl->mem_seen = true;
	rmem_cmdline_read_field(ec, MEM, val, "size", val, "@", &size);
	bank->size = size.val;
	if (size.empty)
		rmem_cmdline_advise(ec, "mem=%s: the size is missing, so the kernel reads it as 0 and adds no memory for it, yet the first mem= removes all memory the device tree described; give a size such as mem=512M",
				    val);
	else if (size.val < rmem_profile_page_size(ec->p))
		rmem_cmdline_advise(ec, "mem=%s: a bank smaller than a page adds no memory (arm_add_memory() rounds the size down to a page), yet the first mem= removes all memory the device tree described",
				    val);
	if (*size.end == '@')
		read_arm_start(ec, val, size.end + 1, bank);
	else if (*size.end)
		rmem_cmdline_advise_rest(ec, MEM, val, "size", &size,
					 "only '@' and a start may follow the size");
	return 0;
}

int rmem_early_mem(struct rmem_early_ctx *ec, const char *val)
{
	if (ec->p->arch_ops->mem_param == RMEM_MEM_PARAM_BANKS)
		return early_mem_arm(ec, val);
	return early_mem_limit(ec, val);
}
