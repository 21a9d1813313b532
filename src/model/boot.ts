// The boot state from the boot probe's output (src/host/boot-probe.ts): which loader, its menu
// entries, the saved default and the one-time next entry, each resolved to an entry the way the
// loader itself would.

import { blsIdOfPath, parseBlsEntry } from "./bls.ts";
import { ENTRY_PREFIX } from "./boot-entry.ts";
import { readSystemdBoot } from "./bootctl.ts";
import { bootTarget } from "./cmdline.ts";
import { parseGrubCfg, type GrubMenu, type GrubMenuItem } from "./grubcfg.ts";
import { parseGrubenv } from "./grubenv.ts";
import { rpmvercmp } from "./rpmvercmp.ts";
import type { BootBackendKind, BootEntry, BootState } from "./types.ts";

export interface ProbeRecord {
    kind: string;
    name: string;
    content: string;
}

/** BootState plus what its references resolve to (the layout needs them, the views do not). */
export interface BootReading extends BootState {
    /** What the loader boots when no one-time entry is set, after its own fallbacks. */
    defaultEntry: BootEntry | null;
    /** The one-time entry, when set and found. */
    nextEntry: BootEntry | null;
    /** defaultRef is set but names no entry. */
    defaultRefMissing: boolean;
}

/** systemd's vendor GUID of the boot loader's EFI variables (LoaderEntryDefault-GUID, ...). */
export const SYSTEMD_BOOT_VENDOR = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

/** Starts the header line of each record the boot probe and the facts script print. */
export const PROBE_MARKER = "@@imgbased-probe";

/** The shell function both scripts print a record's header with: `header KIND NAME`. */
export const PROBE_HEADER_SH = `header() {
    printf '${PROBE_MARKER} %s %s\\n' "$1" "$2"
}`;

const PROBE_HEAD = new RegExp(`^${PROBE_MARKER} (\\S+) ?(.*)$`, "gm");

/**
 * The records of the probe: each starts with a line "@@imgbased-probe KIND NAME" and ends with a
 * newline the script added, which is removed again.
 */
export function parseBootProbe(text: string): ProbeRecord[] {
    const heads = [...text.matchAll(PROBE_HEAD)];
    return heads.map((head, i) => {
        const start = head.index + head[0].length + 1;
        const end = heads[i + 1]?.index ?? text.length;
        const content = text.slice(start, Math.max(start, end));
        return { kind: head[1]!, name: head[2]!, content: content.endsWith("\n") ? content.slice(0, -1) : content };
    });
}

/**
 * The loader is systemd-boot when bootctl says it is installed, GRUB with BLS when a grub.cfg
 * calls `blscfg` (Fedora, RHEL), Debian's GRUB when /boot/grub/grub.cfg does not; otherwise it is
 * unknown and only the BLS entry files are listed.
 */
export function readBootState(probe: string): BootReading {
    const records = parseBootProbe(probe);
    const text = (kind: string, name: string) => records.find(r => r.kind === kind && r.name === name)?.content ?? null;

    const bootctl = text("cmd", "bootctl-list");
    if (bootctl !== null)
        return readSystemdBoot(bootctl, text("efivar", "LoaderEntryDefault"), text("efivar", "LoaderEntryOneShot"));

    const entryFiles = records.filter(r => r.kind === "file").flatMap(r => {
        const id = r.name.startsWith(GRUB_ENTRIES) ? blsIdOfPath(r.name) : null;
        return id === null ? [] : [{ id, text: r.content }];
    });
    for (const dir of ["/boot/grub2", "/boot/grub"]) {
        const cfg = text("file", `${dir}/grub.cfg`);
        if (cfg === null)
            continue;
        const menu = parseGrubCfg(cfg);
        const env = parseGrubenv(text("file", `${dir}/grubenv`) ?? "");
        if (hasBlscfg(menu.items)) {
            const expand = (options: string) => expandGrubVars(options, env);
            const bls = entryFiles.map(f => parseBlsEntry(f.id, f.text, expand));
            // Newer blscfg orders entries by file name, newest version first.
            bls.sort((a, b) => rpmvercmp(b.id, a.id));
            return readGrub("grub2-bls", menuNodes(menu.items, "", bls, new Map()), `${dir}/grub.cfg`, menu, env);
        }
        if (dir === "/boot/grub") {
            const bls = new Map(entryFiles.map(f => [f.id, parseBlsEntry(f.id, f.text)]));
            const reading = readGrub("grub-debian", menuNodes(menu.items, "", [], bls), `${dir}/grub.cfg`, menu, env);
            const inMenu = new Set(menuEntryIds(menu.items));
            const notInMenu = [...bls.keys()].filter(id => id.startsWith(ENTRY_PREFIX) && !inMenu.has(id)).sort();
            return notInMenu.length > 0 ? { ...reading, entriesNotInMenu: notInMenu } : reading;
        }
    }

    const entries = records.filter(r => r.kind === "file").flatMap(r => {
        const id = ENTRY_DIRS.some(d => r.name.startsWith(d)) ? blsIdOfPath(r.name) : null;
        return id === null ? [] : [parseBlsEntry(id, r.content)];
    });
    return { backend: "unknown", entries, defaultRef: null, nextRef: null, defaultEntry: null, nextEntry: null, defaultRefMissing: false };
}

