#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The man pages and the shell completions as `cmake --install` puts them:
# each man page renders without a warning and documents what the command's
# --help lists (each option of which the command accepts); bash completes
# commands, options, formats and kernel profiles from the rmem it completes.
#
# Usage: test_docs.sh BUILD_DIR          the man pages and bash
#        test_docs.sh BUILD_DIR zsh      the zsh completion (exit 77, skipped,
#                                        without zsh)
set -u
build=$(cd "$1" && pwd)
part=${2-man+bash}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../support/cli_expect.sh"
rmem=$build/rmem
prefix=$work/prefix
# the completions call "rmem" as typed: the build's
export PATH=$build:$PATH

# The commands, each command's long options and the profiles, from what
# rmem says of itself, the sources the completions must agree with.
commands=$(rmem --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }')
options_of() {
	rmem ${1:+"$1"} --help | grep -oE '^  (-[A-Za-z], |    )--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'
}
profiles=$(rmem profiles | awk '{ print $1 }')
# sorted WORDS...: as the completion tests print what they got
sorted() { printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' '; }

if [ "$part" = zsh ]; then
	if ! command -v zsh > /dev/null; then
		echo "SKIP: zsh is not installed (scripts/install-deps.sh installs it)"
		exit 77
	fi
	# zsh's completion system stubbed: compadd filters by PREFIX as the real one does
	zcomp() {
		zsh -f -c '
			compadd() { [[ $1 == -a ]] && print -rl -- ${(M)${(P)2}:#${PREFIX}*} }
			_files() { print -r -- FILES }
			words=(); CURRENT=1
			source "$0" > /dev/null
			words=("$@"); CURRENT=$#; PREFIX=$words[CURRENT]
			_rmem' "$here/../../completion/_rmem" "$@" | sort | tr '\n' ' '
	}
	check zsh-command [ "$(zcomp rmem pl)" = "$(sorted $(grep '^pl' <<<"$commands"))" ]
	check zsh-commands [ "$(zcomp rmem '')" = "$(sorted $commands)" ]
	check zsh-profiles [ "$(zcomp rmem plan -k arm64-6.1)" = "$(sorted $(grep '^arm64-6\.1' <<<"$profiles"))" ]
	check zsh-options [ "$(zcomp rmem sim --)" = "$(sorted $(options_of sim))" ]
	check zsh-format [ "$(zcomp rmem sim --format '')" = "$(sorted text json)" ]
	check zsh-checks [ "$(zcomp rmem check -W overlap)" = "overlap-unreported " ]
	check zsh-files [ "$(zcomp rmem plan '')" = "FILES " ]
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

if ! cmake --install "$build" --prefix "$prefix" --component doc > "$work/install.log" 2>&1; then
	cat "$work/install.log"
	echo "FAIL install: cmake --install $build --component doc"
	exit 1
fi

# The man pages: rmem(1) and one per command, rendered by groff (every
# warning on) and by man, each naming every option its command's --help does.
for cmd in "" $commands; do
	page=rmem${cmd:+-$cmd}
	file=$prefix/share/man/man1/$page.1
	check "$page-installed" test -s "$file"
	groff -man -Tutf8 -ww -z "$file" 2> "$work/$page.groff"
	check "$page-groff-clean" test ! -s "$work/$page.groff"
	[ -s "$work/$page.groff" ] && sed 's/^/    /' "$work/$page.groff"
	if command -v man > /dev/null; then
		MANWIDTH=80 man -l "$file" > "$work/$page.txt" 2> "$work/$page.man"
		check "$page-man-clean" test ! -s "$work/$page.man"
	else
		[ -n "$cmd" ] || echo "NOTE: no man (man-db); the pages are read with groff alone"
		groff -man -Tutf8 -rLL=80n -P-cbou "$file" > "$work/$page.txt" 2> /dev/null
	fi
	check "$page-man-renders" grep -q "^NAME" "$work/$page.txt"
	for opt in $(options_of "$cmd"); do
		check "$page-documents-$opt" grep -qE -- "(^| )$opt( |,|$)" "$work/$page.txt"
		# and the command takes it: whatever else it says, it is no unknown option
		check "$page-accepts-$opt" sh -c '! "$@" < /dev/null 2>&1 | grep -q "unknown option"' \
			sh rmem ${cmd:+"$cmd"} "$opt"
	done
done
for cmd in $commands; do
	check "rmem.1-lists-$cmd" grep -qE "^       $cmd( |\$)" "$work/rmem.txt"
done

# README's rmem plan block is rmem plan --help's
rmem plan --help | sed -n '/^Arguments and options:$/,/^$/p' | sed '1d;$d' > "$work/plan-options"
check readme-plan-options [ -s "$work/plan-options" ]
while IFS= read -r line; do
	check "readme-has: $line" grep -qxF "    $line" "$here/../../README.md"
done < "$work/plan-options"

# bash: the installed script, sourced, its function called as readline would
completion=$prefix/share/bash-completion/completions/rmem
check bash-installed test -s "$completion"
bcomp() {
	bash --norc --noprofile -c '
		source "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_rmem
		printf "%s\n" "${COMPREPLY[@]}"' "$completion" "$@" | sed "/^$/d" | sort | tr '\n' ' '
}
check bash-registered bash --norc -c 'source "$0" && complete -p rmem | grep -q -- "-F _rmem"' "$completion"
check bash-plan [ "$(bcomp rmem pl)" = "plan " ]
check bash-commands [ "$(bcomp rmem '')" = "$(sorted $commands)" ]
check bash-profiles [ "$(bcomp rmem plan -k arm64-6.1)" = "$(sorted $(grep '^arm64-6\.1' <<<"$profiles"))" ]
check bash-profiles-long [ "$(bcomp rmem sim --kernel '')" = "$(sorted $profiles)" ]
check bash-options [ "$(bcomp rmem plan --)" = "$(sorted $(options_of plan))" ]
check bash-top-options [ "$(bcomp rmem --)" = "$(sorted $(options_of ""))" ]
check bash-format [ "$(bcomp rmem plan --format j)" = "json " ]
check bash-man-pages [ "$(bcomp rmem --man rmem-p)" = "rmem-plan rmem-profiles " ]
check bash-check-format [ "$(bcomp rmem check --format '')" = "json text " ]
check bash-checks [ "$(bcomp rmem check -W no-overlap)" = "no-overlap-unreported " ]
check bash-checks-plan [ "$(bcomp rmem plan --warning cma-d)" = "cma-default-twice cma-default-unusable " ]
# a file argument: nothing from rmem, so that readline completes file names
check bash-files [ -z "$(bcomp rmem plan --config '')" ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
