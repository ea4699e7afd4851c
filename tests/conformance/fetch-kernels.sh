#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian's reference kernels into a cache outside the repository and
# print, for each rmem profile, the directory its package was unpacked in.
#
#   tests/conformance/fetch-kernels.sh [PROFILE...]   (default: every built-in
#                                                      profile of $RMEM_BIN or build/rmem)
#
# Cache: $RMEM_KERNEL_CACHE (default /var/cache/rmem).  The newest build
# Debian serves for each flavour is taken, so this keeps working when Debian
# publishes a new one; nothing here names a version.  apt uses its own
# package lists under the cache (arm64/armhf from bookworm, bookworm-security
# and bullseye; arm64/armhf/riscv64 from trixie, trixie-security and sid),
# leaving the machine's sources alone.
#
# Kernels up to 6.x are one package, unpacked as it is: DIR/boot/ holds
# vmlinuz-VER (vmlinux-VER on riscv64), config-VER and System.map-VER.
# From 7.x linux-image-VER is a metapackage: the image is in its dependency
# linux-binary-VER (linux-binary-unsigned-VER where Debian has one, as for
# the unsigned 6.x arm64 packages), the config and System.map in
# linux-base-VER; both are unpacked into DIR, which then holds
# usr/lib/modules/VER/{vmlinuz (vmlinuz.unsigned when unsigned), config,
# System.map}.  The metapackage's own .deb is kept beside the others for its
# version.
#
# Profiles recorded ahead of being modelled (tests/conformance/pending/) are
# named on the command line: the default is the built-in ones only.
#
# Output lines: "PROFILE DIR".  Exit 0 when every requested profile was
# fetched, 1 otherwise.
set -euo pipefail

cache=${RMEM_KERNEL_CACHE:-/var/cache/rmem}
apt_dir=$cache/apt
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security

# Which Debian package each profile was made from (the comments of
# src/profile/profile.c, and the description of each profile recorded
# ahead of being modelled, tests/conformance/pending/PROFILE/profile.json):
# profile, Debian arch, package name pattern (an extended regex over package
# names).  A profile without a row cannot be fetched, and says so.
declare -A pattern=() arch=()
while read -r p a re; do
	pattern[$p]=$re arch[$p]=$a
done <<'TABLE'
arm64-5.10	arm64	^linux-image-5\.10\.0-[0-9]+-arm64-unsigned$
arm64-6.1	arm64	^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$
arm64-6.12	arm64	^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$
arm64-6.12-16k	arm64	^linux-image-6\.12\.[0-9]+\+deb12-arm64-16k-unsigned$
armhf-6.1	armhf	^linux-image-6\.1\.0-[0-9]+-armmp-lpae$
arm64-7.2	arm64	^linux-image-7\.2\.[0-9]+\+deb14-arm64$
arm64-7.2-16k	arm64	^linux-image-7\.2\.[0-9]+\+deb14-arm64-16k$
armhf-6.12	armhf	^linux-image-6\.12\.[0-9]+\+deb13-armmp-lpae$
armhf-6.1-nolpae	armhf	^linux-image-6\.1\.0-[0-9]+-armmp$
armhf-6.12-nolpae	armhf	^linux-image-6\.12\.[0-9]+\+deb13-armmp$
riscv64-6.12	riscv64	^linux-image-6\.12\.[0-9]+\+deb13-riscv64$
riscv64-7.2	riscv64	^linux-image-7\.2\.[0-9]+\+deb14-riscv64$
TABLE

# apt keeps its binary cache of these lists beside them: without it every
# apt-cache call parses the six suites again (over a minute on a busy machine)
apt_opts() {
	echo "-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null" \
	     "-o Dir::State::Lists=$apt_dir/lists -o APT::Architectures::=arm64" \
	     "-o APT::Architectures::=armhf -o APT::Architectures::=riscv64" \
	     "-o Dir::Cache::pkgcache=$apt_dir/pkgcache.bin -o Dir::Cache::srcpkgcache=$apt_dir/srcpkgcache.bin"
}

