// Faults: whatever goes wrong, nothing is left half-done and what boots stays as it was. A kill
// before the point of no return is undone by the page after a power cut (upgrade.test.ts) and at
// every step of every plan in the fault matrix (test/unit/fault-matrix.test.ts).
import assert from "node:assert/strict";
import { confirmAndWait, planCommands, refusalCodes, rowAction, waitForJob } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { guestExists, guestGrubDefault, guestLv, guestLvs, guestWaitFor, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { within } from "./lib/time.ts";

const lab = labForThisFile("faults");
const BASE = "debian-node-12.0-1";
const OLD = `${BASE}+1`;
const NEXT = `${BASE}+2`;
const ENTRY = "imgbased-debian-node-12.0-1_2";
const admin = () => openPlugin(lab.vm.url, "admin", { admin: true });

e2e("a name taken between plan and run: the job fails, undoes, and keeps the other LV", lab, { from: "golden" }, async keep => {
    const defaultBefore = await guestGrubDefault(lab.vm);
    const { frame } = keep(await admin());
    await rowAction(frame, BASE, "add-layer");
    assert.match(await planCommands(frame), new RegExp(NEXT.replace(/[.+]/g, "\\$&")));
    // Someone else takes the name while the admin reads the plan.
    await lab.vm.ssh(`lvcreate -qq -s nodevg/${BASE} -n ${NEXT} -kn`);
    await frame.click('[data-testid="plan-confirm"]');
    const { state } = await waitForJob(frame);
    assert.equal(state, "failed-undone");
    const theirs = await guestLv(lab.vm, "nodevg", NEXT);
    assert.ok(theirs, "the LV we did not create is still there");
    assert.ok(!hasTag(theirs, "imgbased:layer"));
    assert.equal(await guestGrubDefault(lab.vm), defaultBefore);
    assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/${ENTRY}.conf`)));
});

e2e("/boot too full for a kernel copy is refused before anything changes", lab, { from: "golden" }, async keep => {
    const before = (await guestLvs(lab.vm, "nodevg")).map(lv => lv.lv_name).sort();
    // Leave less room on /boot than a kernel and initramfs need.
    await lab.vm.ssh("fallocate -l $(( $(df -B1 --output=avail /boot | tail -1) - 4*1024*1024 )) /boot/filler");
    const { frame } = keep(await admin());
    await rowAction(frame, BASE, "add-layer");
    assert.deepEqual(await refusalCodes(frame), ["boot-space"]);
    assert.equal(await frame.locator('[data-testid="plan-confirm"]').count(), 0);
    assert.deepEqual((await guestLvs(lab.vm, "nodevg")).map(lv => lv.lv_name).sort(), before);
});

// Past the point of no return (lvremove done) undo would bring back an entry that boots an LV that
// is gone: recovery finishes the job instead. The kill lands right after lvremove: a wrapper of it
// in /usr/local/sbin (first in a unit's PATH) runs the real one, then waits on a FIFO to be killed. A kill at
// every other step is the fault matrix's (test/unit/fault-matrix.test.ts).
e2e("a removal killed after lvremove is finished by the page, not undone: the host is left clean and the next job runs", lab, { from: "second-layer", seconds: 1500 }, async keep => {
    const defaultBefore = await guestGrubDefault(lab.vm);
    await lab.vm.ssh("install -m 0755 /dev/stdin /usr/local/sbin/lvremove", '#!/bin/sh\n/usr/sbin/lvremove "$@" || exit\nmkfifo /run/lvremove-done && exec cat /run/lvremove-done\n');
    let { frame } = keep(await admin());
    await rowAction(frame, NEXT, "remove");
    await planCommands(frame);
    await frame.click('[data-testid="plan-confirm"]');
    const progress = frame.locator('[data-testid="job-progress"]').first();
    await progress.waitFor();
    const jobId = await progress.getAttribute("data-job-id");
    await guestWaitFor(lab.vm, "lvremove to remove the layer", "test -p /run/lvremove-done", 600);
    await lab.vm.ssh(`systemctl kill --signal=KILL imgbased-job-${jobId}.service; rm /usr/local/sbin/lvremove`);
    assert.equal(await guestLv(lab.vm, "nodevg", NEXT), undefined, "the LV is gone");
    assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/${ENTRY}.conf`)), "its entry is not brought back");

    ({ frame } = keep(await admin()));
    const alert = frame.locator('[data-testid="interrupted-job"]');
    await alert.waitFor({ timeout: within(120) });
    assert.equal(await alert.getAttribute("data-job-id"), jobId);
    assert.equal(await alert.getAttribute("data-past-no-return"), "true");
    assert.equal((await frame.textContent("#recover-button"))?.trim(), "Finish it");
    // The way out when recovery cannot finish: it names the script to run by hand. Not taken here.
    await frame.click('[data-testid="mark-handled-button"]');
    assert.equal(await frame.textContent('[data-testid="recovery-command"]'), `sh /var/lib/imgbased/jobs/${jobId}.undo.sh`);
    await frame.click('[data-testid="mark-handled-cancel"]');

    await frame.click('[data-testid="recover-button"]');
    assert.equal((await waitForJob(frame, 600, `${jobId}-recover`)).state, "completed");
    assert.ok(!(await guestExists(lab.vm, `/boot/${NEXT}`)), "the kernel copy is gone");
    const { stdout: left } = await lab.vm.ssh("{ ls -A /boot/loader/entries/ | grep '^\\.'; ls -A /var/lib/imgbased/jobs/; } 2>/dev/null || true");
    assert.equal(left.trim(), "", "no hidden entry, no job state or recovery script");
    assert.equal(await guestGrubDefault(lab.vm), defaultBefore);
    await alert.waitFor({ state: "detached", timeout: within(120) });
    await frame.click('[data-testid="running-job"] [data-testid="job-close"]');
    await frame.waitForSelector('[data-testid="running-job"]', { state: "detached" });

    await rowAction(frame, OLD, "pin");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
});
