// Test inputs: the real outputs recorded from the lab VM (test/fixtures/<scenario>/, see
// test/vm/record-fixtures), and builders that derive edge cases from real records in the exact
// layout the commands print, so derived inputs never invent a format.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { ProbeRecord } from "../../src/model/boot.ts";
import type { RawInventory } from "../../src/model/types.ts";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function hasScenario(name: string): boolean {
    return existsSync(join(FIXTURES_DIR, name, "lvs.json"));
}

export function readFixture(scenario: string, file: string): string {
    return readFileSync(join(FIXTURES_DIR, scenario, file), "utf8");
}

/** A recorded scenario as one refresh would read it, the boot probe rebuilt from its files. */
export function loadScenario(name: string): RawInventory {
    return {
        lvs: readFixture(name, "lvs.json"),
        vgs: readFixture(name, "vgs.json"),
        findmnt: readFixture(name, "findmnt.json"),
        boot: probeFromDir(join(FIXTURES_DIR, name)),
    };
}

/** Probe output exactly as src/host/boot-probe.ts prints it: header, content, one newline. */
export function probeText(records: ProbeRecord[]): string {
    return records.map(r => `@@imgbased-probe ${r.kind} ${r.name}\n${r.content}\n`).join("");
}

/**
 * The probe a Debian (BIOS, GRUB) host prints for a recorded fixture dir: grubenv and grub.cfg
 * from /boot/grub, entries/*.conf from /boot/loader/entries, in the script's order.
 */
export function probeFromDir(dir: string): string {
    const records: ProbeRecord[] = [{ kind: "info", name: "efi", content: "no" }];
    const file = (name: string, path: string) => {
        if (existsSync(join(dir, name)))
            records.push({ kind: "file", name: path, content: readFileSync(join(dir, name), "utf8") });
    };
    file("grubenv", "/boot/grub/grubenv");
    file("grub.cfg", "/boot/grub/grub.cfg");
    const entries = join(dir, "entries");
    if (existsSync(entries)) {
        for (const name of readdirSync(entries).filter(n => n.endsWith(".conf")).sort())
            file(join("entries", name), `/boot/loader/entries/${name}`);
    }
    return probeText(records);
}

export type Row = { [field: string]: string };

/**
 * A JSON report in LVM's own layout (two leading spaces, one row per line, `"k":"v"` pairs
 * joined by ", "), as in the verbatim sample of shared/research/vm-lab.md §5.
 */
export function lvmReport(section: "lv" | "vg", rows: Row[]): string {
    const line = (row: Row) => "{" + Object.entries(row).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ") + "}";
    return [
        "  {",
        '      "report": [',
        "          {",
        `              "${section}": [`,
        rows.map(row => "                  " + line(row)).join(",\n"),
        "              ]",
        "          }",
        "      ]",
        "  }",
        "",
    ].join("\n");
}

/** The rows of a recorded report, to derive edge cases from. */
export function reportRows(json: string, section: "lv" | "vg"): Row[] {
    const parsed = JSON.parse(json) as { report: { [section: string]: Row[] }[] };
    return parsed.report[0]![section]!;
}

export function findmntJson(source: string): string {
    // util-linux's layout (3-space indentation).
    return JSON.stringify({ filesystems: [{ source, target: "/", fstype: "ext4", options: "rw,relatime,discard" }] }, null, 3) + "\n";
}

/**
 * Until the lab's recording of the "node" scenario is in test/fixtures/node, its layout: VG nodevg
 * with pool, the installer root (imgbased:init), base debian-node-12.0-1 and the booted layer +1
 * (test/vm/recipe/disk-setup.sh), in the field list and value formats of lvm 2.03.16 (vm-lab.md
 * §5). The recorded file replaces it as soon as it exists.
 */
