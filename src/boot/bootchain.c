// SPDX-License-Identifier: GPL-2.0-only
/*
 * From the kernel image's header and U-Boot's environment to the early
 * reservations the kernel makes: where U-Boot's booti/bootz put the kernel
 * (arch/arm/lib/image.c and arch/riscv/lib/image.c booti_setup(), bootz),
 * where the kernel then runs (arm's decompressor), what the kernel reserves
 * of itself (arm64_memblock_init(), arm_memblock_init(), riscv's
 * setup_bootmem()), and where boot_relocate_fdt() (boot/image-fdt.c) puts
 * the DTB.  Each value comes with a note saying how it was found.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rmem/bootchain.h>

#include "boot/boot.h"
#include "fdt/fdt.h"

#define SZ_2M ((uint64_t)2 << 20)
#define MAX_RAM 32
#define MAX_BUSY 64
#define FDT_PAD 0x3000		/* U-Boot's CONFIG_SYS_FDT_PAD default */

struct chain {
	const struct rmem_profile *p;
	const struct rmem_kernel_image *img;
	const struct rmem_uboot_env *env;
	struct rmem_dt_bank ram[MAX_RAM];	/* sorted by base */
	size_t nr_ram;
	struct rmem_boot_range busy[MAX_BUSY];	/* what U-Boot's LMB holds */
	size_t nr_busy;
	struct rmem_boot_chain *out;
};

static void note(struct chain *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct chain *c, const char *fmt, ...)
{
	va_list ap;

	if (c->out->nr_notes == RMEM_BOOT_CHAIN_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(c->out->notes[c->out->nr_notes++], sizeof(c->out->notes[0]), fmt, ap);
	va_end(ap);
}

static void add_range(struct rmem_boot_range *list, size_t *nr, size_t max, rmem_phys_t base,
		      rmem_phys_t size, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void add_range(struct rmem_boot_range *list, size_t *nr, size_t max, rmem_phys_t base,
		      rmem_phys_t size, const char *fmt, ...)
{
	va_list ap;

	if (*nr == max || !size)
		return;
	list[*nr].base = base;
	list[*nr].size = size;
	va_start(ap, fmt);
	vsnprintf(list[*nr].what, sizeof(list[0].what), fmt, ap);
	va_end(ap);
	(*nr)++;
}

/* fdtdec_get_is_enabled(): no status, or "okay"/"ok" */
static bool status_ok(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

static bool env_has(const struct chain *c, enum rmem_uboot_var v)
{
	return c->env && c->env->set[v];
}

static uint64_t env_val(const struct chain *c, enum rmem_uboot_var v)
{
	return c->env->value[v];
}

/* The board's RAM as the bootloader hands it over: the memory nodes' reg, in root cells. */
static void read_ram(struct chain *c, const void *fdt)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), node, len;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "memory") || !reg || ac < 1 || sc < 0 ||
		    !status_ok(fdt, node))
			continue;
		for (int i = 0; (i + ac + sc) * 4 <= len && c->nr_ram < MAX_RAM; i += ac + sc) {
			struct rmem_dt_bank b = { rmem_fdt_read_number(reg + i, ac),
						  rmem_fdt_read_number(reg + i + ac, sc) };
			size_t j = c->nr_ram++;

			for (; j && c->ram[j - 1].base > b.base; j--)
				c->ram[j] = c->ram[j - 1];
			c->ram[j] = b;
		}
	}
}

/* What U-Boot's LMB reserves from the DTB: /memreserve/ and each enabled /reserved-memory reg. */
static void read_lmb(struct chain *c, const void *fdt)
{
	int rm = fdt_subnode_offset(fdt, 0, "reserved-memory"), node;
	int ac = fdt_address_cells(fdt, rm < 0 ? 0 : rm), sc = fdt_size_cells(fdt, rm < 0 ? 0 : rm);

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t base, size;

		if (!fdt_get_mem_rsv(fdt, i, &base, &size))
			add_range(c->busy, &c->nr_busy, MAX_BUSY, base, size, "/memreserve/");
	}
	if (rm < 0 || ac < 1 || sc < 1)
		return;
	fdt_for_each_subnode(node, fdt, rm) {
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (reg && len >= (ac + sc) * 4 && status_ok(fdt, node))
			add_range(c->busy, &c->nr_busy, MAX_BUSY, rmem_fdt_read_number(reg, ac),
				  rmem_fdt_read_number(reg + ac, sc), "%s",
				  fdt_get_name(fdt, node, NULL));
	}
}

