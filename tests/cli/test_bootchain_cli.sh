#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --kernel-image and --uboot-env as a user meets them: the reservations and
# the DTB address they give, --reserve and --fdt-addr winning over them,
# and rmem check's findings about loaded images.  The files rmem cannot
# read are the catalogue's (tests/badinput).  Usage: test_bootchain_cli.sh RMEM
set -u
rmem=$1
. "$(dirname "$0")/../support/cli_expect.sh"

# an arm64 Image header: text_offset 0, image_size 16 MiB, LE, 4K pages, placed anywhere
python3 -c "
import struct, sys
h = bytearray(4096); h[0:2] = b'MZ'; h[56:60] = b'ARM\x64'
struct.pack_into('<QQQ', h, 8, 0, 0x1000000, 0xa)
open(sys.argv[1], 'wb').write(h)" "$work/Image"
printf 'kernel_addr_r=0x40280000\nfdt_addr_r=0x48000000\nfdt_high=0xffffffffffffffff\n' > "$work/env"
printf 'kernel_addr_r=0x40400000\nfdt_addr_r=0x48000000\nbootm_size=0x10000000\n' > "$work/env-fw"
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; }; };\n' > "$work/plain.dts"
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n chosen { linux,initrd-start = <0x60000000>; linux,initrd-end = <0x0 0x60100000>; };\n memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n  fw@40400000 { reg = <0 0x40400000 0 0x100000>; no-map; };\n  cam@60000000 { compatible = "shared-dma-pool"; reusable; reg = <0 0x60000000 0 0x2000000>; }; }; };\n' > "$work/loads.dts"

# booti: kernel_addr_r less text_offset rounded up to 2 MiB; the DTB in place
expect derived-text 0 '^Boot chain: reserves 0x40400000-0x41400000 kernel _text\.\._end \(--kernel-image\)$' -- \
	"$rmem" plan --kernel-image "$work/Image" --uboot-env "$work/env" "$work/plain.dts"
expect derived-fdt 0 '^Boot chain: the DTB at 0x48000000$' -- \
	"$rmem" plan --kernel-image "$work/Image" --uboot-env "$work/env" "$work/plain.dts"
"$rmem" plan --format json --kernel-image "$work/Image" --uboot-env "$work/env" "$work/plain.dts" > "$work/plan.json"
check json-boot-chain python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
c = d['boot_chain']
assert c['reserve'] == [{'what': 'kernel _text.._end (--kernel-image)', 'base': 0x40400000, 'size': 0x1000000}], c
assert c['fdt_addr'] == 0x48000000 and len(c['notes']) >= 2, c
assert c['loads'][0]['base'] == 0x40280000 and c['loads'][0]['size'] == 4096, c['loads']
assert {'base': 0x40400000, 'size': 0x1000000} in [{'base': r['base'], 'size': r['size']} for r in d['reserved']], d['reserved']
" "$work/plan.json"
"$rmem" plan --format json "$work/plain.dts" > "$work/plain.json"
check json-no-chain python3 -c "import json, sys; assert json.load(open(sys.argv[1]))['boot_chain'] is None" "$work/plain.json"
# without kernel_addr_r: at the base of RAM (a note says so)
expect no-env 0 'reserves 0x40000000-0x41000000 kernel _text' -- \
	"$rmem" plan --kernel-image "$work/Image" "$work/plain.dts"
# U-Boot relocates the DTB below bootm_low + bootm_size
expect relocated 0 'U-Boot relocates the DTB from fdt_addr_r to 0x4fffc000' -- \
	"$rmem" plan --uboot-env "$work/env-fw" "$work/plain.dts"
# what the user gives wins, with a warning when it differs
expect reserve-wins 0 'warning: --reserve 0x40400000\+0x800000 wins over the kernel _text\.\._end \(--kernel-image\) derived at 0x40400000\+0x1000000' -- \
	"$rmem" plan --reserve 0x40400000+0x800000 --kernel-image "$work/Image" --uboot-env "$work/env" "$work/plain.dts"
expect fdt-addr-wins 0 'warning: --fdt-addr 0x49000000 wins over the DTB address derived from --uboot-env, 0x48000000' -- \
	"$rmem" plan --fdt-addr 0x49000000 --uboot-env "$work/env" "$work/plain.dts"
# a kernel of another arch than the profile's
expect other-arch 3 'Image: an arm64 Image, but riscv64-6.12 is a riscv64 kernel$' -- \
	"$rmem" plan -k riscv64-6.12 --kernel-image "$work/Image" "$work/plain.dts"

# rmem check: the images against reserved memory, each with the two ranges
expect over-nomap 1 '^error: kernel _text\.\._end \(--kernel-image\) 0x40400000\+0x1000000 and fw@40400000 \(0x40400000-0x40500000\) overlap by 1 MiB: .*\[image-over-nomap\]$' -- \
	"$rmem" check --strict --kernel-image "$work/Image" --uboot-env "$work/env" "$work/loads.dts"
expect initrd-over-cma 1 '^error: the initrd \(/chosen linux,initrd-start/-end\) \(0x60000000-0x60100000\) and cam@60000000 \(0x60000000-0x62000000\) overlap by 1 MiB: .*\[image-over-cma\]$' -- \
	"$rmem" check --strict "$work/loads.dts"
expect uboot-refuses 0 'U-Boot refuses to read the file there \("\*\* Reading file would overwrite reserved memory \*\*"\).*\[image-over-nomap\]$' -- \
	"$rmem" check --kernel-image "$work/Image" --uboot-env "$work/env-fw" "$work/loads.dts"
expect lint-strict 1 'rmem plan: error: .*\[-W image-over-cma\]$' -- "$rmem" plan --lint --strict "$work/loads.dts"
expect off 0 '^0 errors, ' -- "$rmem" check --strict -W no-image-over-cma "$work/loads.dts"
expect dtb-outside-ram 1 '^error: the DTB at 0x90000000 \(--fdt-addr\) \(0x90000000-0x9[0-9a-f]+\) lies outside RAM .*\[image-outside-ram\]$' -- \
	"$rmem" check --strict --fdt-addr 0x90000000 "$work/plain.dts"
# the kernel where booti runs it over the DTB file: the move overwrites the DTB
printf 'kernel_addr_r=0x40400000\nfdt_addr_r=0x40800000\nfdt_high=0xffffffffffffffff\n' > "$work/env-dtb"
expect image-over-image 1 '^error: the DTB file at fdt_addr_r \(--uboot-env\) \(0x40800000-0x408[0-9a-f]+\) and kernel _text\.\._end \(--kernel-image\) 0x40400000\+0x1000000 overlap by .*\[image-over-image\]$' -- \
	"$rmem" check --strict --kernel-image "$work/Image" --uboot-env "$work/env-dtb" "$work/plain.dts"
# not the kernel file against the kernel's own range, nor the DTB file against the DTB in place
expect own-image 0 '^0 errors, ' -- "$rmem" check --strict --kernel-image "$work/Image" --uboot-env "$work/env" "$work/plain.dts"
# the sim takes them too
expect sim-help 0 '--kernel-image FILE' -- "$rmem" sim --help

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
