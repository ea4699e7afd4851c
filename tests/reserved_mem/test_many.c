// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trees of many regions, where rmem answers its lookups by bisection
 * rather than by the kernel's linear walks: the node records (one per
 * region node, found again by each step of both scans) and the test for
 * memory under a no-map region (memblock_overlaps_region() on
 * memblock.memory, which no-map regions split).  The answers must be the
 * linear walks' answers.
 */
#include <libfdt.h>

#include "rm_fixture.h"
#include "../memblock/memblock_kernels.h"

/* The nodes each version takes for regions, in walk order (see tree.c). */
static unsigned int expected_nodes(const void *blob, bool descendants, int *out, unsigned int max)
{
	int root = fdt_path_offset(blob, "/reserved-memory");
	unsigned int n = 0;
	int depth = 0;

	assert_true(root >= 0);
	for (int off = fdt_next_node(blob, root, &depth); off >= 0 && depth > 0;
	     off = fdt_next_node(blob, off, &depth)) {
		if (depth != 1 && !descendants)
			continue;
		assert_true(n < max);
		out[n++] = off;
	}
	return n;
}

/*
 * Every record and every reserved_mem[] entry agree: one record per region
 * node, in DT order, and each entry and its record pointing at each other.
 */
static void assert_records(struct rmem_ctx *ctx, const int *nodes, unsigned int nr)
{
	assert_int_equal(rmem_rmem_node_count(ctx), nr);
	for (unsigned int i = 0; i < nr; i++) {
		const struct rmem_rmem_node *n = rmem_rmem_node_at(ctx, i);

		assert_int_equal(n->fdt_node, nodes[i]);
		if (n->rmem_index < 0)
			continue;
		assert_true((unsigned int)n->rmem_index < rmem_reserved_mem_count(ctx));
		assert_int_equal(rmem_reserved_mem_at(ctx, (unsigned int)n->rmem_index)->node_index,
				 (int)i);
	}
	for (unsigned int i = 0; i < rmem_reserved_mem_count(ctx); i++) {
		const struct rmem_reserved_mem *r = rmem_reserved_mem_at(ctx, i);

		assert_true(r->node_index >= 0 && (unsigned int)r->node_index < nr);
		assert_int_equal(nodes[r->node_index], r->fdt_node);
		assert_int_equal(rmem_rmem_node_at(ctx, (unsigned int)r->node_index)->rmem_index,
				 (int)i);
	}
}

#define MANY 300

/*
 * A mix of static, dynamic, disabled and invalid children, every fifth
 * with two children of its own, which 5.10's of_scan_flat_dt() walk
 * (drivers/of/fdt.c:544 in 5.10) takes for regions too and 6.1, 6.12 do
 * not.
 */
static void build_mix(struct rmem_test_dt *dt)
{
	char name[32];

	rm_dt_begin(dt);
	for (unsigned int i = 0; i < MANY; i++) {
		uint64_t base = 0x50000000ULL + i * 0x10000ULL;

		snprintf(name, sizeof(name), "r%u@%llx", i, (unsigned long long)base);
		rmem_test_dt_begin_node(dt, name);
		if (i % 7 == 3)
			rmem_test_dt_prop_u64(dt, "size", 0x1000);
		else if (i % 11 == 5)
			RMEM_TEST_DT_CELLS(dt, "reg", 0, (uint32_t)base, 0x1000);	/* invalid */
		else
			RMEM_TEST_DT_REG(dt, "reg", base, 0x1000);
		if (i % 13 == 6)
			rmem_test_dt_prop_string(dt, "status", "disabled");
		if (i % 3 == 1)
			rmem_test_dt_prop_empty(dt, "no-map");
		for (unsigned int j = 0; i % 5 == 0 && j < 2; j++) {
			snprintf(name, sizeof(name), "sub%u@%llx", j,
				 (unsigned long long)(base + 0x4000 * (j + 1)));
			rmem_test_dt_begin_node(dt, name);
			RMEM_TEST_DT_REG(dt, "reg", base + 0x4000 * (j + 1), 0x1000);
			rmem_test_dt_end_node(dt);
		}
		rmem_test_dt_end_node(dt);
	}
}

/*
 * Whether the kernel of @profile boots build_mix(): its hundred no-map
 * regions split memblock.memory into more ranges than arm's static array
 * holds (128), which 6.12 cannot grow that early and panics on (armhf-6.12's
 * boot of conformance case 073); 5.10 and 6.1 drop the rest silently.
 */
static bool boots_the_mix(const char *profile)
{
	struct rmem_profile p = rmem_test_profile(profile);

	return rmem_test_profile_is(&p, RMEM_TEST_ARM64) || !mb_full_panics(profile);
}

