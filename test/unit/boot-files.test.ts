// The boot state from file reads (src/model/boot-files.ts) must be the boot probe's, exactly,
// wherever it is used instead of the probe; everywhere else the probe must still run.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { readBootState, parseBootProbe } from "../../src/model/boot.ts";
import { BOOT_FILES, nextBootReads, probeTextOfFiles } from "../../src/model/boot-files.ts";
import { FIXTURES_DIR, probeFromDir, readFixture } from "./fixtures.ts";

const DEBIAN = ["node", "two-bases", "two-bases-rebooted", "ovirt-node", "ovirt-node-only", "empty"];

/** A recorded Debian node's boot files as the host reads them: path -> content, absent = null. */
function filesOf(scenario: string): Map<string, string | null> {
    const files = new Map<string, string | null>(BOOT_FILES.map(p => [p, null]));
    files.set("/boot/grub/grubenv", readFixture(scenario, "grubenv"));
    files.set("/boot/grub/grub.cfg", readFixture(scenario, "grub.cfg"));
    return files;
}

function entriesOf(scenario: string): Map<string, string> {
    const dir = join(FIXTURES_DIR, scenario, "entries");
    const entries = new Map<string, string>();
    if (existsSync(dir))
        for (const name of readdirSync(dir))
            entries.set(`/boot/loader/entries/${name}`, readFileSync(join(dir, name), "utf8"));
    return entries;
}

describe("boot state from file reads, on the recorded Debian GRUB nodes", () => {
    for (const scenario of DEBIAN) {
        test(`${scenario}: the same boot state as the probe's`, () => {
            const files = filesOf(scenario);
            const next = nextBootReads(files, false, false);
            assert.equal(next.probe, false);
            if (next.probe) return;
            const recorded = entriesOf(scenario);
            // Only what the menu names is read; a name with no file reads as absent.
            const read = new Map(next.entries.map(p => [p, recorded.get(p) ?? null]));
            const fromFiles = readBootState(probeTextOfFiles(files, false, read));
            assert.deepEqual(fromFiles, readBootState(probeFromDir(join(FIXTURES_DIR, scenario))));
            assert.ok(fromFiles.entries.length > 0);
        });
    }

    test("a menu id that could leave the entries dir is not read", () => {
        const cfg = "menuentry 'x' --id '../../etc/shadow' {\n linux /k\n}\nmenuentry 'y' --id .hidden {\n linux /k\n}\nmenuentry 'z' --id imgbased-a-1_1 {\n linux /k\n}\n";
        const files = new Map<string, string | null>([["/boot/grub/grub.cfg", cfg]]);
        assert.deepEqual(nextBootReads(files, false, false), { probe: false, entries: ["/boot/loader/entries/imgbased-a-1_1.conf"] });
    });

    test("UEFI booted by GRUB: file reads, and the probe's efi record says yes", () => {
        const files = filesOf("node");
        assert.equal(nextBootReads(files, true, false).probe, false);
        assert.deepEqual(parseBootProbe(probeTextOfFiles(files, true, new Map()))[0], { kind: "info", name: "efi", content: "yes" });
    });
});

describe("where the files do not tell the loader, the probe runs", () => {
    const probeFiles = (fixture: string) => new Map(parseBootProbe(readFixture(fixture, "boot-probe.txt"))
        .filter(r => r.kind === "file").map(r => [r.name, r.content]));

    test("GRUB with BLS (grub2's grub.cfg calls blscfg)", () => {
        assert.equal(nextBootReads(probeFiles("grub2-bls"), false, false).probe, true);
    });

    test("a Debian grub.cfg that calls blscfg", () => {
        const files = new Map<string, string | null>([["/boot/grub/grub.cfg", "insmod blscfg\nblscfg\n"]]);
        assert.equal(nextBootReads(files, false, false).probe, true);
    });

    test("booted by systemd-boot", () => {
        assert.equal(nextBootReads(filesOf("node"), true, true).probe, true);
        assert.equal(nextBootReads(probeFiles("systemd-boot"), true, true).probe, true);
    });

    test("no grub.cfg at all", () => {
        assert.equal(nextBootReads(new Map(), false, false).probe, true);
    });
});
