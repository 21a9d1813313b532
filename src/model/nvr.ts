// Names of bases and layers, as imgbased's naming.py has them: a base is NAME-VERSION-RELEASE, a
// layer is "<base>+N". Also LVM's rules for LV names, since every base and layer is one.

import { rpmvercmp } from "./rpmvercmp.ts";
import type { Nvr } from "./types.ts";

/**
 * NAME-VERSION-RELEASE, split like imgbased (`^(.*)-([^-]*)-([^-]*)$`: the name is greedy and may
 * hold dashes, version and release may not). Unlike imgbased, empty parts are refused: "-1-2" or
 * "a--1" name no image.
 */
export function parseNvr(s: string): Nvr | null {
    const m = /^(.*)-([^-]*)-([^-]*)$/.exec(s);
    if (!m || m[1] === "" || m[2] === "" || m[3] === "")
        return null;
    return { name: m[1]!, version: m[2]!, release: m[3]! };
}

/** "<base>+N" → base and N; null for a name without a "+N" suffix (which names a base). */
export function parseLayerName(name: string): { base: string; index: number } | null {
    const m = /^(.+)\+(\d+)$/.exec(name);
    return m ? { base: m[1]!, index: Number(m[2]) } : null;
}

export function layerName(base: string, index: number): string {
    return `${base}+${index}`;
}

/**
 * Whether LVM accepts name for a new LV that imgbased could also handle: imgbased's (blivet's)
 * pattern and length limit, plus LVM's own refusals (lvm2 2.03 lib/misc/lvm-string.c): "." and
 * "..", the "snapshot" and "pvmove" prefixes, and the suffixes LVM uses for internal sub-LVs.
 */
export function isValidLvName(name: string): boolean {
    return /^[a-zA-Z0-9+_.][a-zA-Z0-9+_.-]*$/.test(name)
        && name.length <= MAX_LV_NAME
        && name !== "." && name !== ".."
        && !RESERVED_PREFIXES.some(prefix => name.startsWith(prefix))
        && !RESERVED_PARTS.some(part => name.includes(part));
}

/**
 * Whether name can name a new base: NAME-VERSION-RELEASE, and both it and its first layer
 * ("<name>+1") valid LV names (the layer's suffix is what makes the length limit bite).
 */
export function isValidBaseName(name: string): boolean {
    return parseNvr(name) !== null && isValidLvName(name) && isValidLvName(layerName(name, 1));
}

const MAX_LV_NAME = 55;
const RESERVED_PREFIXES = ["snapshot", "pvmove"];
const RESERVED_PARTS = [
    "_cdata", "_cmeta", "_corig", "_cpool", "_cvol", "_imeta", "_iorig", "_mimage", "_mlog",
    "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_vorigin", "_wcorig",
];

/**
 * Orders two NVRs: by name, then version, then release (each with rpmvercmp). imgbased raised an
 * error for different names, which made the whole layout unreadable after a product rename; we
 * order products by name instead, so each product's images stay together.
 */
export function compareNvr(a: Nvr, b: Nvr): number {
    if (a.name !== b.name)
        return a.name < b.name ? -1 : 1;
    return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/**
 * The order bases are shown in: products alphabetically, and within one product the newest
 * version-release first.
 */
export function compareNewestFirst(a: Nvr, b: Nvr): number {
    if (a.name !== b.name)
        return a.name < b.name ? -1 : 1;
    return compareNvr(b, a);
}
