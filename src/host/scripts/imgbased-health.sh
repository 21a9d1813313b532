#!/bin/sh
# shellcheck shell=sh
# The health checks of this boot (issue 13). Our jobs install it into every layer they make as
# /usr/local/libexec/imgbased-health, and imgbased-health.service runs it once per boot, after
# multi-user.target (src/model/actions/health-steps.ts):
#
#   imgbased-health              the checks, and the trial's decision
#   imgbased-health --watchdog   early in every boot (imgbased-health-watchdog.service): on a
#                                trial boot, arm the boot timeout (below); else nothing
#
# It runs the checks, writes this boot's report and, when the upgrade job left a trial, decides
# it: a green trial boot makes its layer the default, a red one reboots into the previous default,
# and a trial whose layer is not the one booted never came up. src/model/trial.ts reads all of it.
#
# Environment (the unit tests point them at scratch files):
#   IMGBASED_HEALTH_STATE    /boot/imgbased   host-wide state, on the one filesystem every layer sees
#   IMGBASED_HEALTH_CONF     /etc/imgbased    this layer's config: health.conf, health.d/
#   IMGBASED_HEALTH_CMDLINE  /proc/cmdline
# The booted layer L is the command line's img.bootid=L.
#
# CONF/health.conf, "key = value" lines, # starts a comment; every key optional, a later line
# wins; a line it cannot read is a failed check "builtin config", with the line:
#   units = ssh.service cockpit.socket    units that must be active (this is the default; an
#                                         empty list checks none)
#   check-timeout = 60                    seconds each admin check may take
#   grace = 120                           seconds between a red trial and its reboot
#   boot-timeout = 900                    seconds a trial boot may take to decide its trial
#
# Checks, in this order (status ok | failed | warning | skipped, kind, name):
#   builtin config   only when health.conf has lines it cannot read: failed
#   builtin root     root= is /dev/VG/L and is the device mounted on / (skipped without img.bootid)
#   builtin boot     /boot is mounted when fstab has it (skipped when it has not)
#   unit NAME        for each of units: systemctl is-active says active
#   builtin system   systemctl is-system-running: maintenance or stopping fail, degraded warns
#   required NAME    each executable file in CONF/health.d/required.d/, by name (C locale), run
#                    under timeout with no input: a non-zero exit fails. NAME is the file's name
#                    with bytes other than A-Z a-z 0-9 . _ + @ : = , - made "_" (one word)
#   wanted NAME      the same from CONF/health.d/wanted.d/: a non-zero exit warns
# The verdict is red if any check failed, else green. A check's output is kept to 20 lines of at
# most 300 bytes, then "(N more lines)".
#
# STATE/health/L.txt (unknown.txt without an L): the report of this boot, replaced atomically:
#   run EPOCH L|- green|red
#   check STATUS KIND NAME
#   | OUTPUT LINE
#   ...
#
# STATE/trial, written by the upgrade job before its boot-once switch: key=value lines
#   job= layer= entry= (the menu id to make the default) backend= (grub-debian | grub2-bls |
#   systemd-boot) fallback= (the layer booted when the trial fails) planned= (epoch)
# job, layer, entry and fallback must be words of A-Z a-z 0-9 . _ + - and must not start with "-"
# (they become arguments of grub-set-default and bootctl, where "-h" would read as an option and
# succeed doing nothing); a file that fails that is moved to STATE/trial.bad, and there is no trial.
#
# STATE/trials: the results, one line each, tab-separated, newest last, at most 50:
#   EPOCH JOB LAYER passed|failed|did-not-come-up FALLBACK DETAIL
# DETAIL: for failed, the failed checks as KIND:NAME separated by spaces (or "promote"); else empty.
# With a trial:
#   its layer booted, green: make its entry the default (promote), record passed, remove the trial
#   its layer booted, red (or the promote failed): record failed, remove the trial, and reboot after
#     the grace (systemd-run; the boot-once choice is used up, so that is the previous default),
#     told to everyone logged in (wall) with how to stop it
#   another layer booted: record did-not-come-up, remove the trial
# Each step can be run again: a crash anywhere is finished by the next boot (the promote comes
# first and is idempotent; a job already in the results is not added twice).
# The boot timeout: a trial boot that hangs never gets to its checks, so --watchdog, run early,
# starts a timer (imgbased-trial-timeout) that forces a reboot after boot-timeout seconds, and the
# checks stop it when they decide the trial of this layer. A panic before that is the kernel's
# panic= (the upgrade's trial entry has it). Either way the previous default boots, and it finds
# the trial never came up.
#
# stdout: one line, "imgbased-health: L: green" or "imgbased-health: L: red (failed: KIND:NAME...)";
# what it did with a trial goes to stderr. Exit status: 0 green, 1 red.
set -u
watchdog=
case ${1:-} in
--watchdog) watchdog=1 ;;
'') ;;
*) echo "usage: imgbased-health [--watchdog]" >&2; exit 2 ;;
esac
# Byte-wise patterns and C-locale name order for the admin's checks, in dash and bash alike.
LC_ALL=C
export LC_ALL
STATE=${IMGBASED_HEALTH_STATE:-/boot/imgbased}
CONF=${IMGBASED_HEALTH_CONF:-/etc/imgbased}
CMDLINE=${IMGBASED_HEALTH_CMDLINE:-/proc/cmdline}
TAB=$(printf '\t')
now=$(date +%s)

