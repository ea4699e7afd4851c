#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Record a snapshot of a real boot: Debian's kernel under QEMU's virt board
# with a busybox initramfs that runs scripts/rmem-snapshot.sh and prints
# the .tar.gz in base64 on the console.
#
#   tests/inspect/record.sh NAME PROFILE DTB [APPEND...]
#
# NAME: tests/inspect/snapshots/NAME.tar.gz is written; PROFILE: a built-in
# profile (its kernel from /var/cache/rmem/kernels, as run.py finds it);
# DTB: the board QEMU is given with -dtb (QEMU then writes /chosen:
# bootargs from APPEND, the initrd, rng-seed, kaslr-seed); APPEND: the
# command line after "console=... panic=-1".
# Needs: qemu-system-arm, cpio, and busybox-static for the guest's arch
# (BUSYBOX=path, else looked up under /var/cache/rmem and /tmp/inspect-apt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 NAME PROFILE DTB [APPEND...]" >&2; exit 2; }
name=$1 profile=$2 dtb=$3
shift 3
append="$*"
kernels=${KERNELS:-/var/cache/rmem/kernels}

case $profile in
arm64-*)
	qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57) console=ttyAMA0 darch=arm64 ;;
armhf-*)
	qemu=(qemu-system-arm -M virt -cpu cortex-a15) console=ttyAMA0 darch=armhf ;;
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
esac
kdir=$(ls -d "$kernels"/linux-image-"$ver".*-"$flavour"{,-unsigned} 2>/dev/null |
	grep -E "linux-image-$ver\.[0-9]+[-.+][^/]*-$flavour(-unsigned)?$" | sort -V | tail -1 || true)
[ -n "$kdir" ] || { echo "record.sh: no kernel for $profile under $kernels" >&2; exit 1; }
# 7.x: the image and config in usr/lib/modules/VER (linux-binary, linux-base)
vmlinuz=$(ls "$kdir"/boot/vmlinuz-* "$kdir"/usr/lib/modules/*/vmlinuz* 2>/dev/null | head -1 || true)
modconfig=$(ls "$kdir"/usr/lib/modules/*/config 2>/dev/null | head -1 || true)

bb=${BUSYBOX:-}
if [ -z "$bb" ]; then
	bb=$(find /var/cache/rmem/runtime/busybox /tmp/inspect-apt -path "*$darch*" -name busybox \
		-type f 2>/dev/null | sort | head -1)
	if [ -z "$bb" ]; then
		deb=$(ls /tmp/inspect-apt/deb/busybox-static_*_"$darch".deb 2>/dev/null | head -1)
		[ -n "$deb" ] && dpkg -x "$deb" /tmp/inspect-apt/bb-$darch &&
			bb=$(find /tmp/inspect-apt/bb-$darch -name busybox -type f | head -1)
	fi
fi
[ -n "$bb" ] || { echo "record.sh: no busybox-static for $darch (BUSYBOX=...)" >&2; exit 1; }

work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && cp "$work/console" "$KEEP"; rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/tmp"
cp "$bb" "$work/root/bin/busybox"
cp "$top/scripts/rmem-snapshot.sh" "$work/root/bin/rmem-snapshot"
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
mount -t debugfs debugfs /sys/kernel/debug
dmesg -n 1
rmem-snapshot /tmp/snap.tar.gz
echo RMEM-SNAPSHOT-BEGIN
base64 /tmp/snap.tar.gz
echo RMEM-SNAPSHOT-END
poweroff -f
INIT
chmod +x "$work/root/init" "$work/root/bin/rmem-snapshot"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -9 >"$work/initrd.gz")

timeout 300 "${qemu[@]}" -m 1024 -smp 1 -nographic -no-reboot -net none \
	-kernel "$vmlinuz" -initrd "$work/initrd.gz" -dtb "$dtb" \
	-append "console=$console panic=-1${append:+ $append}" </dev/null >"$work/console" 2>&1 || true
out=$here/snapshots/$name.tar.gz
sed -n '/^RMEM-SNAPSHOT-BEGIN/,/^RMEM-SNAPSHOT-END/p' "$work/console" | tr -d '\r' |
	grep -v '^RMEM-SNAPSHOT' | base64 -d >"$out.tmp" || {
	tail -20 "$work/console" >&2; rm -f "$out.tmp"; exit 1; }
[ -s "$out.tmp" ] || { tail -20 "$work/console" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
echo "$out: $(stat -c %s "$out") bytes ($(basename "$vmlinuz"), $(basename "$dtb"), '$append')"
