// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `json` format: everything `rmem plan` knows about the booted context,
 * for programs.  The schema is docs/plan-json.md; bump "schema" on any
 * change that could break a reader (renaming, removing, retyping a key).
 *
 * Every builder below returns a new reference or NULL; json_pack() with
 * "o" takes the references it is given even when it fails, so a NULL
 * anywhere inside travels up to rmem_report_json() and becomes -ENOMEM
 * without leaking the rest.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <rmem/report.h>
#include <rmem/rmem.h>

#include "internal.h"
#include "report/report_internal.h"

#define RMEM_JSON_SCHEMA 1

/*
 * Device-tree names and log lines are bytes, not necessarily UTF-8, and
 * jansson refuses invalid UTF-8: the non-ASCII bytes of such a string are
 * replaced by '?' rather than losing the whole report.
 */
json_t *rmem_report_jstr(const char *s)
{
	json_t *v;
	char *copy;

	if (!s)
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	copy = strdup(s);
	if (!copy)
		return NULL;
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	v = json_string(copy);
	free(copy);
	return v;
}

/*
 * Addresses and sizes are exact JSON integers.  Only a range memblock
 * clamped to the top of the address space can exceed INT64_MAX, which
 * json_int_t cannot hold: such a value is written as a (rounded) number.
 */
json_t *rmem_report_jnum(uint64_t v)
{
	if (v > INT64_MAX)
		return json_real((double)v);
	return json_integer((json_int_t)v);
}

static json_t *jnum_or_null(bool known, uint64_t v)
{
	return known ? rmem_report_jnum(v) : json_null();
}

bool rmem_report_jpush(json_t *array, json_t *v)
{
	return v && !json_array_append_new(array, v);
}

static const char *cma_size_sel_name(enum rmem_cma_size_sel sel)
{
	switch (sel) {
	case RMEM_CMA_SIZE_SEL_MBYTES:
		return "mbytes";
	case RMEM_CMA_SIZE_SEL_PERCENTAGE:
		return "percentage";
	case RMEM_CMA_SIZE_SEL_MIN:
		return "min";
	case RMEM_CMA_SIZE_SEL_MAX:
		return "max";
	}
	return "?";
}

json_t *rmem_report_kernel_json(const struct rmem_ctx *ctx)
{
	const struct rmem_profile *p = &ctx->profile;
	char version[16];

	snprintf(version, sizeof(version), "%u.%u", RMEM_KERNEL_MAJOR(p->version),
		 RMEM_KERNEL_MINOR(p->version));
	return json_pack("{s:o, s:o, s:s, s:s, s:I, s:i, s:i, s:i, s:i, s:b, s:i, s:b,"
			 " s:{s:s, s:I, s:i}}",
			 "profile", rmem_report_jstr(p->name),
			 "config", p->config[0] ? rmem_report_jstr(p->config) : json_null(),
			 "arch", rmem_profile_arch_name(p),
			 "version", version,
			 "page_size", (json_int_t)rmem_profile_page_size(p),
			 "pageblock_order", (int)p->pageblock_order,
			 "max_page_order", (int)p->max_page_order,
			 "max_cma_areas", (int)p->max_cma_areas,
			 "max_reserved_regions", (int)p->max_reserved_regions,
			 "dma_cma", p->dma_cma,
			 "cma_alignment", (int)p->cma_alignment,
			 "highmem", p->highmem,
			 "cma_size", "selector", cma_size_sel_name(p->cma_size_sel),
			 "mbytes", (json_int_t)p->cma_size_mbytes,
			 "percentage", (int)p->cma_size_percentage);
}

static json_t *cmdline_cma(const struct rmem_cmdline *cl)
{
	if (!cl->cma_seen)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:b}",
			 "size", rmem_report_jnum(cl->size_cmdline),
			 "base", rmem_report_jnum(cl->base_cmdline),
			 "limit", jnum_or_null(cl->limit_cmdline != 0, cl->limit_cmdline),
			 "fixed", cl->cma_fixed);
}

static json_t *cmdline_mem_banks(const struct rmem_cmdline *cl)
{
	json_t *banks = json_array();

	for (size_t i = 0; banks && i < cl->mem_nr_banks; i++) {
		const struct rmem_cmdline_mem_bank *b = &cl->mem_banks[i];

		if (!rmem_report_jpush(banks, json_pack("{s:o, s:o}", "size", rmem_report_jnum(b->size),
					   "start", jnum_or_null(b->has_start, b->start)))) {
			json_decref(banks);
			return NULL;
		}
	}
	return banks;
}

