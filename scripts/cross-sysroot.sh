#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A sysroot for cross-building rmem for ARCH (a Debian arch: arm64, armhf,
# riscv64): Debian's libc6-dev, libfdt-dev, libjansson-dev, libarchive-dev
# for ARCH and every package they depend on, unpacked with dpkg -x.
#
#   scripts/cross-sysroot.sh ARCH            prints the sysroot's path
#   scripts/cross-sysroot.sh --busybox ARCH  prints the path of ARCH's static
#                                            busybox (busybox-static, for the
#                                            initramfs of tests/inspect/record.sh)
#
# The machine's dpkg is left alone (no `dpkg --add-architecture`, nothing
# installed): Debian's multiarch -dev packages must have the very version of
# the host's to be co-installable, which a security update on either side
# breaks, and riscv64 is no bookworm arch at all.  apt resolves the
# dependencies against an empty package database of its own under the cache,
# from bookworm for arm64 and armhf (the glibc of bookworm's cross gcc) and
# from trixie for riscv64.  The compiler is the host's gcc-TRIPLET, run with
# --sysroot (cmake/cross.cmake).
#
# Cache: $RMEM_KERNEL_CACHE/cross/ARCH (default /var/cache/rmem/cross/ARCH);
# done once, again only when the package list changes.
set -euo pipefail

busybox=
[ "${1:-}" = --busybox ] && { busybox=1; shift; }
[ $# -eq 1 ] || { echo "usage: $0 [--busybox] arm64|armhf|riscv64" >&2; exit 2; }
arch=$1
case $arch in
arm64 | armhf) suite=bookworm ;;
riscv64) suite=trixie ;;
*) echo "cross-sysroot: no cross build for $arch (arm64, armhf, riscv64)" >&2; exit 2 ;;
esac
cache=${RMEM_KERNEL_CACHE:-/var/cache/rmem}/cross/$arch
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
pkgs=(libc6-dev libfdt-dev libjansson-dev libarchive-dev)

mkdir -p "$cache/state/lists/partial" "$cache/apt/archives/partial"
[ -f "$cache/state/status" ] || : >"$cache/state/status"
echo "deb [arch=$arch] $mirror $suite main" >"$cache/sources.list"
opts=(-o "Dir::Etc::SourceList=$cache/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State=$cache/state" -o "Dir::State::status=$cache/state/status"
      -o "Dir::Cache=$cache/apt" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
      -o APT::Install-Recommends=0 -o Debug::NoLocking=1)
exec 9>"$cache/.lock"
flock 9
if [ -n "$busybox" ]; then
	# bin/busybox (bookworm) or usr/bin/busybox (trixie, merged /usr)
	bb=$(ls "$cache"/busybox/{usr/,}bin/busybox 2>/dev/null | head -1 || true)
	if [ -z "$bb" ]; then
		apt-get "${opts[@]}" update -qq >&2
		(cd "$cache" && apt-get "${opts[@]}" download -qq busybox-static >&2)
		rm -rf "$cache/busybox"
		dpkg -x "$(ls "$cache"/busybox-static_*.deb | sort -V | tail -1)" "$cache/busybox"
	fi
	ls "$cache"/busybox/{usr/,}bin/busybox 2>/dev/null | head -1 || true
	exit 0
fi
if [ ! -f "$cache/sysroot/.done" ]; then
	apt-get "${opts[@]}" update -qq >&2
	apt-get "${opts[@]}" install -y -qq --download-only "${pkgs[@]}" >&2
	rm -rf "$cache/sysroot"
	mkdir -p "$cache/sysroot"
	for deb in "$cache"/apt/archives/*.deb; do
		dpkg -x "$deb" "$cache/sysroot"
	done
	# merged /usr, as a Debian system is: trixie's libc.so names
	# /lib/TRIPLET/libc.so.6, which its package ships in /usr/lib
	for d in lib lib32 lib64; do
		[ -d "$cache/sysroot/$d" ] && [ ! -L "$cache/sysroot/$d" ] || continue
		mkdir -p "$cache/sysroot/usr/$d"
		cp -a "$cache/sysroot/$d/." "$cache/sysroot/usr/$d/"
		rm -rf "${cache:?}/sysroot/$d"
	done
	for d in lib lib32 lib64; do
		[ -e "$cache/sysroot/$d" ] || ln -s "usr/$d" "$cache/sysroot/$d"
	done
	# absolute links (usr/lib/TRIPLET/libfoo.so -> /lib/...) point into the host:
	# make them relative to the sysroot
	find "$cache/sysroot" -type l -lname '/*' | while read -r l; do
		t=$(readlink "$l")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$cache/sysroot$t")" "$l"
	done
	touch "$cache/sysroot/.done"
fi
echo "$cache/sysroot"
