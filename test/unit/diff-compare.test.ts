// compareTrees and classOf (src/model/diff/compare.ts) on the changed-layer scenario's real
// listings: the "inode" method must find exactly what the scenario did (and what the layer's own
// activity did: fstab, machine-id, LVM's archive), and the "metadata" method the same minus what
// only an inode number can tell. Then single cases, each a real entry with one field changed, for
// every rule of the comparison: ctime-only, directories, type, target, owner, mode, replaced
// inodes, byte order, the root entry.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { classOf, compareTrees, type CompareMethod } from "../../src/model/diff/compare.ts";
import type { Change, ChangeAspects, FileEntry } from "../../src/model/diff/types.ts";
import { assertChanges, entry, EXPECTED_INODE, fixtureChanges, listStream, realEntry, summary } from "./diff-fixtures.ts";

const NONE: ChangeAspects = { type: false, mode: false, owner: false, target: false, content: false };
const aspects = (set: Partial<ChangeAspects>): ChangeAspects => ({ ...NONE, ...set });

/** The one change between a real old entry and a changed copy of it, or null when there is none. */
function one(a: FileEntry, b: FileEntry, method: CompareMethod): Change | null {
    const changes = compareTrees([a], [b], method);
    assert.ok(changes.length <= 1, JSON.stringify(changes));
    return changes[0] ?? null;
}

describe("compareTrees on the changed-layer fixture", () => {
    test("inode: exactly the 22 changes of the scenario and the layer's life", () => {
        assertChanges(fixtureChanges("inode"), EXPECTED_INODE);
    });

    test("inode: what each change holds", () => {
        const changes = fixtureChanges("inode");
        const at = (display: string) => changes.find(c => c.display === display)!;

        const issue = at("/etc/issue");
        assert.equal(issue.path, "etc/issue");
        assert.equal(issue.kind, "changed");
        assert.equal(issue.old, realEntry("old", "etc/issue"));
        assert.equal(issue.new, realEntry("new", "etc/issue"));
        assert.deepEqual(issue.aspects, aspects({ content: true }));

        // chmod 600 on an untouched file: same inode, new ctime, only the mode differs.
        const version = at("/etc/debian_version");
        assert.deepEqual([version.old!.mode, version.new!.mode, version.old!.inode === version.new!.inode], ["644", "600", true]);
        assert.deepEqual(version.aspects, aspects({ mode: true }));

        const motd = at("/etc/motd");
        assert.deepEqual([motd.kind, motd.new, motd.aspects], ["removed", null, null]);
        assert.equal(motd.old, realEntry("old", "etc/motd"));

        const latin1 = at("/etc/imgbased-lab/caf\\xE9");
        assert.deepEqual([latin1.kind, latin1.path, latin1.old, latin1.aspects], ["added", "etc/imgbased-lab/caf\xE9", null, null]);
        assert.equal(at("/etc/imgbased-lab/line\\nbreak").path, "etc/imgbased-lab/line\nbreak");

        // The directories whose entries came and went (etc, etc/lvm, usr/share) are not changes.
        assert.notEqual(realEntry("old", "etc").ctime, realEntry("new", "etc").ctime);
        assert.deepEqual(changes.filter(c => c.kind === "changed" && c.new!.type === "d"), []);
    });

    test("metadata: the same list but for the package file dpkg replaced with one of equal size and mtime", () => {
        // imgbased-lab-base 1.0 -> 2.0 rewrote usr/share/imgbased-lab-base/version: a new inode, but
        // "imgbased-lab-base 1.0\n" and "... 2.0\n" are both 22 bytes and both .debs were built in the
        // same second, so size and mtime (rsync's quick check) cannot see it; (inode, ctime) can.
        const old = realEntry("old", "usr/share/imgbased-lab-base/version");
        const current = realEntry("new", "usr/share/imgbased-lab-base/version");
        assert.deepEqual([old.size, current.size, old.mtime === current.mtime, old.inode, current.inode], [22, 22, true, 15570, 15626]);

        const byInode = fixtureChanges("inode");
        const byMetadata = fixtureChanges("metadata");
        assert.equal(byMetadata.length, 21);
        assertChanges(byMetadata, EXPECTED_INODE.filter(([, path]) => path !== "/usr/share/imgbased-lab-base/version"));
        // A strict subset: every metadata change is an inode change with the same class and aspects.
        for (const c of byMetadata) {
            const same = byInode.find(i => i.path === c.path);
            assert.ok(same, c.display);
            assert.deepEqual([classOf(same), same.aspects], [classOf(c), c.aspects]);
        }
        assert.deepEqual(byInode.filter(i => !byMetadata.some(m => m.path === i.path)).map(c => c.display), ["/usr/share/imgbased-lab-base/version"]);
    });

    test("the same tree against itself has no changes, by either method", () => {
        for (const side of ["old", "new"] as const) {
            const tree = listStream().entries[side];
            assert.deepEqual(compareTrees(tree, tree, "inode"), [], side);
            assert.deepEqual(compareTrees(tree, tree, "metadata"), [], side);
        }
    });

    test("against an empty tree: everything added, or everything removed", () => {
        const { old, new: current } = listStream().entries;
        const added = compareTrees([], current, "inode");
        assert.equal(added.length, 414);
        assert.ok(added.every(c => c.kind === "added" && c.old === null && c.new !== null));
        const removed = compareTrees(old, [], "metadata");
        assert.equal(removed.length, 400);
        assert.ok(removed.every(c => c.kind === "removed" && c.new === null && c.old !== null));
    });
});

