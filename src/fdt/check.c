// SPDX-License-Identifier: GPL-2.0-only
/*
 * fdt_check_full() made safe for every blob.  libfdt 1.6.1 (Debian 12)
 * takes the root node's name from fdt_get_name() and reads it without
 * looking for NULL; fdt_get_name() gives NULL for a blob of version 15 or
 * older whose first node's name has no '/' (old blobs name nodes by full
 * path), so such a blob makes fdt_check_full() read address 0 (dtc 1.7.0
 * checks for it).  The name is looked at first, as libfdt would.
 *
 * The same libfdt adds a property's length to its offset as an int, so a
 * length of -12 (0xfffffff4) brings fdt_next_tag() back to the same tag and
 * fdt_check_full() loops forever.  Each tag's successor is looked at first.
 */
#include <libfdt.h>

#include "fdt/fdt.h"

/* The tag fdt_check_full() meets first at depth 1: the root node's. */
static int fdt_check_root_name(const void *buf)
{
	int offset, next = 0;
	uint32_t tag;

	do {
		offset = next;
		tag = fdt_next_tag(buf, offset, &next);
	} while (next >= 0 && (tag == FDT_NOP || tag == FDT_PROP));
	if (next >= 0 && tag == FDT_BEGIN_NODE && !fdt_get_name(buf, offset, NULL))
		return -FDT_ERR_BADSTRUCTURE;
	return 0;
}

/* Every tag's next offset lies past it: libfdt 1.6.1 cannot loop on this blob. */
static int fdt_check_tags_advance(const void *buf)
{
	int offset, next = 0;
	uint32_t tag;

	do {
		offset = next;
		tag = fdt_next_tag(buf, offset, &next);
		if (next >= 0 && next <= offset)
			return -FDT_ERR_BADSTRUCTURE;
	} while (next >= 0 && tag != FDT_END);
	return 0;
}

int rmem_fdt_check_full(const void *buf, size_t size)
{
	int ret;

	/* the tags are walked only in a blob whose header holds */
	if (size >= sizeof(struct fdt_header) && fdt_totalsize(buf) <= size &&
	    fdt_check_header(buf) == 0) {
		ret = fdt_check_tags_advance(buf);
		if (!ret && fdt_version(buf) < 0x10)
			ret = fdt_check_root_name(buf);
		if (ret)
			return ret;
	}
	return fdt_check_full(buf, size);
}
