// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the bootloader does to the tree before the kernel sees it: U-Boot's
 * "fdt apply" of an overlay (libfdt's fdt_overlay_apply()) and its memory
 * fixup (fdt_fixup_memory_banks(): the first root child named "memory"
 * (with or without a unit address), or a new /memory, gets device_type and
 * a reg listing the banks; any other memory node stays).  Each builds a new
 * blob, checks it as a loaded one is checked, and only then replaces the
 * old.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fdt/fdt.h"

/*
 * A writable copy of @fdt's tree with @extra bytes of room in *@buf.
 * Returns 0; -EFBIG (past what rmem reads); -ENOMEM; -EINVAL.
 */
static int fixup_open(const struct rmem_fdt *fdt, size_t extra, void **buf, char *err,
		      size_t errlen)
{
	size_t total = fdt_totalsize(fdt->blob);

	if (extra > RMEM_FDT_MAX_FILE - total) {
		rmem_fdt_seterr(err, errlen, "the tree would grow past the %u bytes rmem reads",
				RMEM_FDT_MAX_FILE);
		return -EFBIG;
	}
	total += extra;
	*buf = malloc(total);
	if (!*buf) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	if (fdt_open_into(fdt->blob, *buf, (int)total)) {
		rmem_fdt_seterr(err, errlen, "cannot open the tree for writing");
		free(*buf);
		return -EINVAL;
	}
	return 0;
}

/* Packs @buf and makes it @fdt's tree (taking it), or leaves @fdt alone. */
static int fixup_commit(struct rmem_fdt *fdt, void *buf, char *err, size_t errlen)
{
	struct rmem_fdt next;
	int ret;

	fdt_pack(buf);
	ret = rmem_fdt_accept_dtb(&next, buf, fdt_totalsize(buf), err, errlen);
	if (ret)
		return ret;
	rmem_fdt_release(fdt);
	*fdt = next;
	return 0;
}

/* Why fdt_overlay_apply() refused, in words, with what to do. */
static void overlay_seterr(char *err, size_t errlen, int ret)
{
	const char *why;

	switch (-ret) {
	case FDT_ERR_NOTFOUND:
		why = "a label or path the overlay refers to is not in the base tree (a base compiled without dtc -@ has no __symbols__)";
		break;
	case FDT_ERR_BADOVERLAY:
		why = "not an overlay (no fragment with __overlay__, or its fixups are malformed)";
		break;
	case FDT_ERR_BADPHANDLE:
		why = "a phandle of the overlay is out of range";
		break;
	default:
		why = NULL;
		break;
	}
	if (why)
		rmem_fdt_seterr(err, errlen, "fdt_overlay_apply: %s: %s", fdt_strerror(ret), why);
	else
		rmem_fdt_seterr(err, errlen, "fdt_overlay_apply: %s", fdt_strerror(ret));
}

/*
 * One try with @extra bytes of room: fdt_overlay_apply() consumes the
 * overlay and leaves a base it failed on damaged, so each try starts from
 * fresh copies.  Returns 0 with *@out; -EAGAIN when the room was too
 * small; -EINVAL (libfdt refused it: @err says why); -EFBIG; -ENOMEM.
 */
static int overlay_try(const struct rmem_fdt *fdt, const struct rmem_fdt *overlay, size_t extra,
		       void **out, char *err, size_t errlen)
{
	size_t ov_size = fdt_totalsize(overlay->blob);
	void *ov = malloc(ov_size);
	int ret;

	if (!ov) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	memcpy(ov, overlay->blob, ov_size);
	ret = fixup_open(fdt, extra, out, err, errlen);
	if (ret) {
		free(ov);
		return ret;
	}
	ret = fdt_overlay_apply(*out, ov);	/* a libfdt error, not an errno */
	free(ov);
	if (!ret)
		return 0;
	free(*out);
	if (ret == -FDT_ERR_NOSPACE)
		return -EAGAIN;
	overlay_seterr(err, errlen, ret);
	return -EINVAL;
}

int rmem_fdt_apply_overlay(struct rmem_fdt *fdt, const struct rmem_fdt *overlay, char *err,
			   size_t errlen)
{
	size_t extra = 2 * (size_t)fdt_totalsize(overlay->blob) + 4096;
	void *buf;
	int ret;

	if (fdt_path_offset(overlay->blob, "/__fixups__") < 0 &&
	    fdt_subnode_offset(overlay->blob, 0, "fragment@0") < 0 &&
	    fdt_subnode_offset(overlay->blob, 0, "fragment-0") < 0) {
		overlay_seterr(err, errlen, -FDT_ERR_BADOVERLAY);
		return -EINVAL;
	}
	/* __symbols__ grow by the full paths of the overlay's labels: room doubles until it fits */
	while ((ret = overlay_try(fdt, overlay, extra, &buf, err, errlen)) == -EAGAIN)
		extra *= 2;
	return ret ? ret : fixup_commit(fdt, buf, err, errlen);
}

/* One bank's base or size in @cells cells (1 or 2), big-endian. */
static size_t put_cells(unsigned char *reg, uint64_t v, int cells)
{
	for (int i = 0; i < 4 * cells; i++)
		reg[4 * cells - 1 - i] = (unsigned char)(v >> (8 * i));
	return 4 * (size_t)cells;
}

/*
 * U-Boot writes the root's #address-cells/#size-cells as libfdt reads them
 * (2 and 1 when absent); it truncates a value to 32 bits in one cell and leaves
 * stack bytes in cells past two.  rmem refuses what would not come out as
 * given.
 */
static int memory_cells(const void *blob, const struct rmem_dt_bank *banks, size_t n,
			int *ac, int *sc, char *err, size_t errlen)
{
	*ac = fdt_address_cells(blob, 0);
	*sc = fdt_size_cells(blob, 0);
	if (*ac < 1 || *ac > 2 || *sc < 1 || *sc > 2) {
		rmem_fdt_seterr(err, errlen,
				"the root's #address-cells/#size-cells (%d, %d) are not 1 or 2: U-Boot's fixup would write undefined cells",
				*ac, *sc);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((*ac == 1 && banks[i].base > UINT32_MAX) ||
		    (*sc == 1 && banks[i].size > UINT32_MAX)) {
			rmem_fdt_seterr(err, errlen,
					"bank %#llx+%#llx does not fit the root's #address-cells = <%d>, #size-cells = <%d> (U-Boot would cut it to 32 bits)",
					(unsigned long long)banks[i].base,
					(unsigned long long)banks[i].size, *ac, *sc);
			return -EINVAL;
		}
	}
	return 0;
}

/* fdt_find_or_add_subnode(root, "memory"): the first root child named memory[@...]. */
static int memory_node(void *buf)
{
	int node = fdt_subnode_offset(buf, 0, "memory");

	return node == -FDT_ERR_NOTFOUND ? fdt_add_subnode(buf, 0, "memory") : node;
}

static int memory_write(void *buf, const struct rmem_dt_bank *banks, size_t n, int ac, int sc)
{
	unsigned char reg[RMEM_DT_MAX_BANKS * 16];
	size_t len = 0;
	int node = memory_node(buf), ret;

	if (node < 0)
		return node;
	ret = fdt_setprop_string(buf, node, "device_type", "memory");
	for (size_t i = 0; !ret && i < n; i++) {
		len += put_cells(reg + len, banks[i].base, ac);
		len += put_cells(reg + len, banks[i].size, sc);
	}
	return ret ? ret : fdt_setprop(buf, node, "reg", reg, (int)len);
}

int rmem_fdt_set_memory(struct rmem_fdt *fdt, const struct rmem_dt_bank *banks, size_t n,
			char *err, size_t errlen)
{
	int ac, sc, ret;
	void *buf;

	if (!n || n > RMEM_DT_MAX_BANKS) {
		rmem_fdt_seterr(err, errlen, "from 1 to %d memory banks", RMEM_DT_MAX_BANKS);
		return -EINVAL;
	}
	ret = memory_cells(fdt->blob, banks, n, &ac, &sc, err, errlen);
	if (ret)
		return ret;
	ret = fixup_open(fdt, 256 + n * 16, &buf, err, errlen);
	if (ret)
		return ret;
	ret = memory_write(buf, banks, n, ac, sc);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "writing the memory node: %s", fdt_strerror(ret));
		free(buf);
		return -EINVAL;
	}
	return fixup_commit(fdt, buf, err, errlen);
}
