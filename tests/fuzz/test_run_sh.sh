#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# fuzz/run.sh's refusals of its environment: a FUZZ_JOBS or FUZZ_SEED that
# is not a number is one message and exit 2, before anything is built or run.
set -u

run_sh=$(cd "$(dirname "$0")/../../fuzz" && pwd)/run.sh
fail=0

# expect NAME WANT_STDERR ENV...: run.sh with ENV must exit 2 saying WANT_STDERR
expect() {
	local name=$1 want=$2 err rc
	shift 2
	err=$(env "$@" FUZZ_NO_BUILD=1 FUZZ_BUILD=/nonexistent "$run_sh" plan 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 2 ] || [ "$err" != "$want" ]; then
		echo "FAIL $name: exit $rc (want 2), stderr '$err' (want '$want')"
		fail=1
	else
		echo "ok $name"
	fi
}

expect seed-word "fuzz/run.sh: FUZZ_SEED must be a number, not 'abc'" FUZZ_SEED=abc
expect seed-negative "fuzz/run.sh: FUZZ_SEED must be a number, not '-1'" FUZZ_SEED=-1
expect jobs-zero "fuzz/run.sh: FUZZ_JOBS must be a positive number, not '0'" FUZZ_JOBS=0
exit $fail
