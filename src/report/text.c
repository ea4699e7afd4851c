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

/* The RESULT column: a word or two; the numbered notes say the rest. */
static const char *state_words(const struct rmem_rmem_node *n)
{
	switch (n->state) {
	case RMEM_NODE_DISABLED:
		return "disabled";
	case RMEM_NODE_IGNORED:
	case RMEM_NODE_INVALID:
		return "skipped";
	case RMEM_NODE_NOT_SAVED:
		return "dropped";
	case RMEM_NODE_ALLOC_FAILED:
		return "NO ROOM";
	case RMEM_NODE_RESERVED:
		return n->reserve_failed ? "FAILED" : "reserved";
	case RMEM_NODE_INITIALIZED:
		return "ok";
	case RMEM_NODE_HANDLER_FAILED:
		return "REFUSED";
	}
	return "?";
}

static bool node_placed(const struct rmem_rmem_node *n)
{
	return n->size && (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED ||
			   n->state == RMEM_NODE_HANDLER_FAILED);
}

static void flags_str(char *buf, size_t len, const struct rmem_rmem_node *n)
{
	snprintf(buf, len, "%s%s%s", n->dynamic ? "dyn" : "fixed", n->nomap ? ",nomap" : "",
		 n->reusable ? ",reuse" : "");
}

struct row {
	const char *name;
	bool placed;
	rmem_phys_t base;
	uint64_t size;
	const char *kind;
	const char *flags;
	const char *result;
	int note;
};

#define NAME_WIDTH 18
#define ROW_FMT "%-18s %-11s %-11s %7s %-4s %-11.11s %s\n"

static void print_row(FILE *out, const struct row *r)
{
	char b[24] = "-", e[24] = "-", sz[24] = "-", res[32];

	if (r->placed) {
		snprintf(b, sizeof(b), "%#" PRIx64, r->base);
		snprintf(e, sizeof(e), "%#" PRIx64, r->base + r->size);
	}
	if (r->size)
		size_str(sz, sizeof(sz), r->size);
	if (r->note)
		snprintf(res, sizeof(res), "%s [%d]", r->result, r->note);
	else
		snprintf(res, sizeof(res), "%s", r->result);
	/* a long name gets a line of its own rather than lose its unit address */
	if (strlen(r->name) > NAME_WIDTH)
		fprintf(out, "%s\n", r->name);
	fprintf(out, ROW_FMT, strlen(r->name) > NAME_WIDTH ? "" : r->name, b, e, sz, r->kind,
		r->flags, res);
}

/* @lead then @text, wrapped at 79 columns, further lines indented by 7. */
static void print_wrapped(FILE *out, const char *lead, const char *text)
{
	int col = fprintf(out, "%s", lead);
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (col + 1 + (int)word > 79 && col > 8) {
			fprintf(out, "\n       ");
			col = 7;
		} else {
			fputc(' ', out);
			col++;
		}
		col += fprintf(out, "%.*s", (int)word, p);
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

static bool cma_is_a_node(struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == cma)
			return true;
	return false;
}

static void print_table(struct rmem_ctx *ctx, FILE *out)
{
	int notes = 0;

	fprintf(out, ROW_FMT, "REGION", "BASE", "END", "SIZE", "KIND", "FLAGS", "RESULT");
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		char flags[32];
		struct row r = { .name = n->name, .placed = node_placed(n), .base = n->base,
				 .size = n->size, .flags = flags, .result = state_words(n),
				 .kind = n->handler ? n->handler->name : "-" };

		flags_str(flags, sizeof(flags), n);
		r.note = n->reason[0] ? ++notes : 0;
		print_row(out, &r);
	}
	/* CMA areas no node made: the default area from cma= or the kernel's config */
	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		struct rmem_cma *cma = rmem_cma_area(ctx, i);
		struct row r = { .name = rmem_cma_get_name(cma), .placed = true, .kind = "cma",
				 .base = rmem_cma_get_base(cma), .size = rmem_cma_get_size(cma),
				 .flags = cma == ctx->dma.contiguous_default_area ? "default" : "-",
				 .result = "ok" };

		if (!cma_is_a_node(ctx, cma))
			print_row(out, &r);
	}
	if (!notes)
		return;
	fprintf(out, "\n");
	notes = 0;
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (n->reason[0]) {
			char lead[96];

			snprintf(lead, sizeof(lead), "[%d] %s:", ++notes, n->name);
			print_wrapped(out, lead, n->reason);
		}
	}
}

