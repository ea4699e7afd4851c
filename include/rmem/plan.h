/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rmem plan: boot a device tree the way the kernel of a profile would, as
 * far as the reserved-memory, CMA and DMA-pool decisions, and keep what it
 * did in the context: memblock, the /reserved-memory records, the CMA
 * areas, the kernel's log.
 */
#ifndef RMEM_PLAN_H
#define RMEM_PLAN_H

#include <rmem/api.h>
#include <rmem/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A reservation the kernel makes before it reads /reserved-memory. */
struct rmem_reservation {
	rmem_phys_t base;
	rmem_phys_t size;
};

struct rmem_boot_chain;		/* <rmem/bootchain.h> */

struct rmem_plan_options {
	const char *cmdline;		/* NULL: the DTB's /chosen/bootargs */
	const struct rmem_reservation *reserve;	/* kernel image, initrd, firmware */
	size_t nr_reserve;
	bool fdt_addr_set;		/* where the bootloader put the DTB */
	rmem_phys_t fdt_addr;
	/*
	 * the initrd the bootloader loaded, [base, base + size): with
	 * @initrd_set it replaces what /chosen's linux,initrd-start and
	 * linux,initrd-end say (a DTB the bootloader has not fixed up);
	 * the kernel reserves it where and when the profile's kernel does
	 */
	bool initrd_set;
	struct rmem_reservation initrd;
	/*
	 * the boot is for rmem_check_run() (<rmem/check.h>): what it reports
	 * as findings (devices whose memory-region cannot work, a
	 * /reserved-memory the kernel ignores) gets no RMEM_LOG_ADVICE line
	 */
	bool lint;
	/*
	 * how the caller derived @reserve and @fdt_addr from the boot chain
	 * (NULL: given by hand); copied, for the report and rmem check
	 */
	const struct rmem_boot_chain *chain;
};

/**
 * rmem_plan_boot() - run the profile's early boot on the device tree
 * @blob (@size bytes) with @opt, then the initcalls that activate CMA and
 * the global DMA pool.
 * @opt: NULL for none; @opt->reserve[0], when given, is taken as the kernel
 *       image (the kernel re-adds it after mem=, 6.12 maps it apart)
 * @err: receives a message when @blob is not a device tree rmem can read
 * Returns 0 (whatever the kernel reports about the layout, a predicted
 * crash included: see the log, the records and rmem_ctx_crashed());
 * -EINVAL when @blob fails fdt_check_full(); -EOPNOTSUPP when rmem has no
 * early-boot model for the profile's arch, version and page size; -EBUSY
 * when @ctx has booted already; -ENOMEM.
 */
RMEM_API
int rmem_plan_boot(struct rmem_ctx *ctx, const void *blob, size_t size,
		   const struct rmem_plan_options *opt, char *err, size_t errlen);

/**
 * rmem_parse_reservation() - "BASE-END" (END exclusive) or "BASE+SIZE",
 * each number as memparse() reads it, the whole text consumed.
 * Returns 0; -EINVAL (not of that form); -ERANGE (an empty range: END not
 * above BASE or SIZE 0, or one that passes 2^64).
 */
RMEM_API
int rmem_parse_reservation(const char *text, struct rmem_reservation *r);

#ifdef __cplusplus
}
#endif

#endif /* RMEM_PLAN_H */
