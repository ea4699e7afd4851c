#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem plan as a user meets it: exit codes, kernel errors only failing with
# --strict, output files that appear whole or not at all.  The inputs rmem
# cannot read are the catalogue's (tests/badinput).  Usage: test_plan_cli.sh RMEM
set -u
rmem=$1
. "$(dirname "$0")/../support/cli_expect.sh"

printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  a@50000000 { reg = <0 0x50000000 0 0x1000000>; };\n  b@50800000 { reg = <0 0x50800000 0 0x1000000>; }; }; };\n' > "$work/overlap.dts"
# six separate banks: more than the text header lists (it once overflowed there)
{ printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n'
  for i in 0 1 2 3 4 5; do printf ' memory@%x { device_type = "memory"; reg = <0 0x%x 0 0x8000000>; };\n' \
	$((0x40000000 + i * 0x10000000)) $((0x40000000 + i * 0x10000000)); done
  printf '};\n'; } > "$work/banks6.dts"
: > "$work/empty.dtb"

expect help 0 'usage: rmem plan' -- "$rmem" plan --help
expect top-usage 2 'usage: rmem' -- "$rmem"
expect unknown-command 2 "'frobnicate' is not a command" -- "$rmem" frobnicate

# the kernel's own complaints are results, not failures; --strict makes them fail
expect overlap-ok 0 'OVERLAP DETECTED' -- "$rmem" plan --format log "$work/overlap.dts"
expect overlap-strict 1 'OVERLAP DETECTED' -- "$rmem" plan --format log --strict "$work/overlap.dts"
expect advice 0 "warning: cma=64Q" -- "$rmem" plan --cmdline cma=64Q
expect six-banks 0 'in 6 banks' -- "$rmem" plan "$work/banks6.dts"
expect six-banks-list 0 '0x70000000-0x78000000, \.\.\.' -- "$rmem" plan "$work/banks6.dts"
# a memory node claiming 2^48 bytes: millions of page tables, planned at once
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0x40000000 0>; }; };\n' > "$work/huge.dts"
expect huge-ram 0 '262143 GiB of RAM in 1 bank' -- timeout 20 "$rmem" plan "$work/huge.dts"
expect example 0 'camera@50000000 +0x50000000 +0x52000000 +32 MiB +cma' -- "$rmem" plan

# rmem profiles --names: the built-in profiles' names, one a line, in the
# order and with the names of the table; each one a profile plan takes
expect profiles-help 0 '--names' -- "$rmem" profiles --help
expect profiles-names-config 2 'takes no --config' -- "$rmem" profiles --names --config /dev/null
names=$("$rmem" profiles --names)
table=$("$rmem" profiles | awk '{print $1}')
if [ -n "$names" ] && [ "$names" = "$table" ] && [ -z "$(sort <<<"$names" | uniq -d)" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL profiles-names: not the table's names, or a name twice:"
	sed 's/^/    /' <<<"$names"
fi
for k in $names; do
	expect "plan-$k" 0 "^Kernel $k, " -- "$rmem" plan -k "$k"
done

# -o: the file appears whole; a failed run leaves the previous one alone
expect output 0 '^$' -- "$rmem" plan --format json -o "$work/plan.json"
if [ "$(stat -c %a "$work/plan.json")" = "$(printf '%o' $((0666 & ~$(umask))))" ] &&
   python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/plan.json"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL output-file: not whole JSON, or wrong mode"
fi
cp "$work/plan.json" "$work/before.json"
expect failed-run-keeps 3 'empty file' -- "$rmem" plan -o "$work/plan.json" "$work/empty.dtb"
if cmp -s "$work/plan.json" "$work/before.json" && [ -z "$(ls "$work" | grep 'plan.json.')" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL failed-run-keeps: the previous file changed or a temporary was left"
fi

# The text table, as docs/plan-text.md describes it: one line per region
# whatever its name's length, columns as wide as their content
cat > "$work/long.dts" <<'EOF'
/dts-v1/;
/ { #address-cells = <2>; #size-cells = <2>;
 memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };
 reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;
  vdev0vring0@4e000000 { compatible = "shared-dma-pool"; reg = <0 0x4e000000 0 0x8000>; no-map; };
  vdev0vring1@4e008000 { compatible = "shared-dma-pool"; reg = <0 0x4e008000 0 0x8000>; no-map; };
  vdev0buffer@4e400000 { compatible = "shared-dma-pool"; reg = <0 0x4e400000 0 0x100000>; no-map; };
  remoteproc-firmware-carveout-for-the-cortex-m7-core@4f000000 { reg = <0 0x4f000000 0 0x1000000>; no-map; };
  status-disabled-node-with-an-unusually-long-name { size = <0 0x100000>; status = "disabled"; };
 }; };
