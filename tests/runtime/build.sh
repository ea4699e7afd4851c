#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the runtime oracle: the rmem_trace test module for each kernel
# profile (arm64, armhf, riscv64) and a busybox initramfs that loads it.  Everything
# fetched or built goes to $RMEM_RUNTIME_CACHE (default
# /var/cache/rmem/runtime), never into the repository.
#
#   tests/runtime/build.sh [PROFILE...]      (default: `run.py profiles`, the
#                                            4K-page built-in runtime profiles;
#                                            pending ones are named)
#
# Output lines: "PROFILE RELEASE INITRD" for each profile built (beside
# INITRD, initrd-ftrace-RELEASE.cpio.gz: the same with the kernel's trace
# events captured, for run.py capture).
#
# The kernel images come from tests/conformance/fetch-kernels.sh; the
# headers must match their release exactly, so the names are read from the
# cached kernel (boot/vmlinuz-RELEASE, or usr/lib/modules/RELEASE/ from 7.x),
# the arch from its config and the package versions from apt.  Debian's
# linux-kbuild package holds host binaries (fixdep, modpost): the amd64
# (build machine) one is used, the headers themselves are the kernel's arch.
# A suite newer than this machine's can ship host binaries that need a newer
# glibc: those a module build runs are then built here from the same
# version's linux-source (host_tools()).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${RMEM_RUNTIME_CACHE:-/var/cache/rmem/runtime}
apt_dir=$cache/apt
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security
host_arch=$(dpkg --print-architecture)

log() { echo "build.sh: $*" >&2; }

# apt keeps its binary cache of these lists beside them: without it every
# apt-cache call parses the six suites again (over a minute on a busy machine)
apt_opts() {
	echo "-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null" \
	     "-o Dir::State::Lists=$apt_dir/lists -o APT::Architectures::=arm64" \
	     "-o APT::Architectures::=armhf -o APT::Architectures::=riscv64 -o APT::Architectures::=$host_arch" \
	     "-o APT::Sandbox::User=root" \
	     "-o Dir::Cache::pkgcache=$apt_dir/pkgcache.bin -o Dir::Cache::srcpkgcache=$apt_dir/srcpkgcache.bin"
}

