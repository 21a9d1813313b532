// The layer lifecycle through the page: add a layer and remove it, pin and unpin, and choose what
// boots (by default, once, roll back). Each test starts from a saved state of its own; every change
// is checked with LVM and GRUB's own tools in the guest (what GRUB then boots is proven by the
// reboots of empty-host and upgrade, see the last test).
import assert from "node:assert/strict";
import { GRUB_SNIPPET } from "../../src/model/grub-snippet.ts";
import { confirmAndWait, planCommands, refusalCodes, rowAction } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { guestExists, guestGrubDefault, guestGrubNext, guestLv, guestRootLv, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { problems, rowsWithLabel, waitForLabel, waitForLayer } from "./lib/page.ts";

const lab = labForThisFile("lifecycle");
const BASE = "debian-node-12.0-1";
const OLD = `${BASE}+1`;
const NEW = `${BASE}+2`;
const entryId = (layer: string) => "imgbased-" + layer.replace(/\+(\d+)$/, "_$1");
const admin = () => openPlugin(lab.vm.url, "admin", { admin: true });

e2e("add layer makes a bootable layer from the exact commands shown; remove refuses the booted layer and removes the new one with its entry and kernel", lab, { from: "golden", seconds: 1000 }, async keep => {
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
    await waitForLayer(frame, NEW);
    // Adding a layer does not change what boots.
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD));
    await frame.click('[data-testid="job-close"]');

    await rowAction(frame, OLD, "remove");
    assert.ok((await refusalCodes(frame)).includes("booted"));
    await frame.click('[data-testid="plan-cancel"]');
    await rowAction(frame, NEW, "remove");
    await planCommands(frame);
    const flagged = await frame.locator('[data-testid="plan-step"][data-irreversible="true"]').evaluateAll(steps => steps.map(s => s.getAttribute("data-step-id")));
    assert.deepEqual(flagged, ["lv-remove", "boot-files-delete"], "the steps past the point of no return are flagged");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestLv(lab.vm, "nodevg", NEW), undefined);
    assert.ok(!(await guestExists(lab.vm, `/boot/loader/entries/${entryId(NEW)}.conf`)));
    assert.ok(!(await guestExists(lab.vm, `/boot/${NEW}`)));
    await waitForLayer(frame, NEW, false);
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD));
});

e2e("pin and unpin set and clear the imgbased:pinned tag; the jobs are in this layer's history with action, user and result", lab, { from: "golden" }, async keep => {
    const { frame } = keep(await admin());
    await rowAction(frame, OLD, "pin");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.ok(hasTag((await guestLv(lab.vm, "nodevg", OLD))!, "imgbased:pinned"));
    await frame.click('[data-testid="job-close"]');
    await waitForLabel(frame, OLD, "pinned");
    await rowAction(frame, OLD, "unpin");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.ok(!hasTag((await guestLv(lab.vm, "nodevg", OLD))!, "imgbased:pinned"));
    await frame.click('[data-testid="job-close"]');

    const expected = ["unpin", "pin"];
    await frame.waitForFunction(n => document.querySelectorAll('[data-testid="history-row"]').length >= n, expected.length);
    const rows = await frame.locator('[data-testid="history-row"]').evaluateAll(items => items.map(i => ({
        id: i.getAttribute("data-job-id") ?? "", outcome: i.getAttribute("data-outcome") ?? "", text: i.textContent ?? "",
    })));
    assert.deepEqual(rows.map(r => r.id.replace(/-\d{14}-[0-9a-f]{4}$/, "")), expected);
    assert.ok(rows.every(r => r.outcome === "succeeded"), JSON.stringify(rows));
    assert.ok(rows.every(r => r.text.includes("admin")), "each names who ran it");
});

