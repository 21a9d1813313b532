// filterChanges (src/model/diff/filter.ts) on the changed-layer fixture's 22 changes: the path
// filter (case-insensitive substring; a glob when it holds * or ?, anchored to the whole path
// when it starts with "/"), the class toggles, "hide noise" and its count. The counts must be
// taken after the path and noise filters but before the class filter, so each class toggle can
// say how many rows it would add.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import type { ChangeClass } from "../../src/model/diff/compare.ts";
import { filterChanges, type ChangeFilter } from "../../src/model/diff/filter.ts";
import { DEFAULT_NOISE } from "../../src/model/diff/noise.ts";
import { fixtureChanges } from "./diff-fixtures.ts";

const CHANGES = fixtureChanges("inode");
const ALL: ReadonlySet<ChangeClass> = new Set(["added", "removed", "content", "metadata"]);

function run(opts: Partial<ChangeFilter>) {
    return filterChanges(CHANGES, { text: "", classes: ALL, hideNoise: false, noise: DEFAULT_NOISE, ...opts });
}

const shownPaths = (opts: Partial<ChangeFilter>) => run(opts).shown.map(c => c.display);

describe("filterChanges: no filter, and hide noise", () => {
    test("nothing filtered: every change, the totals, 6 noisy (LVM's archive and backup)", () => {
        const { shown, counts, noisy } = run({});
        assert.deepEqual(shown, CHANGES);
        assert.deepEqual(counts, { added: 15, removed: 1, content: 5, metadata: 1 });
        assert.equal(noisy, 6);
    });

    test("hide noise drops them from the list and from the counts; noisy still says how many", () => {
        const { shown, counts, noisy } = run({ hideNoise: true });
        assert.equal(shown.length, 16);
        assert.ok(shown.every(c => !c.display.startsWith("/etc/lvm/")));
        assert.deepEqual(counts, { added: 9, removed: 1, content: 5, metadata: 1 });
        assert.equal(noisy, 6);
    });

    test("no noise patterns: nothing is noisy, hidden or not", () => {
        for (const hideNoise of [false, true]) {
            const { shown, noisy } = run({ hideNoise, noise: [] });
            assert.deepEqual([shown.length, noisy], [22, 0]);
        }
    });
});