/*
 * The RAM banks: memblock's memory regions, joined where only flags split
 * them.  Returns how many there are; fills at most @max of them.
 */
static size_t ram_banks(const struct rmem_memblock_type *mem, rmem_phys_t *base,
			rmem_phys_t *end, size_t max)
{
	rmem_phys_t prev_end = 0;
	size_t n = 0;

	for (size_t i = 0; i < mem->cnt; i++) {
		const struct rmem_memblock_region *r = &mem->regions[i];

		if (!r->size)
			continue;
		if (!n || prev_end != r->base) {
			if (n < max)
				base[n] = r->base;
			n++;
		}
		prev_end = r->base + r->size;
		if (n <= max)
			end[n - 1] = prev_end;
	}
	return n;
}

/* "Kernel arm64-6.1", "Kernel arm64-6.1 + FILE" (a .config over it), or "Kernel FILE" */
static void print_kernel(FILE *out, const struct rmem_profile *p)
{
	if (!p->config[0])
		fprintf(out, "Kernel %s", p->name);
	else if (strcmp(p->name, RMEM_PROFILE_CONFIG_NAME))
		fprintf(out, "Kernel %s + %s", p->name, p->config);
	else
		fprintf(out, "Kernel %s", p->config);
}

static void print_header(struct rmem_ctx *ctx, FILE *out)
{
	rmem_phys_t base[4], end[4];
	size_t banks = ram_banks(&ctx->memblock.memory, base, end, 4);
	char total[24], list[160] = "";
	size_t used = 0;

	size_str(total, sizeof(total), rmem_memblock_phys_mem_size(&ctx->memblock));
	print_kernel(out, &ctx->profile);
	fprintf(out, ", %s of RAM in %zu bank%s\n", total, banks, banks == 1 ? "" : "s");
	for (size_t i = 0; i < banks && i < 4; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%#" PRIx64 "-%#" PRIx64,
					 i ? ", " : "", base[i], end[i]);
	if (banks > 4)
		snprintf(list + used, sizeof(list) - used, ", ...");
	if (banks)
		print_wrapped(out, "RAM:", list);
	if (ctx->boot_command_line && *ctx->boot_command_line)
		fprintf(out, "Command line: %.63s%s\n", ctx->boot_command_line,
			strlen(ctx->boot_command_line) > 63 ? "..." : "");
	fprintf(out, "\n");
}

static void print_totals(struct rmem_ctx *ctx, FILE *out)
{
	uint64_t page_kb = rmem_profile_page_size(&ctx->profile) >> 10;
	size_t errors = rmem_report_kernel_errors(ctx);

	fprintf(out, "\nCmaTotal:        %8" PRIu64 " kB\n",
		(uint64_t)rmem_cma_total_pages(ctx) * page_kb);
	fprintf(out, "Kernel errors:   %8zu%s\n", errors,
		errors ? "  (see --format log)" : "");
	if (rmem_crashed(ctx)) {
		fputc('\n', out);
		print_wrapped(out, "THE KERNEL CRASHES:", rmem_crashed(ctx));
	}
}

int rmem_report_text(struct rmem_ctx *ctx, FILE *out)
{
	print_header(ctx, out);
	print_table(ctx, out);
	print_totals(ctx, out);
	return 0;
}
