// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem diff: two booted machines compared region by region (matched by
 * the node's path), then the default CMA area, CmaTotal, the kernel's
 * errors and its reserved-memory lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <rmem/cma.h>
#include <rmem/diff.h>

#include "internal.h"

static bool node_placed(const struct rmem_rmem_node *n)
{
	return n->size && (n->state == RMEM_NODE_RESERVED || n->state == RMEM_NODE_INITIALIZED ||
			   n->state == RMEM_NODE_HANDLER_FAILED);
}

static void side_of(const struct rmem_rmem_node *n, struct rmem_diff_side *s)
{
	bool failed = n->state == RMEM_NODE_RESERVED && n->reserve_failed;

	s->present = true;
	s->placed = node_placed(n);
	s->ok = (n->state == RMEM_NODE_RESERVED && !failed) || n->state == RMEM_NODE_INITIALIZED;
	s->base = n->base;
	s->size = n->size;
	s->state = failed ? "failed" : rmem_rmem_state_name(n->state);
	s->handler = n->handler ? n->handler->name : NULL;
	s->reason = n->reason;
}

static bool same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static unsigned int changes_of(const struct rmem_diff_side *a, const struct rmem_diff_side *b)
{
	unsigned int c = 0;

	if (!a->present || !b->present)
		return a->present ? RMEM_DIFF_ONLY_A : RMEM_DIFF_ONLY_B;
	if (a->placed && b->placed && a->base != b->base)
		c |= RMEM_DIFF_MOVED;
	/* a region one side never sized (skipped, ignored) changed its outcome, not its size */
	if (a->size && b->size && a->size != b->size)
		c |= RMEM_DIFF_RESIZED;
	if (a->ok && !b->ok)
		c |= RMEM_DIFF_NEWLY_FAILING;
	else if (!a->ok && b->ok)
		c |= RMEM_DIFF_NEWLY_SUCCEEDING;
	else if (strcmp(a->state, b->state) || !same_text(a->handler, b->handler) ||
		 a->placed != b->placed)
		c |= RMEM_DIFF_OUTCOME;
	return c;
}

/* The node's path in the tree the machine booted; a node with none is named as recorded. */
static char *node_path(const struct rmem_ctx *ctx, const struct rmem_rmem_node *n)
{
	char buf[1024];

	if (n->fdt_node < 0 || fdt_get_path(ctx->fdt->blob, n->fdt_node, buf, sizeof(buf)))
		return strdup(n->name);
	return strdup(buf);
}

static struct rmem_diff_region *find_region(struct rmem_diff *d, size_t upto, const char *path)
{
	for (size_t i = 0; i < upto; i++)
		if (!d->regions[i].b.present && !strcmp(d->regions[i].path, path))
			return &d->regions[i];
	return NULL;
}

static int add_side(struct rmem_diff *d, const struct rmem_ctx *ctx, bool is_b, size_t nr_a)
{
	for (unsigned int i = 0; i < ctx->rm.node_count; i++) {
		const struct rmem_rmem_node *n = &ctx->rm.nodes[i];
		char *path = node_path(ctx, n);
		struct rmem_diff_region *r = is_b ? find_region(d, nr_a, path) : NULL;

		if (!path)
			return -ENOMEM;
		if (r) {
			free(path);
		} else {
			r = &d->regions[d->nr_regions++];
			r->path = path;
		}
		side_of(n, is_b ? &r->b : &r->a);
	}
	return 0;
}

static int compare_regions(struct rmem_diff *d, const struct rmem_ctx *a, const struct rmem_ctx *b)
{
	int ret;

	d->regions = calloc((size_t)a->rm.node_count + b->rm.node_count + 1, sizeof(*d->regions));
	if (!d->regions)
		return -ENOMEM;
	ret = add_side(d, a, false, 0);
	if (!ret)
		ret = add_side(d, b, true, d->nr_regions);
	for (size_t i = 0; !ret && i < d->nr_regions; i++) {
		struct rmem_diff_region *r = &d->regions[i];

		r->changes = changes_of(&r->a, &r->b);
		d->layout_differs |= r->changes != 0;
	}
	return ret;
}

/* As rmem_report_kernel_errors() counts them: a message's further lines are the same error. */
static size_t error_records(const struct rmem_log *log)
{
	size_t n = 0;

	for (size_t i = 0; i < log->nr; i++)
		n += !log->lines[i].cont && log->lines[i].level <= RMEM_LOG_ERR;
	return n;
}

