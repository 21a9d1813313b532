// The boot state from plain file reads, where that says all the boot probe script would: on a
// host whose GRUB is the Debian kind (a grub.cfg without `blscfg`) and that systemd-boot did not
// boot. Such reads are served by Cockpit's bridge itself, while the probe is a shell and a `cat`
// per file: on a one-CPU node under TCG each process cost 50-250 ms, as much as half an `lvs`.
// Anything else (GRUB with BLS, systemd-boot, no grub.cfg) still runs the probe
// (src/host/boot-probe.ts), whose listing of entry directories and `bootctl` need a process.
// The result is the probe's own output format, so src/model/boot.ts reads both alike.
import { hasBlscfg, PROBE_MARKER, SYSTEMD_BOOT_VENDOR, type ProbeRecord } from "./boot.ts";
import { parseGrubCfg, type GrubMenuItem } from "./grubcfg.ts";

/**
 * Read first; null for each one that does not exist. The probe's GRUB files, in its order (it
 * also prints /etc/default/grub, which the boot state does not use).
 */
export const BOOT_FILES = ["/boot/grub/grubenv", "/boot/grub2/grubenv", "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg"] as const;

/** Present only on UEFI hosts (the probe tests the directory; the bridge reads files). */
export const EFI_MARKER = "/sys/firmware/efi/fw_platform_size";
/** Set by systemd-boot for the boot it started (systemd's Boot Loader Interface). */
export const SYSTEMD_BOOT_MARKER = `/sys/firmware/efi/efivars/LoaderInfo-${SYSTEMD_BOOT_VENDOR}`;

export type BootFiles = ReadonlyMap<string, string | null>;

/** Where Debian's GRUB menu entries of ours have their BLS file: the menu entry's id names it. */
const ENTRY_DIR = "/boot/loader/entries/";
// A menu id that can be a file name in ENTRY_DIR (nothing that leaves it, no hidden files).
const SAFE_ID = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/;

/**
 * What else to read: "probe" when the files do not tell the loader, else the BLS entry files
 * the menu may name (each menu entry id's file in /boot/loader/entries; absent ones are fine).
 */
export function nextBootReads(files: BootFiles, efi: boolean, systemdBooted: boolean): { probe: true } | { probe: false; entries: string[] } {
    const cfg = files.get("/boot/grub/grub.cfg") ?? null;
    // The probe looks at /boot/grub2 first: a grub2 grub.cfg, or bootctl on a systemd-boot host,
    // decides there.
    if (cfg === null || files.get("/boot/grub2/grub.cfg") != null || (efi && systemdBooted))
        return { probe: true };
    const items = parseGrubCfg(cfg).items;
    if (hasBlscfg(items))
        return { probe: true };
    return { probe: false, entries: [...new Set(menuIds(items))].filter(id => SAFE_ID.test(id)).map(id => `${ENTRY_DIR}${id}.conf`) };
}

/** The probe's output for what was read: the same records, in the same order, as the script prints. */
export function probeTextOfFiles(files: BootFiles, efi: boolean, entries: BootFiles): string {
    const records: ProbeRecord[] = [{ kind: "info", name: "efi", content: efi ? "yes" : "no" }];
    for (const path of BOOT_FILES) {
        const content = files.get(path);
        if (content != null)
            records.push({ kind: "file", name: path, content });
    }
    // The probe lists entries in the shell's glob order: by name, bytewise in the C locale (the
    // names are ASCII, see SAFE_ID, so code units compare as bytes).
    for (const path of [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const content = entries.get(path);
        if (content != null)
            records.push({ kind: "file", name: path, content });
    }
    return probeText(records);
}

/** Records in the probe's framing: header, content, one newline (src/host/boot-probe.ts). */
export function probeText(records: readonly ProbeRecord[]): string {
    return records.map(r => `${PROBE_MARKER} ${r.kind} ${r.name}\n${r.content}\n`).join("");
}

function menuIds(items: readonly GrubMenuItem[]): string[] {
    return items.flatMap(item =>
        item.kind === "entry" ? (item.id === null ? [] : [item.id])
        : item.kind === "submenu" ? menuIds(item.items) : []);
}
