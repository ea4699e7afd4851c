// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem inspect's report: the system beside its plan, in text for people
 * and JSON for programs (docs/inspect.md; bump RMEM_INSPECT_SCHEMA on any
 * change that could break a reader).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <jansson.h>

#include <rmem/inspect.h>

#include "report/report_internal.h"

static const char *const line_state[] = {
	[RMEM_INSPECT_LINE_MATCH] = "match",
	[RMEM_INSPECT_LINE_DIFFERENT] = "different",
	[RMEM_INSPECT_LINE_MISSING] = "missing",
	[RMEM_INSPECT_LINE_UNEXPECTED] = "unexpected",
};

static void text_header(const struct rmem_inspect *in, FILE *out)
{
	fprintf(out, "kernel:   %s%s%s\n", in->osrelease[0] ? in->osrelease : "(unknown)",
		in->arch[0] ? " " : "", in->arch);
	fprintf(out, "profile:  %s (%s)\n", in->profile[0] ? in->profile : "none",
		in->profile_why);
	if (!in->ctx)
		return;
	fprintf(out, "cmdline:  %s (%s)\n", in->cmdline_drift ? "DRIFT" : "same as /chosen/bootargs",
		in->followed);
	for (size_t i = 0; i < in->nr_reserve; i++)
		fprintf(out, "reserve:  %#" PRIx64 "-%#" PRIx64 " %s\n", in->reserve[i].base,
			in->reserve[i].base + in->reserve[i].size - 1, in->reserve_what[i]);
	if (in->fdt_addr_set)
		fprintf(out, "dtb:      %#" PRIx64 " (%s)\n", in->fdt_addr, in->fdt_from);
}

static void text_regions(const struct rmem_inspect *in, FILE *out)
{
	if (!in->nr_regions)
		return;
	fprintf(out, "\nregions:\n");
	for (size_t i = 0; i < in->nr_regions; i++) {
		const struct rmem_inspect_region *r = &in->regions[i];

		fprintf(out, "  %-5s %-24s %-8s", r->drift ? "DRIFT" : "ok", r->name, r->kind);
		if (r->size)
			fprintf(out, " %#" PRIx64 "+%#" PRIx64, r->base, r->size);
		if (r->seen[0])
			fprintf(out, " seen in %s", r->seen);
		fprintf(out, "%s%s\n", r->why[0] ? ": " : "", r->why);
	}
	if (in->has_meminfo_cma)
		fprintf(out, "  CmaTotal %" PRIu64 " kB (plan %" PRIu64 " kB), CmaFree %" PRIu64 " kB\n",
			in->cma_total_kib, in->predicted_cma_kib, in->cma_free_kib);
}

static void text_lines(const struct rmem_inspect *in, FILE *out)
{
	size_t ok = 0;

	for (size_t i = 0; i < in->nr_lines; i++)
		ok += in->lines[i].state == RMEM_INSPECT_LINE_MATCH;
	if (!in->nr_lines)
		return;
	fprintf(out, "\nlog: %zu of %zu lines as predicted\n", ok, in->nr_lines);
	for (size_t i = 0; i < in->nr_lines; i++) {
		const struct rmem_inspect_line *l = &in->lines[i];

		switch (l->state) {
		case RMEM_INSPECT_LINE_MATCH:
			fprintf(out, "  = %s\n", l->printed);
			break;
		case RMEM_INSPECT_LINE_DIFFERENT:
			fprintf(out, "  - %s\n  + %s\n", l->predicted, l->printed);
			break;
		case RMEM_INSPECT_LINE_MISSING:
			fprintf(out, "  - %s\n", l->predicted);
			break;
		case RMEM_INSPECT_LINE_UNEXPECTED:
			fprintf(out, "  + %s\n", l->printed);
			break;
		}
	}
}

static void text_cma(const struct rmem_inspect *in, FILE *out)
{
	if (!in->nr_cma)
		return;
	fprintf(out, "\nCMA areas now:\n");
	for (size_t i = 0; i < in->nr_cma; i++) {
		const struct rmem_inspect_cma *c = &in->cma[i];

		fprintf(out, "  %s:", c->name);
		if (c->has_debugfs)
			fprintf(out, " base_pfn %#" PRIx64 ", %" PRIu64 " pages, used %" PRIu64
				", free %" PRIu64 ", maxchunk %" PRIu64, c->base_pfn, c->count, c->used,
				c->count - c->used, c->maxchunk);
		if (c->has_bitmap)
			fprintf(out, ", largest free run %s", c->largest_free);
		if (c->has_sysfs)
			fprintf(out, "%salloc_pages_success %" PRIu64 ", alloc_pages_fail %" PRIu64,
				c->has_debugfs ? "; " : " ", c->alloc_pages_success, c->alloc_pages_fail);
		if (c->has_release)
			fprintf(out, ", release_pages_success %" PRIu64, c->release_pages_success);
		if (c->has_pages)
			fprintf(out, "; %" PRIu64 " pages, %" PRIu64 " available (%" PRIu64 " used)",
				c->total_pages, c->available_pages, c->total_pages - c->available_pages);
		fputc('\n', out);
	}
}

