// The ext4 fresh-UUID step, run by dash with the e2fsprogs commands replaced by recorders: with
// metadata_csum_seed (what our bases have) tune2fs alone, else e2fsck -f first, as before.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { ext4FreshUuidSteps } from "../../src/model/actions/lv-steps.ts";

const ROOT = mkdtempSync(join(tmpdir(), "imgbased-uuid-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));

// Real `dumpe2fs -h` feature lines of the lab: the node's root (mkfs with -O metadata_csum_seed)
// and mkfs.ext4's Debian 12 defaults.
const SEED = "has_journal ext_attr resize_inode dir_index filetype extent 64bit flex_bg metadata_csum_seed sparse_super large_file huge_file dir_nlink extra_isize metadata_csum";
const NO_SEED = "has_journal ext_attr resize_inode dir_index filetype extent 64bit flex_bg sparse_super large_file huge_file dir_nlink extra_isize metadata_csum";

function runStep(features: string, e2fsckExit = 0) {
    const dir = mkdtempSync(join(ROOT, "run-"));
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const log = join(dir, "log");
    const fake = (name: string, body: string) =>
        writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >>"${log}"\n${body}\n`, { mode: 0o755 });
    fake("dumpe2fs", `echo "dumpe2fs 1.47.0 (5-Feb-2023)" >&2\nprintf 'Filesystem volume name:   noderoot\\nFilesystem features:      %s\\nFilesystem state:         clean\\n' "${features}"`);
    fake("e2fsck", `exit ${e2fsckExit}`);
    fake("tune2fs", "exit 0");
    const [step] = ext4FreshUuidSteps("/dev/vg/l+2");
    const r = spawnSync("dash", ["-c", step!.argv[2]!, ...step!.argv.slice(3)], { encoding: "utf8", env: { PATH: `${bin}:${process.env.PATH}` } });
    let calls: string[] = [];
    try {
        calls = readFileSync(log, "utf8").trim().split("\n");
    } catch { /* nothing ran */ }
    return { status: r.status, calls };
}

describe("ext4 fresh UUID step", () => {
    test("one step, no undo of its own (the LV's removal undoes it)", () => {
        const steps = ext4FreshUuidSteps("/dev/vg/l+2");
        assert.deepEqual(steps.map(s => [s.id, s.kind, s.undo]), [["fs-uuid", "fs-uuid", undefined]]);
        assert.equal(steps[0]!.argv[0], "sh");
        assert.deepEqual(steps[0]!.argv.slice(4), ["/dev/vg/l+2"]);
    });

    test("metadata_csum_seed: tune2fs -U alone, no full check", () => {
        assert.deepEqual(runStep(SEED), { status: 0, calls: ["dumpe2fs -h -- /dev/vg/l+2", "tune2fs -U random -- /dev/vg/l+2"] });
    });

    test("without it: e2fsck -f -y first (exit 1, errors corrected, is accepted), then tune2fs", () => {
        const calls = ["dumpe2fs -h -- /dev/vg/l+2", "e2fsck -f -y -- /dev/vg/l+2", "tune2fs -U random -- /dev/vg/l+2"];
        assert.deepEqual(runStep(NO_SEED), { status: 0, calls });
        assert.deepEqual(runStep(NO_SEED, 1), { status: 0, calls });
    });

    test("e2fsck finding what it cannot fix fails the step before tune2fs", () => {
        assert.deepEqual(runStep(NO_SEED, 4), { status: 4, calls: ["dumpe2fs -h -- /dev/vg/l+2", "e2fsck -f -y -- /dev/vg/l+2"] });
    });

    test("a feature only named like it (or no superblock read) counts as without", () => {
        assert.equal(runStep(NO_SEED.replace("metadata_csum", "metadata_csum_seedless")).calls.length, 3);
        assert.equal(runStep("").calls.length, 3);
    });
});
