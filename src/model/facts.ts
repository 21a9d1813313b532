// The facts a change needs beside the inventory (HostFacts, InitFacts of ./actions/types.ts), from
// the output of the host's facts script (src/host/facts.ts). The script prints records in the
// boot probe's format ("@@imgbased-probe KIND NAME", content, one extra newline), so they are read
// with parseBootProbe:
//   info boot-dir       the directory the boot loader reads entries and kernels from
//   file /proc/cmdline
//   cmd findmnt-root    `findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,AVAIL /`
//   cmd findmnt-boot    the same with `-T BOOTDIR`: the filesystem holding the boot dir
//   cmd uname-r
//   cmd boot-files      `find DIR -maxdepth 2 -type f -printf '%s %p\n'` for the boot dir and /boot
//   file /etc/os-release (or /usr/lib/os-release)
//   file /etc/imgbased/policy.conf, when it exists
//   cmd lvs             the inventory's lvs report, only when asked for (initialize)

import type { HostFacts, InitFacts } from "./actions/types.ts";
import { parseBootProbe, type ProbeRecord } from "./boot.ts";
import { InventoryParseError } from "./errors.ts";
import { lvOfSource } from "./mountinfo.ts";
import { parseLvs } from "./lvm.ts";
import { parsePolicy, POLICY_PATH } from "./policy.ts";
import type { LvRecord } from "./types.ts";

/** One filesystem of `findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,AVAIL`. */
export interface MountSpace {
    source: string;
    target: string;
    fstype: string;
    size: number;
    avail: number;
}

/** Sizes are numbers with -b; older findmnt versions print every JSON value as a string. */
function byteCount(value: unknown): number | null {
    if (typeof value === "number" && Number.isFinite(value))
        return value;
    if (typeof value === "string" && /^\d+$/.test(value))
        return Number(value);
    return null;
}

/** The last filesystem findmnt listed (the visible one when several are stacked). */
export function parseMountSpace(json: string, what: string): MountSpace {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch (e) {
        throw new InventoryParseError(what, `not JSON (${(e as Error).message})`, json);
    }
    const list = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).filesystems : undefined;
    if (!Array.isArray(list) || list.length === 0)
        throw new InventoryParseError(what, "no filesystem listed", json);
    const f = list[list.length - 1] as Record<string, unknown>;
    const size = byteCount(f?.size);
    const avail = byteCount(f?.avail);
    for (const field of ["source", "target", "fstype"]) {
        if (typeof f?.[field] !== "string")
            throw new InventoryParseError(what, `no string "${field}"`, json);
    }
    if (size === null || avail === null)
        throw new InventoryParseError(what, "no byte counts (size, avail)", json);
    return { source: f.source as string, target: f.target as string, fstype: f.fstype as string, size, avail };
}

/** `find -printf '%s %p\n'` lines: size and host path. Lines of other forms are skipped. */
export function parseFileSizes(text: string): Record<string, number> {
    const files: Record<string, number> = {};
    for (const line of text.split("\n")) {
        const m = /^(\d+) (\/.*)$/.exec(line);
        if (m)
            files[m[2]!] = Number(m[1]);
    }
    return files;
}

