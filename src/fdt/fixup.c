// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the bootloader does to the tree before the kernel sees it: U-Boot's
 * "fdt apply" of an overlay (libfdt's fdt_overlay_apply()) and its memory
 * fixup (fdt_fixup_memory_banks(): the memory nodes replaced by one /memory
 * node listing the banks).  Each builds a new blob, checks it as a loaded
 * one is checked, and only then replaces the old.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "fdt/fdt.h"

/* A writable copy of @fdt's tree with @extra bytes of room. */
static void *fixup_open(const struct rmem_fdt *fdt, size_t extra, size_t *size, char *err,
			size_t errlen)
{
	size_t total = fdt_totalsize(fdt->blob) + extra;
	void *buf;

	if (total > RMEM_FDT_MAX_FILE) {
		rmem_fdt_seterr(err, errlen, "the tree would grow past the %u bytes rmem reads",
				RMEM_FDT_MAX_FILE);
		return NULL;
	}
	buf = malloc(total);
	if (!buf) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	if (fdt_open_into(fdt->blob, buf, (int)total)) {
		rmem_fdt_seterr(err, errlen, "cannot open the tree for writing");
		free(buf);
		return NULL;
	}
	*size = total;
	return buf;
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

int rmem_fdt_apply_overlay(struct rmem_fdt *fdt, const struct rmem_fdt *overlay, char *err,
			   size_t errlen)
{
	size_t ov_size = fdt_totalsize(overlay->blob), size;
	void *buf, *ov;
	int ret;

	if (fdt_path_offset(overlay->blob, "/__fixups__") < 0 &&
	    fdt_subnode_offset(overlay->blob, 0, "fragment@0") < 0 &&
	    fdt_subnode_offset(overlay->blob, 0, "fragment-0") < 0) {
		overlay_seterr(err, errlen, -FDT_ERR_BADOVERLAY);
		return -EINVAL;
	}
	/* fdt_overlay_apply() consumes the overlay: work on a copy */
	ov = malloc(ov_size);
	if (!ov) {
		rmem_fdt_seterr(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	memcpy(ov, overlay->blob, ov_size);
	buf = fixup_open(fdt, 2 * ov_size, &size, err, errlen);
	if (!buf) {
		free(ov);
		return -ENOMEM;
	}
	ret = fdt_overlay_apply(buf, ov);
	free(ov);
	if (ret) {
		overlay_seterr(err, errlen, ret);
		free(buf);
		return ret == -FDT_ERR_NOSPACE ? -ENOMEM : -EINVAL;
	}
	return fixup_commit(fdt, buf, err, errlen);
}

/* The root's cells, as the kernel reads them, hold @v? */
static bool fits_cells(uint64_t v, int cells)
{
	return cells >= 2 || (cells == 1 && v <= UINT32_MAX);
}

static void put_cells(char *reg, int *len, uint64_t v, int cells)
{
	for (int i = cells - 1; i >= 0; i--) {
		fdt32_t c = cpu_to_fdt32(i >= 2 ? 0 : (uint32_t)(v >> (32 * i)));

		memcpy(reg + *len, &c, 4);
		*len += 4;
	}
}

static int memory_del_all(void *buf)
{
	int node;

	while ((node = fdt_node_offset_by_prop_value(buf, -1, "device_type", "memory", 7)) >= 0) {
		int ret = fdt_del_node(buf, node);

		if (ret)
			return ret;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : node;
}

static int memory_add(void *buf, const struct rmem_dt_bank *banks, size_t n, int ac, int sc)
{
	int len = 0, node, ret;
	char name[32], *reg;

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)banks[0].base);
	node = fdt_add_subnode(buf, 0, name);
	if (node < 0)
		return node;
	ret = fdt_setprop_string(buf, node, "device_type", "memory");
	if (ret)
		return ret;
	reg = malloc(n * (size_t)(ac + sc) * 4);
	if (!reg)
		return -FDT_ERR_NOSPACE;
	for (size_t i = 0; i < n; i++) {
		put_cells(reg, &len, banks[i].base, ac);
		put_cells(reg, &len, banks[i].size, sc);
	}
	ret = fdt_setprop(buf, node, "reg", reg, len);
	free(reg);
	return ret;
}

int rmem_fdt_set_memory(struct rmem_fdt *fdt, const struct rmem_dt_bank *banks, size_t n,
			char *err, size_t errlen)
{
	int ac = fdt->root_addr_cells, sc = fdt->root_size_cells, ret;
	size_t size;
	void *buf;

	if (!n || n > RMEM_DT_MAX_BANKS) {
		rmem_fdt_seterr(err, errlen, "from 1 to %d memory banks", RMEM_DT_MAX_BANKS);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!fits_cells(banks[i].base, ac) || !fits_cells(banks[i].size, sc)) {
			rmem_fdt_seterr(err, errlen,
					"bank %#llx+%#llx does not fit the root's #address-cells = <%d>, #size-cells = <%d>",
					(unsigned long long)banks[i].base,
					(unsigned long long)banks[i].size, ac, sc);
			return -EINVAL;
		}
	}
	buf = fixup_open(fdt, 256 + n * 16, &size, err, errlen);
	if (!buf)
		return -ENOMEM;
	ret = memory_del_all(buf);
	if (!ret)
		ret = memory_add(buf, banks, n, ac, sc);
	if (ret) {
		rmem_fdt_seterr(err, errlen, "writing the memory node: %s", fdt_strerror(ret));
		free(buf);
		return ret == -FDT_ERR_NOSPACE ? -ENOMEM : -EINVAL;
	}
	return fixup_commit(fdt, buf, err, errlen);
}
