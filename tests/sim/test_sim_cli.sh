#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem sim as a user meets it: exit codes, kernel failures as results
# (exit 0), JSON output, output files that appear whole or not at all.  The
# traces and boards rmem cannot read are the catalogue's (tests/badinput).  Usage: test_sim_cli.sh RMEM EXAMPLE_BOARD
set -u
rmem=$1
board=$2
. "$(dirname "$0")/../support/cli_expect.sh"

printf '# the example board\ncamera alloc 1M as a\nvpu alloc 2M\nvpu alloc 32M\ncamera free a\n' > "$work/ok.trace"
printf 'camera alloc 1M\n\ncamera frob\n' > "$work/verb.trace"

expect help 0 'usage: rmem sim' -- "$rmem" sim --help
expect listed 0 'sim +replay a trace' -- "$rmem" --help
expect no-args 2 'expected BOARD and TRACE' -- "$rmem" sim
expect one-arg 2 'expected BOARD and TRACE' -- "$rmem" sim "$board"
expect bad-format 2 "--format 'svg'" -- "$rmem" sim --format svg "$board" "$work/ok.trace"
expect bad-profile 2 "unknown kernel profile 'arm64-9.9'" -- "$rmem" sim -k arm64-9.9 "$board" "$work/ok.trace"

# what the kernel decides is a result: exit 0, on every built-in profile
profiles=$("$rmem" profiles --names) || { echo "FAIL: rmem profiles --names"; exit 1; }
[ -n "$profiles" ] || { echo "FAIL: rmem profiles --names listed none"; exit 1; }
# a kernel without CMA (rmem profiles says "no DMA_CMA") has no camera area
no_cma=$("$rmem" profiles | awk '/ no DMA_CMA/ { print $1 }')
for k in $profiles; do
	if grep -qxF "$k" <<<"$no_cma"; then
		expect "cma-$k" 0 '^L2 +camera alloc 1048576 as a: generic .*no CMA area' -- "$rmem" sim -k "$k" "$board" "$work/ok.trace"
	else
		expect "cma-$k" 0 '^L2 +camera alloc 1048576 as a: 0x50000000 cma camera@50000000' -- "$rmem" sim -k "$k" "$board" "$work/ok.trace"
	fi
	expect "pool-full-$k" 0 '^L4 +vpu alloc 33554432 as L4: -ENOMEM: .*exclusive' -- "$rmem" sim -k "$k" "$board" "$work/ok.trace"
done
expect usage 0 'pool vpu +base 0x6f000000: 4096 pages, used 512' -- "$rmem" sim "$board" "$work/ok.trace"
expect cmdline 0 'cma +reserved' -- "$rmem" sim --cmdline cma=16M "$board" "$work/ok.trace"

# --min-cma: 32 MiB taken and released, 16 MiB held, then 12000 pages (46.9
# MiB) in one run: the freed 32 MiB hole is too small, so the area needs
# 48 MiB + 46.9 MiB behind it, 96 MiB in the 2 MiB steps of 4K pageblocks
printf 'cma reserved alloc 8192 0 as a\ncma reserved alloc 4096 8 as b\ncma reserved release a\ncma reserved alloc 12000 0 as c\n' > "$work/grow.trace"
expect min-cma 0 'succeeds with cma=96M' -- "$rmem" sim --min-cma "$board" "$work/grow.trace"
expect min-cma-below 0 'with cma=94M: L4: -ENOMEM' -- "$rmem" sim --min-cma "$board" "$work/grow.trace"
expect min-cma-none 1 'no cma= size lets the whole trace succeed' -- "$rmem" sim --min-cma "$board" "$work/ok.trace"
# the same trace naming the board's default area as the device tree does
# (linux,cma), which cma= renames to reserved, or as "default"
sed 's/cma reserved/cma linux,cma/' "$work/grow.trace" > "$work/grow-dt.trace"
sed 's/cma reserved/cma default/' "$work/grow.trace" > "$work/grow-default.trace"
expect min-cma-dt-name 0 'succeeds with cma=96M' -- "$rmem" sim --min-cma "$board" "$work/grow-dt.trace"
expect min-cma-default 0 'succeeds with cma=96M' -- "$rmem" sim --min-cma "$board" "$work/grow-default.trace"
# more than the DMA zone holds: the area cannot be reserved, which is "no size fits"
printf 'cma linux,cma alloc 300000 0\n' > "$work/huge.trace"
expect min-cma-past-zone 1 'with cma=[0-9]+M: no default CMA area: the kernel could not reserve it' -- "$rmem" sim --min-cma "$board" "$work/huge.trace"

