// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmem_fdt_load_file() / rmem_fdt_load_blob(): the input errors (what a
 * bootloader would have refused before the kernel ever ran), DTS through
 * dtc, and early_init_dt_scan_root() (drivers/of/fdt.c 5.10:955, 6.1:1060,
 * 6.12:926; the same in all three) on the accepted tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include "rmem_test.h"
#include "rmem_test_fdt.h"
#include "fdt/fdt.h"

struct load_fixture {
	char dir[64];
	char path[128];
	char err[256];
	struct rmem_fdt fdt;
};

static int setup(void **state)
{
	struct load_fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/rmem-test-fdt-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct load_fixture *f = *state;
	char cmd[128];

	rmem_fdt_release(&f->fdt);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static const char *write_file(struct load_fixture *f, const char *name, const void *data,
			      size_t len)
{
	FILE *fp;

	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return f->path;
}

/* A small valid tree: 2/2 cells, one memory node, /chosen. */
static void *small_dtb(size_t *size)
{
	struct rmem_test_dt dt;

	rmem_test_dt_begin(&dt, 2, 2);
	RMEM_TEST_DT_MEMORY(&dt, "memory@80000000", 0x80000000, 0x40000000);
	rmem_test_dt_chosen(&dt, "console=ttyAMA0");
	return rmem_test_dt_finish(&dt, size);
}

static int load(struct load_fixture *f, const char *path)
{
	rmem_fdt_release(&f->fdt);
	memset(f->err, 0, sizeof(f->err));
	return rmem_fdt_load_file(&f->fdt, path, f->err, sizeof(f->err));
}

/* A DTB file is taken as it is; early_init_dt_scan_root() reads 2/2. */
static void test_valid_dtb(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	void *blob = small_dtb(&size);

	assert_int_equal(load(f, write_file(f, "a.dtb", blob, size)), 0);
	assert_int_equal(f->fdt.size, size);
	assert_memory_equal(f->fdt.blob, blob, size);
	assert_int_equal(f->fdt.root_addr_cells, 2);
	assert_int_equal(f->fdt.root_size_cells, 2);
	assert_true(fdt_path_offset(f->fdt.blob, "/memory@80000000") > 0);

	/* the same from memory, copied */
	rmem_fdt_release(&f->fdt);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, blob, size, f->err, sizeof(f->err)), 0);
	assert_ptr_not_equal(f->fdt.blob, blob);
	assert_int_equal(f->fdt.root_addr_cells, 2);
	free(blob);
}

/* Bytes after totalsize are allowed: size is the file's. */
static void test_trailing_bytes(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	void *blob = small_dtb(&size);
	char *big = calloc(1, size + 100);

	memcpy(big, blob, size);
	assert_int_equal(load(f, write_file(f, "pad.dtb", big, size + 100)), 0);
	assert_int_equal(f->fdt.size, size + 100);
	free(big);
	free(blob);
}

/*
 * early_init_dt_scan_root(): OF_ROOT_NODE_ADDR_CELLS_DEFAULT and
 * OF_ROOT_NODE_SIZE_CELLS_DEFAULT are 1 (drivers/of/of_private.h, not sparc).
 */
static void test_root_cells_default(void **state)
{
	struct load_fixture *f = *state;
	struct rmem_test_dt dt;
	size_t size;
	void *blob;

	rmem_test_dt_begin(&dt, -1, -1);
	blob = rmem_test_dt_finish(&dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, blob, size, f->err, sizeof(f->err)), 0);
	assert_int_equal(f->fdt.root_addr_cells, 1);
	assert_int_equal(f->fdt.root_size_cells, 1);
	free(blob);

	/* only one of them present */
	rmem_fdt_release(&f->fdt);
	rmem_test_dt_begin(&dt, 3, -1);
	blob = rmem_test_dt_finish(&dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, blob, size, f->err, sizeof(f->err)), 0);
	assert_int_equal(f->fdt.root_addr_cells, 3);
	assert_int_equal(f->fdt.root_size_cells, 1);
	free(blob);
}

