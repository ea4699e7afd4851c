// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each command is, its options and its exit codes: the one source of
 * `rmem CMD --help`, of the getopt_long() tables of plan, check and sim, and
 * of the man pages rmem(1), rmem-plan(1), rmem-check(1), rmem-sim(1) and
 * rmem-profiles(1), which
 * the build writes with `rmem --man PAGE` (help.c renders both).  Texts are
 * plain paragraphs; "@PROFILES@" stands for the built-in profiles' names.
 */
#include "cli.h"

#define HELP_OPTION { "help", 'h', NULL, "print this help and exit" }

/* The options of the commands that boot a board: plan, check and sim. */
#define BOOT_OPTIONS								\
	{ "kernel", 'k', "P",							\
	  "the kernel profile (default " RMEM_PROFILE_DEFAULT "); built in: @PROFILES@" }, \
	{ "config", RMEM_CLI_OPT_CONFIG, "FILE",				\
	  "a kernel .config read over the profile: its values override the profile's "	\
	  "(a complete .config, whose first lines name the arch and the kernel "	\
	  "version, sets them all; a fragment only those it names).  With -k, a "	\
	  ".config of another arch or kernel version is a usage error; the report "	\
	  "names both" },							\
	{ "cmdline", RMEM_CLI_OPT_CMDLINE, "S",					\
	  "the kernel command line (default: the DTB's /chosen/bootargs)" },	\
	{ "reserve", RMEM_CLI_OPT_RESERVE, "R",					\
	  "an early reservation the kernel has made before it reads "		\
	  "/reserved-memory (kernel image, firmware): BASE-END (END "		\
	  "exclusive) or BASE+SIZE; repeatable; the first is the kernel image" }, \
	{ "fdt-addr", RMEM_CLI_OPT_FDT_ADDR, "A", "where the bootloader placed the DTB" }, \
	{ "kernel-image", RMEM_CLI_OPT_KERNEL_IMAGE, "FILE",			\
	  "the kernel's Image (arm64, riscv) or zImage (arm): its header gives "	\
	  "where the bootloader runs it and the reservation the kernel makes of "	\
	  "itself (with --uboot-env's kernel_addr_r, else at the base of RAM); "	\
	  "--reserve wins where they overlap" },				\
	{ "uboot-env", RMEM_CLI_OPT_UBOOT_ENV, "FILE",				\
	  "U-Boot's environment (name=value lines, fw_printenv output, or the "	\
	  "binary env): kernel_addr_r, fdt_addr_r, ramdisk_addr_r, bootm_low, "	\
	  "bootm_size, fdt_high give where the kernel and the DTB go; --fdt-addr "	\
	  "wins" },								\
	{ "initrd", RMEM_CLI_OPT_INITRD, "R",					\
	  "where the bootloader loaded the initrd, BASE+SIZE or BASE-END (END "	\
	  "exclusive), in place of /chosen's linux,initrd-start and -end (a DTB "	\
	  "the bootloader has not fixed up yet): the kernel reserves it, or drops "	\
	  "it with its own message when it is not all RAM or overlaps the kernel, "	\
	  "as the profile's kernel does" },					\
	{ "memory", RMEM_CLI_OPT_MEMORY, "R",					\
	  "a bank of RAM, BASE+SIZE or BASE-END (END exclusive), written into "	\
	  "the tree as U-Boot's memory fixup writes it: the first memory node "	\
	  "(or a new /memory) lists the banks; repeatable, in order.  Needed "	\
	  "when the board's memory nodes give no RAM (the bootloader fills them in)" }, \
	{ "overlay", RMEM_CLI_OPT_OVERLAY, "FILE",				\
	  "a device-tree overlay (.dtbo, or a /plugin/ .dts) applied to the board "	\
	  "as U-Boot's \"fdt apply\" does; repeatable, applied in order" },	\
	{ "include", 'I', "DIR",						\
	  "where a .dts's #include <...> and /include/ look (the C preprocessor "	\
	  "runs, as in the kernel's build, when the source has directives): for "	\
	  "<dt-bindings/...>, the kernel source's include/; repeatable" }