# The suites of the kernels (fetch-kernels.sh's): bullseye for 5.10,
# bookworm for 6.1 and 6.12+deb12, trixie for 6.12+deb13 (armhf, riscv64),
# sid for 7.x.  armhf is left out of bookworm-security, as in
# fetch-kernels.sh (its index has been seen out of sync on the mirror).
update_lists() {
	mkdir -p "$apt_dir/lists/partial"
	cat > "$apt_dir/sources.list.new" <<-LIST
	deb [arch=arm64,armhf,$host_arch] $mirror bullseye main
	deb [arch=arm64,armhf,$host_arch] $mirror bookworm main
	deb [arch=arm64,$host_arch] $security bookworm-security main
	deb [arch=arm64,armhf,riscv64,$host_arch] $mirror trixie main
	deb [arch=arm64,armhf,riscv64,$host_arch] $security trixie-security main
	deb [arch=arm64,armhf,riscv64,$host_arch] $mirror sid main
	LIST
	# refresh at most once a day, or when the list of suites has changed
	local fresh=
	if cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list"; then
		fresh=$(find "$apt_dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)
	fi
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	if [ -z "$fresh" ]; then
		# shellcheck disable=SC2046
		apt-get $(apt_opts) update -qq >&2 || log "apt-get update reported errors"
	fi
}

# download NAME[:ARCH] [VERSION] into $cache/debs, print the .deb path
download() {
	local spec=$1 version=${2:-} name=${1%%:*} arch=all f pat
	case $spec in *:*) arch=${spec#*:} ;; esac
	mkdir -p "$cache/debs"
	# apt writes an epoch's ':' as %3a in the file name
	pat="${name}_${version:+${version//:/%3a}}*_$arch.deb"
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

version_of() {	# version_of PKG:ARCH -> its candidate version
	# shellcheck disable=SC2046
	apt-cache $(apt_opts) show "$1" | awk '/^Version:/{print $2; exit}'
}

suite_of() {	# suite_of PKG:ARCH VERSION -> the suite serving it (bookworm, sid)
	# shellcheck disable=SC2046
	apt-cache $(apt_opts) madison "$1" | awk -F' *[|] *' -v v="$2" '$2 == v {print $3; exit}' |
		awk '{sub(/\/.*/, "", $2); sub(/-security$/, "", $2); print $2}'
}

# The kernel's arch, from its config: "DEBIAN_ARCH KBUILD_ARCH TRIPLET"
kernel_arch() {
	local cfg
	# shellcheck disable=SC2012
	cfg=$(ls "$1"/boot/config-* "$1"/usr/lib/modules/*/config 2>/dev/null | head -n 1)
	if grep -q '^CONFIG_ARM64=y' "$cfg"; then
		echo "arm64 arm64 aarch64-linux-gnu"
	elif grep -q '^CONFIG_ARM=y' "$cfg"; then
		echo "armhf arm arm-linux-gnueabihf"
	elif grep -q '^CONFIG_RISCV=y' "$cfg" && grep -q '^CONFIG_64BIT=y' "$cfg"; then
		echo "riscv64 riscv riscv64-linux-gnu"
	else
		return 1
	fi
}

# The kernel's release: boot/vmlinu[xz]-RELEASE up to 6.x,
# usr/lib/modules/RELEASE/config from 7.x
kernel_release() {
	local f
	# shellcheck disable=SC2012
	f=$(ls "$1"/boot/vmlinu[xz]-* 2>/dev/null | head -n 1 || true)
	if [ -n "$f" ]; then
		echo "${f##*/vmlinu[xz]-}"
		return
	fi
	# shellcheck disable=SC2012
	f=$(ls "$1"/usr/lib/modules/*/config 2>/dev/null | head -n 1 || true)
	[ -n "$f" ] || return 1
	f=${f%/config}
	echo "${f##*/}"
}

need_tools() {	# need_tools DEBIAN_ARCH...
	local missing=() a
	for a; do
		case $a in
		arm64)
			command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu)
			command -v qemu-system-aarch64 >/dev/null || missing+=(qemu-system-arm) ;;
		armhf)
			command -v arm-linux-gnueabihf-gcc >/dev/null || missing+=(gcc-arm-linux-gnueabihf)
			command -v qemu-system-arm >/dev/null || missing+=(qemu-system-arm) ;;
		riscv64)
			command -v riscv64-linux-gnu-gcc >/dev/null || missing+=(gcc-riscv64-linux-gnu)
			command -v qemu-system-riscv64 >/dev/null || missing+=(qemu-system-misc)
			[ -e /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ] || missing+=(opensbi) ;;
		esac
	done
	command -v dtc >/dev/null || missing+=(device-tree-compiler)
	command -v cpio >/dev/null || missing+=(cpio)
	command -v make >/dev/null || missing+=(make)
	command -v bc >/dev/null || missing+=(bc)
	command -v gcc >/dev/null || missing+=(gcc)
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]}"
		# shellcheck disable=SC2207
		missing=($(printf '%s\n' "${missing[@]}" | sort -u))
		apt-get install -y -qq "${missing[@]}" >&2
	fi
}

