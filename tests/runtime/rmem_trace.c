// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_trace: the runtime oracle for rmem sim (tests/runtime).
 *
 * Binds to the device-tree nodes compatible with "rmem,test-device" (one per
 * simulated device, with a memory-region or without: a device without one
 * allocates through dma-direct alone, and gets no implicit init before its
 * first alloc), then replays a trace with
 * the kernel's own calls: of_reserved_mem_device_init_by_idx(),
 * dma_set_coherent_mask(), dma_alloc_attrs()/dma_free_attrs() and
 * of_reserved_mem_device_release().  The trace is the string list
 * "rmem,trace" of the node /rmem-trace; each string is one trace line
 * prefixed with its line number in the trace file: "12 camera alloc 1M".
 * See docs/trace-format.md (the trace) and docs/runtime-oracle.md (the
 * output, one "rmem-trace: " line per event).
 *
 * cma_alloc()/cma_release() are not exported by Debian's kernels: the
 * `cma`, `pin` and `unpin` lines are printed as skipped.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#define MAX_DEVS 32
#define MAX_TAGS 512
#define MAX_WORDS 12

struct tdev {
	struct device *dev;
	struct device_node *np;
	char path[128];
	bool inited;		/* init was called, release was not */
	bool touched;		/* any init line ran, implicit or not */
};

struct tag {
	char name[32];
	struct tdev *td;
	size_t size;
	void *cpu;
	dma_addr_t dma;
	unsigned long attrs;
	bool live;
};

static struct tdev devs[MAX_DEVS];
static int ndevs;
static struct tag *tags;

#define out(fmt, ...) pr_info("rmem-trace: " fmt "\n", ##__VA_ARGS__)

static int rmem_trace_probe(struct platform_device *pdev)
{
	struct tdev *td;

	if (ndevs >= MAX_DEVS)
		return -ENOSPC;
	td = &devs[ndevs++];
	td->dev = &pdev->dev;
	td->np = pdev->dev.of_node;
	snprintf(td->path, sizeof(td->path), "%pOF", td->np);
	return 0;
}

static const struct of_device_id rmem_trace_of_match[] = {
	{ .compatible = "rmem,test-device" },
	{ }
};
MODULE_DEVICE_TABLE(of, rmem_trace_of_match);

static struct platform_driver rmem_trace_driver = {
	.probe = rmem_trace_probe,
	.driver = {
		.name = "rmem-trace",
		.of_match_table = rmem_trace_of_match,
	},
};

static struct tdev *find_dev(const char *name)
{
	struct tdev *hit = NULL;
	int i, n = 0;

	for (i = 0; i < ndevs; i++)
		if (!strcmp(devs[i].path, name))
			return &devs[i];
	for (i = 0; i < ndevs; i++)
		if (!strcmp(kbasename(devs[i].path), name)) {
			hit = &devs[i];
			n++;
		}
	return n == 1 ? hit : NULL;
}

static struct tag *find_tag(const char *name, bool live)
{
	int i;

	for (i = 0; i < MAX_TAGS; i++)
		if (tags[i].name[0] && !strcmp(tags[i].name, name) && tags[i].live == live)
			return &tags[i];
	return NULL;
}

static struct tag *new_tag(const char *name)
{
	int i;

	for (i = 0; i < MAX_TAGS; i++)
		if (!tags[i].name[0] || (!tags[i].live && !tags[i].cpu && !strcmp(tags[i].name, name))) {
			memset(&tags[i], 0, sizeof(tags[i]));
			strscpy(tags[i].name, name, sizeof(tags[i].name));
			return &tags[i];
		}
	return NULL;
}

/* the reserved-memory region (by name) a DMA address falls in, if any */
static void where(struct tdev *td, phys_addr_t pa, size_t size, char *buf, size_t len)
{
	struct device_node *rn;
	struct reserved_mem *rmem;
	int i;

	for (i = 0; (rn = of_parse_phandle(td->np, "memory-region", i)); i++) {
		rmem = of_reserved_mem_lookup(rn);
		of_node_put(rn);
		if (rmem && pa >= rmem->base && pa + size <= rmem->base + rmem->size) {
			snprintf(buf, len, " in=%s+0x%llx", rmem->name,
				 (unsigned long long)(pa - rmem->base));
			return;
		}
	}
	buf[0] = '\0';
}

