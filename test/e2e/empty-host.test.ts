// A host with LVM but no image layout: the page explains what one is instead of failing.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { confirmAndWait, planCommands, refusalCodes } from "./lib/actions.ts";
import { guestEntryLayer, guestGrubDefault, guestLvs, guestRootLv, hasTag } from "./lib/guest.ts";
import { pageState, rowsWithLabel } from "./lib/page.ts";

const lab = labForThisFile("empty-host");

e2e("no tagged VG shows the empty state with what the host has", lab, { from: "empty", readsOnly: true }, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await pageState(frame), { state: "none", reason: null });
    const text = await frame.textContent('[data-testid="empty-state"]') ?? "";
    assert.match(text, /image layout/i);
    // The volume groups that are there are named, so the admin knows the page looked.
    assert.match(text, /nodevg/);
    assert.match(text, /datavg/);
});

e2e("without lvm2 the page says to install it", lab, { from: "empty" }, async keep => {
    // lvs, vgs and friends are links to the one lvm binary: without it, none of them runs.
    await lab.vm.ssh("mv /usr/sbin/lvm /usr/sbin/lvm.away");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await pageState(frame), { state: "error", reason: "lvm-missing" });
    assert.match(await frame.textContent('[data-testid="error-state"]') ?? "", /lvm2/);
});

// The node's GRUB is stock Debian's (GRUB_DEFAULT=0, scenarios/empty.sh): Initialize installs our
// drop-in and snippet and regenerates the menu, and the reboot proves GRUB then boots the saved
// default, as Make default's fix on such a node relies on (lifecycle).
e2e("initialize turns the thin root into a base and its +1 layer; on a stock GRUB_DEFAULT=0 menu, the node boots it by the saved default", lab, { from: "empty", seconds: 1800 }, async keep => {
    // 00_header's default when no next_entry is set: fixed, or grubenv's saved_entry.
    const grubDefault = async () => (await lab.vm.ssh("grep -o 'set default=\"\\(0\\|${saved_entry}\\)\"' /boot/grub/grub.cfg")).stdout.trim();
    assert.equal(await grubDefault(), 'set default="0"', "a stock menu, which ignores grubenv");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await frame.click('[data-testid="action-initialize"]');
    const name = frame.locator('[data-testid="initialize-name"]');
    await planCommands(frame); // the host's facts are read, the plan is shown
    // Named from os-release (ID-VERSION_ID-1); a bad name is refused as it is typed.
    assert.equal(await name.inputValue(), "debian-12-1");
    await name.fill("bad name");
    await frame.waitForSelector('[data-testid="initialize-name-help"].pf-m-error');
    assert.deepEqual(await refusalCodes(frame), ["name-invalid"]);
    assert.equal(await frame.locator('[data-testid="plan-confirm"]').count(), 0, "nothing to confirm");
    await name.fill("debian-12-1");
    const { state } = await confirmAndWait(frame, 1200);
    assert.equal(state, "succeeded");

    const lvs = await guestLvs(lab.vm, "nodevg");
    const { stdout: vgTags } = await lab.vm.ssh("vgs --noheadings -o vg_tags nodevg");
    assert.match(vgTags, /imgbased:vg/);
    assert.ok(hasTag(lvs.find(lv => lv.lv_name === "pool")!, "imgbased:pool"));
    // The running root becomes the init LV, untouched otherwise (it is still mounted).
    assert.ok(hasTag(lvs.find(lv => lv.lv_name === "debian-node-12.0-1+1")!, "imgbased:init"));
    const base = lvs.find(lv => lv.lv_name === "debian-12-1");
    assert.ok(base && hasTag(base, "imgbased:base") && base.lv_attr[1] === "r", "a read-only base");
    const layer = lvs.find(lv => lv.lv_name === "debian-12-1+1");
    assert.ok(layer && hasTag(layer, "imgbased:layer") && layer.lv_attr[9] !== "k", "a bootable layer");
    assert.equal(await guestEntryLayer(lab.vm, await guestGrubDefault(lab.vm)), "debian-12-1+1");

    assert.equal(await grubDefault(), 'set default="${saved_entry}"', "the menu boots the saved default now");

    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), "nodevg/debian-12-1+1", "GRUB booted the saved default");
    const after = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await pageState(after.frame), { state: "layout", reason: null });
    assert.deepEqual(await rowsWithLabel(after.frame, "booted"), ["debian-12-1+1"]);
});
