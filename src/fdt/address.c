// SPDX-License-Identifier: GPL-2.0-only
/*
 * of_dma_get_max_cpu_address() and what it uses of drivers/of/address.c:
 * the dma-ranges parser (of_pci_range_parser_one()), DMA address
 * translation (__of_translate_address(), of_translate_one()) and the bus
 * translators.  The kernel runs it on the unflattened tree, whose property
 * values point into the blob, so reads past a short property see the same
 * bytes here (rmem_fdt_be32()).
 *
 * Versions: 5.10 knows the PCI, ISA and default buses; 6.1 and 6.12 add
 * "default-flags" (a bus of three address cells, its first a flags cell)
 * and pass the flags cell through a 1:1 translation (6.1 address.c:470,
 * 6.12 :457; 5.10 :477 clears it).  Not modelled: a DMA parent named by
 * interconnects = "dma-mem" (__of_get_dma_parent(): no board Debian ships
 * uses it; rmem takes the plain parent) and indirect-IO hosts (registered
 * by drivers, after zone_sizes_init()).
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "fdt/address.h"
#include "profile/facts.h"

#define pr_fmt "OF: "

#define OF_BAD_ADDR UINT64_MAX
#define OF_MAX_ADDR_CELLS 4
/* drivers/of/of_private.h: 1 and 1 outside SPARC */
#define OF_ROOT_NODE_ADDR_CELLS_DEFAULT 1
#define OF_ROOT_NODE_SIZE_CELLS_DEFAULT 1

/* include/linux/ioport.h */
#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_PREFETCH	0x00002000
#define IORESOURCE_MEM_64	0x00100000

/* OF_BUS_NONE: 7.2's of_match_bus() finding no bus (a node without #address-cells) */
enum of_bus_kind { OF_BUS_PCI, OF_BUS_ISA, OF_BUS_DEFAULT_FLAGS, OF_BUS_DEFAULT, OF_BUS_NONE };

struct of_walk {
	const struct rmem_fdt *fdt;
	const struct rmem_profile *p;
	struct rmem_log *log;		/* NULL: the kernel's lines are not wanted */
	bool pcie_warned;		/* of_node_is_pcie()'s pr_warn_once() */
};

static bool of_check_counts(int na, int ns)
{
	return na > 0 && na <= OF_MAX_ADDR_CELLS && ns > 0;
}

/* of_read_number() of @n >= 0 cells at @p: the low 64 bits. */
static uint64_t of_read(const struct of_walk *w, const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | rmem_fdt_be32(w->fdt, p + 4 * i);
	return v;
}

static uint64_t of_read_cells(const uint32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | cells[i];
	return v;
}

static int of_parent(const struct of_walk *w, int node)
{
	return fdt_parent_offset(w->fdt->blob, node);
}

/* %pOF */
static const char *of_path(const struct of_walk *w, int node, char *buf, int len)
{
	if (fdt_get_path(w->fdt->blob, node, buf, len))
		snprintf(buf, (size_t)len, "%s", rmem_fdt_name(w->fdt, node));
	return buf;
}

/* of_bus_n_addr_cells() / of_bus_n_size_cells(): of_property_read_u32() skips a short property. */
static int of_bus_n_cells(const struct of_walk *w, int node, const char *name, int dflt)
{
	for (; node >= 0; node = of_parent(w, node)) {
		int len;
		const void *v = fdt_getprop(w->fdt->blob, node, name, &len);

		if (v && len >= 4)
			return (int)fdt32_ld(v);
	}
	return dflt;
}

/* of_n_addr_cells() / of_n_size_cells(): the parent's, or the root's own. */
static int of_n_cells(const struct of_walk *w, int node, const char *name, int dflt)
{
	int parent = of_parent(w, node);

	return of_bus_n_cells(w, parent >= 0 ? parent : node, name, dflt);
}

