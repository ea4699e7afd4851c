#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the runtime oracle: the rmem_trace test module for each arm64 kernel
# profile and a busybox initramfs that loads it.  Everything fetched or built
# goes to $RMEM_RUNTIME_CACHE (default /var/cache/rmem/runtime), never into
# the repository.
#
#   tests/runtime/build.sh [PROFILE...]      (default: `run.py profiles`, the
#                                            4K-page arm64 profiles from 6.1 on)
#
# Output lines: "PROFILE RELEASE INITRD" for each profile built.
#
# The kernel images come from tests/conformance/fetch-kernels.sh; the
# headers must match their release exactly, so the names are read from the
# cached kernel (boot/vmlinuz-RELEASE) and the package versions from apt.
# Debian's linux-kbuild package holds host binaries (fixdep, modpost): the
# amd64 (build machine) one is used, the headers themselves are arm64.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${RMEM_RUNTIME_CACHE:-/var/cache/rmem/runtime}
apt_dir=$cache/apt
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security
host_arch=$(dpkg --print-architecture)

log() { echo "build.sh: $*" >&2; }

apt_opts() {
	echo "-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null" \
	     "-o Dir::State::Lists=$apt_dir/lists -o APT::Architectures::=arm64" \
	     "-o APT::Architectures::=$host_arch"
}

update_lists() {
	mkdir -p "$apt_dir/lists/partial"
	cat > "$apt_dir/sources.list" <<-LIST
	deb [arch=arm64,$host_arch] $mirror bookworm main
	deb [arch=arm64,$host_arch] $security bookworm-security main
	LIST
	if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)" ]; then
		# shellcheck disable=SC2046
		apt-get $(apt_opts) update -qq >&2 || log "apt-get update reported errors"
	fi
}

# download NAME[:ARCH] [VERSION] into $cache/debs, print the .deb path
download() {
	local spec=$1 version=${2:-} name=${1%%:*} f pat
	mkdir -p "$cache/debs"
	# apt writes an epoch's ':' as %3a in the file name
	pat="${name}_${version:+${version//:/%3a}_}*.deb"
	# shellcheck disable=SC2012,SC2086  # $pat is a glob
	f=$(ls "$cache/debs/"$pat 2>/dev/null | head -n 1 || true)
	if [ -z "$f" ]; then
		# shellcheck disable=SC2046
		(cd "$cache/debs" && apt-get $(apt_opts) download -qq "$spec${version:+=$version}" >&2) || return 1
		# shellcheck disable=SC2012,SC2086
		f=$(ls "$cache/debs/"$pat | head -n 1)
	fi
	echo "$f"
}

depends_on() {	# depends_on PKG:ARCH REGEX -> the first dependency matching
	# shellcheck disable=SC2046
	apt-cache $(apt_opts) show "$1" | awk -F': ' '/^Depends:/{print $2; exit}' |
		tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -E "$2" | head -n 1
}

need_tools() {
	local missing=()
	command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
	command -v qemu-system-aarch64 >/dev/null || missing+=(qemu-system-arm)
	command -v dtc >/dev/null || missing+=(device-tree-compiler)
	command -v cpio >/dev/null || missing+=(cpio)
	command -v make >/dev/null || missing+=(make)
	command -v bc >/dev/null || missing+=(bc)
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]}"
		apt-get install -y -qq "${missing[@]}" >&2
	fi
}

busybox_root() {
	local d=$cache/busybox deb
	if [ ! -x "$d/bin/busybox" ]; then
		deb=$(download busybox-static:arm64)
		rm -rf "$d.tmp" && mkdir -p "$d.tmp" && dpkg -x "$deb" "$d.tmp" && mv "$d.tmp" "$d"
	fi
	echo "$d"
}