EOF
"$rmem" plan "$work/long.dts" > "$work/long.txt"
for name in vdev0vring0@4e000000 vdev0vring1@4e008000 vdev0buffer@4e400000 \
	    remoteproc-firmware-carveout-for-the-cortex-m7-core@4f000000; do
	expect "grep-finds-$name" 0 "^$name +0x${name#*@} " -- grep -F "$name" "$work/long.txt"
done
expect grep-finds-disabled 0 '^status-disabled-node-with-an-unusually-long-name +- +- ' -- \
	grep -F status-disabled "$work/long.txt"
# one header line; each row's cells two or more spaces apart, under their
# headings: left-aligned ones start where theirs does, SIZE ends where it does
table_ok() {
	python3 - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split('\n')
heads = [i for i, l in enumerate(lines) if l.startswith('REGION ')]
assert len(heads) == 1, 'header lines: %d' % len(heads)
h = lines[heads[0]]
cols = [(m.start(), m.end(), m.group()) for m in re.finditer(r'\S+', h)]
assert [c[2] for c in cols] == ['REGION', 'BASE', 'END', 'SIZE', 'KIND', 'FLAGS', 'RESULT'], cols
rows = lines[heads[0] + 1:lines.index('', heads[0])]
assert rows, 'no rows'
for r in rows:
    cells = [(m.start(), m.end()) for m in re.finditer(r'\S+(?: \S+)*', r)]
    assert len(cells) == 7, (r, cells)
    for (start, end), (hstart, hend, name) in zip(cells, cols):
        assert (end == hend) if name == 'SIZE' else (start == hstart), (name, r)
PY
}
expect table-long-names 0 '' -- table_ok "$work/long.txt"
"$rmem" plan > "$work/example.txt"
expect table-example 0 '' -- table_ok "$work/example.txt"

# rmem --version: rmem's version (CMakeLists.txt's) and every built-in profile
version=$(sed -n 's/^project(rmem VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../../CMakeLists.txt")
expect version 0 "^rmem $version\$" -- "$rmem" --version
for k in $("$rmem" profiles | awk '{ print $1 }'); do
	expect "version-lists-$k" 0 "^  $k " -- "$rmem" --version
done

# -k and --config: the .config's values over the profile's, the header naming both
printf 'CONFIG_CMA_SIZE_MBYTES=48\n' > "$work/frag.config"
"$rmem" plan -k arm64-6.1 --format json > "$work/k.json"
"$rmem" plan -k arm64-6.1 --config "$work/frag.config" --format json > "$work/kc.json"
expect k-config-json 0 '' -- python3 -c '
import json, sys
k, kc = (json.load(open(f))["kernel"] for f in sys.argv[1:3])
assert k["cma_size"]["mbytes"] != 48 and kc["cma_size"]["mbytes"] == 48, (k, kc)
assert k["config"] is None and kc["config"] == sys.argv[3], kc
assert kc["profile"] == "arm64-6.1" and kc["version"] == "6.1", kc' \
	"$work/k.json" "$work/kc.json" "$work/frag.config"
expect k-config-text 0 "^Kernel arm64-6.1 \\+ $work/frag.config, " -- \
	"$rmem" plan -k arm64-6.1 --config "$work/frag.config"
# a complete .config of the same kernel: still that profile, by name
src=$(dirname "$0")/../..
expect k-config-complete 0 "^Kernel armhf-6.1 \\+ .*/armhf-6.1.config, " -- \
	"$rmem" plan -k armhf-6.1 --config "$src/tests/profile/debian-configs/armhf-6.1.config"
expect config-alone 0 "^Kernel .*/armhf-6.1.config, " -- \
	"$rmem" plan --config "$src/tests/profile/debian-configs/armhf-6.1.config"
expect k-config-conflict 2 '^rmem plan: -k arm64-6.12 is arm64 6.12, but .* is a .config of arm 6.1' -- \
	"$rmem" plan -k arm64-6.12 --config "$src/tests/profile/debian-configs/armhf-6.1.config"

# a .config of a kernel between modelled ones: planned as the one before it,
# said on standard error and in rmem profiles; --strict fails
sed '1,5s/^# Linux\/arm64 6\.1\.[0-9]*/# Linux\/arm64 6.6.3/' \
	"$src/tests/profile/debian-configs/arm64-6.1.config" > "$work/k66.config"
expect config-unmodelled 0 'rmem plan: warning: .*k66.config: rmem does not model kernel 6.6: it plans with the behaviour of 6.1' -- \
	"$rmem" plan --config "$work/k66.config"
expect config-unmodelled-strict 1 'does not model kernel 6.6' -- \
	"$rmem" plan --strict --config "$work/k66.config"
expect profiles-unmodelled 0 '6.6 .* planned as 6.1, not verified$' -- \
	"$rmem" profiles --config "$work/k66.config"
expect profiles-verified 0 '^armhf-6.1 .* verified$' -- "$rmem" profiles

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
