// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel's build and the bootloader do to a tree before the
 * kernel reads it: the C preprocessor on a DTS (scripts/Makefile.lib's
 * dtc_cpp_flags), /proc/device-tree's directory layout (dtc -I fs),
 * overlays (libfdt's fdt_overlay_apply(), as U-Boot's "fdt apply") and the
 * memory fixup (U-Boot's fdt_fixup_memory_banks()).  Each is checked on
 * the tree that results, read back with libfdt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include <rmem/dt.h>

#include "rmem_test.h"

struct fix {
	char dir[64];
	char err[512];
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/rmem-test-fixup-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Writes @text to DIR/@name (subdirectories made as needed); returns the path. */
static char *put(struct fix *f, const char *name, const void *text, size_t len)
{
	static char path[256];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	for (slash = strchr(path + strlen(f->dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static char *put_text(struct fix *f, const char *name, const char *text)
{
	return put(f, name, text, strlen(text));
}

/* The reg of @path in @dt as 32-bit cells. */
static const fdt32_t *reg_of(const struct rmem_dt *dt, const char *path, int *len)
{
	int node = fdt_path_offset(rmem_dt_blob(dt), path);

	assert_true(node >= 0);
	return fdt_getprop(rmem_dt_blob(dt), node, "reg", len);
}

#define BOARD_HEAD "/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"

/* #include and #define, from the source's directory and from -I. */
static void test_cpp(void **state)
{
	struct fix *f = *state;
	char inc[128];
	const char *dirs[] = { inc };
	struct rmem_dt_options opt = { .include_dirs = dirs, .nr_include_dirs = 1 };
	struct rmem_dt *dt;
	const fdt32_t *reg;
	int len;
	char *path;

	snprintf(inc, sizeof(inc), "%s/include", f->dir);
	put_text(f, "include/dt-bindings/sizes.h", "#define RAM_SIZE 0x40000000\n");
	put_text(f, "mem.dtsi", "#define RAM_BASE 0x40000000\n");
	path = put_text(f, "board.dts",
			"#include <dt-bindings/sizes.h>\n#include \"mem.dtsi\"\n" BOARD_HEAD
			"\tmemory@40000000 { device_type = \"memory\";\n"
			"\t\treg = <0 RAM_BASE 0 RAM_SIZE>; };\n};\n");
	assert_int_equal(rmem_dt_load(path, &opt, &dt, f->err, sizeof(f->err)), 0);
	reg = reg_of(dt, "/memory@40000000", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x40000000);
	assert_int_equal(fdt32_to_cpu(reg[3]), 0x40000000);
	rmem_dt_free(dt);

	/* without -I the binding is not found: cpp's message and the way out */
	assert_int_equal(rmem_dt_load(path, NULL, &dt, f->err, sizeof(f->err)), -EINVAL);
	assert_null(dt);
	assert_non_null(strstr(f->err, "cpp: "));
	assert_non_null(strstr(f->err, "dt-bindings/sizes.h"));
	assert_non_null(strstr(f->err, "-I DIR"));
}

/* Properties that start with '#' are no directives: no cpp, as before. */
static void test_hash_properties(void **state)
{
	struct fix *f = *state;
	struct rmem_dt *dt;
	char *path = put_text(f, "plain.dts", BOARD_HEAD "\t#interrupt-cells = <1>;\n"
				 "#include-not = <2>;\n};\n");

	assert_int_equal(rmem_dt_load(path, NULL, &dt, f->err, sizeof(f->err)), 0);
	assert_non_null(fdt_getprop(rmem_dt_blob(dt), 0, "#include-not", NULL));
	rmem_dt_free(dt);
}

/* A file whose name starts with '-' is a file to the tools, not an option. */
static void test_dash_name(void **state)
{
	struct fix *f = *state;
	char cwd[4096];
	struct rmem_dt *dt;

	put_text(f, "-x.dts", "/dts-v1/;\n/ { };\n");
	put_text(f, "-", "/dts-v1/;\n/ { model = \"dash\"; };\n");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(rmem_dt_load("-x.dts", NULL, &dt, f->err, sizeof(f->err)), 0);
	rmem_dt_free(dt);
	assert_int_equal(rmem_dt_load_file("-", &dt, f->err, sizeof(f->err)), 0);
	assert_string_equal(fdt_getprop(rmem_dt_blob(dt), 0, "model", NULL), "dash");
	rmem_dt_free(dt);
	assert_int_equal(chdir(cwd), 0);
}

/* A directory laid out as /proc/device-tree is read as dtc -I fs reads it. */
static void test_fs_tree(void **state)
{
	struct fix *f = *state;
	static const unsigned char two[] = { 0, 0, 0, 2 };
	static const unsigned char reg[] = { 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0 };
	char root[128];
	struct rmem_dt *dt;
	const fdt32_t *r;
	int len;

	put(f, "fs/#address-cells", two, 4);
	put(f, "fs/#size-cells", two, 4);
	put(f, "fs/compatible", "linux,dummy-virt", 17);
	put(f, "fs/memory@40000000/device_type", "memory", 7);
	put(f, "fs/memory@40000000/reg", reg, sizeof(reg));
	snprintf(root, sizeof(root), "%s/fs", f->dir);
	assert_int_equal(rmem_dt_load(root, NULL, &dt, f->err, sizeof(f->err)), 0);
	r = reg_of(dt, "/memory@40000000", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(r[3]), 0x20000000);
	rmem_dt_free(dt);

	/* any other directory is still not a device tree */
	snprintf(root, sizeof(root), "%s/fs/memory@40000000", f->dir);
	assert_int_equal(rmem_dt_load(root, NULL, &dt, f->err, sizeof(f->err)), -EISDIR);
}

#define OVERLAY_CMA "/dts-v1/;\n/plugin/;\n&resv {\n\tlinux,cma {\n" \
	"\t\tcompatible = \"shared-dma-pool\"; reusable; size = <0 0x20000000>;\n" \
	"\t\tlinux,cma-default; };\n};\n"

static struct rmem_dt *load_text(struct fix *f, const char *name, const char *text,
				 bool symbols)
{
	struct rmem_dt_options opt = { .symbols = symbols };
	struct rmem_dt *dt;

	assert_int_equal(rmem_dt_load(put_text(f, name, text), &opt, &dt, f->err,
				      sizeof(f->err)), 0);
	return dt;
}

/* An overlay adds a CMA node by label; the base needs its __symbols__. */
static void test_overlay(void **state)
{
	struct fix *f = *state;
	const char *base_text = BOARD_HEAD "\tresv: reserved-memory {\n"
				"\t\t#address-cells = <2>; #size-cells = <2>; ranges; };\n};\n";
	struct rmem_dt *base = load_text(f, "base.dts", base_text, true);
	struct rmem_dt *plain = load_text(f, "plain.dts", base_text, false);
	struct rmem_dt *ov = load_text(f, "cma.dts", OVERLAY_CMA, false);
	size_t size = rmem_dt_size(base);
	int node;

	assert_int_equal(rmem_dt_apply_overlay(base, ov, f->err, sizeof(f->err)), 0);
	node = fdt_path_offset(rmem_dt_blob(base), "/reserved-memory/linux,cma");
	assert_true(node >= 0);
	assert_non_null(fdt_getprop(rmem_dt_blob(base), node, "linux,cma-default", NULL));
	assert_int_equal(fdt_check_full(rmem_dt_blob(base), rmem_dt_size(base)), 0);
	assert_true(rmem_dt_size(base) > size);

	/* no __symbols__: libfdt's error by name, and the tree untouched */
	size = rmem_dt_size(plain);
	assert_int_equal(rmem_dt_apply_overlay(plain, ov, f->err, sizeof(f->err)), -EINVAL);
	assert_non_null(strstr(f->err, "FDT_ERR_NOTFOUND"));
	assert_non_null(strstr(f->err, "-@"));
	assert_int_equal(rmem_dt_size(plain), size);
	assert_true(fdt_path_offset(rmem_dt_blob(plain), "/reserved-memory/linux,cma") < 0);

	/* an overlay whose __symbols__ outgrow the first room: retried with more */
	{
		char *big = malloc(64 * 1024);
		size_t n = 0;
		struct rmem_dt *deep, *many;

		assert_non_null(big);
		n += (size_t)sprintf(big + n, "/dts-v1/;\n/plugin/;\n&resv {\n");
		for (int i = 0; i < 300; i++)
			n += (size_t)sprintf(big + n, "\tlabel_number_%03d: node-with-a-long-name-%03d { };\n",
					     i, i);
		sprintf(big + n, "};\n");
		deep = load_text(f, "deep.dts", BOARD_HEAD "\ta { b { c { d { e { f { resv: g { }; }; }; }; }; }; };\n};\n",
				 true);
		many = load_text(f, "many.dts", big, true);
		assert_int_equal(rmem_dt_apply_overlay(deep, many, f->err, sizeof(f->err)), 0);
		assert_true(fdt_path_offset(rmem_dt_blob(deep), "/a/b/c/d/e/f/g/node-with-a-long-name-299") >= 0);
		rmem_dt_free(deep);
		rmem_dt_free(many);
		free(big);
	}

	/* a whole board is no overlay */
	assert_int_equal(rmem_dt_apply_overlay(base, plain, f->err, sizeof(f->err)), -EINVAL);
	assert_non_null(strstr(f->err, "not an overlay"));
	rmem_dt_free(base);
	rmem_dt_free(plain);
	rmem_dt_free(ov);
}

/*
 * U-Boot's fixup: the first root child named memory[@...] takes the banks
 * in the root's cells; another memory node stays (the kernel adds both).
 */
static void test_set_memory(void **state)
{
	struct fix *f = *state;
	struct rmem_dt *dt = load_text(f, "two.dts", BOARD_HEAD
		"\tmemory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x10000000>; };\n"
		"\tmem2 { device_type = \"memory\"; reg = <0 0x80000000 0 0>; };\n};\n", false);
	const struct rmem_dt_bank banks[] = {
		{ 0x40000000, 0x80000000 }, { 0x880000000ULL, 0x40000000 },
	};
	const fdt32_t *reg;
	int len;

	assert_int_equal(rmem_dt_set_memory(dt, banks, 2, f->err, sizeof(f->err)), 0);
	assert_true(fdt_path_offset(rmem_dt_blob(dt), "/mem2") >= 0);
	reg = reg_of(dt, "/memory@40000000", &len);
	assert_int_equal(len, 32);
	assert_int_equal(fdt32_to_cpu(reg[2]), 0);
	assert_int_equal(fdt32_to_cpu(reg[3]), 0x80000000);
	assert_int_equal(fdt32_to_cpu(reg[4]), 0x8);
	assert_int_equal(fdt32_to_cpu(reg[5]), 0x80000000);
	assert_int_equal(rmem_dt_set_memory(dt, banks, 0, f->err, sizeof(f->err)), -EINVAL);
	rmem_dt_free(dt);

	/*
	 * no memory node: /memory is added, in libfdt's defaults when the
	 * root has no cells (two address cells, one size cell)
	 */
	dt = load_text(f, "none.dts", "/dts-v1/;\n/ { };\n", false);
	assert_int_equal(rmem_dt_set_memory(dt, banks, 1, f->err, sizeof(f->err)), 0);
	reg = reg_of(dt, "/memory", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x40000000);
	assert_int_equal(fdt32_to_cpu(reg[2]), 0x80000000);
	rmem_dt_free(dt);

	/* one address cell cannot say 0x880000000: U-Boot would cut it */
	dt = load_text(f, "one.dts", "/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; };\n",
		       false);
	assert_int_equal(rmem_dt_set_memory(dt, banks, 2, f->err, sizeof(f->err)), -EINVAL);
	assert_non_null(strstr(f->err, "#address-cells = <1>"));
	rmem_dt_free(dt);

	/* three cells: U-Boot would write undefined bytes */
	dt = load_text(f, "three.dts", "/dts-v1/;\n/ { #address-cells = <3>; #size-cells = <1>; };\n",
		       false);
	assert_int_equal(rmem_dt_set_memory(dt, banks, 1, f->err, sizeof(f->err)), -EINVAL);
	assert_non_null(strstr(f->err, "not 1 or 2"));
	rmem_dt_free(dt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_properties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fs_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dash_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_memory, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
