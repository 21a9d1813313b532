// The persist program's real output (test/fixtures/persist/, recorded by
// test/vm/record-persist-fixtures) parsed, and the save planner on top of it: what it refuses
// (invalid, unchecked, through a symlink, unchanged) and the one write it plans otherwise.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { savePersist, symlinkCheckPath } from "../../src/model/actions/persist.ts";
import { isRefusal } from "../../src/model/actions/types.ts";
import { bytesToBinary, RecordError } from "../../src/model/nul-records.ts";
import { DEFAULT_PERSIST, PERSIST_FILE, renderPersistFile, type PersistEntry } from "../../src/model/persist.ts";
import { parsePersistChecks, parsePersistFiles, type PersistCheck } from "../../src/model/persist-probe.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const fixture = (name: string) => bytesToBinary(readFileSync(join(FIXTURES_DIR, "persist", name)));
const CHECKS = parsePersistChecks(fixture("check"));
const byPattern = new Map(CHECKS.map(c => [c.pattern, c]));

describe("parsePersistFiles / parsePersistChecks", () => {
    test("the admin's file, decoded", () => {
        assert.deepEqual(parsePersistFiles(fixture("files")), [{ name: "60-site.conf", text: "# the site settings\n/etc/lab-site.conf\n" }]);
    });

    test("each pattern with its resolved directory, counts and samples", () => {
        assert.deepEqual(CHECKS.map(c => [c.pattern, c.realPrefix, c.matches]), [
            ["/etc/passwd", "/etc", 1], ["/etc/ssh/ssh_host_*", "/etc/ssh", 6], ["/root/.ssh", "/root", 1],
            ["/etc/crypttab", "/etc", 0], ["/etc/lab-link/dpkg", "/var/lib", 1], ["/etc/nowhere/*", "/etc/nowhere", 0],
        ]);
        const keys = byPattern.get("/etc/ssh/ssh_host_*")!;
        assert.equal(keys.files, 6);
        assert.equal(keys.samples.length, 5, "at most five samples");
        assert.ok(keys.samples.every(s => s.startsWith("/etc/ssh/ssh_host_")));
        // A directory counts the files below it, not itself.
        assert.deepEqual([byPattern.get("/root/.ssh")!.files, byPattern.get("/root/.ssh")!.bytes], [1, 94]);
        assert.ok(byPattern.get("/etc/lab-link/dpkg")!.files > 100);
    });

    test("broken output is an error, not a short list", () => {
        assert.throws(() => parsePersistChecks("k\0/etc/x\0/etc\0"), RecordError);
        assert.throws(() => parsePersistChecks("s\0/etc/x\0"), RecordError);
        assert.throws(() => parsePersistChecks("k\0/x\0/\0one\0" + "1\0" + "1\0"), RecordError);
        assert.throws(() => parsePersistFiles("f\0a.conf\0%%%\0"), RecordError);
        assert.deepEqual(parsePersistChecks(""), []);
    });
});

describe("savePersist", () => {
    const ours = (entries: PersistEntry[]) => renderPersistFile(entries);
    const checked = (entries: readonly PersistEntry[]): Map<string, PersistCheck> => new Map(entries.map(e => [e.pattern,
        byPattern.get(e.pattern) ?? { pattern: e.pattern, realPrefix: symlinkCheckPath(e.pattern), matches: 0, files: 0, bytes: 0, samples: [] }]));

    test("the defaults, first saved: one atomic write of our file", () => {
        const plan = savePersist({ jobId: "save-persist-1", entries: DEFAULT_PERSIST, current: null, checks: checked(DEFAULT_PERSIST) });
        assert.ok(!isRefusal(plan));
        assert.equal(plan.steps.length, 1);
        // sh -c WRITE imgbased PATH MODE CONTENT SIDECAR (file-steps.ts)
        assert.equal(plan.steps[0]!.argv[4], PERSIST_FILE);
        assert.equal(plan.steps[0]!.argv[6], renderPersistFile(DEFAULT_PERSIST));
        assert.ok(plan.steps[0]!.undo, "the write can be undone");
    });

    test("every bad entry is named, with its code", () => {
        const entries = [{ pattern: "etc/motd", comment: "" }, { pattern: "/etc/../root", comment: "" },
            { pattern: "/etc/passwd", comment: "" }, { pattern: "/etc/passwd", comment: "" }];
        const r = savePersist({ jobId: "j", entries, current: null, checks: checked(entries) });
        assert.ok(isRefusal(r));
        assert.deepEqual(r.reasons.map(x => [x.code, x.code === "persist-invalid" ? x.params.problem : null]), [
            ["persist-invalid", "relative"], ["persist-invalid", "dot-dot"], ["persist-invalid", "duplicate"]]);
    });

    test("a path through a symlink (the recorded /etc/lab-link -> /var/lib) is refused", () => {
        const entries = [{ pattern: "/etc/lab-link/dpkg", comment: "" }];
        const r = savePersist({ jobId: "j", entries, current: null, checks: new Map([["/etc/lab-link/dpkg", byPattern.get("/etc/lab-link/dpkg")!]]) });
        assert.ok(isRefusal(r));
        assert.deepEqual(r.reasons, [{ code: "persist-symlink", params: { pattern: "/etc/lab-link/dpkg", path: "/etc/lab-link", real: "/var/lib" } }]);
    });

    test("not checked on the host yet, or nothing changed: refused", () => {
        const entries = [{ pattern: "/etc/hostname", comment: "" }];
        const unchecked = savePersist({ jobId: "j", entries, current: null, checks: new Map() });
        assert.ok(isRefusal(unchecked));
        assert.deepEqual(unchecked.reasons.map(x => x.code), ["persist-unchecked"]);
        const same = savePersist({ jobId: "j", entries, current: ours(entries), checks: checked(entries) });
        assert.ok(isRefusal(same));
        assert.deepEqual(same.reasons.map(x => x.code), ["persist-unchanged"]);
    });

    test("the directory checked for symlinks: a glob's fixed part, a plain path's parent", () => {
        assert.equal(symlinkCheckPath("/etc/ssh/ssh_host_*"), "/etc/ssh");
        assert.equal(symlinkCheckPath("/root/.ssh"), "/root");
        assert.equal(symlinkCheckPath("/etc/hostname"), "/etc");
    });
});
