// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_plan_boot(): hand the device tree to the profile's boot story.
 */
#include <errno.h>
#include <string.h>

#include <rmem/bootchain.h>
#include <rmem/memparse.h>
#include <rmem/plan.h>

#include "boot/boot.h"
#include "plan/plan_internal.h"

int rmem_plan_boot(struct rmem_ctx *ctx, const void *blob, size_t size,
		   const struct rmem_plan_options *opt, char *err, size_t errlen)
{
	static const struct rmem_plan_options none;
	int ret;

	if (ctx->fdt)
		return -EBUSY;	/* a context boots once */
	ret = rmem_fdt_load_blob(&ctx->fdt_owned, blob, size, err, errlen);
	if (ret)
		return ret;
	ctx->fdt = &ctx->fdt_owned;
	if (!opt)
		opt = &none;
	ctx->lint = opt->lint;
	if (opt->chain) {
		ctx->chain = *opt->chain;
		ctx->has_chain = true;
	}
	ret = rmem_boot(ctx, opt);
	if (!ret && !opt->lint)
		rmem_plan_advise_devices(ctx);
	/* a predicted crash ends the boot: it is the result, not a failure */
	return rmem_crashed(ctx) ? 0 : ret;
}

int rmem_parse_reservation(const char *text, struct rmem_reservation *r)
{
	const char *p;
	uint64_t base, second;

	if (!text || !*text || rmem_memparse(text, &p, &base) || p == text)
		return -EINVAL;
	if (*p != '-' && *p != '+')
		return -EINVAL;
	text = p + 1;
	if (rmem_memparse(text, &p, &second) || p == text || *p)
		return -EINVAL;
	if (text[-1] == '-') {
		if (second <= base)
			return -ERANGE;
		second -= base;
	} else if (!second || base + second < base) {
		return -ERANGE;
	}
	r->base = base;
	r->size = second;
	return 0;
}