/** A value of os-release(5): shell-like, optionally quoted, with backslash escapes in quotes. */
function osReleaseValue(raw: string): string {
    const v = raw.trim();
    const q = v[0];
    if ((q === "\"" || q === "'") && v.endsWith(q) && v.length >= 2) {
        const inner = v.slice(1, -1);
        return q === "'" ? inner : inner.replace(/\\([$"'`\\])/g, "$1");
    }
    return v;
}

/** ID and VERSION_ID of os-release(5); ID defaults to "linux" as the spec says. */
export function parseOsRelease(text: string): InitFacts["osRelease"] {
    const values = new Map<string, string>();
    for (const line of text.split("\n")) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (m)
            values.set(m[1]!, osReleaseValue(m[2]!));
    }
    return { id: values.get("ID") || "linux", versionId: values.get("VERSION_ID") || null };
}

/**
 * The running kernel's files as the distribution installs them: /boot/vmlinuz-V with
 * /boot/initrd.img-V (Debian) or /boot/initramfs-V.img (Fedora); in the boot dir when it is
 * another (an ESP). The Debian names when none exists: the planner then refuses, naming them.
 */
export function kernelFiles(version: string, bootDir: string, files: Record<string, number>): HostFacts["kernel"] {
    const dirs = [...new Set([bootDir, "/boot"])];
    const first = (names: string[]) => {
        for (const dir of dirs) {
            for (const name of names) {
                if (files[`${dir}/${name}`] !== undefined)
                    return `${dir}/${name}`;
            }
        }
        return `/boot/${names[0]}`;
    };
    return {
        version,
        vmlinuz: first([`vmlinuz-${version}`]),
        initrd: first([`initrd.img-${version}`, `initramfs-${version}.img`]),
    };
}

/** What the facts script reads: HostFacts but for what the plugin itself brings. */
export type ReadFacts = Omit<HostFacts, "healthProgram">;

export interface ParsedFacts {
    host: ReadFacts;
    osRelease: InitFacts["osRelease"];
    /** The facts script's lvs report, when it ran one. */
    lvs: LvRecord[] | null;
    /** Where the boot dir's filesystem comes from ("/dev/vda1"): onThinLv needs the LVs. */
    bootSource: string;
}

function record(records: ProbeRecord[], kind: string, name: string): string | null {
    return records.find(r => r.kind === kind && r.name === name)?.content ?? null;
}

function required(records: ProbeRecord[], kind: string, name: string, output: string): string {
    const text = record(records, kind, name);
    if (text === null)
        throw new InventoryParseError("facts", `no "${kind} ${name}" record`, output);
    return text;
}

/**
 * The facts script's output as HostFacts. `lvs` (the inventory's LVs) tells whether the boot
 * filesystem is on a thin LV; the script's own lvs report, when present, is used instead.
 */
export function parseFacts(output: string, lvs: readonly LvRecord[] = []): ParsedFacts {
    const records = parseBootProbe(output);
    const bootDir = required(records, "info", "boot-dir", output).trim();
    const root = parseMountSpace(required(records, "cmd", "findmnt-root", output), "findmnt /");
    const boot = parseMountSpace(required(records, "cmd", "findmnt-boot", output), `findmnt -T ${bootDir}`);
    const version = required(records, "cmd", "uname-r", output).trim();
    if (!/^\S+$/.test(version))
        throw new InventoryParseError("uname -r", "no kernel version", version);
    const bootFiles = parseFileSizes(record(records, "cmd", "boot-files") ?? "");
    const lvsText = record(records, "cmd", "lvs");
    const ownLvs = lvsText === null ? null : parseLvs(lvsText);
    const bootLv = lvOfSource(boot.source, ownLvs ?? lvs);
    return {
        host: {
            cmdline: (record(records, "file", "/proc/cmdline") ?? "").trim(),
            rootFsType: root.fstype,
            boot: {
                dir: bootDir,
                separate: boot.target === bootDir,
                fsType: boot.fstype,
                onThinLv: bootLv !== null && (bootLv.segtype === "thin" || bootLv.pool !== ""),
                freeBytes: boot.avail,
            },
            kernel: kernelFiles(version, bootDir, bootFiles),
            bootFiles,
            policy: parsePolicy(record(records, "file", POLICY_PATH)),
        },
        osRelease: parseOsRelease(record(records, "file", "/etc/os-release") ?? record(records, "file", "/usr/lib/os-release") ?? ""),
        lvs: ownLvs,
        bootSource: boot.source,
    };
}

/** InitFacts from output that has the lvs record (the script was asked for it). */
export function parseInitFacts(output: string): Omit<InitFacts, "healthProgram"> {
    const facts = parseFacts(output);
    if (facts.lvs === null)
        throw new InventoryParseError("facts", "no lvs report", output);
    return { ...facts.host, lvs: facts.lvs, osRelease: facts.osRelease };
}