/*
 * early_init_dt_scan_root(): be32_to_cpup() reads four bytes whatever the
 * property's length.  An empty #size-cells followed by another property
 * reads that property's FDT_PROP token (3); a 2-byte #address-cells reads
 * its two bytes and two bytes of zero padding.
 */
static void test_root_cells_short(void **state)
{
	struct load_fixture *f = *state;
	struct rmem_test_dt dt;
	size_t size;
	void *blob;

	rmem_test_dt_begin(&dt, -1, -1);
	rmem_test_dt_prop_empty(&dt, "#size-cells");
	rmem_test_dt_prop_raw(&dt, "#address-cells", "\x00\x02", 2);
	blob = rmem_test_dt_finish(&dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, blob, size, f->err, sizeof(f->err)), 0);
	assert_int_equal(f->fdt.root_size_cells, FDT_PROP);
	assert_int_equal(f->fdt.root_addr_cells, 0x00020000);
	free(blob);

	/* 0xffffffff is -1 in the kernel's int dt_root_size_cells */
	rmem_fdt_release(&f->fdt);
	rmem_test_dt_begin(&dt, 2, -1);
	RMEM_TEST_DT_CELLS(&dt, "#size-cells", 0xffffffff);
	blob = rmem_test_dt_finish(&dt, &size);
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, blob, size, f->err, sizeof(f->err)), 0);
	assert_int_equal(f->fdt.root_size_cells, -1);
	free(blob);
}

static const char dts_main[] =
	"\xef\xbb\xbf// leading comment\n"
	"/* block\n   comment */\n"
	"/dts-v1/;\n"
	"/memreserve/ 0x90000000 0x1000;\n"
	"/include/ \"board.dtsi\"\n"
	"/ {\n"
	"\tmemory@80000000 {\n"
	"\t\tdevice_type = \"memory\";\n"
	"\t\treg = <0x0 0x80000000 0x0 0x40000000>;\n"
	"\t};\n"
	"};\n";

static const char dts_include[] =
	"/ {\n"
	"\t#address-cells = <2>;\n"
	"\t#size-cells = <2>;\n"
	"\tchosen { bootargs = \"cma=64M\"; };\n"
	"};\n";

/* A DTS (found by content, BOM and comments first, any name) goes through dtc, /include/ relative to it. */
static void test_dts_compiled(void **state)
{
	struct load_fixture *f = *state;
	uint64_t base, size;
	int node;

	write_file(f, "board.dtsi", dts_include, strlen(dts_include));
	assert_int_equal(load(f, write_file(f, "board.dtb", dts_main, strlen(dts_main))), 0);
	assert_int_equal(fdt_magic(f->fdt.blob), FDT_MAGIC);
	assert_int_equal(f->fdt.root_addr_cells, 2);
	assert_int_equal(f->fdt.root_size_cells, 2);
	node = fdt_path_offset(f->fdt.blob, "/chosen");
	assert_true(node > 0);
	assert_string_equal(fdt_getprop(f->fdt.blob, node, "bootargs", NULL), "cma=64M");
	assert_int_equal(rmem_fdt_memreserve_count(&f->fdt), 1);
	rmem_fdt_memreserve(&f->fdt, 0, &base, &size);
	assert_int_equal(base, 0x90000000);
	assert_int_equal(size, 0x1000);

	/* without the BOM dtc reads the file itself; a BOM'd error names the file too */
	assert_int_equal(load(f, write_file(f, "nobom.dts", dts_main + 3, strlen(dts_main) - 3)),
			 0);
	assert_int_equal(f->fdt.root_addr_cells, 2);
	assert_int_equal(load(f, write_file(f, "bom.dts", "\xef\xbb\xbf/dts-v1/;\n/ {", 16)),
			 -EINVAL);
	assert_string_equal(f->err, "dtc: Error: bom.dts:2.3-4 syntax error");
}

