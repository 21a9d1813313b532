// Reads what our page shows, through the stable data-testids of src/views.
import type { Frame } from "playwright-core";
import { within } from "./time.ts";

export async function pageState(frame: Frame): Promise<{ state: string; reason: string | null }> {
    const root = frame.locator('[data-testid="imgbased-page"]');
    return { state: (await root.getAttribute("data-state")) ?? "", reason: await root.getAttribute("data-reason") };
}

/** Base and layer names in the order the page lists them. */
export async function pageImages(frame: Frame): Promise<{ bases: string[]; layers: string[] }> {
    const names = (testid: string) => frame.locator(`[data-testid="${testid}"]`)
            .evaluateAll(rows => rows.map(r => r.getAttribute("data-name") ?? ""));
    return { bases: await names("base-row"), layers: await names("layer-row") };
}

/** The labels (booted, default, next, readonly, init, ...) shown on the row of one LV. */
export async function rowLabels(frame: Frame, name: string): Promise<string[]> {
    const row = frame.locator(`[data-testid="layout-table"] tr[data-name="${name}"]`);
    return row.locator('[data-testid^="label-"]')
            .evaluateAll(labels => labels.map(l => (l.getAttribute("data-testid") ?? "").replace(/^label-/, "")).sort());
}

/** The rows that carry a given label, e.g. which layer the page calls booted. */
export async function rowsWithLabel(frame: Frame, label: string): Promise<string[]> {
    return frame.locator(`tr:has([data-testid="label-${label}"])`)
            .evaluateAll(rows => rows.map(r => r.getAttribute("data-name") ?? ""));
}

/** Waits until the row of `name` shows `label`: after a job ends the page re-reads the layout. */
export async function waitForLabel(frame: Frame, name: string, label: string, seconds = 120): Promise<void> {
    await frame.waitForSelector(`[data-testid="layout-table"] tr[data-name="${name}"] [data-testid="label-${label}"]`, { timeout: within(seconds) });
}

/**
 * Waits until the layout table lists layer `name` (`listed` false: no longer lists it): after a
 * job ends the page re-reads the layout, and a read right after the job's end can come first.
 */
export async function waitForLayer(frame: Frame, name: string, listed = true, seconds = 120): Promise<void> {
    await frame.waitForSelector(`[data-testid="layer-row"][data-name="${name}"]`, { state: listed ? "attached" : "detached", timeout: within(seconds) });
}

export async function problems(frame: Frame): Promise<Array<{ code: string; subject: string }>> {
    return frame.locator('[data-testid="problem"]').evaluateAll(items => items.map(i => ({
        code: i.getAttribute("data-code") ?? "",
        subject: i.getAttribute("data-subject") ?? "",
    })));
}

/** Clicks Refresh and waits until a newer refresh has completed. */
export async function refresh(frame: Frame): Promise<void> {
    const root = frame.locator('[data-testid="imgbased-page"]');
    const before = Number(await root.getAttribute("data-refreshed-at"));
    await frame.click('[data-testid="refresh-button"]');
    await frame.waitForFunction(
        previous => Number(document.querySelector('[data-testid="imgbased-page"]')?.getAttribute("data-refreshed-at")) > previous,
        before);
}