/* The failed CMA allocations the log reports: each area's free extents then. */
static void text_cma_failures(const struct rmem_inspect *in, FILE *out)
{
	if (!in->nr_cma_failures)
		return;
	fprintf(out, "\nCMA allocations that failed (the kernel's log; the area's free extents then, PAGES@BIT):\n");
	for (size_t i = 0; i < in->nr_cma_failures; i++) {
		const struct rmem_inspect_cma_failure *f = &in->cma_failures[i];

		fprintf(out, "  %s: %" PRIu64 " pages, ret %d", f->area, f->req_pages, f->ret);
		if (f->has_free)
			fprintf(out, "; %" PRIu64 " of %" PRIu64 " pages free", f->free_pages,
				f->total_pages);
		fprintf(out, "; free extents %s, largest %s\n", f->extents[0] ? f->extents : "none",
			f->largest[0] ? f->largest : "none");
	}
}

/* Which devices use which region: the DT's references, sysfs's devices and drivers. */
static void text_devices(const struct rmem_inspect *in, FILE *out)
{
	if (!in->nr_bindings)
		return;
	fprintf(out, "\ndevices (memory-region):\n");
	for (size_t i = 0; i < in->nr_bindings; i++) {
		const struct rmem_inspect_binding *b = &in->bindings[i];

		fprintf(out, "  %-24s used by %s (memory-region[%u])",
			b->region[0] ? b->region : "(no reserved region)", b->node, b->index);
		if (b->disabled)
			fprintf(out, " (disabled in the DT)");
		if (!in->has_devices)
			fprintf(out, ", devices not read\n");
		else if (!b->device[0])
			fprintf(out, ", no device made of it\n");
		else
			fprintf(out, ", device %s, %s%s\n", b->device, b->driver[0] ? "driver " : "no driver bound",
				b->driver);
	}
}

static int write_text(const struct rmem_inspect *in, FILE *out)
{
	text_header(in, out);
	text_regions(in, out);
	text_devices(in, out);
	text_lines(in, out);
	text_cma(in, out);
	text_cma_failures(in, out);
	if (in->nr_problems)
		fprintf(out, "\nnot read:\n");
	for (size_t i = 0; i < in->nr_problems; i++)
		fprintf(out, "  %s\n", in->problems[i]);
	fprintf(out, "\n%s: %zu difference%s\n", !in->ctx ? "NO PLAN" : in->nr_drift ? "DRIFT" : "MATCH",
		in->nr_drift, in->nr_drift == 1 ? "" : "s");
	for (size_t i = 0; i < in->nr_drift; i++)
		fprintf(out, "  %s\n", in->drift[i]);
	return rmem_report_flushed(out, 0);
}