/* What one side has as a whole: the default area, CmaTotal, its errors, its kernel. */
static void side_totals(struct rmem_diff *d, struct rmem_ctx *ctx, int side)
{
	struct rmem_cma *cma = ctx->dma.contiguous_default_area;
	uint64_t page_kb = rmem_profile_page_size(&ctx->profile) >> 10;

	if (cma)
		d->default_cma[side] = (struct rmem_diff_cma){
			.present = true, .base = rmem_cma_get_base(cma), .size = rmem_cma_get_size(cma),
		};
	d->cma_total_kb[side] = (uint64_t)rmem_cma_total_pages(ctx) * page_kb;
	d->kernel_errors[side] = error_records(&ctx->log) + (rmem_crashed(ctx) != NULL);
	d->crash[side] = rmem_crashed(ctx);
	d->kernel[side] = ctx->profile.name;
}

/* The lines of @log that @pick takes, in order; NULL when out of memory. */
static const char **pick_lines(const struct rmem_log *log,
			       bool (*pick)(const struct rmem_log *log, size_t i), size_t *nr)
{
	const char **v = malloc((log->nr + 1) * sizeof(*v));

	*nr = 0;
	for (size_t i = 0; v && i < log->nr; i++)
		if (pick(log, i))
			v[(*nr)++] = log->lines[i].text;
	return v;
}

static bool is_error(const struct rmem_log *log, size_t i)
{
	while (i && log->lines[i].cont)
		i--;
	return log->lines[i].level <= RMEM_LOG_ERR;
}

/* Keeps the changed lines of @d's script only. */
static void changed_only(struct rmem_diff_line *v, size_t *nr)
{
	size_t n = 0;

	for (size_t i = 0; i < *nr; i++)
		if (v[i].op != ' ')
			v[n++] = v[i];
	*nr = n;
}

static int compare_lines(const struct rmem_log *a, const struct rmem_log *b,
			 bool (*pick)(const struct rmem_log *log, size_t i),
			 struct rmem_diff_line **out, size_t *nr)
{
	size_t na, nb;
	const char **la = pick_lines(a, pick, &na), **lb = pick_lines(b, pick, &nb);
	int ret = la && lb ? rmem_diff_lines(la, na, lb, nb, out, nr) : -ENOMEM;

	free(la);
	free(lb);
	return ret;
}

static bool script_changes(const struct rmem_diff_line *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (v[i].op != ' ')
			return true;
	return false;
}

int rmem_diff_compare(struct rmem_ctx *a, struct rmem_ctx *b, struct rmem_diff **out)
{
	struct rmem_diff *d;
	int ret;

	if (!a->fdt || !b->fdt)
		return -EINVAL;
	if (a->log.oom || b->log.oom)
		return -ENOMEM;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	ret = compare_regions(d, a, b);
	if (!ret)
		ret = compare_lines(&a->log, &b->log, rmem_log_shown, &d->log, &d->nr_log);
	if (!ret)
		ret = compare_lines(&a->log, &b->log, is_error, &d->errors, &d->nr_errors);
	if (ret) {
		rmem_diff_free(d);
		return ret;
	}
	changed_only(d->errors, &d->nr_errors);
	side_totals(d, a, 0);
	side_totals(d, b, 1);
	d->layout_differs |= d->default_cma[0].present != d->default_cma[1].present ||
			     d->default_cma[0].base != d->default_cma[1].base ||
			     d->default_cma[0].size != d->default_cma[1].size ||
			     d->cma_total_kb[0] != d->cma_total_kb[1];
	d->outcome_differs = d->nr_errors || !same_text(d->crash[0], d->crash[1]);
	d->log_differs = script_changes(d->log, d->nr_log);
	*out = d;
	return 0;
}

size_t rmem_diff_changes(const struct rmem_diff *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nr_regions; i++)
		n += d->regions[i].changes != 0;
	return n;
}

void rmem_diff_free(struct rmem_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nr_regions; i++)
		free(d->regions[i].path);
	free(d->regions);
	free(d->errors);
	free(d->log);
	free(d);
}

bool rmem_diff_differs(const struct rmem_diff *d, bool ignore_log)
{
	return d->layout_differs || (!ignore_log && (d->outcome_differs || d->log_differs));
}
