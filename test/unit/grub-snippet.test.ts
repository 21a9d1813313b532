// The /etc/grub.d snippet is proven by running it, as update-grub would, under dash and bash
// --posix: on the lab's real entry files plus odd ones, with grub-mkconfig_lib's device probes
// replaced (no GRUB here). Its output must read back through our grub.cfg parser, and through the
// whole boot-state reader, to the same ids and boot lines as the entry files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { parseBlsEntry } from "../../src/model/bls.ts";
import { readBootState } from "../../src/model/boot.ts";
import { parseGrubCfg, type GrubMenuEntry } from "../../src/model/grubcfg.ts";
import { GRUB_DEFAULT_DROPIN, GRUB_SNIPPET } from "../../src/model/grub-snippet.ts";
import { debianProbe, FIXTURES_DIR, GRUB_HEADER, readFixture } from "./fixtures.ts";

const SHELLS = [["dash"], ["bash", "--posix"]];
const ROOT = mkdtempSync(join(tmpdir(), "imgbased-grub-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));

const SEARCH = "search --no-floppy --fs-uuid --set=root 0b1c-boot";
/** grub-mkconfig_lib with its two device probes replaced; records what it was asked. */
function fakeLib(dir: string, relative = "/"): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "grub-mkconfig_lib"), [
        `prepare_grub_to_access_device () { echo "insmod part_msdos"; echo "insmod ext2"; echo "set root='hd0,msdos1'"; echo "${SEARCH}"; echo "probed $1" >&2; }`,
        `make_system_path_relative_to_its_root () { echo "${relative}"; }`,
        "",
    ].join("\n"));
    return dir;
}

let dirs = 0;
/** A /boot with the two-bases scenario's real entry files and `extra` ones. */
function bootDir(extra: { [name: string]: string } = {}): string {
    const boot = join(ROOT, `boot-${dirs++}`);
    const entries = join(boot, "loader/entries");
    mkdirSync(entries, { recursive: true });
    const real = join(FIXTURES_DIR, "two-bases/entries");
    for (const name of readdirSync(real))
        copyFileSync(join(real, name), join(entries, name));
    for (const [name, text] of Object.entries(extra))
        writeFileSync(join(entries, name), text);
    return boot;
}

function run(shell: string[], boot: string, env: { [name: string]: string } = {}) {
    const script = join(ROOT, "42_imgbased");
    writeFileSync(script, GRUB_SNIPPET, { mode: 0o755 });
    const r = spawnSync(shell[0]!, [...shell.slice(1), script], {
        encoding: "utf8",
        env: {
            PATH: process.env.PATH, pkgdatadir: fakeLib(join(ROOT, "lib")), GRUB_DEVICE_BOOT: "/dev/vda1",
            IMGBASED_GRUB_BOOT: boot, ...env,
        },
    });
    assert.equal(r.status, 0, r.stderr);
    return { out: r.stdout, err: r.stderr };
}

const entriesOf = (cfg: string) => parseGrubCfg(cfg).items.filter((i): i is GrubMenuEntry => i.kind === "entry");

const ODD = {
    // A title GRUB must get quoted right: quotes, backslash, dollar, braces, semicolon.
    "imgbased-odd_1.conf": `title It's "odd" \\n $x {a;b}\nversion 1\nlinux /odd+1/vmlinuz-1\ninitrd /odd+1/initrd.img-1\noptions root=/dev/nodevg/odd+1 rd.lvm.lv=nodevg/odd+1 ro img.bootid=odd+1\n`,
    // Not ours: another tool's entry, a file without linux, a hidden backup, no .conf.
    "other-6.1.conf": "title Other\nlinux /vmlinuz\n",
    "imgbased-nolinux_1.conf": "title No kernel\noptions quiet\n",
    ".imgbased-debian-node-12.0-1_1.conf.imgbased-job1": "title Backup\nlinux /x\n",
    "imgbased-notconf_1.txt": "title Txt\nlinux /x\n",
};

