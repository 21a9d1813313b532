// Drives the upgrade wizard the way an admin does: path, Check image, then through the steps.
import type { Frame } from "playwright-core";
import { within } from "./time.ts";

/** Opens the wizard, names the image and has it checked; resolves when the result is shown. */
export async function chooseImage(frame: Frame, path: string, sha256 = ""): Promise<void> {
    await frame.click('[data-testid="action-upgrade"]');
    await frame.fill('[data-testid="upgrade-path"]', path);
    if (sha256 !== "")
        await frame.fill('[data-testid="upgrade-sha256"]', sha256);
    await frame.click('[data-testid="upgrade-inspect"]');
    await frame.waitForSelector('[data-testid="image-facts"], [data-testid="image-problem"], [data-testid="image-error"]', { timeout: within(300) });
}

/** The code of the image problem shown, or "" when the image was read fine. */
export async function imageProblem(frame: Frame): Promise<string> {
    const problem = frame.locator('[data-testid="image-problem"]');
    return (await problem.count()) > 0 ? (await problem.getAttribute("data-code")) ?? "" : "";
}

/** Next in the wizard's footer. */
export async function next(frame: Frame): Promise<void> {
    await frame.click('[data-testid="upgrade-wizard"] [data-testid="wizard-next"]:not([disabled])');
}

/** The pre-flight checks as "id:ok|code". */
export async function checkResults(frame: Frame): Promise<string[]> {
    await frame.waitForSelector('[data-testid="upgrade-check"]');
    return frame.locator('[data-testid="upgrade-check"]').evaluateAll(rows =>
        rows.map(r => `${r.getAttribute("data-check")}:${r.getAttribute("data-ok") === "true" ? "ok" : r.getAttribute("data-code")}`));
}

/**
 * On Keep files: waits until the layer's local changes are listed and the kept ones compared with
 * the image (the host walks the layer and its base: minutes under TCG), or `path` is a conflict.
 * Returns the conflicts ("PATH:mine|image") and the changes that stay behind (paths).
 */
export async function localChanges(frame: Frame, path?: string): Promise<{ conflicts: string[]; behind: string[] }> {
    const ready = path === undefined
        ? '[data-testid="conflicts"], [data-testid="local-error"], [data-testid="conflicts-error"]'
        : `[data-testid="conflict-row"][data-path="${path}"]`;
    await frame.waitForSelector(ready, { timeout: within(600) });
    const conflicts = await frame.locator('[data-testid="conflict-row"]').evaluateAll(rows =>
        rows.map(r => `${r.getAttribute("data-path")}:${r.getAttribute("data-choice")}`));
    const toggle = frame.locator('[data-testid="behind-toggle"] button').first();
    if (await toggle.count() > 0 && await toggle.getAttribute("aria-expanded") !== "true")
        await toggle.click();
    const behind = await frame.locator('[data-testid="behind-row"]').evaluateAll(rows => rows.map(r => r.getAttribute("data-path") ?? ""));
    return { conflicts, behind };
}

/** Adds a whitelist entry in the wizard's editor. */
export async function addKeptPath(frame: Frame, pattern: string): Promise<void> {
    await frame.click('[data-testid="upgrade-wizard"] [data-testid="persist-add"]');
    await frame.locator('[data-testid="upgrade-wizard"] [data-testid="persist-pattern"]').last().fill(pattern);
}
