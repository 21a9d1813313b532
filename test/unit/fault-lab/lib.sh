# shellcheck shell=sh
# Shared by the fault lab's fake tools (bin/) and its driver (driver.sh); sourced, not run.
#
# The fake LVM keeps its state under $FAULT_LVM (a tmpfs of the case's own mount namespace):
#   vg/VG          the VG's tags, one a line
#   lv/VG/LV       one LV: key=value lines (see lv_load)
#   fs/VG/LV/      the LV's filesystem tree; `mount` of /dev/VG/LV bind-mounts it
# An LV exists exactly when its lv/ file does: a fake writes that file last (temp, then rename),
# as LVM commits its metadata at once, so a kill never leaves a half-made LV that LVM would not.
#
# The fault itself: a fake called as a step's own command (not from inside another fake or
# wrapper: FAULT_NESTED unset) calls fault_point when its work is done. While the job's state
# file ends with "begin $FAULT_STEP" (that step began and has not ended) and the fault has not
# fired yet, fault_point tells the driver (through the fifo $FAULT_DIR/ctl) which process group
# to signal, then blocks until the signal ends it: the kill lands after the step did all its
# work and before the job noted it done, the hardest moment for its cleanup.

fail() {
	echo "$FAKE: $*" >&2
	exit "${FAIL_RC:-5}"
}

fault_point() {
	[ -n "${FAULT_STEP:-}" ] && [ -n "${FAULT_STATE:-}" ] || return 0
	[ ! -e "$FAULT_DIR/fired" ] || return 0
	fp_last=''
	while IFS= read -r fp_line; do fp_last=$fp_line; done 2>/dev/null <"$FAULT_STATE" || return 0
	[ "$fp_last" = "begin $FAULT_STEP" ] || return 0
	: >"$FAULT_DIR/fired"
	fp_stat=$(cat /proc/$$/stat)
	fp_stat=${fp_stat##*) }
	# shellcheck disable=SC2086 # fields of /proc/PID/stat: state ppid pgrp ...
	set -- $fp_stat
	printf 'reached %s\n' "$3" >"$FAULT_DIR/ctl"
	# Nobody writes this fifo: the signal ends the wait.
	read -r _ <"$FAULT_DIR/hold"
}

# Whether this process is a step's own command; marks everything it starts as nested.
fault_enter() {
	FAULT_TOP=''
	[ -n "${FAULT_NESTED:-}" ] || FAULT_TOP=1
	FAULT_NESTED=1
	export FAULT_NESTED
}

# The end of a fake's work: the fault point if it is a step's own command.
fault_leave() {
	[ -z "$FAULT_TOP" ] || fault_point
}

# "/dev/VG/LV" -> "VG/LV", or fails as a missing device would.
# shellcheck disable=SC2034 # DEV_LV is for the caller
dev_lv() {
	case $1 in
	/dev/*/*) DEV_LV=${1#/dev/} ;;
	*) FAIL_RC=1 fail "$1: not a device of the fake LVM" ;;
	esac
}

lv_path() {
	printf '%s/lv/%s' "$FAULT_LVM" "$1"
}

lv_exists() {
	[ -f "$FAULT_LVM/lv/$1" ]
}

# Sets lv_segtype lv_pool lv_origin lv_active lv_perm lv_skip lv_open lv_fs lv_uuid lv_csumseed
# lv_tags (comma-separated) from VG/LV's file.
lv_load() {
	lv_segtype='' lv_pool='' lv_origin='' lv_active=n lv_perm=rw lv_skip=n lv_open=n lv_fs=none lv_uuid='' lv_csumseed=n lv_tags=''
	lv_exists "$1" || return 1
	while IFS='=' read -r key value; do
		case $key in
		segtype) lv_segtype=$value ;;
		pool) lv_pool=$value ;;
		origin) lv_origin=$value ;;
		active) lv_active=$value ;;
		perm) lv_perm=$value ;;
		skip) lv_skip=$value ;;
		open) lv_open=$value ;;
		fs) lv_fs=$value ;;
		uuid) lv_uuid=$value ;;
		csumseed) lv_csumseed=$value ;;
		tags) lv_tags=$value ;;
		esac
	done <"$FAULT_LVM/lv/$1"
}

# Written in place: a kill lands only at a fault point, after the fake's work (fault_point).
lv_save() {
	printf 'segtype=%s\npool=%s\norigin=%s\nactive=%s\nperm=%s\nskip=%s\nopen=%s\nfs=%s\nuuid=%s\ncsumseed=%s\ntags=%s\n' \
		"$lv_segtype" "$lv_pool" "$lv_origin" "$lv_active" "$lv_perm" "$lv_skip" "$lv_open" "$lv_fs" "$lv_uuid" \
		"$lv_csumseed" "$lv_tags" >"$FAULT_LVM/lv/$1"
}

# Open: the running system uses it (open=y, from the recorded lv_attr), or its tree is mounted.
# Our bind mounts are of the lab's tmpfs (source "fakelvm"), mounted on $FAULT_LVM, so the bind mounts are rooted at /fs/VG/LV.
lv_in_use() {
	[ "$lv_open" = y ] && return 0
	awk -v root="/fs/$1" '{ for (i = 7; $i != "-"; i++); if ($4 == root && $(i + 2) == "fakelvm") found = 1 } END { exit !found }' /proc/self/mountinfo
}

# $1 list (comma-separated), $2 tag: the list with the tag added once.
tag_add() {
	case ",$1," in
	*",$2,"*) TAGS=$1 ;;
	,,) TAGS=$2 ;;
	*) TAGS=$1,$2 ;;
	esac
}

tag_del() {
	TAGS='' td_rest=$1,
	while [ -n "$td_rest" ]; do
		td_tag=${td_rest%%,*} td_rest=${td_rest#*,}
		[ -z "$td_tag" ] || [ "$td_tag" = "$2" ] || TAGS=${TAGS:+$TAGS,}$td_tag
	done
}

# $1 grubenv file, $2 set|unset, $3 variable, $4 value: grub-editenv's edit, as it writes the
# block: 1024 bytes, padded with "#".
grubenv_edit() {
	ge_out='' ge_done=''
	if [ -f "$1" ]; then
		while IFS= read -r ge_line || [ -n "$ge_line" ]; do
			case $ge_line in
			"$3"=*)
				[ "$2" != set ] || [ -n "$ge_done" ] || ge_out="$ge_out$3=$4
"
				ge_done=1 ;;
			\#\#*) ;;
			*) ge_out="$ge_out$ge_line
" ;;
			esac
		done <"$1"
	else
		ge_out="# GRUB Environment Block
"
	fi
	[ "$2" != set ] || [ -n "$ge_done" ] || ge_out="$ge_out$3=$4
"
	ge_pad=
	while [ $((${#ge_out} + ${#ge_pad})) -lt 1024 ]; do ge_pad="$ge_pad#"; done
	# Rewritten in place, which keeps the file's mode: the mode a job's umask would give a new
	# file is a difference GRUB does not see, and the worlds compare what counts.
	printf '%s%s' "$ge_out" "$ge_pad" >"$1"
}
