// SPDX-License-Identifier: GPL-2.0-only
/*
 * early_init_dt_scan_chosen(): the parts that decide memory, the command
 * line and the initrd (drivers/of/fdt.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/cmdline.h>

#include "fdt/fdt.h"
#include "profile/facts.h"

#define pr_fmt "OF: fdt: "

/*
 * 5.10 (fdt.c:1038) is an of_scan_flat_dt() callback: the first node of
 * depth 1 whose name is exactly "chosen" or "chosen@0".  6.1 (fdt.c:1151)
 * and 6.12 (fdt.c:1017) ask fdt_path_offset() for "/chosen", which also
 * matches "chosen@<anything>" (libfdt's fdt_nodename_eq_()), then for
 * "/chosen@0".
 */
static int fdt_chosen_node(const struct rmem_fdt *fdt, const struct rmem_profile *p)
{
	int node, depth = -1;

	if (p->facts->fdt.chosen_by_path) {
		node = fdt_path_offset(fdt->blob, "/chosen");
		if (node < 0)
			node = fdt_path_offset(fdt->blob, "/chosen@0");
		return node;
	}
	for (node = fdt_next_node(fdt->blob, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt->blob, node, &depth)) {
		const char *name = rmem_fdt_name(fdt, node);

		if (depth == 1 && (!strcmp(name, "chosen") || !strcmp(name, "chosen@0")))
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * early_init_dt_check_for_initrd(): 5.10 fdt.c:870, 6.1 fdt.c:906, 6.12
 * the same as 6.1.  Each property is of_read_number() over len / 4 cells;
 * 6.1 added "if (start > end) return;".
 */
static void fdt_chosen_initrd(const struct rmem_fdt *fdt, const struct rmem_profile *p,
			      struct rmem_log *log, struct rmem_fdt_chosen *chosen)
{
	const void *prop;
	int len;

	/* no KERN_CONT: printk makes it a line of its own */
	rmem_log_printf(log, RMEM_LOG_DEBUG, pr_fmt "Looking for initrd properties... ");
	prop = rmem_fdt_getprop(fdt, chosen->node, "linux,initrd-start", &len);
	if (!prop)
		return;
	chosen->initrd_start = rmem_fdt_read_number(prop, len / 4);
	prop = rmem_fdt_getprop(fdt, chosen->node, "linux,initrd-end", &len);
	if (!prop)
		return;
	chosen->initrd_end = rmem_fdt_read_number(prop, len / 4);
	if (p->facts->fdt.initrd_order_checked && chosen->initrd_start > chosen->initrd_end)
		return;
	chosen->have_initrd = true;
	rmem_log_printf(log, RMEM_LOG_DEBUG, pr_fmt "initrd_start=0x%llx  initrd_end=0x%llx\n",
			(unsigned long long)chosen->initrd_start,
			(unsigned long long)chosen->initrd_end);
}

/*
 * "if (p != NULL && l > 0) strscpy(cmdline, p, min(l, COMMAND_LINE_SIZE))"
 * (5.10: strlcpy, the same result): at most l - 1 bytes, up to a NUL.
 */
static int fdt_chosen_bootargs(const struct rmem_fdt *fdt, struct rmem_fdt_chosen *chosen)
{
	const char *args;
	int len;

	args = rmem_fdt_getprop(fdt, chosen->node, "bootargs", &len);
	if (!args || len <= 0)
		return 0;
	chosen->bootargs = strndup(args, (size_t)len - 1);
	return chosen->bootargs ? 0 : -ENOMEM;
}

/* pr_debug("Command line is: %s\n"): boot_command_line, COMMAND_LINE_SIZE - 1 bytes at most. */
static void fdt_chosen_log_cmdline(const struct rmem_profile *p, struct rmem_log *log,
				   const char *bootargs)
{
	int max = (int)p->arch_ops->command_line_size(p) - 1;

	rmem_log_printf(log, RMEM_LOG_DEBUG, pr_fmt "Command line is: %.*s\n", max,
			bootargs ? bootargs : "");
}

int rmem_fdt_scan_chosen(const struct rmem_fdt *fdt, const struct rmem_profile *p,
			 struct rmem_log *log, struct rmem_fdt_chosen *chosen)
{
	int ret;

	memset(chosen, 0, sizeof(*chosen));
	chosen->node = fdt_chosen_node(fdt, p);
	if (chosen->node < 0) {
		/*
		 * 5.10's early_init_dt_scan_nodes() (fdt.c:1199) warns; from
		 * 6.1 the scan returns 0 either way and "if (rc)" never
		 * warns (6.1 fdt.c:1298, 6.12 fdt.c:1166), but the command
		 * line is still reported.
		 */
		if (p->facts->fdt.warn_no_chosen)
			rmem_log_printf(log, RMEM_LOG_WARNING,
					pr_fmt "No chosen node found, continuing without\n");
		else
			fdt_chosen_log_cmdline(p, log, NULL);
		return 0;
	}
	fdt_chosen_initrd(fdt, p, log, chosen);
	ret = fdt_chosen_bootargs(fdt, chosen);
	if (!ret)
		fdt_chosen_log_cmdline(p, log, chosen->bootargs);
	return ret;
}

void rmem_fdt_chosen_release(struct rmem_fdt_chosen *chosen)
{
	free(chosen->bootargs);
	chosen->bootargs = NULL;
}
