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

/* The table's columns, in order; SIZE is right-aligned, the rest left. */
enum { C_REGION, C_BASE, C_END, C_SIZE, C_KIND, C_FLAGS, C_RESULT, NR_COLUMNS };

static const char *const column_names[NR_COLUMNS] = {
	"REGION", "BASE", "END", "SIZE", "KIND", "FLAGS", "RESULT",
};

/* Columns are two spaces apart; no cell holds two spaces in a row, names none. */
#define GAP 2

/* One row's cells; REGION is the node's name, any length. */
struct row {
	const char *name;
	char cell[NR_COLUMNS][32];
};

/* A name's byte as the table prints it: a space, a control byte or a non-ASCII one is '?'. */
static int name_char(unsigned char c)
{
	return c > ' ' && c < 0x7f ? c : '?';
}

static void put_name(FILE *out, const char *name)
{
	for (const char *c = name; *c; c++)
		fputc(name_char((unsigned char)*c), out);
}

static void set_row(struct row *r, const char *name, bool placed, rmem_phys_t base,
		    uint64_t size, const char *kind, const char *flags, const char *result,
		    int note)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	strcpy(r->cell[C_BASE], "-");
	strcpy(r->cell[C_END], "-");
	strcpy(r->cell[C_SIZE], "-");
	if (placed) {
		snprintf(r->cell[C_BASE], sizeof(r->cell[C_BASE]), "%#" PRIx64, base);
		snprintf(r->cell[C_END], sizeof(r->cell[C_END]), "%#" PRIx64, base + size);
	}
	if (size)
		size_str(r->cell[C_SIZE], sizeof(r->cell[C_SIZE]), size);
	snprintf(r->cell[C_KIND], sizeof(r->cell[C_KIND]), "%s", kind);
	snprintf(r->cell[C_FLAGS], sizeof(r->cell[C_FLAGS]), "%s", flags);
	snprintf(r->cell[C_RESULT], sizeof(r->cell[C_RESULT]), note ? "%s [%d]" : "%s", result,
		 note);
}

static size_t cell_width(const struct row *r, int c)
{
	return c == C_REGION ? strlen(r->name) : strlen(r->cell[c]);
}

static void print_row(FILE *out, const struct row *r, const size_t *width)
{
	for (int c = 0; c < NR_COLUMNS; c++) {
		size_t w = cell_width(r, c);
		size_t pad = width[c] > w ? width[c] - w : 0;

		if (c == C_SIZE)
			fprintf(out, "%*s", (int)pad, "");
		if (c == C_REGION)
			put_name(out, r->name);
		else
			fputs(r->cell[c], out);
		if (c == NR_COLUMNS - 1)
			break;
		fprintf(out, "%*s", (int)((c == C_SIZE ? 0 : pad) + GAP), "");
	}
	fputc('\n', out);
}

/* @text after a lead of @col columns, wrapped at 79, further lines indented by 7. */
static void print_wrapped_at(FILE *out, int col, const char *text)
{
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

static void print_wrapped(FILE *out, const char *lead, const char *text)
{
	print_wrapped_at(out, fprintf(out, "%s", lead), text);
}

static bool cma_is_a_node(struct rmem_ctx *ctx, const struct rmem_cma *cma)
{
	for (unsigned int i = 0; i < ctx->rm.reserved_mem_count; i++)
		if (ctx->rm.reserved_mem[i].priv == cma)
			return true;
	return false;
}

/*
 * The table's rows: one per /reserved-memory node, then the CMA areas no
 * node made (the default area from cma= or the kernel's config).  Calls
 * @fn on each.
 */
static void for_each_row(struct rmem_ctx *ctx, void (*fn)(const struct row *r, void *arg),
			 void *arg)
{
	int notes = 0;
	struct row r;

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		char flags[32];

		flags_str(flags, sizeof(flags), n);
		set_row(&r, n->name, node_placed(n), n->base, n->size,
			n->handler ? n->handler->name : "-", flags, state_words(n),
			n->reason[0] ? ++notes : 0);
		fn(&r, arg);
	}
	for (unsigned int i = 0; i < rmem_cma_area_count(ctx); i++) {
		struct rmem_cma *cma = rmem_cma_area(ctx, i);

		if (cma_is_a_node(ctx, cma))
			continue;
		set_row(&r, rmem_cma_get_name(cma), true, rmem_cma_get_base(cma),
			rmem_cma_get_size(cma), "cma",
			cma == ctx->dma.contiguous_default_area ? "default" : "-", "ok", 0);
		fn(&r, arg);
	}
}

static void widen(const struct row *r, void *arg)
{
	size_t *width = arg;

	for (int c = 0; c < NR_COLUMNS; c++)
		if (cell_width(r, c) > width[c])
			width[c] = cell_width(r, c);
}

struct printing {
	FILE *out;
	const size_t *width;
};

static void print_one(const struct row *r, void *arg)
{
	const struct printing *p = arg;

	print_row(p->out, r, p->width);
}

/* Every column as wide as its widest cell: no name is cut or wrapped (docs/plan-text.md). */
static void print_table(struct rmem_ctx *ctx, FILE *out)
{
	size_t width[NR_COLUMNS];
	struct printing p = { .out = out, .width = width };
	struct row head = { .name = column_names[C_REGION] };
	int notes = 0;

	for (int c = 0; c < NR_COLUMNS; c++) {
		width[c] = strlen(column_names[c]);
		snprintf(head.cell[c], sizeof(head.cell[c]), "%s", column_names[c]);
	}
	for_each_row(ctx, widen, width);
	print_row(out, &head, width);
	for_each_row(ctx, print_one, &p);
	for (unsigned int i = 0; i < ctx->rm.node_count; i++)
		notes += ctx->rm.nodes[i].reason[0] != 0;
	if (!notes)
		return;
	fprintf(out, "\n");
	notes = 0;
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];

		if (n->reason[0]) {
			int col = fprintf(out, "[%d] ", ++notes);

			put_name(out, n->name);
			fputc(':', out);
			print_wrapped_at(out, col + (int)strlen(n->name) + 1, n->reason);
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
