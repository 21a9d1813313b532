// The main views as an admin meets them: walked with the keyboard only, and their look in the
// light and the dark theme compared with reference images (lib/pixels.ts). Both start from a layer
// with known local changes (scenario changed-layer), so the diff tree has something to show.
import assert from "node:assert/strict";
import type { Frame, Locator, Page } from "playwright-core";
import { closeJob, confirmAndWait } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { attr, diffResult } from "./lib/diff.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { assertLooksLike, settle } from "./lib/pixels.ts";
import { within } from "./lib/time.ts";
import { chooseImage, next } from "./lib/upgrade.ts";

const lab = labForThisFile("views");
const BASE = "debian-node-12.0-1";
const LAYER = `${BASE}+1`;
const IMAGES = "/mnt/images";
const V2 = `${IMAGES}/debian-node-12.1-1.squashfs`;

/** What has the keyboard focus in our page, in a few words a failure can show. */
async function focused(frame: Frame): Promise<string> {
    return frame.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body || !document.hasFocus()) return "(nothing in our page)";
        const id = e.getAttribute("data-testid") ?? e.closest("[data-testid]")?.getAttribute("data-testid") ?? e.tagName.toLowerCase();
        const role = e.getAttribute("role");
        const path = e.getAttribute("data-path") ?? e.closest("tr[data-name]")?.getAttribute("data-name");
        return [id, role && `role=${role}`, path && `at ${path}`].filter(Boolean).join(" ");
    });
}

/**
 * Presses `key` until the focus is on something `selector` matches; fails, naming every stop,
 * when it is not reached in `most` presses.
 */
async function pressUntil(page: Page, frame: Frame, key: string, selector: string, most: number): Promise<string[]> {
    const stops: string[] = [];
    for (let i = 0; i < most; i++) {
        await page.keyboard.press(key);
        stops.push(await focused(frame));
        if (await frame.evaluate(s => document.hasFocus() && document.activeElement?.matches(s), selector)) return stops;
    }
    throw new Error(`${most} × ${key} did not reach ${selector}; the focus went: ${stops.join(" → ")}`);
}

async function focusIs(frame: Frame, selector: string, what: string): Promise<void> {
    await frame.waitForFunction(s => document.activeElement?.matches(s), selector, { timeout: within(30) })
            .catch(async () => assert.fail(`${what}: the focus is on ${await focused(frame)}, not ${selector}`));
}