# --strict: exit 1 when an event failed, after the whole output
printf "cma default alloc 1 0\\n" > "$work/one.trace"
expect strict-ok 0 "^L1 " -- "$rmem" sim --strict "$board" "$work/one.trace"
expect strict-failed 1 '1 of 4 events failed \(--strict\)' -- "$rmem" sim --strict "$board" "$work/ok.trace"
expect strict-output 1 '^L4 +vpu alloc 33554432' -- "$rmem" sim --strict "$board" "$work/ok.trace"

# the areas as runs in the kernel's extent form; the raw bitmap only with --bitmap
expect runs-free 0 '^       free [0-9]+@[0-9]+' -- "$rmem" sim "$board" "$work/ok.trace"
expect runs-used 0 '^       used 96@0$' -- "$rmem" sim "$board" "$work/ok.trace"
if "$rmem" sim "$board" "$work/ok.trace" | grep -q 'bitmap:'; then
	failed=$((failed + 1)); echo "FAIL no-bitmap: the bitmap shown without --bitmap"
else
	passed=$((passed + 1))
fi
expect bitmap 0 '^       bitmap: 4294967295 ' -- "$rmem" sim --bitmap "$board" "$work/ok.trace"
# the runs cut at 8, the rest counted
{
	for i in $(seq 1 12); do printf 'cma default alloc 1 0 as a%d\ncma default alloc 1 0 as b%d\n' "$i" "$i"; done
	for i in $(seq 1 12); do printf 'cma default release a%d\n' "$i"; done
} > "$work/holes.trace"
expect runs-cut 0 '^       free .*\+\.\.\. \([0-9]+ more runs\)$' -- "$rmem" sim "$board" "$work/holes.trace"

# a 12 GiB area with 300 holes: a few lines, where its bitmap has 98,304 words
cat > "$work/big.dts" <<'DTS'
/dts-v1/;
/ { #address-cells = <2>; #size-cells = <2>;
  memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x4 0x0>; };
  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;
    big: big@100000000 { compatible = "shared-dma-pool"; reusable; reg = <0x1 0x0 0x3 0x0>; }; };
  dsp { memory-region = <&big>; };
};
DTS
{
	for i in $(seq 1 300); do printf 'cma big alloc 1 0 as a%d\ncma big alloc 1 0 as b%d\n' "$i" "$i"; done
	for i in $(seq 1 300); do printf 'cma big release a%d\n' "$i"; done
} > "$work/big.trace"
if "$rmem" sim "$work/big.dts" "$work/big.trace" > "$work/big.out" 2>&1 &&
   [ "$(sed -n '/^after the replay/,$p' "$work/big.out" | wc -l)" -lt 10 ] &&
   grep -q '^       free 1@0+1@2+1@4+1@6+1@8+1@10+1@12+1@14+\.\.\. (293 more runs)$' "$work/big.out"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL big-area: the 12 GiB area's report:"; sed -n '/^after the replay/,$p' "$work/big.out" | head -5
fi

# any node is a device; a virtual line makes one of no node
printf 'virtual gpu\ngpu alloc 8M\nchosen alloc 4096\ncma default alloc 1 0\n' > "$work/any.trace"
expect any-virtual 0 '^L2 +gpu alloc 8388608 as L2: 0x[0-9a-f]+ cma linux,cma' -- "$rmem" sim "$board" "$work/any.trace"
expect any-node 0 '^L3 +chosen alloc 4096 as L3: generic' -- "$rmem" sim "$board" "$work/any.trace"
expect any-default 0 '^L4 +default cma alloc 1 0 as L4: 0x[0-9a-f]+ cma linux,cma' -- "$rmem" sim "$board" "$work/any.trace"
expect any-default-cmdline 0 '^L4 +default cma alloc 1 0 as L4: 0x[0-9a-f]+ cma reserved' -- "$rmem" sim --cmdline cma=16M "$board" "$work/any.trace"

