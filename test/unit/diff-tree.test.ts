// buildTree (src/model/diff/tree.ts) on the changes the changed-layer fixture gives: counts per
// class on every directory on the way to a change (the root's are the list's totals), bytes of
// the files involved, children sorted by bytes, and a directory that is itself a change (added
// etc/imgbased-lab) kept as a directory with `self` set rather than as a file. Also the root's
// own change, a removed directory, input order not mattering, and the small helpers.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { classOf, compareTrees } from "../../src/model/diff/compare.ts";
import { buildTree, emptyCounts, sizeOf, totalOf, type TreeDir } from "../../src/model/diff/tree.ts";
import type { Change } from "../../src/model/diff/types.ts";
import { entry, fixtureChanges, realEntry } from "./diff-fixtures.ts";

/** The directory at a relative path, by walking names from the root. */
function dirAt(root: TreeDir, path: string): TreeDir {
    let node = root;
    for (const name of path === "" ? [] : path.split("/")) {
        const next = node.dirs.find(d => d.name === name);
        assert.ok(next, `no directory ${path}`);
        node = next;
    }
    return node;
}

const paths = (changes: readonly Change[]) => changes.map(c => c.path);

describe("buildTree on the changed-layer fixture", () => {
    const changes = fixtureChanges("inode");
    const root = buildTree(changes);

    test("the root's counts are the list's totals per class", () => {
        const totals = emptyCounts();
        for (const c of changes)
            totals[classOf(c)]++;
        assert.deepEqual(totals, { added: 15, removed: 1, content: 5, metadata: 1 });
        assert.deepEqual(root.counts, totals);
        assert.equal(totalOf(root.counts), 22);
        assert.deepEqual([root.path, root.name, root.self, root.files], ["", "", null, []]);
        assert.deepEqual(root.dirs.map(d => d.name), ["etc", "usr"]);
    });

    test("/etc: its counts, its direct files, its subdirectories sorted", () => {
        const etc = dirAt(root, "etc");
        assert.deepEqual(etc.counts, { added: 13, removed: 1, content: 4, metadata: 1 });
        assert.equal(etc.path, "etc");
        assert.equal(etc.self, null);
        assert.deepEqual(paths(etc.files), ["etc/debian_version", "etc/fstab", "etc/issue", "etc/machine-id", "etc/motd"]);
        assert.deepEqual(etc.dirs.map(d => d.name), ["imgbased-lab", "lvm", "ssh"]);
        assert.deepEqual(dirAt(root, "etc/ssh").counts, { added: 0, removed: 0, content: 1, metadata: 0 });
        assert.deepEqual(dirAt(root, "etc/lvm").dirs.map(d => d.path), ["etc/lvm/archive", "etc/lvm/backup"]);
        assert.deepEqual(dirAt(root, "usr").counts, { added: 2, removed: 0, content: 1, metadata: 0 });
        assert.deepEqual(dirAt(root, "usr/share").dirs.map(d => d.name), ["imgbased-lab-base", "imgbased-lab-tool"]);
    });

    test("an added directory is a directory with `self`, not a file of its parent", () => {
        const lab = dirAt(root, "etc/imgbased-lab");
        assert.ok(lab.self);
        assert.equal(lab.self.kind, "added");
        assert.equal(lab.self.display, "/etc/imgbased-lab");
        assert.ok(!dirAt(root, "etc").files.some(c => c.path === "etc/imgbased-lab"));
        // Its own change counts in its parents, its entries count in it (and in its parents).
        assert.deepEqual(lab.counts, { added: 6, removed: 0, content: 0, metadata: 0 });
        assert.deepEqual(paths(lab.files), [
            "etc/imgbased-lab/caf\xE9", "etc/imgbased-lab/fifo", "etc/imgbased-lab/line\nbreak",
            "etc/imgbased-lab/link", "etc/imgbased-lab/name with spaces", "etc/imgbased-lab/site.conf",
        ]);
        assert.deepEqual(lab.dirs, []);
        for (const dir of ["etc/lvm/archive", "etc/lvm/backup", "usr/share/imgbased-lab-tool"])
            assert.equal(dirAt(root, dir).self?.kind, "added", dir);
        for (const dir of ["etc", "etc/lvm", "etc/ssh", "usr", "usr/share", "usr/share/imgbased-lab-base"])
            assert.equal(dirAt(root, dir).self, null, dir);
        assert.equal(dirAt(root, "etc/lvm/archive").files.length, 3);
    });

    test("bytes: the sizes of the regular files involved (new size, or old for removed)", () => {
        const lab = dirAt(root, "etc/imgbased-lab");
        // caf\xE9 7 + line\nbreak 8 + name with spaces 7 + site.conf 9; the FIFO and the symlink count 0.
        assert.equal(lab.bytes, 31);
        assert.equal(dirAt(root, "etc/lvm/archive").bytes, 3970 + 3978 + 3969);
        assert.equal(dirAt(root, "etc/lvm").bytes, 3970 + 3978 + 3969 + 3968);
        assert.equal(dirAt(root, "etc/ssh").bytes, 3248);
        // debian_version 6, fstab 96, issue 44, machine-id 33, motd 286 (removed: its old size).
        assert.equal(dirAt(root, "etc").bytes, 6 + 96 + 44 + 33 + 286 + 31 + 15885 + 3248);
        assert.equal(dirAt(root, "usr").bytes, 44);
        assert.equal(root.bytes, 19673);
        assert.equal(root.bytes, changes.reduce((sum, c) => sum + sizeOf(c), 0));
    });

    test("the order of the input does not matter", () => {
        const shuffled = [...changes].reverse();
        shuffled.push(shuffled.shift()!);
        assert.deepEqual(buildTree(shuffled), root);
    });
});