e2e("keyboard only: the page, a row's menu, the diff tree and a file's diff, with Tab, arrows, Enter and Escape", lab,
    { from: "changed-layer", readsOnly: true }, async keep => {
        const { page, frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));
        const kebab = `[data-testid="layout-table"] tr[data-name="${LAYER}"] [data-testid="row-actions"]`;

        // From the shell's navigation into our page and down to the layer's menu, Tab by Tab:
        // the status card's actions come before the table, as they are read.
        const stops = await pressUntil(page, frame, "Tab", kebab, 80);
        const order = stops.filter(s => s !== "(nothing in our page)");
        assert.ok(order.some(s => s.startsWith("action-")), `a status action is on the way: ${order.join(" → ")}`);

        // Enter opens the menu on its first item; Escape closes it and gives the focus back.
        await page.keyboard.press("Enter");
        await focusIs(frame, '[role="menuitem"]', "Enter on the kebab");
        await page.keyboard.press("Escape");
        await frame.waitForSelector('[role="menu"]', { state: "detached" });
        await focusIs(frame, kebab, "Escape in the menu");

        // Again, the arrows down to "Show changes", and Enter runs it.
        await page.keyboard.press("Enter");
        await focusIs(frame, '[role="menuitem"]', "Enter on the kebab");
        await pressUntil(page, frame, "ArrowDown", '[data-testid="action-show-changes"], [data-testid="action-show-changes"] *', 12);
        await page.keyboard.press("Enter");
        assert.equal((await diffResult(frame)).state, "ready");

        // Tab reaches the tree once, on its root; the arrows move and open, Enter opens a file.
        const root = '[data-testid="tree-dir"][data-path="/"]';
        await pressUntil(page, frame, "Tab", root, 40);
        const etc = `[data-testid="tree-dir"]${attr("data-path", "/etc")}`;
        await page.keyboard.press("ArrowDown");
        await focusIs(frame, etc, "ArrowDown from the root (its first directory)");
        // /etc starts open (few changes): Left closes it, Right opens it, Right again steps in.
        assert.equal(await frame.getAttribute(etc, "aria-expanded"), "true");
        await page.keyboard.press("ArrowLeft");
        await frame.waitForSelector(`${etc}[aria-expanded="false"]`);
        await focusIs(frame, etc, "ArrowLeft on an open directory");
        await page.keyboard.press("ArrowRight");
        await frame.waitForSelector(`${etc}[aria-expanded="true"]`);
        await page.keyboard.press("ArrowRight");
        await focusIs(frame, `${etc} > ul > [role="treeitem"]`, "ArrowRight on an open directory");
        const issue = `[data-testid="tree-file"]${attr("data-path", "/etc/issue")}`;
        await pressUntil(page, frame, "ArrowDown", issue, 30);
        // Home goes to the root and Tab leaves the tree in one step (one Tab stop).
        await page.keyboard.press("Home");
        await focusIs(frame, root, "Home in the tree");
        await page.keyboard.press("Shift+Tab");
        assert.ok(!(await focused(frame)).includes("role=treeitem"), "Shift+Tab leaves the tree");
        // Back in: the root again (the last focused item); to the file, and Enter opens its diff.
        await page.keyboard.press("Tab");
        await focusIs(frame, root, "Tab back into the tree");
        await pressUntil(page, frame, "ArrowDown", issue, 40);
        await page.keyboard.press("Enter");
        await frame.waitForSelector('[data-testid="content-diff"] [data-testid="diff-line"]', { timeout: within(360) });
        await focusIs(frame, '[data-testid="file-diff"], [data-testid="file-diff"] *', "the opened diff");
        // Escape closes it, and the focus is back on the file it came from.
        await page.keyboard.press("Escape");
        await frame.waitForSelector('[data-testid="file-diff"]', { state: "detached" });
        await focusIs(frame, issue, "Escape in the file's diff");

        // The browser's Back steps through the views as they were: the file's diff open again,
        // the diff without it, the layout the diff was opened from.
        await page.goBack();
        await frame.waitForSelector('[data-testid="content-diff"] [data-testid="diff-line"]', { timeout: within(360) });
        await page.goBack();
        await frame.waitForSelector('[data-testid="file-diff"]', { state: "detached" });
        await page.goBack();
        await frame.waitForSelector('[data-testid="layout-table"]');
    });

/** Switches the shell's theme; our page follows through the storage event (pkg/lib/dark-theme.ts). */
async function switchTheme(page: Page, frame: Frame, theme: "light" | "dark"): Promise<void> {
    await page.evaluate(style => localStorage.setItem("shell:style", style), theme);
    await frame.waitForFunction(dark => document.documentElement.classList.contains("pf-v6-theme-dark") === dark, theme === "dark");
}

/** `locator` against its reference in both themes (the page is light again afterwards). */
async function inBothThemes(page: Page, frame: Frame, locator: Locator, name: string, mask: Locator[] = []): Promise<void> {
    for (const theme of ["light", "dark"] as const) {
        await switchTheme(page, frame, theme);
        await settle(frame);
        await assertLooksLike(locator, `${name}-${theme}`, mask);
    }
    await switchTheme(page, frame, "light");
}

/**
 * Runs `body` with the page's clock three days after the newest volume in the layout table. Its
 * "Created" column counts from now, so its words depend on how old the lab's saved states are
 * ("25 minutes ago" wraps where "3 days ago" does not), and with them the rows' height. The
 * page's own clock is set (an init script does not reach Cockpit's frames), the next poll shows
 * it, and the real clock is back afterwards, before a job runs.
 */
