// The persist whitelist on a node as built: the built-in defaults with what they match on the
// host, bad entries refused with their reason before anything is written (relative, "..", a
// symlink on the way), and saving as a job that writes only our file.
import assert from "node:assert/strict";
import type { Frame } from "playwright-core";
import { openPlugin } from "./lib/browser.ts";
import { confirmAndWait, planCommands, refusalCodes } from "./lib/actions.ts";
import { guestExists } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";

const lab = labForThisFile("persist");
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

e2e("the built-in defaults are listed with what each matches on this host", lab, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
    await frame.waitForSelector('[data-testid="persist-list"]');
    assert.equal(await frame.getAttribute('[data-testid="persist-list"]', "data-defaults"), "true");
    assert.match(await frame.textContent(`${row("/etc/passwd")} [data-testid="persist-matches"]`) ?? "", /^1 file,/);
    const keys = Number((await lab.vm.ssh("ls /etc/ssh/ssh_host_* | wc -l")).stdout.trim());
    assert.ok(keys > 0);
    assert.match(await frame.textContent(`${row("/etc/ssh/ssh_host_*")} [data-testid="persist-matches"]`) ?? "", new RegExp(`^${keys} files,`));
    assert.match(await frame.textContent(`${row("/etc/crypttab")} [data-testid="persist-matches"]`) ?? "", /nothing here now/);
});

e2e("bad entries are refused with their reason and nothing is written", lab, async keep => {
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

e2e("saving writes our file as a job, and the card then shows it", lab, async keep => {
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
