// The page's first open stays within its budget: a production build (build.js, about 2 s) into a
// temporary directory, measured as the bundle benchmark does it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";

import { run as bundleSizes, staticImports, type BundleBenchResult } from "../../bench/bundle.bench.ts";

/** What the first open may fetch, JS and CSS gzipped: see issue 14. */
const FIRST_LOAD_BUDGET = 300 * 1024;
const REPO = resolve(import.meta.dirname, "../..");

describe("the production bundle", () => {
    const dir = mkdtempSync(join(tmpdir(), "imgbased-bundle-"));
    let sizes: BundleBenchResult;
    before(() => {
        execFileSync(process.execPath, ["build.js"], {
            cwd: REPO, stdio: "pipe", env: { ...process.env, NODE_ENV: "production", IMGBASED_OUTDIR: dir },
        });
        sizes = bundleSizes(dir);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test(`the first load is at most ${FIRST_LOAD_BUDGET / 1024} KB gzipped`, () => {
        const list = sizes.files.filter(f => f.firstLoad).map(f => `${f.name} ${f.gz}`).join(", ");
        assert.ok(sizes.firstLoad.gz <= FIRST_LOAD_BUDGET, `${sizes.firstLoad.gz} bytes: ${list}`);
    });

    test("the lazy views are not in it, and each has its CSS", () => {
        for (const view of ["DiffPage", "UpgradeWizard", "FileDiffModal", "ActionDialogs"]) {
            const files = sizes.files.filter(f => f.name.startsWith(`${view}-`));
            assert.deepEqual(files.map(f => f.name.replace(/-[^.]*/, "")).sort(), [`${view}.css`, `${view}.js`], view);
            assert.ok(files.every(f => !f.firstLoad), view);
        }
    });

    test("every JS and CSS file ships gzipped only, and no font or image is bundled", () => {
        const names = readdirSync(dir);
        assert.deepEqual(names.filter(n => /\.(js|css)$/.test(n) || /\.(woff2?|svg|png|jpg)$/.test(n)), []);
        assert.ok(names.includes("index.js.gz") && names.includes("index.css.gz"));
    });

    test("manifest.json is the top level's, its docs links made absolute under package.json's homepage", () => {
        const { homepage } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
        const built = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
        const docs: { url: string }[] = built.menu.index.docs;
        assert.ok(docs.length > 0);
        for (const { url } of docs) assert.match(url, new RegExp(`^${homepage.replace(/[.]/g, "\\.")}#[a-z0-9-]+$`));
        const source = JSON.parse(readFileSync(join(REPO, "manifest.json"), "utf8"));
        assert.deepEqual({ ...built, menu: {} }, { ...source, menu: {} });
    });
});

describe("staticImports", () => {
    test("import ... from and bare imports, not import()", () => {
        const js = 'import{a as b}from"./chunk-A.js";import"./chunk-B.js";import {c} from \'./chunk-C.js\';const d=()=>import("./Lazy-D.js");';
        assert.deepEqual(staticImports(js), ["chunk-A.js", "chunk-B.js", "chunk-C.js"]);
    });
});