describe("compareTrees: one entry at a time", () => {
    const issue = realEntry("old", "etc/issue");
    const etc = realEntry("old", "etc");

    test("a new ctime alone: listed by inode as ctime-only metadata, not by metadata", () => {
        const touched = entry("old", "etc/issue", { ctime: "1795651120.5395201780" });
        const change = one(issue, touched, "inode")!;
        assert.equal(change.kind, "changed");
        assert.deepEqual(change.aspects, NONE);
        assert.equal(classOf(change), "metadata");
        assert.equal(one(issue, touched, "metadata"), null);
    });

    test("a directory with a new mtime and ctime only is not a change", () => {
        const busy = entry("old", "etc", { mtime: "1795651120.7275201780", ctime: "1795651120.7275201780" });
        assert.equal(one(etc, busy, "inode"), null);
        assert.equal(one(etc, busy, "metadata"), null);
        // Nor a directory recreated with another inode (it has no content of its own).
        assert.equal(one(etc, { ...busy, inode: 99999 }, "inode"), null);
    });

    test("a directory's mode or owner is a metadata change", () => {
        const chmod = entry("old", "etc", { mode: "700", ctime: "1795651120.7275201780" });
        const change = one(etc, chmod, "inode")!;
        assert.deepEqual([change.kind, change.aspects, classOf(change)], ["changed", aspects({ mode: true }), "metadata"]);
        assert.deepEqual(one(etc, chmod, "metadata")!.aspects, aspects({ mode: true }));
        const chown = entry("old", "etc", { gid: 42, ctime: "1795651120.7275201780" });
        assert.deepEqual(one(etc, chown, "metadata")!.aspects, aspects({ owner: true }));
    });

    test("a file replaced by a symlink: a type change, classed as content", () => {
        const link = entry("old", "etc/issue", { type: "l", inode: 15700, size: 9, mode: "777", target: "issue.net", ctime: "1795651121.0000000000" });
        for (const method of ["inode", "metadata"] as const) {
            const change = one(issue, link, method)!;
            assert.deepEqual(change.aspects, aspects({ type: true, mode: true, target: true }), method);
            assert.equal(classOf(change), "content", method);
        }
    });

    test("a symlink pointed elsewhere: a target change (metadata class)", () => {
        const localtime = realEntry("old", "etc/localtime");
        const paris = entry("old", "etc/localtime", {
            inode: 15701, target: "/usr/share/zoneinfo/Europe/Paris", size: 32, ctime: "1795651121.0000000000", mtime: "1795651121.0000000000",
        });
        for (const method of ["inode", "metadata"] as const) {
            const change = one(localtime, paris, method)!;
            // Size and mtime of a symlink are not "content": only the target says what changed.
            assert.deepEqual(change.aspects, aspects({ target: true }), method);
            assert.equal(classOf(change), "metadata", method);
        }
    });

    test("same inode, new ctime, and a new size or mtime: content", () => {
        const appended = entry("old", "etc/issue", { ctime: "1795651121.0000000000", size: 28 });
        assert.deepEqual(one(issue, appended, "inode")!.aspects, aspects({ content: true }));
        assert.deepEqual(one(issue, appended, "metadata")!.aspects, aspects({ content: true }));
        const rewritten = entry("old", "etc/issue", { ctime: "1795651121.0000000000", mtime: "1795651121.0000000000" });
        assert.equal(classOf(one(issue, rewritten, "inode")!), "content");
        assert.equal(classOf(one(issue, rewritten, "metadata")!), "content");
    });

    test("a new inode with the same size and mtime: content by inode, nothing by metadata", () => {
        const replaced = entry("old", "etc/issue", { inode: 15702, ctime: "1795651121.0000000000" });
        assert.deepEqual(one(issue, replaced, "inode")!.aspects, aspects({ content: true }));
        assert.equal(one(issue, replaced, "metadata"), null);
        // A FIFO replaced the same way has no content to compare: ctime-only.
        const fifo = realEntry("new", "etc/imgbased-lab/fifo");
        const again = { ...fifo, inode: 15703, ctime: "1795651121.0000000000" };
        assert.deepEqual(one(fifo, again, "inode")!.aspects, NONE);
        assert.equal(one(fifo, again, "metadata"), null);
    });

    test("inode trusts an unchanged (inode, ctime); metadata looks at size and mtime", () => {
        const odd = entry("old", "etc/issue", { size: 44 });
        assert.equal(one(issue, odd, "inode"), null);
        assert.deepEqual(one(issue, odd, "metadata")!.aspects, aspects({ content: true }));
    });

    test("an owner change: uid or gid", () => {
        const ctime = "1795651121.0000000000";
        assert.deepEqual(one(issue, entry("old", "etc/issue", { uid: 1000, ctime }), "inode")!.aspects, aspects({ owner: true }));
        assert.deepEqual(one(issue, entry("old", "etc/issue", { gid: 42, ctime }), "metadata")!.aspects, aspects({ owner: true }));
        const both = one(issue, entry("old", "etc/issue", { uid: 1000, gid: 1000, mode: "600", ctime }), "inode")!;
        assert.deepEqual(both.aspects, aspects({ owner: true, mode: true }));
        assert.equal(classOf(both), "metadata");
    });

    test("the root entry \"\" is compared and shown as /", () => {
        const root = realEntry("old", "");
        assert.equal(one(root, realEntry("new", ""), "inode"), null);
        const change = one(root, entry("old", "", { mode: "700", ctime: "1795651121.0000000000" }), "inode")!;
        assert.deepEqual([change.path, change.display, change.kind, classOf(change)], ["", "/", "changed", "metadata"]);
        const added = compareTrees([], [root], "inode");
        assert.deepEqual(summary(added), [["added", "/"]]);
    });

    test("sorted by bytes, not by locale or UTF-16", () => {
        const names = ["a\xE9", "a/b", "B", "a\xC3\xA9", "a b", "a~", "a-b", "a", "a\x7F"];
        const added = compareTrees([], names.map(path => entry("old", "etc/issue", { path })), "metadata");
        assert.deepEqual(added.map(c => c.path), ["B", "a", "a b", "a-b", "a/b", "a~", "a\x7F", "a\xC3\xA9", "a\xE9"]);
        assert.deepEqual(added.map(c => c.display), ["/B", "/a", "/a b", "/a-b", "/a/b", "/a~", "/a\\x7F", "/aé", "/a\\xE9"]);
        // Removed and added interleave by path, not by kind.
        const mixed = compareTrees([entry("old", "etc/issue", { path: "m" })], [entry("old", "etc/issue", { path: "z" }), entry("old", "etc/issue", { path: "a" })], "inode");
        assert.deepEqual(mixed.map(c => [c.kind, c.path]), [["added", "a"], ["removed", "m"], ["added", "z"]]);
    });
});

describe("classOf", () => {
    const base = { path: "x", display: "/x", old: null, new: null };

    test("added and removed are their kind; changed is content for content or type, else metadata", () => {
        assert.equal(classOf({ ...base, kind: "added", aspects: null }), "added");
        assert.equal(classOf({ ...base, kind: "removed", aspects: null }), "removed");
        assert.equal(classOf({ ...base, kind: "changed", aspects: aspects({ content: true }) }), "content");
        assert.equal(classOf({ ...base, kind: "changed", aspects: aspects({ type: true }) }), "content");
        assert.equal(classOf({ ...base, kind: "changed", aspects: aspects({ mode: true, owner: true, target: true }) }), "metadata");
        assert.equal(classOf({ ...base, kind: "changed", aspects: NONE }), "metadata");
    });
});
