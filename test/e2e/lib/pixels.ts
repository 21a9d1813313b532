// Pixel tests: a part of our page as the browser painted it, compared with a reference image kept
// in test/e2e/pixels/, the way Cockpit's own pages keep their look. (Animations are off in every
// session, lib/browser.ts; Playwright's own switch for them fails in Cockpit's frames.) The page's fonts come from the
// lab's Cockpit and the browser is Debian's Chromium, so two runs paint the same pixels; what
// changes between runs by nature (times, job ids, the thin pool's fill) is masked by the caller.
// A few pixels may differ (anti-aliasing, a font hinted one step apart): pixelmatch ignores
// anti-aliased ones and MAX_DIFFERENT allows a sliver more; anything larger is a change of look.
//   IMGBASED_PIXELS=update make test-e2e E2E_TESTS=test/e2e/views.test.ts   records them anew
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import type { Frame, Locator } from "playwright-core";
import { RESULTS } from "./vm.ts";

export const REFERENCES = resolve(import.meta.dirname, "../pixels");
/** The share of pixels that may differ beyond pixelmatch's colour threshold. */
const MAX_DIFFERENT = 0.002;
/** A masked box: a colour no view of ours uses, so a reviewer sees what was left out. */
const MASK_RGBA = [255, 0, 255, 255];

/**
 * Nothing hovered, nothing focused (no caret), every font loaded and every transition ended (a
 * theme switch fades PatternFly's link colours): what a screenshot must not depend on.
 */
export async function settle(frame: Frame): Promise<void> {
    await frame.page().mouse.move(0, 0);
    await frame.evaluate(async () => {
        (document.activeElement as HTMLElement | null)?.blur();
        await document.fonts.ready;
        const finite = document.getAnimations().filter(a => a.effect?.getComputedTiming().iterations !== Infinity);
        await Promise.all(finite.map(a => a.finished.catch(() => undefined)));
    });
}

interface Box { left: number; top: number; right: number; bottom: number }

/**
 * The part of each element of `locator` the admin sees, in its frame's coordinates: its box cut
 * by every ancestor that clips (a dialog's scrolling body), so a row scrolled under the footer
 * masks nothing. (No named functions inside: tsx's helpers for them are not in the page.)
 */
function visibleBoxes(locator: Locator): Promise<Box[]> {
    return locator.evaluateAll(elements => elements.map(e => {
        const r = e.getBoundingClientRect();
        let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
        for (let a = e.parentElement; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX === "visible" && style.overflowY === "visible") continue;
            const c = a.getBoundingClientRect();
            [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
        }
        return { left, top, right, bottom };
    }));
}

/** Paints the visible parts of `mask` over `png`, the screenshot of `subject`. */
async function paintMasks(png: PNG, subject: Locator, mask: Locator[]): Promise<void> {
    const [at] = await visibleBoxes(subject);
    for (const locator of mask) {
        for (const box of await visibleBoxes(locator)) {
            const left = Math.max(0, Math.floor(box.left - at!.left)), top = Math.max(0, Math.floor(box.top - at!.top));
            const right = Math.min(png.width, Math.ceil(box.right - at!.left));
            const bottom = Math.min(png.height, Math.ceil(box.bottom - at!.top));
            for (let y = top; y < bottom; y++) {
                for (let x = left; x < right; x++)
                    png.data.set(MASK_RGBA, (y * png.width + x) * 4);
            }
        }
    }
}

/**
 * Compares `locator`'s pixels with the reference `name`.png; `mask` covers what changes from run
 * to run. On a difference the actual image and a diff image go to test-results/.
 */
export async function assertLooksLike(locator: Locator, name: string, mask: Locator[] = []): Promise<void> {
    // Playwright's own caret hiding and masks add style to the page, which Cockpit's frames
    // refuse ("Sharing constructed stylesheets…"): the caret is hidden by settle(), and the
    // masks are painted here, on the pixels.
    const png = PNG.sync.read(await locator.screenshot({ caret: "initial", scale: "css" }));
    await paintMasks(png, locator, mask);
    const shot = PNG.sync.write(png);
    const reference = resolve(REFERENCES, `${name}.png`);
    if (process.env.IMGBASED_PIXELS === "update") {
        await mkdir(REFERENCES, { recursive: true });
        await writeFile(reference, shot);
        return;
    }
    const keep = async (suffix: string, png: Buffer) => {
        await mkdir(RESULTS, { recursive: true });
        const file = resolve(RESULTS, `pixels-${name}${suffix}.png`);
        await writeFile(file, png);
        return file;
    };
    let expected: PNG;
    try {
        expected = PNG.sync.read(await readFile(reference));
    } catch {
        const file = await keep("-actual", shot);
        throw new Error(`no reference image ${reference}: the page looks like ${file}; if that is right, record it with IMGBASED_PIXELS=update`);
    }
    const actual = png;
    if (actual.width !== expected.width || actual.height !== expected.height) {
        const file = await keep("-actual", shot);
        throw new Error(`${name}: ${actual.width}×${actual.height} px, the reference is ${expected.width}×${expected.height} px; see ${file}`);
    }
    const diff = new PNG({ width: actual.width, height: actual.height });
    const different = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height);
    const share = different / (actual.width * actual.height);
    if (share > MAX_DIFFERENT) {
        const file = await keep("-actual", shot);
        await keep("-diff", PNG.sync.write(diff));
        throw new Error(`${name}: ${different} pixels (${(share * 100).toFixed(2)} %) differ from the reference, more than ${MAX_DIFFERENT * 100} %; see ${file} and its -diff.png`);
    }
}
