// A host with LVM but no image layout: the page explains what one is instead of failing.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageState } from "./lib/page.ts";

const lab = labForThisFile("empty-host", "empty");

e2e("no tagged VG shows the empty state with what the host has", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await pageState(frame), { state: "none", reason: null });
    const text = await frame.textContent('[data-testid="empty-state"]') ?? "";
    assert.match(text, /image layout/i);
    // The volume groups that are there are named, so the admin knows the page looked.
    assert.match(text, /nodevg/);
    assert.match(text, /datavg/);
});

e2e("without lvm2 the page says to install it", lab, async keep => {
    // lvs, vgs and friends are links to the one lvm binary: without it, none of them runs.
    await lab.vm.ssh("mv /usr/sbin/lvm /usr/sbin/lvm.away");
    try {
        const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
        assert.deepEqual(await pageState(frame), { state: "error", reason: "lvm-missing" });
        assert.match(await frame.textContent('[data-testid="error-state"]') ?? "", /lvm2/);
    } finally {
        await lab.vm.ssh("mv /usr/sbin/lvm.away /usr/sbin/lvm");
    }
});