/*
 * rmem's records (nodes.c) after both scans of every version: the node
 * lookups of early_init_fdt_scan_reserved_mem() and 6.12's
 * fdt_scan_reserved_mem_reg_nodes() found the record each node got on its
 * first sight, so none is made twice and none is missing.
 */
static void test_records_in_dt_order(void **state)
{
	static int nodes[4 * MANY];

	rmem_test_for_each_profile_if(it, RMEM_TEST_ALL, boots_the_mix) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		unsigned int nr;

		build_mix(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		nr = expected_nodes(f.blob, rm_flat_scan(it.name), nodes, 4 * MANY);
		assert_int_equal(nr, rm_flat_scan(it.name) ? MANY + 2 * (MANY / 5) : MANY);
		assert_records(f.ctx, nodes, nr);
		/* each step found the one record: the later steps' words are there */
		assert_int_equal(rm_node(f.ctx, "r3@50030000")->dynamic, true);
		assert_int_equal(rm_node(f.ctx, "r6@50060000")->state, RMEM_NODE_DISABLED);
		/* 7.2 reads a reg of a bad length as none */
		assert_int_equal(rm_node(f.ctx, "r5@50050000")->state,
				 rm_whole_entries(it.name) ? RMEM_NODE_IGNORED : RMEM_NODE_INVALID);
		rm_free(&f);
	}
}

/*
 * The early scan run twice on one context (a caller may): the second walk
 * finds every record of the first and makes none.
 */
static void test_records_scan_again(void **state)
{
	static int nodes[4 * MANY];

	rmem_test_for_each_profile_if(it, RMEM_TEST_ALL, boots_the_mix) {
		struct rmem_test_dt dt;
		struct rm_fixture f;
		unsigned int nr;

		build_mix(&dt);
		rm_boot(&f, it.name, &dt, NULL);
		rm_scan(&f);
		nr = expected_nodes(f.blob, rm_flat_scan(it.name), nodes, 4 * MANY);
		assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(f.ctx), 0);
		assert_int_equal(rmem_rmem_node_count(f.ctx), nr);
		for (unsigned int j = 0; j < nr; j++)
			assert_int_equal(rmem_rmem_node_at(f.ctx, j)->fdt_node, nodes[j]);
		rm_free(&f);
	}
}

/* ---- the no-map check against a linear model ---- */

#define WIN_BASE	0x40000000ULL
#define WIN_PAGES	4096ULL		/* 16 MiB of 4 KiB pages */
#define PG		0x1000ULL
#define MAX_RANGES	64

struct range {
	rmem_phys_t base, size;
};

struct nomap_model {
	struct range memory[MAX_RANGES], reserved[MAX_RANGES];
	unsigned int nr_memory, nr_reserved;
};

static bool overlaps_any(const struct range *r, unsigned int nr, rmem_phys_t base,
			 rmem_phys_t size)
{
	for (unsigned int i = 0; i < nr; i++)
		if (base < r[i].base + r[i].size && r[i].base < base + size)
			return true;
	return false;
}

static void model_add(struct range *r, unsigned int *nr, rmem_phys_t base, rmem_phys_t size)
{
	assert_true(*nr < MAX_RANGES);
	r[*nr].base = base;
	r[(*nr)++].size = size;
}

/* A random page-aligned range in the window, or just below or above it. */
static struct range random_range(struct rmem_rng *rng, uint64_t max_pages)
{
	struct range r;

	r.base = WIN_BASE - 16 * PG + rmem_rng_below(rng, WIN_PAGES + 32) * PG;
	r.size = (1 + rmem_rng_below(rng, max_pages)) * PG;
	return r;
}

/* Banks in the window with holes between them: what memblock_add() gives. */
static void add_banks(struct rmem_rng *rng, struct rmem_ctx *ctx, struct nomap_model *m)
{
	rmem_phys_t at = WIN_BASE + rmem_rng_below(rng, 64) * PG;

	while (at < WIN_BASE + WIN_PAGES * PG && m->nr_memory < 8) {
		rmem_phys_t size = (1 + rmem_rng_below(rng, 1024)) * PG;

		assert_int_equal(rmem_memblock_add(&ctx->memblock, at, size), 0);
		model_add(m->memory, &m->nr_memory, at, size);
		at += size + (1 + rmem_rng_below(rng, 256)) * PG;
	}
}

/*
 * One random tree: /memreserve/ entries, then static children, some
 * no-map, none with a handler.  Returns the children, in DT order.
 */
