// The fault lab's worlds: what a job changes, set up from a plan's scenario (a template the
// driver copies into its namespace) and read back as lines (driver.sh dump_world) to compare.

import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { Row } from "../fixtures.ts";

export interface WorldSpec {
    name: string;
    vg: string;
    vgTags: string[];
    /** Rows of an lvs report; LVM's hidden LVs ([pool_tdata], ...) are left out, as `lvs` does. */
    lvs: Row[];
    /** /boot/grub/grubenv. */
    grubenv: string;
    /** /boot/loader/entries/ID.conf: [ID, text]. */
    entries: [string, string][];
    /** Kernels and initramfs files on /boot (host paths). */
    bootFiles: string[];
    etc: { path: string; content: string; mode: number }[];
    /** /boot/imgbased/trial: a pending trial (model/trial.ts), when there is one. */
    trial?: string;
}

function write(path: string, content: string, mode = 0o644): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, mode);
}

/** An LV as the fake LVM keeps it (fault-lab/lib.sh, lv_load), from its lvs row. */
function lvFile(row: Row): string {
    const thin = row.segtype === "thin";
    const fields = {
        segtype: row.segtype, pool: row.pool_lv, origin: row.origin,
        active: row.lv_active === "active" ? "y" : "n",
        perm: row.lv_permissions === "read-only" ? "r" : "rw",
        skip: row.lv_skip_activation === "skip activation" ? "y" : "n",
        // Open (in use by the running system: the booted root) per its recorded attributes.
        open: row.lv_attr![5] === "o" ? "y" : "n",
        fs: thin ? "ext4" : "none",
        uuid: thin ? `uuid-${row.lv_name}` : "",
        csumseed: thin ? "y" : "n",
        tags: row.lv_tags,
    };
    return Object.entries(fields).map(([k, v]) => `${k}=${v ?? ""}\n`).join("");
}

/** Writes `spec` as the driver's TEMPLATE: lvm/, boot/ and etc/. */
export function writeTemplate(spec: WorldSpec, dir: string): void {
    write(join(dir, "lvm/vg", spec.vg), spec.vgTags.map(t => `${t}\n`).join(""));
    for (const row of spec.lvs.filter(r => !r.lv_name!.startsWith("["))) {
        write(join(dir, "lvm/lv", spec.vg, row.lv_name!), lvFile(row));
        const fs = join(dir, "lvm/fs", spec.vg, row.lv_name!);
        mkdirSync(fs, { recursive: true });
        if (row.segtype === "thin") {
            write(join(fs, "etc/fstab"), `UUID=uuid-${row.lv_name} / ext4 defaults 0 1\n`);
            write(join(fs, "etc/hostname"), `${row.lv_name}\n`);
        }
    }
    write(join(dir, "boot/grub/grubenv"), spec.grubenv);
    mkdirSync(join(dir, "boot/loader/entries"), { recursive: true });
    for (const [id, text] of spec.entries)
        write(join(dir, "boot/loader/entries", `${id}.conf`), text);
    for (const path of spec.bootFiles)
        write(join(dir, path), `${path}\n`);
    for (const file of spec.etc)
        write(join(dir, file.path), file.content, file.mode);
    if (spec.trial !== undefined)
        write(join(dir, "boot/imgbased/trial"), spec.trial);
}

/**
 * A world as sorted lines, tags in order (their order in LVM is the order they were added), the
 * files of LVs that do not exist left out. `pending` lines, what a next job would find of this
 * one, are kept apart: they are checked on their own, not compared.
 */
export interface World {
    lines: string[];
    pending: string[];
}

/** `fsRoot`: where the driver kept the LVs' trees ("<lab>/lvm/fs/"): their files become "fs" lines. */
export function parseWorld(text: string, fsRoot: string): World {
    const all = text.split("\n").filter(line => line !== "").map(line => pathLine(line, fsRoot));
    const lvs = new Set(all.filter(l => l.startsWith("lv ")).map(l => l.slice(3, l.indexOf("\t"))));
    const lines = all
        .filter(l => !l.startsWith("pending "))
        .filter(l => !/^fs(-sum)? /.test(l) || lvs.has(l.slice(l.indexOf(" ") + 1).split("/").slice(0, 2).join("/")))
        .map(normalize)
        .sort();
    return { lines, pending: all.filter(l => l.startsWith("pending ")) };
}

