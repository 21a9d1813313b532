// Waits that name the state they wait for and, when they give up, say what they saw last.
import type { Frame } from "playwright-core";
import { setTimeout as pause } from "node:timers/promises";
import { describeLimit, within } from "./time.ts";

/**
 * What the page shows now, in one line per thing a test waits on: the page's state, each element
 * with a data-testid that carries a state, status or code (jobs, steps, checks, problems), the
 * open dialogs and the alerts' titles. Failures append it, so a red test says what it saw.
 */
export async function describePage(frame: Frame): Promise<string> {
    // A string, not a function: tsx compiles test code with helpers (__name) the page lacks.
    return frame.evaluate<string>(DESCRIBE_PAGE).catch(e => `(the page could not be read: ${String(e).split("\n")[0]})`);
}

const DESCRIBE_PAGE = `(() => {
    const lines = [];
    const page = document.querySelector('[data-testid="imgbased-page"]');
    const reason = page && page.getAttribute("data-reason");
    lines.push("page: " + (page ? page.getAttribute("data-state") : "(not rendered)") + (reason ? " / " + reason : ""));
    const marked = [...document.querySelectorAll("[data-testid][data-state], [data-testid][data-status], [data-testid][data-code]")]
        .filter(e => e !== page)
        .map(e => {
            const id = e.getAttribute("data-step-id") || e.getAttribute("data-check") || e.getAttribute("data-job-id") || e.getAttribute("data-path") || "";
            const values = ["data-state", "data-status", "data-code"].map(n => e.getAttribute(n)).filter(Boolean);
            return e.getAttribute("data-testid") + (id ? "[" + id + "]" : "") + ": " + values.join(" ");
        });
    lines.push(...marked.slice(0, 40));
    if (marked.length > 40) lines.push("... " + (marked.length - 40) + " more");
    for (const d of document.querySelectorAll('[role="dialog"]')) {
        const title = d.getAttribute("aria-label") || (d.querySelector("h1, h2") || {}).textContent || "";
        lines.push("dialog: " + title.slice(0, 100));
    }
    for (const t of document.querySelectorAll(".pf-v6-c-alert__title"))
        lines.push("alert: " + (t.textContent || "").trim().slice(0, 160));
    return lines.join("\\n");
})()`;

/**
 * Polls `check` until it returns a value other than undefined; gives up after `seconds` (scaled)
 * with an error naming `what` and the last thing `look` saw. For states the page cannot signal
 * (the guest's own state): the page's own waits are Playwright's, on its elements.
 */
export async function poll<T>(what: string, seconds: number, check: () => Promise<T | undefined>, look: () => Promise<string>): Promise<T> {
    const deadline = Date.now() + within(seconds);
    for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline)
            throw new Error(`gave up waiting for ${what} after ${describeLimit(seconds)}; last seen: ${await look()}`);
        // The interval between two looks, not a wait for anything.
        await pause(300);
    }
}
