// SPDX-License-Identifier: GPL-2.0-only
/*
 * --kernel-image and --uboot-env: the early reservations and the DTB's
 * address derived from the boot chain, merged with what --reserve and
 * --fdt-addr give by hand (those win).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rmem/bootchain.h>

#include "cli.h"

static int input_error(const char *path, const char *err, int ret)
{
	rmem_cli_error("%s: %s", path, err);
	return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
}

static bool overlaps(const struct rmem_reservation *r, const struct rmem_boot_range *d)
{
	return r->base < d->base + d->size && d->base < r->base + r->size;
}

/* The index in @given of the user's reservation over derived @d, or -1: it wins. */
static int given_over(const struct rmem_reservation *given, size_t nr_given,
		      const struct rmem_boot_range *d)
{
	for (size_t i = 0; i < nr_given; i++)
		if (overlaps(&given[i], d))
			return (int)i;
	return -1;
}

/*
 * The derived reservations first (the kernel image is the first, as
 * rmem_plan_boot() takes it), then the user's, but for a derived one a
 * --reserve overlaps: the --reserve takes its place.
 */
static int merge_reserve(struct rmem_cli_boot *b)
{
	struct rmem_reservation given[RMEM_CLI_MAX_RESERVE], *out = b->reserve;
	size_t nr_given = b->opt.nr_reserve, n = 0;
	bool used[RMEM_CLI_MAX_RESERVE] = { false };

	memcpy(given, b->reserve, nr_given * sizeof(given[0]));
	for (size_t i = 0; i < b->chain.nr_reserve && n < RMEM_CLI_MAX_RESERVE; i++) {
		const struct rmem_boot_range *d = &b->chain.reserve[i];
		int u = given_over(given, nr_given, d);

		if (u < 0) {
			out[n++] = (struct rmem_reservation){ d->base, d->size };
			continue;
		}
		if (given[u].base != d->base || given[u].size != d->size)
			rmem_cli_error("warning: --reserve %#llx+%#llx wins over the %s derived at %#llx+%#llx",
				       (unsigned long long)given[u].base,
				       (unsigned long long)given[u].size, d->what,
				       (unsigned long long)d->base, (unsigned long long)d->size);
		if (!used[u]) {
			used[u] = true;
			out[n++] = given[u];
		}
	}
	for (size_t i = 0; i < nr_given; i++)
		if (!used[i] && n < RMEM_CLI_MAX_RESERVE)
			out[n++] = given[i];
	b->opt.nr_reserve = n;
	return 0;
}

static void merge_fdt_addr(struct rmem_cli_boot *b)
{
	if (!b->chain.fdt_addr_set)
		return;
	if (!b->opt.fdt_addr_set) {
		b->opt.fdt_addr_set = true;
		b->opt.fdt_addr = b->chain.fdt_addr;
	} else if (b->opt.fdt_addr != b->chain.fdt_addr) {
		rmem_cli_error("warning: --fdt-addr %#llx wins over the DTB address derived from --uboot-env, %#llx",
			       (unsigned long long)b->opt.fdt_addr,
			       (unsigned long long)b->chain.fdt_addr);
	}
}

int rmem_cli_boot_chain(struct rmem_cli_boot *b, const struct rmem_profile *p,
			const struct rmem_dt *dt)
{
	struct rmem_kernel_image img;
	struct rmem_uboot_env env;
	char err[512];
	int ret;

	if (!b->kernel_image && !b->uboot_env)
		return 0;
	if (b->kernel_image) {
		ret = rmem_kernel_image_load(b->kernel_image, &img, err, sizeof(err));
		if (ret)
			return input_error(b->kernel_image, err, ret);
	}
	if (b->uboot_env) {
		ret = rmem_uboot_env_load(b->uboot_env, &env, err, sizeof(err));
		if (ret)
			return input_error(b->uboot_env, err, ret);
	}
	ret = rmem_boot_chain_derive(p, b->kernel_image ? &img : NULL, b->uboot_env ? &env : NULL,
				     rmem_dt_blob(dt), rmem_dt_size(dt), &b->chain, err,
				     sizeof(err));
	if (ret == -EOPNOTSUPP) {
		rmem_cli_error("%s: rmem knows no bootloader for %s kernels",
			       b->kernel_image ? b->kernel_image : b->uboot_env,
			       rmem_profile_arch_name(p));
		return RMEM_EXIT_INPUT;
	}
	if (ret) {
		rmem_cli_error("%s: %s%s", b->kernel_image ? b->kernel_image : b->uboot_env, err,
			       b->kernel_given ? "" : " (-k names the profile of its kernel)");
		return RMEM_EXIT_INPUT;
	}
	b->opt.chain = &b->chain;
	merge_fdt_addr(b);
	return merge_reserve(b);
}
