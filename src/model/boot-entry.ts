// Our boot entries: one BLS type #1 file per layer (DESIGN §4), named by a safe id and marked with
// `img.bootid=LAYER` like imgbased's. The text is what test/vm/guest/boot-entries.sh writes, so
// entries made by the lab and by the product read the same.

import { bootTarget } from "./cmdline.ts";
import { isValidLvName } from "./nvr.ts";

/** The prefix of every entry file we write; our GRUB snippet reads only these. */
export const ENTRY_PREFIX = "imgbased-";

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\0-\x1f\x7f\u2028\u2029]/;

/**
 * The entry id of a layer: "imgbased-" + its name with the "+N" suffix as "_N". BLS boot counting
 * reads a file name ending in "+LEFT" or "+LEFT-DONE" as tries left (systemd-boot, bless-boot), so
 * a layer's own name would be misread; the "+" that starts such an ending becomes "_". The
 * result is a valid file name and GRUB id (LV name characters only). Throws on a name no LV has.
 */
export function entryIdForLayer(layer: string): string {
    if (!isValidLvName(layer))
        throw new Error(`not a valid LV name: ${JSON.stringify(layer)}`);
    // After the replacement the name ends in "_N" or "_N-M", which no longer reads as a counter.
    return ENTRY_PREFIX + layer.replace(/\+(\d+(?:-\d+)?)$/, "_$1");
}

/** The entry's file name in the loader/entries directory. */
export function entryFileName(layer: string): string {
    return `${entryIdForLayer(layer)}.conf`;
}

/**
 * Kernel command line words; a double-quoted part keeps its spaces (`foo="a b"`), as the kernel
 * reads it.
 */
export function splitOptions(options: string): string[] {
    const words: string[] = [];
    let word = "";
    let quoted = false;
    for (const c of options) {
        if (c === '"')
            quoted = !quoted;
        if (!quoted && /\s/.test(c)) {
            if (word !== "")
                words.push(word);
            word = "";
        } else {
            word += c;
        }
    }
    if (word !== "")
        words.push(word);
    return words;
}

/** Parameters that name the root or the entry, so an entry for another layer must not inherit them. */
const OWN_KEYS = new Set(["root", "img.bootid", "BOOT_IMAGE", "initrd"]);

/**
 * The host's options that are not about which root boots: from the booted entry's options or
 * /proc/cmdline. Dropped: root=, img.bootid=, BOOT_IMAGE= (GRUB adds it), initrd= (an EFI stub
 * adds it; the entry has its own initrd), ro/rw (renderEntry puts one back), and rd.lvm.lv= of the
 * old root and of `imageLvs` ("VG/LV" of our bases, layers, init LV). Other rd.lvm.lv= stay: a
 * swap LV in rd.lvm.lv= is what resume= needs.
 */
export function otherOptions(options: string, imageLvs: ReadonlySet<string> = new Set()): string {
    const oldRoot = bootTarget(options).rootLv;
    return splitOptions(options).filter(word => {
        if (word === "ro" || word === "rw")
            return false;
        const eq = word.indexOf("=");
        const key = eq < 0 ? word : word.slice(0, eq);
        if (OWN_KEYS.has(key))
            return false;
        if (key === "rd.lvm.lv") {
            const lv = word.slice(eq + 1);
            return lv !== oldRoot && !imageLvs.has(lv);
        }
        return true;
    }).join(" ");
}

/** "rw" when the options' last ro/rw word is rw (the kernel takes the last), else "ro". */
export function rootMode(options: string): "ro" | "rw" {
    const last = splitOptions(options).filter(w => w === "ro" || w === "rw").pop();
    return last === "rw" ? "rw" : "ro";
}

export interface EntrySpec {
    layer: string;
    vg: string;
    title: string;
    /** Kernel version (`uname -r` of the kernel), as BLS and grubby use the key. */
    version: string;
    /** Paths relative to the root of the filesystem holding the entries (BLS), e.g. "/L/vmlinuz-V". */
    kernelPath: string;
    initrdPath: string;
    /** The host's options; filtered with otherOptions() again, so passing a whole cmdline is fine. */
    options: string;
    /** ro (default) or rw; systemd remounts / rw from fstab either way. */
    mode?: "ro" | "rw";
}

/**
 * The entry file's text: `options` starts with root= and rd.lvm.lv= of the layer (the initramfs
 * activates exactly that LV), ends with the img.bootid= marker.
 */
export function renderEntry(spec: EntrySpec): string {
    if (!isValidLvName(spec.layer) || !isValidLvName(spec.vg))
        throw new Error(`not a valid VG/LV: ${JSON.stringify(`${spec.vg}/${spec.layer}`)}`);
    const lv = `${spec.vg}/${spec.layer}`;
    const options = [
        `root=/dev/${lv}`, `rd.lvm.lv=${lv}`, spec.mode ?? "ro",
        otherOptions(spec.options, new Set([lv])), `img.bootid=${spec.layer}`,
    ].filter(Boolean).join(" ");
    const lines: [string, string][] = [
        ["title", spec.title], ["version", spec.version], ["linux", spec.kernelPath],
        ["initrd", spec.initrdPath], ["options", options],
    ];
    for (const [key, value] of lines) {
        // A line break would start another key; an empty value would make the key meaningless.
        if (value.trim() === "" || CONTROL.test(value))
            throw new Error(`entry ${key} must be one non-empty line: ${JSON.stringify(value)}`);
    }
    return lines.map(([key, value]) => `${key} ${value.trim()}\n`).join("");
}
