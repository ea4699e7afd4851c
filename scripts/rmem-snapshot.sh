#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem-snapshot: copy what `rmem inspect` reads from a running system into
# DIR, or into FILE.tar, laid out as on the system (docs/inspect.md), for a
# board where rmem is not installed.  Needs only a POSIX shell and
# busybox's cat, dmesg, mkdir, tar, uname (and gzip for FILE.tar.gz).
#
#   rmem-snapshot [-r ROOT] DIR|FILE.tar|FILE.tar.gz
#
# Reads, never writes, the system: debugfs is read where it is mounted, not
# mounted.  What cannot be read is listed in snapshot-errors, one
# "PATH: REASON" a line.  -r ROOT reads ROOT/proc, ROOT/sys... instead of
# /proc, /sys (a copy of them; for tests).
set -u

usage() {
	echo "usage: rmem-snapshot [-r ROOT] DIR|FILE.tar|FILE.tar.gz" >&2
	exit 2
}

root=
while getopts r: opt; do
	case $opt in
	r) root=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
dest=$1

case $dest in
*.tar | *.tar.gz | *.tgz)
	tree=$(mktemp -d "${TMPDIR:-/tmp}/rmem-snapshot.XXXXXX") || exit 4
	trap 'rm -rf "$tree"' EXIT
	;;
*)
	tree=$dest
	mkdir -p "$tree" || exit 4
	;;
esac
errors=$tree/snapshot-errors
: >"$errors" || exit 4

# note PATH REASON: a file the snapshot lacks, and why
note() {
	echo "$1: $2" >>"$errors"
}

# copy PATH (relative to the root): the file, or a line in snapshot-errors
# with the reason cat gave
copy() {
	mkdir -p "$tree/$(dirname "$1")"
	if ! msg=$(cat "$root/$1" 2>&1 >"$tree/$1"); then
		rm -f "$tree/$1"
		note "$1" "${msg##*: }"
	fi
}

# copy_dir DIR: every regular file one or two levels under DIR (the CMA
# areas' directories and their files), or why there is none
copy_dir() {
	if [ ! -d "$root/$1" ]; then
		note "$1" "No such directory"
		return
	fi
	for f in "$root/$1"/* "$root/$1"/*/*; do
		[ -f "$f" ] || continue
		rel=${f#"$root"/}
		case $rel in
		*/alloc | */free) continue ;;	# debugfs cma: write-only triggers
		esac
		copy "$rel"
	done
}

copy sys/firmware/fdt
copy proc/cmdline
copy proc/iomem
copy proc/meminfo
copy proc/sys/kernel/osrelease
copy proc/sys/kernel/arch
release=$(cat "$tree/proc/sys/kernel/osrelease" 2>/dev/null)
if [ -r "$root/proc/config.gz" ]; then
	copy proc/config.gz
else
	note proc/config.gz "No such file or directory"
	if [ -n "$release" ] && [ ! -r "$root/boot/config-$release" ] &&
		[ -r "$root/usr/lib/modules/$release/config" ]; then
		copy "usr/lib/modules/$release/config"	# Debian's split 7.x packages
	elif [ -n "$release" ]; then
		copy "boot/config-$release"
	fi
fi
copy sys/kernel/debug/memblock/memory
copy sys/kernel/debug/memblock/reserved
copy_dir sys/kernel/mm/cma
copy_dir sys/kernel/debug/cma
# the devices made of DT nodes: "BUS/NAME<TAB>DT-PATH<TAB>DRIVER" ("-" unbound),
# from each device's of_node and driver links (which devices use which region)
if [ -n "$root" ] && [ -f "$root/devices" ]; then
	copy devices	# -r over a snapshot: its list as it is
elif [ -d "$root/sys/bus" ]; then
	for d in "$root"/sys/bus/*/devices/*; do
		node=$(readlink "$d/of_node" 2>/dev/null) || continue
		case $node in
		*/devicetree/base*) node=${node#*/devicetree/base} ;;
		*) continue ;;
		esac
		drv=$(readlink "$d/driver" 2>/dev/null) && drv=${drv##*/} || drv=-
		bus=${d%/devices/*}
		printf '%s/%s\t%s\t%s\n' "${bus##*/}" "${d##*/}" "${node:-/}" "$drv"
	done >"$tree/devices"
else
	note devices "sys/bus: No such file or directory"
fi
# the arch, when /proc/sys/kernel/arch is missing (before 6.x): uname -m
[ -s "$tree/proc/sys/kernel/arch" ] || [ -n "$root" ] || uname -m >"$tree/uname-m"
if [ -n "$root" ]; then
	copy dmesg
elif ! msg=$(dmesg 2>&1 >"$tree/dmesg"); then
	rm -f "$tree/dmesg"
	note dmesg "${msg##*: }"
fi

case $dest in
*.tar) tar -cf "$dest" -C "$tree" . || exit 4 ;;
*.tar.gz | *.tgz) tar -cf - -C "$tree" . | gzip -c >"$dest" || exit 4 ;;
esac
exit 0
