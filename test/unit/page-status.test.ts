// The status the page shows in Cockpit's navigation (src/views/page-status.ts): which type and
// title for which problems and interrupted jobs. Without Cockpit, gettext returns the English.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { discover } from "../../src/model/layout.ts";
import type { Discovery, Problem } from "../../src/model/types.ts";
import { discoveryProblems, pageStatusFor, pageStatusOf } from "../../src/views/page-status.ts";
import { nodeInventory } from "./fixtures.ts";

const poolFull = (severity: "danger" | "warning", percent: number): Problem =>
    ({ code: "pool-data-full", severity, subject: "pool", params: { percent } });
const noEntry: Problem = { code: "layer-without-entry", severity: "info", subject: "debian-node-12.0-1+2" };
const readOnly: Problem = { code: "layer-read-only", severity: "warning", subject: "debian-node-12.0-1+3" };

describe("pageStatusFor", () => {
    test("a trial that fell back: a warning naming the layer and where the node went, after an interrupted job, before problems", () => {
        const result = { time: 1, job: "u-1", layer: "debian-node-12.1-1+1", outcome: "failed" as const, fallback: "debian-node-12.0-1+1", failed: ["unit:cockpit.socket"] };
        const fellBack = { kind: "fell-back" as const, result };
        assert.deepEqual(pageStatusFor([poolFull("danger", 95.5)], "nodevg", [], fellBack),
                         { type: "warning", title: "debian-node-12.1-1+1 failed its trial: the node went back to debian-node-12.0-1+1" });
        assert.deepEqual(pageStatusFor([], "nodevg", [], { kind: "fell-back", result: { ...result, outcome: "did-not-come-up" } }),
                         { type: "warning", title: "debian-node-12.1-1+1 did not come up on its trial: the node went back to debian-node-12.0-1+1" });
        assert.equal(pageStatusFor([], "nodevg", ["job-1"], fellBack)?.type, "error");
        const trial = { job: "u-2", layer: "x+1", entry: "x_1", backend: "grub-debian" as const, fallback: "y+1", planned: 0 };
        assert.equal(pageStatusFor([], "nodevg", [], { kind: "next-boot", trial }), null, "a trial still to come is no problem");
    });

    test("nothing wrong: no status (clears one set before)", () => {
        assert.equal(pageStatusFor([], "nodevg", []), null);
    });

    test("one problem: its severity as the type, its title", () => {
        assert.deepEqual(pageStatusFor([poolFull("danger", 95.5)], "nodevg", []),
                         { type: "error", title: "Thin pool data space is 95.5 % full" });
        assert.deepEqual(pageStatusFor([poolFull("warning", 85)], "nodevg", []),
                         { type: "warning", title: "Thin pool data space is 85 % full" });
        assert.deepEqual(pageStatusFor([noEntry], "nodevg", []),
                         { type: "info", title: "Layer debian-node-12.0-1+2 has no boot entry" });
    });

    test("several problems: the worst one's type and title, and how many more", () => {
        assert.deepEqual(pageStatusFor([noEntry, readOnly], "nodevg", []),
                         { type: "warning", title: "Layer debian-node-12.0-1+3 is read-only, and 1 more problem" });
        assert.deepEqual(pageStatusFor([readOnly, noEntry, poolFull("danger", 96), poolFull("danger", 97)], "nodevg", []),
                         { type: "error", title: "Thin pool data space is 96 % full, and 3 more problems" });
    });

    test("an interrupted job comes first: nothing else may change until it is undone", () => {
        assert.deepEqual(pageStatusFor([poolFull("danger", 95)], "nodevg", ["20260101-120000-ab12"]),
                         { type: "error", title: "Job 20260101-120000-ab12 was interrupted" });
        assert.deepEqual(pageStatusFor([], undefined, ["a", "b"]),
                         { type: "error", title: "Jobs a, b were interrupted" });
    });
});

describe("discoveryProblems", () => {
    test("a layout: its problems and its VG; the lab node has none", () => {
        const d = discover(nodeInventory());
        assert.equal(d.kind, "layout");
        assert.deepEqual(discoveryProblems(d), { problems: [], vgName: "nodevg" });
        assert.equal(pageStatusFor(discoveryProblems(d).problems, "nodevg", []), null);
    });

    test("several tagged VGs: the problem that stops the page is an error", () => {
        const d: Discovery = {
            kind: "ambiguous", vgNames: ["a", "b"],
            problems: [{ code: "several-tagged-vgs", severity: "danger", subject: "a, b", params: { vgs: "a, b" } }],
        };
        const { problems, vgName } = discoveryProblems(d);
        assert.deepEqual(pageStatusFor(problems, vgName, []),
                         { type: "error", title: "Several volume groups are tagged for image layers" });
    });

    test("no layout, or nothing read: no problems", () => {
        const d = discover(nodeInventory());
        assert.ok(d.kind === "layout");
        assert.deepEqual(discoveryProblems({ kind: "none", vgs: [], rootLv: null, boot: d.layout.boot }), { problems: [] });
        assert.deepEqual(discoveryProblems(null), { problems: [] });
    });
});

describe("pageStatusOf: only a fresh read decides", () => {
    const full: Discovery = {
        kind: "ambiguous", vgNames: ["a", "b"],
        problems: [{ code: "several-tagged-vgs", severity: "danger", subject: "a, b", params: { vgs: "a, b" } }],
    };
    const error = { type: "error", title: "Several volume groups are tagged for image layers" };

    test("while the first read runs, or a saved layout is shown: the status stays as it is", () => {
        assert.equal(pageStatusOf({ phase: "loading", saved: false, discovery: null }, ["j1"]), undefined);
        assert.equal(pageStatusOf({ phase: "ready", saved: true, discovery: full }, []), undefined);
    });

    test("a fresh read: its problems", () => {
        assert.deepEqual(pageStatusOf({ phase: "ready", saved: false, discovery: full }, []), error);
        assert.equal(pageStatusOf({ phase: "ready", saved: false, discovery: discover(nodeInventory()) }, []), null);
    });

    test("a failed read shows no layout: its old problems go, an interrupted job stays", () => {
        assert.equal(pageStatusOf({ phase: "error", saved: false, discovery: full }, []), null);
        assert.deepEqual(pageStatusOf({ phase: "error", saved: false, discovery: full }, ["j1"]),
                         { type: "error", title: "Job j1 was interrupted" });
    });
});
