// The node as the lab builds it: one base, its +1 layer booted through GRUB. The page must show
// exactly what LVM and GRUB in the guest say. Then the persist whitelist on it: the built-in
// defaults with what they match on the host, bad entries refused with their reason before
// anything is written (relative, "..", a symlink on the way), and saving as a job that writes
// only our file.
import assert from "node:assert/strict";
import type { Frame } from "playwright-core";
import { openPlugin } from "./lib/browser.ts";
import { pluginFrameOf, reopenPlugin, settledTable, WATCH_FIRST_PAINT } from "./lib/first-paint.ts";
import { assertFirstLoad, assertLazyFetched } from "./lib/bundle.ts";
import { confirmAndWait, planCommands, refusalCodes } from "./lib/actions.ts";
import { guestEntryLayer, guestExists, guestGrubDefault, guestImages, guestLvs, guestRootLv, hasTag } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageImages, pageState, problems, refresh, rowLabels, rowsWithLabel } from "./lib/page.ts";

const lab = labForThisFile("node-layout");
// The tests that only read come first and share one restored VM; each that writes gets its own.
const READ = { from: "golden", readsOnly: true };
const WRITE = { from: "golden" };

e2e("admin sees every base and layer that lvs reports, with booted and default labels", lab, READ, async keep => {
    const { page, frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    // The first open fetches only the first-load files, all compressed, and Cockpit's fonts.
    const firstLoad = await assertFirstLoad(page, lab.vm.url, frame);
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

    // The diff page is a lazy view: opening it (for an image that does not exist, so nothing is
    // read on the host) fetches its chunk and its CSS, compressed, and the CSS is applied.
    await frame.evaluate('cockpit.location.go(["diff"], { new: "nodevg/no-such-image" })');
    await frame.waitForSelector('[data-testid="diff-problem"][data-code="unknown-image"]');
    assert.equal(await frame.evaluate('[...document.styleSheets].some(s => /\\/DiffPage-[^/]*\\.css$/.test(s.href ?? ""))'), true);
    const lazy = await assertLazyFetched(page, lab.vm.url, frame, firstLoad);
    assert.ok(lazy.some(n => /^DiffPage-.*\.js$/.test(n)) && lazy.some(n => /^DiffPage-.*\.css$/.test(n)), JSON.stringify(lazy));
    await frame.click('[data-testid="diff-back"]');
    await frame.waitForSelector('[data-testid="layout-table"]');
});

e2e("pool usage bars show the thin pool's data and metadata use", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const pool = (await guestLvs(lab.vm, "nodevg")).find(lv => hasTag(lv, "imgbased:pool"));
    assert.ok(pool, "the lab's pool carries imgbased:pool");
    const shown = Number(await frame.getAttribute('[data-testid="pool-data"]', "data-value"));
    const shownMeta = Number(await frame.getAttribute('[data-testid="pool-metadata"]', "data-value"));
    // The page may have read a moment earlier; thin usage moves by far less than a point.
    assert.ok(Math.abs(shown - Number(pool.data_percent)) < 1, `data ${shown} vs lvs ${pool.data_percent}`);
    assert.ok(Math.abs(shownMeta - Number(pool.metadata_percent)) < 1, `metadata ${shownMeta} vs lvs ${pool.metadata_percent}`);
});


e2e("a user without administrative access gets a read-only page that says so", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "viewer"));
    const text = await frame.textContent('[data-testid="imgbased-page"]') ?? "";
    assert.match(text, /administrative access/i);
    const { state, reason } = await pageState(frame);
    // lvs needs root: the viewer cannot read the layout at all, and the page must say why.
    assert.equal(state, "error");
    assert.equal(reason, "permission");
});

e2e("an admin who has not turned on administrative access is told how", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: false }));
    assert.equal((await pageState(frame)).reason, "permission");
    assert.match(await frame.textContent('[data-testid="error-state"]') ?? "", /administrative access/i);
});

const OUR_FILE = "/etc/imgbased/persist.d/50-cockpit-imgbased.conf";

const row = (pattern: string) => `[data-testid="persist-row"][data-pattern="${pattern}"]`;

async function openEditor(frame: Frame): Promise<void> {
    await frame.click('[data-testid="action-edit-persist"]');
    await frame.waitForSelector('[data-testid="persist-editor"]');
}

/** Types into the last editor row (after "Add a path"). */
async function addEntry(frame: Frame, pattern: string, comment = ""): Promise<void> {
    await frame.click('[data-testid="persist-add"]');
    const last = frame.locator('[data-testid="persist-edit-row"]').last();
    await last.locator('[data-testid="persist-pattern"]').fill(pattern);
    if (comment)
        await last.locator('[data-testid="persist-comment"]').fill(comment);
}

e2e("the built-in defaults are listed with what each matches on this host", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await frame.waitForSelector('[data-testid="persist-list"]');
    assert.equal(await frame.getAttribute('[data-testid="persist-list"]', "data-defaults"), "true");
    assert.match(await frame.textContent(`${row("/etc/passwd")} [data-testid="persist-matches"]`) ?? "", /^1 file,/);
    const keys = Number((await lab.vm.ssh("ls /etc/ssh/ssh_host_* | wc -l")).stdout.trim());
    assert.ok(keys > 0);
    assert.match(await frame.textContent(`${row("/etc/ssh/ssh_host_*")} [data-testid="persist-matches"]`) ?? "", new RegExp(`^${keys} files,`));
    assert.match(await frame.textContent(`${row("/etc/crypttab")} [data-testid="persist-matches"]`) ?? "", /nothing here now/);
});

