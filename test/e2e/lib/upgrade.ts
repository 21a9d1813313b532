// Drives the upgrade wizard the way an admin does: path, Check image, then through the steps.
import type { Frame } from "playwright-core";

/** Opens the wizard, names the image and has it checked; resolves when the result is shown. */
export async function chooseImage(frame: Frame, path: string, sha256 = ""): Promise<void> {
    await frame.click('[data-testid="action-upgrade"]');
    await frame.fill('[data-testid="upgrade-path"]', path);
    if (sha256 !== "")
        await frame.fill('[data-testid="upgrade-sha256"]', sha256);
    await frame.click('[data-testid="upgrade-inspect"]');
    await frame.waitForSelector('[data-testid="image-facts"], [data-testid="image-problem"], [data-testid="image-error"]', { timeout: 120_000 });
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