async function withLayoutClockFixed(frame: Frame, body: () => Promise<void>): Promise<void> {
    await frame.evaluate(() => {
        const newest = Math.max(...[...document.querySelectorAll<HTMLTimeElement>('[data-testid="layout-table"] time')]
            .map(t => Date.parse(t.dateTime)));
        const real = Date.now;
        Object.assign(window, { imgbasedRealNow: real });
        Date.now = () => newest + 3 * 86_400_000;
    });
    // The newest volume's cell says so once the table is drawn again (a poll, 15 s apart).
    await frame.waitForFunction(() => [...document.querySelectorAll('[data-testid="layout-table"] time')]
        .some(t => t.textContent === new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(-3, "day")),
    undefined, { timeout: within(60) });
    try {
        await body();
    } finally {
        await frame.evaluate(() => {
            Date.now = (window as unknown as { imgbasedRealNow: () => number }).imgbasedRealNow;
        });
    }
}

e2e("the main views look as they should in the light and the dark theme", lab, { from: "changed-layer" }, async keep => {
    // The width the issue saw the Size column break at, and tall enough for each view whole.
    const { page, frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true, viewport: { width: 1400, height: 1600 } }));
    const at = (selector: string) => frame.locator(selector);
    // The thin pool's fill and the volumes' use move while the node runs (its journal is written
    // to the layer); "Created" counts from now.
    const usage = [at('[data-testid="status-card"] .imgbased-usage'), at('[data-testid="layout-table"] td[data-label="Used"]'),
        at('[data-testid="layout-table"] td[data-label="Created"]')];
    // The policy line is read apart from the layout (a file read as root): the card is whole when it is there.
    await frame.waitForSelector('[data-testid="status-policy"]', { timeout: within(60) });
    await inBothThemes(page, frame, at('[data-testid="status-card"]'), "status-card", usage);
    await withLayoutClockFixed(frame, () => inBothThemes(page, frame, at('[data-testid="layout-table"]'), "layout-table", usage));

    // The diff tree of the layer's changes.
    await frame.click(`[data-testid="layout-table"] tr[data-name="${LAYER}"] [data-testid="row-actions"]`);
    await frame.click('[data-testid="action-show-changes"]');
    assert.equal((await diffResult(frame)).state, "ready");
    await inBothThemes(page, frame, at('[data-testid="change-tree"]'), "diff-tree");
    await frame.click('[data-testid="diff-back"]');

    // The upgrade wizard's checks for the lab's v2 image.
    await lab.vm.mountImages(IMAGES);
    await chooseImage(frame, V2);
    await next(frame);
    await frame.waitForSelector('[data-testid="upgrade-check"]');
    // The whole dialog, as the admin sees the checks in it. Masked: the pool's fill, and what
    // comes from the lab's build of the image (its sha256, the kernel Debian had then, the room
    // that kernel needs), which differs between machines' caches.
    const details = (...checks: string[]) => checks.map(c => at(`[data-testid="upgrade-check"][data-check${c}] td:last-child`));
    await inBothThemes(page, frame, at('[data-testid="plan-dialog"][data-action="upgrade"]'), "upgrade-checks",
                       details('^="pool"', '="image"', '="kernel"', '="boot"'));
    await page.keyboard.press("Escape");
    await frame.waitForSelector('[data-testid="upgrade-wizard"]', { state: "detached" });

    // A job's progress, ended: the policy switch on the status card is the shortest job.
    await frame.click('[data-testid="action-set-policy"]');
    assert.equal((await confirmAndWait(frame, 300)).state, "succeeded");
    const job = at('[data-testid="job-progress"]');
    await inBothThemes(page, frame, job, "job-progress");
    await closeJob(frame);
});