update_lists() {
	mkdir -p "$apt_dir/lists/partial"
	# armhf is left out of bookworm-security: its index has been seen out of
	# sync on the mirror, and a failed index drops the whole suite.
	cat > "$apt_dir/sources.list.new" <<-LIST
	deb [arch=arm64,armhf] $mirror bookworm main
	deb [arch=arm64] $security bookworm-security main
	deb [arch=arm64,armhf] $mirror bullseye main
	deb [arch=arm64,armhf,riscv64] $mirror trixie main
	deb [arch=arm64,armhf,riscv64] $security trixie-security main
	deb [arch=arm64,armhf,riscv64] $mirror sid main
	LIST
	# a stale index is better than none: refresh at most once a day, or
	# when the list of suites has changed
	local fresh=
	if cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list"; then
		fresh=$(find "$apt_dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)
	fi
	mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
	if [ -z "$fresh" ]; then
		# shellcheck disable=SC2046
		apt-get $(apt_opts) update -qq >&2 || echo "fetch-kernels: apt-get update reported errors" >&2
	fi
}

newest() {
	# shellcheck disable=SC2046
	apt-cache $(apt_opts) pkgnames linux-image- | grep -E "$1" | sort -V | tail -n 1
}

# The packages PKG:ARCH is made of: itself, or (7.x) its linux-binary-*
# and linux-base-* dependencies, the binary one unsigned where Debian has it.
parts() {
	local pkg=$1 a=$2 dep unsigned deps
	# shellcheck disable=SC2046
	mapfile -t deps < <(apt-cache $(apt_opts) depends "$pkg:$a" |
		sed -n 's/^ *Depends: \(linux-\(binary\|base\)-[^ :]*\).*/\1/p' | sort -u)
	if [ ${#deps[@]} -eq 0 ]; then
		echo "$pkg"
		return
	fi
	for dep in "${deps[@]}"; do
		unsigned=${dep/#linux-binary-/linux-binary-unsigned-}
		# shellcheck disable=SC2046
		if [ "$unsigned" != "$dep" ] &&
		   apt-cache $(apt_opts) show "$unsigned:$a" > /dev/null 2>&1; then
			echo "$unsigned"
		else
			echo "$dep"
		fi
	done
}

fetch() {
	local profile=$1 a=${arch[$1]} pkg dir part
	pkg=$(newest "${pattern[$profile]}")
	if [ -z "$pkg" ]; then
		echo "fetch-kernels: $profile: no package matches ${pattern[$profile]}" >&2
		return 1
	fi
	dir=$cache/kernels/$pkg
	if [ ! -d "$dir" ]; then
		mapfile -t pkgs < <(parts "$pkg" "$a")
		[ "${pkgs[0]}" = "$pkg" ] || pkgs=("$pkg" "${pkgs[@]}")
		mkdir -p "$cache/debs"
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
		for part in "${pkgs[@]}"; do
			# shellcheck disable=SC2046
			(cd "$cache/debs" && rm -f "${part}"_*.deb &&
			 apt-get $(apt_opts) download -qq "$part:$a" >&2) || {
				echo "fetch-kernels: $profile: cannot download $part" >&2
				return 1
			}
			dpkg -x "$(ls "$cache/debs/${part}"_*.deb)" "$dir.tmp"
		done
		mv "$dir.tmp" "$dir"
	fi
	echo "$profile $dir"
}

profiles=("$@")
if [ ${#profiles[@]} -eq 0 ]; then
	# every built-in profile of the rmem binary
	rmem=${RMEM_BIN:-$(dirname "$0")/../../build/rmem}
	[ -x "$rmem" ] || { echo "fetch-kernels: name the profiles, or build rmem ($rmem) to fetch them all" >&2; exit 2; }
	mapfile -t profiles < <("$rmem" profiles --names)
fi
for p in "${profiles[@]}"; do
	[ -n "${pattern[$p]:-}" ] || { echo "fetch-kernels: no Debian package known for profile $p (the table in $0)" >&2; exit 2; }
done
update_lists
status=0
for p in "${profiles[@]}"; do
	fetch "$p" || status=1
done
exit $status
