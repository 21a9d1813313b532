// What can be compared (src/model/diff/targets.ts), on layouts discovered from the lab's real
// recordings (test/fixtures/node, two-bases) and one derived from them: the images in the page's
// order, the pair a request means (a layer alone: against its own base), and the method. The
// method is "inode" exactly when the two LVs share a thin-snapshot ancestor: in the lab's two-bases
// scenario the newer base is itself a snapshot of the older one (test/vm/scenarios/two-bases.sh),
// so all images there compare by inode; a base filled from an image (no origin) by metadata.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { imagesOf, methodFor, resolvePair, type Pair, type PairProblem } from "../../src/model/diff/targets.ts";
import { discover } from "../../src/model/layout.ts";
import type { Discovery, Layout } from "../../src/model/types.ts";
import { loadScenario, lvmReport, reportRows } from "./fixtures.ts";

function layoutOf(d: Discovery): Layout {
    assert.equal(d.kind, "layout", `expected a layout, got ${d.kind}`);
    return (d as { layout: Layout }).layout;
}

const V = (lv: string) => `nodevg/${lv}`;
const NODE = layoutOf(discover(loadScenario("node")));
const TWO = layoutOf(discover(loadScenario("two-bases")));

/** The two-bases recording with some lvs rows changed (null drops the row), then discovered. */
function twoBasesWith(edit: (row: Record<string, string>) => Record<string, string> | null): Layout {
    const raw = loadScenario("two-bases");
    const rows = reportRows(raw.lvs, "lv").map(edit).filter(r => r !== null);
    return layoutOf(discover({ ...raw, lvs: lvmReport("lv", rows) }));
}

function pairOf(result: Pair | PairProblem): Pair {
    assert.ok("old" in result, `expected a pair, got ${JSON.stringify(result)}`);
    return result;
}

const brief = (p: Pair) => [p.old.id, p.old.kind, p.new.id, p.new.kind, p.method];

describe("imagesOf", () => {
    test("node: the base, then its layer, with their LVs", () => {
        const images = imagesOf(NODE);
        assert.deepEqual(images.map(i => [i.id, i.name, i.kind]), [
            [V("debian-node-12.0-1"), "debian-node-12.0-1", "base"],
            [V("debian-node-12.0-1+1"), "debian-node-12.0-1+1", "layer"],
        ]);
        assert.equal(images[0]!.lv, NODE.bases[0]!.lv);
        assert.equal(images[1]!.lv, NODE.bases[0]!.layers[0]!.lv);
    });

    test("two-bases: bases newest first, then the layers base by base; foreign LVs are no images", () => {
        assert.deepEqual(imagesOf(TWO).map(i => [i.id, i.kind]), [
            [V("debian-node-12.1-1"), "base"],
            [V("debian-node-12.0-1"), "base"],
            [V("debian-node-12.1-1+1"), "layer"],
            [V("debian-node-12.0-1+1"), "layer"],
            [V("debian-node-12.0-1+2"), "layer"],
        ]);
        assert.ok(!imagesOf(TWO).some(i => i.name === "scratch" || i.name === "root" || i.name === "pool"));
    });
});

