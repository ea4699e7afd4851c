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
# and bullseye), leaving the machine's sources alone.
#
# Output lines: "PROFILE DIR" where DIR/boot/{vmlinuz,config,System.map}-*
# exist.  Exit 0 when every requested profile was fetched, 1 otherwise.
set -euo pipefail

cache=${RMEM_KERNEL_CACHE:-/var/cache/rmem}
apt_dir=$cache/apt
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security

# Which Debian package each built-in profile was made from (the comments
# of src/profile/profile.c): profile, Debian arch, package name pattern (an
# extended regex over package names).  A profile without a row cannot be
# fetched, and says so.
declare -A pattern=() arch=()
while read -r p a re; do
	pattern[$p]=$re arch[$p]=$a
done <<'TABLE'
arm64-5.10	arm64	^linux-image-5\.10\.0-[0-9]+-arm64-unsigned$
arm64-6.1	arm64	^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$
arm64-6.12	arm64	^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$
arm64-6.12-16k	arm64	^linux-image-6\.12\.[0-9]+\+deb12-arm64-16k-unsigned$
armhf-6.1	armhf	^linux-image-6\.1\.0-[0-9]+-armmp-lpae$
TABLE

apt_opts() {
	echo "-o Dir::Etc::SourceList=$apt_dir/sources.list -o Dir::Etc::SourceParts=/dev/null" \
	     "-o Dir::State::Lists=$apt_dir/lists -o APT::Architectures::=arm64" \
	     "-o APT::Architectures::=armhf"
}

update_lists() {
	mkdir -p "$apt_dir/lists/partial"
	# armhf is left out of bookworm-security: its index has been seen out of
	# sync on the mirror, and a failed index drops the whole suite.
	cat > "$apt_dir/sources.list" <<-LIST
	deb [arch=arm64,armhf] $mirror bookworm main
	deb [arch=arm64] $security bookworm-security main
	deb [arch=arm64,armhf] $mirror bullseye main
	LIST
	# a stale index is better than none: refresh at most once a day
	if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 -print -quit)" ]; then
		# shellcheck disable=SC2046
		apt-get $(apt_opts) update -qq >&2 || echo "fetch-kernels: apt-get update reported errors" >&2
	fi
}

newest() {
	# shellcheck disable=SC2046
	apt-cache $(apt_opts) pkgnames linux-image- | grep -E "$1" | sort -V | tail -n 1
}

fetch() {
	local profile=$1 pkg dir deb
	pkg=$(newest "${pattern[$profile]}")
	if [ -z "$pkg" ]; then
		echo "fetch-kernels: $profile: no package matches ${pattern[$profile]}" >&2
		return 1
	fi
	dir=$cache/kernels/$pkg
	if [ ! -d "$dir/boot" ]; then
		mkdir -p "$cache/debs"
		(cd "$cache/debs" && rm -f "${pkg}"_*.deb &&
		 apt-get $(apt_opts) download -qq "$pkg:${arch[$profile]}" >&2) || {
			echo "fetch-kernels: $profile: cannot download $pkg" >&2
			return 1
		}
		deb=$(ls "$cache/debs/${pkg}"_*.deb)
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
		dpkg -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
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