// The three switches, checked in grubenv, on a node as a stock Debian GRUB leaves it:
// GRUB_DEFAULT=0 and the menu update-grub made from it (with our snippet, as an earlier job
// installs it), which ignores grub-set-default; Make default fixes that first. No reboot here:
// each mechanism is proven by one elsewhere. Our drop-in and update-grub turning a stock menu into
// one that boots the saved default: empty-host's Initialize and its reboot (the same steps as this
// fix). next_entry booting once through GRUB, by the page's Reboot: upgrade's trial boot.
e2e("on a stock GRUB_DEFAULT=0 node, make default fixes the menu first; make default, boot once and roll back set what GRUB boots", lab, { from: "second-layer", seconds: 1200 }, async keep => {
    await lab.vm.ssh("install -m 0755 /dev/stdin /etc/grub.d/42_imgbased && sed -i 's/^GRUB_DEFAULT=.*/GRUB_DEFAULT=0/' /etc/default/grub && update-grub", GRUB_SNIPPET);
    const { frame } = keep(await admin());
    assert.deepEqual((await problems(frame)).filter(p => p.code === "default-not-saved"), [{ code: "default-not-saved", subject: "0" }]);
    await rowAction(frame, NEW, "make-default");
    assert.match(await planCommands(frame), /update-grub/);
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    const { stdout: cfg } = await lab.vm.ssh("grep -c 'set default=\"${saved_entry}\"' /boot/grub/grub.cfg || true");
    assert.equal(cfg.trim(), "1", "grub.cfg boots the saved default now");
    assert.equal(await guestGrubDefault(lab.vm), entryId(NEW));
    await waitForLabel(frame, NEW, "default");
    assert.deepEqual(await rowsWithLabel(frame, "default"), [NEW]);
    assert.deepEqual((await problems(frame)).filter(p => p.code === "default-not-saved"), []);
    await frame.click('[data-testid="job-close"]');

    await rowAction(frame, OLD, "boot-once");
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubNext(lab.vm), entryId(OLD));
    assert.equal(await guestGrubDefault(lab.vm), entryId(NEW), "the default is untouched");
    await frame.click('[data-testid="job-close"]');

    // Roll back: the layer booted now (OLD) is the one the admin goes back to.
    await frame.click('[data-testid="action-rollback"]');
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD), "the booted layer is the default again");
    await waitForLabel(frame, OLD, "default");
});

// A trial that fails comes back by itself, through real reboots: Try gives the spare layer (made
// outside the plugin, so without health checks) the checks and boots it once; its own health.conf
// names a unit it does not have, so its checks are red and the node reboots into the default
// after the grace, with nobody touching it. The page there names the failed check and offers to
// try again. (A green trial, and the checks' other decisions, are upgrade's.)
e2e("try a layer whose health checks fail: it boots once, goes back to the default by itself, and the page says why", lab, { from: "second-layer", seconds: 1800 }, async keep => {
    await lab.vm.ssh(`mkdir -p /mnt/spare && mount /dev/nodevg/${NEW} /mnt/spare && mkdir -p /mnt/spare/etc/imgbased
        printf 'units = ssh.service cockpit.socket imgbased-lab-absent.service\\ngrace = 15\\n' > /mnt/spare/etc/imgbased/health.conf
        umount /mnt/spare`);
    const { frame } = keep(await admin());
    await rowAction(frame, NEW, "try");
    const commands = await planCommands(frame);
    assert.match(commands, /imgbased-health/, "the layer gets the health checks first");
    assert.match(commands, /grub-reboot/);
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    assert.equal(await guestGrubNext(lab.vm), entryId(NEW));
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD), "the default stays until the checks pass");
    await frame.waitForSelector(`[data-testid="trial-notice"][data-kind="next-boot"][data-layer="${NEW}"]`);

    // The trial boot, red, and the reboot it schedules: two boots, the second one the default's.
    await lab.vm.rebootVia(async () => {
        await frame.click('[data-testid="job-reboot"]');
        await frame.click('[data-testid="reboot-confirm"]');
    }, 2);
    assert.equal(await guestRootLv(lab.vm), `nodevg/${OLD}`, "back on the default, by itself");
    const { stdout: last } = await lab.vm.ssh("tail -n 1 /boot/imgbased/trials | cut -f 3-");
    assert.equal(last.trim(), `${NEW}\tfailed\t${OLD}\tunit:imgbased-lab-absent.service`);
    assert.equal(await guestGrubDefault(lab.vm), entryId(OLD), "a red trial makes nothing the default");

    const after = keep(await admin());
    const notice = after.frame.locator('[data-testid="trial-notice"][data-kind="fell-back"]');
    assert.equal(await notice.getAttribute("data-layer"), NEW);
    assert.match(await notice.textContent() ?? "", /imgbased-lab-absent\.service/);
    await after.frame.click('[data-testid="trial-details"] button');
    await after.frame.waitForSelector('[data-testid="trial-failed-check"][data-check="unit:imgbased-lab-absent.service"]');
    await after.frame.waitForSelector('[data-testid="trial-notice"] [data-testid="trial-try"]');
});
