// The booted root: `findmnt -J -o SOURCE,TARGET,FSTYPE,OPTIONS /`, mapped to the LV it is on.

import { dmName } from "./devname.ts";
import { InventoryParseError } from "./errors.ts";
import type { LvRecord } from "./types.ts";

/** The argv the host runs for the booted root; parseRootMount reads its output. */
export const FINDMNT_ARGS = ["findmnt", "-J", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS", "/"] as const;

export interface Mount {
    source: string;
    target: string;
    fstype: string;
    options: string;
}

/** The mount on "/", or null when findmnt listed none. */
export function parseRootMount(json: string): Mount | null {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch (e) {
        throw new InventoryParseError("findmnt", `not JSON (${(e as Error).message})`, json);
    }
    const list = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).filesystems : undefined;
    if (!Array.isArray(list))
        throw new InventoryParseError("findmnt", `no "filesystems" list`, json);
    const mounts = list.map((fs: unknown, index): Mount => {
        const f = (typeof fs === "object" && fs !== null ? fs : {}) as Record<string, unknown>;
        const fields = ["source", "target", "fstype", "options"] as const;
        for (const field of fields) {
            if (typeof f[field] !== "string")
                throw new InventoryParseError("findmnt", `filesystem #${index} has no string "${field}"`, json);
        }
        return f as unknown as Mount;
    });
    // Several mounts can be stacked on "/"; the last one mounted is the one that is visible.
    return mounts.filter(m => m.target === "/").pop() ?? null;
}

/**
 * The LV a mount source is, found by comparing with each LV's own device names: "/dev/VG/LV"
 * (lv_path) or "/dev/mapper/<dm name>". Splitting the source would be guessing. A btrfs
 * "/dev/x[/subvol]" source or a plain partition matches nothing.
 */
export function lvOfSource(source: string, lvs: readonly LvRecord[]): LvRecord | null {
    // Pools and hidden LVs have an empty lv_path; an empty source must not match them.
    return lvs.find(lv => !lv.hidden && ((lv.path !== "" && source === lv.path) || source === `/dev/mapper/${dmName(lv.vg, lv.name)}`)) ?? null;
}

/** The LV the booted root is on, or null when "/" is not on an LV. */
export function rootLv(findmntJson: string, lvs: readonly LvRecord[]): LvRecord | null {
    const root = parseRootMount(findmntJson);
    return root ? lvOfSource(root.source, lvs) : null;
}
