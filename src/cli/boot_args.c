// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options every command that boots a board shares: which kernel, its
 * .config, the command line, the early reservations, the DTB's address.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rmem/memparse.h>

#include "cli.h"

void rmem_cli_boot_init(struct rmem_cli_boot *b)
{
	memset(b, 0, sizeof(*b));
	b->kernel = RMEM_PROFILE_DEFAULT;
	b->opt.reserve = b->reserve;
}

/* BASE-END or BASE+SIZE for @opt; 0 or the usage error's exit code. */
static int boot_range_option(const char *opt, const char *arg, struct rmem_reservation *r)
{
	switch (rmem_parse_reservation(arg, r)) {
	case 0:
		return 0;
	case -ERANGE:
		return rmem_cli_usage_error(NULL, "%s '%s': an empty range, or one past 2^64",
					    opt, arg);
	default:
		return rmem_cli_usage_error(NULL, "%s '%s': expected BASE-END or BASE+SIZE",
					    opt, arg);
	}
}

static int boot_list_option(const char **list, size_t *nr, const char *opt, const char *arg)
{
	if (*nr == RMEM_CLI_MAX_LIST)
		return rmem_cli_usage_error(NULL, "at most %d %s options", RMEM_CLI_MAX_LIST, opt);
	list[(*nr)++] = arg;
	return 0;
}

static int boot_memory_option(struct rmem_cli_boot *b, const char *arg)
{
	struct rmem_reservation r;

	int ret;

	if (b->nr_memory == RMEM_DT_MAX_BANKS)
		return rmem_cli_usage_error(NULL, "at most %d --memory options", RMEM_DT_MAX_BANKS);
	ret = boot_range_option("--memory", arg, &r);
	if (ret)
		return ret;
	b->memory[b->nr_memory].base = r.base;
	b->memory[b->nr_memory++].size = r.size;
	return 0;
}

int rmem_cli_boot_option(struct rmem_cli_boot *b, int c, const char *arg)
{
	uint64_t v;
	const char *end;
	int ret;

	switch (c) {
	case 'k':
		b->kernel = arg;
		b->kernel_given = true;
		return 0;
	case RMEM_CLI_OPT_CONFIG:
		b->config = arg;
		return 0;
	case RMEM_CLI_OPT_CMDLINE:
		b->opt.cmdline = arg;
		return 0;
	case RMEM_CLI_OPT_RESERVE:
		if (b->opt.nr_reserve == RMEM_CLI_MAX_RESERVE)
			return rmem_cli_usage_error(NULL, "at most %d --reserve options",
						    RMEM_CLI_MAX_RESERVE);
		ret = boot_range_option("--reserve", arg, &b->reserve[b->opt.nr_reserve]);
		if (!ret)
			b->opt.nr_reserve++;
		return ret;
	case RMEM_CLI_OPT_MEMORY:
		return boot_memory_option(b, arg);
	case RMEM_CLI_OPT_KERNEL_IMAGE:
		b->kernel_image = arg;
		return 0;
	case RMEM_CLI_OPT_UBOOT_ENV:
		b->uboot_env = arg;
		return 0;
	case RMEM_CLI_OPT_INITRD:
		b->opt.initrd_set = true;
		return boot_range_option("--initrd", arg, &b->opt.initrd);
	case RMEM_CLI_OPT_OVERLAY:
		return boot_list_option(b->overlays, &b->nr_overlays, "--overlay", arg);
	case 'I':
		return boot_list_option(b->include_dirs, &b->nr_include_dirs, "-I", arg);
	case RMEM_CLI_OPT_FDT_ADDR:
		if (rmem_memparse(arg, &end, &v) || end == arg || *end)
			return rmem_cli_usage_error(NULL, "--fdt-addr '%s': expected an address", arg);
		b->opt.fdt_addr_set = true;
		b->opt.fdt_addr = v;
		return 0;
	default:
		return RMEM_CLI_NOT_MINE;
	}
}

int rmem_cli_profile_error(const char *name)
{
	struct rmem_cli_suggest s;

	rmem_cli_suggest_init(&s, name, "");
	for (size_t i = 0; rmem_profile_builtin_name(i); i++)
		rmem_cli_suggest_try(&s, rmem_profile_builtin_name(i));
	if (s.nbest)
		return rmem_cli_usage_error(&s, "unknown kernel profile '%s'", name);
	rmem_cli_error("unknown kernel profile '%s'; see 'rmem profiles'", name);
	return RMEM_EXIT_USAGE;
}

