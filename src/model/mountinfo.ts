// The booted root: the mount on "/" in /proc/self/mountinfo (read through Cockpit's bridge, no
// process), mapped to the LV it is on.

import { dmName } from "./devname.ts";
import { InventoryParseError } from "./errors.ts";
import type { LvRecord } from "./types.ts";

export const MOUNTINFO_PATH = "/proc/self/mountinfo";

export interface Mount {
    /** The mount source as findmnt shows it: "DEVICE[/path]" when not the filesystem's own root. */
    source: string;
    target: string;
    fstype: string;
    options: string;
}

/**
 * The mount on "/", or null when there is none. proc(5): "ID PARENT MAJ:MIN ROOT MOUNTPOINT
 * OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS", with space, tab, newline and backslash
 * written as octal escapes. Several mounts can be stacked on "/": the last one is visible.
 */
export function parseRootMount(text: string): Mount | null {
    const mounts = text.split("\n").filter(line => line.trim() !== "").map((line, index): Mount => {
        const fields = line.split(" ");
        const dash = fields.indexOf("-", 6);
        if (fields.length < 10 || dash < 0 || dash + 2 >= fields.length)
            throw new InventoryParseError("mountinfo", `line ${index + 1} is not a mountinfo line`, text);
        const root = unescape(fields[3]!);
        const device = unescape(fields[dash + 2]!);
        return {
            // A subvolume or bind mount shows only part of a filesystem: not an LV as a whole.
            source: root === "/" ? device : `${device}[${root}]`,
            target: unescape(fields[4]!),
            fstype: unescape(fields[dash + 1]!),
            options: fields[5]!,
        };
    });
    return mounts.filter(m => m.target === "/").pop() ?? null;
}

const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

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
export function rootLv(mountinfo: string, lvs: readonly LvRecord[]): LvRecord | null {
    const root = parseRootMount(mountinfo);
    return root ? lvOfSource(root.source, lvs) : null;
}
