// Boot Loader Specification type #1 entries (/boot/loader/entries/*.conf): "key value" lines,
// "#" comments. options and initrd may repeat and add up; for other keys the last one counts, as
// in systemd's reader.

import { bootTarget } from "./cmdline.ts";
import type { BootEntry } from "./types.ts";

/**
 * The entry id of an entry file path: its name without ".conf", as GRUB's blscfg uses it. GRUB
 * knows no BLS boot counting, so a "+N[-M]" suffix stays part of the id there; systemd-boot, which
 * strips it, is read through `bootctl list` and its ids instead.
 */
export function blsIdOfPath(path: string): string | null {
    const name = path.slice(path.lastIndexOf("/") + 1);
    return name.endsWith(".conf") && name.length > ".conf".length ? name.slice(0, -".conf".length) : null;
}

/** `expand` resolves $name / ${name} in options (GRUB's blscfg fills them from grubenv). */
export function parseBlsEntry(id: string, text: string, expand?: (options: string) => string): BootEntry {
    const single = new Map<string, string>();
    const options: string[] = [];
    const initrds: string[] = [];
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#"))
            continue;
        const m = /^(\S+)\s*(.*)$/.exec(line)!;
        const key = m[1]!;
        const value = m[2]!;
        if (key === "options")
            options.push(value);
        else if (key === "initrd")
            initrds.push(value);
        else
            single.set(key, value);
    }
    const joined = options.join(" ");
    const opts = expand ? expand(joined) : joined;
    return {
        id,
        title: single.get("title") ?? "",
        version: single.get("version") ?? "",
        linux: single.get("linux") ?? single.get("efi") ?? "",
        initrd: initrds.join(" "),
        options: opts,
        ...bootTarget(opts),
    };
}
