// Which LV a boot entry boots, read from its kernel command line.

import { lvRefFromDevice } from "./devname.ts";

export interface BootTarget {
    /** "VG/LV", or null when the command line names no LV unambiguously. */
    rootLv: string | null;
    /** The entry carries our (and imgbased's) `img.bootid=` marker. */
    ours: boolean;
}

/**
 * The LV candidates are `root=` (when it is an LV device path: that is what gets mounted) and
 * `rd.lvm.lv=VG/LV` (what the initramfs activates; hosts may list swap too, so only a single one
 * is taken on its own). `img.bootid=LAYER` names the layer without its VG; it picks the candidate
 * with that LV name, and otherwise the entry is judged like any other.
 */
export function bootTarget(options: string): BootTarget {
    let bootId: string | null = null;
    let root: string | null = null;
    const activated: string[] = [];
    for (const arg of options.split(/\s+/)) {
        const eq = arg.indexOf("=");
        if (eq < 0)
            continue;
        const key = arg.slice(0, eq);
        const value = arg.slice(eq + 1);
        if (key === "img.bootid")
            bootId = value;
        else if (key === "root")
            root = lvRefFromDevice(value);
        else if (key === "rd.lvm.lv")
            activated.push(value);
    }

    const candidates = root === null ? activated : [root, ...activated];
    const marked = bootId === null ? undefined : candidates.find(ref => ref.slice(ref.indexOf("/") + 1) === bootId);
    const rootLv = marked ?? root ?? (activated.length === 1 ? activated[0]! : null);
    return { rootLv, ours: bootId !== null };
}
