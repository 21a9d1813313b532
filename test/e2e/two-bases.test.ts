// A node that has been "upgraded but not rebooted": a newer base with its layer is the GRUB
// default while the old layer still runs (state two-bases); and the same node after its real
// reboot through GRUB into the new layer (state two-bases-rebooted, saved once per lab image right
// after that reboot). Proves ordering, labels, clean up and removing a base.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { closeJob, confirmAndWait, planCommands, refusalCodes, rowAction, waitForJob } from "./lib/actions.ts";
import { guestEntryLayer, guestExists, guestGrubDefault, guestImages, guestLvs, guestRootLv } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, pageState, rowLabels, rowsWithLabel } from "./lib/page.ts";

const lab = labForThisFile("two-bases");

e2e("bases are listed newest first with their layers, and foreign LVs are left alone", lab, { from: "two-bases", readsOnly: true }, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.equal((await pageState(frame)).state, "layout");
    const guest = await guestImages(lab.vm, "nodevg");
    const shown = await pageImages(frame);
    assert.deepEqual(shown.bases, ["debian-node-12.1-1", "debian-node-12.0-1"]);
    assert.deepEqual([...shown.layers].sort(), guest.layers);
    assert.deepEqual(shown.layers.filter(l => l.startsWith("debian-node-12.0-1+")), ["debian-node-12.0-1+1", "debian-node-12.0-1+2"]);
    // The untagged LV in the pool is shown as not managed, never as one of ours.
    assert.match(await frame.textContent('[data-testid="layout-table"]') ?? "", /scratch/);
    assert.ok(!shown.bases.includes("scratch") && !shown.layers.includes("scratch"));
});

e2e("booted and default follow GRUB: before the reboot into the new default", lab, { from: "two-bases", readsOnly: true }, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const defaultLayer = await guestEntryLayer(lab.vm, await guestGrubDefault(lab.vm));
    assert.equal(defaultLayer, "debian-node-12.1-1+1");
    assert.deepEqual(await rowsWithLabel(frame, "booted"), ["debian-node-12.0-1+1"]);
    assert.deepEqual(await rowsWithLabel(frame, "default"), ["debian-node-12.1-1+1"]);
    assert.ok(!(await rowLabels(frame, "debian-node-12.1-1+1")).includes("inactive"));
});

e2e("booted and default follow GRUB: after the real reboot into the new default", lab, { from: "two-bases-rebooted", readsOnly: true }, async keep => {
    assert.equal(await guestRootLv(lab.vm), "nodevg/debian-node-12.1-1+1", "GRUB booted its saved default");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await rowsWithLabel(frame, "booted"), ["debian-node-12.1-1+1"]);
    assert.deepEqual(await rowsWithLabel(frame, "default"), ["debian-node-12.1-1+1"]);
});

// Two sessions: a plan is made from the host as the dialog read it; what another session changes
// meanwhile stops the job at its first step, before anything changes (preconditions.ts).
e2e("clean up planned, then the base pinned from another session: the job stops at its check and removes nothing; planned again, the pinned base is kept", lab, { from: "two-bases-rebooted" }, async keep => {
    // After the reboot: 12.1-1+1 is booted and default, 12.0-1 is the old base.
    const before = await guestImages(lab.vm, "nodevg");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const preview = async () => frame.locator('[data-testid="cleanup-row"]').evaluateAll(rows =>
        Object.fromEntries(rows.map(r => [r.getAttribute("data-name") ?? "", r.getAttribute("data-action") ?? ""])));
    const openCleanup = async () => {
        await frame.click('[data-testid="action-cleanup"]');
        await frame.locator('[data-testid="cleanup-retention"]').fill("1");
        await frame.waitForSelector('[data-testid="cleanup-row"][data-name="debian-node-12.0-1"]');
    };
    await openCleanup();
    await frame.waitForSelector('[data-testid="cleanup-row"][data-name="debian-node-12.0-1"][data-action="remove"]');
    assert.match(await planCommands(frame), /lvremove/);

    const other = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await rowAction(other.frame, "debian-node-12.0-1", "pin");
    assert.equal((await confirmAndWait(other.frame)).state, "succeeded");

    // This page shows the other session's pin too (a running job is shown, whoever started it):
    // the dialog's own job is the one to follow.
    await frame.click('[data-testid="plan-confirm"]');
    const dialog = frame.locator('[data-testid="plan-dialog"]');
    const job = dialog.locator('[data-testid="job-progress"]');
    await job.waitFor();
    const { state } = await waitForJob(frame, 900, (await job.getAttribute("data-job-id")) ?? "");
    assert.equal(state, "failed-undone");
    assert.match(await dialog.locator('[data-testid="job-result"]').textContent() ?? "", /changed since the plan was made/);
    const first = dialog.locator('[data-testid="job-step"]').first();
    assert.equal(await first.getAttribute("data-step-id"), "check-unchanged");
    assert.equal(await first.getAttribute("data-status"), "failed");
    assert.match(await first.locator('[data-testid="job-step-output"]').textContent() ?? "", /debian-node-12\.0-1 now has tag imgbased:pinned/);
    assert.deepEqual(await guestImages(lab.vm, "nodevg"), before, "nothing was removed");
    await closeJob(frame);

    await openCleanup();
    assert.deepEqual(await preview(), { "debian-node-12.1-1": "keep", "debian-node-12.0-1": "keep" });
    assert.match(await frame.textContent('[data-testid="cleanup-row"][data-name="debian-node-12.0-1"]') ?? "", /pinned/i);
    await frame.click('[data-testid="plan-cancel"]');
});

e2e("remove base: the old base goes with its layers, entries and kernels; the booted one is refused", lab, { from: "two-bases-rebooted" }, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await rowAction(frame, "debian-node-12.1-1", "remove");
    assert.ok((await refusalCodes(frame)).length > 0, "the booted layer's base cannot go");
    await frame.click('[data-testid="plan-cancel"]');

    await rowAction(frame, "debian-node-12.0-1", "remove");
    assert.match(await planCommands(frame), /lvremove/);
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    const left = (await guestImages(lab.vm, "nodevg"));
    assert.deepEqual(left, { bases: ["debian-node-12.1-1"], layers: ["debian-node-12.1-1+1"] });
    for (const gone of ["debian-node-12.0-1+1", "debian-node-12.0-1+2"]) {
        assert.ok(!(await guestExists(lab.vm, `/boot/${gone}`)), `${gone}'s kernel copy is gone`);
        assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/imgbased-${gone.replace("+", "_")}.conf`)));
    }
    // The LV we did not create stays.
    assert.ok((await guestLvs(lab.vm, "nodevg")).some(lv => lv.lv_name === "scratch"));
});
