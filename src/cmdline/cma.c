// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma=size[@base[-limit]]: kernel/dma/contiguous.c early_cma(), the same
 * in 5.10, 6.1 and 6.12.  Each part is memparse()d and the next part is
 * looked for right where it stopped: anything else there ends the value
 * silently.  Only the parts present are stored, so a later "cma=size"
 * keeps an earlier cma='s base and limit.  size_cmdline starts at -1,
 * which dma_contiguous_reserve() reads as "no cma=".
 */
#include <errno.h>

#include "cmdline/early_param.h"

#define CMA "cma"

/* The phys_addr_t the kernel stores; arm without LPAE loses the high bits. */
static rmem_phys_t store(struct rmem_early_ctx *ec, const char *val, const char *what,
			 uint64_t v)
{
	rmem_phys_t max = rmem_cmdline_phys_max(ec->p);

	if (v & ~max)
		rmem_cmdline_advise(ec, "cma=%s: phys_addr_t has 32 bits without LPAE, so of the %s %#llx the kernel keeps the low 32 bits, 0x%llx",
				    val, what, (unsigned long long)v,
				    (unsigned long long)(v & max));
	return v & max;
}

static void read_limit(struct rmem_early_ctx *ec, const char *val, const char *text)
{
	struct rmem_cmdline *cl = ec->cl;
	struct rmem_cmdline_field limit;

	rmem_cmdline_read_field(ec, CMA, val, "limit", text, "", &limit);
	cl->limit_cmdline = store(ec, val, "limit", limit.val);
	if (limit.empty)
		rmem_cmdline_advise(ec, "cma=%s: the limit after '-' is missing, so the kernel reads it as 0, which means no limit of its own: the area goes anywhere from %#llx up to the DMA limit and is not fixed; give a limit, or drop the '-' for a fixed area at %#llx",
				    val, (unsigned long long)cl->base_cmdline,
				    (unsigned long long)cl->base_cmdline);
	else if (*limit.end)
		rmem_cmdline_advise_rest(ec, CMA, val, "limit", &limit, "nothing may follow the limit");
}

static void read_base(struct rmem_early_ctx *ec, const char *val, const char *text)
{
	struct rmem_cmdline *cl = ec->cl;
	struct rmem_cmdline_field base;

	rmem_cmdline_read_field(ec, CMA, val, "base", text, "-", &base);
	cl->base_cmdline = store(ec, val, "base", base.val);
	if (base.empty && *base.end == '-')
		rmem_cmdline_advise(ec, "cma=%s: the base after '@' is missing, so the kernel reads it as 0: the area may go anywhere below the limit",
				    val);
	if (*base.end == '-') {
		read_limit(ec, val, base.end + 1);
		return;
	}
	cl->limit_cmdline = (cl->base_cmdline + cl->size_cmdline) & rmem_cmdline_phys_max(ec->p);
	if (base.empty)
		rmem_cmdline_advise(ec, "cma=%s: the base after '@' is missing, so the kernel reads it as 0 and places a fixed area at physical address 0 (up to %#llx), which is rarely RAM; give a base, such as cma=%.*s@0x40000000, or drop the '@' to let the kernel choose",
				    val, (unsigned long long)cl->limit_cmdline,
				    (int)(text - 1 - val), val);
	else if (*base.end)
		rmem_cmdline_advise_rest(ec, CMA, val, "base", &base, "only '-' and a limit may follow the base");
}

/* Advice on the outcome, once the kernel's variables are set. */
static void advise_result(struct rmem_early_ctx *ec, const char *val,
			  const struct rmem_cmdline_field *size)
{
	const struct rmem_cmdline *cl = ec->cl;
	rmem_phys_t max = rmem_cmdline_phys_max(ec->p);
	rmem_phys_t end = (cl->base_cmdline + cl->size_cmdline) & max;

	if (cl->size_cmdline == max) {
		rmem_cmdline_advise(ec, "cma=%s: the size reads as %#llx, the kernel's own mark for \"no cma= given\", so CONFIG_CMA_SIZE_* decides the size and any base and limit are ignored",
				    val, (unsigned long long)cl->size_cmdline);
		return;
	}
	if (!cl->size_cmdline && size->odd)
		rmem_cmdline_advise(ec, "cma=%s: with size 0 the kernel reserves no global CMA area; write cma=0 if that was meant",
				    val);
	if (cl->size_cmdline && cl->limit_cmdline && cl->limit_cmdline < end)
		rmem_cmdline_advise(ec, "cma=%s: the limit %#llx is below base + size, %#llx, so cma_declare_contiguous() will refuse the area (\"exceeds limit\"); probably the size is too large or the limit too low",
				    val, (unsigned long long)cl->limit_cmdline,
				    (unsigned long long)end);
}

int rmem_early_cma(struct rmem_early_ctx *ec, const char *val)
{
	struct rmem_cmdline *cl = ec->cl;
	bool had_range = cl->base_cmdline || cl->limit_cmdline;
	struct rmem_cmdline_field size;
	rmem_phys_t max = rmem_cmdline_phys_max(ec->p);

	if (!val) {
		rmem_log_printf(ec->log, RMEM_LOG_ERR, "cma: Config string not provided\n");
		return -EINVAL;
	}
	rmem_cmdline_read_field(ec, CMA, val, "size", val, "@", &size);
	cl->size_cmdline = store(ec, val, "size", size.val);
	if (size.empty)
		rmem_cmdline_advise(ec, "cma=%s: the size is missing, so the kernel reads it as 0 and reserves no global CMA area; give a size such as cma=64M, or write cma=0 to disable CMA on purpose",
				    val);
	if (*size.end == '@') {
		read_base(ec, val, size.end + 1);
	} else {
		if (*size.end)
			rmem_cmdline_advise_rest(ec, CMA, val, "size", &size,
				    "only '@' and a base may follow the size");
		if (had_range)
			rmem_cmdline_advise(ec, "cma=%s: this cma= has no '@', so the kernel keeps the base %#llx and limit %#llx an earlier cma= set; repeat the base here, or drop the earlier cma=",
					    val, (unsigned long long)cl->base_cmdline,
					    (unsigned long long)cl->limit_cmdline);
	}
	cl->cma_seen = cl->size_cmdline != max;
	cl->cma_fixed = ((cl->base_cmdline + cl->size_cmdline) & max) == cl->limit_cmdline;
	advise_result(ec, val, &size);
	return 0;
}
