# shellcheck shell=bash
# Common helpers of the VM lab scripts (sourced).
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=qemu.sh
. "$LAB_DIR/qemu.sh"

lab_log() { printf '[lab %s] %s\n' "$(date +%T)" "$*" >&2; }

# lab_scaled SECONDS -> SECONDS times the e2e speed factor, whole seconds. test/run-e2e.js
# measures how much slower than the reference machine this host runs the lab right now and
# exports it as IMGBASED_E2E_SPEED (never below 1), so every limit of the lab's own waits
# stretches with the machine instead of turning red on a slower one.
lab_scaled() {
    awk -v s="$1" -v f="${IMGBASED_E2E_SPEED:-1}" 'BEGIN { if (f + 0 < 1) f = 1; printf "%d\n", s * f + 0.5 }'
}
lab_die() { lab_log "ERROR: $*"; exit 1; }

lab_cache_root() { echo "${IMGBASED_LAB_CACHE:-$HOME/.cache/cockpit-imgbased-lab}"; }

# Files whose content defines the image: the recipe, the guest helpers the build helper VM
# runs, the qemu shape, and build-image itself (it holds the steps). Scenario-only helpers
# (guest/ovirt-layout.sh) are not part of the image.
lab_recipe_files() {
    (cd "$LAB_DIR" && find recipe -type f | LC_ALL=C sort)
    printf '%s\n' guest/boot-entries.sh guest/lvm-lib.sh qemu.sh build-image
}

# lab_hash_input: everything the cache key is computed from, as text.
lab_hash_input() {
    local f
    while read -r f; do
        printf '== %s\n' "$f"
        cat "$LAB_DIR/$f"
    done < <(lab_recipe_files)
    printf '== versions\n'
    "$LAB_QEMU" --version 2>/dev/null | head -n 1 || echo "qemu: none"
    mmdebstrap --version 2>/dev/null || echo "mmdebstrap: none"
    # A saved VM state belongs to one accelerator/CPU model.
    printf 'accel %s\n' "$(lab_accel)"
}

lab_hash() { lab_hash_input | sha256sum | cut -d' ' -f1; }

# lab_cache_dir -> <cache root>/<first 16 hex digits of the hash>
lab_cache_dir() { printf '%s/%s\n' "$(lab_cache_root)" "$(lab_hash | cut -c1-16)"; }

# lab_free_port: a port nothing listens on right now. qemu may still lose a race for
# it; callers retry with fresh ports when qemu cannot set up the forward.
lab_free_port() {
    local p _
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# lab_count_ready LOG -> number of VM-READY lines written by the guest so far
lab_count_ready() {
    local n
    n=$(grep -a -c 'VM-READY' "$1" 2>/dev/null) || true
    echo "${n:-0}"
}

# lab_wait_ready LOG N TIMEOUT PID DIR: wait until LOG holds N VM-READY lines; give up
# early when the qemu process is gone.
lab_wait_ready() {
    local log=$1 n=$2 timeout=$3 pid=$4 dir=$5 deadline=$((SECONDS + $3))
    while (($(lab_count_ready "$log") < n)); do
        lab_pid_alive "$pid" "$dir" || { lab_log "qemu (pid $pid) is gone"; return 1; }
        if ((SECONDS >= deadline)); then
            lab_log "no VM-READY #$n after ${timeout}s; the console's last lines:"
            tail -n 5 "$log" | tr -d '\r' | sed 's/^/    /' >&2
            return 1
        fi
        sleep 0.5
    done
}

# lab_pid_alive PID RUNDIR: is PID a qemu process of this run dir (not a recycled pid)?
lab_pid_alive() {
    local pid=$1 dir=$2 cmd
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *qemu-system* && $cmd == *"$dir"* ]]
}

# lab_kill PID RUNDIR: TERM, then KILL after 5 s. Only the given pid, only if it is ours.
lab_kill() {
    local pid=$1 dir=$2 _
    lab_pid_alive "$pid" "$dir" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        lab_pid_alive "$pid" "$dir" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        lab_pid_alive "$pid" "$dir" || return 0
        sleep 0.1
    done
    lab_log "pid $pid did not exit"
    return 1
}

# lab_wait_until TIMEOUT_S DESCRIPTION CMD...: poll CMD every 0.2 s. No `cmd | grep -q`
# in the polled commands: with pipefail that can fail on SIGPIPE forever (P18). When it gives
# up it says what the last try printed.
lab_wait_until() {
    local timeout=$1 what=$2 deadline last
    shift 2
    deadline=$((SECONDS + timeout))
    until last=$("$@" 2>&1); do
        if ((SECONDS >= deadline)); then
            lab_log "timed out after ${timeout}s waiting for $what; last try: ${last:-(no output)}"
            return 1
        fi
        sleep 0.2
    done
}

lab_http_up() { curl -sS -o /dev/null -m 3 "http://127.0.0.1:$1/"; }

# lab_ssh_args KEY PORT [CONTROL]: sets LAB_SSH_ARGS (root in the guest, throw-away host keys).
# The connect limit covers sshd's banner too: a guest busy unpacking an image under TCG was
# seen to take more than 10 s to answer on a loaded host, so it is generous and scaled.
# CONTROL: the socket of the VM's ssh master (lab_ssh_master). A command goes through it when it
# answers (no key exchange: 0.2 s against 1.4 s a call under TCG) and connects on its own when not.
lab_ssh_args() {
    LAB_SSH_ARGS=(ssh -i "$1" -p "$2" -o BatchMode=yes -o StrictHostKeyChecking=no
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout="$(lab_scaled 60)"
        -o ServerAliveInterval=5 -o ServerAliveCountMax=6)
    [[ -z ${3:-} ]] || LAB_SSH_ARGS+=(-o ControlMaster=no -o ControlPath="$3")
    LAB_SSH_ARGS+=(root@127.0.0.1)
}

