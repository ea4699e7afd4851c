#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem diff and rmem sim --diff as a user meets them: the exit codes of
# diff(1) (0 the same, 1 a difference, 2 usage, 3 input, 4 output), the
# shorthands against the "A -- B" form, --ignore-log, the json and svg
# formats.  Which lines differ between real kernels is
# tests/diff/conformance_pairs.py's.  Usage: test_diff_cli.sh RMEM SOURCE_DIR
set -u
rmem=$1
src=$2
. "$(dirname "$0")/../support/cli_expect.sh"

# two dynamic regions: 6.1 places them in the sorted array's order, 6.12 in the tree's
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  big { compatible = "shared-dma-pool"; reusable; size = <0 0x2000000>; alignment = <0 0x400000>; };\n  small { compatible = "shared-dma-pool"; no-map; size = <0 0x100000>; };\n }; };\n' > "$work/dyn.dts"
# the same board with one more region
sed 's|  small {|  extra { size = <0 0x100000>; };\n  small {|' "$work/dyn.dts" > "$work/dyn2.dts"

expect help 0 'usage: rmem diff' -- "$rmem" diff --help
expect same 0 '^no difference: 4 regions, the same layout, the same kernel lines$' -- "$rmem" diff
expect same-dashes 0 '^no difference' -- "$rmem" diff -k arm64-6.1 -- -k arm64-6.1
expect kernels 1 '^moved /reserved-memory/big: 0x' -- "$rmem" diff -k arm64-6.1 -k arm64-6.12 "$work/dyn.dts"
expect kernels-summary 1 '^2 of 2 regions changed, 2 moved; ' -- "$rmem" diff -k arm64-6.1 -k arm64-6.12 "$work/dyn.dts"
expect unified 1 '^@@ -1,5 \+1,7 @@$' -- "$rmem" diff -k arm64-6.1 -k arm64-6.12 "$work/dyn.dts"
expect only-in-b 1 '^only-in-b /reserved-memory/extra$' -- "$rmem" diff "$work/dyn.dts" "$work/dyn2.dts"
expect only-in-b-dashes 1 '^only-in-b /reserved-memory/extra$' -- "$rmem" diff "$work/dyn.dts" -- "$work/dyn2.dts"
expect cma 1 '^default CMA area: 32 MiB at 0x[0-9a-f]+ -> 128 MiB at ' -- "$rmem" diff --cmdline cma=32M --cmdline cma=128M "$work/dyn.dts"
expect cmatotal 1 '^CmaTotal: 65536 kB -> 163840 kB$' -- "$rmem" diff --cmdline cma=32M --cmdline cma=128M "$work/dyn.dts"
# --config twice: two .config fragments, CMA_SIZE_MBYTES the default area's size
printf 'CONFIG_CMA_SIZE_MBYTES=32\n' > "$work/32.config"
printf 'CONFIG_CMA_SIZE_MBYTES=128\n' > "$work/128.config"
expect config 1 '^default CMA area: 32 MiB at 0x[0-9a-f]+ -> 128 MiB at ' -- "$rmem" diff --config "$work/32.config" --config "$work/128.config" "$work/dyn.dts"
expect config-label 1 '^B: arm64-6.12 \+ .*/128.config ' -- "$rmem" diff --config "$work/32.config" --config "$work/128.config" "$work/dyn.dts"

# the shorthand is the "A -- B" form, word for word
"$rmem" diff -k arm64-6.1 -k arm64-7.2 --cmdline cma=16M "$work/dyn.dts" > "$work/short.txt"
"$rmem" diff -k arm64-6.1 --cmdline cma=16M "$work/dyn.dts" -- -k arm64-7.2 --cmdline cma=16M > "$work/long.txt"
check shorthand cmp -s "$work/short.txt" "$work/long.txt"
# B's board, when it has none, is A's
"$rmem" diff "$work/dyn.dts" -- -k arm64-7.2 > "$work/noboard.txt"
"$rmem" diff "$work/dyn.dts" -- -k arm64-7.2 "$work/dyn.dts" > "$work/board.txt"
check b-board-is-a cmp -s "$work/noboard.txt" "$work/board.txt"

