#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Record a snapshot of a real boot: Debian's kernel under QEMU's virt board
# with a busybox initramfs that runs scripts/rmem-snapshot.sh and the
# cross-built rmem itself (`rmem inspect --strict`, text and JSON, live on
# the system) and prints both in base64 on the console.
#
#   tests/inspect/record.sh NAME PROFILE DTB [APPEND...]
#   tests/inspect/record.sh --all [NAME...]   every snapshot of snapshots.list
#                                             (or those named), one after another
#
# NAME: tests/inspect/snapshots/NAME.tar.gz and tests/inspect/live/NAME/
# (inspect.txt, inspect.json, stderr, exit: what live inspect printed and
# its exit status; with MODULE, meminfo-before-module) are written; PROFILE: a built-in
# profile (its kernel from /var/cache/rmem/kernels, as run.py finds it);
# DTB: the board QEMU is given with -dtb (QEMU then writes /chosen:
# bootargs from APPEND, the initrd, rng-seed, kaslr-seed); APPEND: the
# command line after "console=... panic=-1".
# Needs: qemu-system-arm (qemu-system-misc and opensbi for riscv64), cpio,
# busybox-static for the guest's arch (BUSYBOX=path, else the one
# scripts/cross-sysroot.sh --busybox fetches), and rmem cross-built for it
# (`make cross ARCH=...`: build-ARCH/rmem, CROSS_BUILD=dir otherwise; its
# shared libraries, from the sysroot of scripts/cross-sysroot.sh, go into
# the initramfs's /lib).  NOLIVE=1: the snapshot only.  MODULE=KO: a
# module insmod-ed before the snapshot (MODULE=runtime: the runtime oracle's
# rmem_trace.ko for the kernel, as tests/runtime/build.sh PROFILE built it
# under $RMEM_RUNTIME_CACHE; it replays the DTB's /rmem-trace and keeps its
# allocations, which the snapshot and live inspect then see in use).
#
# In snapshots.list, `rsnap NAME PROFILE CASE [APPEND]` takes CASE from
# tests/runtime/cases (its DTB as tests/inspect/runtime-dtb.py builds it,
# its "# cmdline:" when no APPEND is given) and boots it with MODULE=runtime.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ "${1:-}" = --all ]; then
	shift
	# snap NAME PROFILE CASE [APPEND]: the case's DTB as run.py builds it
	# (already built in its work directory, or built now: a minute or more)
	snap() {
		[ $# -eq 0 ] || [ -z "$want" ] || [[ " $want " == *" $1 "* ]] || return 0
		local dtb=${RMEM_CONFORMANCE_WORK:-/var/cache/rmem/conformance}/dtb/$2/$3.dtb
		[ -f "$dtb" ] || dtb=$(python3 "$top/tests/conformance/run.py" build --rmem "${RMEM_BIN:-$top/build/rmem}" \
			-p "$2" "$3" | awk -v c="$3" '$1 == c { print $3 }')
		[ -f "$dtb" ] || { echo "record.sh: no DTB for $3 on $2" >&2; failed+=("$1"); return 0; }
		if [ -n "${5:-}" ]; then	# EDIT: commands on a copy of the DTB, "$1" its path
			cp "$dtb" "$tmpdtb"
			bash -c "$5" edit "$tmpdtb" || { failed+=("$1"); return 0; }
			dtb=$tmpdtb
		fi
		"$0" "$1" "$2" "$dtb" "${4:-}" || failed+=("$1")
	}
	# rsnap NAME PROFILE CASE [APPEND]: a runtime-oracle case with its module
	rsnap() {
		[ -z "$want" ] || [[ " $want " == *" $1 "* ]] || return 0
		local out dtb cmdline
		out=$(python3 "$here/runtime-dtb.py" --rmem "${RMEM_BIN:-$top/build/rmem}" "$2" "$3") ||
			{ failed+=("$1"); return 0; }
		IFS=$'\t' read -r dtb cmdline <<<"$out"
		MODULE=runtime "$0" "$1" "$2" "$dtb" "${4:-$cmdline}" || failed+=("$1")
	}
	want="$*" failed=() tmpdtb=$(mktemp --suffix=.dtb)
	trap 'rm -f "$tmpdtb"' EXIT
	# shellcheck source=snapshots.list
	. "$here/snapshots.list"
	[ ${#failed[@]} -eq 0 ] || { echo "record.sh: failed: ${failed[*]}" >&2; exit 1; }
	exit 0
fi
[ $# -ge 3 ] || { echo "usage: $0 NAME PROFILE DTB [APPEND...] | --all [NAME...]" >&2; exit 2; }
name=$1 profile=$2 dtb=$3
shift 3
append="$*"
kernels=${KERNELS:-/var/cache/rmem/kernels}

case $profile in
arm64-*)
	qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57) console=ttyAMA0 darch=arm64 ;;
armhf-*)
	qemu=(qemu-system-arm -M virt -cpu cortex-a15) console=ttyAMA0 darch=armhf ;;
riscv64-*)
	# OpenSBI as the M-mode firmware: it keeps its own RAM (mmode_resv0) and
	# edits the DTB in place before the kernel reads it
	qemu=(qemu-system-riscv64 -M virt -cpu rv64
	      -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin)
	console="ttyS0 earlycon=sbi" darch=riscv64 ;;
