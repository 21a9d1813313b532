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
    return frame.evaluate(() => {
        const lines: string[] = [];
        const page = document.querySelector('[data-testid="imgbased-page"]');
        lines.push(`page: ${page?.getAttribute("data-state") ?? "(not rendered)"}${page?.getAttribute("data-reason") ? " / " + page.getAttribute("data-reason") : ""}`);
        const marked = [...document.querySelectorAll("[data-testid][data-state], [data-testid][data-status], [data-testid][data-code]")]
                .filter(e => e !== page)
                .map(e => {
                    const a = (n: string) => e.getAttribute(n);
                    const id = a("data-step-id") ?? a("data-check") ?? a("data-job-id") ?? a("data-path") ?? "";
                    return `${a("data-testid")}${id ? "[" + id + "]" : ""}: ${[a("data-state"), a("data-status"), a("data-code")].filter(Boolean).join(" ")}`;
                });
        lines.push(...marked.slice(0, 40));
        if (marked.length > 40) lines.push(`… ${marked.length - 40} more`);
        for (const d of document.querySelectorAll('[role="dialog"]'))
            lines.push(`dialog: ${(d.getAttribute("aria-label") ?? d.querySelector("h1, h2")?.textContent ?? "").slice(0, 100)}`);
        for (const t of document.querySelectorAll(".pf-v6-c-alert__title"))
            lines.push(`alert: ${(t.textContent ?? "").trim().slice(0, 160)}`);
        return lines.join("\n");
    }).catch(e => `(the page could not be read: ${String(e).split("\n")[0]})`);
}

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