busybox_bin() {	# busybox_bin DEBIAN_ARCH SUITE: busybox-static of that suite, unpacked; its binary
	local a=$1 suite=$2 d deb version f
	# shellcheck disable=SC2046
	version=$(apt-cache $(apt_opts) madison "busybox-static:$a" |
		awk -F' *[|] *' -v s="$suite" '{split($3, w, " "); sub(/\/.*/, "", w[2])} w[2] == s {print $2; exit}')
	[ -n "$version" ] || { log "no busybox-static:$a in $suite"; return 1; }
	d=$cache/busybox/$a-${version//:/%3a}
	if [ ! -d "$d" ]; then
		deb=$(download "busybox-static:$a" "$version") || return 1
		rm -rf "$d.tmp" && mkdir -p "$d.tmp" && dpkg -x "$deb" "$d.tmp" && mv "$d.tmp" "$d"
	fi
	# bin/ up to bookworm, usr/bin/ from trixie on
	for f in "$d/bin/busybox" "$d/usr/bin/busybox"; do
		[ -x "$f" ] && { echo "$f"; return 0; }
	done
	log "no busybox binary in $d"
	return 1
}

# Kconfig asked Debian's compiler (gcc-16 for 7.x) what it supports, and
# the Makefiles turn some answers into options this machine's cross gcc
# (12) lacks.  Those answers are unset on make's command line, so the
# Makefiles take the path they take for an older compiler, as for a kernel
# built with it.  Prints the make variables.
older_gcc() {	# older_gcc TRIPLET HEADERS_DIR
	local cc=$1-gcc conf=$2/include/config/auto.conf ext
	# -fmin-function-alignment (gcc 14): without it the Makefile uses
	# -falign-functions, which gcc does not apply to cold functions (__init),
	# and ftrace's call ops need every patch site aligned (a riscv kernel
	# built by gcc 12 has no dynamic ftrace at all): the module gets no
	# ftrace patch sites then (Kbuild: RMEM_TRACE_NO_FTRACE)
	if grep -q '^CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=y' "$conf" &&
	   ! "$cc" -fmin-function-alignment=8 -c -o /dev/null -x c /dev/null 2>/dev/null; then
		echo CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT= RMEM_TRACE_NO_FTRACE=y
	fi
	# riscv: the -march extensions the Makefile adds (gcc 14, binutils 2.42)
	for ext in zacas zabha; do
		grep -q "^CONFIG_TOOLCHAIN_HAS_${ext^^}=y" "$conf" || continue
		"$cc" -march="rv64ima_$ext" -mabi=lp64 -c -o /dev/null -x c /dev/null 2>/dev/null ||
			echo "CONFIG_TOOLCHAIN_HAS_${ext^^}="
	done
}

cannot_run() {	# cannot_run FILE...: true if this machine's loader rejects one (a newer glibc)
	local f
	for f; do
		[ -f "$f" ] || continue
		ldd "$f" 2>&1 | grep -q 'not found' && return 0
	done
	return 1
}

# sid's (and trixie's) linux-kbuild is linked against a newer glibc: its
# modpost (and maybe fixdep) need symbol versions this machine's glibc
# lacks; and its modpost knows 64-bit targets only (see below).  Those two are
# what an M= module build runs, so they are built here from
# linux-source-MAJOR.MINOR at the headers' version: fixdep with the host
# compiler, modpost by kbuild itself (scripts/mod/Makefile, run as a
# subdirectory of an M= build: devicetable-offsets.h and elfconfig.h come
# from the cross compiler, as in a kernel build).
host_tools() {	# host_tools ROOT HEADERS_DIR KBUILD_DIR VERSION RELEASE KARCH TRIPLET
	local t=$1/host-tools kdir=$2 kb=$3 version=$4 release=$5 karch=$6 triplet=$7 src deb why=
	cannot_run "$kb/scripts/basic/fixdep" "$kb"/scripts/mod/modpost* &&
		why="host programs need a newer glibc"
	# modpost checks the device tables with the struct sizes of the target
	# it was built for (devicetable-offsets.h): Debian's amd64 kbuild knows
	# 64-bit ones only ("sizeof(struct of_device_id)=200 is not a modulo"
	# on armhf), so a 32-bit kernel needs a modpost built for it
	grep -q '^CONFIG_64BIT=y' "$kdir/include/config/auto.conf" ||
		why=${why:-"a 32-bit kernel: modpost must know its struct sizes"}
	[ -n "$why" ] || return 0
	src=linux-source-$(echo "$release" | cut -d. -f1,2)
	log "$kb: $why: building fixdep and modpost from $src $version"
	deb=$(download "$src" "$version") || { log "cannot download $src=$version"; return 1; }
	rm -rf "$t" && mkdir -p "$t"
	# scripts/include/, device-id/ and module_symbol.h are newer than 6.1:
	# tar names the ones it does not find, what is there is checked after
	dpkg --fsys-tarfile "$deb" | tar -xO --wildcards "*usr/src/$src.tar.xz" |
		tar -xJ -C "$t" --strip-components=1 --wildcards "$src/scripts/basic/fixdep.c" \
		    "$src/scripts/mod/*" "$src/scripts/include/*" "$src/include/linux/mod_devicetable.h" \
		    "$src/include/linux/device-id/*" \
		    "$src/include/linux/license.h" "$src/include/linux/module_symbol.h" 2>/dev/null || true
	if [ ! -f "$t/scripts/basic/fixdep.c" ] || [ ! -f "$t/scripts/mod/modpost.c" ] ||
	   [ ! -f "$t/include/linux/mod_devicetable.h" ]; then
		log "$deb: no modpost sources"
		return 1
	fi
	if cannot_run "$kb/scripts/basic/fixdep"; then
		gcc -O2 -o "$kb/scripts/basic/fixdep" "$t/scripts/basic/fixdep.c" || return 1
	fi
	# the host programs' -I $(srctree)/scripts/include
	[ -d "$kb/scripts/include" ] || [ ! -d "$t/scripts/include" ] ||
		cp -r "$t/scripts/include" "$kb/scripts/include"
	echo 'subdir-y += mod' > "$t/scripts/Kbuild"
	# shellcheck disable=SC2046
	make -s -C "$kdir" M="$t/scripts" ARCH="$karch" CROSS_COMPILE="$triplet-" \
	     CC="$triplet-gcc" $(older_gcc "$triplet" "$kdir") mod/ >&2 || return 1
	rm -f "$kb"/scripts/mod/modpost*
	cp "$t/scripts/mod/modpost" "$kb/scripts/mod/modpost"
}

# the headers tree for RELEASE, ready for M= builds; prints its path
headers() {	# headers RELEASE DEBIAN_ARCH KBUILD_ARCH TRIPLET
	local release=$1 a=$2 karch=$3 triplet=$4 root hdr common kbuild kbuild_dir deb version l t
	root=$cache/headers/$release
	hdr=linux-headers-$release
	if [ ! -e "$root/.ready" ]; then
		common=$(depends_on "$hdr:$a" '^linux-headers-.*-common$')
		kbuild=$(depends_on "$hdr:$a" '^linux-kbuild-')
		if [ -z "$common" ] || [ -z "$kbuild" ]; then
			log "cannot read $hdr's dependencies"
			return 1
		fi
		rm -rf "$root" && mkdir -p "$root"
		# all three at the headers' own version (kbuild's Depends says >=)
		version=$(version_of "$hdr:$a")
		for spec in "$hdr:$a" "$common" "$kbuild:$host_arch"; do
			deb=$(download "$spec" "$version") || { log "cannot download $spec=$version"; return 1; }
			dpkg -x "$deb" "$root"
		done
		# shellcheck disable=SC2012
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
		host_tools "$root" "$root/usr/src/$hdr" "$kbuild_dir" "$version" "$release" "$karch" "$triplet" ||
			{ log "cannot build the host programs"; return 1; }
		touch "$root/.ready"
	fi
	echo "$root/usr/src/$hdr"
}

build_module() {	# build_module RELEASE DEBIAN_ARCH KBUILD_ARCH TRIPLET -> path of the .ko
	local release=$1 karch=$3 triplet=$4 kdir out
	kdir=$(headers "$@") || return 1
	out=$cache/build/$release
	rm -rf "$out" && mkdir -p "$out"
	cp "$here/rmem_trace.c" "$here/Kbuild" "$out/"
	# the gcc the kernel was built with may be newer; the cross gcc is used.
	# No BTF for the module (it needs pahole and the kernel's vmlinux).
	# shellcheck disable=SC2046
	make -s -C "$kdir" M="$out" ARCH="$karch" CROSS_COMPILE="$triplet-" \
	     CC="$triplet-gcc" CONFIG_DEBUG_INFO_BTF_MODULES= $(older_gcc "$triplet" "$kdir") modules >&2 ||
		return 1
	[ -f "$out/rmem_trace.ko" ] || return 1
	echo "$out/rmem_trace.ko"
}

# The capture variant's /init (build_initrd ... ftrace) also records the
# kernel's own trace events of the module's run: tracefs mounted, the cma
# and dma event groups enabled (those the kernel has) just before insmod,
# the trace file printed between two marks after it (run.py capture).
# Inserted into the plain /init, which stays byte for byte what it was.
FTRACE_BEFORE='mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null\
t=/sys/kernel/tracing\
for g in cma dma; do [ -d $t/events/$g ] \&\& echo 1 > $t/events/$g/enable \&\& echo "rmem-ftrace: enabled $g"; done\
echo > $t/trace'
FTRACE_AFTER='echo 0 > $t/tracing_on\
echo "rmem-ftrace: begin"\
cat $t/trace\
echo "rmem-ftrace: end"'

# The trace-cmd variant's /init (build_initrd ... tracecmd): the capture
# variant's, then the same ring buffer read again by Debian's trace-cmd
# (`trace-cmd extract`, then `trace-cmd report` of its trace.dat) printed
# between two more marks, its stderr after them (run.py capture-trace-cmd).
TRACECMD_AFTER='echo "rmem-trace-cmd: begin"\
LD_LIBRARY_PATH=/lib trace-cmd extract -o /trace.dat >/extract.out 2>\&1 \&\& LD_LIBRARY_PATH=/lib trace-cmd report -i /trace.dat 2>/report.err\
echo "rmem-trace-cmd: end"\
sed "s/^/rmem-trace-cmd-stderr: /" /extract.out /report.err'

# trace-cmd's packages: the binary and the libraries it needs (found by
# their ELF NEEDED entries in what these unpack)
TRACECMD_DEBS=(trace-cmd libtracecmd1 libtracefs1 libtraceevent1 libzstd1 zlib1g libc6)

tracecmd_root() {	# tracecmd_root DEBIAN_ARCH SUITE -> trace-cmd's packages of that suite, unpacked
	local a=$1 suite=$2 d p v deb
	d=$cache/tracecmd/$a-$suite
	if [ ! -f "$d/.ready" ]; then
		rm -rf "$d" && mkdir -p "$d"
		for p in "${TRACECMD_DEBS[@]}"; do
			# shellcheck disable=SC2046
			v=$(apt-cache $(apt_opts) madison "$p:$a" |
				awk -F' *[|] *' -v s="$suite" '$3 ~ (" " s "(-security)?/") {print $2; exit}')
			[ -n "$v" ] || { log "no $p:$a in $suite"; return 1; }
			deb=$(download "$p:$a" "$v") || return 1
			dpkg -x "$deb" "$d"
		done
		touch "$d/.ready"
	fi
	echo "$d"
}

with_tracecmd() {	# with_tracecmd ROOTFS DEBIAN_ARCH SUITE: trace-cmd, its loader and libraries into ROOTFS
	local d=$1 src todo f lib hit interp
	src=$(tracecmd_root "$2" "$3") || return 1
	mkdir -p "$d/lib"
	cp "$src/usr/bin/trace-cmd" "$d/bin/trace-cmd"
	[ -e "$d/bin/sed" ] || ln -s busybox "$d/bin/sed"	# the stderr lines
	interp=$(readelf -l "$src/usr/bin/trace-cmd" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
	mkdir -p "$d$(dirname "$interp")"
	cp -L "$(find "$src" -name "$(basename "$interp")" | head -n 1)" "$d$interp"
	todo=("$d/bin/trace-cmd")
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]} todo=("${todo[@]:1}")
		for lib in $(readelf -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
			[ -e "$d/lib/$lib" ] && continue
			hit=$(find "$src" -name "$lib" | head -n 1)
			[ -n "$hit" ] || { log "trace-cmd needs $lib: not in ${TRACECMD_DEBS[*]}"; return 1; }
			cp -L "$hit" "$d/lib/$lib"
			todo+=("$d/lib/$lib")
		done
	done
}

build_initrd() {	# build_initrd RELEASE KO DEBIAN_ARCH SUITE [ftrace|tracecmd] -> path of the initrd
	local release=$1 ko=$2 variant=${5:-} bb d out
	bb=$(busybox_bin "$3" "$4") || return 1
	d=$cache/initrd/$release${variant:+-$variant}
	rm -rf "$d" && mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev"
	cp "$bb" "$d/bin/busybox"
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
	if [ "$variant" = ftrace ]; then
		sed -i -e "/^echo \"rmem-init: insmod\"$/i $FTRACE_BEFORE" \
		       -e "/^echo \"rmem-init: insmod exit/a $FTRACE_AFTER" "$d/init"
	elif [ "$variant" = tracecmd ]; then
		with_tracecmd "$d" "$3" "$4" || return 1
		sed -i -e "/^echo \"rmem-init: insmod\"$/i $FTRACE_BEFORE" \
		       -e "/^echo \"rmem-init: insmod exit/a $FTRACE_AFTER\\
$TRACECMD_AFTER" "$d/init"
	fi
	chmod +x "$d/init"
	out=$cache/initrd-${variant:+$variant-}$release.cpio.gz
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
update_lists
status=0
declare -A kdirs=() karch=()
for p in "${profiles[@]}"; do
	kdir=$("$here/../conformance/fetch-kernels.sh" "$p" | awk -v p="$p" '$1 == p {print $2}')
	[ -n "$kdir" ] || { log "$p: no kernel"; status=1; continue; }
	a=$(kernel_arch "$kdir") || { log "$p: not an arm64, armhf or riscv64 kernel"; status=1; continue; }
	kdirs[$p]=$kdir karch[$p]=$a
done
# shellcheck disable=SC2046
need_tools $(printf '%s\n' "${karch[@]}" | awk '{print $1}' | sort -u)
for p in "${profiles[@]}"; do
	[ -n "${kdirs[$p]:-}" ] || continue
	read -r a ka triplet <<< "${karch[$p]}"
	release=$(kernel_release "${kdirs[$p]}") || { log "$p: no release in ${kdirs[$p]}"; status=1; continue; }
	# busybox from the suite the headers come from
	suite=$(suite_of "linux-headers-$release:$a" "$(version_of "linux-headers-$release:$a")")
	[ -n "$suite" ] || { log "$p: no linux-headers-$release:$a in the package lists"; status=1; continue; }
	ko=$(build_module "$release" "$a" "$ka" "$triplet") || { log "$p: module build failed"; status=1; continue; }
	initrd=$(build_initrd "$release" "$ko" "$a" "$suite") ||
		{ log "$p: initramfs build failed"; status=1; continue; }
	build_initrd "$release" "$ko" "$a" "$suite" ftrace >/dev/null ||
		{ log "$p: the capture initramfs build failed"; status=1; continue; }
	# only run.py capture-trace-cmd needs it, and asks for it by its path
	build_initrd "$release" "$ko" "$a" "$suite" tracecmd >/dev/null ||
		log "$p: the trace-cmd initramfs build failed (run.py capture-trace-cmd cannot run)"
	echo "$p $release $initrd"
done
exit $status
