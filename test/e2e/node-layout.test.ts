// The node as the lab builds it: one base, its +1 layer booted through GRUB. The page must show
// exactly what LVM and GRUB in the guest say.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { guestEntryLayer, guestGrubDefault, guestImages, guestLvs, guestRootLv, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, pageState, problems, refresh, rowLabels, rowsWithLabel } from "./lib/page.ts";

const lab = labForThisFile("node-layout");

e2e("admin sees every base and layer that lvs reports, with booted and default labels", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    assert.deepEqual(await pageState(frame), { state: "layout", reason: null });

    const guest = await guestImages(lab.vm, "nodevg");
    const shown = await pageImages(frame);
    assert.deepEqual([...shown.bases].sort(), guest.bases);
    assert.deepEqual([...shown.layers].sort(), guest.layers);

    const booted = (await guestRootLv(lab.vm)).split("/")[1] ?? "";
    assert.deepEqual(await rowsWithLabel(frame, "booted"), [booted]);
    const defaultLayer = await guestEntryLayer(lab.vm, await guestGrubDefault(lab.vm));
    assert.deepEqual(await rowsWithLabel(frame, "default"), [defaultLayer]);
    assert.equal(await frame.textContent('[data-testid="status-booted"]').then(t => t?.includes(booted)), true);
    assert.match(await frame.textContent('[data-testid="status-backend"]') ?? "", /GRUB/);

    // Bases are read-only, the init LV is marked, and nothing is wrong with a fresh node.
    for (const base of guest.bases) assert.ok((await rowLabels(frame, base)).includes("readonly"));
    assert.deepEqual(await problems(frame), []);
});

e2e("pool usage bars show the thin pool's data and metadata use", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const pool = (await guestLvs(lab.vm, "nodevg")).find(lv => hasTag(lv, "imgbased:pool"));
    assert.ok(pool, "the lab's pool carries imgbased:pool");
    const shown = Number(await frame.getAttribute('[data-testid="pool-data"]', "data-value"));
    const shownMeta = Number(await frame.getAttribute('[data-testid="pool-metadata"]', "data-value"));
    // The page may have read a moment earlier; thin usage moves by far less than a point.
    assert.ok(Math.abs(shown - Number(pool.data_percent)) < 1, `data ${shown} vs lvs ${pool.data_percent}`);
    assert.ok(Math.abs(shownMeta - Number(pool.metadata_percent)) < 1, `metadata ${shownMeta} vs lvs ${pool.metadata_percent}`);
});

e2e("the page follows layers created and removed outside it", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const [base] = (await guestImages(lab.vm, "nodevg")).bases;
    assert.ok(base);
    await lab.vm.ssh(`lvcreate -qq -s nodevg/${base} -n ${base}+7 -kn --addtag imgbased:layer`);
    await refresh(frame);
    assert.ok((await pageImages(frame)).layers.includes(`${base}+7`));
    // A layer with no boot entry is worth knowing about, not an error.
    assert.ok((await problems(frame)).some(p => p.code === "layer-without-entry" && p.subject.includes(`${base}+7`)));

    await lab.vm.ssh(`lvremove -qq -y nodevg/${base}+7`);
    await refresh(frame);
    assert.ok(!(await pageImages(frame)).layers.includes(`${base}+7`));
});

e2e("a user without administrative access gets a read-only page that says so", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "viewer"));
    const text = await frame.textContent('[data-testid="imgbased-page"]') ?? "";
    assert.match(text, /administrative access/i);
    const { state, reason } = await pageState(frame);
    // lvs needs root: the viewer cannot read the layout at all, and the page must say why.
    assert.equal(state, "error");
    assert.equal(reason, "permission");
});

e2e("an admin who has not turned on administrative access is told how", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: false }));
    assert.equal((await pageState(frame)).reason, "permission");
    assert.match(await frame.textContent('[data-testid="error-state"]') ?? "", /administrative access/i);
});