/** GRUB reads BLS entries from the boot partition only; the ESP locations are systemd-boot's. */
const GRUB_ENTRIES = "/boot/loader/entries/";
const ENTRY_DIRS = [GRUB_ENTRIES, "/efi/loader/entries/", "/boot/efi/loader/entries/"];

/** One item of GRUB's menu as GRUB sees it: an entry, or a submenu of further items. */
interface MenuNode {
    title: string;
    id: string | null;
    entry?: BootEntry;
    children?: MenuNode[];
}

/**
 * The menu GRUB shows. The BLS entries go where `blscfg` stands. On Debian our entries reach the
 * menu through a /etc/grub.d snippet that gives each menuentry the id of its BLS file: title and
 * version then come from the file, while what boots (linux, initrd, options) is what grub.cfg
 * says, since that is what GRUB runs even when the file changed after the last update-grub.
 * A nested entry's id is its menu path "submenu>entry", the form grub-set-default takes.
 */
function menuNodes(items: GrubMenuItem[], prefix: string, bls: BootEntry[], blsById: Map<string, BootEntry>): MenuNode[] {
    return items.flatMap((item): MenuNode[] => {
        if (item.kind === "blscfg")
            return bls.map(e => ({ title: e.title, id: e.id, entry: { ...e, id: prefix + e.id } }));
        const path = prefix + (item.id ?? item.title);
        if (item.kind === "submenu")
            return [{ title: item.title, id: item.id, children: menuNodes(item.items, `${path}>`, bls, blsById) }];
        const file = item.id === null ? undefined : blsById.get(item.id);
        const { linux, initrd, options } = item;
        const entry: BootEntry = {
            id: path,
            title: file?.title || item.title,
            version: file?.version ?? "",
            linux,
            initrd,
            options,
            ...bootTarget(options),
        };
        return [{ title: item.title, id: item.id, entry }];
    });
}

/** The --id of every menuentry, in submenus too. */
function menuEntryIds(items: readonly GrubMenuItem[]): string[] {
    return items.flatMap(item => item.kind === "submenu" ? menuEntryIds(item.items) : item.kind === "entry" && item.id !== null ? [item.id] : []);
}

export function hasBlscfg(items: readonly GrubMenuItem[]): boolean {
    return items.some(item => item.kind === "blscfg" || (item.kind === "submenu" && hasBlscfg(item.items)));
}

/** $name and ${name} in BLS options, from grubenv (EL8 writes "options $kernelopts ..."). */
function expandGrubVars(options: string, env: Map<string, string>): string {
    return options.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced?: string, plain?: string) => env.get((braced ?? plain)!) ?? "")
        .replace(/\s+/g, " ").trim();
}

/**
 * grub.cfg sets `default` from grubenv's saved_entry (GRUB_DEFAULT=saved) or to a fixed value;
 * next_entry, when set, wins once. GRUB falls back to the first item when the default names none.
 */
/** grub.cfg's default when it is grubenv's saved_entry (GRUB_DEFAULT=saved). */
const SAVED = /^\$\{?saved_entry\}?$/;

function readGrub(backend: BootBackendKind, nodes: MenuNode[], cfgPath: string, menu: GrubMenu, stored: Map<string, string>): BootReading {
    const setting = menu.defaultSetting;
    // What GRUB reads of grubenv: nothing without load_env.
    const env = menu.loadsEnv ? stored : new Map<string, string>();
    const defaultRef = setting === null ? null : (SAVED.test(setting) ? env.get("saved_entry") || null : setting);
    const nextRef = env.get("next_entry") || null;
    const chosen = defaultRef === null ? null : resolveGrubRef(nodes, defaultRef);
    return {
        backend,
        entries: leaves(nodes),
        defaultRef,
        nextRef,
        stored: { defaultRef: stored.get("saved_entry") || null, nextRef: stored.get("next_entry") || null },
        ...(setting !== null && SAVED.test(setting) ? {} : { fixedDefault: setting ?? "" }),
        ...(menu.loadsEnv ? {} : { grubenvNotLoaded: cfgPath }),
        defaultEntry: chosen ?? nodes[0]?.entry ?? null,
        nextEntry: nextRef === null ? null : resolveGrubRef(nodes, nextRef),
        defaultRefMissing: defaultRef !== null && chosen === null,
    };
}

function leaves(nodes: MenuNode[]): BootEntry[] {
    return nodes.flatMap(n => n.entry ? [n.entry] : leaves(n.children ?? []));
}

/**
 * An entry reference as GRUB resolves saved_entry/next_entry: ">" separates submenu levels; at
 * each level a number is a position, anything else the first item with that title or id.
 */
function resolveGrubRef(nodes: MenuNode[], ref: string): BootEntry | null {
    let level = nodes;
    const parts = ref.split(">");
    for (const [i, part] of parts.entries()) {
        const node = /^\d+$/.test(part) ? level[Number(part)] : level.find(n => n.title === part || n.id === part);
        if (node === undefined)
            return null;
        if (i === parts.length - 1)
            return node.entry ?? null;
        level = node.children ?? [];
    }
    return null;
}
