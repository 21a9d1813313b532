# shellcheck shell=bash
# Functions both host programs use on a mounted tree (prepended to each by src/host/*.ts); the
# program that uses them defines fail CODE DETAIL.
#
# Both set a variable rather than print: a command substitution would lose a name's trailing
# newlines, and fail's exit would only end the subshell.
relative() {  # ESCAPED → rel: the path relative to the roots, as bytes; no way out of them
	printf -v rel '%b' "$1"
	case /$rel/ in */../*|*/./*|//) fail bad-path "$1" ;; esac
}

# shellcheck disable=SC2034  # state is read by the program this is prepended to
regular() {  # ROOT FILE [REAL] → state: ok, missing or not-regular; REAL: FILE's realpath, if known
	local real=${3-}
	if [ ! -e "$2" ] && [ ! -L "$2" ]; then
		state=missing
		return
	fi
	# A path through a symlink could leave the tree (an absolute link resolves on the host):
	# the real path must stay under the root, and the file itself must not be a link.
	if [ $# -lt 3 ]; then
		real=$(realpath -e -- "$2" 2>/dev/null; echo .)
		real=${real%?.}
	fi
	if [ -L "$2" ] || [ ! -f "$2" ] || [ "${real#"$1"/}" = "$real" ]; then
		state=not-regular
	else
		state=ok
	fi
}

hash_records() {  # SIDE ROOT ESCAPED...: each path's "s" record (src/model/upgrade/file-hashes.ts), numbered from 0
	# Two processes for all the paths (one realpath, one sha256sum), not two a path: forks are
	# what a long list costs, most of all under emulation. The rules are regular()'s, given the
	# real paths from the one realpath.
	local side=$1 root=$2 i escaped real sum name state
	# Bytes, not characters: in a UTF-8 locale read -d '' loses the record after a non-UTF-8 name.
	local LC_ALL=C
	shift 2
	local -a files=() reals=() states=() regular_files=()
	local -A sums=()
	for escaped in "$@"; do
		relative "$escaped"
		files+=("$root/$rel")
	done
	[ ${#files[@]} -gt 0 ] || return 0
	while IFS= read -r -d '' real; do reals+=("$real"); done < <(realpath -m -z -- "${files[@]}" 2>/dev/null)
	for ((i = 0; i < ${#files[@]}; i++)); do
		regular "$root" "${files[i]}" "${reals[i]}"
		states+=("$state")
		[ "$state" != ok ] || regular_files+=("${files[i]}")
	done
	# "HEX  NAME", NUL-terminated and unescaped (-z); a file it cannot read is left out.
	if [ ${#regular_files[@]} -gt 0 ]; then
		while IFS= read -r -d '' sum; do
			name=${sum#*  }
			sums[$name]=${sum%%  *}
		done < <(sha256sum -z -- "${regular_files[@]}" 2>/dev/null)
	fi
	for ((i = 0; i < ${#files[@]}; i++)); do
		if [ "${states[i]}" != ok ]; then
			printf 's\0%s\0%s\0%s\0' "$side" "$i" "${states[i]}"
		elif [ -n "${sums[${files[i]}]+set}" ]; then
			printf 's\0%s\0%s\0ok\0%s\0' "$side" "$i" "${sums[${files[i]}]}"
		else
			printf 's\0%s\0%s\0unreadable\0%s\0' "$side" "$i" "$(sha256sum -- "${files[i]}" 2>&1 >/dev/null | sed 's/^[^:]*: //' | head -n 1)"
		fi
	done
}

content_record() {  # SIDE ROOT: rel's "c" record (src/model/diff/stream.ts): state, size, sha256, its first READ_LIMIT bytes
	local side=$1 file=$2/$rel sum state
	regular "$2" "$file"
	if [ "$state" != ok ]; then
		printf 'c\0%s\0%s\0' "$side" "$state"
		return
	fi
	if ! sum=$(sha256sum <"$file" 2>&1); then
		printf 'c\0%s\0unreadable\0%s\0' "$side" "${sum##*: }"
		return
	fi
	printf 'c\0%s\0ok\0%s\0%s\0' "$side" "$(stat -c %s -- "$file")" "${sum%% *}"
	head -c "$READ_LIMIT" -- "$file" | base64 -w0
	printf '\0'
}