static bool of_node_is_type(const struct of_walk *w, int node, const char *type)
{
	const char *match = fdt_getprop(w->fdt->blob, node, "device_type", NULL);

	return match && rmem_fdt_strlen(w->fdt, match) == strlen(type) &&
	       !memcmp(match, type, strlen(type));
}

static bool of_node_name_eq(const struct of_walk *w, int node, const char *name)
{
	const char *n = rmem_fdt_name(w->fdt, node);

	return strcspn(n, "@") == strlen(name) && !strncmp(n, name, strlen(name));
}

static enum of_bus_kind of_match_bus(struct of_walk *w, int node)
{
	char path[256];

	if (of_node_is_type(w, node, "pci") || of_node_is_type(w, node, "pciex") ||
	    of_node_is_type(w, node, "vci") || of_node_is_type(w, node, "ht"))
		return OF_BUS_PCI;
	if (of_node_name_eq(w, node, "pcie")) {
		if (!w->pcie_warned && w->log)
			rmem_log_printf(w->log, RMEM_LOG_WARNING, pr_fmt "%s: Missing device_type\n",
					of_path(w, node, path, sizeof(path)));
		w->pcie_warned = true;
		return OF_BUS_PCI;
	}
	if (of_node_name_eq(w, node, "isa"))
		return OF_BUS_ISA;
	/* 7.2 (address.c:354, :361): the default buses want #address-cells on the node */
	if (w->p->facts->fdt.bus_needs_address_cells &&
	    !fdt_getprop(w->fdt->blob, node, "#address-cells", NULL))
		return OF_BUS_NONE;
	if (w->p->facts->fdt.bus_default_flags &&
	    of_bus_n_cells(w, node, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT) == 3)
		return OF_BUS_DEFAULT_FLAGS;
	return OF_BUS_DEFAULT;
}

/* .flag_cells (5.10: .has_flags) */
static int of_bus_flag_cells(enum of_bus_kind bus)
{
	return bus == OF_BUS_DEFAULT ? 0 : 1;
}

static void of_bus_count_cells(const struct of_walk *w, enum of_bus_kind bus, int dev,
			       int *na, int *ns)
{
	if (bus == OF_BUS_PCI) {
		*na = 3;
		*ns = 2;
	} else if (bus == OF_BUS_ISA) {
		*na = 2;
		*ns = 1;
	} else {
		*na = of_n_cells(w, dev, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT);
		*ns = of_n_cells(w, dev, "#size-cells", OF_ROOT_NODE_SIZE_CELLS_DEFAULT);
	}
}

static unsigned int of_bus_pci_get_flags(uint32_t w)
{
	unsigned int flags = 0;

	switch ((w >> 24) & 0x03) {
	case 0x01:
		flags |= IORESOURCE_IO;
		break;
	case 0x02:
		flags |= IORESOURCE_MEM;
		break;
	case 0x03:
		flags |= IORESOURCE_MEM | IORESOURCE_MEM_64;
		break;
	}
	if (w & 0x40000000)
		flags |= IORESOURCE_PREFETCH;
	return flags;
}

static unsigned int of_bus_get_flags(enum of_bus_kind bus, uint32_t first)
{
	switch (bus) {
	case OF_BUS_PCI:
		return of_bus_pci_get_flags(first);
	case OF_BUS_ISA:
		return first & 1 ? IORESOURCE_IO : IORESOURCE_MEM;
	case OF_BUS_DEFAULT_FLAGS:
		return first;
	default:
		return IORESOURCE_MEM;
	}
}

