// What the layout table held at the moment it first appeared in a (re)opened page, recorded by
// the page's own frame from its first script on, so neither a poll's delay nor a later read can
// hide a row that came late. Used by the e2e tests and `make bench BENCH=page`.
import type { Frame, Page } from "playwright-core";

export interface TableContent {
    /** data-name of every base and layer row, in order. */
    rows: string[];
    booted: string[];
    defaults: string[];
    poolBars: number;
}

export interface FirstPaint extends TableContent {
    /** performance.now() in the frame: ms since the frame's navigation began. */
    ms: number;
    /** The page showed the layout saved by an earlier open (data-saved). */
    saved: boolean;
    /** The header's "Updated …" / "Saved …, updating…" text. */
    updated: string;
    /** Where the time went: [what, started ms, ended ms] for each asset, the DOM and our marks. */
    where: [string, number, number][];
}

/** A function body as text: tsx's helpers are not in the page, and the frame's CSP forbids eval. */
const TABLE_CONTENT = `
    const names = sel => [...document.querySelectorAll(sel)].map(e => e.closest("tr")?.getAttribute("data-name") ?? "");
    return {
        rows: [...document.querySelectorAll('[data-testid="base-row"], [data-testid="layer-row"]')].map(e => e.getAttribute("data-name") ?? ""),
        booted: names('[data-testid="layer-row"] [data-testid="label-booted"]'),
        defaults: names('[data-testid="layer-row"] [data-testid="label-default"]'),
        poolBars: document.querySelectorAll('[data-testid^="pool-"]').length,
    };`;

/** An init script for the page's context: runs in every frame, records in ours only. */
export const WATCH_FIRST_PAINT = `(() => {
    if (!location.pathname.endsWith("/imgbased/index.html")) return;
    const content = () => {${TABLE_CONTENT}
    };
    const look = () => {
        if (window.__imgbasedFirstPaint || !document.querySelector('[data-testid="layout-table"]')) return;
        window.__imgbasedFirstPaint = {
            ms: performance.now(),
            saved: !!document.querySelector('[data-testid="imgbased-page"][data-saved]'),
            updated: document.querySelector('[data-testid="refreshed-text"]')?.textContent ?? "",
            ...content(),
            where: [
                ...performance.getEntriesByType("resource").map(e => [e.name.split("/").pop(), Math.round(e.startTime), Math.round(e.responseEnd)]),
                ["domContentLoaded", 0, Math.round(performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? 0)],
                ...performance.getEntriesByType("mark").map(e => [e.name, 0, Math.round(e.startTime)]),
            ],
        };
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

type Marked = Window & { __imgbasedFirstPaint?: FirstPaint; __imgbasedOld?: boolean };

const PLUGIN_FRAME = 'iframe[name="cockpit1:localhost/imgbased"]';

export async function pluginFrameOf(page: Page): Promise<Frame> {
    const frame = await (await page.waitForSelector(PLUGIN_FRAME, { state: "attached" })).contentFrame();
    if (!frame) throw new Error("the plugin iframe has no content frame");
    return frame;
}

/**
 * Reloads our frame (WATCH_FIRST_PAINT must be an init script of the page's context) and
 * resolves with the new document's first paint; `clearSaved` first forgets the saved layout.
 */
export async function reopenPlugin(page: Page, options: { clearSaved: boolean }): Promise<FirstPaint> {
    const frame = await pluginFrameOf(page);
    await frame.evaluate(clear => {
        // Marks this document, so the wait below cannot read the old one's record.
        (window as Marked).__imgbasedOld = true;
        if (clear)
            for (const key of Object.keys(sessionStorage))
                if (key.startsWith("imgbased:")) sessionStorage.removeItem(key);
        location.reload();
    }, options.clearSaved);
    const handle = await frame.waitForFunction(() => !(window as Marked).__imgbasedOld && (window as Marked).__imgbasedFirstPaint);
    return await handle.jsonValue() as FirstPaint;
}

/** The table once the page has read the host itself (not a saved layout). */
export async function settledTable(frame: Frame): Promise<TableContent> {
    await frame.waitForSelector('[data-testid="imgbased-page"][data-refreshed-at]:not([data-saved])');
    return await frame.evaluate(`(() => {${TABLE_CONTENT}
    })()`) as TableContent;
}