#define WARNING_OPTION(more)						\
	{ "warning", 'W', "ID",							\
	  "turn check ID on, or off as no-ID (all, no-all: every check), as dtc's -W "	\
	  "does; repeatable, in order; 'rmem check --list' names them" more }

#define OUTPUT_OPTION								\
	{ "output", 'o', "FILE",						\
	  "write there instead of standard output: a regular file is replaced whole " \
	  "or not at all and keeps its mode; a device or a FIFO is written in place; " \
	  "symbolic links are followed" }

#define EXIT_USAGE								\
	{ RMEM_EXIT_USAGE, "a usage error: an unknown command, option, profile or format " \
	  "(with the nearest names), a bad option value" }
#define EXIT_INPUT(what) { RMEM_EXIT_INPUT, "an input cannot be read: " what }
#define EXIT_INTERNAL								\
	{ RMEM_EXIT_INTERNAL, "an internal failure (out of memory), or the output cannot " \
	  "be written (no space, an I/O error, a directory rmem may not write in)" }
#define EXIT_END { -1, NULL }

#define SEE_ALSO "rmem(1), rmem-plan(1), rmem-check(1), rmem-sim(1), rmem-diff(1), rmem-profiles(1), dtc(1)"

/* What plan and check read. */
#define BOARD_OPERAND								\
	{ NULL, 0, "BOARD", "a .dtb, a .dts (compiled with cpp and dtc from PATH), a "	\
	  "directory laid out as /proc/device-tree, or - for standard input; none: "	\
	  "the built-in example board" }
#define EXIT_INPUT_BOARD							\
	EXIT_INPUT("a missing or unreadable file, not a device tree, a .dts dtc "	\
		   "rejects, a bad .config, a --kernel-image or --uboot-env rmem cannot read "	\
		   "or of another kernel than the profile's")

static const struct rmem_cli_option plan_options[] = {
	BOARD_OPERAND,
	BOOT_OPTIONS,
	{ "format", RMEM_CLI_OPT_FORMAT, "text|log|json|svg",
	  "text: a table of the regions (default; its columns are stable for scripts); "
	  "log: the kernel's own lines about reserved memory and CMA; json: everything, "
	  "for programs; svg: a memory map to scale" },
	OUTPUT_OPTION,
	{ "strict", RMEM_CLI_OPT_STRICT, NULL, "exit 1 when the kernel would report an error "
	  "or crash, or, with --lint, rmem check finds an error" },
	{ "lint", RMEM_CLI_OPT_LINT, NULL, "also apply rmem check's checks: each finding on one "
	  "line of standard error (SEVERITY: MESSAGE; fix: ... [-W ID]), and in the json "
	  "format's findings list" },
	WARNING_OPTION(" (implies --lint)"),
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_plan = {
	.name = "rmem-plan",
	.command = "plan",
	.summary = "predict the boot-time reserved-memory and CMA layout of a board",
	.synopsis = (const char *const[]){ "plan [OPTIONS] [BOARD]", NULL },
	.description = (const char *const[]){
		"Predicts, without booting, where the kernel puts each /reserved-memory "
		"region, which become CMA areas or DMA-coherent pools, where the default "
		"CMA area goes, what fails and why, and the lines the kernel logs about it.",
		"For predictions that match the real kernel to the byte, give the early "
		"reservations the kernel makes before it reads /reserved-memory: the "
		"kernel image (--reserve) and the DTB (--fdt-addr).",
		"What the kernel does with odd input is shown, not refused: cma=64Q is 64 "
		"bytes to the kernel, so rmem plans that and warns on standard error "
		"(rmem plan: warning: ...).",
		NULL },
	.options = plan_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done, whatever the kernel reports" },
		{ RMEM_EXIT_STRICT, "with --strict: the kernel would report an error or crash, or "
		  "(--lint) rmem check finds an error" },
		EXIT_USAGE,
		EXIT_INPUT_BOARD,
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"rmem plan board.dtb", "the layout on the default kernel, as a table",
		"rmem plan -k arm64-6.1 --format log board.dts", "the kernel's lines on 6.1",
		"rmem plan --cmdline cma=128M --reserve 0x40200000+0x2000000 board.dtb",
		"with a command line and the kernel image's reservation",
		"rmem plan --kernel-image Image --uboot-env uboot.env board.dtb",
		"the kernel's and the DTB's reservations derived from the kernel's header and "
		"U-Boot's kernel_addr_r, fdt_addr_r and bootm_size",
		"rmem plan --lint --strict board.dtb",
		"the table, rmem check's findings on standard error, and exit 1 on an error",
		NULL },
	.see_also = SEE_ALSO,
};

