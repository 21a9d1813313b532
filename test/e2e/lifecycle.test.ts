// The layer lifecycle through the page, one story on one node: add a layer, make it the default
// and boot it, boot the old one once, roll back, remove, pin. Every boot change is proven by a
// real reboot through GRUB; every change is checked with LVM and GRUB's own tools in the guest.
import assert from "node:assert/strict";
import { confirmAndWait, refusalCodes, rowAction } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { guestExists, guestGrubDefault, guestGrubNext, guestLv, guestRootLv, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, rowsWithLabel, waitForLabel } from "./lib/page.ts";

const lab = labForThisFile("lifecycle");
const BASE = "debian-node-12.0-1";
const OLD = `${BASE}+1`;
const NEW = `${BASE}+2`;
const entryId = (layer: string) => "imgbased-" + layer.replace(/\+(\d+)$/, "_$1");
const admin = () => openPlugin(lab.vm.url, "admin", { admin: true });

e2e("add layer: the plan shows the exact commands, the job creates a bootable layer", lab, async keep => {
    const { frame } = keep(await admin());
    await rowAction(frame, BASE, "add-layer");
    const { state } = await confirmAndWait(frame);
    assert.equal(state, "succeeded");

    const lv = await guestLv(lab.vm, "nodevg", NEW);
    assert.ok(lv, "the new layer exists");
    assert.ok(hasTag(lv, "imgbased:layer"));
    assert.equal(lv.lv_attr[1], "w", "writable");
    assert.notEqual(lv.lv_attr[9], "k", "no activation skip: it must come up at boot");
    assert.ok(await guestExists(lab.vm, `/boot/loader/entries/${entryId(NEW)}.conf`));
    assert.ok(await guestExists(lab.vm, `/boot/${NEW}`));
    const { stdout: menu } = await lab.vm.ssh("grep -c -- \"--id '\\?" + entryId(NEW) + "\" /boot/grub/grub.cfg || true");
    assert.ok(Number(menu) >= 1, "GRUB's menu has the new entry");
    assert.ok((await pageImages(frame)).layers.includes(NEW));
    // Adding a layer does not change what boots.
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD));
});

e2e("make default: GRUB's saved entry changes, and a reboot boots the new layer", lab, async keep => {
    let { frame } = keep(await admin());
    await rowAction(frame, NEW, "make-default");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubDefault(lab.vm), entryId(NEW));
    await waitForLabel(frame, NEW, "default");
    assert.deepEqual(await rowsWithLabel(frame, "default"), [NEW]);

    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), `nodevg/${NEW}`);
    ({ frame } = keep(await admin()));
    assert.deepEqual(await rowsWithLabel(frame, "booted"), [NEW]);
}, 600_000);

e2e("boot once: the next boot only, then the default again", lab, async keep => {
    const { frame } = keep(await admin());
    await rowAction(frame, OLD, "boot-once");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubNext(lab.vm), entryId(OLD));
    assert.equal(await guestGrubDefault(lab.vm), entryId(NEW), "the default is untouched");

    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), `nodevg/${OLD}`);
    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), `nodevg/${NEW}`);
}, 900_000);

e2e("remove: refused for the booted layer, done for an old one with its entry and kernel", lab, async keep => {
    const { frame } = keep(await admin());
    await rowAction(frame, NEW, "remove");
    assert.ok((await refusalCodes(frame)).includes("booted"));
    await frame.click('[data-testid="plan-cancel"]');

    // Make room: a third layer that is neither booted nor default, then remove it.
    await rowAction(frame, BASE, "add-layer");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    await frame.click('[data-testid="job-close"]');
    const third = `${BASE}+3`;
    assert.ok(await guestLv(lab.vm, "nodevg", third));
    await rowAction(frame, third, "remove");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestLv(lab.vm, "nodevg", third), undefined);
    assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/${entryId(third)}.conf`)));
    assert.ok(!(await guestExists(lab.vm, `/boot/${third}`)));
    assert.ok(!(await pageImages(frame)).layers.includes(third));
});

e2e("pin and unpin set and clear the imgbased:pinned tag", lab, async keep => {
    const { frame } = keep(await admin());
    await rowAction(frame, OLD, "pin");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.ok(hasTag((await guestLv(lab.vm, "nodevg", OLD))!, "imgbased:pinned"));
    await frame.click('[data-testid="job-close"]');
    await waitForLabel(frame, OLD, "pinned");
    await rowAction(frame, OLD, "unpin");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.ok(!hasTag((await guestLv(lab.vm, "nodevg", OLD))!, "imgbased:pinned"));
});

e2e("the jobs run in this layer are in its history with action, user and result", lab, async keep => {
    const { frame } = keep(await admin());
    // Booted since "boot once": +2 ran boot once, add + remove, pin and unpin (its own journal).
    const expected = ["unpin", "pin", "remove-layer", "add-layer", "boot-once"];
    await frame.waitForFunction(n => document.querySelectorAll('[data-testid="history-row"]').length >= n, expected.length);
    const rows = await frame.locator('[data-testid="history-row"]').evaluateAll(items => items.map(i => ({
        id: i.getAttribute("data-job-id") ?? "", outcome: i.getAttribute("data-outcome") ?? "", text: i.textContent ?? "",
    })));
    assert.deepEqual(rows.map(r => r.id.replace(/-\d{14}-[0-9a-f]{4}$/, "")), expected);
    assert.ok(rows.every(r => r.outcome === "succeeded"), JSON.stringify(rows));
    assert.ok(rows.every(r => r.text.includes("admin")), "each names who ran it");
});

e2e("roll back: one click to the previous layer, then Reboot now from the page", lab, async keep => {
    const { frame } = keep(await admin());
    await frame.click('[data-testid="action-rollback"]');
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD));
    await lab.vm.rebootVia(async () => {
        await frame.click('[data-testid="job-reboot"]');
        await frame.click('[data-testid="reboot-confirm"]');
    });
    assert.equal(await guestRootLv(lab.vm), `nodevg/${OLD}`);
}, 600_000);
