// How each boot loader is told what to boot (DESIGN §4), with the commands that put back what it
// booted before, from the BootState the inventory read.

import { GRUB_MENU_REFRESH } from "../grub-snippet.ts";
import type { BootBackendKind } from "../types.ts";
import { shArgv } from "./file-steps.ts";

export interface BootSwitch {
    argv: string[];
    undo: string[][];
}

export interface BootCommands {
    backend: Exclude<BootBackendKind, "unknown">;
    /** The id the loader selects the entry file `<entryId>.conf` by. */
    menuId(entryId: string): string;
    /** Boot `menuId` from now on; undo restores `previous` (BootState.defaultRef) or clears it. */
    setDefault(menuId: string, previous: string | null): BootSwitch;
    /** Boot `menuId` at the next boot only; undo restores `previous` (BootState.nextRef). */
    bootOnce(menuId: string, previous: string | null): BootSwitch;
    /** No boot-once choice: the next boot is the default's; undo restores `previous`. */
    clearOnce(previous: string | null): BootSwitch;
    /** Regenerates the menu after entry files changed; null where the loader reads the files. */
    refresh: string[] | null;
}

/** grub-set-default and grub-reboot write these variables into this grubenv. */
function grub(tools: "grub" | "grub2", grubenv: string): Omit<BootCommands, "backend" | "refresh"> {
    const restore = (name: string, previous: string | null) => [previous === null
        ? [`${tools}-editenv`, grubenv, "unset", name]
        : [`${tools}-editenv`, grubenv, "set", `${name}=${previous}`]];
    return {
        // GRUB selects by menu entry id: ours are the entry file names (the snippet's --id on
        // Debian, blscfg's own rule with BLS).
        menuId: entryId => entryId,
        setDefault: (id, previous) => ({ argv: [`${tools}-set-default`, id], undo: restore("saved_entry", previous) }),
        bootOnce: (id, previous) => ({ argv: [`${tools}-reboot`, id], undo: restore("next_entry", previous) }),
        clearOnce: previous => ({ argv: [`${tools}-editenv`, grubenv, "unset", "next_entry"], undo: restore("next_entry", previous) }),
    };
}

/**
 * The commands of a backend, or null for "unknown" (we do not change a boot loader we cannot
 * read). systemd-boot ids are file names with ".conf"; set-default and set-oneshot with an empty
 * id remove the EFI variable (bootctl(1)).
 */
export function bootCommands(backend: BootBackendKind): BootCommands | null {
    switch (backend) {
    case "grub-debian":
        // Our part of grub.cfg only, update-grub where that cannot be done safely (grub-snippet.ts).
        return { backend, refresh: shArgv(GRUB_MENU_REFRESH), ...grub("grub", "/boot/grub/grubenv") };
    case "grub2-bls":
        return { backend, refresh: null, ...grub("grub2", "/boot/grub2/grubenv") };
    case "systemd-boot":
        return {
            backend,
            refresh: null,
            menuId: entryId => `${entryId}.conf`,
            setDefault: (id, previous) => ({ argv: ["bootctl", "set-default", id], undo: [["bootctl", "set-default", previous ?? ""]] }),
            bootOnce: (id, previous) => ({ argv: ["bootctl", "set-oneshot", id], undo: [["bootctl", "set-oneshot", previous ?? ""]] }),
            clearOnce: previous => ({ argv: ["bootctl", "set-oneshot", ""], undo: [["bootctl", "set-oneshot", previous ?? ""]] }),
        };
    case "unknown":
        return null;
    }
}
