#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the libFuzzer targets with clang and run each for FUZZ_SECONDS.
#
#   fuzz/run.sh                       # every target, 60 s each
#   FUZZ_SECONDS=1800 fuzz/run.sh plan alloc
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_BUILD (default build-fuzz),
# CC (default clang), FUZZ_NO_BUILD (set: use the build as it is, e.g.
# for a second run.sh in parallel on other targets).  Each target starts from its seeds (fuzz/corpus/<t>/)
# and the crashes kept so far (fuzz/regressions/<t>/); what it finds goes to
# $FUZZ_BUILD/fuzz-out/<t>/ (corpus/, crash-*, log), never into the source
# tree.  A crash input worth keeping is copied to fuzz/regressions/<t>/ by
# hand, after the fix, so that tests/fuzz/test_regressions.c replays it.
# Exit status: 0 when no target crashed, 1 otherwise, 2 on a build failure.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TARGETS=${*:-plan cmdline kconfig alloc}

# The longest input worth trying per target: a DTB of a few KiB; a command
# line past COMMAND_LINE_SIZE (2048) so the cut is exercised; a .config
# excerpt; 4 header bytes and ~400 operations of 3 bytes (longer ones run
# slower than they find more: every operation is checked against a model).
max_len() {
	case $1 in
	plan) echo 8192 ;;
	cmdline) echo 2600 ;;
	kconfig) echo 4096 ;;
	alloc) echo 1200 ;;
	*) echo 4096 ;;
	esac
}

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
	CC=${CC:-clang} cmake -S "$ROOT" -B "$BUILD" -DRMEM_FUZZ=ON -DRMEM_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
	cmake --build "$BUILD" -j"$(nproc)" >"$BUILD/fuzz-build.log" 2>&1 || {
		tail -20 "$BUILD/fuzz-build.log"
		exit 2
	}
fi

# A bitmap the simulated kernel cannot allocate (a CMA area of petabytes
# from a hostile reg) is rmem's -ENOMEM, as bitmap_zalloc()'s NULL is the
# kernel's: let malloc say no instead of ASan and libFuzzer aborting.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1}

status=0
printf '%-8s %10s %10s %8s  %s\n' target execs exec/s cov result
for t in $TARGETS; do
	out=$BUILD/fuzz-out/$t
	mkdir -p "$out/corpus"
	rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
	"$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" \
		-timeout=10 -malloc_limit_mb=1048576 -print_final_stats=1 -artifact_prefix="$out/" \
		"$out/corpus" "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/regressions/$t" \
		>"$out/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$out/log" | tail -1 | cut -d' ' -f2)
	crash=$(ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 2>/dev/null | head -1)
	if [ $rc -eq 0 ] && [ -z "$crash" ]; then
		result="no crash"
	else
		result="CRASH: ${crash:-exit $rc} (see $out/log)"
		status=1
	fi
	printf '%-8s %10s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$result"
done
exit $status