static phys_addr_t cpu_to_phys(void *cpu, bool *ok)
{
	struct page *pg;

	*ok = true;
	if (virt_addr_valid(cpu))
		return virt_to_phys(cpu);
	if (is_vmalloc_addr(cpu)) {
		pg = vmalloc_to_page(cpu);
		if (pg)
			return page_to_phys(pg) + offset_in_page(cpu);
	}
	*ok = false;
	return 0;
}

static int do_init(const char *ln, struct tdev *td, const char *arg, bool implicit)
{
	int idx = 0, ret;

	if (arg && kstrtoint(arg, 0, &idx)) {
		idx = of_property_match_string(td->np, "memory-region-names", arg);
		if (idx < 0) {
			out("%s %s init %s -> error %d (no such memory-region-names entry)",
			    ln, td->path, arg, idx);
			return idx;
		}
	}
	ret = of_reserved_mem_device_init_by_idx(td->dev, td->np, idx);
	td->touched = true;
	if (!ret)
		td->inited = true;
	out("%s %s init %d%s -> %d", ln, td->path, idx, implicit ? " (implicit)" : "", ret);
	return ret;
}

static void do_alloc(const char *ln, struct tdev *td, char **w, int nw)
{
	unsigned long long size;
	char *end, place[96];
	const char *tagname = ln;
	bool atomic = false, ok;
	struct tag *t;
	int i;
	phys_addr_t pa;

	size = memparse(w[2], &end);
	if (*end) {
		out("%s %s alloc %s -> bad size", ln, td->path, w[2]);
		return;
	}
	for (i = 3; i < nw; i++) {
		if (!strcmp(w[i], "atomic"))
			atomic = true;
		else if (!strcmp(w[i], "as") && i + 1 < nw)
			tagname = w[++i];
		else {
			out("%s %s alloc -> bad field %s", ln, td->path, w[i]);
			return;
		}
	}
	/* a driver claims its memory-region in probe; one without has nothing to claim */
	if (!td->touched && of_find_property(td->np, "memory-region", NULL))
		do_init(ln, td, NULL, true);
	t = new_tag(tagname);
	if (!t) {
		out("%s %s alloc -> too many tags", ln, td->path);
		return;
	}
	t->td = td;
	t->size = size;
	t->cpu = dma_alloc_attrs(td->dev, size, &t->dma, atomic ? GFP_ATOMIC : GFP_KERNEL, 0);
	if (!t->cpu) {
		out("%s %s alloc size=0x%llx%s tag=%s -> FAILED", ln, td->path, size,
		    atomic ? " atomic" : "", tagname);
		return;
	}
	t->live = true;
	pa = cpu_to_phys(t->cpu, &ok);
	where(td, (phys_addr_t)t->dma, size, place, sizeof(place));
	if (ok)
		out("%s %s alloc size=0x%llx%s tag=%s -> dma=0x%llx phys=0x%llx%s", ln, td->path,
		    size, atomic ? " atomic" : "", tagname, (unsigned long long)t->dma,
		    (unsigned long long)pa, place);
	else
		out("%s %s alloc size=0x%llx%s tag=%s -> dma=0x%llx phys=?%s", ln, td->path,
		    size, atomic ? " atomic" : "", tagname, (unsigned long long)t->dma, place);
}

