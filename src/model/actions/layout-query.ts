// Questions the planners ask of a Layout: where a layer is, what boots it, what is protected.

import { compareNvr } from "../nvr.ts";
import { rpmvercmp } from "../rpmvercmp.ts";
import type { Base, BootEntry, Layer, Layout, LvRecord } from "../types.ts";

/** Our tag for "keep this": cleanup never removes it, removal refuses until it is unpinned. */
export const PINNED_TAG = "imgbased:pinned";

export function allLayers(layout: Layout): Layer[] {
    return layout.bases.flatMap(base => base.layers);
}

export function findLayer(layout: Layout, name: string): Layer | null {
    return allLayers(layout).find(layer => layer.name === name) ?? null;
}

export function findBase(layout: Layout, name: string): Base | null {
    return layout.bases.find(base => base.name === name) ?? null;
}

/** Every LV of the layout's VG that we know of, ours or not: a new name must be none of them. */
export function lvsInLayout(layout: Layout): LvRecord[] {
    return [
        ...layout.bases.flatMap(b => [...(b.lv ? [b.lv] : []), ...b.layers.map(l => l.lv)]),
        ...(layout.pool ? [layout.pool.lv] : []),
        ...(layout.init ? [layout.init] : []),
        ...layout.volumes,
        ...layout.foreign,
    ];
}

/** "VG/LV" of the bases, layers and init LV: a new entry must not activate any of them as well. */
export function imageLvs(layout: Layout): Set<string> {
    return new Set(lvsInLayout(layout).filter(lv => lv !== layout.pool?.lv && !layout.foreign.includes(lv)
        && !layout.volumes.includes(lv)).map(lv => lv.fullName));
}

export function isPinned(lv: LvRecord | null): boolean {
    return lv?.tags.includes(PINNED_TAG) ?? false;
}

/**
 * The entry to select a layer by: one of ours (img.bootid) if any, the newest kernel first;
 * otherwise another entry that boots it.
 */
export function entryOfLayer(layer: Layer): BootEntry | null {
    const sorted = [...layer.entries].sort((a, b) => Number(b.ours) - Number(a.ours) || rpmvercmp(b.version, a.version));
    return sorted[0] ?? null;
}

/** Layers some boot entry boots: after any removal at least one must remain. */
export function bootableLayers(layout: Layout): Layer[] {
    return allLayers(layout).filter(layer => layer.entries.length > 0);
}

/** The booted layer's entry options, or null when it has none (then /proc/cmdline is used). */
/** The layer the host runs on now, if it is one of the layout's. */
export function bootedLayer(layout: Layout): Layer | null {
    return layout.booted === null ? null : findLayer(layout, layout.booted);
}

export function bootedOptions(layout: Layout): string | null {
    const booted = bootedLayer(layout);
    return booted ? entryOfLayer(booted)?.options ?? null : null;
}

/**
 * The layer a rollback selects, "the layer booted before". Layers are ordered within their product
 * (name of the NVR) by base version, then layer index.
 * - When the default is newer than the booted layer (an upgrade not rebooted into yet), the
 *   booted layer: it is running, so it is known to boot.
 * - Otherwise the newest layer with a boot entry older than both the booted layer and the default:
 *   the previous layer of the same base, else the newest layer of the next older base. So a
 *   second rollback before rebooting steps further back instead of forward again.
 * At the oldest layer there is none: unlike imgbased's layer_before, this never wraps around to
 * the newest.
 */
export function rollbackTarget(layout: Layout): Layer | null {
    const booted = findLayer(layout, layout.booted ?? "");
    if (!booted)
        return null;
    const product = layout.bases.find(b => b.name === booted.baseName)!.nvr.name;
    const ordered = layout.bases
        .filter(b => b.nvr.name === product)
        .sort((a, b) => compareNvr(a.nvr, b.nvr))
        .flatMap(b => b.layers);
    const at = ordered.indexOf(booted);
    const def = ordered.findIndex(layer => layer.name === layout.defaultLayer);
    if (def > at && booted.entries.length > 0)
        return booted;
    const older = ordered.slice(0, def < 0 ? at : Math.min(at, def)).filter(layer => layer.entries.length > 0);
    return older.pop() ?? null;
}
