// A node that has been "upgraded but not rebooted": a newer base with its layer is the GRUB
// default while the old layer still runs. Proves ordering, labels and a real boot switch.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { guestEntryLayer, guestGrubDefault, guestImages, guestRootLv } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, pageState, rowLabels, rowsWithLabel } from "./lib/page.ts";

const lab = labForThisFile("two-bases", "two-bases");

e2e("bases are listed newest first with their layers, and foreign LVs are left alone", lab, async keep => {
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

e2e("booted, default and next boot follow GRUB, through a real reboot", lab, async keep => {
    let session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const defaultLayer = await guestEntryLayer(lab.vm, await guestGrubDefault(lab.vm));
    assert.equal(defaultLayer, "debian-node-12.1-1+1");
    assert.deepEqual(await rowsWithLabel(session.frame, "booted"), ["debian-node-12.0-1+1"]);
    assert.deepEqual(await rowsWithLabel(session.frame, "default"), ["debian-node-12.1-1+1"]);
    assert.ok(!(await rowLabels(session.frame, "debian-node-12.1-1+1")).includes("inactive"));
    await session.close();

    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), "nodevg/debian-node-12.1-1+1");
    session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await rowsWithLabel(session.frame, "booted"), ["debian-node-12.1-1+1"]);
    assert.deepEqual(await rowsWithLabel(session.frame, "default"), ["debian-node-12.1-1+1"]);
}, 600_000);
