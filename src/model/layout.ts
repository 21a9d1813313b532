// From the raw inventory to the image layout the page shows: which VG and pool, the bases with
// their layers, what is booted and what boots next, and what is wrong. Discovery follows imgbased:
// LVM tags find the VG, the pool and our LVs; the name alone tells a layer ("<base>+N") from a
// base.

import { entryIdForLayer } from "./boot-entry.ts";
import { readBootState, type BootReading } from "./boot.ts";
import { rootLv } from "./mountinfo.ts";
import { parseLvs, parseVgs, parseVgsOfLvs } from "./lvm.ts";
import { compareNewestFirst, parseLayerName, parseNvr } from "./nvr.ts";
import type {
    Base, BootEntry, BootState, Discovery, Layer, Layout, LvRecord, Problem, ProblemSeverity, RawInventory, ThinPool, VgRecord,
} from "./types.ts";

export const TAGS = {
    vg: "imgbased:vg",
    pool: "imgbased:pool",
    base: "imgbased:base",
    layer: "imgbased:layer",
    init: "imgbased:init",
    volume: "imgbased:volume",
} as const;

/** Pool use at which a warning, then a danger, is raised (imgbased's check fails at 80 %). */
export const POOL_WARNING_PERCENT = 80;
export const POOL_DANGER_PERCENT = 90;

/**
 * Whether `vgs` must be read besides an `lvs` report with LVS_VG_FIELDS: when no VG in it is
 * tagged imgbased:vg. A VG without LVs is not in an lvs report; the page then shows the empty
 * state, which lists every VG. A second tagged VG without any LV is the one thing this misses: it
 * holds nothing a layout could confuse, so the page shows the tagged VG that has LVs.
 */
export function needsVgs(lvsJson: string): boolean {
    return !parseVgsOfLvs(lvsJson).some(vg => vg.tags.includes(TAGS.vg));
}

/** Throws InventoryParseError when an output cannot be read. */
export function discover(raw: RawInventory): Discovery {
    const lvs = parseLvs(raw.lvs);
    const vgs = raw.vgs === null ? parseVgsOfLvs(raw.lvs) : parseVgs(raw.vgs);
    const root = rootLv(raw.mountinfo, lvs);
    const boot = readBootState(raw.boot);

    const tagged = vgs.filter(vg => vg.tags.includes(TAGS.vg));
    if (tagged.length === 0)
        return { kind: "none", vgs, rootLv: root, boot: plainBootState(boot) };
    if (tagged.length > 1) {
        const vgNames = tagged.map(vg => vg.name);
        const names = vgNames.join(", ");
        return {
            kind: "ambiguous",
            vgNames,
            problems: [{ code: "several-tagged-vgs", severity: "danger", subject: names, params: { vgs: names } }],
        };
    }
    return { kind: "layout", layout: buildLayout(tagged[0]!, lvs, root, boot) };
}

/**
 * The layer the next reboot starts, for a "Next boot" label: the one-time entry's layer when a
 * one-time entry is set (null if that is not a layer), else the default's.
 */
export function bootsNext(layout: Layout): string | null {
    return layout.boot.nextRef !== null ? layout.nextBootLayer : layout.defaultLayer;
}

