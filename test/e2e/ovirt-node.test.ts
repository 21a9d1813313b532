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

e2e("an oVirt Node NG layout is read as imgbased laid it out", lab, { from: "ovirt-node" }, async keep => {
    await lab.vm.ssh("vgchange -qq --deltag imgbased:vg nodevg");
    const session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await refresh(session.frame);
    const { frame } = session;
    assert.equal((await pageState(frame)).state, "layout");
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