/*
 * lmb_alloc_mem(LMB_MEM_ALLOC_MAX): the highest @align-aligned @size bytes
 * of RAM below @max that nothing in the LMB holds; 0 when there is none.
 */
static uint64_t lmb_alloc_top(const struct chain *c, uint64_t size, uint64_t align, uint64_t max)
{
	for (size_t i = c->nr_ram; i-- > 0;) {
		uint64_t lo = c->ram[i].base, hi = lo + c->ram[i].size, base;

		hi = hi < max ? hi : max;
		if (hi < lo + size)
			continue;
		base = rmem_align_down(hi - size, align);
		while (base >= lo) {
			size_t j = 0;

			while (j < c->nr_busy && (base + size <= c->busy[j].base ||
						  base >= c->busy[j].base + c->busy[j].size))
				j++;
			if (j == c->nr_busy)
				return base;
			if (c->busy[j].base < lo + size)
				break;
			base = rmem_align_down(c->busy[j].base - size, align);
		}
	}
	return 0;
}

static bool in_ram(const struct chain *c, uint64_t addr)
{
	for (size_t i = 0; i < c->nr_ram; i++)
		if (addr >= c->ram[i].base && addr - c->ram[i].base < c->ram[i].size)
			return true;
	return false;
}

/* kernel_addr_r, or where a board's env usually has it: @dflt, said so. */
static uint64_t kernel_addr(struct chain *c, uint64_t dflt)
{
	if (env_has(c, RMEM_UBOOT_KERNEL_ADDR_R)) {
		uint64_t a = env_val(c, RMEM_UBOOT_KERNEL_ADDR_R);

		add_range(c->out->loads, &c->out->nr_loads, RMEM_BOOT_CHAIN_MAX, a,
			  c->img->file_size, "the %s file at kernel_addr_r",
			  rmem_kernel_image_format_name(c->img->format));
		return a;
	}
	note(c, "no kernel_addr_r (no --uboot-env, or not in it): rmem assumes the %s at %#llx",
	     rmem_kernel_image_format_name(c->img->format), (unsigned long long)dflt);
	return dflt;
}

/* booti (arch/arm/lib/image.c), then arm64_memblock_init()'s reservation of the image. */
static void arm64_kernel(struct chain *c)
{
	const struct rmem_kernel_image *img = c->img;
	uint64_t off = img->text_offset, size = img->image_size ? img->image_size : 16 << 20;
	uint64_t kaddr = kernel_addr(c, c->ram[0].base + off), load, start;
	unsigned int v = rmem_profile_modelled_version(c->p);
	bool stext = v >= RMEM_KERNEL_VERSION(6, 1) && v < RMEM_KERNEL_VERSION(6, 12);

	if (!img->image_size)
		note(c, "the Image predates 3.17 (image_size 0): booti assumes text_offset 0x80000 and 16 MiB");
	load = rmem_align_up(img->phys_anywhere ? kaddr - off : c->ram[0].base, SZ_2M) + off;
	note(c, "booti runs the Image at %#llx: %s rounded up to 2 MiB, plus text_offset %#llx%s",
	     (unsigned long long)load,
	     img->phys_anywhere ? "kernel_addr_r less text_offset" :
				  "the first RAM bank's base (flags bit 3 clear: the Image must sit low)",
	     (unsigned long long)off, load != kaddr ? " (booti moves it there)" : "");
	/* 6.1 reserves from _stext, the first 64 KiB boundary after .head.text */
	start = stext ? load + 0x10000 : load;
	add_range(c->out->reserve, &c->out->nr_reserve, RMEM_BOOT_CHAIN_MAX, start,
		  load + size - start, "kernel %s.._end (--kernel-image)", stext ? "_stext" : "_text");
}