e2e("the table is complete at its first paint; an open again shows the saved layout at once, then the host's", lab, WRITE, async keep => {
    const { page } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await page.context().addInitScript({ content: WATCH_FIRST_PAINT });
    const booted = (await guestRootLv(lab.vm)).split("/")[1] ?? "";

    // A first open: the table appears once, with every row and label the host's read gives.
    const fresh = await reopenPlugin(page, { clearSaved: true });
    const settled = await settledTable(await pluginFrameOf(page));
    assert.equal(fresh.saved, false);
    assert.deepEqual(settled.booted, [booted]);
    assert.deepEqual({ rows: fresh.rows, booted: fresh.booted, defaults: fresh.defaults, poolBars: fresh.poolBars }, settled);

    // Opened again in the same session: the saved layout at first paint, said to be saved,
    // then the host's own read (and a layer made meanwhile is there after it).
    await lab.vm.ssh("lvcreate -qq -s nodevg/debian-node-12.0-1 -n debian-node-12.0-1+7 -kn --addtag imgbased:layer");
    const again = await reopenPlugin(page, { clearSaved: false });
    assert.equal(again.saved, true);
    assert.deepEqual(again.rows, settled.rows);
    assert.match(again.updated, /Saved .*updating/);
    const after = await settledTable(await pluginFrameOf(page));
    assert.deepEqual(after.rows.filter(r => !settled.rows.includes(r)), ["debian-node-12.0-1+7"]);
});

e2e("bad entries are refused with their reason and nothing is written", lab, WRITE, async keep => {
    await lab.vm.ssh("ln -sfn /var/lib /etc/lab-link");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await openEditor(frame);
    const help = () => frame.locator('[data-testid="persist-edit-row"]').last().locator('[data-testid="persist-row-help"]').textContent();

    await addEntry(frame, "etc/motd");
    assert.match(await help() ?? "", /absolute path/);
    assert.deepEqual(await refusalCodes(frame), ["persist-invalid"]);

    await frame.locator('[data-testid="persist-pattern"]').last().fill("/etc/../root/.bashrc");
    await frame.waitForFunction(() => /"\.\."/.test(document.querySelectorAll('[data-testid="persist-row-help"]').item(
        document.querySelectorAll('[data-testid="persist-row-help"]').length - 1)?.textContent ?? ""));
    assert.deepEqual(await refusalCodes(frame), ["persist-invalid"]);

    // Valid as text, but /etc/lab-link is a symlink to /var/lib: only the host can tell.
    await frame.locator('[data-testid="persist-pattern"]').last().fill("/etc/lab-link/dpkg*");
    await frame.waitForSelector('[data-testid="refusal-reason"][data-code="persist-symlink"]');
    assert.match(await help() ?? "", /\/etc\/lab-link is really \/var\/lib/);
    assert.equal(await frame.locator('[data-testid="plan-confirm"]').count(), 0, "nothing can be confirmed");
    await frame.click('[data-testid="plan-cancel"]');
    assert.equal(await guestExists(lab.vm, OUR_FILE), false);
    await lab.vm.ssh("rm /etc/lab-link");
});

e2e("saving writes our file as a job, and the card then shows it", lab, WRITE, async keep => {
    await lab.vm.ssh("printf 'site=lab\\n' >/etc/lab-site.conf");
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await openEditor(frame);
    // Drop one default, add a path of our own.
    await frame.click('[data-testid="persist-edit-row"][data-pattern="/etc/crypttab"] [data-testid="persist-remove"]');
    await addEntry(frame, "/etc/lab-site.conf", "the lab's site settings");
    assert.match(await planCommands(frame), /50-cockpit-imgbased\.conf/);
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    await frame.click('[data-testid="job-close"]');

    const text = (await lab.vm.ssh(`cat ${OUR_FILE}`)).stdout;
    assert.match(text, /^# the lab's site settings\n\/etc\/lab-site\.conf$/m);
    assert.match(text, /^\/etc\/passwd$/m);
    assert.doesNotMatch(text, /crypttab/);
    await frame.waitForSelector('[data-testid="persist-list"][data-defaults="false"]');
    assert.match(await frame.textContent(`${row("/etc/lab-site.conf")} [data-testid="persist-matches"]`) ?? "", /^1 file,/);
    assert.equal(await frame.locator(row("/etc/crypttab")).count(), 0);

    // Restore the defaults: the file lists them again.
    await openEditor(frame);
    await frame.click('[data-testid="persist-defaults"]');
    assert.equal((await confirmAndWait(frame)).state, "succeeded");
    const restored = (await lab.vm.ssh(`cat ${OUR_FILE}`)).stdout;
    assert.match(restored, /^\/etc\/crypttab$/m);
    assert.doesNotMatch(restored, /lab-site/);
});

e2e("the page follows layers created and removed outside it", lab, WRITE, async keep => {
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
