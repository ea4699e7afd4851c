// SPDX-License-Identifier: GPL-2.0-only
/*
 * The `text` format: one line per region in an 80-column table, the
 * reasons for anything that went wrong below it, then the totals.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
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
/*
 * The notes: one per reason, the nodes whose reasons read the same sharing
 * it, numbered in the order their first node comes.
 */
struct notes {
	int *of_node;			/* by node record: its note's number, 0 for none */
	unsigned int *node;		/* the nodes with a reason, by reason then tree order */
	unsigned int nr_nodes;
	struct note {
		unsigned int first, count;	/* its run in @node */
	} *note;			/* by number - 1 */
	unsigned int nr;
};

static int by_reason(const void *a, const void *b, void *arg)
{
	const struct rmem_rmem_node *nodes = arg;
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;
	int c = strcmp(nodes[x].reason, nodes[y].reason);

	return c ? c : (x > y) - (x < y);
}

static int by_first_node(const void *a, const void *b, void *arg)
{
	const unsigned int *node = arg;
	unsigned int x = node[((const struct note *)a)->first];
	unsigned int y = node[((const struct note *)b)->first];

	return (x > y) - (x < y);
}

static void notes_free(struct notes *nt)
{
	free(nt->of_node);
	free(nt->node);
	free(nt->note);
}

static int notes_number(const struct rmem_ctx *ctx, struct notes *nt)
{
	unsigned int count = ctx->rm.node_count;

	memset(nt, 0, sizeof(*nt));
	nt->of_node = calloc(count + 1, sizeof(*nt->of_node));
	nt->node = malloc((count + 1) * sizeof(*nt->node));
	nt->note = malloc((count + 1) * sizeof(*nt->note));
	if (!nt->of_node || !nt->node || !nt->note) {
		notes_free(nt);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < count; i++)
		if (ctx->rm.nodes[i].reason[0])
			nt->node[nt->nr_nodes++] = i;
	qsort_r(nt->node, nt->nr_nodes, sizeof(*nt->node), by_reason, ctx->rm.nodes);
	for (unsigned int i = 0; i < nt->nr_nodes; i++) {
		if (!i || strcmp(ctx->rm.nodes[nt->node[i]].reason,
				 ctx->rm.nodes[nt->node[i - 1]].reason))
			nt->note[nt->nr++] = (struct note){ i, 0 };
		nt->note[nt->nr - 1].count++;
	}
	qsort_r(nt->note, nt->nr, sizeof(*nt->note), by_first_node, nt->node);
	for (unsigned int k = 0; k < nt->nr; k++)
		for (unsigned int j = 0; j < nt->note[k].count; j++)
			nt->of_node[nt->node[nt->note[k].first + j]] = (int)k + 1;
	return 0;
}

static void for_each_row(struct rmem_ctx *ctx, const struct notes *nt,
			 void (*fn)(const struct row *r, void *arg), void *arg)
{
	struct row r;

	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		char flags[32];

		flags_str(flags, sizeof(flags), n);
		set_row(&r, n->name, node_placed(n), n->base, n->size,
			n->handler ? n->handler->name : "-", flags, state_words(n),
			nt->of_node[i]);
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

/* "[N] a@1, b@2: reason": the names whole, the line wrapped at 79 columns. */
static void print_note(FILE *out, const struct rmem_ctx *ctx, const struct notes *nt,
		       unsigned int k)
{
	const struct note *note = &nt->note[k];
	int col = fprintf(out, "[%u]", k + 1);

	for (unsigned int j = 0; j < note->count; j++) {
		const char *name = ctx->rm.nodes[nt->node[note->first + j]].name;
		int len = (int)strlen(name) + 1;

		if (j && col + 1 + len > 79) {
			fprintf(out, "\n      ");
			col = 6;
		}
		fputc(' ', out);
		put_name(out, name);
		fputc(j + 1 < note->count ? ',' : ':', out);
		col += 1 + len;
	}
	print_wrapped_at(out, col, ctx->rm.nodes[nt->node[note->first]].reason);
}

/* Every column as wide as its widest cell: no name is cut or wrapped (docs/plan-text.md). */
static void print_table(struct rmem_ctx *ctx, const struct notes *nt, FILE *out)
{
	size_t width[NR_COLUMNS];
	struct printing p = { .out = out, .width = width };
	struct row head = { .name = column_names[C_REGION] };

	for (int c = 0; c < NR_COLUMNS; c++) {
		width[c] = strlen(column_names[c]);
		snprintf(head.cell[c], sizeof(head.cell[c]), "%s", column_names[c]);
	}
	for_each_row(ctx, nt, widen, width);
	print_row(out, &head, width);
	for_each_row(ctx, nt, print_one, &p);
	if (nt->nr)
		fprintf(out, "\n");
	for (unsigned int k = 0; k < nt->nr; k++)
		print_note(out, ctx, nt, k);
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

/* --kernel-image, --uboot-env: what rmem derived from them, and how. */
static void print_boot_chain(const struct rmem_ctx *ctx, FILE *out)
{
	const struct rmem_boot_chain *c = &ctx->chain;
	char range[96];

	if (!ctx->has_chain)
		return;
	for (size_t i = 0; i < c->nr_reserve; i++) {
		snprintf(range, sizeof(range), "%#" PRIx64 "-%#" PRIx64 " %s", c->reserve[i].base,
			 c->reserve[i].base + c->reserve[i].size, c->reserve[i].what);
		print_wrapped(out, "Boot chain: reserves", range);
	}
	if (c->fdt_addr_set)
		fprintf(out, "Boot chain: the DTB at %#" PRIx64 "\n", c->fdt_addr);
	for (size_t i = 0; i < c->nr_notes; i++)
		print_wrapped(out, "Boot chain:", c->notes[i]);
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
	print_boot_chain(ctx, out);
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
	struct notes nt;

	if (notes_number(ctx, &nt))
		return -ENOMEM;
	print_header(ctx, out);
	print_table(ctx, &nt, out);
	print_totals(ctx, out);
	notes_free(&nt);
	return 0;
}
