// Shared inputs for the diff model's tests: the list op's real records recorded in the lab VM
// (test/fixtures/diff/, see test/vm/record-diff-fixtures and test/vm/scenarios/changed-layer.sh),
// the changes compareTrees finds in them, and builders that derive edge cases from real entries
// and write records in the exact field order imgbased-diff.sh prints, so no test invents a format.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { classOf, compareTrees, type ChangeClass, type CompareMethod } from "../../src/model/diff/compare.ts";
import { parseDiffStream, type DiffStream, type Side } from "../../src/model/diff/stream.ts";
import { bytesToBinary } from "../../src/model/nul-records.ts";
import type { Change, FileEntry } from "../../src/model/diff/types.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

/** A recorded diff output as the page hands it to the parser: a binary string (one char a byte). */
export function readDiffFixture(name: string): string {
    return bytesToBinary(readFileSync(join(FIXTURES_DIR, "diff", name)));
}

let listed: DiffStream | null = null;

/** The list op's records for base debian-node-12.0-1 ("old") and its layer +1 ("new"). Parsed once; do not mutate. */
export function listStream(): DiffStream {
    listed ??= parseDiffStream(readDiffFixture("list-changed-layer"));
    return listed;
}

/** The recorded entry at `path` (binary string) on one side; fails the test when it is not there. */
export function realEntry(side: Side, path: string): FileEntry {
    const found = listStream().entries[side].find(e => e.path === path);
    assert.ok(found, `no ${side} entry ${JSON.stringify(path)} in the fixture`);
    return found;
}

/** A copy of a real entry with some fields changed: edge cases derived from what find really printed. */
export function entry(side: Side, path: string, changes: Partial<FileEntry> = {}): FileEntry {
    return { ...realEntry(side, path), ...changes };
}

/** compareTrees on the whole fixture. */
export function fixtureChanges(method: CompareMethod): Change[] {
    const { old, new: current } = listStream().entries;
    return compareTrees(old, current, method);
}

/** [class, display path] of each change, in the list's order. */
export function summary(changes: readonly Change[]): [ChangeClass, string][] {
    return changes.map(c => [classOf(c), c.display]);
}

/** LVM's archive files are named after the VG, a sequence number and a random number. */
export const LVM_ARCHIVE = /^\/etc\/lvm\/archive\/nodevg_0000[0-2]-\d+\.vg$/;

/**
 * What the changed-layer scenario did, as compareTrees(..., "inode") must report it, in byte
 * order: [class, display path or a pattern for the LVM archive files' random names].
 */
export const EXPECTED_INODE: [ChangeClass, string | RegExp][] = [
    ["metadata", "/etc/debian_version"],
    ["content", "/etc/fstab"],
    ["added", "/etc/imgbased-lab"],
    ["added", "/etc/imgbased-lab/caf\\xE9"],
    ["added", "/etc/imgbased-lab/fifo"],
    ["added", "/etc/imgbased-lab/line\\nbreak"],
    ["added", "/etc/imgbased-lab/link"],
    ["added", "/etc/imgbased-lab/name with spaces"],
    ["added", "/etc/imgbased-lab/site.conf"],
    ["content", "/etc/issue"],
    ["added", "/etc/lvm/archive"],
    ["added", LVM_ARCHIVE],
    ["added", LVM_ARCHIVE],
    ["added", LVM_ARCHIVE],
    ["added", "/etc/lvm/backup"],
    ["added", "/etc/lvm/backup/nodevg"],
    ["content", "/etc/machine-id"],
    ["removed", "/etc/motd"],
    ["content", "/etc/ssh/sshd_config"],
    ["content", "/usr/share/imgbased-lab-base/version"],
    ["added", "/usr/share/imgbased-lab-tool"],
    ["added", "/usr/share/imgbased-lab-tool/version"],
];

/** Asserts a change list against a list like EXPECTED_INODE (exact strings, or patterns). */
export function assertChanges(changes: readonly Change[], expected: readonly [ChangeClass, string | RegExp][]): void {
    const got = summary(changes);
    assert.equal(got.length, expected.length, `changes: ${JSON.stringify(got)}`);
    got.forEach(([cls, display], i) => {
        const [wantClass, want] = expected[i]!;
        assert.equal(cls, wantClass, `class of ${display}`);
        if (typeof want === "string")
            assert.equal(display, want);
        else
            assert.match(display, want);
    });
}

/** Records in imgbased-diff.sh's framing: every field NUL-terminated. */
export function records(...fields: (string | number)[]): string {
    return fields.map(f => `${f}\0`).join("");
}

/** An entry as the script's `find -printf "e\0SIDE\0%y\0%i\0%C@\0%T@\0%s\0%m\0%U\0%G\0%P\0%l\0"` prints it. */
export function entryRecord(side: Side, e: FileEntry): string {
    return records("e", side, e.type, e.inode, e.ctime, e.mtime, e.size, e.mode, e.uid, e.gid, e.path, e.target);
}

/** A binary string's UTF-8 bytes: names as the filesystem holds them ("café" → "caf\xC3\xA9"). */
export function utf8Binary(text: string): string {
    return bytesToBinary(new TextEncoder().encode(text));
}