# the headers tree for RELEASE, ready for M= builds; prints its path
headers() {
	local release=$1 root hdr common kbuild kbuild_dir deb version l t
	root=$cache/headers/$release
	hdr=linux-headers-$release
	if [ ! -e "$root/.ready" ]; then
		common=$(depends_on "$hdr:arm64" '^linux-headers-.*-common$')
		kbuild=$(depends_on "$hdr:arm64" '^linux-kbuild-')
		if [ -z "$common" ] || [ -z "$kbuild" ]; then
			log "cannot read $hdr's dependencies"
			return 1
		fi
		rm -rf "$root" && mkdir -p "$root"
		# all three at the headers' own version (kbuild's Depends says >=)
		# shellcheck disable=SC2046
		version=$(apt-cache $(apt_opts) show "$hdr:arm64" | awk '/^Version:/{print $2; exit}')
		for spec in "$hdr:arm64" "$common" "$kbuild:$host_arch"; do
			deb=$(download "$spec" "$version") || { log "cannot download $spec=$version"; return 1; }
			dpkg -x "$deb" "$root"
		done
		kbuild_dir=$(ls -d "$root"/usr/lib/linux-kbuild-* | head -n 1)
		# Debian's headers package points at /usr/src/...-common and
		# /usr/lib/linux-kbuild-*: point it at the unpacked copies
		sed -i "s|/usr/src/|$root/usr/src/|g" "$root/usr/src/$hdr/Makefile"
		rm -f "$root/usr/src/$hdr/scripts" "$root/usr/src/$hdr/tools"
		ln -s "$kbuild_dir/scripts" "$root/usr/src/$hdr/scripts"
		[ -d "$kbuild_dir/tools" ] && ln -s "$kbuild_dir/tools" "$root/usr/src/$hdr/tools"
		find "$root/usr/src" -maxdepth 2 -type l | while read -r l; do
			t=$(readlink "$l")
			case $t in /usr/*) ln -sfn "$root$t" "$l" ;; esac
		done
		touch "$root/.ready"
	fi
	echo "$root/usr/src/$hdr"
}

build_module() {	# build_module RELEASE -> path of the .ko
	local release=$1 kdir out
	kdir=$(headers "$release") || return 1
	out=$cache/build/$release
	rm -rf "$out" && mkdir -p "$out"
	cp "$here/rmem_trace.c" "$here/Kbuild" "$out/"
	# the gcc the kernel was built with may be newer; the cross gcc is used.
	# No BTF for the module (it needs pahole and the kernel's vmlinux).
	make -s -C "$kdir" M="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	     CC=aarch64-linux-gnu-gcc CONFIG_DEBUG_INFO_BTF_MODULES= modules >&2 || return 1
	[ -f "$out/rmem_trace.ko" ] || return 1
	echo "$out/rmem_trace.ko"
}

build_initrd() {	# build_initrd RELEASE KO -> path of the initrd
	local release=$1 ko=$2 bb d out
	bb=$(busybox_root) || return 1
	d=$cache/initrd/$release
	rm -rf "$d" && mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev"
	cp "$bb/bin/busybox" "$d/bin/busybox"
	for c in sh mount insmod poweroff cat echo grep ls sleep dmesg; do ln -s busybox "$d/bin/$c"; done
	cp "$ko" "$d/rmem_trace.ko"
	cat > "$d/init" <<-'INIT'
	#!/bin/sh
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	# CMA pages boot-time users hold before the module runs
	grep -E '^Cma(Total|Free):' /proc/meminfo | sed 's/^/rmem-meminfo-before: /'
	echo "rmem-init: insmod"
	insmod /rmem_trace.ko
	echo "rmem-init: insmod exit $?"
	# the CMA areas, when debugfs has them
	for a in /sys/kernel/debug/cma/*; do
		[ -d "$a" ] || continue
		n=${a##*/}
		echo "rmem-cma: $n base_pfn=$(cat $a/base_pfn 2>/dev/null) count=$(cat $a/count 2>/dev/null) used=$(cat $a/used 2>/dev/null) maxchunk=$(cat $a/maxchunk 2>/dev/null) order_per_bit=$(cat $a/order_per_bit 2>/dev/null)"
	done
	grep -E '^Cma(Total|Free):' /proc/meminfo | sed 's/^/rmem-meminfo: /'
	echo "rmem-init: done"
	poweroff -f
	INIT
	chmod +x "$d/init"
	out=$cache/initrd-$release.cpio.gz
	# reproducible: the same module gives the same bytes (and size, which
	# decides where run.py puts the DTB)
	find "$d" -exec touch -h -d @0 {} +
	(cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible | gzip -9 -n) > "$out.tmp"
	mv "$out.tmp" "$out"
	echo "$out"
}

profiles=("$@")
if [ ${#profiles[@]} -eq 0 ]; then
	mapfile -t profiles < <(python3 "$here/run.py" profiles)
	[ ${#profiles[@]} -gt 0 ] || { log "no profiles: run.py profiles listed none"; exit 1; }
fi
need_tools
update_lists
status=0
for p in "${profiles[@]}"; do
	kdir=$("$here/../conformance/fetch-kernels.sh" "$p" | awk -v p="$p" '$1 == p {print $2}')
	[ -n "$kdir" ] || { log "$p: no kernel"; status=1; continue; }
	vml=$(ls "$kdir"/boot/vmlinuz-* | head -n 1)
	release=${vml##*/vmlinuz-}
	ko=$(build_module "$release") || { log "$p: module build failed"; status=1; continue; }
	initrd=$(build_initrd "$release" "$ko") || { log "$p: initramfs build failed"; status=1; continue; }
	echo "$p $release $initrd"
done
exit $status