static void do_free(const char *ln, struct tdev *td, const char *tagname)
{
	struct tag *t = find_tag(tagname, true);

	if (!t) {
		t = find_tag(tagname, false);
		out("%s %s free %s -> %s", ln, td->path, tagname,
		    t ? "nothing (the allocation failed)" : "unknown tag");
		return;
	}
	if (t->td != td)
		out("%s %s free %s -> note: allocated by %s", ln, td->path, tagname, t->td->path);
	dma_free_attrs(t->td->dev, t->size, t->cpu, t->dma, t->attrs);
	t->live = false;
	t->cpu = NULL;
	out("%s %s free %s -> freed dma=0x%llx size=0x%zx", ln, td->path, tagname,
	    (unsigned long long)t->dma, t->size);
}

static void run_line(const char *s)
{
	char *copy, *p, *w[MAX_WORDS], *tok;
	int nw = 0;
	char ln[16];
	struct tdev *td;
	unsigned int bits;
	int ret;

	copy = kstrdup(s, GFP_KERNEL);
	if (!copy)
		return;
	p = copy;
	while ((tok = strsep(&p, " \t")) && nw < MAX_WORDS)
		if (*tok)
			w[nw++] = tok;
	if (nw < 2)
		goto done;
	snprintf(ln, sizeof(ln), "L%s", w[0]);
	/* w[0] is the line number; w[1..] the trace line */
	if (!strcmp(w[1], "cma") || !strcmp(w[1], "pin") || !strcmp(w[1], "unpin")) {
		out("%s %s -> skipped (cma_alloc/cma_release are not exported)", ln, w[1]);
		goto done;
	}
	td = find_dev(w[1]);
	if (!td) {
		out("%s %s -> unknown device", ln, w[1]);
		goto done;
	}
	if (nw < 3) {
		out("%s %s -> missing verb", ln, td->path);
		goto done;
	}
	if (!strcmp(w[2], "init")) {
		do_init(ln, td, nw > 3 ? w[3] : NULL, false);
	} else if (!strcmp(w[2], "release")) {
		of_reserved_mem_device_release(td->dev);
		td->inited = false;
		td->touched = true;
		out("%s %s release -> done", ln, td->path);
	} else if (!strcmp(w[2], "mask") && nw > 3) {
		if (kstrtouint(w[3], 0, &bits) || bits > 64) {
			out("%s %s mask %s -> bad mask", ln, td->path, w[3]);
			goto done;
		}
		ret = dma_set_coherent_mask(td->dev, DMA_BIT_MASK(bits));
		out("%s %s mask %u -> %d", ln, td->path, bits, ret);
	} else if (!strcmp(w[2], "alloc") && nw > 3) {
		/* shift so that w[2] is the size */
		do_alloc(ln, td, w + 1, nw - 1);
	} else if (!strcmp(w[2], "free") && nw > 3) {
		do_free(ln, td, w[3]);
	} else {
		out("%s %s %s -> unknown verb", ln, td->path, w[2]);
	}
done:
	kfree(copy);
}

static int __init rmem_trace_init(void)
{
	struct device_node *np;
	const char *s;
	int i, n, ret;

	tags = kcalloc(MAX_TAGS, sizeof(*tags), GFP_KERNEL);
	if (!tags)
		return -ENOMEM;
	ret = platform_driver_register(&rmem_trace_driver);
	if (ret) {
		kfree(tags);
		return ret;
	}
	out("begin devices=%d", ndevs);
	for (i = 0; i < ndevs; i++) {
		u64 mask = devs[i].dev->coherent_dma_mask;

		out("device %s coherent_mask=0x%llx", devs[i].path, (unsigned long long)mask);
	}
	np = of_find_node_by_path("/rmem-trace");
	n = np ? of_property_count_strings(np, "rmem,trace") : -ENOENT;
	if (n < 0)
		out("no trace (/rmem-trace rmem,trace: %d)", n);
	for (i = 0; i < n; i++)
		if (!of_property_read_string_index(np, "rmem,trace", i, &s))
			run_line(s);
	of_node_put(np);
	n = 0;
	for (i = 0; i < MAX_TAGS; i++)
		n += tags[i].live;
	out("end live=%d", n);
	/* the allocations stay: the machine powers off next */
	return 0;
}
module_init(rmem_trace_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rmem runtime oracle: replay a DMA/reserved-memory trace");