*) echo "record.sh: no recipe for $profile" >&2; exit 2 ;;
esac
case $profile in
*-16k) qemu[4]=max ;;	# cortex-a57 has no 16K granule
esac

# the kernel package of the profile: version and flavour from its name
ver=${profile#*-}; ver=${ver%%-*}
case $profile in
arm64-*-16k) flavour=arm64-16k ;;
arm64-*) flavour=arm64 ;;
armhf-*-nolpae) flavour=armmp ;;
armhf-*) flavour=armmp-lpae ;;
riscv64-*) flavour=riscv64 ;;
esac
kdir=$(ls -d "$kernels"/linux-image-"$ver".*-"$flavour"{,-unsigned} 2>/dev/null |
	grep -E "linux-image-$ver\.[0-9]+[-.+][^/]*-$flavour(-unsigned)?$" | sort -V | tail -1 || true)
[ -n "$kdir" ] || { echo "record.sh: no kernel for $profile under $kernels" >&2; exit 1; }
# 7.x: the image and config in usr/lib/modules/VER (linux-binary, linux-base);
# riscv64 6.x: boot/vmlinux-VER, a raw Image
vmlinuz=$(ls "$kdir"/boot/vmlinuz-* "$kdir"/boot/vmlinux-* "$kdir"/usr/lib/modules/*/vmlinuz* \
	2>/dev/null | head -1 || true)
modconfig=$(ls "$kdir"/usr/lib/modules/*/config 2>/dev/null | head -1 || true)
module=${MODULE:-}
if [ "$module" = runtime ]; then
	# the release: boot/vmlinu[xz]-RELEASE, or usr/lib/modules/RELEASE/vmlinuz
	case $vmlinuz in
	*/usr/lib/modules/*) release=${vmlinuz%/*}; release=${release##*/} ;;
	*) release=${vmlinuz##*/vmlinu[xz]-} ;;
	esac
	module=${RMEM_RUNTIME_CACHE:-/var/cache/rmem/runtime}/build/$release/rmem_trace.ko
fi
[ -z "$module" ] || [ -f "$module" ] ||
	{ echo "record.sh: no $module (tests/runtime/build.sh $profile)" >&2; exit 1; }

bb=${BUSYBOX:-$("$top/scripts/cross-sysroot.sh" --busybox "$darch")}
[ -n "$bb" ] || { echo "record.sh: no busybox-static for $darch (BUSYBOX=...)" >&2; exit 1; }

work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && cp "$work/console" "$KEEP"; rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/dev" "$work/root/lib" "$work/root/proc" "$work/root/sys" "$work/root/tmp"
cp "$bb" "$work/root/bin/busybox"

# the cross-built rmem and every shared library it loads, found in its build
# directory and the sysroot, into /lib (the guest runs it with LD_LIBRARY_PATH)
if [ -z "${NOLIVE:-}" ]; then
	xbuild=${CROSS_BUILD:-$top/build-$darch}
	[ -x "$xbuild/rmem" ] ||
		{ echo "record.sh: no $xbuild/rmem (make cross ARCH=$darch, or NOLIVE=1)" >&2; exit 1; }
	sysroot=$("$top/scripts/cross-sysroot.sh" "$darch")
	case $darch in
	arm64) triplet=aarch64-linux-gnu ;;
	armhf) triplet=arm-linux-gnueabihf ;;
	riscv64) triplet=riscv64-linux-gnu ;;
	esac
	readelf=$triplet-readelf
	cp "$xbuild/rmem" "$work/root/bin/rmem"
	interp=$($readelf -l "$xbuild/rmem" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	mkdir -p "$work/root$(dirname "$interp")"
	cp -L "$sysroot$interp" "$work/root$interp"
	todo=("$xbuild/rmem")
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}; todo=("${todo[@]:1}")
		for lib in $($readelf -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
			[ -e "$work/root/lib/$lib" ] && continue
			src=$(ls "$xbuild/$lib" "$sysroot"/{lib,usr/lib}/"$triplet/$lib" \
				"$sysroot"/{lib,usr/lib}/"$lib" 2>/dev/null | head -1 || true)
			[ -n "$src" ] || { echo "record.sh: $lib (of $f) not found" >&2; exit 1; }
			cp -L "$src" "$work/root/lib/$lib"
			todo+=("$work/root/lib/$lib")
		done
	done
fi
cp "$top/scripts/rmem-snapshot.sh" "$work/root/bin/rmem-snapshot"
[ -z "$module" ] || cp "$module" "$work/root/module.ko"
# where Debian's split 7.x packages put the config on the system
if [ -n "$modconfig" ]; then
	mkdir -p "$work/root/${modconfig#"$kdir"/}" && rmdir "$work/root/${modconfig#"$kdir"/}"
	cp "$modconfig" "$work/root/${modconfig#"$kdir"/}"
fi
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev	# /dev/kmsg, the log live inspect reads
mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1
# the module's allocations stay: the snapshot and live inspect see them in
# use; /proc/meminfo before it ran (CmaFree: what boot-time users hold)
mkdir /tmp/live
if [ -f /module.ko ]; then
	cp /proc/meminfo /tmp/live/meminfo-before-module
	insmod /module.ko
fi
rmem-snapshot /tmp/snap.tar.gz
if [ -x /bin/rmem ]; then
	LD_LIBRARY_PATH=/lib rmem inspect --strict >/tmp/live/inspect.txt 2>/tmp/live/stderr
	echo $? >/tmp/live/exit
	LD_LIBRARY_PATH=/lib rmem inspect --format json >/tmp/live/inspect.json 2>/dev/null
	tar -czf /tmp/live.tar.gz -C /tmp/live .
fi
echo RMEM-SNAPSHOT-BEGIN
base64 /tmp/snap.tar.gz
echo RMEM-SNAPSHOT-END
if [ -f /tmp/live.tar.gz ]; then
	echo RMEM-LIVE-BEGIN
	base64 /tmp/live.tar.gz
	echo RMEM-LIVE-END
fi
poweroff -f
INIT
chmod +x "$work/root/init" "$work/root/bin/rmem-snapshot"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -9 >"$work/initrd.gz")