/*
 * -k and --config together: the .config's values over the profile's, the
 * profile's name kept beside the file's; a .config of another arch or
 * kernel version than the profile's is a contradiction, not an override.
 */
int rmem_cli_boot_profile(const struct rmem_cli_boot *b, struct rmem_profile *p)
{
	char err[256] = "cannot read it";
	struct rmem_profile base;

	if (rmem_profile_builtin(b->kernel, &base))
		return rmem_cli_profile_error(b->kernel);
	*p = base;
	if (!b->config)
		return 0;
	if (rmem_profile_load_config(p, b->config, err, sizeof(err))) {
		rmem_cli_error("%s: %s", b->config, err);
		return RMEM_EXIT_INPUT;
	}
	if (!rmem_profile_is_modelled(p))
		rmem_cli_error("warning: %s: rmem does not model kernel %u.%u: it plans with the behaviour of %u.%u, the newest modelled kernel before it (--strict fails)",
			       b->config, RMEM_KERNEL_MAJOR(p->version),
			       RMEM_KERNEL_MINOR(p->version),
			       RMEM_KERNEL_MAJOR(rmem_profile_modelled_version(p)),
			       RMEM_KERNEL_MINOR(rmem_profile_modelled_version(p)));
	if (!b->kernel_given)
		return 0;
	if (!rmem_profile_same_kernel(p, &base)) {
		rmem_cli_error("-k %s is %s %u.%u, but %s is a .config of %s %u.%u: "
			       "give the .config of that kernel, or leave out -k",
			       base.name, rmem_profile_arch_name(&base),
			       RMEM_KERNEL_MAJOR(base.version), RMEM_KERNEL_MINOR(base.version),
			       b->config, rmem_profile_arch_name(p), RMEM_KERNEL_MAJOR(p->version),
			       RMEM_KERNEL_MINOR(p->version));
		return RMEM_EXIT_USAGE;
	}
	/* a complete .config renamed it: it is still that profile's kernel */
	memcpy(p->name, base.name, sizeof(p->name));
	return 0;
}

/* A load or fixup error: exit 3, or 4 when memory ran out. */
static int load_error(const char *what, const char *err, int ret)
{
	rmem_cli_error("%s: %s", what, err);
	return ret == -ENOMEM ? RMEM_EXIT_INTERNAL : RMEM_EXIT_INPUT;
}

static int apply_overlays(const struct rmem_cli_boot *b, const struct rmem_dt_options *opt,
			  struct rmem_dt *dt)
{
	char err[512];
	int ret;

	for (size_t i = 0; i < b->nr_overlays; i++) {
		struct rmem_dt *ov;

		ret = rmem_dt_load(b->overlays[i], opt, &ov, err, sizeof(err));
		if (ret)
			return load_error(b->overlays[i], err, ret);
		ret = rmem_dt_apply_overlay(dt, ov, err, sizeof(err));
		rmem_dt_free(ov);
		if (ret)
			return load_error(b->overlays[i], err, ret);
	}
	return 0;
}

/* A copy of @dt in *@given: the tree before --memory rewrites it (rmem check reads both). */
static int keep_given(const struct rmem_dt *dt, struct rmem_dt **given)
{
	char err[128];
	int ret = rmem_dt_load_mem(rmem_dt_blob(dt), rmem_dt_size(dt), given, err, sizeof(err));

	return ret ? load_error("--memory", err, ret) : 0;
}

int rmem_cli_load_board(const struct rmem_cli_boot *b, const char *board, const void *builtin,
			size_t builtin_size, struct rmem_dt **dt, struct rmem_dt **given)
{
	/* an overlay refers to the base by label: keep them (dtc -@) */
	const struct rmem_dt_options opt = {
		.include_dirs = b->include_dirs, .nr_include_dirs = b->nr_include_dirs,
		.symbols = b->nr_overlays > 0,
	};
	const char *what = board ? board : "(built-in example)";
	char err[512];
	int ret;

	if (given)
		*given = NULL;
	ret = board ? rmem_dt_load(board, &opt, dt, err, sizeof(err))
		    : rmem_dt_load_mem(builtin, builtin_size, dt, err, sizeof(err));
	if (ret)
		return load_error(what, err, ret);
	ret = apply_overlays(b, &opt, *dt);
	if (!ret && b->nr_memory && given)
		ret = keep_given(*dt, given);
	if (!ret && b->nr_memory && rmem_dt_set_memory(*dt, b->memory, b->nr_memory, err,
							sizeof(err)))
		ret = load_error("--memory", err, -EINVAL);
	if (!ret && !b->nr_memory && !rmem_dt_has_memory(*dt)) {
		rmem_cli_error("%s: its memory nodes give no RAM (the bootloader writes them): give the RAM with --memory BASE+SIZE",
			       what);
		ret = RMEM_EXIT_INPUT;
	}
	if (ret) {
		rmem_dt_free(*dt);
		*dt = NULL;
		if (given) {
			rmem_dt_free(*given);
			*given = NULL;
		}
	}
	return ret;
}