# --ignore-log: 6.1 and 7.2 print other lines for the same layout of the example
expect log-only 1 '^\+OF: reserved mem: 0x' -- "$rmem" diff -k arm64-6.1 -k arm64-7.2
expect ignore-log 0 '^no difference: 4 regions, the same layout$' -- "$rmem" diff --ignore-log -k arm64-6.1 -k arm64-7.2

# json for CI
"$rmem" diff --format json -k arm64-6.1 -k arm64-6.12 "$work/dyn.dts" > "$work/d.json"
check json-exit test $? -eq 1
check json python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1 and d["differs"] and d["layout_differs"], d
moved = [c for c in d["changes"] if c["what"] == "region" and "moved" in c["changes"]]
assert [c["path"] for c in moved] == ["/reserved-memory/big", "/reserved-memory/small"], moved
assert all(c["a"]["base"] != c["b"]["base"] for c in moved)
assert any(c["what"] == "log-line" and c["side"] == "b" for c in d["changes"])
' "$work/d.json"

# svg: both maps, the moved regions linked
"$rmem" diff --format svg -o "$work/d.svg" -k arm64-6.1 -k arm64-6.12 "$work/dyn.dts"
check svg-exit test $? -eq 1
check svg-sides test "$(grep -c '<g class="side-' "$work/d.svg")" -eq 2
check svg-moved test "$(grep -c '<path class="moved"' "$work/d.svg")" -eq 2
check svg-xml python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$work/d.svg"

# errors: usage 2, input 3, output 4
expect format-log 2 "rmem diff: --format 'log': expected text, json or svg" -- "$rmem" diff --format log
expect three-k 2 'rmem diff: -k given three times' -- "$rmem" diff -k arm64-6.1 -k arm64-6.12 -k arm64-7.2
expect three-boards 2 'rmem diff: unexpected|at most' -- "$rmem" diff "$work/dyn.dts" "$work/dyn.dts" "$work/dyn.dts"
expect two-boards-dashes 2 'at most' -- "$rmem" diff "$work/dyn.dts" "$work/dyn.dts" -- -k arm64-6.1
expect bad-profile 2 "did you mean" -- "$rmem" diff -k arm64-6.1 -- -k arm64-7.3
expect missing 3 'rmem diff: .*nonexistent' -- "$rmem" diff "$work/dyn.dts" -- "$work/nonexistent.dtb"
if [ -w /dev/full ]; then
	expect full 4 'rmem diff: ' -- "$rmem" diff -k arm64-6.1 -k arm64-7.2 -o /dev/full
fi

# rmem sim --diff: one trace on both sides
trace=$src/examples/example.trace
board=$src/examples/example-board.dts
expect sim-same 0 '^0 of [0-9]+ events differ$' -- "$rmem" sim --diff "$board" "$trace" -- -k arm64-6.12
expect sim-cma 1 '^L[0-9]+:$' -- "$rmem" sim --diff --cmdline cma=16M --cmdline cma=128M "$board" "$trace"
expect sim-cma-count 1 '^[1-9][0-9]* of [0-9]+ events differ$' -- "$rmem" sim --diff --cmdline cma=16M --cmdline cma=128M "$board" "$trace"
"$rmem" sim --diff --format json --cmdline cma=16M --cmdline cma=128M "$board" "$trace" > "$work/s.json"
check sim-json python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1 and d["differs"] and d["changes"], d
assert all(c["a"] != c["b"] for c in d["changes"])
' "$work/s.json"
expect sim-min-cma 2 'takes no --min-cma' -- "$rmem" sim --diff --min-cma "$board" "$trace" -- -k arm64-6.1
expect sim-operands 2 'expected BOARD' -- "$rmem" sim --diff "$board"
expect sim-svg 2 "expected text or json" -- "$rmem" sim --diff --format svg "$board" "$trace"

echo "test_diff_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
