#!/usr/bin/env bash
# make demo: a lab node with Cockpit, the plugin's .deb installed and a sample layout (local changes in
# the running layer for the diff view, then two bases with the newer one as the next default;
# the lab's OS images mounted for the upgrade wizard, their signing key trusted),
# running until Ctrl-C. `make demo-stop` stops it too. DEMO_SCENARIO: other scenarios, in order.
set -euo pipefail
run_dir=${1:?usage: test/demo.sh RUNDIR DEB}
deb=${2:?usage: test/demo.sh RUNDIR DEB}
lab=$(dirname "$0")/vm

"$lab/stop" "$run_dir" 2>/dev/null || true
mkdir -p "$run_dir"
"$lab/start" "$run_dir" >/dev/null
trap '"$lab/stop" "$run_dir"; echo "demo stopped"' EXIT INT TERM
"$lab/install-plugin" "$run_dir" "$deb"
for scenario in ${DEMO_SCENARIO:-changed-layer two-bases}; do
    "$lab/scenario" "$run_dir" "$scenario"
done
images=$("$lab/mount-images" "$run_dir")
# The node trusts the lab's image signing key, so v2's .sig beside it is checked.
"$lab/ssh" "$run_dir" "mkdir -p /etc/imgbased && cp $images/lab-keys.gpg /etc/imgbased/image-keys.gpg"
# shellcheck disable=SC1091
. "$run_dir/env"

cat <<TXT

  cockpit-imgbased demo is running.
    URL:    $VM_URL/imgbased
    Login:  admin / test  (turn on "Administrative access" in the top bar to make changes)
            viewer / test (no sudo: the read-only view)
    Shell:  test/vm/ssh $run_dir
    Images: $images/debian-node-12.1-1.squashfs for Upgrade (with its .sha256 and a .sig by the
            lab's key, which /etc/imgbased/image-keys.gpg on the node trusts; the sample
            layout already has a base of that name, so give the new one another, e.g.
            debian-node-12.1-2)
  Press Ctrl-C (or run 'make demo-stop') to stop it.

TXT
# Wait for the VM to end (make demo-stop) or for Ctrl-C.
while kill -0 "$VM_PID" 2>/dev/null; do sleep 2; done
