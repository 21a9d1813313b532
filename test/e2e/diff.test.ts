// The diff view on a layer with known local changes (scenario changed-layer): the page's list
// against an independent rsync of the same two trees, the content and package diffs, odd names,
// exports, comparing any two images, and the failures (a removed base, a base that cannot be
// activated, a page closed mid-listing), always checking that nothing stays mounted or active.
import assert from "node:assert/strict";
import type { Frame } from "playwright-core";
import { openPlugin, pluginFrame } from "./lib/browser.ts";
import { rowAction } from "./lib/actions.ts";
import { attr, diffResult, exportText, leftovers, rsyncChanges, sameContent, showChanges, unescapeDisplay, type ExportedChange } from "./lib/diff.ts";
import { guestWaitFor } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { within } from "./lib/time.ts";

const lab = labForThisFile("diff");
// Comparing leaves nothing behind (each test checks it): those tests share one restored VM.
const READ = { from: "changed-layer", readsOnly: true };
const WRITE = { from: "changed-layer" };
const VG = "nodevg";
const BASE = "debian-node-12.0-1";
const LAYER = `${BASE}+1`;
// Paths the page hides as noise by default; they change by themselves on a running system, so
// comparing them between two moments (the page's listing, rsync's) would be comparing clocks.
// A file or package read activates and mounts the base on the host: under TCG, with the other
// lane's VM on the same cores, that can take longer than a click's default minute.
const HOST_READ = { timeout: within(360) };
const VOLATILE = /^(tmp|var\/tmp|var\/cache|var\/log|var\/lib\/systemd|var\/lib\/sudo|home\/[^/]+\/\.sudo_as_admin_successful)(\/|$)/;

async function openDiff(frame: Frame, layer: string): Promise<void> {
    await rowAction(frame, layer, "show-changes");
}

async function noLeftovers(base = BASE): Promise<void> {
    const left = await leftovers(lab.vm, VG, base);
    assert.equal(left.mounts, "", "nothing stays mounted under /run/imgbased");
    assert.equal(left.active, false, `${base} is inactive again`);
    assert.equal(left.files, "lock", "only the lock file stays in /run/imgbased/diff");
}

e2e("the layer's changes are exactly what rsync finds, as a tree, a list and an export", lab, READ, async keep => {
    const session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const { page, frame } = session;
    await openDiff(session.frame, LAYER);
    const result = await diffResult(frame);
    assert.equal(result.state, "ready");
    assert.equal(result.method, "inode");
    await noLeftovers();

    // Everything, noise included, from the JSON export.
    await showChanges(frame, { hideNoise: false });
    const exported = JSON.parse(await exportText(page, frame, "json")) as { old: string; new: string; changes: ExportedChange[] };
    assert.equal(exported.old, `${VG}/${BASE}`);
    assert.equal(exported.changes.length, result.total);
    const ours = new Map(exported.changes.map(c => [unescapeDisplay(c.path).slice(1), c]));

    const theirs = await rsyncChanges(lab.vm, VG, BASE);
    for (const known of ["etc/issue", "etc/motd", "etc/imgbased-lab/caf\xe9", "etc/imgbased-lab/line\nbreak"])
        assert.ok(theirs.has(known), `rsync lists ${JSON.stringify(known)}`);
    const stable = (p: string) => !VOLATILE.test(p);
    const missing = [...theirs.keys()].filter(p => stable(p) && !ours.has(p));
    assert.deepEqual(missing, [], "every change rsync finds is on the page");
    // The page may list more than rsync -c: files rewritten with the same bytes (new inode or
    // ctime) and directories. Each such extra must really be byte-identical.
    const extras = [...ours.keys()].filter(p => stable(p) && !theirs.has(p));
    const files = extras.filter(p => ours.get(p)!.change !== "added" && ours.get(p)!.change !== "removed");
    const verdicts = await sameContent(lab.vm, VG, BASE, files);
    for (const p of files)
        assert.equal(verdicts.get(p), true, `${JSON.stringify(p)} is listed but not in rsync's list, so its bytes must be the same`);
    assert.ok(extras.every(p => files.includes(p)), `no added or removed file is missing from rsync: ${JSON.stringify(extras)}`);

    // The kinds, for the changes the scenario made.
    const cls = (p: string) => ours.get(p)?.change;
    assert.equal(cls("etc/issue"), "content");
    assert.equal(cls("etc/debian_version"), "metadata");
    assert.deepEqual(ours.get("etc/debian_version")!.aspects, ["mode"]);
    assert.equal(cls("etc/motd"), "removed");
    assert.equal(cls("etc/imgbased-lab/fifo"), "added");
    await noLeftovers();
});

