#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Refresh tests/profile/debian-configs/ from Debian's kernel packages: for each
# profile, the .config header and the lines rmem's profile reads (the rest of
# a 250 KB .config does not change what rmem models).  The test
# test_debian_configs.c checks that these lines give the built-in profiles.
#
#   tests/profile/extract-configs.sh [PROFILE...]   (default: every built-in profile)
#
# The config is boot/config-VER in a 6.x package, usr/lib/modules/VER/config
# in 7.x's linux-base (fetch-kernels.sh).  The files written before CMA was
# read carry no CONFIG_CMA line: DMA_CMA implies it (rmem_profile_derive()).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/debian-configs
symbols='ARM64|ARM|RISCV|ARM64_(4K|16K|64K)_PAGES|PAGE_SHIFT|ARCH_FORCE_MAX_ORDER|FORCE_MAX_ZONEORDER|HUGETLB_PAGE|ARM_LPAE|HIGHMEM|ZONE_DMA|ZONE_DMA32|CMA|DMA_CMA|DMA_GLOBAL_POOL|CMA_DEBUG|CMA_AREAS|CMA_ALIGNMENT|CMA_SIZE_MBYTES|CMA_SIZE_PERCENTAGE|CMA_SIZE_SEL_[A-Z]+|NR_CPUS|NODES_SHIFT|PAGE_OFFSET'
mkdir -p "$out"
"$here/../conformance/fetch-kernels.sh" "$@" | while read -r profile dir; do
	for config in "$dir"/boot/config-* "$dir"/usr/lib/modules/*/config; do
		[ -f "$config" ] && break
	done
	{
		sed -n '1,5{/^# Linux\//p}' "$config"
		grep -E "^(CONFIG_($symbols)=|# CONFIG_($symbols) is not set)" "$config"
	} > "$out/$profile.config"
	echo "$profile: $(basename "$config") -> $out/$profile.config"
done