describe("filterChanges: the path filter", () => {
    test("a substring of the shown path, case-insensitive, trimmed", () => {
        assert.deepEqual(shownPaths({ text: "ISSUE" }), ["/etc/issue"]);
        assert.deepEqual(shownPaths({ text: "  issue\t" }), ["/etc/issue"]);
        assert.deepEqual(shownPaths({ text: "ssh/" }), ["/etc/ssh/sshd_config"]);
        assert.equal(shownPaths({ text: "imgbased-lab" }).length, 7 + 1 + 2);
        assert.deepEqual(shownPaths({ text: "nothing-like-this" }), []);
        assert.equal(shownPaths({ text: "   " }).length, 22);
    });

    test("it matches the display form: escapes as shown, not the raw bytes", () => {
        assert.deepEqual(shownPaths({ text: "caf\\xe9" }), ["/etc/imgbased-lab/caf\\xE9"]);
        assert.deepEqual(shownPaths({ text: "café" }), []);
        assert.deepEqual(shownPaths({ text: "line\\nbreak" }), ["/etc/imgbased-lab/line\\nbreak"]);
        assert.deepEqual(shownPaths({ text: "with spaces" }), ["/etc/imgbased-lab/name with spaces"]);
    });

    test("a glob with a leading / is anchored to the whole path", () => {
        assert.deepEqual(shownPaths({ text: "/versio?" }), []);
        assert.deepEqual(shownPaths({ text: "/etc/debian_versio?" }), ["/etc/debian_version"]);
        assert.deepEqual(shownPaths({ text: "/usr/*/versio?" }), ["/usr/share/imgbased-lab-base/version", "/usr/share/imgbased-lab-tool/version"]);
        assert.deepEqual(shownPaths({ text: "/ETC/ISSU?" }), ["/etc/issue"]);
        // "*" crosses "/" in the path filter: every change under /etc.
        assert.equal(shownPaths({ text: "/etc/*" }).length, 19);
        assert.deepEqual(shownPaths({ text: "/etc/*.conf" }), ["/etc/imgbased-lab/site.conf"]);
        assert.deepEqual(shownPaths({ text: "/etc/i*" }), [
            "/etc/imgbased-lab", "/etc/imgbased-lab/caf\\xE9", "/etc/imgbased-lab/fifo", "/etc/imgbased-lab/line\\nbreak",
            "/etc/imgbased-lab/link", "/etc/imgbased-lab/name with spaces", "/etc/imgbased-lab/site.conf", "/etc/issue",
        ]);
    });

    test("a glob without one matches any part of the path", () => {
        assert.deepEqual(shownPaths({ text: "versio?" }), [
            "/etc/debian_version", "/usr/share/imgbased-lab-base/version", "/usr/share/imgbased-lab-tool/version",
        ]);
        assert.deepEqual(shownPaths({ text: "*.conf" }), ["/etc/imgbased-lab/site.conf"]);
        assert.deepEqual(shownPaths({ text: "MACHINE*" }), ["/etc/machine-id"]);
    });

    test("other characters of a glob are literal", () => {
        assert.deepEqual(shownPaths({ text: "site.conf*" }), ["/etc/imgbased-lab/site.conf"]);
        assert.deepEqual(shownPaths({ text: "site?conf" }), ["/etc/imgbased-lab/site.conf"]);
        assert.deepEqual(shownPaths({ text: "sitexconf*" }), []);
        assert.deepEqual(shownPaths({ text: "(site|issue)*" }), []);
        assert.deepEqual(shownPaths({ text: "caf\\xE9*" }), ["/etc/imgbased-lab/caf\\xE9"]);
    });
});

describe("filterChanges: classes, and where the counts are taken", () => {
    test("only the classes asked for are shown; the counts are those of all classes", () => {
        const { shown, counts } = run({ classes: new Set(["content"]) });
        assert.deepEqual(shown.map(c => c.display), [
            "/etc/fstab", "/etc/issue", "/etc/machine-id", "/etc/ssh/sshd_config", "/usr/share/imgbased-lab-base/version",
        ]);
        assert.deepEqual(counts, { added: 15, removed: 1, content: 5, metadata: 1 });
        const none = run({ classes: new Set() });
        assert.deepEqual([none.shown, none.counts], [[], { added: 15, removed: 1, content: 5, metadata: 1 }]);
        assert.deepEqual(shownPaths({ classes: new Set(["removed", "metadata"]) }), ["/etc/debian_version", "/etc/motd"]);
    });

    test("counts after the path filter and the noise filter, before the class filter", () => {
        const visible = run({ text: "/etc/*", classes: new Set(["removed"]) });
        assert.deepEqual(visible.shown.map(c => c.display), ["/etc/motd"]);
        assert.deepEqual(visible.counts, { added: 13, removed: 1, content: 4, metadata: 1 });

        const hidden = run({ text: "/etc/*", classes: new Set(["removed"]), hideNoise: true });
        assert.deepEqual(hidden.shown.map(c => c.display), ["/etc/motd"]);
        assert.deepEqual(hidden.counts, { added: 7, removed: 1, content: 4, metadata: 1 });

        const lvm = run({ text: "lvm", classes: new Set(["content"]) });
        assert.deepEqual([lvm.shown, lvm.counts], [[], { added: 6, removed: 0, content: 0, metadata: 0 }]);
        const lvmHidden = run({ text: "lvm", hideNoise: true });
        assert.deepEqual([lvmHidden.shown, lvmHidden.counts], [[], { added: 0, removed: 0, content: 0, metadata: 0 }]);
    });

    test("noisy counts the noise of the whole list (the toggle's label), whatever the path filter", () => {
        assert.equal(run({ text: "issue", hideNoise: true }).noisy, 6);
        assert.equal(run({ text: "issue", classes: new Set() }).noisy, 6);
    });
});