static void no_boot_model(const char *what, const struct rmem_profile *p)
{
	rmem_cli_error("%s: rmem has no early-boot model for %s %u.%u with %u KiB pages "
		"(it has arm64 5.10, 6.1 and 6.12 with 4 KiB pages, 6.12 with 16 KiB, armhf 6.1)",
		what, rmem_profile_arch_name(p), RMEM_KERNEL_MAJOR(p->version),
		RMEM_KERNEL_MINOR(p->version), (unsigned int)(rmem_profile_page_size(p) >> 10));
}

void rmem_cli_print_advice(struct rmem_ctx *ctx)
{
	const struct rmem_log *log = rmem_ctx_log(ctx);

	for (size_t i = 0; i < log->nr; i++)
		if (log->lines[i].level == RMEM_LOG_ADVICE)
			rmem_cli_error("warning: %s", log->lines[i].text);
}

int rmem_cli_boot(const struct rmem_cli_boot *b, const struct rmem_profile *p,
		  const struct rmem_dt *dt, const char *board, struct rmem_ctx **out)
{
	struct rmem_ctx *ctx = rmem_ctx_create(p);
	char err[256] = "";
	int ret;

	if (!ctx) {
		rmem_cli_error("cannot create the machine: %s", strerror(errno));
		return RMEM_EXIT_INTERNAL;
	}
	ret = rmem_plan_boot(ctx, rmem_dt_blob(dt), rmem_dt_size(dt), &b->opt, err, sizeof(err));
	if (ret == -EOPNOTSUPP) {
		/* a profile rmem has no boot story for is the input's problem */
		no_boot_model(b->config ? b->config : board, p);
		rmem_ctx_destroy(ctx);
		return RMEM_EXIT_INPUT;
	}
	if (ret) {
		rmem_cli_error("%s: the simulated boot failed: %s%s", board, strerror(-ret), err);
		rmem_ctx_destroy(ctx);
		return RMEM_EXIT_INTERNAL;
	}
	*out = ctx;
	return 0;
}

int rmem_cli_parse_each(int argc, char **argv, const struct rmem_cli_page *page,
			int (*fn)(void *arg, int c, const char *value), void *arg)
{
	struct option opts[RMEM_CLI_MAX_OPTIONS];
	char shorts[2 * RMEM_CLI_MAX_OPTIONS + 2];
	int c, ret;

	rmem_cli_getopt(page, opts, shorts);
	optind = 0;	/* glibc starts again: another argv may have been parsed before */
	while ((c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
		if (c == 'h') {
			rmem_cli_help(stdout, page);
			return -1;
		}
		if (c == '?' || c == ':')
			return rmem_cli_option_error(argv, opts);
		ret = fn(arg, c, optarg);
		if (ret)
			return ret;
	}
	return 0;
}

struct boot_then {
	struct rmem_cli_boot *boot;
	int (*fn)(void *arg, int c, const char *value);
	void *arg;
};

static int boot_then_fn(void *arg, int c, const char *value)
{
	struct boot_then *bt = arg;
	int ret = rmem_cli_boot_option(bt->boot, c, value);

	return ret == RMEM_CLI_NOT_MINE ? bt->fn(bt->arg, c, value) : ret;
}

int rmem_cli_parse(int argc, char **argv, const struct rmem_cli_page *page,
		   struct rmem_cli_boot *boot,
		   int (*fn)(void *arg, int c, const char *value), void *arg)
{
	struct boot_then bt = { .boot = boot, .fn = fn, .arg = arg };

	rmem_cli_boot_init(boot);
	return rmem_cli_parse_each(argc, argv, page, boot_then_fn, &bt);
}
