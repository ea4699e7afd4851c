#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install what rmem needs from Debian's packages, only what is missing.
#   scripts/install-deps.sh            build and unit tests
#   scripts/install-deps.sh --conformance   also QEMU (arm, and riscv64 with OpenSBI) and the
#                                           tools the real-kernel runs use
#   scripts/install-deps.sh --fuzz          also clang, its libFuzzer and sanitizer
#                                           runtimes, and llvm-symbolizer (readable
#                                           stacks in crash reports)
#   scripts/install-deps.sh --cross        also Debian's cross compilers for arm64,
#                                           armhf and riscv64 (make cross)
set -euo pipefail

# groff-base renders the man pages in the tests, zsh runs its completion
pkgs=(build-essential cmake pkg-config libfdt-dev device-tree-compiler
      libcmocka-dev libjansson-dev libarchive-dev python3 groff-base zsh)
for opt in "$@"; do
	case $opt in
	--conformance) pkgs+=(qemu-system-arm qemu-system-misc opensbi cpio) ;;
	--fuzz) pkgs+=(clang libclang-rt-dev llvm) ;;
	--cross) pkgs+=(gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-riscv64-linux-gnu) ;;
	*) echo "install-deps: unknown option $opt" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root or install them" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "install-deps: apt-get update reported errors; trying the install anyway" >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}"
