// systemd-boot's menu as `bootctl list --json=short` reports it: an array of entries with "id"
// (type #1 entries keep ".conf", minus any boot-counting suffix: this is the id `bootctl
// set-default` takes), "title", "showTitle", "version", "linux", "initrd" (a list), "options",
// and "isDefault" / "isSelected" (systemd src/shared/bootspec.c). "isDefault" is what boots next,
// so it is the one-shot entry when one is set.

import { bootTarget } from "./cmdline.ts";
import { InventoryParseError } from "./errors.ts";
import type { BootReading } from "./boot.ts";
import type { BootEntry } from "./types.ts";

export interface BootctlMenu {
    entries: BootEntry[];
    /** The id bootctl marks "isDefault", if any. */
    defaultId: string | null;
}

export function parseBootctlList(json: string): BootctlMenu {
    if (json.trim() === "")
        return { entries: [], defaultId: null };
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch (e) {
        throw new InventoryParseError("bootctl list", `not JSON (${(e as Error).message})`, json);
    }
    if (!Array.isArray(parsed))
        throw new InventoryParseError("bootctl list", "not a list of entries", json);

    let defaultId: string | null = null;
    const entries = parsed.map((item: unknown, index): BootEntry => {
        const e = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
        const id = text(e.id);
        if (id === "")
            throw new InventoryParseError("bootctl list", `entry #${index} has no id`, json);
        if (e.isDefault === true)
            defaultId = id;
        const options = text(e.options);
        return {
            id,
            title: text(e.title) || text(e.showTitle) || id,
            version: text(e.version),
            linux: text(e.linux) || text(e.efi),
            // A list ("initrd" may repeat in an entry); a plain string is read too.
            initrd: Array.isArray(e.initrd) ? e.initrd.map(text).join(" ") : text(e.initrd),
            options,
            ...bootTarget(options),
        };
    });
    return { entries, defaultId };
}

function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/**
 * The systemd-boot state from `bootctl list` and the two EFI variables that `bootctl set-default`
 * and `set-oneshot` write. The loader takes the one-shot entry, else LoaderEntryDefault, else
 * loader.conf's pattern, else the first entry; each is a glob matched case-insensitively against
 * the ids. Without LoaderEntryDefault (loader.conf decides) the default is "isDefault", unless a
 * one-shot entry hides it: then it is unknown here.
 */
export function readSystemdBoot(list: string, defaultVar: string | null, oneshotVar: string | null): BootReading {
    const menu = parseBootctlList(list);
    const find = (pattern: string | null) => {
        if (pattern === null)
            return null;
        const re = globToRegExp(pattern);
        return menu.entries.find(e => re.test(e.id)) ?? null;
    };
    const nextEntry = find(oneshotVar);
    const chosen = find(defaultVar);
    const reported = menu.entries.find(e => e.id === menu.defaultId) ?? null;
    return {
        backend: "systemd-boot",
        entries: menu.entries,
        defaultRef: defaultVar,
        nextRef: oneshotVar,
        stored: { defaultRef: defaultVar, nextRef: oneshotVar },
        defaultEntry: chosen ?? (nextEntry === null ? reported : null),
        nextEntry,
        defaultRefMissing: defaultVar !== null && chosen === null,
    };
}

/** fnmatch(3) without flags beyond case folding: "*", "?" and "[...]" ("[!...]" negates). */
function globToRegExp(glob: string): RegExp {
    let re = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i]!;
        const close = c === "[" ? glob.indexOf("]", i + 2) : -1;
        if (c === "*") {
            re += ".*";
        } else if (c === "?") {
            re += ".";
        } else if (close > 0) {
            const set = glob.slice(i + 1, close);
            re += "[" + (set.startsWith("!") ? "^" + set.slice(1) : set).replace(/[\\\]]/g, "\\$&") + "]";
            i = close;
        } else {
            re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${re}$`, "i");
}
