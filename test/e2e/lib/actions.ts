// Drives the page's actions the way an admin does: open the row's kebab or a status-card button,
// read the plan, confirm, and wait for the job to finish.
import type { Frame } from "playwright-core";
import { within } from "./time.ts";

/**
 * Opens the kebab of a base or layer row and picks one of its actions. Once in CI, under load, a
 * click on a fresh page left the menu closed (the toggle not expanded) for two minutes: the
 * toggle is clicked again while it says it is closed, and the error names its state.
 */
export async function rowAction(frame: Frame, name: string, action: string): Promise<void> {
    const toggle = frame.locator(`[data-testid="layout-table"] tr[data-name="${name}"] [data-testid="row-actions"]`);
    for (let attempt = 1; ; attempt++) {
        await toggle.click();
        try {
            await frame.locator(`[data-testid="action-${action}"]`).waitFor({ timeout: within(20) });
            break;
        } catch (e) {
            const expanded = await toggle.getAttribute("aria-expanded");
            if (expanded === "true") {
                // Open, and slow to show: the click's own limit.
                await frame.locator(`[data-testid="action-${action}"]`).waitFor();
                break;
            }
            if (attempt >= 3)
                throw new Error(`the menu of ${name} shows no ${action} (its toggle: aria-expanded=${expanded})`, { cause: e });
        }
    }
    await frame.click(`[data-testid="action-${action}"]`);
}

/**
 * The plan dialog's exact commands, once the plan (or a refusal) is shown. A refusal that only
 * says an entry is still being checked on the host is a passing state, not an answer: on a slow
 * machine the check's round trip outlasts the typing.
 */
export async function planCommands(frame: Frame): Promise<string> {
    await frame.waitForFunction(() => {
        const dialog = document.querySelector('[data-testid="plan-dialog"]');
        if (dialog?.querySelector('[data-testid="plan-commands"]'))
            return true;
        const codes = [...dialog?.querySelectorAll('[data-testid="refusal-reason"]') ?? []].map(r => r.getAttribute("data-code"));
        return codes.length > 0 && codes.some(code => code !== "persist-unchecked");
    });
    const commands = frame.locator('[data-testid="plan-commands"]');
    return await commands.count() > 0 ? await commands.textContent() ?? "" : "";
}

/** The codes of the reasons the plan dialog gives for refusing. */
export async function refusalCodes(frame: Frame): Promise<string[]> {
    await frame.waitForSelector('[data-testid="plan-dialog"] [data-testid="plan-refusal"]');
    return frame.locator('[data-testid="refusal-reason"]').evaluateAll(items => items.map(i => i.getAttribute("data-code") ?? ""));
}

/**
 * Confirms the shown plan and waits until its job has ended; returns the job's final state.
 * `seconds`: what the job may take on the reference machine, where one update-grub took 90 s
 * alone and up to 8 min beside two other VMs.
 */
export async function confirmAndWait(frame: Frame, seconds = 900): Promise<{ state: string; jobId: string }> {
    await planCommands(frame);
    await frame.click('[data-testid="plan-confirm"]');
    return waitForJob(frame, seconds);
}

/**
 * Waits for the job view on the page to reach an end state (a failure names its steps' states).
 * `jobId`: that job's view; without it, the first one shown. (A recovery names its own job: the
 * interrupted job's view, ended as "interrupted", can be shown before the recovery's.)
 */
export async function waitForJob(frame: Frame, seconds = 900, jobId?: string): Promise<{ state: string; jobId: string }> {
    const timeout = within(seconds);
    const selector = jobId === undefined ? '[data-testid="job-progress"]' : `[data-testid="job-progress"][data-job-id="${jobId}"]`;
    const progress = frame.locator(selector).first();
    await progress.waitFor({ timeout });
    await frame.waitForFunction(s => {
        const state = document.querySelector(s)?.getAttribute("data-state");
        return state && state !== "running";
    }, selector, { timeout });
    return {
        state: (await progress.getAttribute("data-state")) ?? "",
        jobId: (await progress.getAttribute("data-job-id")) ?? "",
    };
}

/**
 * Closes the finished job's view (back to the page): the dialog's own Close, since the page may
 * list another session's job with a Close of its own, first in the document and under the
 * dialog's backdrop.
 */
export async function closeJob(frame: Frame): Promise<void> {
    await frame.click('[data-testid="plan-dialog"] [data-testid="job-close"]');
    await frame.waitForSelector('[data-testid="plan-dialog"]', { state: "detached" });
}
