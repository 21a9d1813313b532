// Faults: whatever goes wrong, nothing is left half-done and what boots stays as it was. Each
// test starts from the golden node.
import assert from "node:assert/strict";
import type { Frame } from "playwright-core";
import { closeJob, confirmAndWait, planCommands, refusalCodes, rowAction, waitForJob } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { guestExists, guestGrubDefault, guestLv, guestLvs, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { within } from "./lib/time.ts";
import type { LabVm } from "./lib/vm.ts";

const lab = labForThisFile("faults");
const BASE = "debian-node-12.0-1";
const OLD = `${BASE}+1`;
const NEXT = `${BASE}+2`;
const ENTRY = "imgbased-debian-node-12.0-1_2";
const admin = () => openPlugin(lab.vm.url, "admin", { admin: true });

/** What a failed or undone add-layer must leave exactly as it found it. */
async function assertNothingLeft(vm: LabVm, defaultBefore: string): Promise<void> {
    assert.equal(await guestLv(vm, "nodevg", NEXT), undefined, "no half-made layer");
    assert.ok(!(await guestExists(vm, `/boot/loader/entries/${ENTRY}.conf`)), "no entry");
    assert.ok(!(await guestExists(vm, `/boot/${NEXT}`)), "no kernel copy");
    assert.equal(await guestGrubDefault(vm), defaultBefore, "the boot default is unchanged");
    const { stdout: mounts } = await vm.ssh("findmnt -rn -o TARGET | grep '^/run/imgbased' || true");
    assert.equal(mounts.trim(), "", "nothing left mounted");
    const { stdout: grub } = await vm.ssh(`grep -c -- '${ENTRY}' /boot/grub/grub.cfg || true`);
    assert.equal(grub.trim(), "0", "GRUB's menu does not offer it");
}

async function startAddLayer(frame: Frame): Promise<string> {
    await rowAction(frame, BASE, "add-layer");
    await planCommands(frame);
    await frame.click('[data-testid="plan-confirm"]');
    const progress = frame.locator('[data-testid="job-progress"]').first();
    await progress.waitFor();
    return (await progress.getAttribute("data-job-id")) ?? "";
}

// Killed after its boot entry is written: the layer, the kernel copy and the entry are undone.
// The undo script after a kill at any other step is the same mechanism, proven in real shells by
// the plan's unit tests (test/unit/plan.test.ts, "after SIGKILL ...").
const STEP = "boot-entry";
e2e(`kill -9 of a job after step ${STEP}: the recovery undoes everything`, lab, { from: "golden", seconds: 1800 }, async keep => {
    const defaultBefore = await guestGrubDefault(lab.vm);
    let { frame } = keep(await admin());
    const jobId = await startAddLayer(frame);
    await frame.waitForSelector(`[data-testid="job-step"][data-step-id="${STEP}"][data-status="done"]`, { timeout: within(600) });
    await lab.vm.ssh(`systemctl kill --signal=KILL imgbased-job-${jobId}.service`);

    // A fresh page finds the interrupted job and will not start another before it is undone.
    ({ frame } = keep(await admin()));
    const alert = frame.locator('[data-testid="interrupted-job"]');
    await alert.waitFor();
    assert.match(await alert.textContent() ?? "", new RegExp(jobId));
    await frame.click('[data-testid="recover-button"]');
    const { state } = await waitForJob(frame, 900, `${jobId}-recover`);
    assert.equal(state, "recovered");
    await assertNothingLeft(lab.vm, defaultBefore);
    const { stdout } = await lab.vm.ssh("ls /var/lib/imgbased/jobs/ 2>/dev/null | grep -c undo.sh || true");
    assert.equal(stdout.trim(), "0", "the undo script is gone once it has run");
});

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
// is gone: the job stops unfinished and its recovery finishes it. A kill there takes the same
// recovery (test/unit/plan.test.ts, "after SIGKILL at its point of no return ...").
e2e("a removal stopped after lvremove is finished by the page, not undone: the host is left clean and the next job runs", lab, { from: "second-layer", seconds: 1500 }, async keep => {
    const defaultBefore = await guestGrubDefault(lab.vm);
    // A mount on its kernel copy: rm cannot delete a mount point, so the step after lvremove fails.
    await lab.vm.ssh(`mount --bind /dev/null /boot/${NEXT}/vmlinuz-*`);
    const { frame } = keep(await admin());
    await rowAction(frame, NEXT, "remove");
    const { state, jobId } = await confirmAndWait(frame);
    assert.equal(state, "failed-unfinished");
    assert.equal(await guestLv(lab.vm, "nodevg", NEXT), undefined, "the LV is gone");
    assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/${ENTRY}.conf`)), "its entry is not brought back");
    await closeJob(frame);

    const alert = frame.locator('[data-testid="interrupted-job"]');
    await alert.waitFor({ timeout: within(120) });
    assert.equal(await alert.getAttribute("data-job-id"), jobId);
    assert.equal(await alert.getAttribute("data-past-no-return"), "true");
    assert.equal((await frame.textContent("#recover-button"))?.trim(), "Finish it");
    // The way out when recovery cannot finish: it names the script to run by hand. Not taken here.
    await frame.click('[data-testid="mark-handled-button"]');
    assert.equal(await frame.textContent('[data-testid="recovery-command"]'), `sh /var/lib/imgbased/jobs/${jobId}.undo.sh`);
    await frame.click('[data-testid="mark-handled-cancel"]');

    await lab.vm.ssh(`umount /boot/${NEXT}/vmlinuz-*`);
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
