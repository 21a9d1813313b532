import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { BOOT_PROBE_SCRIPT } from "../../src/host/boot-probe.ts";
import { parseBootProbe, readBootState } from "../../src/model/boot.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

// The script reads a directory in place of "/" when given one, so it runs here on a fake root.
const root = mkdtempSync(join(tmpdir(), "boot-probe-"));
after(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, content: string) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
}

const GRUBENV = "# GRUB Environment Block\nsaved_entry=imgbased-a-1-1_1\n" + "#".repeat(977);
put("/boot/grub/grubenv", GRUBENV);
put("/boot/grub/grub.cfg", "menuentry 'A' --id imgbased-a-1-1_1 {\n  linux /k root=/dev/vg/a-1-1+1 img.bootid=a-1-1+1\n}");
put("/etc/default/grub", "");
put("/boot/loader/entries/imgbased-a-1-1_1.conf", "title A\noptions root=/dev/vg/a-1-1+1 img.bootid=a-1-1+1\n");
put("/boot/loader/entries/with space & $dollar.conf", "title odd\n\n");
put("/boot/loader/entries/new\nline.conf", "title skipped\n");
put("/boot/loader/entries/not-an-entry.txt", "x\n");
put("/efi/loader/entries/esp.conf", "@@not a header\n");
mkdirSync(join(root, "sys/firmware/efi"), { recursive: true });

function probe(shell: string[]): string {
    return execFileSync(shell[0]!, [...shell.slice(1), "-c", BOOT_PROBE_SCRIPT, "sh", root], { encoding: "utf8" });
}

for (const shell of [["dash"], ["bash", "--posix"]]) {
    describe(`BOOT_PROBE_SCRIPT under ${shell.join(" ")}`, () => {
        const records = parseBootProbe(probe(shell));
        const content = (name: string) => records.find(r => r.name === name)?.content;

        test("prints each file once, byte for byte, with its real path", () => {
            assert.deepEqual(records.map(r => `${r.kind} ${r.name}`), [
                "info efi",
                "file /boot/grub/grubenv",
                "file /boot/grub/grub.cfg",
                "file /etc/default/grub",
                "file /boot/loader/entries/imgbased-a-1-1_1.conf",
                "file /boot/loader/entries/with space & $dollar.conf",
                "file /efi/loader/entries/esp.conf",
            ]);
            assert.equal(content("/boot/grub/grubenv"), GRUBENV);
            assert.equal(content("/boot/grub/grub.cfg"), "menuentry 'A' --id imgbased-a-1-1_1 {\n  linux /k root=/dev/vg/a-1-1+1 img.bootid=a-1-1+1\n}");
            assert.equal(content("/etc/default/grub"), "");
            assert.equal(content("/boot/loader/entries/with space & $dollar.conf"), "title odd\n\n");
        });

        test("efi is detected; a header-like line inside a file that does not start a line is content", () => {
            assert.equal(content("efi"), "yes");
            assert.equal(content("/efi/loader/entries/esp.conf"), "@@not a header\n");
        });

        test("the model reads it", () => {
            const state = readBootState(probe(shell));
            assert.equal(state.backend, "grub-debian");
            assert.equal(state.defaultEntry?.rootLv, "vg/a-1-1+1");
        });
    });
}

test("a bare root prints only the efi record", () => {
    const empty = mkdtempSync(join(tmpdir(), "boot-probe-empty-"));
    try {
        const out = execFileSync("dash", ["-c", BOOT_PROBE_SCRIPT, "sh", empty], { encoding: "utf8" });
        assert.equal(out, "@@imgbased-probe info efi\nno\n");
    } finally {
        rmSync(empty, { recursive: true, force: true });
    }
});

test("the recorded node fixture matches what the script would print for its files", () => {
    const fake = mkdtempSync(join(tmpdir(), "boot-probe-node-"));
    try {
        execFileSync("sh", ["-c", 'mkdir -p "$2/boot/grub" "$2/boot/loader" && cp "$1/grubenv" "$1/grub.cfg" "$2/boot/grub/" && cp -r "$1/entries" "$2/boot/loader/entries"', "sh", join(FIXTURES_DIR, "node"), fake]);
        const state = readBootState(execFileSync("dash", ["-c", BOOT_PROBE_SCRIPT, "sh", fake], { encoding: "utf8" }));
        assert.equal(state.backend, "grub-debian");
        assert.equal(state.defaultEntry?.rootLv, "nodevg/debian-node-12.0-1+1");
    } finally {
        rmSync(fake, { recursive: true, force: true });
    }
});
