// The change tree's keyboard (src/views/diff/tree-keys.ts) and its toggles' names.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { treeKeyAction, type TreeItemState } from "../../src/views/diff/tree-keys.ts";
import { dirDisplayPath, toggleLabel } from "../../src/views/diff/tree-names.ts";
import { compareTrees } from "../../src/model/diff/compare.ts";
import { buildTree, type TreeDir } from "../../src/model/diff/tree.ts";
import { entry } from "./diff-fixtures.ts";

// As shown:   /  (open)
//               etc/  (open)
//                 ssh/  (closed)
//                 hostname
//               var/  (open, nothing shown below)
//               vmlinuz
const items: TreeItemState[] = [
    { level: 1, expanded: true },   // 0 /
    { level: 2, expanded: true },   // 1 etc/
    { level: 3, expanded: false },  // 2 ssh/
    { level: 3, expanded: null },   // 3 hostname
    { level: 2, expanded: true },   // 4 var/
    { level: 2, expanded: null },   // 5 vmlinuz
];
const at = (key: string, current: number) => treeKeyAction(key, items, current);

describe("treeKeyAction", () => {
    test("up and down go through the items shown; not past the ends", () => {
        assert.deepEqual(at("ArrowDown", 0), { kind: "focus", index: 1 });
        assert.deepEqual(at("ArrowDown", 3), { kind: "focus", index: 4 });
        assert.equal(at("ArrowDown", 5), null);
        assert.deepEqual(at("ArrowUp", 4), { kind: "focus", index: 3 });
        assert.equal(at("ArrowUp", 0), null);
    });

    test("Home and End: the first and the last item", () => {
        assert.deepEqual(at("Home", 3), { kind: "focus", index: 0 });
        assert.deepEqual(at("End", 1), { kind: "focus", index: 5 });
        assert.equal(at("Home", 0), null);
        assert.equal(at("End", 5), null);
    });

    test("right opens a closed directory, steps into an open one, does nothing on a file", () => {
        assert.deepEqual(at("ArrowRight", 2), { kind: "expand" });
        assert.deepEqual(at("ArrowRight", 1), { kind: "focus", index: 2 });
        assert.equal(at("ArrowRight", 4), null, "open but nothing below it");
        assert.equal(at("ArrowRight", 3), null);
    });

    test("left closes an open directory, else steps out to the parent", () => {
        assert.deepEqual(at("ArrowLeft", 1), { kind: "collapse" });
        assert.deepEqual(at("ArrowLeft", 2), { kind: "focus", index: 1 });
        assert.deepEqual(at("ArrowLeft", 3), { kind: "focus", index: 1 });
        assert.deepEqual(at("ArrowLeft", 5), { kind: "focus", index: 0 });
        assert.deepEqual(at("ArrowLeft", 0), { kind: "collapse" });
        assert.equal(treeKeyAction("ArrowLeft", [{ level: 1, expanded: false }], 0), null, "the closed root has no parent");
    });

    test("Enter and Space open a file, open or close a directory", () => {
        for (const key of ["Enter", " "]) {
            assert.deepEqual(at(key, 3), { kind: "activate" });
            assert.deepEqual(at(key, 2), { kind: "expand" });
            assert.deepEqual(at(key, 1), { kind: "collapse" });
        }
    });

    test("other keys, and an item not in the list, do nothing", () => {
        for (const key of ["a", "Tab", "Escape", "PageDown"])
            assert.equal(at(key, 1), null, key);
        assert.equal(at("ArrowDown", -1), null);
        assert.equal(treeKeyAction("ArrowDown", [], 0), null);
    });
});

describe("toggle names", () => {
    // Two files added below etc/, one under a name that is not UTF-8 (the tree holds binary strings).
    const changes = compareTrees([], ["etc/ssh/sshd_config", "etc/caf\xe9/x"].map(path => entry("old", "etc/issue", { path })), "metadata");
    const root = buildTree(changes);
    const dir = (name: string, parent: TreeDir = root) => parent.dirs.find(d => d.name === name)!;

    test("the directory as a path from the root, escaped as everywhere", () => {
        assert.equal(dirDisplayPath(root), "/");
        assert.equal(dirDisplayPath(dir("ssh", dir("etc"))), "/etc/ssh/");
        assert.equal(dirDisplayPath(dir("caf\xe9", dir("etc"))), "/etc/caf\\xE9/");
    });

    test("say which directory they open or close", () => {
        assert.equal(toggleLabel(false, dir("ssh", dir("etc"))), "Open /etc/ssh/");
        assert.equal(toggleLabel(true, root), "Close /");
    });
});
