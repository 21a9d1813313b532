# shellcheck shell=bash
# Reads the persist whitelist and checks entries on the host (src/host/persist.ts runs it):
#
#   bash -c "$(cat imgbased-persist.sh)" imgbased-persist files DIR
#   bash -c "$(cat imgbased-persist.sh)" imgbased-persist check PATTERN PREFIX [PATTERN PREFIX...]
#
# files: every DIR/*.conf, in the shell's (byte) order: f NAME BASE64_CONTENT
# check: for each PATTERN (a glob) with its PREFIX (the part before the first glob character):
#        k PATTERN REAL_PREFIX MATCHES FILES BYTES   then up to 5 sample matches: s PATH
#        REAL_PREFIX is PREFIX with symlinks resolved: when it differs, the entry passes through
#        a symlink (the copy could land outside the path the admin named). A matched directory
#        counts the files (and links) below it and their bytes.
# Output: NUL-terminated fields (names are bytes; parsed by src/model/persist-probe.ts).
set -u
op=$1
shift
case $op in
files)
	shopt -s nullglob
	for f in "$1"/*.conf; do
		[ -f "$f" ] || continue
		printf 'f\0%s\0' "${f##*/}"
		base64 -w0 -- "$f"
		printf '\0'
	done ;;
check)
	# No dotglob: the carry expands patterns with dash, where "*" skips names starting with ".".
	shopt -s nullglob
	while [ $# -ge 2 ]; do
		pattern=$1 prefix=$2
		shift 2
		real=$(realpath -m -- "$prefix"; echo .)
		real=${real%?.}
		# Pathname expansion without word splitting: names with spaces stay whole.
		IFS=
		# shellcheck disable=SC2206
		candidates=( $pattern )
		unset IFS
		matches=()
		for m in "${candidates[@]}"; do
			if [ -e "$m" ] || [ -L "$m" ]; then matches+=("$m"); fi
		done
		files=0 bytes=0
		for m in "${matches[@]}"; do
			if [ -d "$m" ] && [ ! -L "$m" ]; then
				read -r n b < <(find "$m" -xdev ! -type d -printf '%s\n' | awk '{ n++; s += $1 } END { print n + 0, s + 0 }')
			else
				n=1
				b=$(stat -c %s -- "$m")
			fi
			files=$((files + n)) bytes=$((bytes + b))
		done
		printf 'k\0%s\0%s\0%s\0%s\0%s\0' "$pattern" "$real" "${#matches[@]}" "$files" "$bytes"
		for m in "${matches[@]:0:5}"; do printf 's\0%s\0' "$m"; done
	done ;;
*)
	echo "usage: imgbased-persist files DIR | check PATTERN PREFIX..." >&2
	exit 2 ;;
esac
