# shellcheck shell=bash
# The one host program behind the diff view (src/host/diff.ts runs it as root):
#
#   unshare -m --propagation private bash -c "$(cat imgbased-diff.sh)" imgbased-diff OP VG/OLD VG/NEW [ARG]
#
# It shows both trees read-only in a mount namespace of its own, so no mount outlives it (not
# even after kill -9), does OP, and undoes its activations on the way out. OPs:
#   list          both trees as find -printf records (parsed by src/model/diff/stream.ts)
#   read ESCAPED  one file of both trees: state, size, sha256 and its first bytes (base64).
#                 ESCAPED is the path relative to the roots with \xHH escapes (printf %b), so
#                 any byte string reaches us through Cockpit's UTF-8 argv
#   packages      both trees' package databases (dpkg status, or an rpm query)
#   hashes ESCAPED...  each file's sha256 in both trees (src/model/upgrade/file-hashes.ts), for the
#                 upgrade's conflict check; paths escaped as for read
# Environment: READ_LIMIT (bytes of a file's start that read returns), RPM_QF (rpm --qf format),
# JOB_LOCK and JOB_CURRENT (the jobs' lock and holder files: src/model/plan.ts DEFAULT_JOB_PATHS).
#
# Output: NUL-terminated fields on a binary channel (list: gzip-compressed). A failure exits 3 with a first stderr line
# "@@imgbased-diff CODE SUBJECT" (codes: src/model/diff/errors.ts), then the tool's own words.
#
# Bases skip activation: they are activated with -K for the call and deactivated afterwards. An
# LV mounted already (the booted layer) is bind-mounted instead: ext4 refuses a second mount with
# other options. A record of what we activated (RUN/activated.PID) lets the next call deactivate
# it if this one was killed before it could.
set -u
: "${JOB_LOCK:?}" "${JOB_CURRENT:?}"
op=$1 old_lv=$2 new_lv=$3 arg=${4-}
case $op in list|read|packages|hashes) ;; *) op=usage ;; esac
RUN=/run/imgbased/diff

