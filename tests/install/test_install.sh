#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# rmem as a library people embed: the build installed into a temporary
# prefix, consumer.c built against it through pkg-config and through
# find_package(rmem) (with the shared and the static library), each run on
# the example board and compared with the installed `rmem plan`; and
# librmem.so exporting exactly the functions include/rmem/ declares.
#
# Usage: test_install.sh BUILD_DIR CC [LINK_FLAGS]
#   LINK_FLAGS: the build's own link options (its sanitizers: a program
#   linking an instrumented library needs their runtime too)
set -u
build=$1 cc=$2 link_flags=${3-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../support/cli_expect.sh"
board=$here/../../examples/example-board.dts
prefix=$work/prefix

if ! cmake --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1; then
	cat "$work/install.log"
	echo "FAIL install: cmake --install $build"
	exit 1
fi
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name rmem.pc)")
libdir=$(pkg-config --variable=libdir rmem)
includedir=$(pkg-config --variable=includedir rmem)
expect pc-libdir 0 '' -- test -f "$libdir/librmem.so"
expect pc-includedir 0 '' -- test -f "$includedir/rmem/rmem.h"

# What librmem.so exports, and what the public headers declare (comments
# gone through the preprocessor; static inline functions are not exported).
nm -D --defined-only "$libdir/librmem.so" | awk '{ print $3 }' | sort -u > "$work/exported"
printf '#include <rmem/rmem.h>\n' | "$cc" -E -P -I"$includedir" -x c - | tr -s ' \t\n' ' ' \
	> "$work/public.i"
grep -oE '\brmem_[A-Za-z0-9_]+ ?\(' "$work/public.i" | tr -d ' (' | sort -u > "$work/named"
grep -oE 'static inline [^;{]*\brmem_[A-Za-z0-9_]+ ?\(' "$work/public.i" |
	grep -oE 'rmem_[A-Za-z0-9_]+ ?\($' | tr -d ' (' | sort -u > "$work/inline"
comm -23 "$work/named" "$work/inline" > "$work/declared"
# only_in A B WHAT: fails listing the names of A that B lacks
only_in() {
	local extra
	extra=$(comm -23 "$1" "$2")
	[ -z "$extra" ] || { echo "$3:" $extra; return 1; }
}
expect exports-some 0 '' -- grep -q '^rmem_version$' "$work/exported"
expect exports-prefix 0 '' -- sh -c '! grep -v "^rmem_" "$0"' "$work/exported"
expect exports-public 0 '' -- only_in "$work/exported" "$work/declared" \
	"exported, not declared in include/rmem/"
expect exports-all 0 '' -- only_in "$work/declared" "$work/exported" \
	"declared in include/rmem/, not exported (RMEM_API?)"
for h in "$includedir"/rmem/*.h; do
	[ "${h##*/}" = rmem.h ] && continue
	expect "rmem.h-includes-${h##*/}" 0 '' -- grep -q "^#include <rmem/${h##*/}>" \
		"$includedir/rmem/rmem.h"
done
# C++: every declared function taken by address, none of them mangled
{ echo '#include <rmem/rmem.h>'; echo 'void *rmem_all[] = {'
  sed 's/.*/\t(void *)\&&,/' "$work/declared"; echo '};'; } > "$work/all.cpp"
expect c++-compiles 0 '' -- c++ -c -I"$includedir" -o "$work/all.o" "$work/all.cpp"
expect c++-extern-c 0 '' -- sh -c '! nm -u "$0" | grep _Z' "$work/all.o"

# The plan the installed command prints (its RUNPATH finds librmem.so).
dtc -q -I dts -O dtb -o "$work/board.dtb" "$board"
expect installed-rmem 0 '' -- sh -c '"$0" plan "$1" > "$2"' "$prefix/bin/rmem" "$board" "$work/want"
expect installed-rmem-plans 0 'camera@50000000' -- cat "$work/want"
# plans NAME PROGRAM BOARD: PROGRAM prints the plan of BOARD as the installed rmem does
plans() {
	expect "$1" 0 '' -- sh -c '"$0" "$1" > "$2"' "$2" "$3" "$work/$1.out"
	expect "$1-output" 0 '' -- diff -u "$work/want" "$work/$1.out"
}

# $link_flags is a list of options: split on purpose
# shellcheck disable=SC2046,SC2086
expect pkg-config-build 0 '' -- "$cc" -o "$work/consumer_pc" "$here/consumer.c" \
	$(pkg-config --cflags --libs rmem) -Wl,-rpath,"$libdir" $link_flags
plans pkg-config "$work/consumer_pc" "$board"

expect cmake-configure 0 '' -- cmake -S "$here/consumer" -B "$work/consumer" \
	-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DRMEM_VERSION="$RMEM_VERSION" \
	-DCMAKE_EXE_LINKER_FLAGS="$link_flags"
expect cmake-found-it 0 '' -- grep -q "^rmem_DIR:PATH=$prefix/" "$work/consumer/CMakeCache.txt"
expect cmake-build 0 '' -- cmake --build "$work/consumer"
plans cmake-shared "$work/consumer/consumer_shared" "$work/board.dtb"
plans cmake-static "$work/consumer/consumer_static" "$board"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
