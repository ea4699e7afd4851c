// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `text` format: one line per region in an 80-column table, the
 * reasons for anything that went wrong below it, then the totals.
 */
#include <inttypes.h>
#include <string.h>

#include <rmem/report.h>

#include "internal.h"
#include "report/report_internal.h"

static void size_str(char *buf, size_t len, uint64_t size)
{
	if (size && !(size % (1ULL << 30)))
		snprintf(buf, len, "%" PRIu64 " GiB", size >> 30);
	else if (size && !(size % (1ULL << 20)))
		snprintf(buf, len, "%" PRIu64 " MiB", size >> 20);
	else if (size && !(size % 1024))
		snprintf(buf, len, "%" PRIu64 " KiB", size >> 10);
	else
		snprintf(buf, len, "%" PRIu64 " B", size);
}

static const char *state_words(const struct rmem_rmem_node *n)
{
	switch (n->state) {
	case RMEM_NODE_DISABLED:
		return "disabled: skipped";
	case RMEM_NODE_IGNORED:
		return "no reg, no size: skipped";
	case RMEM_NODE_INVALID:
		return "invalid: skipped";
	case RMEM_NODE_NOT_SAVED:
		return "array full: dropped";
	case RMEM_NODE_ALLOC_FAILED:
		return "FAILED: no room";
	case RMEM_NODE_RESERVED:
		return n->reserve_failed ? "FAILED to reserve" : "reserved, no handler";
	case RMEM_NODE_INITIALIZED:
		return !strcmp(n->handler->name, "cma") ? "CMA area" : "DMA pool";
	case RMEM_NODE_HANDLER_FAILED:
		return "FAILED: refused";
	}
	return "?";
}

static bool node_has_note(const struct rmem_rmem_node *n)
{
	return n->reason[0] != '\0';
}

static void flags_str(char *buf, size_t len, const struct rmem_rmem_node *n)
{
	snprintf(buf, len, "%s%s%s%s", n->dynamic ? "dyn" : "fixed",
		 n->nomap ? ",no-map" : "", n->reusable ? ",reusable" : "", "");
}

static void print_row(FILE *out, const char *name, bool placed, rmem_phys_t base,
		      uint64_t size, const char *flags, const char *result, int note)
{
	char b[24] = "-", s[24] = "-", r[40];

	if (placed)
		snprintf(b, sizeof(b), "%#" PRIx64, base);
	if (size)
		size_str(s, sizeof(s), size);
	if (note)
		snprintf(r, sizeof(r), "%s [%d]", result, note);
	else
		snprintf(r, sizeof(r), "%s", result);
	fprintf(out, "%-20.20s %-12s %9s  %-18.18s %s\n", name, b, s, flags, r);
}

static bool cma_is_a_node(struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->reserved_mem_count; i++)
		if (ctx->reserved_mem[i].priv == cma)
			return true;
	return false;
}

static void print_table(struct rmem_ctx *ctx, FILE *out)
{
	int notes = 0;

	fprintf(out, "%-20s %-12s %9s  %-18s %s\n", "REGION", "BASE", "SIZE", "FLAGS", "RESULT");
	for (unsigned int i = 0; i < ctx->rmem_node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rmem_nodes[i];
		char flags[32];

		flags_str(flags, sizeof(flags), n);
		print_row(out, n->name, n->size && n->state >= RMEM_NODE_RESERVED, n->base, n->size,
			  flags, state_words(n), node_has_note(n) ? ++notes : 0);
	}
	/* CMA areas no node made: the default area from cma= or the kernel's config */
	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		struct rmem_cma *cma = rmem_cma_area(ctx, i);

		if (cma_is_a_node(ctx, cma))
			continue;
		print_row(out, rmem_cma_get_name(cma), true, rmem_cma_get_base(cma),
			  rmem_cma_get_size(cma), "cmdline/config",
			  cma == ctx->dma_contiguous_default_area ? "default CMA area" : "CMA area", 0);
	}
	if (!notes)
		return;
	fprintf(out, "\n");
	notes = 0;
	for (unsigned int i = 0; i < ctx->rmem_node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rmem_nodes[i];

		if (node_has_note(n))
			fprintf(out, "[%d] %s: %s\n", ++notes, n->name, n->reason);
	}
}

/* The RAM banks: memblock's memory regions, joined where only flags split them. */
static size_t ram_banks(const struct rmem_memblock_type *mem, rmem_phys_t *base,
			rmem_phys_t *end, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];

		if (!r->size)
			continue;
		if (n && end[n - 1] == r->base) {
			end[n - 1] = r->base + r->size;
			continue;
		}
		if (n < max) {
			base[n] = r->base;
			end[n] = r->base + r->size;
		}
		n++;
	}
	return n;
}

static void print_header(struct rmem_ctx *ctx, FILE *out)
{
	rmem_phys_t base[4], end[4];
	size_t banks = ram_banks(&ctx->memblock.memory, base, end, 4);
	char total[24];

	size_str(total, sizeof(total), rmem_memblock_phys_mem_size(&ctx->memblock));
	fprintf(out, "Kernel %s, %s of RAM in %zu bank%s", ctx->profile.name, total, banks,
		banks == 1 ? "" : "s");
	for (size_t i = 0; i < banks && i < 4; i++)
		fprintf(out, "%s%#" PRIx64 "-%#" PRIx64, i ? ", " : ": ", base[i], end[i]);
	fprintf(out, "%s\n", banks > 4 ? ", ..." : "");
	if (ctx->boot_command_line && *ctx->boot_command_line)
		fprintf(out, "Command line: %.66s%s\n", ctx->boot_command_line,
			strlen(ctx->boot_command_line) > 66 ? "..." : "");
	fprintf(out, "\n");
}

static void print_totals(struct rmem_ctx *ctx, FILE *out)
{
	uint64_t page_kb = rmem_profile_page_size(&ctx->profile) >> 10;
	size_t errors = rmem_report_kernel_errors(ctx);

	fprintf(out, "\nCmaTotal:        %8lu kB\n", rmem_cma_total_pages(ctx) * page_kb);
	fprintf(out, "Kernel errors:   %8zu%s\n", errors,
		errors ? "  (see --format log)" : "");
	if (rmem_ctx_crashed(ctx))
		fprintf(out, "\nTHE KERNEL CRASHES: %s\n", rmem_ctx_crashed(ctx));
}

int rmem_report_text(struct rmem_ctx *ctx, FILE *out)
{
	print_header(ctx, out);
	print_table(ctx, out);
	print_totals(ctx, out);
	return 0;
}