/* DTS text in memory goes to dtc's standard input. */
static void test_dts_blob(void **state)
{
	struct load_fixture *f = *state;
	static const char dts[] = "/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <0>; };\n";

	assert_int_equal(rmem_fdt_load_blob(&f->fdt, dts, strlen(dts), f->err, sizeof(f->err)), 0);
	assert_int_equal(f->fdt.root_addr_cells, 1);
	assert_int_equal(f->fdt.root_size_cells, 0);
}

/* dtc's first message line, the path shortened to the file's name. */
static void test_dts_syntax_error(void **state)
{
	struct load_fixture *f = *state;
	static const char dts[] = "/dts-v1/;\n/ {\n\tfoo = <1 2;\n};\n";

	assert_int_equal(load(f, write_file(f, "bad.dts", dts, strlen(dts))), -EINVAL);
	assert_string_equal(f->err, "dtc: Error: bad.dts:3.12-13 syntax error");
	assert_null(f->fdt.blob);

	/* dtc's checks are errors too */
	static const char dup[] = "/dts-v1/;\n/ {\n\tfoo { };\n\tfoo { };\n};\n";

	assert_int_equal(load(f, write_file(f, "dup.dts", dup, strlen(dup))), -EINVAL);
	assert_non_null(strstr(f->err, "dtc: dup.dts:4.6-10: ERROR (duplicate_node_names)"));

	assert_int_equal(rmem_fdt_load_blob(&f->fdt, dts, strlen(dts), f->err, sizeof(f->err)),
			 -EINVAL);
	assert_string_equal(f->err, "dtc: Error: <stdin>:3.12-13 syntax error");
}

/* Without dtc on $PATH a DTS cannot be read; a DTB still can. */
static void test_dtc_missing(void **state)
{
	struct load_fixture *f = *state;
	static const char dts[] = "/dts-v1/;\n/ { };\n";
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	size_t size;
	void *blob = small_dtb(&size);

	setenv("PATH", f->dir, 1);
	assert_int_equal(load(f, write_file(f, "x.dts", dts, strlen(dts))), -ENOEXEC);
	assert_string_equal(f->err, "dtc not found: install device-tree-compiler");
	assert_int_equal(load(f, write_file(f, "x.dtb", blob, size)), 0);
	setenv("PATH", path, 1);
	free(path);
	free(blob);
}

static void test_missing_file(void **state)
{
	struct load_fixture *f = *state;
	char path[160];

	snprintf(path, sizeof(path), "%s/nope.dtb", f->dir);
	assert_int_equal(load(f, path), -ENOENT);
	assert_string_equal(f->err, strerror(ENOENT));
	assert_null(f->fdt.blob);
}

static void test_directory(void **state)
{
	struct load_fixture *f = *state;

	assert_int_equal(load(f, f->dir), -EISDIR);
	assert_string_equal(f->err, strerror(EISDIR));
}

static void test_empty(void **state)
{
	struct load_fixture *f = *state;

	assert_int_equal(load(f, write_file(f, "empty.dtb", "", 0)), -EINVAL);
	assert_string_equal(f->err, "empty file");
	assert_int_equal(rmem_fdt_load_blob(&f->fdt, "", 0, f->err, sizeof(f->err)), -EINVAL);
	assert_string_equal(f->err, "empty file");
}

/* The magic, then less than a header. */
static void test_truncated_header(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	void *blob = small_dtb(&size);

	assert_int_equal(load(f, write_file(f, "short.dtb", blob, 20)), -EINVAL);
	assert_string_equal(f->err, "truncated DTB header: 20 bytes, a header has 40");
	free(blob);
}