function buildLayout(vg: VgRecord, lvs: LvRecord[], root: LvRecord | null, boot: BootReading): Layout {
    const problems: Problem[] = [];
    const problem: Report = (code, severity, subject, params) =>
        problems.push(params ? { code, severity, subject, params } : { code, severity, subject });

    // Hidden LVs are the pool's own parts ([pool_tdata], [lvol0_pmspare]): not worth a row.
    const inVg = lvs.filter(lv => lv.vg === vg.name && !lv.hidden);
    const pools = inVg.filter(lv => lv.tags.includes(TAGS.pool));
    const pool = pools.length === 1 ? thinPool(pools[0]!, problem) : null;
    if (pools.length === 0)
        problem("no-tagged-pool", "danger", vg.name);
    else if (pools.length > 1)
        problem("several-tagged-pools", "danger", vg.name, { pools: pools.map(lv => lv.name).join(", ") });

    const bases = new Map<string, Base>();
    const layerLvs: { lv: LvRecord; baseName: string; index: number }[] = [];
    let init: LvRecord | null = null;
    const volumes: LvRecord[] = [];
    const foreign: LvRecord[] = [];
    for (const lv of inVg) {
        if (pools.includes(lv))
            continue;
        const tagged = lv.tags.includes(TAGS.base) || lv.tags.includes(TAGS.layer);
        const layer = parseLayerName(lv.name);
        const baseName = layer?.base ?? lv.name;
        const nvr = parseNvr(baseName);
        // A tagged LV whose name is no NVR is no image (imgbased skips such names too): foreign.
        if (tagged && nvr && layer)
            layerLvs.push({ lv, baseName, index: layer.index });
        else if (tagged && nvr)
            bases.set(lv.name, { lv, name: lv.name, nvr, layers: [] });
        else if (lv.tags.includes(TAGS.init) && init === null)
            init = lv;
        else if (lv.tags.includes(TAGS.volume))
            volumes.push(lv);
        else
            foreign.push(lv);
    }

    const lvNames = new Set(lvs.map(lv => lv.fullName));
    const entriesByLv = new Map<string, BootEntry[]>();
    for (const entry of boot.entries) {
        if (entry.rootLv === null)
            continue;
        const list = entriesByLv.get(entry.rootLv);
        if (list)
            list.push(entry);
        else
            entriesByLv.set(entry.rootLv, [entry]);
    }
    for (const { lv, baseName, index } of layerLvs) {
        let base = bases.get(baseName);
        if (base === undefined) {
            problem("layer-without-base", "warning", lv.name, { base: baseName });
            base = { lv: null, name: baseName, nvr: parseNvr(baseName)!, layers: [] };
            bases.set(baseName, base);
        }
        const layer: Layer = {
            lv,
            name: lv.name,
            index,
            baseName,
            booted: root?.fullName === lv.fullName,
            isDefault: boot.defaultEntry?.rootLv === lv.fullName,
            isNextBoot: boot.nextEntry?.rootLv === lv.fullName,
            entries: entriesByLv.get(lv.fullName) ?? [],
        };
        base.layers.push(layer);
        if (lv.readOnly)
            problem("layer-read-only", "warning", lv.name);
        if (lv.skipActivation)
            problem("layer-skips-activation", "danger", lv.name);
        // An entry file GRUB's menu lacks is that problem's, said once for all of them.
        if (layer.entries.length === 0 && !boot.entriesNotInMenu?.includes(entryIdForLayer(lv.name)))
            problem("layer-without-entry", "info", lv.name);
    }

    for (const base of bases.values()) {
        base.layers.sort((a, b) => a.index - b.index);
        // imgbased's `layout --init` leaves its first base (tagged imgbased:layer) writable; that
        // is expected there. A base we or imgbased's update protected should stay read-only.
        if (base.lv && !base.lv.readOnly) {
            const initialBase = !base.lv.tags.includes(TAGS.base);
            problem("base-writable", initialBase ? "info" : "warning", base.name);
        }
    }

    for (const entry of boot.entries) {
        if (entry.ours && entry.rootLv !== null && !lvNames.has(entry.rootLv)) {
            const chosen = entry === boot.defaultEntry || entry === boot.nextEntry;
            problem("entry-missing-lv", chosen ? "danger" : "warning", entry.id, { lv: entry.rootLv });
        }
    }
    if (boot.defaultRefMissing && boot.defaultRef !== null)
        problem("default-missing", "warning", boot.defaultRef);
    // Make default and Roll back would change nothing GRUB reads (they fix it on Debian).
    if (boot.fixedDefault !== undefined)
        problem("default-not-saved", "warning", boot.fixedDefault, { backend: boot.backend });
    if (boot.entriesNotInMenu !== undefined)
        problem("entries-not-in-menu", "warning", boot.entriesNotInMenu.join(", "));
    if (boot.grubenvNotLoaded !== undefined)
        problem("grubenv-not-loaded", "warning", boot.grubenvNotLoaded, { backend: boot.backend });

    const layers = [...bases.values()].flatMap(base => base.layers);
    const booted = layers.find(layer => layer.booted)?.name ?? null;
    if (booted === null)
        problem("booted-not-in-layout", "warning", root?.fullName ?? "/");

    return {
        vg,
        pool,
        bases: [...bases.values()].sort((a, b) => compareNewestFirst(a.nvr, b.nvr)),
        init,
        volumes,
        foreign,
        booted,
        defaultLayer: layers.find(layer => layer.isDefault)?.name ?? null,
        nextBootLayer: layers.find(layer => layer.isNextBoot)?.name ?? null,
        boot: plainBootState(boot),
        problems: problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
    };
}

const SEVERITY_ORDER: Record<ProblemSeverity, number> = { danger: 0, warning: 1, info: 2 };

type Report = (code: Problem["code"], severity: ProblemSeverity, subject: string, params?: Problem["params"]) => void;

function thinPool(lv: LvRecord, problem: Report): ThinPool {
    const usage = [["pool-data-full", lv.dataPercent], ["pool-metadata-full", lv.metadataPercent]] as const;
    for (const [code, percent] of usage) {
        if (percent !== null && percent >= POOL_WARNING_PERCENT)
            problem(code, percent >= POOL_DANGER_PERCENT ? "danger" : "warning", lv.name, { percent });
    }
    return { lv, dataPercent: lv.dataPercent, metadataPercent: lv.metadataPercent };
}

/** The BootState part only: the resolved entries are the model's business. */
function plainBootState(boot: BootReading): BootState {
    const { backend, entries, defaultRef, nextRef, stored, fixedDefault, grubenvNotLoaded, entriesNotInMenu } = boot;
    return {
        backend, entries, defaultRef, nextRef,
        ...(stored ? { stored } : {}),
        ...(fixedDefault !== undefined ? { fixedDefault } : {}),
        ...(grubenvNotLoaded !== undefined ? { grubenvNotLoaded } : {}),
        ...(entriesNotInMenu !== undefined ? { entriesNotInMenu } : {}),
    };
}