e2e("a file opens as a content diff, kept in the URL; odd names are shown safely; a FIFO is not read; the package diff", lab, READ, async keep => {
    const session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    const { page } = session;
    let { frame } = session;
    await openDiff(session.frame, LAYER);
    await diffResult(frame);
    // The tree opens small directories: /etc/imgbased-lab shows its names escaped.
    const names = await frame.locator('[data-testid="tree-file"]').evaluateAll(items => items.map(i => i.getAttribute("data-path")));
    for (const name of ["/etc/imgbased-lab/caf\\xE9", "/etc/imgbased-lab/line\\nbreak", "/etc/imgbased-lab/name with spaces"])
        assert.ok(names.includes(name), `${name} is in the tree`);

    await showChanges(frame, { view: "list", filter: "/etc/issue" });
    await frame.click(`[data-testid="change-row"]${attr("data-path", "/etc/issue")} [data-testid="change-open"]`);
    await frame.waitForSelector('[data-testid="content-diff"]', HOST_READ);
    const lines = await frame.locator('[data-testid="content-diff"] [data-testid="diff-line"]').evaluateAll(rows =>
        rows.map(r => `${r.getAttribute("data-kind")} ${r.textContent}`));
    assert.ok(lines.some(l => l.startsWith("del") && l.includes("Debian GNU/Linux 12 \\n \\l")), JSON.stringify(lines));
    assert.ok(lines.some(l => l.startsWith("add") && l.includes("Debian GNU/Linux 12 (imgbased lab, edited)")), JSON.stringify(lines));

    // The view lives in the URL: a reload returns to the same list, filter and open file.
    assert.match(page.url(), /#\/diff\?.*file=/);
    await page.reload();
    frame = await pluginFrame(page);
    await frame.waitForSelector('[data-testid="content-diff"] [data-testid="diff-line"][data-kind="add"]', HOST_READ);
    await frame.waitForSelector(`[data-testid="changes-shown"]${attr("data-view", "list")}${attr("data-filter", "/etc/issue")}`);
    await frame.click('[data-testid="file-diff"] button[aria-label="Close"]');

    await showChanges(frame, { filter: "imgbased-lab/" });
    await frame.click(`[data-testid="change-row"]${attr("data-path", "/etc/imgbased-lab/caf\\xE9")} [data-testid="change-open"]`);
    await frame.waitForSelector('[data-testid="content-diff"] [data-testid="diff-line"][data-kind="add"]', HOST_READ);
    assert.match(await frame.textContent('[data-testid="content-diff"]') ?? "", /latin1/);
    await frame.click('[data-testid="file-diff"] button[aria-label="Close"]');

    await frame.click(`[data-testid="change-row"]${attr("data-path", "/etc/imgbased-lab/fifo")} [data-testid="change-open"]`);
    await frame.waitForSelector('[data-testid="content-not-regular"]', HOST_READ);
    await frame.click('[data-testid="file-diff"] button[aria-label="Close"]');

    // The package diff: exactly the upgrade and the new package, and this plugin's own package,
    // which the lab installs with dpkg into the running layer (test/vm/install-plugin).
    await frame.click('[data-testid="tab-packages"]');
    await frame.waitForSelector('[data-testid="packages"], [data-testid="packages-unavailable"], [data-testid="diff-error"]', HOST_READ);
    const rows = await frame.locator('[data-testid="package-row"]').evaluateAll(items =>
        items.map(i => `${i.getAttribute("data-name")} ${i.getAttribute("data-kind")} ${i.textContent}`));
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.match(rows[0]!, /^cockpit-imgbased added /);
    assert.match(rows[1]!, /^imgbased-lab-base upgraded .*1\.0.*2\.0/);
    assert.match(rows[2]!, /^imgbased-lab-tool added /);
    await noLeftovers();
});

e2e("a base compares with the running layer from its kebab; without admin access the view says so", lab, READ, async keep => {
    const admin = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await rowAction(admin.frame, BASE, "compare");
    assert.equal(await admin.frame.inputValue('[data-testid="diff-old"]'), `${VG}/${BASE}`);
    assert.equal(await admin.frame.inputValue('[data-testid="diff-new"]'), `${VG}/${LAYER}`);
    assert.equal((await diffResult(admin.frame)).state, "ready");
    await admin.close();

    const viewer = keep(await openPlugin(lab.vm.url, "viewer"));
    await viewer.page.goto(`${lab.vm.url}/imgbased#/diff?new=${encodeURIComponent(`${VG}/${LAYER}`)}`);
    const frame = (await (await viewer.page.waitForSelector('iframe[name="cockpit1:localhost/imgbased"]')).contentFrame())!;
    await frame.waitForSelector('[data-testid="diff-page"]');
    // Without admin access LVM cannot be read at all: the page says why instead of comparing.
    await frame.waitForSelector('[data-testid="diff-readonly"]');
    assert.equal(await frame.locator('[data-testid="diff-result"]').count(), 0);
});

e2e("a layer whose base was removed: explained, and compared with another image by metadata", lab, WRITE, async keep => {
    // An orphan: a base and its layer, then the base removed (thin snapshots outlive their
    // origin); one file added in the layer afterwards.
    await lab.vm.ssh(`set -e
        lvcreate -qq -s ${VG}/${BASE} -n gone-1.0-1 -kn --addtag imgbased:base
        lvcreate -qq -s ${VG}/gone-1.0-1 -n gone-1.0-1+1 -kn --addtag imgbased:layer
        lvremove -qq -y ${VG}/gone-1.0-1
        lvchange -qq -ay ${VG}/gone-1.0-1+1; m=$(mktemp -d); mount /dev/${VG}/gone-1.0-1+1 "$m"
        echo "only in the orphan" >"$m/etc/orphan-note"; umount "$m"; rmdir "$m"; lvchange -qq -an ${VG}/gone-1.0-1+1`);
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await rowAction(frame, "gone-1.0-1+1", "show-changes");
    const problem = frame.locator('[data-testid="diff-problem"]');
    assert.equal(await problem.getAttribute("data-code"), "base-removed");
    assert.match(await problem.textContent() ?? "", /gone-1\.0-1 .*was removed/);

    await frame.selectOption('[data-testid="diff-old"]', `${VG}/${BASE}`);
    const result = await diffResult(frame);
    assert.deepEqual([result.state, result.method], ["ready", "metadata"]);
    await showChanges(frame, { hideNoise: false, view: "list" });
    const rows = await frame.locator('[data-testid="change-row"]').evaluateAll(items =>
        items.map(i => `${i.getAttribute("data-class")} ${i.getAttribute("data-path")}`));
    assert.deepEqual(rows, ["added /etc/orphan-note"]);
    // Both sides were activated for the call and are inactive again.
    await noLeftovers();
    assert.equal((await leftovers(lab.vm, VG, "gone-1.0-1+1")).active, false);
});

e2e("a base that cannot be activated: LVM's reason on the page, nothing left behind", lab, WRITE, async keep => {
    // A device-mapper device holding the base's name makes its activation fail.
    const dmName = `${VG}-${BASE.replace(/-/g, "--")}`;
    await lab.vm.ssh(`dmsetup create ${dmName} --table "0 8 zero"`);
    try {
        const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
        await openDiff(frame, LAYER);
        assert.equal((await diffResult(frame)).state, "error");
        const error = frame.locator('[data-testid="diff-error"]');
        assert.equal(await error.getAttribute("data-code"), "activate");
        assert.match(await error.textContent() ?? "", new RegExp(`${BASE} could not be activated`));
        const left = await leftovers(lab.vm, VG, BASE);
        assert.deepEqual([left.mounts, left.files], ["", "lock"]);
    } finally {
        await lab.vm.ssh(`dmsetup remove ${dmName}`);
    }
    await noLeftovers();
});

e2e("a diff left, a page closed or the program killed while listing: the host process ends with its walks, nothing stays mounted, nothing stays active", lab, WRITE, async keep => {
    // ("[f]", "[d]": the patterns must not match the shell that runs the loop.)
    const listing = "pgrep -f 'imgbased-dif[f] list'", walks = "'fin[d] /run/imgbased/diff/'";
    // Past the activation and the mounts (where a signal waits for the command at hand), the
    // listing walks both trees on the host.
    const whileWalking = async (frame: Frame) => {
        await openDiff(frame, LAYER);
        await frame.waitForSelector('[data-testid="diff-loading"]');
        await guestWaitFor(lab.vm, "the diff program's walks of both trees to run in the guest", `pgrep -f ${walks}`, 60);
    };
    const session = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    // Leaving the view cancels the call: the bridge ends the program, the session goes on.
    await whileWalking(session.frame);
    await session.frame.click('[data-testid="diff-back"]');
    await guestWaitFor(lab.vm, "the listing to end once the view is left", `! ${listing}`, 60);
    // Its walks went with it: left running, they held the diff lock and kept the base busy.
    assert.equal((await lab.vm.ssh(`pgrep -af ${walks} || true`)).stdout, "", "no walk outlives the listing");
    await noLeftovers();

    // The browser goes away: the end of the session ends the program.
    await whileWalking(session.frame);
    await session.close();
    await guestWaitFor(lab.vm, "the listing to end once the page is gone", `! ${listing}`, 60);
    assert.equal((await lab.vm.ssh(`pgrep -af ${walks} || true`)).stdout, "", "no walk outlives the session");
    const left = await leftovers(lab.vm, VG, BASE);
    assert.equal(left.mounts, "", "the mounts went with the process's namespace");
    // The process deactivates the base on its way out; if the end of the session killed it
    // first, its record names the base, and the next comparison deactivates it.
    if (left.active)
        assert.match(left.files, /activated\.\d+/, "an active base is recorded for the next call");
    // Killed outright (no trap runs): its walks still go with it (the kernel's parent-death signal).
    const again = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await whileWalking(again.frame);
    await lab.vm.ssh(`pkill -KILL -f 'imgbased-dif[f] list'`);
    await guestWaitFor(lab.vm, "the walks to end with the killed listing", `! pgrep -f ${walks}`, 30);
    assert.equal((await lab.vm.ssh(`findmnt -rn -o TARGET | grep '^/run/imgbased/diff' || true`)).stdout, "", "its mounts went with its namespace");
    await again.frame.click('[data-testid="diff-back"]');
    await openDiff(again.frame, LAYER);
    assert.equal((await diffResult(again.frame)).state, "ready");
    await noLeftovers();
});