/* of_bus_*_map(): @addr's offset in the range at @range, or OF_BAD_ADDR. */
static uint64_t of_bus_map(const struct of_walk *w, enum of_bus_kind bus, const uint32_t *addr,
			   const unsigned char *range, int na, int ns, int pna)
{
	uint32_t r0 = rmem_fdt_be32(w->fdt, range);
	int fna = of_bus_flag_cells(bus);
	uint64_t cp, s, da;

	if (bus == OF_BUS_PCI &&
	    ((of_bus_pci_get_flags(addr[0]) ^ of_bus_pci_get_flags(r0)) &
	     (IORESOURCE_MEM | IORESOURCE_IO)))
		return OF_BAD_ADDR;
	if (bus == OF_BUS_ISA && ((addr[0] ^ r0) & 1))
		return OF_BAD_ADDR;
	if (bus == OF_BUS_DEFAULT_FLAGS && addr[0] != r0)
		return OF_BAD_ADDR;
	cp = of_read(w, range + 4 * fna, na - fna);
	s = of_read(w, range + 4 * (na + pna), ns);
	da = of_read_cells(addr + fna, na - fna);
	if (da < cp || da >= cp + s)
		return OF_BAD_ADDR;
	return da - cp;
}

/*
 * of_bus_default_translate(), at @addr + the bus's flag cells: with one
 * address cell left under a flags cell, the low word lands on the flags
 * cell, as the kernel's addr[na - 1] does.
 */
static void of_bus_translate(enum of_bus_kind bus, uint32_t *addr, uint64_t offset, int na)
{
	int f = of_bus_flag_cells(bus), n = na - f;
	uint64_t a = of_read_cells(addr + f, n) + offset;

	memset(addr + f, 0, (size_t)n * 4);
	if (n > 1)
		addr[f + n - 2] = (uint32_t)(a >> 32);
	addr[f + n - 1] = (uint32_t)a;
}

/* of_translate_one() with "dma-ranges": nonzero when @addr falls in no range of @dev. */
static int of_translate_one(const struct of_walk *w, int dev, enum of_bus_kind bus,
			    enum of_bus_kind pbus, uint32_t *addr, int na, int ns, int pna)
{
	int rlen;
	const unsigned char *ranges = fdt_getprop(w->fdt->blob, dev, "dma-ranges", &rlen);
	uint64_t offset = OF_BAD_ADDR;
	long long rone = (long long)na + pna + ns;

	/* a missing dma-ranges is a 1:1 translation, as an empty one */
	if (!ranges || rlen == 0) {
		int keep = w->p->facts->fdt.bus_default_flags ? of_bus_flag_cells(pbus) : 0;

		offset = of_read_cells(addr, na);
		memset(addr + keep, 0, (size_t)(pna - keep) * 4);
		of_bus_translate(pbus, addr, offset, pna);
		return 0;
	}
	for (long long left = rlen / 4; left >= rone; left -= rone, ranges += 4 * rone) {
		offset = of_bus_map(w, bus, addr, ranges, na, ns, pna);
		if (offset != OF_BAD_ADDR)
			break;
	}
	if (offset == OF_BAD_ADDR)
		return 1;
	for (int i = 0; i < pna; i++)
		addr[i] = rmem_fdt_be32(w->fdt, ranges + 4 * (na + i));
	of_bus_translate(pbus, addr, offset, pna);
	return 0;
}

/* of_translate_dma_address(@node, @in): a parent-bus address of @node as a CPU address. */
static uint64_t of_translate_dma_address(struct of_walk *w, int node, const unsigned char *in)
{
	uint32_t addr[OF_MAX_ADDR_CELLS];
	int dev = node, parent = of_parent(w, node), na, ns, pna, pns;
	enum of_bus_kind bus, pbus;
	char path[256];

	if (parent < 0)
		return OF_BAD_ADDR;
	bus = of_match_bus(w, parent);
	if (bus == OF_BUS_NONE)
		return OF_BAD_ADDR;
	of_bus_count_cells(w, bus, dev, &na, &ns);
	if (!of_check_counts(na, ns))
		return OF_BAD_ADDR;
	for (int i = 0; i < na; i++)
		addr[i] = rmem_fdt_be32(w->fdt, in + 4 * i);
	for (;;) {
		dev = parent;
		parent = of_parent(w, dev);
		if (parent < 0)
			return of_read_cells(addr, na);
		pbus = of_match_bus(w, parent);
		if (pbus == OF_BUS_NONE)
			return OF_BAD_ADDR;
		of_bus_count_cells(w, pbus, dev, &pna, &pns);
		if (!of_check_counts(pna, pns)) {
			if (w->log)
				rmem_log_printf(w->log, RMEM_LOG_ERR, pr_fmt "Bad cell count for %s\n",
						of_path(w, dev, path, sizeof(path)));
			return OF_BAD_ADDR;
		}
		if (of_translate_one(w, dev, bus, pbus, addr, na, ns, pna))
			return OF_BAD_ADDR;
		na = pna;
		ns = pns;
		bus = pbus;
	}
}

