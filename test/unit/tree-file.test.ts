// The host programs' shared functions (src/host/scripts/tree-file.sh), run by bash on a scratch
// tree: hash_records answers every path in order, hashes only regular files inside the tree, and
// keeps names byte-exact, also in a UTF-8 locale and after a name that is not UTF-8.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { printfEscape } from "../../src/model/diff/paths.ts";
import { parseHashRecords } from "../../src/model/upgrade/file-hashes.ts";

const TREE_FILE = readFileSync(join(import.meta.dirname, "../../src/host/scripts/tree-file.sh"), "utf8");
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function hashRecords(root: string, paths: string[], locale: string) {
    const script = `fail() { echo "fail $*" >&2; exit 3; }\n${TREE_FILE}\nhash_records T "$@"`;
    // Paths are binary strings (one char a byte), escaped as the page sends them.
    const out = spawnSync("bash", ["-c", script, "tree-file", root, ...paths.map(printfEscape)],
                          { env: { PATH: process.env.PATH, LC_ALL: locale } });
    assert.equal(out.status, 0, out.stderr.toString());
    return out;
}

test("hash_records: every path answered in order; links, FIFOs, directories and a way out of the tree are not read", () => {
    const tmp = mkdtempSync("/var/tmp/tree-file-");
    const root = join(tmp, "root");
    mkdirSync(join(root, "etc/d"), { recursive: true });
    mkdirSync(join(tmp, "outside"));
    writeFileSync(join(tmp, "outside/secret"), "secret");
    writeFileSync(join(root, "etc/a"), "a");
    writeFileSync(Buffer.from(join(root, "etc/caf\xe9"), "latin1"), "x");
    writeFileSync(join(root, "etc/line\nbreak"), "nl");
    writeFileSync(join(root, "etc/two  spaces"), "s");
    symlinkSync("/etc/passwd", join(root, "etc/abs"));
    symlinkSync(join(tmp, "outside"), join(root, "etc/out"));
    spawnSync("mkfifo", [join(root, "etc/fifo")]);
    const paths = ["etc/a", "etc/caf\xe9", "etc/line\nbreak", "etc/two  spaces", "etc/abs", "etc/out/secret", "etc/fifo", "etc/d", "etc/none"];
    try {
        for (const locale of ["C", "C.UTF-8"]) {
            const hashes = parseHashRecords(hashRecords(root, paths, locale).stdout.toString("latin1"), paths.length, ["T"]).T;
            assert.deepEqual(hashes, [
                { state: "ok", sha256: sha("a") }, { state: "ok", sha256: sha("x") }, { state: "ok", sha256: sha("nl") },
                { state: "ok", sha256: sha("s") }, { state: "not-regular" }, { state: "not-regular" }, { state: "not-regular" },
                { state: "not-regular" }, { state: "missing" },
            ], locale);
        }
    } finally {
        rmSync(tmp, { recursive: true });
    }
});

test("hash_records: a path with .. is refused before anything is read", () => {
    const out = spawnSync("bash", ["-c", `fail() { echo "fail $*" >&2; exit 3; }\n${TREE_FILE}\nhash_records T /var/tmp "$@"`, "tree-file", "etc/../../x"]);
    assert.equal(out.status, 3);
    assert.match(out.stderr.toString(), /fail bad-path/);
});

test("the diff program: every op it accepts has its branch (a missing one answered nothing, silently)", () => {
    const script = readFileSync(join(import.meta.dirname, "../../src/host/scripts/imgbased-diff.sh"), "utf8");
    const accepted = /^case \$op in ([a-z|-]+)\) ;; \*\) op=usage ;; esac$/m.exec(script)![1]!.split("|");
    assert.deepEqual(accepted, ["list", "read", "packages", "hashes"]);
    const branches = [...script.matchAll(/^([a-z-]+)\)$/gm)].map(m => m[1]);
    assert.deepEqual(branches, accepted);
    // The diff host module asks for exactly these.
    const host = readFileSync(join(import.meta.dirname, "../../src/host/diff.ts"), "utf8");
    assert.match(host, /op: "list" \| "packages" \| "read" \| "hashes"/);
});
