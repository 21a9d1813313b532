// The first step of a plan made from a layout: what the plan assumed, and the check that runs it
// again in a real shell, against recorded `lvs` output and the recorded grubenv of the lab.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { assumedState, unchangedStep } from "../../src/model/actions/preconditions.ts";
import { scenario } from "./actions-fixtures.ts";
import { fixturePath } from "./fixtures.ts";

const SHELLS = [["dash"], ["bash", "--posix"]];
const ROOT = mkdtempSync(join(tmpdir(), "imgbased-check-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));
let dirs = 0;

const layout = scenario("two-bases-rebooted");

/** A PATH whose `lvs` prints `fixture` (or fails like LVM for an unknown VG), and the grubenv to read. */
function host(fixture: string | null, grubenv = fixturePath("two-bases-rebooted", "grubenv")): { env: NodeJS.ProcessEnv; dir: string; grubenv: string } {
    const dir = join(ROOT, String(dirs++));
    mkdirSync(join(dir, "bin"), { recursive: true });
    const lvs = fixture === null
        ? "#!/bin/sh\necho '  Volume group \"nodevg\" not found' >&2\nexit 5\n"
        : `#!/bin/sh\nexec cat '${fixturePath("two-bases-rebooted", fixture)}'\n`;
    writeFileSync(join(dir, "bin/lvs"), lvs);
    chmodSync(join(dir, "bin/lvs"), 0o755);
    copyFileSync(grubenv, join(dir, "grubenv"));
    return { env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` }, dir, grubenv: join(dir, "grubenv") };
}

/** Runs the step's command with `shell` in place of sh; the boot source may be replaced. */
function runCheck(shell: string[], env: NodeJS.ProcessEnv, argv: string[], bootSource?: string) {
    const args = argv.slice(1);
    if (bootSource !== undefined)
        args[4] = bootSource;
    const r = spawnSync(shell[0]!, [...shell.slice(1), ...args], { env, encoding: "utf8" });
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe("assumedState", () => {
    test("our tags on the VG's LVs and the stored default, as the lab's lvs and grubenv say", () => {
        assert.deepEqual(assumedState(layout), [
            "default imgbased-debian-node-12.1-1_1",
            "tag debian-node-12.0-1 imgbased:base",
            "tag debian-node-12.0-1+1 imgbased:layer",
            "tag debian-node-12.0-1+2 imgbased:layer",
            "tag debian-node-12.1-1 imgbased:base",
            "tag debian-node-12.1-1+1 imgbased:layer",
            "tag pool imgbased:pool",
            "tag root imgbased:init",
        ]);
    });

    test("the stored default, not the one GRUB derives, and no boot lines for an unknown loader", () => {
        const fixed = { ...layout, boot: { ...layout.boot, defaultRef: "0", stored: { defaultRef: "imgbased-x_1", nextRef: "imgbased-x_2" } } };
        assert.deepEqual(assumedState(fixed).filter(l => !l.startsWith("tag ")), ["default imgbased-x_1", "next imgbased-x_2"]);
        const unknown = { ...layout, boot: { ...layout.boot, backend: "unknown" as const } };
        assert.deepEqual(assumedState(unknown).filter(l => !l.startsWith("tag ")), []);
    });
});

for (const shell of SHELLS) {
    describe(`the check step under ${shell.join(" ")}`, () => {
        const step = unchangedStep(layout);

        test("passes, silently, on the host the layout was read from", () => {
            const { env, grubenv } = host("lvs-name-tags.txt");
            const r = runCheck(shell, env, step.argv, `grubenv:${grubenv}`);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stderr + r.stdout, "");
            assert.equal(step.precondition, true, "its failure reads as \"changed since you looked\"");
        });

        test("a layer pinned meanwhile stops it, naming the change", () => {
            const { env, grubenv } = host("lvs-name-tags-pinned.txt");
            const r = runCheck(shell, env, step.argv, `grubenv:${grubenv}`);
            assert.equal(r.status, 1);
            assert.equal(r.stderr, "The host changed since this plan was made; nothing was changed. What differs:\n" +
                "  debian-node-12.0-1+2 now has tag imgbased:pinned\n");
        });

        test("a boot default and a next boot set meanwhile stop it", () => {
            const { env, dir } = host("lvs-name-tags.txt");
            // grubenv as grub-editenv writes it: the variables, then # up to 1024 bytes.
            const vars = "saved_entry=imgbased-debian-node-12.0-1_2\nnext_entry=My Title (1)\n";
            writeFileSync(join(dir, "changed"), "# GRUB Environment Block\n" + vars + "#".repeat(1024 - 25 - vars.length));
            const r = runCheck(shell, env, step.argv, `grubenv:${join(dir, "changed")}`);
            assert.equal(r.status, 1);
            assert.deepEqual(r.stderr.split("\n").slice(1), [
                "  the boot default is now imgbased-debian-node-12.0-1_2",
                "  the boot default was imgbased-debian-node-12.1-1_1",
                "  the next boot is now My Title (1)",
                "",
            ]);
        });

        test("an LV gone meanwhile stops it; lvs failing stops it too", () => {
            const { env, grubenv } = host("lvs-name-tags.txt");
            const gone = readFileSync(fixturePath("two-bases-rebooted", "lvs-name-tags.txt"), "utf8").split("\n").filter(l => !l.includes("12.1-1+1")).join("\n");
            writeFileSync(join(env.PATH!.split(":")[0]!, "lvs"), `#!/bin/sh\nprintf '%s\\n' '${gone}'\n`);
            let r = runCheck(shell, env, step.argv, `grubenv:${grubenv}`);
            assert.equal(r.status, 1);
            assert.match(r.stderr, /^ {2}debian-node-12\.1-1\+1 no longer has tag imgbased:layer$/m);
            r = runCheck(shell, host(null).env, step.argv, `grubenv:${grubenv}`);
            assert.equal(r.status, 1);
            assert.match(r.stderr, /the LVs of nodevg cannot be listed/);
        });

        test("systemd-boot: reads LoaderEntryDefault and LoaderEntryOneShot as the loader stores them", () => {
            const { env, dir } = host("lvs-name-tags.txt");
            const efivars = join(dir, "efivars");
            mkdirSync(efivars);
            // 4 bytes of attributes, then NUL-terminated UTF-16LE (systemd's efivars format).
            const efivar = (text: string) => Buffer.concat([Buffer.from([7, 0, 0, 0]), Buffer.from(`${text}\0`, "utf16le")]);
            writeFileSync(join(efivars, "LoaderEntryOneShot-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"), efivar("imgbased-x_2.conf"));
            const sdboot = { ...layout, boot: { ...layout.boot, backend: "systemd-boot" as const, stored: { defaultRef: null, nextRef: "imgbased-x_2.conf" } } };
            const argv = unchangedStep(sdboot).argv;
            assert.equal(argv[5], "efivars:/sys/firmware/efi/efivars");
            assert.equal(runCheck(shell, env, argv, `efivars:${efivars}`).status, 0);
            writeFileSync(join(efivars, "LoaderEntryDefault-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"), efivar("imgbased-x_1.conf"));
            const r = runCheck(shell, env, argv, `efivars:${efivars}`);
            assert.equal(r.status, 1);
            assert.match(r.stderr, /^ {2}the boot default is now imgbased-x_1\.conf$/m);
        });
    });
}
