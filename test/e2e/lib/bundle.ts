// What the page fetches from the node: our files, shipped gzipped only (build.js), are served with
// Content-Encoding gzip, the first open fetches exactly the first-load files the bundle benchmark
// counts, a lazy view fetches its chunk and CSS when it opens, and the fonts come from Cockpit.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Frame, Page } from "playwright-core";
import { run as bundleSizes } from "../../../bench/bundle.bench.ts";

const DIST = resolve(import.meta.dirname, "../../../dist");

/** The paths the frame has fetched so far (Resource Timing), without the host. */
export async function fetchedPaths(frame: Frame): Promise<string[]> {
    const urls = await frame.evaluate('performance.getEntriesByType("resource").map(e => e.name)') as string[];
    return urls.map(u => new URL(u).pathname);
}

/** Our JS and CSS files among paths, by file name. */
function ours(paths: string[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const path of paths) {
        const m = /\/imgbased\/([^/]+\.(?:js|css))$/.exec(path);
        if (m) found.set(m[1]!, path);
    }
    return found;
}

async function assertCompressed(page: Page, url: string, path: string): Promise<void> {
    const response = await page.request.get(url + path);
    assert.equal(response.status(), 200, path);
    assert.equal(response.headers()["content-encoding"], "gzip", path);
}

/**
 * Right after the page opened: it fetched exactly the first-load files (entry, its static imports,
 * index.css), each compressed, po.js, and its fonts from Cockpit's static/fonts; every other JS
 * and CSS file of dist/ (the lazy views', the translations) is served compressed as well. Returns what was fetched, for
 * lazyFetched().
 */
export async function assertFirstLoad(page: Page, url: string, frame: Frame): Promise<string[]> {
    // A font counts as fetched once it has arrived.
    await frame.evaluate("document.fonts.ready.then(() => true)");
    const paths = await fetchedPaths(frame);
    const fetched = ours(paths);
    // index.html loads po.js, the translation for the session's language: Cockpit answers it with
    // po.<lang>.js.gz, or for English with an empty, uncompressed reply. It is not a bundle file.
    assert.ok(fetched.delete("po.js"), `index.html loads po.js: ${JSON.stringify(paths)}`);
    assert.deepEqual([...fetched.keys()].sort(), [...bundleSizes(DIST).firstLoad.files].sort());
    for (const path of fetched.values()) await assertCompressed(page, url, path);

    const fonts = paths.filter(p => p.includes("/static/fonts/"));
    assert.ok(fonts.length > 0, `the page's text fonts come from Cockpit: ${JSON.stringify(paths)}`);
    for (const path of fonts) assert.equal((await page.request.get(url + path)).status(), 200, path);

    const base = [...fetched.values()][0]!.replace(/[^/]+$/, "");
    const shipped = readdirSync(DIST).filter(n => n.endsWith(".gz")).map(n => n.slice(0, -".gz".length));
    assert.ok(shipped.length > fetched.size, "dist/ has lazy chunks");
    for (const name of shipped) await assertCompressed(page, url, base + name);
    return paths;
}

/** The JS and CSS files of ours fetched since `before`, each checked to be served compressed. */
export async function assertLazyFetched(page: Page, url: string, frame: Frame, before: string[]): Promise<string[]> {
    const earlier = ours(before);
    const added = [...ours(await fetchedPaths(frame))].filter(([name]) => !earlier.has(name));
    for (const [, path] of added) await assertCompressed(page, url, path);
    return added.map(([name]) => name);
}
