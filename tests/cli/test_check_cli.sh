#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem check and rmem plan --lint as a user meets them: exit codes (0 with
# findings, 1 with --strict on an error finding or a kernel error, never on
# warnings and notes alone), -W turning checks on and off, --list, the
# json report, the findings on stderr with --lint.  The options' bad values
# are the catalogue's (tests/badinput).  Usage: test_check_cli.sh RMEM SOURCE_DIR
set -u
rmem=$1
boards=$2/tests/plan/boards
. "$(dirname "$0")/../support/cli_expect.sh"

# a plain region over the kernel image: an error only rmem reports
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  fw@40000000 { reg = <0 0x40000000 0 0x400000>; }; }; };\n' > "$work/image.dts"
image="--reserve 0x40200000+0x1000000"

expect help 0 'usage: rmem check' -- "$rmem" check --help
expect list 0 '^overlap-unreported +error ' -- "$rmem" check --list
expect list-all 0 '^pool-beyond-dma-ranges +warning ' -- "$rmem" check --list
expect example 0 'no in-kernel handler claims 1 region' -- "$rmem" check
expect example-counts 0 '^0 errors, 0 warnings, 1 note from rmem; 0 errors from the kernel \(arm64-6\.12\)$' -- "$rmem" check
expect example-strict 0 'firmware@4f000000' -- "$rmem" check --strict

# an error of rmem's alone: 0, then 1 with --strict; plan --strict alone does not see it
expect rmem-error 0 '^error: .*\[image-over-reserved\]$' -- "$rmem" check $image "$work/image.dts"
expect rmem-error-strict 1 'image-over-reserved' -- "$rmem" check --strict $image "$work/image.dts"
expect plan-strict-kernel-only 0 'fw@40000000' -- "$rmem" plan --strict $image "$work/image.dts"
expect plan-lint-strict 1 'rmem plan: error: .*\[-W image-over-reserved\]$' -- "$rmem" plan --lint --strict $image "$work/image.dts"
# -W no-ID: the finding is gone, and with it the failure
expect rmem-error-off 0 '^0 errors, ' -- "$rmem" check --strict -W no-image-over-reserved $image "$work/image.dts"
expect plan-W-implies-lint 0 'rmem plan: info: no in-kernel handler' -- "$rmem" plan -W no-all -W no-handler "$work/image.dts"
# -W in order: the last word wins
expect W-order 1 'image-over-reserved' -- "$rmem" check --strict -W no-all -W image-over-reserved $image "$work/image.dts"
expect W-order-off 0 '^0 errors, 0 warnings, 0 notes' -- "$rmem" check --strict -W image-over-reserved -W no-all $image "$work/image.dts"

# the kernel's own errors fail --strict too, and come first in the report
expect kernel-error 1 '^kernel: OF: reserved mem: OVERLAP DETECTED!$' -- "$rmem" check --strict "$boards/overlap.dts"
# warnings and notes alone never fail it
expect warnings-only 0 '^0 errors, [1-9][0-9]* warnings?, ' -- "$rmem" check --strict -W no-reusable-nomap -W no-restricted-pool-flags "$boards/schema.dts"
# the kernel's version decides: db845c-like CMA of 16 MiB fails CMA's 32 MiB alignment with 16K pages
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  pool { compatible = "shared-dma-pool"; size = <0 0x1000000>; alignment = <0 0x400000>; reusable; }; }; };\n' > "$work/pool.dts"
expect cma-4k 0 '^0 errors' -- "$rmem" check --strict -k arm64-6.12 "$work/pool.dts"
expect cma-16k 1 '\[cma-misaligned\]' -- "$rmem" check --strict -k arm64-6.12-16k "$work/pool.dts"

# json: the findings, the counts, the kernel's errors; -o writes it whole
expect json-file 0 '^$' -- "$rmem" check --format json -o "$work/check.json" "$boards/overlap.dts"
if python3 - "$work/check.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [f['id'] for f in d['findings']]
assert ids == ['overlap-unreported', 'overlap-unreported', 'reg-multiple-entries', 'no-handler'], ids
assert d['counts'] == {'error': 2, 'warning': 1, 'info': 1}, d['counts']
assert d['kernel_errors'] == 1 and d['kernel_error_lines'][0].endswith('OVERLAP DETECTED!')
f = d['findings'][0]
assert f['nodes'] == ['/reserved-memory/a@50000000', '/reserved-memory/c@50400000'], f
assert f['ranges'][1] == {'node': '/reserved-memory/c@50400000', 'base': 0x50400000,
                          'end': 0x50500000, 'size': 0x100000}, f['ranges']
PY
then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL json: not the findings"; fi
expect plan-lint-json 0 '"findings": \[' -- "$rmem" plan --lint --format json "$boards/overlap.dts"
expect plan-json-null 0 '"findings": null' -- "$rmem" plan --format json "$boards/overlap.dts"

# the devices' problems: findings with check and --lint, warnings with plan alone
expect devices-check 0 '\[memory-region-missing\]' -- "$rmem" check "$boards/devices.dts"
out=$("$rmem" check "$boards/devices.dts" 2>&1 >/dev/null)
check devices-no-advice [ -z "$out" ]
expect devices-plan 0 'rmem plan: warning: /ghost: memory-region entry 0 is phandle 0x4242' -- "$rmem" plan "$boards/devices.dts"
out=$("$rmem" plan --lint "$boards/devices.dts" 2>&1 >/dev/null)
check devices-lint-no-advice bash -c '! grep -q "warning: /ghost: memory-region entry" <<<"$0" && grep -q "memory-region-missing" <<<"$0"' "$out"

# --memory: the placeholder is read from the board as given
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0>; }; };\n' > "$work/placeholder.dts"
expect placeholder 0 '/memory@80000000 gives no RAM.*\[memory-placeholder\]' -- "$rmem" check --memory 0x80000000+1G "$work/placeholder.dts"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
