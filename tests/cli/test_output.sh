#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# -o FILE as src/cli/output.c promises: symbolic links followed, devices and
# FIFOs written in place (never replaced), regular files replaced whole with
# their mode, every write checked (ENOSPC: exit 4, the previous file intact).
#
# Usage: test_output.sh RMEM          the cases any user can run
#        test_output.sh RMEM root     the cases that need root (mknod, a full
#                                     file system); exit 77, skipped, without it
set -u
rmem=$1
part=${2-user}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../support/cli_expect.sh"

# The report as standard output gets it: what every -o must hold too.
"$rmem" plan --format json > "$work/want" || { echo "FAIL rmem plan"; exit 1; }
cd "$work" || exit 1

if [ "$part" = root ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: mknod and a full file system need root"
		exit 77
	fi
	# a character device node of our own: /dev/null's numbers, in the scratch directory
	major=$((16#$(stat -c %t /dev/null))) minor=$((16#$(stat -c %T /dev/null)))
	mknod null c "$major" "$minor"
	expect mknod-writes 0 '^$' -- "$rmem" plan --format json -o null
	check mknod-still-a-device test -c null
	check mknod-nothing-beside sh -c '[ "$(ls | grep -c null)" -eq 1 ]'

	# a file system with no room: the previous file stays, no temporary is left
	if ! unshare --mount --propagation private true 2>/dev/null; then
		echo "SKIP: cannot make a mount namespace here (no CAP_SYS_ADMIN)"
		echo "$passed passed, $failed failed, some skipped"
		[ "$failed" -eq 0 ] && exit 77
		exit 1
	fi
	mkdir full
	# shellcheck disable=SC2016
	unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=8k tmpfs full &&
		printf "previous\n" > full/plan.json &&
		(cat /dev/zero > full/filler 2>/dev/null; true) &&
		"$0" plan --format json -o full/plan.json 2> enospc.err
		echo $? > enospc.rc
		cat full/plan.json > enospc.kept
		ls full > enospc.ls' "$rmem"
	check enospc-exit-4 grep -qx 4 enospc.rc
	check enospc-message grep -qx 'rmem plan: full/plan.json: No space left on device' enospc.err
	check enospc-kept grep -qx previous enospc.kept
	check enospc-no-temporary sh -c '[ "$(cat enospc.ls | tr "\n" " ")" = "filler plan.json " ]'
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

# a symbolic link to a file that does not exist yet: the link stays, its target is written
mkdir sub
ln -s ../target.json sub/link
expect symlink-new 0 '^$' -- "$rmem" plan --format json -o sub/link
check symlink-is-link test -L sub/link
check symlink-target-written cmp -s want target.json
check symlink-nothing-beside sh -c '[ "$(ls sub)" = link ] && [ -z "$(ls | grep "target.json.")" ]'
# ... and to one that exists, with its own mode
printf 'previous\n' > target.json
chmod 0604 target.json
expect symlink-existing 0 '^$' -- "$rmem" plan --format json -o sub/link
check symlink-still-link test -L sub/link
check symlink-existing-written cmp -s want target.json
check symlink-target-mode sh -c '[ "$(stat -c %a target.json)" = 604 ]'
ln -s loop-b loop-a
ln -s loop-a loop-b
expect symlink-loop 4 '^rmem plan: loop-a: Too many levels of symbolic links$' -- "$rmem" plan -o loop-a

# an existing file keeps its mode; a new one gets the umask's
printf 'previous\n' > kept.json
chmod 0640 kept.json
expect mode-existing 0 '^$' -- "$rmem" plan --format json -o kept.json
check mode-existing-kept sh -c '[ "$(stat -c %a kept.json)" = 640 ]'
check mode-existing-written cmp -s want kept.json
expect mode-new 0 '^$' -- sh -c 'umask 037; "$0" plan --format json -o new.json' "$rmem"
check mode-new-umask sh -c '[ "$(stat -c %a new.json)" = 640 ]'

# Root runs the cases outside the scratch directory as nobody: a regression
# that replaced the file with a regular one must fail, not break /dev/full.
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
chmod 0755 "$work"

# /dev/full: ENOSPC, exit 4, and it is still the device
expect dev-full 4 '^rmem plan: /dev/full: No space left on device$' -- \
	"${as_user[@]}" "$rmem" plan -o /dev/full
check dev-full-still-a-device test -c /dev/full
expect stdout-full 4 '^rmem plan: standard output: No space left on device$' -- \
	sh -c '"$0" plan > /dev/full' "$rmem"
printf 'camera alloc 1M\n' > one.trace
expect sim-full 4 '^rmem sim: /dev/full: No space left on device$' -- \
	"${as_user[@]}" "$rmem" sim -o /dev/full "$here/../../examples/example-board.dts" one.trace
expect profiles-full 4 '^rmem profiles: standard output: No space left on device$' -- \
	sh -c '"$0" profiles > /dev/full' "$rmem"
expect version-full 4 '^rmem: standard output: No space left on device$' -- \
	sh -c '"$0" --version > /dev/full' "$rmem"

# a FIFO, read while rmem writes it: the whole report, and it is still a FIFO
mkfifo fifo
timeout 20 cat fifo > fifo.out &
reader=$!
expect fifo 0 '^$' -- timeout 20 "$rmem" plan --format json -o fifo
wait "$reader"
check fifo-read-whole cmp -s want fifo.out
check fifo-still-a-fifo test -p fifo

# -o /dev/stdout: through standard output, so that >> appends
printf 'previous\n' > appended
"$rmem" plan --format json -o /dev/stdout >> appended
check dev-stdout-appends sh -c '{ echo previous; cat want; } | cmp -s - appended'

# a directory rmem may not write in: the message names the file, nothing is left
mkdir ro
chmod 0555 ro
expect read-only-dir 4 '^rmem plan: ro/out.json: cannot create a file beside it: Permission denied$' -- \
	"${as_user[@]}" "$rmem" plan --format json -o ro/out.json
check read-only-dir-empty sh -c '[ -z "$(ls ro)" ]'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
