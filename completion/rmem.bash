# SPDX-License-Identifier: GPL-2.0-only
#
# bash completion for rmem: its commands, options, kernel profiles, formats
# and checks, read from the rmem being completed (rmem --help, rmem COMMAND
# --help, rmem profiles --names, rmem check --list), so that they are that
# rmem's.  Installed
# as share/bash-completion/completions/rmem; BOARD, TRACE and FILE complete
# as file names.

# _rmem_run ARGS...: the rmem of the command line being completed, quietly
_rmem_run()
{
	local rmem=${COMP_WORDS[0]}

	[[ $rmem == "~/"* ]] && rmem=$HOME/${rmem#"~/"}
	"$rmem" "$@" 2>/dev/null
}

# the commands: the first words of the lines under "Commands:" of rmem --help
_rmem_commands()
{
	_rmem_run --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }'
}

# the long options of COMMAND (none: rmem's own), from its --help
_rmem_options()
{
	_rmem_run ${1:+"$1"} --help | sed -nE 's/^  (-[A-Za-z],|   ) (--[a-z0-9-]+).*/\2/p'
}

# the values OPTION of COMMAND takes when --help spells them "a|b|c"
_rmem_choices()
{
	_rmem_run "$1" --help | sed -nE "s/^  (-[A-Za-z],|   ) $2 ([a-z0-9-]+(\|[a-z0-9-]+)+)( .*)?$/\2/p" | tr '|' '\n'
}

# the checks -W takes: each id of rmem check --list, and its no- form
_rmem_checks()
{
	_rmem_run check --list | awk '{ print $1; print "no-" $1 } END { print "all"; print "no-all" }'
}

# the built-in kernel profiles: rmem profiles --names, or the first column of rmem profiles
_rmem_profiles()
{
	_rmem_run profiles --names || _rmem_run profiles | awk '{ print $1 }'
}

_rmem()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} cmd= i words

	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			cmd=${COMP_WORDS[i]}
			break
		fi
	done
	if [[ -z $cmd && $prev == --man ]]; then
		words="rmem $(_rmem_commands | sed 's/^/rmem-/')"
	elif [[ -z $cmd && $cur == -* ]]; then
		words=$(_rmem_options)
	elif [[ -z $cmd ]]; then
		words=$(_rmem_commands)
	elif [[ $prev == -k || $prev == --kernel ]]; then
		words=$(_rmem_profiles)
	elif [[ $prev == -W || $prev == --warning ]]; then
		words=$(_rmem_checks)
	elif [[ $prev == --* ]] && words=$(_rmem_choices "$cmd" "$prev") && [[ -n $words ]]; then
		:
	elif [[ $cur == -* ]]; then
		words=$(_rmem_options "$cmd")
	else
		return 0	# a BOARD, TRACE or FILE: complete -o default gives file names
	fi
	mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
}

complete -o default -F _rmem rmem