const SEED_LVS = lvmReport("lv", [
    { lv_name: "debian-node-12.0-1", vg_name: "nodevg", lv_full_name: "nodevg/debian-node-12.0-1", lv_path: "/dev/nodevg/debian-node-12.0-1", lv_attr: "Vri---tz-k", lv_tags: "imgbased:base", origin: "root", pool_lv: "pool", lv_size: "3221225472", data_percent: "", metadata_percent: "", lv_time: "2026-11-25 21:03:11 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa1", lv_active: "", lv_skip_activation: "skip activation", lv_permissions: "read-only", segtype: "thin" },
    { lv_name: "debian-node-12.0-1+1", vg_name: "nodevg", lv_full_name: "nodevg/debian-node-12.0-1+1", lv_path: "/dev/nodevg/debian-node-12.0-1+1", lv_attr: "Vwi-aotz--", lv_tags: "imgbased:layer", origin: "debian-node-12.0-1", pool_lv: "pool", lv_size: "3221225472", data_percent: "40.11", metadata_percent: "", lv_time: "2026-11-25 21:03:14 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa2", lv_active: "active", lv_skip_activation: "", lv_permissions: "writeable", segtype: "thin" },
    { lv_name: "[lvol0_pmspare]", vg_name: "nodevg", lv_full_name: "nodevg/lvol0_pmspare", lv_path: "", lv_attr: "ewi-------", lv_tags: "", origin: "", pool_lv: "", lv_size: "8388608", data_percent: "", metadata_percent: "", lv_time: "2026-11-25 21:02:58 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa3", lv_active: "", lv_skip_activation: "", lv_permissions: "writeable", segtype: "linear" },
    { lv_name: "pool", vg_name: "nodevg", lv_full_name: "nodevg/pool", lv_path: "", lv_attr: "twi-aotz--", lv_tags: "imgbased:pool", origin: "", pool_lv: "", lv_size: "6442450944", data_percent: "21.52", metadata_percent: "11.13", lv_time: "2026-11-25 21:02:58 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa4", lv_active: "active", lv_skip_activation: "", lv_permissions: "writeable", segtype: "thin-pool" },
    { lv_name: "[pool_tdata]", vg_name: "nodevg", lv_full_name: "nodevg/pool_tdata", lv_path: "", lv_attr: "Twi-ao----", lv_tags: "", origin: "", pool_lv: "", lv_size: "6442450944", data_percent: "", metadata_percent: "", lv_time: "2026-11-25 21:02:58 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa5", lv_active: "active", lv_skip_activation: "", lv_permissions: "writeable", segtype: "linear" },
    { lv_name: "[pool_tmeta]", vg_name: "nodevg", lv_full_name: "nodevg/pool_tmeta", lv_path: "", lv_attr: "ewi-ao----", lv_tags: "", origin: "", pool_lv: "", lv_size: "8388608", data_percent: "", metadata_percent: "", lv_time: "2026-11-25 21:02:58 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa6", lv_active: "active", lv_skip_activation: "", lv_permissions: "writeable", segtype: "linear" },
    { lv_name: "root", vg_name: "nodevg", lv_full_name: "nodevg/root", lv_path: "/dev/nodevg/root", lv_attr: "Vri---tz-k", lv_tags: "imgbased:init", origin: "", pool_lv: "pool", lv_size: "3221225472", data_percent: "", metadata_percent: "", lv_time: "2026-11-25 21:02:59 +0000", lv_uuid: "bN3Ji2-3q1X-Xq2H-oQ1n-1hV2-Pa0p-0aaaa7", lv_active: "", lv_skip_activation: "skip activation", lv_permissions: "read-only", segtype: "thin" },
]);
const SEED_VGS = lvmReport("vg", [
    { vg_name: "nodevg", vg_tags: "imgbased:vg", vg_size: "7507804160", vg_free: "1044381696", vg_uuid: "Fq1e3x-Yy1Z-2kAa-bbbb-cccc-dddd-eeeeee" },
]);
const SEED_ENTRY = `title Debian Node 12.0-1 (debian-node-12.0-1+1)
version 6.1.0-41-amd64
linux /debian-node-12.0-1+1/vmlinuz-6.1.0-41-amd64
initrd /debian-node-12.0-1+1/initrd.img-6.1.0-41-amd64
options root=/dev/nodevg/debian-node-12.0-1+1 rd.lvm.lv=nodevg/debian-node-12.0-1+1 ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=debian-node-12.0-1+1
`;
const SEED_GRUB_CFG = `# Generated from /boot/loader/entries by the imgbased lab (test/vm/guest/boot-entries.sh).
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
insmod part_msdos
insmod ext2
set timeout=1
if [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "\${next_entry}" ]; then
  set default="\${next_entry}"
  set next_entry=
  save_env next_entry
  set boot_once=true
elif [ "\${saved_entry}" ]; then
  set default="\${saved_entry}"
fi

menuentry 'Debian Node 12.0-1 (debian-node-12.0-1+1)' --id imgbased-debian-node-12.0-1_1 {
  linux /debian-node-12.0-1+1/vmlinuz-6.1.0-41-amd64 root=/dev/nodevg/debian-node-12.0-1+1 rd.lvm.lv=nodevg/debian-node-12.0-1+1 ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=debian-node-12.0-1+1
  initrd /debian-node-12.0-1+1/initrd.img-6.1.0-41-amd64
}
`;
/** grub-editenv's block: 1024 bytes, "#"-padded. */
export function grubenvBlock(vars: { [name: string]: string }): string {
    const body = "# GRUB Environment Block\n" + Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join("");
    return body + "#".repeat(1024 - body.length);
}