/* booti (arch/riscv/lib/image.c), then setup_bootmem()'s reservation of the image. */
static void riscv_kernel(struct chain *c)
{
	const struct rmem_kernel_image *img = c->img;
	uint64_t base = c->ram[0].base, kaddr = kernel_addr(c, base + img->text_offset), load, end;

	load = kaddr >= base && kaddr - base < c->ram[0].size ? base + img->text_offset : kaddr;
	note(c, "booti runs the Image at %#llx: %s", (unsigned long long)load,
	     load == kaddr ? "kernel_addr_r" : "the RAM base plus text_offset (booti moves it there)");
	/* _end rounded up to PMD_SIZE: 64BIT and STRICT_KERNEL_RWX, in every Debian config */
	end = rmem_align_up(load + img->image_size, SZ_2M);
	add_range(c->out->reserve, &c->out->nr_reserve, RMEM_BOOT_CHAIN_MAX, load, end - load,
		  "kernel _start.._end (--kernel-image)");
}

/*
 * bootz, then the decompressor (AUTO_ZRELADDR): the kernel at its own
 * address rounded down to 128 MiB, plus TEXT_OFFSET, when that base is RAM
 * (fdt_check_mem_start()), else at the lowest bank rounded up to 2 MiB; then
 * arm_memblock_init() reserves [_stext, _end) and the page directory below
 * the kernel.
 */
static void arm_kernel(struct chain *c)
{
	const struct rmem_kernel_image *img = c->img;
	uint64_t zaddr = kernel_addr(c, c->ram[0].base), phys, text, stext, end;
	uint64_t section = c->p->arm_lpae ? SZ_2M : SZ_2M / 2, pgdir = c->p->arm_lpae ? 0x5000 : 0x4000;

	if (img->zimage_start)
		zaddr = img->zimage_start;	/* bootz moves a zImage linked for an address there */
	phys = zaddr & 0xf8000000;
	if (!in_ram(c, phys)) {
		uint64_t low = UINT64_MAX;

		for (size_t i = 0; i < c->nr_ram; i++)
			if (c->ram[i].base < ((uint64_t)1 << 32) && c->ram[i].base < low)
				low = c->ram[i].base;
		phys = rmem_align_up(low == UINT64_MAX ? c->ram[0].base : low, SZ_2M);
	}
	text = phys + img->text_offset;
	note(c, "the zImage at %#llx decompresses the kernel to %#llx: PHYS_OFFSET %#llx plus TEXT_OFFSET %#llx; %u bytes, then %u of bss",
	     (unsigned long long)zaddr, (unsigned long long)text, (unsigned long long)phys,
	     (unsigned long long)img->text_offset, img->decompressed_size, img->bss_size);
	/* STRICT_KERNEL_RWX (every Debian armmp config): _stext on a section */
	stext = rmem_align_up(text, section);
	end = text + img->decompressed_size + img->bss_size;
	add_range(c->out->reserve, &c->out->nr_reserve, RMEM_BOOT_CHAIN_MAX, stext, end - stext,
		  "kernel _stext.._end (--kernel-image)");
	add_range(c->out->reserve, &c->out->nr_reserve, RMEM_BOOT_CHAIN_MAX, text - pgdir, pgdir,
		  "swapper_pg_dir (--kernel-image)");
}

static const struct {
	enum rmem_arch arch;
	enum rmem_image_format format;
	void (*place)(struct chain *c);
} kernels[] = {
	{ RMEM_ARCH_ARM64, RMEM_IMAGE_ARM64, arm64_kernel },
	{ RMEM_ARCH_ARM, RMEM_IMAGE_ZIMAGE, arm_kernel },
	{ RMEM_ARCH_RISCV64, RMEM_IMAGE_RISCV, riscv_kernel },
};

