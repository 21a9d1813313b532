// What can be compared: every base and layer of the layout, by "VG/LV". Picks the pair a
// request means (a layer alone means "against its own base") and the method that fits it: a
// snapshot against its origin compares by (inode, ctime), anything else by metadata.
import type { CompareMethod } from "./compare.ts";
import type { Layout, LvRecord } from "../types.ts";

export interface Image {
    /** "VG/LV" */
    id: string;
    name: string;
    kind: "base" | "layer";
    lv: LvRecord;
}

/** Every base and layer whose LV exists, bases first (newest first, as the layout orders them). */
export function imagesOf(layout: Layout): Image[] {
    const bases: Image[] = [];
    const layers: Image[] = [];
    for (const base of layout.bases) {
        if (base.lv)
            bases.push({ id: base.lv.fullName, name: base.name, kind: "base", lv: base.lv });
        for (const layer of base.layers)
            layers.push({ id: layer.lv.fullName, name: layer.name, kind: "layer", lv: layer.lv });
    }
    return [...bases, ...layers];
}

export type PairProblem =
    /** `new` names no base or layer of this layout. */
    | { code: "unknown-image"; id: string }
    /** A layer alone was asked for, and its base is gone: another image must be picked. */
    | { code: "base-removed"; layer: string; base: string }
    | { code: "same-image"; id: string }
    /** A base alone was asked for: it has no base of its own, the other image must be picked. */
    | { code: "pick-old"; id: string };

export interface Pair {
    old: Image;
    new: Image;
    method: CompareMethod;
}

/** The LV and its origins, nearest first (a layer, its base, the base's origin...), by name. */
function lineage(lv: LvRecord, byName: ReadonlyMap<string, LvRecord>): string[] {
    const chain = [lv.name];
    for (let at = lv.origin; at && !chain.includes(at); at = byName.get(at)?.origin ?? "")
        chain.push(at);
    return chain;
}

/**
 * Thin snapshots keep the inode numbers and ctimes of everything untouched, down a chain of
 * snapshots too: two images that share an ancestor (a layer and its base, two layers of one
 * base, a base snapshotted from another) differ exactly where either was touched since. `lvs`
 * are the VG's LVs, to follow the chain through LVs that are not images (the installer's root).
 */
export function methodFor(old: LvRecord, current: LvRecord, lvs: readonly LvRecord[] = []): CompareMethod {
    const byName = new Map(lvs.map(lv => [lv.name, lv]));
    const before = new Set(lineage(old, byName));
    return lineage(current, byName).some(name => before.has(name)) ? "inode" : "metadata";
}

/** The pair for the page's options: `new` is required; without `old`, a layer's own base. */
export function resolvePair(layout: Layout, oldId: string | null, newId: string): Pair | PairProblem {
    const images = imagesOf(layout);
    const current = images.find(i => i.id === newId);
    if (!current)
        return { code: "unknown-image", id: newId };
    let old: Image | undefined;
    if (oldId) {
        old = images.find(i => i.id === oldId);
        if (!old)
            return { code: "unknown-image", id: oldId };
    } else {
        const base = layout.bases.find(b => b.layers.some(l => l.lv.fullName === newId));
        if (current.kind !== "layer" || !base)
            return { code: "pick-old", id: newId };
        if (!base.lv)
            return { code: "base-removed", layer: current.name, base: base.name };
        old = images.find(i => i.id === base.lv!.fullName)!;
    }
    if (old.id === current.id)
        return { code: "same-image", id: old.id };
    const lvs = [...images.map(i => i.lv), ...(layout.init ? [layout.init] : [])];
    return { old, new: current, method: methodFor(old.lv, current.lv, lvs) };
}