/**
 * A "file" line, or cksum's "CRC SIZE PATH" as "sum PATH\tCRC SIZE"; those of a file in an LV's
 * tree as "fs" and "fs-sum" lines naming it "VG/LV/PATH".
 */
function pathLine(line: string, fsRoot: string): string {
    const sum = /^(\d+) (\d+) (.*)$/.exec(line);
    if (!sum && !line.startsWith("file "))
        return line;
    const tab = line.indexOf("\t");
    const [kind, path, rest] = sum ? ["sum", sum[3]!, `${sum[1]} ${sum[2]}`] : ["file", line.slice(5, tab), line.slice(tab + 1)];
    if (!path.startsWith(fsRoot))
        return `${kind} ${path}\t${rest}`;
    return `${kind === "sum" ? "fs-sum" : "fs"} ${path.slice(fsRoot.length)}\t${rest}`;
}

function normalize(line: string): string {
    if (line.startsWith("vg "))
        return line.replace(/\t(.*)$/, (_, tags: string) => "\t" + tags.trim().split(" ").filter(Boolean).sort().join(" "));
    if (line.startsWith("lv "))
        return line.replace(/tags=(\S*)/, (_, tags: string) => "tags=" + tags.split(",").filter(Boolean).sort().join(","));
    return line;
}

export type Verdict = "before" | "after" | "mixed";

export function judge(world: World, before: World, after: World): Verdict {
    const same = (a: World, b: World) => a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);
    return same(world, before) ? "before" : same(world, after) ? "after" : "mixed";
}

/** How `world` differs from `other`: lines it lacks ("-") and has besides ("+"), a few of each. */
export function difference(world: World, other: World, limit = 8): string[] {
    const mine = new Set(world.lines);
    const theirs = new Set(other.lines);
    const short = (l: string) => l.length > 160 ? `${l.slice(0, 157)}...` : l;
    return [
        ...other.lines.filter(l => !mine.has(l)).slice(0, limit).map(l => `- ${short(l)}`),
        ...world.lines.filter(l => !theirs.has(l)).slice(0, limit).map(l => `+ ${short(l)}`),
    ];
}

/**
 * What is wrong with the boot choice of `world`: the default (saved_entry) and the next boot
 * (next_entry), when set, must be entry files whose kernel and initramfs exist and whose root LV
 * exists.
 */
export function bootProblems(world: World): string[] {
    const text = (path: string) => world.lines.filter(l => l.startsWith(`text ${path}\t`)).map(l => l.slice(l.indexOf("\t") + 1));
    const files = new Set(world.lines.filter(l => l.startsWith("file ")).map(l => l.slice(5, l.indexOf("\t"))));
    const lvs = new Set(world.lines.filter(l => l.startsWith("lv ")).map(l => l.slice(3, l.indexOf("\t"))));
    const problems: string[] = [];
    for (const line of text("/boot/grub/grubenv")) {
        const m = /^(saved_entry|next_entry)=(.+)$/.exec(line);
        if (!m)
            continue;
        const [, name, id] = m;
        const entry = text(`/boot/loader/entries/${id}.conf`);
        if (entry.length === 0) {
            problems.push(`${name} ${id} has no entry file`);
            continue;
        }
        const value = (key: string) => entry.find(l => l.startsWith(`${key} `))?.slice(key.length + 1) ?? "";
        for (const path of [value("linux"), value("initrd")])
            if (!files.has(`/boot${path}`))
                problems.push(`${name} ${id} boots ${path}, which is not on /boot`);
        const root = /(?:^| )root=\/dev\/(\S+)/.exec(value("options"))?.[1];
        if (!root || !lvs.has(root))
            problems.push(`${name} ${id} boots root ${root ?? "(none)"}, which is not an LV`);
    }
    return problems;
}