/* "a" or "an" before @word, as it is spoken ("an arm64", "a riscv64") */
static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

static int check_image(const struct chain *c, size_t k, char *err, size_t errlen)
{
	const struct rmem_kernel_image *img = c->img;

	if (img->format != kernels[k].format) {
		const char *have = rmem_kernel_image_format_name(img->format);
		const char *want = rmem_profile_arch_name(c->p);

		rmem_fdt_seterr(err, errlen, "%s %s, but %s is %s %s kernel", article(have), have,
				c->p->name, article(want), want);
		return -EINVAL;
	}
	if (img->big_endian) {
		rmem_fdt_seterr(err, errlen, "a big-endian kernel (flags bit 0): rmem models little-endian kernels");
		return -EINVAL;
	}
	if (img->format == RMEM_IMAGE_RISCV && !img->image_size) {
		rmem_fdt_seterr(err, errlen, "image_size is 0: U-Boot's booti refuses it (\"Image lacks image_size field\")");
		return -EINVAL;
	}
	if (img->page_size && img->page_size != rmem_profile_page_size(c->p)) {
		rmem_fdt_seterr(err, errlen, "a kernel with %u KiB pages, but %s has %u KiB pages",
				img->page_size >> 10, c->p->name,
				(unsigned int)(rmem_profile_page_size(c->p) >> 10));
		return -EINVAL;
	}
	return 0;
}

static void keep_busy(struct chain *c)
{
	const struct rmem_boot_chain *o = c->out;

	for (size_t i = 0; i < o->nr_reserve; i++)
		add_range(c->busy, &c->nr_busy, MAX_BUSY, o->reserve[i].base, o->reserve[i].size,
			  "%s", o->reserve[i].what);
	for (size_t i = 0; i < o->nr_loads; i++)
		add_range(c->busy, &c->nr_busy, MAX_BUSY, o->loads[i].base, o->loads[i].size, "%s",
			  o->loads[i].what);
}

/* env_get_bootm_mapsize(): bootm_mapsize, bootm_size, or the RAM above bootm_low */
static uint64_t bootm_mapsize(const struct chain *c, uint64_t low)
{
	uint64_t total = 0;

	if (env_has(c, RMEM_UBOOT_BOOTM_MAPSIZE))
		return env_val(c, RMEM_UBOOT_BOOTM_MAPSIZE);
	if (env_has(c, RMEM_UBOOT_BOOTM_SIZE))
		return env_val(c, RMEM_UBOOT_BOOTM_SIZE);
	for (size_t i = 0; i < c->nr_ram; i++)
		total += c->ram[i].size;
	return total - (low - c->ram[0].base);
}

/* boot_relocate_fdt() without fdt_high: below bootm_low + the map size, in the first bank reaching bootm_low. */
static uint64_t fdt_relocated(struct chain *c, uint64_t len, uint64_t *limit)
{
	uint64_t low = env_has(c, RMEM_UBOOT_BOOTM_LOW) ? env_val(c, RMEM_UBOOT_BOOTM_LOW) :
			c->ram[0].base;
	uint64_t map = bootm_mapsize(c, low);

	for (size_t i = 0; i < c->nr_ram; i++) {
		uint64_t end = c->ram[i].base + c->ram[i].size, addr;

		if (end < low)
			continue;
		*limit = end < low + map ? end : low + map;
		addr = lmb_alloc_top(c, len, 0x1000, *limit);
		if (addr)
			return addr;
	}
	return 0;
}

