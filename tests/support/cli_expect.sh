# SPDX-License-Identifier: GPL-2.0-only
#
# What the command-line test scripts share (sourced): a scratch directory,
# the pass/fail counters, expect and check.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# expect NAME CODE PATTERN -- COMMAND...: exit CODE and stderr+stdout matching PATTERN
expect() {
	local name=$1 code=$2 pattern=$3 out rc
	shift 4
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $rc (want $code), output:"
		sed 's/^/    /' <<<"$out" | head -5
	fi
}

# check NAME COMMAND...: COMMAND succeeds (a condition), counted
check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)); echo "FAIL $name: $*"
	fi
}