describe("buildTree: edge cases", () => {
    test("no changes: an empty root", () => {
        assert.deepEqual(buildTree([]), { path: "", name: "", counts: emptyCounts(), bytes: 0, dirs: [], files: [], self: null });
    });

    test("the root's own change is the root's self", () => {
        const changes = compareTrees([realEntry("old", "")], [entry("old", "", { mode: "700", ctime: "1795651121.0000000000" })], "inode");
        const root = buildTree(changes);
        assert.equal(root.self, changes[0]);
        assert.deepEqual([root.files, root.dirs, root.counts], [[], [], { added: 0, removed: 0, content: 0, metadata: 1 }]);
    });

    test("a removed directory and its removed files", () => {
        const gone = ["etc/ssh", "etc/ssh/sshd_config", "etc/ssh/moduli"].map(p =>
            p === "etc/ssh" ? entry("old", "etc", { path: p }) : entry("old", "etc/issue", { path: p, size: 100 }));
        const root = buildTree(compareTrees(gone, [], "inode"));
        const ssh = dirAt(root, "etc/ssh");
        assert.equal(ssh.self?.kind, "removed");
        assert.deepEqual(paths(ssh.files), ["etc/ssh/moduli", "etc/ssh/sshd_config"]);
        assert.deepEqual(ssh.counts, { added: 0, removed: 2, content: 0, metadata: 0 });
        assert.deepEqual(dirAt(root, "etc").counts, { added: 0, removed: 3, content: 0, metadata: 0 });
        assert.deepEqual(dirAt(root, "etc").files, []);
        assert.equal(root.bytes, 200);
    });

    test("names are sorted by bytes", () => {
        const names = ["etc/z", "etc/\xE9/x", "etc/B/x", "etc/a b/x", "etc/a/x", "etc/A"];
        const root = buildTree(compareTrees([], names.map(path => entry("old", "etc/issue", { path })), "metadata"));
        assert.deepEqual(dirAt(root, "etc").dirs.map(d => d.name), ["B", "a", "a b", "\xE9"]);
        assert.deepEqual(paths(dirAt(root, "etc").files), ["etc/A", "etc/z"]);
    });
});

describe("tree helpers", () => {
    test("sizeOf: a regular file's new size, else its old one; 0 for anything else", () => {
        const [changed, removed, link] = [
            compareTrees([realEntry("old", "etc/issue")], [realEntry("new", "etc/issue")], "inode")[0]!,
            compareTrees([realEntry("old", "etc/motd")], [], "inode")[0]!,
            compareTrees([], [realEntry("new", "etc/imgbased-lab/link")], "inode")[0]!,
        ];
        assert.deepEqual([sizeOf(changed), sizeOf(removed), sizeOf(link)], [44, 286, 0]);
    });

    test("emptyCounts gives a fresh object; totalOf adds the four classes", () => {
        const a = emptyCounts();
        a.added++;
        assert.deepEqual(emptyCounts(), { added: 0, removed: 0, content: 0, metadata: 0 });
        assert.equal(totalOf({ added: 1, removed: 2, content: 3, metadata: 4 }), 10);
    });
});