static json_t *cmdline_mem(const struct rmem_cmdline *cl)
{
	bool limited = cl->memory_limit != RMEM_PHYS_MAX;

	if (!cl->mem_seen)
		return json_null();
	return json_pack("{s:o, s:o}", "limit", jnum_or_null(limited, cl->memory_limit),
			 "banks", cmdline_mem_banks(cl));
}

/*
 * The command line's text: struct rmem_ctx keeps only what the early
 * parameters made of it, so rmem cannot tell here whether it came from
 * --cmdline or /chosen/bootargs; the key stays null until the context
 * records the text it parsed.
 */
static json_t *cmdline_obj(const struct rmem_ctx *ctx)
{
	const struct rmem_cmdline *cl = &ctx->cmdline;

	return json_pack("{s:o, s:o, s:o, s:b}",
			 "text", rmem_report_jstr(ctx->boot_command_line),
			 "cma", cmdline_cma(cl),
			 "mem", cmdline_mem(cl),
			 "truncated", cl->truncated);
}

static json_t *memblock_flags(unsigned int flags)
{
	static const struct {
		unsigned int flag;
		const char *name;
	} names[] = {
		{ RMEM_MEMBLOCK_HOTPLUG, "hotplug" },
		{ RMEM_MEMBLOCK_MIRROR, "mirror" },
		{ RMEM_MEMBLOCK_NOMAP, "nomap" },
		{ RMEM_MEMBLOCK_DRIVER_MANAGED, "driver-managed" },
	};
	json_t *a = json_array();

	for (size_t i = 0; a && i < sizeof(names) / sizeof(names[0]); i++) {
		if ((flags & names[i].flag) && !rmem_report_jpush(a, json_string(names[i].name))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* 5.10 and 6.1 keep a zero-sized dummy in an empty list: it is no region. */
static json_t *memblock_list(const struct rmem_memblock_type *type)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < type->cnt; i++) {
		const struct rmem_memblock_region *r = &type->regions[i];

		if (!r->size)
			continue;
		if (!rmem_report_jpush(a, json_pack("{s:o, s:o, s:o}", "base", rmem_report_jnum(r->base),
				       "size", rmem_report_jnum(r->size), "flags", memblock_flags(r->flags)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The states of docs/plan-json.md: "initialized" says which handler took it. */
static const char *node_state(const struct rmem_rmem_node *n)
{
	if (n->state != RMEM_NODE_INITIALIZED)
		return rmem_rmem_state_name(n->state);
	if (n->handler && !strcmp(n->handler->name, "cma"))
		return "cma";
	if (n->handler && !strcmp(n->handler->name, "dma"))
		return "dma-pool";
	return "initialized";
}

/* Whether the node's memory was placed: where it is (or was, when given back) is known. */
static bool node_placed(const struct rmem_rmem_node *n)
{
	return n->size && (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED ||
			   n->state == RMEM_NODE_HANDLER_FAILED);
}

static const char *errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EOVERFLOW, "EOVERFLOW" },
	};

	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return NULL;
}

static json_t *node_error(const struct rmem_rmem_node *n)
{
	char buf[24];
	const char *name;

	if (!n->err)
		return json_null();
	name = errno_name(n->err);
	if (!name) {
		snprintf(buf, sizeof(buf), "E%d", n->err < 0 ? -n->err : n->err);
		name = buf;
	}
	return json_string(name);
}

static json_t *node_obj(const struct rmem_rmem_node *n)
{
	return json_pack("{s:o, s:b, s:b, s:b, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:o}",
			 "name", rmem_report_jstr(n->name),
			 "dynamic", n->dynamic,
			 "no_map", n->nomap,
			 "reusable", n->reusable,
			 "base", jnum_or_null(node_placed(n), n->base),
			 "size", jnum_or_null(n->size != 0, n->size),
			 "state", node_state(n),
			 "reserve_failed", n->reserve_failed,
			 "handler", rmem_report_jstr(n->handler ? n->handler->name : NULL),
			 "error", node_error(n),
			 "reason", rmem_report_jstr(n->reason[0] ? n->reason : NULL),
			 "reserved_mem_index",
			 n->rmem_index >= 0 ? json_integer(n->rmem_index) : json_null());
}

static json_t *regions_list(const struct rmem_ctx *ctx)
{
	json_t *a = json_array();

	for (unsigned int i = 0; a && i < ctx->rm.node_count; i++) {
		if (!rmem_report_jpush(a, node_obj(&ctx->rm.nodes[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *reserved_mem_list(const struct rmem_ctx *ctx)
{
	json_t *a = json_array();

	for (unsigned int i = 0; a && i < ctx->rm.reserved_mem_count; i++) {
		const struct rmem_reserved_mem *r = &ctx->rm.reserved_mem[i];
		json_t *region = r->node_index >= 0 ? json_integer(r->node_index) : json_null();

		if (!rmem_report_jpush(a, json_pack("{s:o, s:o, s:o, s:o, s:o}", "name", rmem_report_jstr(r->name),
				       "base", rmem_report_jnum(r->base), "size", rmem_report_jnum(r->size),
				       "handler", rmem_report_jstr(r->handler ? r->handler->name : NULL),
				       "region", region))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The reserved_mem[] entry a CMA area was made from, NULL when no node made it. */
static const struct rmem_reserved_mem *cma_rmem(const struct rmem_ctx *ctx,
						 const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == cma)
			return &ctx->rm.reserved_mem[i];
	return NULL;
}

/*
 * Where an area came from: a reserved-memory node, or
 * dma_contiguous_reserve() with the cma= size or the kernel's
 * CONFIG_CMA_SIZE_*; anything else was declared through the API.
 */
static const char *cma_origin(const struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	if (cma_rmem(ctx, cma))
		return "device-tree";
	if (cma != ctx->dma.contiguous_default_area)
		return "other";
	return ctx->cmdline.cma_seen ? "cmdline" : "config";
}

/*
 * cma_activate_area() refused the area (it spans two zones): the kernel
 * empties it, so its size reads 0 from then on.
 */
static bool cma_activation_failed(const struct rmem_cma *cma)
{
	return cma->activated && !cma->count;
}

static json_t *cma_obj(struct rmem_ctx *ctx, struct rmem_cma *cma)
{
	const struct rmem_reserved_mem *rmem = cma_rmem(ctx, cma);
	int node = rmem ? rmem->node_index : -1;
	struct rmem_cma_stat st;

	rmem_cma_get_stat(cma, &st);
	return json_pack("{s:o, s:o, s:o, s:b, s:s, s:o, s:i, s:I, s:I, s:b, s:b, s:I}",
			 "name", rmem_report_jstr(rmem_cma_get_name(cma)),
			 "base", rmem_report_jnum(rmem_cma_get_base(cma)),
			 "size", rmem_report_jnum(rmem_cma_get_size(cma)),
			 "default", cma == ctx->dma.contiguous_default_area,
			 "from", cma_origin(ctx, cma),
			 "region", node >= 0 ? json_integer(node) : json_null(),
			 "order_per_bit", (int)st.order_per_bit,
			 "pages", (json_int_t)st.count,
			 "used_pages", (json_int_t)st.used,
			 "active", st.active,
			 "activation_failed", cma_activation_failed(cma),
			 "pages_to_buddy", (json_int_t)st.pages_to_buddy);
}

static json_t *cma_list(struct rmem_ctx *ctx)
{
	json_t *a = json_array();

	for (unsigned int i = 0; a && i < rmem_cma_area_count(ctx); i++) {
		if (!rmem_report_jpush(a, cma_obj(ctx, rmem_cma_area(ctx, i)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *zones_list(const struct rmem_ctx *ctx)
{
	unsigned int shift = ctx->profile.page_shift;
	json_t *a = json_array();

	for (size_t i = 0; a && i < ctx->zones.nr; i++) {
		const struct rmem_zone *z = &ctx->zones.zone[i];

		if (!rmem_report_jpush(a, json_pack("{s:o, s:o, s:o, s:o, s:o}", "name", rmem_report_jstr(z->name),
				       "start_pfn", rmem_report_jnum(z->start_pfn), "end_pfn", rmem_report_jnum(z->end_pfn),
				       "base", rmem_report_jnum(z->start_pfn << shift),
				       "size", rmem_report_jnum((z->end_pfn - z->start_pfn) << shift)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *totals_obj(const struct rmem_ctx *ctx)
{
	uint64_t page_kb = rmem_profile_page_size(&ctx->profile) >> 10;

	return json_pack("{s:o, s:o, s:o}",
			 "memory_bytes", rmem_report_jnum(rmem_memblock_phys_mem_size(&ctx->memblock)),
			 "reserved_bytes", rmem_report_jnum(rmem_memblock_reserved_size(&ctx->memblock)),
			 "cma_total_kb", rmem_report_jnum((uint64_t)rmem_cma_total_pages(ctx) * page_kb));
}

static const char *level_name(enum rmem_loglevel level)
{
	static const char *const names[] = {
		[RMEM_LOG_EMERG] = "emerg", [RMEM_LOG_ALERT] = "alert",
		[RMEM_LOG_CRIT] = "crit", [RMEM_LOG_ERR] = "err",
		[RMEM_LOG_WARNING] = "warning", [RMEM_LOG_NOTICE] = "notice",
		[RMEM_LOG_INFO] = "info", [RMEM_LOG_DEBUG] = "debug",
	};

	if ((unsigned int)level < sizeof(names) / sizeof(names[0]))
		return names[level];
	return "?";
}

/* The kernel's lines and rmem's advice, kept apart as the log keeps them. */
static int log_lists(const struct rmem_log *log, json_t **kernel, json_t **advice)
{
	*kernel = json_array();
	*advice = json_array();
	for (size_t i = 0; *kernel && *advice && i < log->nr; i++) {
		const struct rmem_log_line *l = &log->lines[i];
		bool ok;

		if (l->level == RMEM_LOG_ADVICE)
			ok = rmem_report_jpush(*advice, rmem_report_jstr(l->text));
		else
			ok = rmem_report_jpush(*kernel, json_pack("{s:s, s:o}", "level", level_name(l->level),
						     "text", rmem_report_jstr(l->text)));
		if (!ok)
			break;
	}
	if (*kernel && *advice &&
	    json_array_size(*kernel) + json_array_size(*advice) == log->nr)
		return 0;
	json_decref(*kernel);
	json_decref(*advice);
	*kernel = *advice = NULL;
	return -ENOMEM;
}

static json_t *boot_ranges(const struct rmem_boot_range *r, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (!rmem_report_jpush(a, json_pack("{s:o, s:o, s:o}",
						     "what", rmem_report_jstr(r[i].what),
						     "base", rmem_report_jnum(r[i].base),
						     "size", rmem_report_jnum(r[i].size)))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* --kernel-image, --uboot-env: what rmem derived, and how; null without them. */
static json_t *boot_chain_obj(const struct rmem_ctx *ctx)
{
	const struct rmem_boot_chain *c = &ctx->chain;
	json_t *notes;

	if (!ctx->has_chain)
		return json_null();
	notes = json_array();
	for (size_t i = 0; notes && i < c->nr_notes; i++)
		if (!rmem_report_jpush(notes, rmem_report_jstr(c->notes[i]))) {
			json_decref(notes);
			return NULL;
		}
	return json_pack("{s:o, s:o, s:o, s:o}",
			 "reserve", boot_ranges(c->reserve, c->nr_reserve),
			 "fdt_addr", c->fdt_addr_set ? rmem_report_jnum(c->fdt_addr) : json_null(),
			 "loads", boot_ranges(c->loads, c->nr_loads),
			 "notes", notes);
}

static json_t *report_obj(struct rmem_ctx *ctx, const struct rmem_check *check)
{
	json_t *kernel_log, *warnings;

	if (log_lists(&ctx->log, &kernel_log, &warnings))
		return NULL;
	return json_pack("{s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			 " s:o, s:I, s:o, s:b, s:o, s:o}",
			 "rmem_version", rmem_version(),
			 "schema", RMEM_JSON_SCHEMA,
			 "kernel", rmem_report_kernel_json(ctx),
			 "cmdline", cmdline_obj(ctx),
			 "memory", memblock_list(&ctx->memblock.memory),
			 "reserved", memblock_list(&ctx->memblock.reserved),
			 "regions", regions_list(ctx),
			 "reserved_mem", reserved_mem_list(ctx),
			 "cma_areas", cma_list(ctx),
			 "zones", zones_list(ctx),
			 "totals", totals_obj(ctx),
			 "kernel_log", kernel_log,
			 "warnings", warnings,
			 "kernel_errors", (json_int_t)rmem_report_kernel_errors(ctx),
			 "crash", rmem_report_jstr(rmem_crashed(ctx)),
			 "log_incomplete", ctx->log.oom,
			 "findings", check ? rmem_report_findings_json(check) : json_null(),
			 "boot_chain", boot_chain_obj(ctx));
}

int rmem_report_json_dump(json_t *root, FILE *out)
{
	int ret;

	if (!root)
		return -ENOMEM;
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (ret)
		return -EIO;
	fputc('\n', out);
	return 0;
}

int rmem_report_json(struct rmem_ctx *ctx, const struct rmem_check *check, FILE *out)
{
	return rmem_report_json_dump(report_obj(ctx, check), out);
}