struct of_range {
	unsigned int flags;
	uint64_t bus_addr, cpu_addr, size;
};

struct of_range_parser {
	int node, na, ns, pna, flag;
	int np;				/* cells per entry */
	enum of_bus_kind bus;
	const unsigned char *range, *end;
};

static void of_range_read(struct of_walk *w, const struct of_range_parser *pr, struct of_range *r)
{
	r->flags = of_bus_get_flags(pr->bus, rmem_fdt_be32(w->fdt, pr->range));
	r->bus_addr = of_read(w, pr->range + 4 * pr->flag, pr->na - pr->flag);
	r->cpu_addr = of_translate_dma_address(w, pr->node, pr->range + 4 * pr->na);
	r->size = of_read(w, pr->range + 4 * (pr->pna + pr->na), pr->ns);
}

/* of_pci_range_parser_one(): the next range, contiguous entries merged; false at the end. */
static bool of_range_next(struct of_walk *w, struct of_range_parser *pr, struct of_range *r)
{
	size_t np = 4 * (size_t)pr->np;
	struct of_range next;

	if ((size_t)(pr->end - pr->range) < np)
		return false;
	of_range_read(w, pr, r);
	pr->range += np;
	while ((size_t)(pr->end - pr->range) >= np) {
		of_range_read(w, pr, &next);
		if (next.flags != r->flags || next.bus_addr != r->bus_addr + r->size ||
		    next.cpu_addr != r->cpu_addr + r->size)
			break;
		r->size += next.size;
		pr->range += np;
	}
	return true;
}

/* of_dma_range_parser_init() on @node's dma-ranges (@len > 0 bytes at @prop). */
static void of_range_parser_init(struct of_walk *w, struct of_range_parser *pr, int node,
				 const void *prop, int len)
{
	*pr = (struct of_range_parser){
		.node = node,
		.pna = of_n_cells(w, node, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT),
		.na = of_bus_n_cells(w, node, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT),
		.ns = of_bus_n_cells(w, node, "#size-cells", OF_ROOT_NODE_SIZE_CELLS_DEFAULT),
		.range = prop,
		.end = (const unsigned char *)prop + (size_t)len / 4 * 4,
	};
	pr->bus = of_match_bus(w, node);
	pr->flag = of_bus_flag_cells(pr->bus);
	/* the kernel's int sum: it wraps (-fno-strict-overflow) */
	pr->np = (int)((unsigned int)pr->pna + (unsigned int)pr->na + (unsigned int)pr->ns);
}

/*
 * Whether the kernel gets through @pr's entries: entries of no cells never
 * advance, entries of fewer step backwards, and a cell count below 0 in an
 * entry it reads makes of_read_number() run on (or read before the property).
 */
static bool of_range_parser_sane(const struct of_range_parser *pr, int len)
{
	if (pr->np <= 0)
		return false;
	return !((size_t)pr->np <= (size_t)len / 4 && (pr->pna < 0 || pr->na < pr->flag || pr->ns < 0));
}

/*
 * The end of @node's dma-ranges (@len > 0 bytes at @prop), as the kernel's
 * loop computes it: 0 when no entry fits; 1 when 7.2's
 * of_dma_range_parser_init() refuses the node (no bus, bad cell counts)
 * and its dma-ranges count for nothing.  -ELOOP where the kernel would not
 * get through (of_range_parser_sane()).
 */