for (const shell of SHELLS) {
    describe(`42_imgbased under ${shell.join(" ")}`, () => {
        test("one menuentry per entry file, newest first, ids and boot lines as in the files", () => {
            const boot = bootDir();
            const { out, err } = run(shell, boot);
            const items = entriesOf(out);
            assert.deepEqual(items.map(i => i.id), [
                "imgbased-debian-node-12.1-1_1", "imgbased-debian-node-12.0-1_2", "imgbased-debian-node-12.0-1_1",
            ]);
            for (const item of items) {
                const file = parseBlsEntry(item.id!, readFixture("two-bases", `entries/${item.id}.conf`));
                assert.deepEqual([item.title, item.linux, item.initrd, item.options], [file.title, file.linux, file.initrd, file.options]);
            }
            // Access to the /boot filesystem in every entry, probed once, for the boot device.
            assert.equal(out.split(SEARCH).length - 1, 3);
            assert.equal(out.split("insmod gzio").length - 1, 3);
            assert.match(err, /^probed \/dev\/vda1$/m);
            assert.equal(err.split("probed").length - 1, 1);
        });

        test("the lab's grub.cfg and ours boot the same: same entries through readBootState", () => {
            const { out } = run(shell, bootDir());
            const entries: [string, string][] = readdirSync(join(FIXTURES_DIR, "two-bases/entries"))
                .map(name => [name.replace(/\.conf$/, ""), readFixture("two-bases", `entries/${name}`)]);
            const env = { saved_entry: "imgbased-debian-node-12.1-1_1" };
            const ours = readBootState(debianProbe(env, GRUB_HEADER + out, entries));
            const lab = readBootState(debianProbe(env, readFixture("two-bases", "grub.cfg"), entries));
            const key = (e: { id: string; title: string; linux: string; initrd: string; options: string; rootLv: string | null }) =>
                [e.id, e.title, e.linux, e.initrd, e.options, e.rootLv];
            assert.deepEqual(ours.entries.map(key).sort(), lab.entries.map(key).sort());
            assert.equal(ours.defaultEntry?.rootLv, "nodevg/debian-node-12.1-1+1");
            assert.equal(ours.backend, "grub-debian");
        });

        test("odd titles survive GRUB quoting; only our well-formed files are read", () => {
            const { out, err } = run(shell, bootDir(ODD));
            const items = entriesOf(out);
            const odd = items.find(i => i.id === "imgbased-odd_1")!;
            assert.equal(odd.title, `It's "odd" \\n $x {a;b}`);
            assert.equal(odd.linux, "/odd+1/vmlinuz-1");
            assert.equal(odd.options, "root=/dev/nodevg/odd+1 rd.lvm.lv=nodevg/odd+1 ro img.bootid=odd+1");
            assert.deepEqual(items.map(i => i.id).filter(id => !id!.startsWith("imgbased-debian-node")), ["imgbased-odd_1"]);
            assert.match(err, /imgbased-nolinux_1\.conf has no linux line/);
        });

        test("paths get the prefix GRUB sees the /boot filesystem under", () => {
            const viaEnv = entriesOf(run(shell, bootDir(), { IMGBASED_GRUB_PREFIX: "/@boot" }).out);
            assert.equal(viaEnv[0]!.linux, `/@boot/debian-node-12.1-1+1/vmlinuz-${readFixture("two-bases", "uname-r").trim()}`);
            assert.match(viaEnv[0]!.initrd, /^\/@boot\/debian-node-12\.1-1\+1\/initrd\.img-/);
        });

        test("no entries: no output, no failure", () => {
            const boot = join(ROOT, `empty-${dirs++}`);
            mkdirSync(boot);
            const { out, err } = run(shell, boot);
            assert.equal(out, "");
            assert.match(err, /no entries/);
        });
    });
}

test("the GRUB_DEFAULT drop-in sets GRUB_DEFAULT=saved when sourced", () => {
    const file = join(ROOT, "imgbased.cfg");
    writeFileSync(file, GRUB_DEFAULT_DROPIN);
    const r = spawnSync("sh", ["-c", 'GRUB_DEFAULT=0; . "$1"; printf %s "$GRUB_DEFAULT"', "sh", file], { encoding: "utf8" });
    assert.equal(r.stdout, "saved");
});

test("grub-script-check accepts the output, where GRUB's own checker is installed", t => {
    const check = spawnSync("sh", ["-c", "command -v grub-script-check"], { encoding: "utf8" });
    if (check.status !== 0) {
        t.skip("grub-script-check not installed");
        return;
    }
    const cfg = join(ROOT, "grub.cfg");
    writeFileSync(cfg, run(["dash"], bootDir(ODD)).out);
    const r = spawnSync("grub-script-check", [cfg], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
});