static json_t *jlist(const char (*list)[RMEM_INSPECT_TEXT], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, rmem_report_jstr(list[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *jopt(bool has, uint64_t v)
{
	return has ? rmem_report_jnum(v) : json_null();
}

static json_t *jregions(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_regions; i++) {
		const struct rmem_inspect_region *r = &in->regions[i];

		if (json_array_append_new(a, json_pack("{s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:b,s:o}",
			"name", rmem_report_jstr(r->name), "kind", r->kind,
			"base", rmem_report_jnum(r->base), "size", rmem_report_jnum(r->size),
			"printed_base", jopt(r->printed, r->actual_base),
			"printed_size", jopt(r->printed, r->actual_size),
			"seen", r->seen[0] ? json_string(r->seen) : json_null(), "drift", r->drift,
			"why", r->why[0] ? rmem_report_jstr(r->why) : json_null()))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *jlines(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_lines; i++) {
		const struct rmem_inspect_line *l = &in->lines[i];

		if (json_array_append_new(a, json_pack("{s:s,s:o,s:o}", "state", line_state[l->state],
			"predicted", l->predicted[0] ? rmem_report_jstr(l->predicted) : json_null(),
			"printed", l->printed[0] ? rmem_report_jstr(l->printed) : json_null()))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}


static json_t *jcma(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_cma; i++) {
		const struct rmem_inspect_cma *c = &in->cma[i];

		if (json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
			"name", rmem_report_jstr(c->name),
			"base_pfn", jopt(c->has_debugfs, c->base_pfn),
			"count", jopt(c->has_debugfs, c->count),
			"used", jopt(c->has_debugfs, c->used),
			"maxchunk", jopt(c->has_debugfs, c->maxchunk),
			"largest_free", c->has_bitmap ? json_string(c->largest_free) : json_null(),
			"alloc_pages_success", jopt(c->has_sysfs, c->alloc_pages_success),
			"alloc_pages_fail", jopt(c->has_sysfs, c->alloc_pages_fail),
			"release_pages_success", jopt(c->has_release, c->release_pages_success),
			"order_per_bit", jopt(c->has_debugfs, c->order_per_bit),
			"total_pages", jopt(c->has_pages, c->total_pages),
			"available_pages", jopt(c->has_pages, c->available_pages)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *jcma_failures(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_cma_failures; i++) {
		const struct rmem_inspect_cma_failure *f = &in->cma_failures[i];

		if (json_array_append_new(a, json_pack("{s:o,s:o,s:i,s:o,s:o,s:o,s:o}",
			"area", rmem_report_jstr(f->area), "req_pages", rmem_report_jnum(f->req_pages),
			"ret", f->ret, "free_pages", jopt(f->has_free, f->free_pages),
			"total_pages", jopt(f->has_free, f->total_pages),
			"extents", rmem_report_jstr(f->extents),
			"largest", f->largest[0] ? json_string(f->largest) : json_null()))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *jreserve(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_reserve; i++)
		if (json_array_append_new(a, json_pack("{s:o,s:o,s:s}",
			"base", rmem_report_jnum(in->reserve[i].base),
			"size", rmem_report_jnum(in->reserve[i].size), "what", in->reserve_what[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *jdevices(const struct rmem_inspect *in)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < in->nr_bindings; i++) {
		const struct rmem_inspect_binding *b = &in->bindings[i];

		if (json_array_append_new(a, json_pack("{s:s,s:i,s:o,s:b,s:o,s:o}",
			"node", b->node, "index", (int)b->index,
			"region", b->region[0] ? json_string(b->region) : json_null(),
			"disabled", b->disabled,
			"device", in->has_devices && b->device[0] ? json_string(b->device) : json_null(),
			"driver", b->driver[0] ? json_string(b->driver) : json_null()))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int write_json(const struct rmem_inspect *in, FILE *out)
{
	json_t *root = json_pack("{s:i,s:b,s:o,s:o,s:o,s:s,s:b}",
		"schema", RMEM_INSPECT_SCHEMA, "match", in->ctx && !in->nr_drift,
		"kernel", rmem_report_jstr(in->osrelease), "arch", rmem_report_jstr(in->arch),
		"profile", in->profile[0] ? json_string(in->profile) : json_null(),
		"profile_why", in->profile_why, "modelled", in->modelled);

	if (root && json_object_set_new(root, "cmdline", json_pack("{s:o,s:o,s:b,s:o}",
		"proc", rmem_report_jstr(in->cmdline), "bootargs", rmem_report_jstr(in->bootargs),
		"drift", in->cmdline_drift,
		"followed", in->followed ? json_string(in->followed) : json_null())))
		goto fail;
	if (root && (json_object_set_new(root, "reservations", jreserve(in)) ||
		     json_object_set_new(root, "fdt_addr", jopt(in->fdt_addr_set, in->fdt_addr)) ||
		     json_object_set_new(root, "regions", jregions(in)) ||
		     json_object_set_new(root, "lines", jlines(in)) ||
		     json_object_set_new(root, "cma_live", jcma(in)) ||
		     json_object_set_new(root, "cma_failures", jcma_failures(in)) ||
		     json_object_set_new(root, "devices", jdevices(in)) ||
		     json_object_set_new(root, "devices_read", json_boolean(in->has_devices)) ||
		     json_object_set_new(root, "cma_total_kib", jopt(in->has_meminfo_cma, in->cma_total_kib)) ||
		     json_object_set_new(root, "cma_free_kib", jopt(in->has_meminfo_cma, in->cma_free_kib)) ||
		     json_object_set_new(root, "predicted_cma_kib", jopt(in->ctx, in->predicted_cma_kib)) ||
		     json_object_set_new(root, "problems", jlist(in->problems, in->nr_problems)) ||
		     json_object_set_new(root, "drift", jlist(in->drift, in->nr_drift))))
		goto fail;
	return rmem_report_json_dump(root, out);
fail:
	json_decref(root);
	return -ENOMEM;
}

int rmem_report_inspect(const struct rmem_inspect *in, enum rmem_report_format format, FILE *out)
{
	switch (format) {
	case RMEM_REPORT_TEXT:
		return write_text(in, out);
	case RMEM_REPORT_JSON:
		return write_json(in, out);
	default:
		return -EINVAL;
	}
}
