#!/bin/sh
# One run of the fault matrix (test/unit/fault-matrix.test.ts), started by
# `unshare --mount --propagation private`: the plans' steps write absolute host paths (/boot,
# /etc/grub.d, /etc/default/grub.d, /etc/imgbased, /run/imgbased, /var/lib/imgbased), so they
# run only in this private mount namespace, where those paths are fresh tmpfs or overlays whose
# writes land in the lab's own tmpfs; it ends with this script and takes every change with it.
# Nothing runs before the namespace is checked to be our own and every such path to be ours.
#
# driver.sh MODE LAB TEMPLATE OUT SHELL JOB_ID JOB_SCRIPT NEXT_SCRIPT [STEP SIGNAL]
#   MODE      clean: the world before, the job run through, the world after.
#             fault: the job signalled at step STEP with SIGNAL (see lib.sh, fault_point), then
#             the recovery if the job left one, then another job, then the world.
#   LAB       an empty directory, mounted over with the lab's tmpfs here
#   TEMPLATE  the world to start from: lvm/ (the fake LVM's state), boot/, etc/
#   OUT       where the worlds, logs and exit statuses go (outside the namespace's mounts)
#   SHELL     the shell under test ("dash" or "bash --posix"): job, recovery and steps' sh -c
# Environment: FAULT_LAB (this directory), FAULT_HOST_NS (the test's /proc/self/ns/mnt).
set -eu
mode=$1 lab=$2 template=$3 out=$4 shell=$5 job_id=$6 job=$7 next=$8
step=${9:-} signal=${10:-}

die() {
	echo "driver: $*" >&2
	exit 99
}

# A job still running when the driver ends (an error, or the test's time limit) goes with it.
stop_job() {
	if [ -s "$lab/job.pid" ]; then
		kill -s KILL -- "-$(cat "$lab/job.pid")" 2>/dev/null || :
	fi
}
trap stop_job EXIT
trap 'exit 98' TERM INT

[ "$(readlink /proc/self/ns/mnt)" != "${FAULT_HOST_NS:?}" ] || die "not in a mount namespace of its own: refusing to run"

mount -t tmpfs -o mode=0700 fault-lab "$lab"
mkdir -p "$lab/lvm" "$lab/fault" "$lab/upper/etc" "$lab/work/etc" "$lab/upper/var/lib" "$lab/work/var/lib"
# /etc and /var/lib as overlays, so that the system's files stay readable (the steps read
# /etc/fstab) and paths missing on this host (/etc/imgbased) can be made without touching it.
overlay() {
	mkdir -p "$lab/upper/$1" "$lab/work/$1"
	mount -t overlay overlay -o "lowerdir=$1,upperdir=$lab/upper/$1,workdir=$lab/work/$1" "$1"
}
overlay /etc
overlay /var/lib
overlay /usr/local
[ -d /run/imgbased ] || overlay /run
mkdir -p /etc/grub.d /etc/default/grub.d /var/lib/imgbased /run/imgbased
for dir in /boot /run/imgbased /etc/grub.d /etc/default/grub.d; do
	mount -t tmpfs -o mode=0755 fault-lab "$dir"
done
# Each of them must now be ours: the last mount on it, of the kind made here.
awk '{ for (i = 7; $i != "-"; i++); type[$5] = $(i + 1); source[$5] = $(i + 2) }
END {
	n = split("/etc /var/lib /usr/local", o, " ")
	for (j = 1; j <= n; j++) if (type[o[j]] != "overlay") { print o[j] " is not our overlay"; bad = 1 }
	n = split("/boot /run/imgbased /etc/grub.d /etc/default/grub.d", t, " ")
	for (j = 1; j <= n; j++) if (source[t[j]] != "fault-lab") { print t[j] " is not our tmpfs"; bad = 1 }
	exit bad
}' /proc/self/mountinfo >&2 || die "not isolated"

# The fake LVM's own tmpfs: lv_in_use knows our bind mounts by its name.
mount -t tmpfs -o mode=0700 fakelvm "$lab/lvm"
cp -a "$template/lvm/." "$lab/lvm/"
cp -a "$template/boot/." /boot/
cp -a "$template/etc/." /etc/

# The jobs' PATH: the fakes first, and no sbin directory, so a tool without a fake is missing
# rather than the host's own. The driver itself keeps the system's.
lab_path=${FAULT_LAB:?}/bin:/usr/bin:/bin
FAULT_LVM=$lab/lvm
FAULT_DIR=$lab/fault
FAULT_REAL_SH=$shell
export FAULT_LVM FAULT_DIR FAULT_REAL_SH
mkfifo "$FAULT_DIR/ctl" "$FAULT_DIR/hold"
# grub.cfg as update-grub made it from this world.
FAULT_NESTED=1 "$FAULT_LAB/bin/update-grub"