work=$(mktemp -d) || exit 1
trap 'rm -rf -- "$work"' EXIT
# dash runs the EXIT trap on exit only: a signal must end the shell through exit.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
: >"$work/checks"
failed=

log() {
	printf 'imgbased-health: %s\n' "$*" >&2
}

# A word the trial file and the boot ids may hold (src/model/trial.ts WORD), not an option.
is_word() {
	case $1 in
	'' | -* | *[!A-Za-z0-9._+-]*) return 1 ;;
	esac
}

# note LINE...: the output of the check about to be recorded.
note() {
	printf '%s\n' "$@" >"$work/out"
}

# record STATUS KIND NAME [FILE]: one check into the report, FILE's content as its output, cut
# to 20 lines of 300 bytes (NUL bytes dropped, and what is not UTF-8, a character cut in two
# included: the report is text, and the page reads it as such).
record() {
	printf 'check %s %s %s\n' "$1" "$2" "$3" >>"$work/checks"
	if [ "$1" = failed ]; then failed="${failed:+$failed }$2:$3"; fi
	[ $# -ge 4 ] && [ -s "$4" ] || return 0
	lines=$(wc -l <"$4")
	# A last line without its newline counts too.
	[ "$(tail -c 1 "$4" | wc -l)" -eq 1 ] || lines=$((lines + 1))
	head -n 20 "$4" | tr -d '\000' | cut -b 1-300 | { iconv -c -f UTF-8 -t UTF-8 2>/dev/null || :; } | while IFS= read -r line || [ -n "$line" ]; do
		printf '| %s\n' "$line"
	done >>"$work/checks"
	if [ "$lines" -gt 20 ]; then printf '| (%s more lines)\n' "$((lines - 20))" >>"$work/checks"; fi
}

# put FILE: stdin into FILE so that a crash leaves the old or the new one: a temp file in the
# same directory, synced, renamed over it, and the directory synced. Mode 0644 (mktemp makes
# 0600): the page reads reports and results as the logged-in user, admin or not.
put() {
	dir=${1%/*}
	tmp=$(mktemp -- "$dir/.${1##*/}.XXXXXX") || return 1
	if cat >"$tmp" && chmod 0644 -- "$tmp" && sync -- "$tmp" && mv -f -- "$tmp" "$1" && sync -- "$dir"; then
		return 0
	fi
	rm -f -- "$tmp"
	return 1
}

# --- The command line: this boot's layer and root device -----------------------------------
bootid='' root='' L=''
cmdline=$(cat -- "$CMDLINE")
set -f
# shellcheck disable=SC2086 # split into words, without globbing
set -- $cmdline
set +f
for word; do
	case $word in
	img.bootid=*) bootid=${word#img.bootid=} ;;
	root=*) root=${word#root=} ;;
	esac
done
if is_word "$bootid"; then L=$bootid; fi

# --- The trial, read before the checks ------------------------------------------------------
# Read first: an upgrade started while the checks run writes the next boot's trial, which this
# boot must not take for its own (see the decision below).
trial=$STATE/trial
has_trial=
if [ -e "$trial" ] || [ -L "$trial" ]; then
	job='' layer='' entry='' backend='' fallback='' why=''
	if [ -f "$trial" ]; then
		# As src/model/trial.ts parseTrial reads it: a later line wins, other lines are ignored.
		while IFS= read -r line || [ -n "$line" ]; do
			value=${line#*=}
			case $line in
			job=*) job=$value ;;
			layer=*) layer=$value ;;
			entry=*) entry=$value ;;
			backend=*) backend=$value ;;
			fallback=*) fallback=$value ;;
			esac
		done <"$trial"
		for key in job layer entry fallback; do
			eval "value=\$$key"
			is_word "$value" || why="${why:+$why, }bad $key ($value)"
		done
		case $backend in
		grub-debian | grub2-bls | systemd-boot) ;;
		*) why="${why:+$why, }bad backend ($backend)" ;;
		esac
	else
		why="not a regular file"
	fi
	if [ -n "$why" ]; then
		if mv -f -- "$trial" "$STATE/trial.bad" && sync -- "$STATE"; then
			log "$trial: $why: moved to $STATE/trial.bad"
		else
			log "$trial: $why: could not move it aside"
		fi
	else
		has_trial=1
	fi