static const struct rmem_cli_option check_options[] = {
	BOARD_OPERAND,
	BOOT_OPTIONS,
	{ "format", RMEM_CLI_OPT_FORMAT, "text|json",
	  "text: the kernel's error lines, then each finding (default); json: the same for "
	  "programs" },
	OUTPUT_OPTION,
	{ "strict", RMEM_CLI_OPT_STRICT, NULL, "exit 1 when a finding is an error, or the "
	  "kernel would report an error or crash" },
	WARNING_OPTION(""),
	{ "list", RMEM_CLI_OPT_LIST, NULL, "list the checks, one a line: id, severity, what "
	  "it finds" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_check = {
	.name = "rmem-check",
	.command = "check",
	.summary = "rmem's own findings about a board's reserved memory, beside the kernel's",
	.synopsis = (const char *const[]){ "check [OPTIONS] [BOARD]", "check --list", NULL },
	.description = (const char *const[]){
		"Boots BOARD as rmem plan does, then checks what the kernel does not say: "
		"overlaps its own check does not compare, regions and early reservations "
		"outside RAM, CMA areas over no-map memory, devices whose memory-region names "
		"a missing, disabled or dropped region, pools a device cannot reach; what the "
		"reserved-memory bindings forbid; and the kernel's limits (MAX_RESERVED_REGIONS, "
		"MAX_CMA_AREAS, the CMA alignment) as the chosen kernel has them.",
		"Each finding has an id, a severity (error, warning or info), the nodes and "
		"ranges involved, and one sentence saying what to change; regions that share "
		"one cause are one finding.  The kernel's own error lines come first, the "
		"counts last.  docs/check.md in rmem's source describes every check.",
		"A board whose memory nodes the bootloader fills in needs --memory, as for rmem "
		"plan; the check then reads the memory nodes as the board gives them.",
		NULL },
	.options = check_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done, whatever the findings" },
		{ RMEM_EXIT_STRICT, "with --strict: a finding is an error, or the kernel would "
		  "report an error or crash" },
		EXIT_USAGE,
		EXIT_INPUT_BOARD,
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"rmem check board.dtb", "the findings on the default kernel",
		"rmem check --memory 0x80000000+4G sdm845-db845c.dtb",
		"a board whose bootloader writes the RAM",
		"rmem check -W no-no-handler --strict -k arm64-6.1 board.dtb",
		"on 6.1, without the notes on regions no handler claims; exit 1 on an error",
		NULL },
	.see_also = SEE_ALSO,
};

static const struct rmem_cli_option sim_options[] = {
	{ NULL, 0, "BOARD", "a .dtb, or a .dts (compiled with dtc from PATH)" },
	{ NULL, 0, "TRACE", "the driver calls to replay, one a line" },
	BOOT_OPTIONS,
	{ "ftrace", RMEM_CLI_OPT_FTRACE, "CAPTURE", "replay, instead of TRACE, what a board "
	  "recorded with the kernel's cma and dma trace events (tracefs's trace file, or "
	  "trace-cmd report's output); each address the board got is shown beside the model's, "
	  "a difference as drift" },
	{ "format", RMEM_CLI_OPT_FORMAT, "text|json", "text (default) or json" },
	OUTPUT_OPTION,
	{ "min-cma", RMEM_CLI_OPT_MIN_CMA, NULL, "find the smallest cma= for which every "
	  "allocation of the trace succeeds (bisection over real replays)" },
	{ "diff", RMEM_CLI_OPT_DIFF, NULL, "replay TRACE on two sides, as rmem diff takes them "
	  "(A -- B, or -k, --config, --cmdline given twice), and report the events whose "
	  "result differs; exit 1 when one does (rmem-diff(1))" },
	{ "bitmap", RMEM_CLI_OPT_BITMAP, NULL, "show each CMA area's raw debugfs bitmap too "
	  "(text: its words; JSON: \"bitmap\" as numbers)" },
	{ "strict", RMEM_CLI_OPT_STRICT, NULL, "exit 1 when any event failed: an allocation, "
	  "an init (also the implicit one), a mask, a free or a release (for CI)" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_sim = {
	.name = "rmem-sim",
	.command = "sim",
	.summary = "replay a trace of driver allocations against a board's layout",
	.synopsis = (const char *const[]){ "sim [OPTIONS] BOARD TRACE",
					   "sim [OPTIONS] BOARD --ftrace CAPTURE", NULL },
	.description = (const char *const[]){
		"Boots BOARD as rmem plan does, then replays TRACE, a list of driver calls: "
		"device init and release, dma_alloc_coherent() and free, cma_alloc() and "
		"cma_release() on a named area, pinned pages.  It says where each buffer "
		"lands and who gave it, or why it failed, then how full and fragmented each "
		"CMA area and DMA pool is.",
		"A TRACE line is one of 'DEVICE init [INDEX|NAME]', 'DEVICE release', "
		"'DEVICE mask BITS', 'DEVICE alloc SIZE [as TAG] [atomic]', 'DEVICE free "
		"TAG', 'cma AREA alloc COUNT ALIGN [as TAG]', 'cma AREA release TAG', 'pin "
		"AREA PFN COUNT', 'unpin AREA PFN COUNT' and 'virtual NAME "
		"[coherent|noncoherent]'; '#' starts a comment (docs/trace-format.md in "
		"rmem's source).  DEVICE is any device-tree node (its path, or its name when "
		"unique) or a virtual device; AREA 'default' is the default CMA area "
		"whatever its name.",
		"With --ftrace, the events come from a capture of the kernel's own trace "
		"events (cma:cma_alloc_finish, cma:cma_release, 5.10's cma:cma_alloc, and "
		"dma:dma_alloc, dma:dma_free where the kernel has them): device names map to "
		"nodes (path, node name, or the kernel's ADDR.NAME), the capture's addresses "
		"only pair each free with its allocation, and an event that cannot be mapped "
		"gets a 'CAPTURE:LINE: reason' note and is left out (docs/sim.md, \"Real "
		"captures: --ftrace\").",
		NULL },
	.options = sim_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done: failed allocations are results, not failures" },
		{ RMEM_EXIT_STRICT, "with --strict: an event failed; with --min-cma: no cma= "
		  "size lets the whole trace succeed; with --diff: an event's result differs" },
		EXIT_USAGE,
		EXIT_INPUT("a missing or unreadable file, not a device tree, a bad "
			   ".config, a bad trace (FILE:LINE: the reason), a capture with no "
			   "trace event line"),
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"rmem sim board.dtb boot.trace", "each call's outcome, then each area's use",
		"rmem sim --min-cma board.dtb boot.trace",
		"the smallest cma= the whole trace fits in",
		"rmem sim -k arm64-6.12 board.dtb --ftrace trace.txt",
		"replay a board's capture; drift where the model's address differs",
		NULL },
	.see_also = SEE_ALSO,
};

static const struct rmem_cli_option diff_options[] = {
	{ NULL, 0, "A", "[OPTIONS] [BOARD]: the first side, a board as rmem plan takes it" },
	{ NULL, 0, "B", "after --, [OPTIONS] [BOARD]: the second side (its board, when none "
	  "is given, is A's)" },
	BOOT_OPTIONS,
	{ "format", RMEM_CLI_OPT_FORMAT, "text|json|svg",
	  "text: the changes, then a one-line summary (default); json: one object per change, "
	  "for CI (docs/diff.md); svg: the two memory maps side by side, moved regions linked" },
	OUTPUT_OPTION,
	{ "ignore-log", RMEM_CLI_OPT_IGNORE_LOG, NULL, "compare the layout only: the regions, "
	  "the default CMA area and CmaTotal, not the kernel's lines nor its errors" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_diff = {
	.name = "rmem-diff",
	.command = "diff",
	.summary = "what changes between two kernels, command lines, .configs, device trees or "
		   "overlays",
	.synopsis = (const char *const[]){ "diff [OPTIONS] [BOARD] -- [OPTIONS] [BOARD]",
		"diff [OPTIONS] -k P1 -k P2 [BOARD]", "diff [OPTIONS] --cmdline S1 --cmdline S2 [BOARD]",
		"diff [OPTIONS] BOARD1 BOARD2", NULL },
	.description = (const char *const[]){
		"Boots two sides, A and B, as rmem plan does, and says what changes: each "
		"/reserved-memory region, matched by its node's path, as moved (old -> new base), "
		"resized, newly failing, newly succeeding, another outcome, or only in A or B, "
		"with what each side made of it; the default CMA area and CmaTotal; the kernel "
		"errors gained or lost; and the kernel's reserved-memory lines that differ, as a "
		"unified diff.  The changes come first, a one-line summary last.",
		"A -- B: the options and board before -- are A's, those after it B's (B's board, "
		"when it has none, is A's).  Without --, an option given once is both sides': "
		"-k, --config and --cmdline given twice are A's then B's, and a second board is "
		"B's.",
		"The exit status is diff(1)'s: 0 when the layout, the outcome and the kernel's "
		"lines are the same, 1 when they differ (with --ignore-log, the layout only).",
		NULL },
	.options = diff_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "no difference" },
		{ RMEM_EXIT_STRICT, "a difference in the layout, or (without --ignore-log) in the "
		  "kernel's errors or lines" },
		EXIT_USAGE,
		EXIT_INPUT_BOARD,
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"rmem diff -k arm64-6.1 -k arm64-7.2 board.dtb", "what a kernel upgrade changes",
		"rmem diff --cmdline cma=64M --cmdline cma=256M board.dtb", "what a larger cma= moves",
		"rmem diff board.dtb -- --overlay camera.dtbo", "what an overlay changes",
		"rmem diff --ignore-log --format json old.dtb new.dtb",
		"a DTB revision's layout changes, for CI",
		NULL },
	.see_also = SEE_ALSO,
};

static const struct rmem_cli_option profiles_options[] = {
	{ "config", 'c', "FILE", "the profile a kernel .config gives, read over the default "
	  "profile, instead of the built-in ones" },
	{ "names", 'n', NULL, "the built-in profiles' names only, one a line (for scripts)" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_profiles = {
	.name = "rmem-profiles",
	.command = "profiles",
	.summary = "list the built-in kernel profiles and their constants",
	.synopsis = (const char *const[]){ "profiles [--config FILE | --names]", NULL },
	.description = (const char *const[]){
		"Lists the built-in kernel profiles, one a line: its name, arch, kernel "
		"version, page size, and what rmem derives from its Kconfig values "
		"(pageblock_order, the largest buddy order, CONFIG_CMA_AREAS and "
		"MAX_CMA_AREAS, the default CMA size), and whether rmem's behaviour for that "
		"kernel version is verified against its real boots or, for a .config of a "
		"version rmem does not model, which modelled version it is planned as.  "
		"The first column is the name -k takes.",
		"The built-in profiles carry the values of Debian's kernel configs: @PROFILES@.",
		NULL },
	.options = profiles_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done" },
		EXIT_USAGE,
		EXIT_INPUT("a missing or unreadable .config, or one that is not a .config"),
		EXIT_INTERNAL,
		EXIT_END },
	.see_also = SEE_ALSO,
};

static const struct rmem_cli_option inspect_options[] = {
	{ NULL, 0, "SNAPSHOT", "a snapshot: a directory laid out as the system (what rmem "
	  "snapshot or rmem-snapshot writes), or a tar archive of one (.tar, .tar.gz); none: "
	  "the running system" },
	{ "root", RMEM_CLI_OPT_ROOT, "DIR", "read the system's files under DIR (DIR/proc/cmdline, "
	  "DIR/sys/firmware/fdt, ..., DIR/dmesg), as SNAPSHOT does" },
	{ "kernel", 'k', "P", "plan with profile P instead of the one chosen from the kernel's "
	  "release, arch and config; built in: @PROFILES@" },
	{ "bootargs", RMEM_CLI_OPT_BOOTARGS, NULL, "plan with the DTB's /chosen/bootargs, not "
	  "/proc/cmdline, when they differ" },
	{ "format", RMEM_CLI_OPT_FORMAT, "text|json", "text (default) or json (docs/inspect.md)" },
	OUTPUT_OPTION,
	{ "strict", RMEM_CLI_OPT_STRICT, NULL, "exit 1 when the system differs from the plan" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_inspect = {
	.name = "rmem-inspect",
	.command = "inspect",
	.summary = "compare a running system's reserved memory and CMA with its plan",
	.synopsis = (const char *const[]){ "inspect [OPTIONS] [SNAPSHOT]",
		"inspect [OPTIONS] --root DIR", NULL },
	.description = (const char *const[]){
		"Reads what the kernel booted with (the DTB it received in /sys/firmware/fdt, "
		"/proc/cmdline, its release, arch and config) and its early reservations (the "
		"kernel image from /proc/iomem and debugfs memblock, the initrd from /chosen, "
		"the DTB), plans that boot, and sets the plan beside what the system shows: "
		"each reserved region and CMA area against debugfs memblock, /proc/iomem and "
		"/proc/meminfo, each of the kernel's reserved-memory and CMA log lines against "
		"dmesg, and the CMA areas' live state from sysfs and debugfs where the kernel "
		"has them.  Every difference is explained in words where rmem can tell why.",
		"The profile is chosen from /proc/sys/kernel/osrelease and the arch (and the "
		"config, when the system has /proc/config.gz or /boot/config-RELEASE), and the "
		"report says which and why, or that no profile models the kernel.  A command "
		"line that differs from /chosen/bootargs is drift: the plan follows "
		"/proc/cmdline (--bootargs: the DTB's).  Every memory-region entry of the DTB is "
		"shown with the region it names, the device made of its node and that device's "
		"driver: which devices use which region.  Files that cannot be read are named on "
		"standard error, and the report says what it could.",
		NULL },
	.options = inspect_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done (with --strict: the system matches its plan)" },
		{ RMEM_EXIT_STRICT, "with --strict: the system differs from its plan" },
		EXIT_USAGE,
		EXIT_INPUT("no snapshot there, not a directory nor a tar archive, or nothing to "
			   "plan from (no DTB, no kernel release, an arch rmem does not model)"),
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"sudo rmem inspect", "the running system beside its plan",
		"rmem inspect board.tar.gz", "a snapshot taken on a board with rmem-snapshot",
		"rmem inspect --strict --format json -o report.json --root /mnt/snap",
		"the report for programs; exit 1 on drift",
		NULL },
	.see_also = "rmem(1), rmem-snapshot(1), rmem-plan(1)",
};

static const struct rmem_cli_option snapshot_options[] = {
	{ NULL, 0, "DEST", "a directory (made if missing), or FILE.tar, FILE.tar.gz" },
	{ "root", RMEM_CLI_OPT_ROOT, "DIR", "copy from DIR instead of the running system's /" },
	HELP_OPTION,
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_snapshot = {
	.name = "rmem-snapshot",
	.command = "snapshot",
	.summary = "copy the files rmem inspect reads from a running system",
	.synopsis = (const char *const[]){ "snapshot [--root DIR] DIR|FILE.tar", NULL },
	.description = (const char *const[]){
		"Copies /sys/firmware/fdt, /proc/cmdline, /proc/iomem, /proc/meminfo, "
		"/proc/sys/kernel/osrelease and arch, /proc/config.gz or /boot/config-RELEASE, "
		"/sys/kernel/mm/cma/, debugfs memblock/ and cma/ (where debugfs is mounted), "
		"the kernel log (as dmesg) and the devices made of DT nodes with their drivers "
		"(as devices, from /sys/bus/*/devices/*/of_node and driver) into DEST, laid out as on the system, for rmem "
		"inspect on another machine.  What cannot be read is listed in DEST's "
		"snapshot-errors, one PATH: REASON a line, and on standard error.  Nothing is "
		"written on the system.",
		"On a board without rmem, the rmem-snapshot script installed beside it does the "
		"same with a POSIX shell and busybox.",
		NULL },
	.options = snapshot_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "written (what could not be read is listed)" },
		EXIT_USAGE,
		EXIT_INPUT("--root is not a directory"),
		EXIT_INTERNAL,
		EXIT_END },
	.examples = (const char *const[]){
		"sudo rmem snapshot board.tar.gz", "the running system's files in one archive",
		NULL },
	.see_also = "rmem(1), rmem-inspect(1)",
};

static const struct rmem_cli_option rmem_options[] = {
	HELP_OPTION,
	{ "version", RMEM_CLI_OPT_VERSION, NULL, "print rmem's version and the kernel profiles it models" },
	{ "man", RMEM_CLI_OPT_MAN, "PAGE", "write the man page PAGE (rmem, rmem-plan, rmem-check, "
	  "rmem-sim, rmem-profiles, rmem-diff, rmem-inspect or rmem-snapshot) in roff on standard output: how the build makes them" },
	{ 0 },
};

const struct rmem_cli_page rmem_cli_page_rmem = {
	.name = "rmem",
	.summary = "predict what Linux does with reserved memory at boot",
	.synopsis = (const char *const[]){
		"COMMAND [OPTIONS] [ARGS]", "--version", "--man PAGE", NULL },
	.description = (const char *const[]){
		"rmem predicts, without booting, what Linux does with reserved memory at "
		"boot: where each device-tree /reserved-memory region lands, which become "
		"CMA areas or DMA-coherent pools, where the default CMA area goes, what "
		"fails and why, and the exact lines the kernel logs about it.",
		"It runs the kernel's own logic (drivers/of/of_reserved_mem.c, "
		"kernel/dma/contiguous.c and coherent.c, mm/cma.c, mm/memblock.c) in user "
		"space, with the behaviour of a chosen kernel profile: @PROFILES@.",
		"Every error and warning starts 'rmem COMMAND: ' and is one line on "
		"standard error; an unknown command, option, profile or format is answered "
		"with the nearest names.",
		NULL },
	.options = rmem_options,
	.exits = (const struct rmem_cli_exit[]){
		{ RMEM_EXIT_OK, "done, whatever the kernel reports" },
		{ RMEM_EXIT_STRICT, "rmem plan --strict: the kernel would report an error or "
		  "crash; rmem check --strict (plan --lint --strict): an error finding too; rmem "
		  "sim --min-cma: no size helps; rmem diff, rmem sim --diff: a difference" },
		EXIT_USAGE,
		EXIT_INPUT("a missing or unreadable file, not a device tree, a .dts dtc "
			   "rejects, a bad .config or trace"),
		EXIT_INTERNAL,
		EXIT_END },
	.see_also = "rmem-plan(1), rmem-check(1), rmem-sim(1), rmem-diff(1), rmem-profiles(1), dtc(1)",
};

const struct rmem_cli_page *const rmem_cli_pages[] = {
	&rmem_cli_page_rmem, &rmem_cli_page_plan, &rmem_cli_page_check, &rmem_cli_page_sim,
	&rmem_cli_page_profiles, &rmem_cli_page_diff, &rmem_cli_page_inspect, &rmem_cli_page_snapshot, NULL,
};