static void *build_random(struct rmem_rng *rng, struct range *regs, bool *nomap,
			  unsigned int nr, struct range *memres, unsigned int nr_memres,
			  size_t *size)
{
	struct rmem_test_dt dt;
	char name[32];

	rmem_test_dt_begin(&dt, 2, 2);
	for (unsigned int i = 0; i < nr_memres; i++) {
		memres[i] = random_range(rng, 64);
		rmem_test_dt_memreserve(&dt, memres[i].base, memres[i].size);
	}
	rmem_test_dt_begin_reserved_memory(&dt, 2, 2);
	for (unsigned int i = 0; i < nr; i++) {
		regs[i] = random_range(rng, 128);
		nomap[i] = rmem_rng_below(rng, 3) != 0;
		snprintf(name, sizeof(name), "r%u@%llx", i, (unsigned long long)regs[i].base);
		rmem_test_dt_begin_node(&dt, name);
		RMEM_TEST_DT_REG(&dt, "reg", regs[i].base, regs[i].size);
		if (nomap[i])
			rmem_test_dt_prop_empty(&dt, "no-map");
		rmem_test_dt_end_node(&dt);
	}
	return rmem_test_dt_finish(&dt, size);
}

static void check_one_tree(struct rmem_rng *rng, const char *profile)
{
	bool busy_anywhere = rm_nomap_busy_anywhere(profile);
	bool memreserve_late = rm_reg_nodes_late(profile);
	struct range regs[40], memres[5];
	bool nomap[40];
	unsigned int nr = 1 + (unsigned int)rmem_rng_below(rng, 40);
	unsigned int nr_memres = (unsigned int)rmem_rng_below(rng, 6);
	struct nomap_model m = { 0 };
	struct rmem_ctx *ctx = rmem_test_ctx(profile, 0, 0);
	struct rmem_fdt fdt = { 0 };
	long failures = 0;
	char err[128];
	size_t size;
	void *blob;

	add_banks(rng, ctx, &m);
	blob = build_random(rng, regs, nomap, nr, memres, nr_memres, &size);
	assert_int_equal(rmem_fdt_load_blob(&fdt, blob, size, err, sizeof(err)), 0);
	ctx->fdt = &fdt;
	/* 6.12 reserves /memreserve/ after the regions, 5.10 and 6.1 before */
	for (unsigned int i = 0; i < nr_memres && !memreserve_late; i++)
		model_add(m.reserved, &m.nr_reserved, memres[i].base, memres[i].size);
	assert_int_equal(rmem_early_init_fdt_scan_reserved_mem(ctx), 0);
	for (unsigned int i = 0; i < nr; i++) {
		char name[32];
		const struct rmem_rmem_node *n;
		bool refused = false;

		snprintf(name, sizeof(name), "r%u@%llx", i, (unsigned long long)regs[i].base);
		n = rm_node(ctx, name);
		if (!nomap[i])
			model_add(m.reserved, &m.nr_reserved, regs[i].base, regs[i].size);
		else
			refused = (busy_anywhere || overlaps_any(m.memory, m.nr_memory, regs[i].base,
							 regs[i].size)) &&
				  overlaps_any(m.reserved, m.nr_reserved, regs[i].base,
					       regs[i].size);
		if (n->reserve_failed != refused)
			fprintf(stderr, "%s: %s (no-map %d): refused %d, expected %d\n", profile,
				name, nomap[i], n->reserve_failed, refused);
		assert_int_equal(n->reserve_failed, refused);
		failures += refused;
	}
	assert_int_equal(rmem_test_count_lines(&ctx->log, "failed to reserve memory"), failures);
	rmem_ctx_destroy(ctx);
	rmem_fdt_release(&fdt);
	free(blob);
}

/*
 * early_init_dt_reserve_memory() (6.1 fdt.c:479, 6.12 of_reserved_mem.c:141)
 * refuses a no-map range that is memory (memblock_overlaps_region() on
 * memblock.memory) and already reserved; 5.10's
 * early_init_dt_reserve_memory_arch() (fdt.c:1148) whenever it is
 * reserved.  Random banks with holes, ranges across bank edges and holes,
 * earlier no-map regions splitting memory: every answer as a linear walk
 * over the banks gives it.
 */
static void test_nomap_memory_check(void **state)
{
	struct rmem_rng rng;
	unsigned long trees = rmem_test_ops(300);

	rmem_rng_init(&rng, rmem_test_seed("reserved_mem/test_many"));
	/* the profiles in turn */
	for (unsigned long t = 0; t < trees; t++)
		check_one_tree(&rng, rmem_test_profile_nth(RMEM_TEST_ALL, t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_in_dt_order),
		cmocka_unit_test(test_records_scan_again),
		cmocka_unit_test(test_nomap_memory_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
