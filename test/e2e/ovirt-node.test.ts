// oVirt Node NG hosts as imgbased laid them out: read exactly, and the "several tagged VGs"
// refusal imgbased itself makes.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { guestImages } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, pageState, refresh, rowLabels } from "./lib/page.ts";

const lab = labForThisFile("ovirt-node");

e2e("two VGs tagged imgbased:vg are refused with both names and the fix", lab, { from: "ovirt-node", readsOnly: true }, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.equal((await pageState(frame)).state, "ambiguous");
    const text = await frame.textContent('[data-testid="imgbased-page"]') ?? "";
    assert.match(text, /nodevg/);
    assert.match(text, /onn_node1/);
    assert.match(text, /vgchange --deltag imgbased:vg/);
});

e2e("an oVirt Node NG layout is read as imgbased laid it out; Cockpit's navigation shows the refusal until it is fixed", lab, { from: "ovirt-node" }, async keep => {
    const session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const { page, frame } = session;
    // Our page's status in the shell's menu (page_status) is the worst problem: an error beside
    // "Image layers" while two VGs are tagged; once the admin has done what the refusal says, the
    // layout's worst, a warning (this host boots a root outside the layers).
    const navStatus = (type: string) => page.locator(`a[href="/imgbased"] .nav-item-status[id$="-${type}"]`);
    await navStatus("error").waitFor();
    await lab.vm.ssh("vgchange -qq --deltag imgbased:vg nodevg");
    await refresh(frame);
    assert.equal((await pageState(frame)).state, "layout");
    await navStatus("warning").waitFor();
    assert.equal(await navStatus("error").count(), 0, "the error is gone from the menu");
    const guest = await guestImages(lab.vm, "onn_node1");
    const shown = await pageImages(frame);
    assert.deepEqual(shown.bases, ["ovirt-node-ng-4.5.5-0.20230614.0", "ovirt-node-ng-4.5.4-0.20230101.0"]);
    assert.deepEqual([...shown.layers].sort(), guest.layers);
    // The installer's root and the separate volumes are shown, with what they are.
    assert.ok((await rowLabels(frame, "root")).includes("init"));
    const table = await frame.textContent('[data-testid="layout-table"]') ?? "";
    for (const volume of ["var", "var_log", "var_log_audit", "var_crash", "home", "tmp"]) {
        assert.ok(table.includes(volume), `volume ${volume} is listed`);
    }
});