static void test_bad_magic(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	char *blob = small_dtb(&size);

	blob[0] ^= 0xff;
	assert_int_equal(load(f, write_file(f, "magic.dtb", blob, size)), -EINVAL);
	assert_non_null(strstr(f->err, "not a device tree"));
	assert_int_equal(load(f, write_file(f, "text", "hello\n", 6)), -EINVAL);
	assert_non_null(strstr(f->err, "not a device tree"));
	free(blob);
}

static void test_totalsize_beyond_file(void **state)
{
	struct load_fixture *f = *state;
	char expect[128];
	size_t size;
	void *blob = small_dtb(&size);

	assert_int_equal(load(f, write_file(f, "cut.dtb", blob, size - 8)), -EINVAL);
	snprintf(expect, sizeof(expect), "totalsize %zu is larger than the file (%zu bytes)",
		 size, size - 8);
	assert_string_equal(f->err, expect);
	free(blob);
}

/* A header that holds but a structure block that does not: fdt_check_full()'s verdict. */
static void test_corrupt_structure(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	char *blob = small_dtb(&size);
	fdt32_t *first = (fdt32_t *)(blob + fdt_off_dt_struct(blob));

	/* the root's FDT_BEGIN_NODE becomes a bogus token */
	*first = cpu_to_fdt32(0x77);
	assert_int_equal(load(f, write_file(f, "corrupt.dtb", blob, size)), -EINVAL);
	assert_string_equal(f->err, "not a valid device tree: fdt_check_full: FDT_ERR_BADSTRUCTURE "
			    "(the structure block has a bad tag, name or nesting)");

	/* a string offset beyond the strings block */
	free(blob);
	blob = small_dtb(&size);
	fdt_set_size_dt_strings(blob, 2);
	assert_int_equal(load(f, write_file(f, "strings.dtb", blob, size)), -EINVAL);
	assert_non_null(strstr(f->err, "fdt_check_full: FDT_ERR_"));
	free(blob);
}

/*
 * A property length of -12 points fdt_next_tag() back at its own tag:
 * Debian 12's libfdt 1.6.1 fdt_check_full() would loop forever (fuzz_fixup).
 */
static void test_prop_len_loops_back(void **state)
{
	struct load_fixture *f = *state;
	size_t size;
	char *blob = small_dtb(&size);
	fdt32_t *prop = (fdt32_t *)(blob + fdt_off_dt_struct(blob) + 8);

	/* the root's first property, after its FDT_BEGIN_NODE and empty name */
	assert_int_equal(fdt32_to_cpu(prop[0]), FDT_PROP);
	prop[1] = cpu_to_fdt32(0xfffffff4);
	assert_int_equal(load(f, write_file(f, "loop.dtb", blob, size)), -EINVAL);
	assert_string_equal(f->err, "not a valid device tree: fdt_check_full: FDT_ERR_BADSTRUCTURE "
			    "(the structure block has a bad tag, name or nesting)");
	free(blob);
}

/* A (sparse) file over RMEM_FDT_MAX_FILE is refused before it is read. */
static void test_huge_file(void **state)
{
	struct load_fixture *f = *state;
	int fd;

	write_file(f, "huge.dtb", "", 0);
	fd = open(f->path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)RMEM_FDT_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(load(f, f->path), -EFBIG);
	assert_non_null(strstr(f->err, "more than the"));

	/* exactly the limit is read, and then judged on its contents */
	fd = open(f->path, O_WRONLY);
	assert_int_equal(ftruncate(fd, (off_t)RMEM_FDT_MAX_FILE), 0);
	close(fd);
	assert_int_equal(load(f, f->path), -EINVAL);
	assert_non_null(strstr(f->err, "not a device tree"));

	assert_int_equal(rmem_fdt_load_blob(&f->fdt, "", (size_t)RMEM_FDT_MAX_FILE + 1, f->err,
					    sizeof(f->err)),
			 -EFBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_dtb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_cells_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_cells_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dts_compiled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dts_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dts_syntax_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dtc_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_magic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totalsize_beyond_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_structure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prop_len_loops_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