timeout 300 "${qemu[@]}" -m 1024 -smp 1 -nographic -no-reboot -net none \
	-kernel "$vmlinuz" -initrd "$work/initrd.gz" -dtb "$dtb" \
	-append "console=$console panic=-1${append:+ $append}" </dev/null >"$work/console" 2>&1 || true
# take BEGIN..END of MARK out of the console, base64-decoded, into FILE
unpack() {
	sed -n "/^RMEM-$1-BEGIN/,/^RMEM-$1-END/p" "$work/console" | tr -d '\r' |
		grep -v "^RMEM-$1" | base64 -d >"$2" && [ -s "$2" ]
}
out=$here/snapshots/$name.tar.gz
unpack SNAPSHOT "$out.tmp" || { tail -20 "$work/console" >&2; rm -f "$out.tmp"; exit 1; }
if [ -z "${NOLIVE:-}" ]; then
	live=$here/live/$name
	unpack LIVE "$work/live.tar.gz" || { tail -20 "$work/console" >&2; rm -f "$out.tmp"; exit 1; }
	rm -rf "$live" && mkdir -p "$live" && tar -xzf "$work/live.tar.gz" -C "$live"
	echo "$live: live rmem inspect --strict exited $(cat "$live/exit")"
fi
mv "$out.tmp" "$out"
echo "$out: $(stat -c %s "$out") bytes ($(basename "$vmlinuz"), $(basename "$dtb"), '$append')"