describe("resolvePair", () => {
    test("a layer alone: against its own base, by inode", () => {
        assert.deepEqual(brief(pairOf(resolvePair(NODE, null, V("debian-node-12.0-1+1")))),
            [V("debian-node-12.0-1"), "base", V("debian-node-12.0-1+1"), "layer", "inode"]);
        assert.deepEqual(brief(pairOf(resolvePair(TWO, null, V("debian-node-12.1-1+1")))),
            [V("debian-node-12.1-1"), "base", V("debian-node-12.1-1+1"), "layer", "inode"]);
        assert.deepEqual(brief(pairOf(resolvePair(TWO, "", V("debian-node-12.0-1+2")))),
            [V("debian-node-12.0-1"), "base", V("debian-node-12.0-1+2"), "layer", "inode"]);
    });

    test("a layer against its base named explicitly, either way round: inode", () => {
        assert.equal(pairOf(resolvePair(TWO, V("debian-node-12.0-1"), V("debian-node-12.0-1+1"))).method, "inode");
        assert.equal(pairOf(resolvePair(TWO, V("debian-node-12.0-1+1"), V("debian-node-12.0-1"))).method, "inode");
    });

    test("two bases: inode in the lab, where the newer base is a snapshot of the older", () => {
        const lvs = reportRows(loadScenario("two-bases").lvs, "lv");
        assert.equal(lvs.find(r => r.lv_name === "debian-node-12.1-1")!.origin, "debian-node-12.0-1");
        assert.deepEqual(brief(pairOf(resolvePair(TWO, V("debian-node-12.0-1"), V("debian-node-12.1-1")))),
            [V("debian-node-12.0-1"), "base", V("debian-node-12.1-1"), "base", "inode"]);
        assert.equal(pairOf(resolvePair(TWO, V("debian-node-12.1-1"), V("debian-node-12.0-1"))).method, "inode");
    });

    test("two bases: metadata when the newer base was filled from an image (no origin)", () => {
        const layout = twoBasesWith(r => (r.lv_name === "debian-node-12.1-1" ? { ...r, origin: "" } : r));
        assert.equal(layout.bases[0]!.lv!.origin, "");
        assert.deepEqual(brief(pairOf(resolvePair(layout, V("debian-node-12.0-1"), V("debian-node-12.1-1")))),
            [V("debian-node-12.0-1"), "base", V("debian-node-12.1-1"), "base", "metadata"]);
        assert.equal(pairOf(resolvePair(layout, V("debian-node-12.1-1"), V("debian-node-12.0-1"))).method, "metadata");
    });

    test("images of one snapshot lineage compare by inode, however far apart", () => {
        // In two-bases, 12.1-1 is a snapshot of 12.0-1 (a stand-in for an image fill), so all
        // of its images share 12.0-1 (and the installer's root) as an ancestor.
        assert.deepEqual(brief(pairOf(resolvePair(TWO, V("debian-node-12.1-1"), V("debian-node-12.0-1+1")))),
            [V("debian-node-12.1-1"), "base", V("debian-node-12.0-1+1"), "layer", "inode"]);
        assert.equal(pairOf(resolvePair(TWO, V("debian-node-12.0-1"), V("debian-node-12.1-1+1"))).method, "inode");
        assert.equal(pairOf(resolvePair(TWO, V("debian-node-12.0-1+1"), V("debian-node-12.0-1+2"))).method, "inode");
    });

    test("a layer against a base filled from an image (no shared ancestor): metadata", () => {
        const layout = twoBasesWith(r => (r.lv_name === "debian-node-12.1-1" ? { ...r, origin: "" } : r));
        assert.equal(pairOf(resolvePair(layout, V("debian-node-12.1-1+1"), V("debian-node-12.0-1+1"))).method, "metadata");
        assert.equal(pairOf(resolvePair(layout, V("debian-node-12.0-1"), V("debian-node-12.1-1+1"))).method, "metadata");
        assert.equal(pairOf(resolvePair(layout, V("debian-node-12.0-1+1"), V("debian-node-12.0-1+2"))).method, "inode");
    });

    test("an unknown image, old or new", () => {
        assert.deepEqual(resolvePair(NODE, null, V("nope")), { code: "unknown-image", id: V("nope") });
        assert.deepEqual(resolvePair(NODE, V("nope"), V("debian-node-12.0-1+1")), { code: "unknown-image", id: V("nope") });
        assert.deepEqual(resolvePair(NODE, null, "debian-node-12.0-1+1"), { code: "unknown-image", id: "debian-node-12.0-1+1" });
        // LVs of the VG that are no image: the init LV, the pool, a foreign LV.
        assert.deepEqual(resolvePair(TWO, null, V("scratch")), { code: "unknown-image", id: V("scratch") });
        assert.deepEqual(resolvePair(TWO, V("root"), V("debian-node-12.0-1")), { code: "unknown-image", id: V("root") });
        // A base alone has no "own base" to compare with: the other image must be picked.
        assert.deepEqual(resolvePair(TWO, null, V("debian-node-12.1-1")), { code: "pick-old", id: V("debian-node-12.1-1") });
    });

    test("the same image twice", () => {
        assert.deepEqual(resolvePair(TWO, V("debian-node-12.0-1+1"), V("debian-node-12.0-1+1")), { code: "same-image", id: V("debian-node-12.0-1+1") });
        assert.deepEqual(resolvePair(NODE, V("debian-node-12.0-1"), V("debian-node-12.0-1")), { code: "same-image", id: V("debian-node-12.0-1") });
    });

    test("a layer alone whose base is gone: base-removed; another image can still be named", () => {
        // LVM drops the origin of snapshots whose origin is removed.
        const layout = twoBasesWith(r => r.lv_name === "debian-node-12.0-1" ? null
            : r.origin === "debian-node-12.0-1" ? { ...r, origin: "" } : r);
        const gone = layout.bases.find(b => b.name === "debian-node-12.0-1")!;
        assert.equal(gone.lv, null);
        assert.deepEqual(gone.layers.map(l => l.name), ["debian-node-12.0-1+1", "debian-node-12.0-1+2"]);
        assert.deepEqual(imagesOf(layout).map(i => i.id), [
            V("debian-node-12.1-1"), V("debian-node-12.1-1+1"), V("debian-node-12.0-1+1"), V("debian-node-12.0-1+2"),
        ]);
        assert.deepEqual(resolvePair(layout, null, V("debian-node-12.0-1+1")),
            { code: "base-removed", layer: "debian-node-12.0-1+1", base: "debian-node-12.0-1" });
        assert.deepEqual(resolvePair(layout, V("debian-node-12.0-1"), V("debian-node-12.0-1+1")),
            { code: "unknown-image", id: V("debian-node-12.0-1") });
        assert.deepEqual(brief(pairOf(resolvePair(layout, V("debian-node-12.1-1"), V("debian-node-12.0-1+2")))),
            [V("debian-node-12.1-1"), "base", V("debian-node-12.0-1+2"), "layer", "metadata"]);
        // The other base's layer is untouched.
        assert.equal(pairOf(resolvePair(layout, null, V("debian-node-12.1-1+1"))).method, "inode");
    });

    test("base-removed also on a Layout object whose base LV is gone", () => {
        const layout: Layout = { ...NODE, bases: NODE.bases.map(b => ({ ...b, lv: null })) };
        assert.deepEqual(imagesOf(layout).map(i => i.id), [V("debian-node-12.0-1+1")]);
        assert.deepEqual(resolvePair(layout, null, V("debian-node-12.0-1+1")),
            { code: "base-removed", layer: "debian-node-12.0-1+1", base: "debian-node-12.0-1" });
    });
});

describe("methodFor", () => {
    test("inode exactly when the two share a snapshot ancestor (or one is the other's)", () => {
        const [base12, base121] = [TWO.bases[1]!.lv!, TWO.bases[0]!.lv!];
        const layer = TWO.bases[1]!.layers[0]!.lv;
        assert.deepEqual([methodFor(base12, layer), methodFor(layer, base12)], ["inode", "inode"]);
        // 12.1-1's origin is 12.0-1, the layer's too: siblings of one lineage.
        assert.deepEqual([methodFor(base12, base121), methodFor(base121, layer)], ["inode", "inode"]);
        assert.equal(methodFor({ ...base121, origin: "" }, layer), "metadata");
        assert.equal(methodFor({ ...base12, origin: "" }, { ...layer, origin: "" }), "metadata");
        // The chain is followed through the LVs given: two bases whose common ancestor is "root".
        const a = { ...base12, name: "a", origin: "root" };
        const b = { ...base121, name: "b", origin: "mid" };
        const mid = { ...base121, name: "mid", origin: "root" };
        assert.equal(methodFor(a, b), "metadata");
        assert.equal(methodFor(a, b, [a, b, mid]), "inode");
    });
});