fi

# --- Config ---------------------------------------------------------------------------------
units="ssh.service cockpit.socket" check_timeout=60 grace=120 boot_timeout=900
: >"$work/config"
conf=$CONF/health.conf
if [ -e "$conf" ] && ! [ -r "$conf" ] || [ -d "$conf" ]; then
	printf 'cannot read %s\n' "$conf" >>"$work/config"
elif [ -e "$conf" ]; then
	n=0
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		content=${line%%#*}
		# Units and numbers hold no "#" and no blanks: a comment may follow a value too.
		case $content in *[!" $TAB"]*) ;; *) continue ;; esac
		key=${content%%=*} value=${content#*=}
		key=${key#"${key%%[!" $TAB"]*}"} key=${key%"${key##*[!" $TAB"]}"}
		value=${value#"${value%%[!" $TAB"]*}"} value=${value%"${value##*[!" $TAB"]}"}
		ok=
		case $content in
		*=*)
			case $key in
			units)
				ok=1
				set -f
				# shellcheck disable=SC2086 # a list of words
				set -- $value
				set +f
				for u; do
					# Unit names: systemd's characters (and "-.mount" starts with "-": "--" below).
					case $u in *[!A-Za-z0-9:_.@\\-]*) ok= ;; esac
				done
				if [ -n "$ok" ]; then units=$value; fi ;;
			check-timeout)
				# At least 1: timeout(1) takes 0 as no limit at all.
				case $value in '' | 0* | *[!0-9]*) ;; *) ok=1 check_timeout=$value ;; esac ;;
			grace)
				case $value in 0) ok=1 grace=0 ;; '' | 0* | *[!0-9]*) ;; *) ok=1 grace=$value ;; esac ;;
			boot-timeout)
				case $value in '' | 0* | *[!0-9]*) ;; *) ok=1 boot_timeout=$value ;; esac ;;
			esac ;;
		esac
		if [ -z "$ok" ]; then printf 'line %s: %s\n' "$n" "$line" >>"$work/config"; fi
	done <"$conf"
fi
if [ -s "$work/config" ]; then record failed builtin config "$work/config"; fi

# --- --watchdog: the boot timeout of a trial boot, and nothing more ------------------------------
if [ -n "$watchdog" ]; then
	if [ -n "$has_trial" ] && [ "$layer" = "$L" ]; then
		# No default dependencies for the timer or its service: a timer waits for sysinit.target,
		# which waits for this unit, and systemd-run waits for the timer (a deadlock, seen in the
		# lab); and a boot stuck before basic.target would never start the reboot. --no-block: the
		# start is queued, not waited for, whatever is ordered around this unit.
		if systemd-run --unit=imgbased-trial-timeout --no-block --property=DefaultDependencies=no --timer-property=DefaultDependencies=no \
			--on-active="${boot_timeout}s" --timer-property=AccuracySec=1s systemctl reboot --force >"$work/out" 2>&1; then
			log "trial $job of $layer: this boot reboots by itself unless its checks decide it within $boot_timeout seconds"
		else
			log "trial $job of $layer: could not arm the boot timeout: $(cat -- "$work/out")"
			exit 1
		fi
	fi
	exit 0