# -o and json: the file appears whole; a failed run leaves the previous one alone
expect output 0 '^$' -- "$rmem" sim --format json -o "$work/sim.json" "$board" "$work/ok.trace"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 2
r = d["events"][0]["result"]
assert (r["addr"], r["allocator"], r["area"], r["errno"]) == (0x50000000, "cma", "camera@50000000", None)
r = d["events"][2]["result"]
assert (r["addr"], r["allocator"], r["errno"]) == (None, None, "ENOMEM") and "exclusive" in r["text"]
u = d["usage"][0]
assert u["bitmap"] is None and sum(p for _, p in u["free_runs"]) == u["free"]
' "$work/sim.json"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL output-json: not whole JSON, or wrong content"
fi
cp "$work/sim.json" "$work/before.json"
expect failed-run-keeps 3 'unknown verb' -- "$rmem" sim -o "$work/sim.json" "$board" "$work/verb.trace"
if cmp -s "$work/sim.json" "$work/before.json" && [ -z "$(ls "$work" | grep 'sim.json.')" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL failed-run-keeps: the previous file changed or a temporary was left"
fi

# --ftrace: a board's capture (arm64-6.12's 004 capture of tests/runtime,
# its event lines moved onto this board's camera@50000000 area, and one
# dma_alloc given to a device this board has not)
printf '# tracer: nop\n' > "$work/cap.ftrace"
printf '%s\n' \
	'          insmod-130     [000] .....     5.553910: cma_alloc_start: name=camera@50000000 count=256 align=8' \
	'          insmod-130     [000] .N...     5.592043: cma_alloc_finish: name=camera@50000000 pfn=0x50000 page=(____ptrval____) count=256 align=8 errorno=0' \
	'          insmod-130     [000] .....     5.593491: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50000000 size=1048576 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=' \
	'          insmod-130     [000] .....     5.594217: cma_alloc_start: name=camera@50000000 count=1 align=0' \
	'          insmod-130     [000] .....     5.595113: cma_alloc_finish: name=camera@50000000 pfn=0x50100 page=(____ptrval____) count=1 align=0 errorno=0' \
	'          insmod-130     [000] .....     5.595185: dma_alloc: camera dir=BIDIRECTIONAL dma_addr=50100000 size=4096 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=' \
	'          insmod-130     [000] .....     5.593491: dma_alloc: gpu dir=BIDIRECTIONAL dma_addr=52000000 size=1048576 virt_addr=(____ptrval____) flags=GFP_KERNEL attrs=' \
	>> "$work/cap.ftrace"
expect ftrace-replay 0 '^L4 +/camera alloc 1048576 as L4: 0x50000000 cma camera@50000000' -- "$rmem" sim -k arm64-6.12 "$board" --ftrace "$work/cap.ftrace"
expect ftrace-beside 0 'L7 dma_alloc /camera: board 0x50100000 \(cma camera@50000000\), model 0x50100000$' -- "$rmem" sim -k arm64-6.12 "$board" --ftrace "$work/cap.ftrace"
expect ftrace-note 0 "cap.ftrace:8: dma_alloc: device 'gpu' maps to no device-tree node" -- "$rmem" sim -k arm64-6.12 "$board" --ftrace "$work/cap.ftrace"
expect ftrace-no-drift 0 '^no drift: the model gives the board.s result for all 2 allocations' -- "$rmem" sim -k arm64-6.12 "$board" --ftrace "$work/cap.ftrace"
sed 's/dma_addr=50100000/dma_addr=50200000/' "$work/cap.ftrace" > "$work/drift.ftrace"
expect ftrace-drift 0 'L7 dma_alloc /camera: board 0x50200000 \(cma camera@50000000\), model 0x50100000  DRIFT' -- "$rmem" sim -k arm64-6.12 "$board" --ftrace "$work/drift.ftrace"
if "$rmem" sim -k arm64-6.12 --format json "$board" --ftrace "$work/drift.ftrace" > "$work/cap.json" &&
   python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = [e["board"] for e in d["events"]]
assert [x["drift"] for x in b] == [False, True] and b[1]["addr"] == 0x50200000, b
assert b[0]["via"] == "camera@50000000" and b[0]["event"] == "dma_alloc", b
c = d["capture"]
assert (c["allocations"], c["drift"], [n["line"] for n in c["notes"]]) == (2, 1, [8]), c
' "$work/cap.json"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL ftrace-json: the board beside each event, the capture's notes and drift"
fi
expect ftrace-one-arg 2 'expected BOARD alone with --ftrace CAPTURE' -- "$rmem" sim "$board" "$work/ok.trace" --ftrace "$work/cap.ftrace"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
