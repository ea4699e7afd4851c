#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the libFuzzer targets with clang and run each for FUZZ_SECONDS.
#
#   fuzz/run.sh                       # every target, 60 s each, one at a time
#   FUZZ_SECONDS=1800 fuzz/run.sh plan alloc
#   FUZZ_JOBS=2 fuzz/run.sh           # two targets at a time
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_JOBS (targets run at the
# same time, default 1: each libFuzzer process uses one core), FUZZ_BUILD
# (default build-fuzz), CC (default clang), FUZZ_NO_BUILD (set: use the
# build as it is, e.g. for a second run.sh in parallel on other targets),
# FUZZ_SEED (unset: libFuzzer picks a random seed; a number: that seed, and
# each target starts from an empty corpus/, so two runs with the same seed
# try the same inputs in the same order on any machine: a slower machine
# tries a prefix of them.  `make test` sets FUZZ_SEED=1, so CI repeats
# what a longer local run with FUZZ_SEED=1 has already tried).
# Each target starts from its seeds (fuzz/corpus/<t>/) and the crashes kept
# so far (fuzz/regressions/<t>/), with fuzz/<t>.dict when there is one;
# what it finds goes to $FUZZ_BUILD/fuzz-out/<t>/ (corpus/, crash-*, log),
# never into the source tree.  A crash input worth keeping is copied to
# fuzz/regressions/<t>/ by hand, after the fix, so that
# tests/fuzz/test_regressions.c replays it.
# Prints a table (executions, executions per second, coverage, result per
# target) and the total wall time.
# Exit status: 0 when no target crashed, 1 otherwise, 2 on a build failure.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
TARGETS=${*:-plan cmdline kconfig alloc trace fixup bootchain ftrace}
SEED=${FUZZ_SEED:-}
START=$(date +%s)

case $JOBS in
'' | *[!0-9]* | 0)
	echo "fuzz/run.sh: FUZZ_JOBS must be a positive number, not '$JOBS'" >&2
	exit 2
	;;
esac
case $SEED in
*[!0-9]*)
	echo "fuzz/run.sh: FUZZ_SEED must be a number, not '$SEED'" >&2
	exit 2
	;;
esac

# The longest input worth trying per target: a DTB of a few KiB; a command
# line past COMMAND_LINE_SIZE (2048) so the cut is exercised; a .config
# excerpt; 4 header bytes and ~400 operations of 3 bytes (longer ones run
# slower than they find more: every operation is checked against a model);
# a trace of a few hundred events (each input boots a board, and the
# checks walk the events per area).
max_len() {
	case $1 in
	plan) echo 8192 ;;
	cmdline) echo 2600 ;;
	kconfig) echo 4096 ;;
	alloc) echo 1200 ;;
	trace) echo 4096 ;;
	fixup) echo 8192 ;;
	bootchain) echo 1024 ;;
	*) echo 4096 ;;
	esac
}

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
	mkdir -p "$BUILD" || exit 2
	CC=${CC:-clang} cmake -S "$ROOT" -B "$BUILD" -DRMEM_FUZZ=ON -DRMEM_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD/fuzz-configure.log" 2>&1 || {
		tail -20 "$BUILD/fuzz-configure.log"
		exit 2
	}
	cmake --build "$BUILD" -j"$(nproc)" >"$BUILD/fuzz-build.log" 2>&1 || {
		tail -20 "$BUILD/fuzz-build.log"
		exit 2
	}
fi
for t in $TARGETS; do
	if [ ! -x "$BUILD/fuzz/fuzz_$t" ]; then
		echo "fuzz/run.sh: no target '$t' in $BUILD/fuzz" >&2
		exit 2
	fi
done

# A bitmap the simulated kernel cannot allocate (a CMA area of petabytes
# from a hostile reg) is rmem's -ENOMEM, as bitmap_zalloc()'s NULL is the
# kernel's: let malloc say no instead of ASan and libFuzzer aborting.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1}

# Run target $1; its table row goes to $out/row, its status (0 or 1) is returned.
run_one() {
	local t=$1 out=$BUILD/fuzz-out/$1 dict=() seeds=() seed=() rc execs rate cov crash result

	# a fixed seed replays the same inputs only from the same starting corpus
	[ -n "$SEED" ] && { rm -rf "$out/corpus"; seed=(-seed="$SEED"); }
	mkdir -p "$out/corpus"
	# a target with no crash kept yet has no regressions/ directory (git keeps no empty ones)
	seeds=("$ROOT/fuzz/corpus/$t")
	[ -d "$ROOT/fuzz/regressions/$t" ] && seeds+=("$ROOT/fuzz/regressions/$t")
	rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out/row"
	[ -f "$ROOT/fuzz/$t.dict" ] && dict=(-dict="$ROOT/fuzz/$t.dict")
	"$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" \
		-timeout=10 -malloc_limit_mb=1048576 -print_final_stats=1 -artifact_prefix="$out/" \
		"${seed[@]}" "${dict[@]}" "$out/corpus" "${seeds[@]}" \
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
	fi
	printf '%-8s %10s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$result" \
		>"$out/row"
	[ "$result" = "no crash" ]
}

status=0
printf '%-8s %10s %10s %8s  %s\n' target execs exec/s cov result
if [ "$JOBS" -eq 1 ]; then
	for t in $TARGETS; do
		run_one "$t" || status=1
		cat "$BUILD/fuzz-out/$t/row"
	done
else
	# at most JOBS targets at a time; the rows in the order the targets were given
	running=0
	for t in $TARGETS; do
		if [ $running -ge "$JOBS" ]; then
			wait -n || status=1
			running=$((running - 1))
		fi
		run_one "$t" &
		running=$((running + 1))
	done
	while [ $running -gt 0 ]; do
		wait -n || status=1
		running=$((running - 1))
	done
	for t in $TARGETS; do
		cat "$BUILD/fuzz-out/$t/row" 2>/dev/null ||
			printf '%-8s %10s %10s %8s  %s\n' "$t" ? ? ? "no result"
	done
fi
echo "total wall time: $(($(date +%s) - START)) s (FUZZ_SECONDS=$SECONDS_EACH, FUZZ_JOBS=$JOBS, FUZZ_SEED=${SEED:-random})"
exit $status