fi

# --- 1. root: the device the entry booted is the one on / ----------------------------------
if [ -z "$bootid" ]; then
	note "not booted from an imgbased entry"
	record skipped builtin root "$work/out"
elif [ -z "$L" ]; then
	note "img.bootid=$bootid is not a layer name"
	record failed builtin root "$work/out"
else
	vg=${root#/dev/}
	vg=${vg%/*}
	case $root in
	/dev/*/*) ;;
	*) vg= ;;
	esac
	case $vg in */*) vg= ;; esac
	source=$(findmnt -n -o SOURCE /)
	want='' have=''
	if [ -n "$root" ]; then want=$(readlink -f -- "$root"); fi
	if [ -n "$source" ]; then have=$(readlink -f -- "$source"); fi
	if [ -z "$vg" ] || [ "${root##*/}" != "$L" ]; then
		note "root=$root is not /dev/VG/$L (img.bootid=$L)" "/ is mounted from ${source:-nothing} (${have:-not found})"
		record failed builtin root "$work/out"
	elif [ -z "$want" ] || [ "$want" != "$have" ]; then
		note "root=$root is ${want:-not found}" "/ is mounted from ${source:-nothing} (${have:-not found})"
		record failed builtin root "$work/out"
	else
		note "root=$root is $want, mounted on /"
		record ok builtin root "$work/out"
	fi
fi

# --- 2. boot: /boot is mounted when fstab says it should be --------------------------------
if findmnt --fstab -n /boot >/dev/null 2>&1; then
	if findmnt -n /boot >"$work/out" 2>&1; then
		record ok builtin boot "$work/out"
	else
		note "/boot is in fstab but not mounted"
		record failed builtin boot "$work/out"
	fi
else
	note "no /boot in fstab"
	record skipped builtin boot "$work/out"
fi

# --- 3. units that must be active ------------------------------------------------------------
set -f
# shellcheck disable=SC2086 # the configured list of words
set -- $units
set +f
for u; do
	state=$(systemctl is-active -- "$u" 2>/dev/null)
	if [ "$state" = active ]; then
		record ok unit "$u"
	else
		{
			printf 'state: %s\n' "${state:-unknown}"
			systemctl status --no-pager --lines=5 -- "$u" 2>&1
		} >"$work/out"
		record failed unit "$u" "$work/out"
	fi
done

# --- 4. system: systemd's own view ---------------------------------------------------------
state=$(systemctl is-system-running 2>/dev/null)
note "state: ${state:-unknown}"
# This unit is part of the boot it checks, so systemd still says "starting" while it runs:
# failed units then are what "degraded" would report once it ends.
systemctl --failed --no-legend --plain >"$work/failed" 2>&1
case $state in
maintenance | stopping) record failed builtin system "$work/out" ;;
degraded | starting)
	if [ -s "$work/failed" ]; then
		cat -- "$work/failed" >>"$work/out"
		record warning builtin system "$work/out"
	else
		record ok builtin system "$work/out"
	fi ;;
*) record ok builtin system "$work/out" ;;
esac

# --- 5, 6. the admin's checks ----------------------------------------------------------------
# run_checks KIND STATUS-ON-FAILURE: each executable regular file of CONF/health.d/KIND.d.
run_checks() {
	for f in "$CONF/health.d/$1.d"/*; do
		if ! [ -f "$f" ] || ! [ -x "$f" ]; then continue; fi
		# The name goes into the report's check line and the results' detail: one word.
		name=$(printf '%s' "${f##*/}" | tr -c 'A-Za-z0-9._+@:=,-' '_')
		timeout -k 5 "$check_timeout" "$f" </dev/null >"$work/run" 2>&1
		rc=$?
		case $rc in
		0) : >"$work/out" ;;
		124) note "timed out after ${check_timeout}s" ;;
		*) note "exit status $rc" ;;
		esac
		cat -- "$work/run" >>"$work/out"
		if [ "$rc" -eq 0 ]; then
			record ok "$1" "$name" "$work/out"
		else
			record "$2" "$1" "$name" "$work/out"
		fi
	done
}
run_checks required failed
run_checks wanted warning