fail() {  # CODE SUBJECT [DETAIL...]
	local code=$1 subject=$2
	shift 2
	printf '@@imgbased-diff %s %s\n' "$code" "$subject" >&2
	[ $# -eq 0 ] || printf '%s\n' "$@" >&2
	exit 3
}

[ "$op" != usage ] || fail usage "$1"
mkdir -p "$RUN" || fail setup "$RUN"
exec 8>>"$RUN/lock" || fail setup "$RUN/lock"
flock -w 120 8 || fail busy diff
# A job changes the layout: wait for it rather than read half of its work.
if [ -e "$JOB_LOCK" ] && exec 7<"$JOB_LOCK"; then
	flock -n 7 || fail job-running "$(cat "$JOB_CURRENT" 2>/dev/null || echo unknown)"
	exec 7<&-
fi

deactivate() {  # VG/LV: a few tries, as udev may still hold a device it is probing
	# (on a loaded host for seconds; this runs after the answer, so waiting costs no one)
	local try
	for try in 1 2 3 4 5; do
		lvchange -an -- "$1" >/dev/null 2>&1 && return 0
		udevadm settle --timeout=5 2>/dev/null
		sleep "$try"
	done
	return 1
}

undo_activations() {  # RECORD: deactivates what it lists; keeps what failed for the next call
	local lv left=()
	while IFS= read -r lv; do deactivate "$lv" || left+=("$lv"); done <"$1"
	if [ ${#left[@]} -eq 0 ]; then
		rm -f -- "$1"
	else
		printf '%s\n' "${left[@]}" >"$1"
	fi
}

# A record whose process is gone: that call was killed before it could deactivate what it
# activated (or could not: lvchange refuses an LV that is open). Try again now.
for rec in "$RUN"/activated.*; do
	[ -e "$rec" ] || continue
	kill -0 "${rec##*.}" 2>/dev/null && continue
	undo_activations "$rec"
done
# Its work space is an empty directory here (the tmpfs on it died with its namespace).
for dir in "$RUN"/[0-9]*; do
	[ -d "$dir" ] && ! kill -0 "${dir##*/}" 2>/dev/null && rmdir -- "$dir" 2>/dev/null
done

record=$RUN/activated.$$
# Our work space: a tmpfs in our namespace, so it and everything in it vanish with us.
WORK=$RUN/$$
{ mkdir -p -- "$WORK" && mount -t tmpfs -o mode=0700 imgbased-diff "$WORK"; } || fail setup "$WORK"
mounts=() walkers=()
cleanup() {
	local m
	# Told to stop (a closed page ends the session): finish cleaning up first.
	trap '' TERM HUP INT PIPE
	# The listing's walks would outlive us, holding the lock (fd 8) and the mounts busy, so the
	# next call waited for them and the base could not be deactivated: they end with us.
	if [ ${#walkers[@]} -gt 0 ]; then
		kill -- "${walkers[@]}" 2>/dev/null
		wait -- "${walkers[@]}" 2>/dev/null
	fi
	# Lazily when busy (a reader not yet gone): the mounts are only in our namespace, which
	# goes with us, and the work space directory must not stay behind in /run.
	for m in "${mounts[@]}"; do umount -- "$m" 2>/dev/null || umount -l -- "$m" 2>/dev/null; done
	umount -- "$WORK" 2>/dev/null || umount -l -- "$WORK" 2>/dev/null
	rmdir -- "$WORK" 2>/dev/null
	[ ! -e "$record" ] || undo_activations "$record"
}
trap cleanup EXIT
trap 'exit 143' TERM HUP INT PIPE

show() {  # SIDE VG/LV: the LV, read-only, at $WORK/SIDE
	local side=$1 lv=$2 dev=/dev/$2 dir=$WORK/$1 where fstype opts out
	[[ $lv =~ ^[A-Za-z0-9+_][A-Za-z0-9+_.-]*/[A-Za-z0-9+_][A-Za-z0-9+_.-]*$ ]] || fail usage "$lv"
	mkdir -p -- "$dir" || fail setup "$dir"
	where=$(findmnt -rn -o TARGET,FSROOT -S "$dev" 2>/dev/null | awk '$2 == "/" { print $1; exit }')
	if [ -n "$where" ]; then
		out=$(mount --bind -- "$where" "$dir" 2>&1) || fail mount "$lv" "$out"
		mounts+=("$dir")
		out=$(mount -o remount,bind,ro -- "$dir" 2>&1) || fail mount "$lv" "$out"
		return
	fi
	# LVM links /dev/VG/LV while an LV is active: no lvs round trip needed to know.
	if [ ! -e "$dev" ]; then
		echo "$lv" >>"$record"
		if ! out=$(lvchange -ay -K -- "$lv" 2>&1); then
			case $out in *"Failed to find logical volume"*) fail no-lv "$lv" ;; esac
			fail activate "$lv" "$out"
		fi
	fi
	fstype=$(blkid -o value -s TYPE -- "$dev" 2>/dev/null)
	case $fstype in
	ext4|ext3) opts=ro,noload ;;
	xfs) opts=ro,norecovery,nouuid ;;
	*) opts=ro ;;
	esac
	out=$(mount -o "$opts" -- "$dev" "$dir" 2>&1) || fail mount "$lv" "$out"
	mounts+=("$dir")
}

show old "$old_lv"
show new "$new_lv"

case $op in
list)
	# Both walks at once (they wait on different disks' metadata), then one gzip -1 stream:
	# the listing is ~120 bytes a file and compresses 7:1 for little CPU. The walks end with us
	# even when we are killed outright, which runs no trap (a closed session's end under load
	# did so in CI): the kernel sends them TERM as we die, where setpriv can ask for that
	# (util-linux 2.33 and later; without it, the EXIT trap's kill is all there is).
	with_us=()
	if setpriv --help 2>/dev/null | grep -q -- --pdeathsig; then with_us=(setpriv --pdeathsig TERM --); fi
	for side in old new; do
		"${with_us[@]}" find "$WORK/$side" -xdev -printf "e\0$side\0%y\0%i\0%C@\0%T@\0%s\0%m\0%U\0%G\0%P\0%l\0" \
			>"$WORK/$side.list" 2>"$WORK/$side.errs" &
		walkers+=("$!")
	done
	wait
	walkers=()
	{
		cat -- "$WORK/old.list" "$WORK/new.list"
		for side in old new; do
			while IFS= read -r line; do printf 'w\0%s\0%s\0' "$side" "${line//"$WORK/$side"\//}"; done <"$WORK/$side.errs"
		done
	} | gzip -1 ;;
read)
	relative "$arg"
	for side in old new; do content_record "$side" "$WORK/$side"; done ;;
packages)
	for side in old new; do
		root=$WORK/$side
		if [ -f "$root/var/lib/dpkg/status" ]; then
			printf 'p\0%s\0dpkg\0' "$side"
			base64 -w0 <"$root/var/lib/dpkg/status"
			printf '\0'
		elif [ -d "$root/usr/lib/sysimage/rpm" ] || [ -d "$root/var/lib/rpm" ]; then
			if command -v rpm >/dev/null; then
				printf 'p\0%s\0rpm\0' "$side"
				rpm --root "$root" -qa --qf "$RPM_QF" 2>/dev/null | base64 -w0
				printf '\0'
			else
				printf 'p\0%s\0rpm-missing\0\0' "$side"
			fi
		else
			printf 'p\0%s\0none\0\0' "$side"
		fi
	done ;;
hashes)
	shift 3
	hash_records old "$WORK/old" "$@"
	hash_records new "$WORK/new" "$@" ;;
*)
	# An op let through above without a branch here would answer nothing, and look like an
	# empty answer: fail instead.
	fail usage "$op" ;;
esac

# Answered: the caller need not wait for the unmounts and the deactivation. They go on in the
# background, holding the lock, so the next call waits for them (and the one after a kill
# finds the record).
trap - EXIT
cleanup </dev/null >/dev/null 2>&1 &
exit 0
