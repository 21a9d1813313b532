// The upgrade's view of local changes: which the whitelist carries, which stay behind, and
// which carried files the new image changed too. On real records from the lab (the diff
// program's listing of the changed-layer scenario, and the hashes ops on v1, its layer and v2:
// test/vm/record-upgrade-fixtures).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { DEFAULT_NOISE } from "../../src/model/diff/noise.ts";
import type { Change } from "../../src/model/diff/types.ts";
import { bytesToBinary } from "../../src/model/nul-records.ts";
import { DEFAULT_PERSIST } from "../../src/model/persist.ts";
import { parseHashRecords, type FileHash } from "../../src/model/upgrade/file-hashes.ts";
import { carriedBy, conflictCandidates, judgeCarried, splitLocalChanges, verdict } from "../../src/model/upgrade/local-changes.ts";
import { fixtureChanges, records, utf8Binary } from "./diff-fixtures.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const read = (name: string) => bytesToBinary(readFileSync(join(FIXTURES_DIR, "upgrade", name)));
// The paths the recording asked about, in its order.
const HASHED = ["etc/hostname", "etc/imgbased-lab-release", "etc/passwd", "etc/ssh", "etc/no-such-file", "etc/caf\xe9"];

describe("hash records", () => {
    const trees = parseHashRecords(read("hashes-trees"), HASHED.length, ["old", "new"]);
    const image = parseHashRecords(read("hashes-v2"), HASHED.length, ["image"]).image;

    test("the diff program's, for the base and its layer, and the image program's, for v2", () => {
        assert.deepEqual(trees.old.map(h => h.state), ["ok", "ok", "ok", "not-regular", "missing", "missing"]);
        assert.deepEqual(trees.new.map(h => h.state), ["ok", "ok", "ok", "not-regular", "missing", "ok"]);
        assert.deepEqual(image.map(h => h.state), ["ok", "ok", "ok", "not-regular", "missing", "missing"]);
        // sha256 of the one byte "x" the recording wrote to the non-UTF-8 name.
        assert.deepEqual(trees.new[5], { state: "ok", sha256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" });
    });

    test("a tar archive's members", () => {
        const tar = parseHashRecords(read("hashes-tar-gz"), 3, ["image"]).image;
        assert.deepEqual(tar.map(h => h.state), ["ok", "ok", "missing"]);
    });

    test("the verdicts: the image left hostname alone, changed the release file, has passwd as it is here", () => {
        const verdicts = HASHED.map((_p, i) => verdict(trees.old[i]!, trees.new[i]!, image[i]!));
        assert.deepEqual(verdicts, ["image-unchanged", "conflict", "same", "conflict", "same", "image-unchanged"]);
    });

    test("an account database the image changed too is merged, not a conflict to choose in", () => {
        const change = (path: string) => ({ change: { path, display: `/${path}`, new: { type: "f" } } as Change, pattern: `/${path}` });
        const hashes = new Map([["etc/passwd", { base: trees.old[2]!, mine: trees.new[1]!, image: image[1]! }],
                                ["etc/motd", { base: trees.old[2]!, mine: trees.new[1]!, image: image[1]! }]]);
        assert.deepEqual(judgeCarried([change("etc/passwd"), change("etc/motd")], hashes).map(f => f.verdict), ["merged", "conflict"]);
    });

    test("broken output is refused, naming what is wrong; the image program's problem is its message", () => {
        const ok = records("s", "image", 0, "ok", "ab");
        assert.throws(() => parseHashRecords(ok, 2, ["image"]), /image: no answer for path 1/);
        assert.throws(() => parseHashRecords(ok, 1, ["old", "new"]), /unknown side "image"/);
        assert.throws(() => parseHashRecords(records("s", "image", 0, "gone"), 1, ["image"]), /unknown file state "gone"/);
        assert.throws(() => parseHashRecords(records("s", "image", 3, "missing"), 1, ["image"]), /index 3 beyond/);
        assert.throws(() => parseHashRecords(records("e", "mount-failed", "wrong fs type"), 1, ["image"]), /^Error: mount-failed: wrong fs type$/);
        const unreadable = parseHashRecords(records("s", "image", 0, "unreadable", "Input/output error"), 1, ["image"]).image[0];
        assert.deepEqual(unreadable, { state: "unreadable", message: "Input/output error" });
    });

    test("an unreadable or odd side is never the same as anything: it is shown as a conflict", () => {
        const ok: FileHash = { state: "ok", sha256: "a" };
        const bad: FileHash = { state: "unreadable", message: "EIO" };
        assert.equal(verdict(ok, { state: "ok", sha256: "b" }, bad), "conflict");
        assert.equal(verdict(bad, { state: "ok", sha256: "b" }, ok), "conflict");
    });
});

describe("which pattern carries a path", () => {
    const carrier = carriedBy(["/etc/ssh/ssh_host_*", "/root/.ssh", "/etc/*.local", "/etc/net[0-9]", "/etc/caf\u00e9", "/srv/data"]);

    test("a glob matches one level, as sh expands it; a directory carries everything below it", () => {
        assert.equal(carrier("/etc/ssh/ssh_host_rsa_key"), "/etc/ssh/ssh_host_*");
        assert.equal(carrier("/etc/ssh/sshd_config"), null);
        assert.equal(carrier("/root/.ssh/authorized_keys"), "/root/.ssh");
        assert.equal(carrier("/root/.sshx"), null);
        assert.equal(carrier("/etc/net1"), "/etc/net[0-9]");
        assert.equal(carrier("/etc/netx"), null);
        assert.equal(carrier("/etc/a/b.local"), null, "* stops at /");
        assert.equal(carrier("/srv/data/x/y\n\xff"), "/srv/data", "any bytes below a carried directory");
    });

    test("a leading dot is not matched by a wildcard (dash has no dotglob); a UTF-8 pattern matches the name's bytes", () => {
        assert.equal(carrier("/etc/.hidden.local"), null);
        assert.equal(carrier("/etc/site.local"), "/etc/*.local");
        assert.equal(carrier(utf8Binary("/etc/café")), "/etc/caf\u00e9");
        assert.equal(carrier("/etc/caf\xe9"), null, "latin-1 bytes are another name");
    });
});

describe("the changed-layer scenario's changes, split", () => {
    const changes = fixtureChanges("inode");
    const patterns = [...DEFAULT_PERSIST.map(e => e.pattern), "/etc/imgbased-lab", "/etc/issue", "/etc/motd"];
    const split = splitLocalChanges(changes, patterns, DEFAULT_NOISE);
    const carried = split.carried.map(c => `/${c.change.path}`);
    const behind = split.behind.map(c => `/${c.path}`);

    test("whitelisted files are carried, the rest stays behind; no directory is listed", () => {
        assert.ok(carried.includes("/etc/issue"));
        assert.ok(carried.includes("/etc/imgbased-lab/site.conf"));
        assert.ok(carried.includes("/etc/imgbased-lab/fifo"));
        assert.ok(behind.includes("/etc/ssh/sshd_config"), "ssh_host_* does not carry sshd_config");
        assert.ok(behind.includes("/etc/debian_version"));
        assert.ok(![...split.carried.map(c => c.change), ...split.behind].some(c => c.old?.type === "d" || c.new?.type === "d"));
        assert.equal(split.carried.find(c => c.change.path === "etc/issue")!.pattern, "/etc/issue");
    });

    test("a removed file stays behind even when whitelisted: there is nothing to copy", () => {
        assert.ok(behind.includes("/etc/motd"));
        assert.ok(!carried.includes("/etc/motd"));
    });

    test("noise is counted, not listed", () => {
        assert.ok(split.noisy > 0);
        assert.ok(!behind.some(p => p.startsWith("/var/log/")), JSON.stringify(behind.filter(p => p.startsWith("/var/log/"))));
        assert.equal(split.carried.length + split.behind.length + split.noisy,
                     changes.filter(c => c.old?.type !== "d" && c.new?.type !== "d").length);
    });

    test("conflict candidates are the carried regular files", () => {
        const candidates = conflictCandidates(split.carried).map(c => `/${c.change.path}`);
        assert.ok(candidates.includes("/etc/issue"));
        assert.ok(!candidates.includes("/etc/imgbased-lab/fifo"));
        assert.ok(candidates.every(p => carried.includes(p)));
    });
});