static int of_dma_ranges_end(struct of_walk *w, int node, const void *prop, int len,
			     uint64_t *cpu_end)
{
	struct of_range_parser pr;
	struct of_range r;

	of_range_parser_init(w, &pr, node, prop, len);
	if (w->p->facts->fdt.bus_needs_address_cells &&
	    (pr.bus == OF_BUS_NONE || !of_check_counts(pr.na, pr.ns) ||
	     !of_check_counts(pr.pna, 1)))
		return 1;
	*cpu_end = 0;
	if (!of_range_parser_sane(&pr, len))
		return -ELOOP;
	while (of_range_next(w, &pr, &r))
		if (r.cpu_addr + r.size > *cpu_end)
			*cpu_end = r.cpu_addr + r.size - 1;
	return 0;
}

/*
 * The kernel walks the unflattened tree, which has no node from depth
 * RMEM_OF_MAX_DEPTH on.  Stopping there also bounds the recursion.
 */
static int of_dma_max_cpu_address(struct of_walk *w, int node, int depth, uint64_t *max,
				  int *bad_node)
{
	uint64_t cpu_end = 0, sub;
	int len, child, ret;
	const void *ranges = fdt_getprop(w->fdt->blob, node, "dma-ranges", &len);

	*max = UINT64_MAX;
	if (ranges && len > 0) {
		ret = of_dma_ranges_end(w, node, ranges, len, &cpu_end);
		if (ret < 0) {
			*bad_node = node;
			return ret;
		}
		if (!ret && *max > cpu_end)
			*max = cpu_end;
	}
	if (depth + 1 >= RMEM_OF_MAX_DEPTH)
		return 0;
	fdt_for_each_subnode(child, w->fdt->blob, node) {
		if (!rmem_fdt_device_is_available(w->fdt, child))
			continue;
		ret = of_dma_max_cpu_address(w, child, depth + 1, &sub, bad_node);
		if (ret)
			return ret;
		if (*max > sub)
			*max = sub;
	}
	return 0;
}

int rmem_fdt_dma_max_cpu_address(const struct rmem_fdt *fdt, const struct rmem_profile *p,
				 struct rmem_log *log, uint64_t *max, int *bad_node)
{
	struct of_walk w = { .fdt = fdt, .p = p, .log = log };

	return of_dma_max_cpu_address(&w, 0, 0, max, bad_node);
}

int rmem_fdt_dma_range_node(const struct rmem_fdt *fdt, const int *up, size_t n)
{
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		int len;
		const void *prop = fdt_getprop(fdt->blob, up[i], "dma-ranges", &len);

		/* an empty dma-ranges is no translation: look further up */
		if (prop && len > 0)
			return up[i];
		/* once one was found, a missing one ends the search */
		if (found && !prop)
			return -ENODEV;
		found = true;
	}
	return -ENODEV;
}

int rmem_fdt_dma_windows(const struct rmem_fdt *fdt, const struct rmem_profile *p, int bus,
			 struct rmem_fdt_dma_window *win, size_t max, size_t *nr)
{
	struct of_walk w = { .fdt = fdt, .p = p };
	struct of_range_parser pr;
	struct of_range r;
	int len;
	const void *prop = fdt_getprop(fdt->blob, bus, "dma-ranges", &len);

	*nr = 0;
	if (!prop || len <= 0)
		return -EINVAL;
	of_range_parser_init(&w, &pr, bus, prop, len);
	if (!of_range_parser_sane(&pr, len))
		return -ELOOP;
	while (of_range_next(&w, &pr, &r)) {
		/* "translation of DMA address(%llx) to CPU address failed": skipped */
		if (r.cpu_addr == OF_BAD_ADDR)
			continue;
		if (*nr == max)
			return -E2BIG;
		win[(*nr)++] = (struct rmem_fdt_dma_window){ r.cpu_addr, r.bus_addr, r.size };
	}
	return *nr ? 0 : -EINVAL;
}
