// The /etc/grub.d snippet is proven by running it, as update-grub would, under dash and bash
// --posix: on the lab's real entry files plus odd ones, with grub-mkconfig_lib's device probes
// replaced (no GRUB here). Its output must read back through our grub.cfg parser, and through the
// whole boot-state reader, to the same ids and boot lines as the entry files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { parseBlsEntry } from "../../src/model/bls.ts";
import { readBootState } from "../../src/model/boot.ts";
import { parseGrubCfg, type GrubMenuEntry } from "../../src/model/grubcfg.ts";
import { ACCESS_MARK, GRUB_DEFAULT_DROPIN, GRUB_MENU_REFRESH, GRUB_SNIPPET } from "../../src/model/grub-snippet.ts";
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

const HOSTILE_OPTIONS = `quoted="a b;c" semi;reboot $x dollar=\${y} it's back\\slash {brace`;
const ODD = {
    // A title GRUB must get quoted right: quotes, backslash, dollar, braces, semicolon.
    "imgbased-odd_1.conf": `title It's "odd" \\n $x {a;b}\nversion 1\nlinux /odd+1/vmlinuz-1\ninitrd /odd+1/initrd.img-1\noptions root=/dev/nodevg/odd+1 rd.lvm.lv=nodevg/odd+1 ro img.bootid=odd+1\n`,
    // Options GRUB must get as one word each: a space in kernel quotes, a command separator, a
    // variable, a lone quote, a backslash and a brace (unquoted, GRUB would run or refuse them).
    "imgbased-hostile_1.conf": `title Hostile\nlinux /h+1/vmlinuz-1\noptions root=/dev/nodevg/h+1 ro ${HOSTILE_OPTIONS} img.bootid=h+1\n`,
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
            // Access to the /boot filesystem in every entry, probed once, for the boot device, and
            // kept once in comments for the menu refresh (GRUB_MENU_REFRESH).
            assert.equal(out.split(SEARCH).length - 1, 4);
            assert.equal(out.split(`${ACCESS_MARK}\t${SEARCH}\n`).length - 1, 1);
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
            assert.deepEqual(items.map(i => i.id).filter(id => !id!.startsWith("imgbased-debian-node")), ["imgbased-odd_1", "imgbased-hostile_1"]);
            assert.match(err, /imgbased-nolinux_1\.conf has no linux line/);
        });

        test("each kernel option stays one GRUB word, whatever it holds", () => {
            const hostile = entriesOf(run(shell, bootDir(ODD)).out).find(i => i.id === "imgbased-hostile_1")!;
            // As GRUB hands them to the kernel: the word with a space in double quotes again.
            assert.equal(hostile.options, `root=/dev/nodevg/h+1 ro "quoted=a b;c" semi;reboot $x dollar=\${y} it's back\\slash {brace img.bootid=h+1`);
            assert.equal(parseBlsEntry("imgbased-hostile_1", `options ${hostile.options}`).rootLv, "nodevg/h+1");
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

// The menu refresh of a job (GRUB_MENU_REFRESH): our part of grub.cfg made anew by the snippet with
// the access lines it saved, the rest kept; update-grub (a fake here) wherever that cannot be done.
describe("the menu refresh without update-grub", () => {
    const SNIPPET = join(ROOT, "42_imgbased");
    const HEAD = `### BEGIN /etc/grub.d/00_header ###\n${GRUB_HEADER}### END /etc/grub.d/00_header ###\n\n`;
    const TAIL = "\n### BEGIN /etc/grub.d/99_other ###\nmenuentry 'Other' {\n\tlinux /vmlinuz\n}\n### END /etc/grub.d/99_other ###\n";
    /** grub.cfg as grub-mkconfig assembles it: each script's output between its BEGIN and END lines. */
    const assembled = (ours: string) => `${HEAD}### BEGIN ${SNIPPET} ###\n${ours}### END ${SNIPPET} ###\n${TAIL}`;
    const bin = join(ROOT, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "update-grub"), '#!/bin/sh\necho "update-grub ran" >&2\n', { mode: 0o755 });
    writeFileSync(join(bin, "grub-script-check"), '#!/bin/sh\n[ -z "${FAKE_CHECK_FAILS:-}" ]\n', { mode: 0o755 });

    function refresh(boot: string, cfgText: string, env: { [name: string]: string } = {}) {
        writeFileSync(SNIPPET, GRUB_SNIPPET, { mode: 0o755 });
        const dir = mkdtempSync(join(ROOT, "cfg-"));
        const cfg = join(dir, "grub.cfg");
        writeFileSync(cfg, cfgText);
        chmodSync(cfg, 0o444);
        // No GRUB_DEVICE_BOOT: a probe would fail the snippet.
        const r = spawnSync("dash", ["-c", GRUB_MENU_REFRESH], {
            encoding: "utf8",
            env: {
                PATH: `${bin}:${process.env.PATH}`, pkgdatadir: fakeLib(join(ROOT, "lib")), IMGBASED_GRUB_BOOT: boot,
                IMGBASED_GRUB_CFG: cfg, IMGBASED_GRUB_SNIPPET: SNIPPET, ...env,
            },
        });
        return { status: r.status, err: r.stderr, cfg: readFileSync(cfg, "utf8"), mode: statSync(cfg).mode & 0o777, files: readdirSync(dir) };
    }
    const added = { "imgbased-debian-node-12.1-1_2.conf": readFixture("two-bases", "entries/imgbased-debian-node-12.1-1_1.conf").replaceAll("12.1-1+1", "12.1-1+2") };

    test("a new entry: the file update-grub would write, without a probe, the rest byte for byte, same mode", () => {
        const boot = bootDir();
        const before = assembled(run(["dash"], boot).out);
        const withNew = bootDir(added);
        const r = refresh(withNew, before);
        assert.equal(r.status, 0, r.err);
        assert.equal(r.cfg, assembled(run(["dash"], withNew).out));
        assert.ok(r.cfg.includes("--id 'imgbased-debian-node-12.1-1_2'"));
        assert.doesNotMatch(r.err, /probed|update-grub ran/);
        assert.equal(r.mode, 0o444);
        assert.deepEqual(r.files, ["grub.cfg"]);
        // Run again on its own output: the same file (the access lines carry over).
        assert.equal(refresh(withNew, r.cfg).cfg, r.cfg);
    });

    test("a removed entry leaves the menu", () => {
        const r = refresh(bootDir(), assembled(run(["dash"], bootDir(added)).out));
        assert.equal(r.status, 0, r.err);
        assert.equal(r.cfg, assembled(run(["dash"], bootDir()).out));
    });

    test("update-grub instead: no saved access lines, not exactly one part of ours, no snippet", () => {
        const ours = run(["dash"], bootDir()).out;
        const cases: [string, string, { [name: string]: string }][] = [
            // A grub.cfg from before the access lines (the lab's stand-in has none either).
            [assembled(ours.split("\n").filter(l => !l.startsWith(ACCESS_MARK)).join("\n")), "no saved boot device access lines", {}],
            [readFixture("two-bases", "grub.cfg"), "not exactly one part", {}],
            [assembled(ours) + assembled(ours), "not exactly one part", {}],
            [assembled(ours), "is not installed", { IMGBASED_GRUB_SNIPPET: join(ROOT, "missing") }],
        ];
        for (const [text, why, env] of cases) {
            const r = refresh(bootDir(added), text, env);
            assert.equal(r.status, 0, r.err);
            assert.match(r.err, new RegExp(`${why}.*running update-grub\nupdate-grub ran`));
            assert.equal(r.cfg, text);
        }
    });

    test("a menu grub-script-check refuses is not installed: the job step fails, grub.cfg as it was", () => {
        const before = assembled(run(["dash"], bootDir()).out);
        const r = refresh(bootDir(added), before, { FAKE_CHECK_FAILS: "1" });
        assert.notEqual(r.status, 0);
        assert.equal(r.cfg, before);
        assert.deepEqual(r.files, ["grub.cfg"]);
    });
});

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
