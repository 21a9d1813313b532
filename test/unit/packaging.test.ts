// What the packages are made of: the version from a git tag, the AppStream metainfo, the manifest's
// docs links into the README, one homepage everywhere, and the spec's bundled npm modules.
// (make test-package builds the .deb itself and runs lintian on it.)
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";

import { debvercmp } from "../../src/model/debvercmp.ts";
import { rpmvercmp } from "../../src/model/rpmvercmp.ts";
// @ts-expect-error: a plain JS script of the Makefile's, without types
import { bundledModules, providesLines } from "../../packaging/dist-files.js";

const REPO = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(REPO, path), "utf8");

describe("packaging/version", () => {
    /** A scratch repository with the script, `git` run in it, the version it prints. */
    const dir = mkdtempSync(join(tmpdir(), "imgbased-version-"));
    cpSync(join(REPO, "packaging/version"), join(dir, "packaging/version"));
    const git = (...args: string[]) => execFileSync("git", args, {
        cwd: dir, encoding: "utf8",
        env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
    }).trim();
    const version = () => execFileSync(join(dir, "packaging/version"), { encoding: "utf8" }).trim();
    const commit = () => {
        git("commit", "-q", "--allow-empty", "-m", "c");
        return git("rev-parse", "--short", "HEAD");
    };

    test("0.0.0+N.gHASH before a tag, 0.1.0 at v0.1.0, 0.1.0+N.gHASH after it, ordered alike by dpkg and rpm", () => {
        try {
            git("init", "-q");
            const first = commit();
            const before = version();
            assert.equal(before, `0.0.0+1.g${first}`);
            git("tag", "v0.1.0");
            assert.equal(version(), "0.1.0");
            commit();
            const third = commit();
            const after = version();
            assert.equal(after, `0.1.0+2.g${third}`);
            const ordered: [string, string][] = [[before, "0.1.0"], ["0.1.0", after], [after, "0.1.1"]];
            for (const [older, newer] of ordered) {
                assert.equal(debvercmp(older, newer), -1, `dpkg: ${older} < ${newer}`);
                assert.equal(rpmvercmp(older, newer), -1, `rpm: ${older} < ${newer}`);
            }
            // A tarball of make dist has no .git; the version it was made at comes with it.
            rmSync(join(dir, ".git"), { recursive: true });
            execFileSync("sh", ["-c", `echo ${after} > .tarball-version`], { cwd: dir });
            assert.equal(version(), after);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

const hasAppstream = spawnSync("appstreamcli", ["--version"]).status === 0;

test("the metainfo is valid AppStream, pedantic checks included", { skip: !hasAppstream && "appstreamcli is not installed (appstream)" }, () => {
    const run = spawnSync("appstreamcli", ["validate", "--no-net", "--pedantic", "--explain", "org.cockpit_project.imgbased.metainfo.xml"],
        { cwd: REPO, encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    // Warnings and infos pass appstreamcli's exit status; we want none at all.
    assert.doesNotMatch(run.stdout, /^[EWIP]: /m, run.stdout);
});

/** GitHub's anchor for a heading: lower case, punctuation dropped but "-" and "_", spaces to "-". */
function slug(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

test("every docs link of the manifest names a section of the README", () => {
    const anchors = read("README.md").split("\n").filter(l => /^#{1,6} /.test(l)).map(l => `#${slug(l.replace(/^#+ /, ""))}`);
    const docs: { label: string; url: string }[] = JSON.parse(read("manifest.json")).menu.index.docs;
    assert.ok(docs.length >= 1);
    for (const { label, url } of docs) {
        assert.ok(label.trim(), url);
        assert.ok(anchors.includes(url), `${url} is not one of ${anchors.join(" ")}`);
    }
});

test("the packages and the metainfo name package.json's homepage", () => {
    const { homepage } = JSON.parse(read("package.json"));
    assert.match(homepage, /^https:\/\/.*\/$/);
    assert.equal(/<url type="homepage">([^<]*)</.exec(read("org.cockpit_project.imgbased.metainfo.xml"))?.[1], homepage);
    assert.equal(/^Homepage: (.*)$/m.exec(read("packaging/debian/control"))?.[1], homepage);
    assert.equal(/^Source: (.*)$/m.exec(read("packaging/debian/copyright"))?.[1], homepage);
    assert.equal(/^URL:\s+(.*)$/m.exec(read("packaging/cockpit-imgbased.spec"))?.[1], homepage);
});

test("the spec declares every production module of package-lock.json as bundled, and no dev one", () => {
    const lock = JSON.parse(read("package-lock.json"));
    const modules: { name: string; version: string }[] = bundledModules(lock);
    const { dependencies } = JSON.parse(read("package.json"));
    for (const [name, version] of Object.entries(dependencies))
        assert.ok(modules.some(m => m.name === name && m.version === version), `${name} ${version}`);
    for (const m of modules)
        assert.ok(!lock.packages[`node_modules/${m.name}`]?.dev, `${m.name} is a dev dependency`);
    const lines = providesLines(lock).split("\n");
    assert.equal(lines.length, modules.length);
    assert.match(lines[0], /^Provides: +bundled\(npm\([@a-z0-9/._-]+\)\) = [0-9][^ ]*$/);
    // The spec in git keeps the placeholders that make dist fills in.
    const spec = read("packaging/cockpit-imgbased.spec");
    assert.match(spec, /^Version: +0$/m);
    assert.match(spec, /^# @BUNDLED_NPM@$/m);
});
