# Functions both host programs use on a mounted tree (prepended to each by src/host/*.ts); the
# program that uses them defines fail CODE DETAIL.
#
# Both set a variable rather than print: a command substitution would lose a name's trailing
# newlines, and fail's exit would only end the subshell.
relative() {  # ESCAPED → rel: the path relative to the roots, as bytes; no way out of them
	printf -v rel '%b' "$1"
	case /$rel/ in */../*|*/./*|//) fail bad-path "$1" ;; esac
}

regular() {  # ROOT FILE → state: ok, missing or not-regular
	local real
	if [ ! -e "$2" ] && [ ! -L "$2" ]; then
		state=missing
		return
	fi
	# A path through a symlink could leave the tree (an absolute link resolves on the host):
	# the real path must stay under the root, and the file itself must not be a link.
	real=$(realpath -e -- "$2" 2>/dev/null; echo .)
	real=${real%?.}
	if [ -L "$2" ] || [ ! -f "$2" ] || [ "${real#"$1"/}" = "$real" ]; then
		state=not-regular
	else
		state=ok
	fi
}

hash_record() {  # SIDE INDEX ROOT FILE: the file's "s" record (src/model/upgrade/file-hashes.ts)
	local sum
	regular "$3" "$4"
	if [ "$state" != ok ]; then
		printf 's\0%s\0%s\0%s\0' "$1" "$2" "$state"
	elif sum=$(sha256sum <"$4" 2>&1); then
		printf 's\0%s\0%s\0ok\0%s\0' "$1" "$2" "${sum%% *}"
	else
		printf 's\0%s\0%s\0unreadable\0%s\0' "$1" "$2" "${sum##*: }"
	fi
}

hash_records() {  # SIDE ROOT ESCAPED...: hash_record for each path, numbered from 0
	local side=$1 root=$2 i=0 escaped
	shift 2
	for escaped in "$@"; do
		relative "$escaped"
		hash_record "$side" "$i" "$root" "$root/$rel"
		i=$((i + 1))
	done
}
