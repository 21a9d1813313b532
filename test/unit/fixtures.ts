// Test inputs: the real outputs recorded from the lab VM (test/fixtures/<scenario>/, see
// test/vm/record-fixtures), and builders that derive edge cases from real records in the exact
// layout the commands print, so derived inputs never invent a format.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { ProbeRecord } from "../../src/model/boot.ts";
import { probeText } from "../../src/model/boot-files.ts";
import type { RawInventory } from "../../src/model/types.ts";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixturePath(scenario: string, file: string): string {
    return join(FIXTURES_DIR, scenario, file);
}

export function readFixture(scenario: string, file: string): string {
    return readFileSync(fixturePath(scenario, file), "utf8");
}

/**
 * A recorded scenario as one refresh read it before the lvs report carried the VG fields: vgs
 * read too. The boot probe is rebuilt from its files.
 */
export function loadScenario(name: string): RawInventory & { vgs: string } {
    return {
        lvs: readFixture(name, "lvs.json"),
        vgs: readFixture(name, "vgs.json"),
        mountinfo: readFixture(name, "mountinfo"),
        boot: probeFromDir(join(FIXTURES_DIR, name)),
    };
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

/** The node's recorded /proc/self/mountinfo with "/" mounted from `source` instead. */
export function mountinfoOf(source: string): string {
    const [device, subdir] = /^(.*?)(?:\[(.*)\])?$/.exec(source)!.slice(1);
    return readFixture("node", "mountinfo").replace(/^(\S+ \S+ \S+ )\S+( \/ .* - \S+ )\S+/m,
        (_, head: string, middle: string) => `${head}${subdir ?? "/"}${middle}${device}`);
}

export function grubenvBlock(vars: { [name: string]: string }): string {
    const body = "# GRUB Environment Block\n" + Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join("");
    return body + "#".repeat(1024 - body.length);
}

/** The "node" scenario as the lab builds it: the starting point most tests derive from. */
export function nodeInventory(): RawInventory & { vgs: string } {
    return loadScenario("node");
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

/** How the lab's grub.cfg (and Debian's 00_header) reads grubenv and picks the default. */
export const GRUB_HEADER = 'if [ -s $prefix/grubenv ]; then\n  load_env\nfi\nif [ "${next_entry}" ]; then\n  set default="${next_entry}"\nelif [ "${saved_entry}" ]; then\n  set default="${saved_entry}"\nfi\n';

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