# lab_vm_ssh_args: lab_ssh_args for the VM whose env lab_load_env read.
lab_vm_ssh_args() { lab_ssh_args "$VM_KEY" "$VM_SSH_PORT" "${VM_SSH_CONTROL:-}"; }

# lab_ssh_control RUNDIR -> where the VM's ssh master listens, or nothing when the path is too
# long for a unix socket (ssh binds it under a name 17 bytes longer first; 107 bytes at most):
# then every command connects on its own, as it would without a master.
lab_ssh_control() {
    local path=$1/ssh
    ((${#path} + 17 <= 107)) && echo "$path"
    return 0
}

# lab_ssh_master KEY PORT CONTROL: (re)starts the VM's ssh master at CONTROL, in the background.
# One it had before is ended first: after a reboot its connection is dead, and ssh will not bind
# over a socket that is still there. No master is no fault (commands connect on their own).
lab_ssh_master() {
    local LAB_SSH_ARGS
    [[ -n $3 ]] || return 0
    lab_ssh_master_stop "$3"
    lab_ssh_args "$1" "$2"
    "${LAB_SSH_ARGS[@]:0:${#LAB_SSH_ARGS[@]}-1}" -o ControlMaster=yes -o ControlPath="$3" -f -N root@127.0.0.1 \
        </dev/null >/dev/null 2>&1 || lab_log "no ssh master for $3: every command connects on its own"
}

# lab_ssh_master_stop CONTROL: ends the master at CONTROL, if one answers there.
lab_ssh_master_stop() {
    [[ -n $1 ]] || return 0
    if [[ -S $1 ]]; then
        ssh -o ControlPath="$1" -O exit root@127.0.0.1 >/dev/null 2>&1 || true
    fi
    rm -f "$1"
}

lab_ssh_up() {
    local LAB_SSH_ARGS
    lab_ssh_args "$1" "$2"
    "${LAB_SSH_ARGS[@]}" true </dev/null >/dev/null
}

# lab_fix_clock KEY PORT: after loadvm the guest clock resumes at the snapshot time (P14).
lab_fix_clock() {
    local LAB_SSH_ARGS
    lab_ssh_args "$1" "$2"
    "${LAB_SSH_ARGS[@]}" "date -u -s @$(date +%s.%N) >/dev/null" </dev/null
}

# lab_load_env RUNDIR: source RUNDIR/env (written by start)
lab_load_env() {
    [[ -f $1/env ]] || lab_die "$1/env not found: is a VM started there (test/vm/start $1)?"
    # shellcheck disable=SC1091
    . "$1/env"
}

# lab_monitor SOCKET CMD...: send human monitor commands (one per argument) and print the
# replies. The connection ends when qemu closes it (e.g. after "quit") or 2 s after the
# last reply, so put slow commands (savevm) before a "quit".
lab_monitor() {
    local sock=$1
    shift
    printf '%s\n' "$@" | socat -t 2 -T 600 - "UNIX-CONNECT:$sock"
}

# lab_host_deps_ok: the host tools every lab script needs
lab_host_deps_ok() {
    local c
    for c in "$LAB_QEMU" qemu-img mmdebstrap sfdisk mkfs.ext4 mksquashfs dpkg-deb socat curl ssh ssh-keygen flock tar; do
        command -v "$c" >/dev/null || return 1
    done
}

# --- Saved guest states (states.txt, prepare-state) ---------------------------------------

# lab_state_steps NAME -> the steps of state NAME from states.txt ("" for golden); fails for
# a name that is not there.
lab_state_steps() {
    local name steps
    [[ $1 == golden ]] && return 0
    while read -r name steps; do
        [[ $name == "$1" ]] && { echo "$steps"; return 0; }
    done < <(grep -v '^[[:space:]]*\(#\|$\)' "$LAB_DIR/states.txt")
    lab_log "no such state: $1 (have: golden $(grep -v '^[[:space:]]*\(#\|$\)' "$LAB_DIR/states.txt" | cut -d' ' -f1 | paste -sd' '))"
    return 1
}

# lab_state_dir CACHE NAME -> where state NAME of the image in CACHE is kept. The name carries
# a hash of everything that makes the state: the image, the steps, the scenario scripts and
# their guest helpers, and prepare-state itself, so editing a scenario makes a new state.
lab_state_dir() {
    local cache=$1 name=$2 steps f hash
    [[ $name == golden ]] && { echo "$cache/golden-node"; return 0; }
    steps=$(lab_state_steps "$name") || return 1
    hash=$({
        cat "$cache/recipe.sha256"
        printf '%s: %s\n' "$name" "$steps"
        for f in guest/boot-entries.sh guest/lvm-lib.sh guest/ovirt-layout.sh prepare-state scenario reboot; do
            printf '== %s\n' "$f"
            cat "$LAB_DIR/$f"
        done
        for f in $steps; do
            [[ $f == reboot ]] || { printf '== %s\n' "$f"; cat "$LAB_DIR/scenarios/$f.sh"; }
        done
    } | sha256sum | cut -c1-16)
    echo "$cache/states/$name-$hash"
}
