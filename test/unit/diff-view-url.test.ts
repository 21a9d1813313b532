// The diff view in the URL: what each option means, that every view survives the round trip,
// that the default view writes nothing, and which changes are history steps.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
    CLASSES, isHistoryStep, viewFromOptions, viewKey, viewOptions, type DiffView,
} from "../../src/views/diff/diff-view-url.ts";

const DEFAULT = viewFromOptions({});

test("no options: the Files tab, every class, noise hidden, the tree, no file open; it writes nothing", () => {
    assert.deepEqual(DEFAULT, { tab: "files", toolbar: { text: "", classes: new Set(CLASSES), hideNoise: true, view: "tree" }, file: null });
    assert.deepEqual(viewOptions(DEFAULT), {});
});

test("every part of a view survives the URL", () => {
    const views: DiffView[] = [
        { tab: "packages", toolbar: DEFAULT.toolbar, file: null },
        { tab: "files", toolbar: { text: "/etc/*.conf", classes: new Set(["added", "removed"]), hideNoise: false, view: "list" }, file: "etc/motd" },
        { tab: "files", toolbar: { ...DEFAULT.toolbar, classes: new Set() }, file: "odd name/with space" },
    ];
    for (const view of views)
        assert.deepEqual(viewFromOptions(viewOptions(view)), view);
    assert.deepEqual(viewOptions(views[1]!), { filter: "/etc/*.conf", show: "added,removed", noise: "show", view: "list", file: "etc/motd" });
    assert.equal(viewOptions(views[2]!).show, "none");
});

test("unknown values and repeated options read as the default or the first", () => {
    const view = viewFromOptions({ tab: "other", view: "grid", noise: "yes", show: "added,bogus", file: ["a", "b"] });
    assert.deepEqual(view, { tab: "files", toolbar: { ...DEFAULT.toolbar, classes: new Set(["added"]) }, file: "a" });
});

test("typing in the filter replaces the history entry; every other change is a step back can return to", () => {
    const typed = { ...DEFAULT, toolbar: { ...DEFAULT.toolbar, text: "/etc" } };
    assert.equal(isHistoryStep(DEFAULT, typed), false);
    assert.equal(isHistoryStep(typed, { ...typed, file: "etc/motd" }), true);
    assert.equal(isHistoryStep(DEFAULT, { ...DEFAULT, tab: "packages" }), true);
    assert.equal(isHistoryStep(DEFAULT, { ...DEFAULT, toolbar: { ...DEFAULT.toolbar, view: "list" } }), true);
    assert.equal(viewKey(viewFromOptions(viewOptions(typed))), viewKey(typed));
});