/* Where the kernel finds the DTB that U-Boot loaded at fdt_addr_r. */
static void place_fdt(struct chain *c, size_t fdt_size)
{
	uint64_t all = c->p->bits_per_long == 32 ? 0xffffffff : UINT64_MAX;
	uint64_t addr = env_val(c, RMEM_UBOOT_FDT_ADDR_R), len = fdt_size + FDT_PAD, limit = 0;
	uint64_t high = env_has(c, RMEM_UBOOT_FDT_HIGH) ? env_val(c, RMEM_UBOOT_FDT_HIGH) : 0;

	add_range(c->out->loads, &c->out->nr_loads, RMEM_BOOT_CHAIN_MAX, addr, fdt_size,
		  "the DTB file at fdt_addr_r");
	if (env_has(c, RMEM_UBOOT_FDT_HIGH) && high == all) {
		note(c, "fdt_high=%#llx: U-Boot leaves the DTB in place at fdt_addr_r %#llx",
		     (unsigned long long)high, (unsigned long long)addr);
	} else {
		if (env_has(c, RMEM_UBOOT_FDT_HIGH))
			addr = lmb_alloc_top(c, len, 0x1000, high ? high : UINT64_MAX);
		else
			addr = fdt_relocated(c, len, &limit);
		if (!addr) {
			note(c, "U-Boot finds no room to relocate the DTB (\"device tree - allocation error\"): no DTB address derived");
			return;
		}
		note(c, "U-Boot relocates the DTB from fdt_addr_r to %#llx, the top of free RAM below %#llx (%s), less its size and %#x of padding; U-Boot's own code at the top of RAM may push it lower: give what it prints (\"Loading Device Tree to\") with --fdt-addr",
		     (unsigned long long)addr,
		     (unsigned long long)(env_has(c, RMEM_UBOOT_FDT_HIGH) ? high : limit),
		     env_has(c, RMEM_UBOOT_FDT_HIGH) ? "fdt_high" : "bootm_low + bootm_size",
		     FDT_PAD);
	}
	c->out->fdt_addr_set = true;
	c->out->fdt_addr = addr;
}

int rmem_boot_chain_derive(const struct rmem_profile *p, const struct rmem_kernel_image *img,
			   const struct rmem_uboot_env *env, const void *fdt, size_t fdt_size,
			   struct rmem_boot_chain *out, char *err, size_t errlen)
{
	struct chain c = { .p = p, .img = img, .env = env, .out = out };
	size_t k = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	while (k < sizeof(kernels) / sizeof(kernels[0]) && kernels[k].arch != p->arch)
		k++;
	if (k == sizeof(kernels) / sizeof(kernels[0]))
		return -EOPNOTSUPP;
	read_ram(&c, fdt);
	if (!c.nr_ram) {
		rmem_fdt_seterr(err, errlen, "the board gives no RAM to place the kernel in");
		return -EINVAL;
	}
	read_lmb(&c, fdt);
	if (img) {
		ret = check_image(&c, k, err, errlen);
		if (ret)
			return ret;
		kernels[k].place(&c);
	} else if (env_has(&c, RMEM_UBOOT_KERNEL_ADDR_R)) {
		note(&c, "kernel_addr_r %#llx: give the kernel with --kernel-image for its reservation",
		     (unsigned long long)env_val(&c, RMEM_UBOOT_KERNEL_ADDR_R));
	}
	keep_busy(&c);
	if (env_has(&c, RMEM_UBOOT_FDT_ADDR_R))
		place_fdt(&c, fdt_size);
	else if (env)
		note(&c, "no fdt_addr_r in the environment: no DTB address derived");
	if (env_has(&c, RMEM_UBOOT_RAMDISK_ADDR_R))
		note(&c, "ramdisk_addr_r %#llx%s: the kernel reserves the initrd that /chosen names (linux,initrd-start/-end, which U-Boot writes)",
		     (unsigned long long)env_val(&c, RMEM_UBOOT_RAMDISK_ADDR_R),
		     !env_has(&c, RMEM_UBOOT_INITRD_HIGH) ? "" :
		     env_val(&c, RMEM_UBOOT_INITRD_HIGH) == (p->bits_per_long == 32 ? 0xffffffff : UINT64_MAX) ?
		     " (initrd_high all ones: U-Boot leaves it there)" :
		     " (initrd_high: U-Boot copies it below that)");
	return 0;
}