# promote: the trial's entry becomes the default entry. Setting it again is harmless.
promote() {
	case $backend in
	grub-debian) grub-set-default "$entry" ;;
	grub2-bls) grub2-set-default "$entry" ;;
	systemd-boot) bootctl set-default "$entry" ;;
	esac
}
# The trial file still the one read before the checks? Replaced meanwhile, it is the next boot's.
if [ -n "$has_trial" ] && ! grep -qxF -- "job=$job" "$trial" 2>/dev/null; then
	log "trial $job of $layer was replaced while the checks ran: the new one is left to its boot"
	has_trial=
fi
# This boot got to its checks: its trial no longer needs the boot timeout, whatever they decide.
if [ -n "$has_trial" ] && [ "$layer" = "$L" ]; then
	systemctl stop imgbased-trial-timeout.timer >/dev/null 2>&1 || :
fi
# The results' detail of a failed trial: its failed checks, or "promote" when that failed.
detail=$failed
if [ -n "$has_trial" ] && [ "$layer" = "$L" ] && [ -z "$failed" ]; then
	if ! promote </dev/null >"$work/out" 2>&1; then
		record failed builtin promote "$work/out"
		detail=promote
	fi
fi

verdict=green
if [ -n "$failed" ]; then verdict=red; fi

# --- The report of this boot ------------------------------------------------------------------
# Before the trial's record and removal: what a result says failed is in the report by then.
if mkdir -p -- "$STATE/health" &&
	{ printf 'run %s %s %s\n' "$now" "${L:--}" "$verdict"; cat -- "$work/checks"; } | put "$STATE/health/${L:-unknown}.txt"; then
	:
else
	log "could not write the report $STATE/health/${L:-unknown}.txt"
fi

# append_result RESULT DETAIL: the trial's line in the results, unless its job has one already
# (a crash between this and the trial's removal must not give two), keeping the newest 50.
append_result() {
	results=$STATE/trials
	if [ -f "$results" ]; then
		while IFS=$TAB read -r _time logged _rest || [ -n "$_time" ]; do
			if [ "$logged" = "$job" ]; then
				log "trial $job of $layer: $1 (already recorded)"
				return 0
			fi
		done <"$results"
	fi
	log "trial $job of $layer: $1${2:+ ($2)}"
	{
		if [ -f "$results" ]; then tail -n 49 -- "$results"; fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date +%s)" "$job" "$layer" "$1" "$fallback" "$2"
	} | put "$results"
}

# remove_trial: the trial is decided; the directory synced so that it stays decided.
remove_trial() {
	rm -f -- "$trial" && sync -- "$STATE"
}

if [ -z "$has_trial" ]; then
	:
elif [ "$layer" != "$L" ]; then
	# The trial's layer never ran these checks: its boot failed before them, or another entry
	# was chosen. This is the fallback (or elsewhere) already.
	append_result did-not-come-up "" || log "could not record the trial's result in $STATE/trials"
	remove_trial || log "could not remove $trial"
elif [ "$verdict" = green ]; then
	append_result passed "" || log "could not record the trial's result in $STATE/trials"
	remove_trial || log "could not remove $trial"
else
	append_result failed "$detail" || log "could not record the trial's result in $STATE/trials"
	remove_trial || log "could not remove $trial"
	# The boot-once choice is used up: the reboot boots the previous default.
	if systemd-run --unit=imgbased-fallback --on-active="${grace}s" --timer-property=AccuracySec=1s systemctl reboot >"$work/out" 2>&1; then
		printf '%s\n' "imgbased-health: the trial of layer $layer failed its health checks ($failed)." \
			"This machine reboots into the previous default ($fallback) in $grace seconds." \
			"To stay on $layer, run: systemctl stop imgbased-fallback.timer" | wall
	else
		log "could not schedule the reboot: $(cat -- "$work/out")"
		printf '%s\n' "imgbased-health: the trial of layer $layer failed its health checks ($failed)." \
			"The reboot into the previous default ($fallback) could not be scheduled: reboot to go back." | wall
	fi
fi

if [ "$verdict" = green ]; then
	echo "imgbased-health: ${L:--}: green"
	exit 0
fi
echo "imgbased-health: ${L:--}: red (failed: $failed)"
exit 1