/** The "node" scenario: recorded if present, else the seed above. */
export function nodeInventory(): RawInventory {
    if (hasScenario("node"))
        return loadScenario("node");
    return {
        lvs: SEED_LVS,
        vgs: SEED_VGS,
        findmnt: findmntJson("/dev/mapper/nodevg-debian--node--12.0--1+1"),
        boot: probeText([
            { kind: "info", name: "efi", content: "no" },
            { kind: "file", name: "/boot/grub/grubenv", content: grubenvBlock({ saved_entry: "imgbased-debian-node-12.0-1_1" }) },
            { kind: "file", name: "/boot/grub/grub.cfg", content: SEED_GRUB_CFG },
            { kind: "file", name: "/boot/loader/entries/imgbased-debian-node-12.0-1_1.conf", content: SEED_ENTRY },
        ]),
    };
}

/** The entry id the lab (and our backend) gives a layer: "+N" would read as boot counting. */
export function bootId(layer: string): string {
    return "imgbased-" + layer.replace(/\+(\d+)$/, "_$1");
}

/** A layer's entry file as test/vm/guest/boot-entries.sh writes it. */
export function entryFile(vg: string, layer: string, title = `Debian Node (${layer})`): string {
    return `title ${title}\nversion 6.1.0-41-amd64\nlinux /${layer}/vmlinuz-6.1.0-41-amd64\n` +
        `initrd /${layer}/initrd.img-6.1.0-41-amd64\n` +
        `options root=/dev/${vg}/${layer} rd.lvm.lv=${vg}/${layer} ro quiet img.bootid=${layer}\n`;
}

export function menuentry(title: string, id: string, options: string): string {
    return `menuentry '${title}' --id ${id} {\n  linux /k ${options}\n  initrd /i\n}\n`;
}

/** The default logic of the lab's grub.cfg (and of Debian's 00_header). */
export const GRUB_HEADER = 'if [ "${next_entry}" ]; then\n  set default="${next_entry}"\nelif [ "${saved_entry}" ]; then\n  set default="${saved_entry}"\nfi\n';

/** A Debian host's probe: grubenv, grub.cfg and entry files ([id, text]). */
export function debianProbe(env: { [name: string]: string }, cfg: string, entries: [string, string][] = []): string {
    return probeText([
        { kind: "info", name: "efi", content: "no" },
        { kind: "file", name: "/boot/grub/grubenv", content: grubenvBlock(env) },
        { kind: "file", name: "/boot/grub/grub.cfg", content: cfg },
        ...entries.map(([id, text]) => ({ kind: "file", name: `/boot/loader/entries/${id}.conf`, content: text })),
    ]);
}

/** Entry files for the layers and a grub.cfg listing them, as the lab's update-grub stand-in does. */
export function layersProbe(vg: string, layers: string[], env: { [name: string]: string } = {}): string {
    const entries = layers.map((layer): [string, string] => [bootId(layer), entryFile(vg, layer)]);
    const cfg = GRUB_HEADER + layers.map(layer =>
        menuentry(`Debian Node (${layer})`, bootId(layer), `root=/dev/${vg}/${layer} rd.lvm.lv=${vg}/${layer} ro quiet img.bootid=${layer}`)).join("");
    return debianProbe(env, cfg, entries);
}
