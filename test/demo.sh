#!/usr/bin/env bash
# make demo: a lab node with Cockpit, the plugin from dist/ and a sample layout (two bases, the
# newer one set as the next default), running until Ctrl-C. `make demo-stop` stops it too.
set -euo pipefail
run_dir=${1:?usage: test/demo.sh RUNDIR}
lab=$(dirname "$0")/vm

"$lab/stop" "$run_dir" 2>/dev/null || true
mkdir -p "$run_dir"
"$lab/start" "$run_dir" >/dev/null
trap '"$lab/stop" "$run_dir"; echo "demo stopped"' EXIT INT TERM
"$lab/install-plugin" "$run_dir" dist
"$lab/scenario" "$run_dir" "${DEMO_SCENARIO:-two-bases}"
# shellcheck disable=SC1091
. "$run_dir/env"

cat <<TXT

  cockpit-imgbased demo is running.
    URL:    $VM_URL/imgbased
    Login:  admin / test  (turn on "Administrative access" in the top bar to make changes)
            viewer / test (no sudo: the read-only view)
    Shell:  test/vm/ssh $run_dir
  Press Ctrl-C (or run 'make demo-stop') to stop it.

TXT
# Wait for the VM to end (make demo-stop) or for Ctrl-C.
while kill -0 "$VM_PID" 2>/dev/null; do sleep 2; done