# What the checks compare, one fact a line, parsed by world.ts: the fake LVM's VGs and LVs
# ("vg"/"lv" lines, from its files) and the files of their filesystems, of /boot and of our /etc
# paths ("file", with cksum's own lines for their content), the text of grubenv and of the boot
# entries ("text"), what is mounted from the fake LVM ("mount"), what a later job would find
# pending ("pending"). In few processes: this runs once per case.
dump_world() {
	set -- "$FAULT_LVM/fs" /boot /etc/grub.d /etc/default/grub /etc/default/grub.d
	# The health checks a trial installs in the running system (actions/health-steps.ts).
	for p in /etc/imgbased /usr/local/libexec/imgbased-health /etc/systemd/system/imgbased-health.service \
		/etc/systemd/system/multi-user.target.d/imgbased-health.conf /etc/systemd/system/imgbased-health-watchdog.service \
		/etc/systemd/system/sysinit.target.d/imgbased-health-watchdog.conf; do
		[ ! -e "$p" ] || set -- "$@" "$p"
	done
	# Not the job history (plan.ts summarize): a line per run, by design, undone or not.
	find "$@" -path '/boot/imgbased/jobs*' -prune -o \( -type f -o -type l \) -printf 'file %p\t%y %m %l\n'
	find "$@" -path '/boot/imgbased/jobs*' -prune -o -type f -exec cksum {} +
	set -- "$FAULT_LVM"/vg/* "$FAULT_LVM"/lv/*/*
	for f in /boot/grub/grubenv /boot/loader/entries/*.conf; do
		[ ! -f "$f" ] || set -- "$@" "$f"
	done
	awk -v lvm="$FAULT_LVM/" '
	function flush() { if (key != "") print key "\t" value; key = "" }
	FNR == 1 {
		flush()
		if (substr(FILENAME, 1, length(lvm)) == lvm) {
			name = substr(FILENAME, length(lvm) + 1)
			key = (name ~ /^vg\//) ? "vg " substr(name, 4) : "lv " substr(name, 4)
			value = ""
		}
	}
	FILENAME == "/proc/self/mountinfo" {
		for (i = 7; $i != "-"; i++);
		if ($(i + 2) == "fakelvm" && $4 != "/") print "mount " $5 "\t" $4
		next
	}
	key != "" { value = value $0 " "; next }
	{ print "text " FILENAME "\t" $0 }
	END { flush() }' "$@" /proc/self/mountinfo
	for f in /var/lib/imgbased/jobs/* /var/lib/imgbased/jobs/.[!.]*; do
		[ ! -e "$f" ] || echo "pending ${f##*/}"
	done
}

# Whether a process of group $1 is alive (not a zombie), from /proc without starting one.
group_alive() {
	for f in /proc/[0-9]*/stat; do
		read -r stat 2>/dev/null <"$f" || continue
		stat=${stat##*) }
		# shellcheck disable=SC2086 # state ppid pgrp ...
		set -- "$1" $stat
		[ "$4" != "$1" ] || [ "$2" = Z ] || return 0
	done
	return 1
}

# shellcheck disable=SC2086 # "bash --posix" is two words
run() {
	rc=0
	PATH=$lab_path $shell "$@" || rc=$?
}

case $mode in
clean)
	dump_world >"$out/before"
	run "$job" >"$out/job.log" 2>&1
	echo "job $rc" >"$out/result"
	dump_world >"$out/after"
	;;
fault)
	FAULT_STEP=$step FAULT_STATE=/var/lib/imgbased/jobs/$job_id.state
	export FAULT_STEP FAULT_STATE
	# The job in a session of its own, as systemd runs a unit: the signal goes to all of it. Its
	# pid is its process group; only that group is signalled, once the job's fault point has
	# named it (it must: another group would be this test's own).
	# shellcheck disable=SC2016,SC2086 # $$ is the job's; "bash --posix" is two words
	(
		job_rc=0
		/bin/sh -c 'echo "$$" >"$1"; shift; exec setsid "$@"' sh "$lab/job.pid" env PATH="$lab_path" $shell "$job" >"$out/job.log" 2>&1 || job_rc=$?
		echo "ended $job_rc" >"$FAULT_DIR/ended.tmp"
		mv "$FAULT_DIR/ended.tmp" "$FAULT_DIR/ended"
		echo "ended $job_rc" >"$FAULT_DIR/ctl"
	) &
	read -r what arg <"$FAULT_DIR/ctl"
	if [ "$what" = reached ]; then
		[ "$arg" = "$(cat "$lab/job.pid")" ] || die "the fault point is in process group $arg, not in the job's"
		kill -s "$signal" -- "-$arg"
		echo "signalled $signal" >"$out/result"
		# The job's end from the file: a line written into the fifo while the killed fault point
		# still held it open for writing could be lost with the read end that saw that writer
		# close (seen once, under load: a hang until the run's limit). Then the fifo is drained, so the
		# subshell's line goes and the subshell ends.
		until [ -e "$FAULT_DIR/ended" ]; do sleep 0.01; done
		read -r what arg <"$FAULT_DIR/ended"
		cat "$FAULT_DIR/ctl" >/dev/null
	else
		echo "not-reached" >"$out/result"
	fi
	# As systemd does before the unit counts as stopped, wait for every process of the job to
	# have exited: one still holding the lock would make the recovery find the job running.
	# (Exited ones may stay zombies for a while, until init reaps them: they hold nothing.) Then
	# the job's pid may be another process's: forget it.
	group=$(cat "$lab/job.pid")
	while group_alive "$group"; do sleep 0.01; done
	rm -f "$lab/job.pid"
	wait
	echo "job $arg" >>"$out/result"
	unset FAULT_STEP
	# As the page does for an interrupted job: its recovery script, if it left one (unless
	# FAULT_NO_RECOVERY asks for the world as the job left it: the checker's own test).
	undo=/var/lib/imgbased/jobs/$job_id.undo.sh
	if [ -e "$undo" ] && [ -z "${FAULT_NO_RECOVERY:-}" ]; then
		cp "$undo" "$lab/recovery.sh"
		run "$lab/recovery.sh" >"$out/recovery.log" 2>&1
		echo "recovery $rc" >>"$out/result"
	fi
	dump_world >"$out/world"
	run "$next" >"$out/next.log" 2>&1
	echo "next $rc" >>"$out/result"
	;;
*)
	die "unknown mode $mode"
	;;
esac
