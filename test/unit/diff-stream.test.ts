// The parser of imgbased-diff.sh's binary output (src/model/diff/stream.ts), on the list and read
// ops' real output recorded in the lab VM: entry fields typed, file names kept as exact bytes
// (a newline, a lone 0xE9), the recorded stream rebuilt byte for byte from what was parsed, the
// content records checked against the bytes they carry (sha256 recomputed); then the other record
// kinds ("w", "p", "c unreadable") in the script's exact framing, and every way a stream can be
// garbage, each of which must be refused with a RecordError rather than half-parsed.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { parseDiffStream } from "../../src/model/diff/stream.ts";
import { RecordError, binaryToBytes, binaryToText, bytesToBinary } from "../../src/model/nul-records.ts";
import { entry, entryRecord, listStream, readDiffFixture, realEntry, records } from "./diff-fixtures.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const LIST = readDiffFixture("list-changed-layer");
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function refuses(data: string, message: string | RegExp): void {
    assert.throws(() => parseDiffStream(data), (ex: unknown) => {
        assert.ok(ex instanceof RecordError, `not a RecordError: ${String(ex)}`);
        assert.equal(ex.name, "RecordError");
        if (typeof message === "string")
            assert.equal(ex.message, message);
        else
            assert.match(ex.message, message);
        return true;
    });
}

describe("parseDiffStream: the list op's real output", () => {
    const stream = listStream();

    test("400 entries of the base, 414 of the layer, nothing else", () => {
        assert.equal(stream.entries.old.length, 400);
        assert.equal(stream.entries.new.length, 414);
        assert.deepEqual(stream.warnings, []);
        assert.deepEqual(stream.contents, {});
        assert.deepEqual(stream.packages, {});
    });

    test("the recorder's cut: the root, etc/, usr/, usr/share/ and usr/share/imgbased-lab*", () => {
        for (const side of ["old", "new"] as const) {
            const outside = stream.entries[side].filter(e => !(e.path === "" || e.path === "etc" || e.path === "usr" ||
                e.path === "usr/share" || e.path.startsWith("etc/") || e.path.startsWith("usr/share/imgbased-lab")));
            assert.deepEqual(outside, [], side);
            assert.equal(stream.entries[side][0]!.path, "", `${side} starts with the root`);
        }
    });

    test("entry fields: numbers as numbers, times and mode as find's text", () => {
        assert.deepEqual(realEntry("old", ""), {
            path: "", type: "d", inode: 2, ctime: "1795642837.0000000000", mtime: "1795642837.0000000000",
            size: 4096, mode: "755", uid: 0, gid: 0, target: "",
        });
        assert.deepEqual(realEntry("new", "etc/issue"), {
            path: "etc/issue", type: "f", inode: 15475, ctime: "1795651120.5395201780", mtime: "1795651120.5395201780",
            size: 44, mode: "644", uid: 0, gid: 0, target: "",
        });
        assert.deepEqual(realEntry("old", "etc/shadow"), {
            path: "etc/shadow", type: "f", inode: 309, ctime: "1795642836.0000000000", mtime: "1795642836.0000000000",
            size: 878, mode: "640", uid: 0, gid: 42, target: "",
        });
        for (const e of [...stream.entries.old, ...stream.entries.new]) {
            for (const field of ["inode", "size", "uid", "gid"] as const)
                assert.ok(Number.isSafeInteger(e[field]), `${e.path} ${field}`);
            assert.match(e.ctime, /^\d+\.\d{10}$/);
            assert.match(e.mtime, /^\d+\.\d{10}$/);
            assert.match(e.mode, /^[0-7]{3,4}$/);
            assert.ok(["f", "d", "l", "p"].includes(e.type), `${e.path} type ${e.type}`);
            assert.equal(e.target !== "", e.type === "l", `${e.path}: a target exactly for symlinks`);
        }
    });

    test("the scenario's odd files: a symlink's target, a FIFO, a name with spaces", () => {
        assert.deepEqual(realEntry("new", "etc/imgbased-lab/link"), {
            path: "etc/imgbased-lab/link", type: "l", inode: 15589, ctime: "1795651120.6955201780",
            mtime: "1795651120.6955201780", size: 9, mode: "777", uid: 0, gid: 0, target: "site.conf",
        });
        assert.equal(realEntry("new", "etc/imgbased-lab/fifo").type, "p");
        assert.equal(realEntry("new", "etc/imgbased-lab/fifo").size, 0);
        assert.equal(realEntry("new", "etc/imgbased-lab/name with spaces").size, "spaces\n".length);
        assert.equal(realEntry("old", "etc/localtime").target, "/usr/share/zoneinfo/Etc/UTC");
    });

    test("a name with a newline and one with byte 0xE9 keep their exact bytes", () => {
        const names = stream.entries.new.map(e => e.path).filter(p => p.startsWith("etc/imgbased-lab/"));
        const newline = names.find(p => p.includes("\n"));
        assert.equal(newline, "etc/imgbased-lab/line\nbreak");
        assert.equal(realEntry("new", newline).size, "newline\n".length);

        const latin1 = names.find(p => p.startsWith("etc/imgbased-lab/caf"));
        assert.equal(latin1, "etc/imgbased-lab/caf\xE9");
        assert.equal(latin1.length, "etc/imgbased-lab/caf".length + 1);
        assert.deepEqual([...binaryToBytes(latin1).slice(-4)], [0x63, 0x61, 0x66, 0xe9]);
        // Not decoded to "é" and not replaced by U+FFFD: the same bytes are in the file.
        const raw = readFileSync(join(FIXTURES_DIR, "diff", "list-changed-layer"));
        assert.ok(raw.includes(Buffer.from([...Buffer.from("\0etc/imgbased-lab/caf"), 0xe9, 0])));
        assert.ok(raw.includes(Buffer.from("\0etc/imgbased-lab/line\nbreak\0")));
    });

    test("written back in the script's field order, the parsed entries give the recorded bytes", () => {
        const rebuilt = [...stream.entries.old.map(e => entryRecord("old", e)), ...stream.entries.new.map(e => entryRecord("new", e))].join("");
        assert.equal(rebuilt.length, 79263);
        assert.equal(rebuilt, LIST);
    });
});

describe("parseDiffStream: the read op's real output", () => {
    test("etc/issue: both sides whole, sizes, bytes and sha256 agree", () => {
        const { contents, entries, warnings, packages } = parseDiffStream(readDiffFixture("read-issue"));
        assert.deepEqual([entries.old, entries.new, warnings, packages], [[], [], [], {}]);
        const old = contents.old!;
        const current = contents.new!;
        assert.deepEqual([old.state, old.size, old.truncated, old.message], ["ok", 27, false, ""]);
        assert.deepEqual([current.state, current.size, current.truncated, current.message], ["ok", 44, false, ""]);
        assert.equal(old.sha256, "f9a39dacf9cd1b775a0c79672dfa2a063af0f250e2f0a6e57eabf003f5be6e6b");
        assert.equal(current.sha256, "8d606798766b9d9f2531af76072e3c971ba3a0895460a1c732a6cec6db5069cc");
        // Debian's /etc/issue holds agetty escapes: a backslash and a letter, not a newline.
        assert.equal(Buffer.from(old.bytes!).toString("latin1"), "Debian GNU/Linux 12 \\n \\l\n\n");
        assert.equal(Buffer.from(current.bytes!).toString("utf8"), "Debian GNU/Linux 12 (imgbased lab, edited)\n\n");
        assert.equal(old.bytes!.length, old.size);
        assert.equal(current.bytes!.length, current.size);
        // Not truncated, so the host's hash is the hash of these bytes.
        assert.equal(createHash("sha256").update(old.bytes!).digest("hex"), old.sha256);
        assert.equal(createHash("sha256").update(current.bytes!).digest("hex"), current.sha256);
    });

    test("etc/imgbased-lab/fifo: missing in the base, not a regular file in the layer", () => {
        assert.deepEqual(parseDiffStream(readDiffFixture("read-fifo")), {
            entries: { old: [], new: [] },
            warnings: [],
            contents: {
                old: { state: "missing", size: 0, sha256: null, bytes: null, truncated: false, message: "" },
                new: { state: "not-regular", size: 0, sha256: null, bytes: null, truncated: false, message: "" },
            },
            packages: {},
        });
    });

    test("a read cut at the host's limit is marked truncated", () => {
        const head = "Debian GNU/Linux 12 ";
        const { contents } = parseDiffStream(records("c", "new", "ok", 44, "0".repeat(64), base64(head)));
        assert.equal(contents.new!.truncated, true);
        assert.equal(contents.new!.size, 44);
        assert.equal(Buffer.from(contents.new!.bytes!).toString(), head);
    });

    test("unreadable, with the host's words decoded as UTF-8", () => {
        const message = "sha256sum: /run/imgbased/new/etc/caf\xC3\xA9: Permission denied";
        const { contents } = parseDiffStream(records("c", "old", "unreadable", message) + records("c", "new", "missing"));
        assert.deepEqual(contents.old, {
            state: "unreadable", size: 0, sha256: null, bytes: null, truncated: false,
            message: "sha256sum: /run/imgbased/new/etc/café: Permission denied",
        });
        assert.equal(contents.new!.state, "missing");
    });
});

describe("parseDiffStream: warnings and package records", () => {
    test("'w' records keep their side and order; messages decode leniently", () => {
        const stream = parseDiffStream(
            records("w", "new", "find: \xE2\x80\x98etc/ssl/private\xE2\x80\x99: Permission denied") +
            entryRecord("new", realEntry("new", "etc")) +
            records("w", "old", "find: bad \xFF byte"));
        assert.deepEqual(stream.warnings, [
            { side: "new", message: "find: ‘etc/ssl/private’: Permission denied" },
            { side: "old", message: "find: bad \uFFFD byte" },
        ]);
        assert.deepEqual(stream.entries.new.map(e => e.path), ["etc"]);
        assert.deepEqual(stream.entries.old, []);
    });

    test("'p' records: the database as base64 of its text, per flavor", () => {
        const status = "Package: imgbased-lab-base\nStatus: install ok installed\nVersion: 2.0\nDescription: caf\u00e9\n\n";
        const stream = parseDiffStream(records("p", "old", "dpkg", base64(status)) + records("p", "new", "rpm-missing", ""));
        assert.deepEqual(stream.packages, {
            old: { flavor: "dpkg", text: status },
            new: { flavor: "rpm-missing", text: "" },
        });
        assert.deepEqual(parseDiffStream(records("p", "new", "none", "") + records("p", "old", "rpm", base64("bash\t5.2\n"))).packages, {
            new: { flavor: "none", text: "" },
            old: { flavor: "rpm", text: "bash\t5.2\n" },
        });
    });

    test("empty input is an empty result", () => {
        assert.deepEqual(parseDiffStream(""), { entries: { old: [], new: [] }, warnings: [], contents: {}, packages: {} });
    });
});

describe("parseDiffStream: garbage is refused", () => {
    const MID = "the output ends in the middle of a record";
    const issue = realEntry("old", "etc/issue");

    test("the recorded stream cut anywhere but at a record's end", () => {
        refuses(LIST.slice(0, -1), MID);
        const fields = LIST.split("\0");
        // Cut after the 5th field of the 3rd record: every field NUL-terminated, the record short.
        refuses(fields.slice(0, 2 * 11 + 5).join("\0") + "\0", MID);
        // Cut after whole records: fine.
        assert.equal(parseDiffStream(fields.slice(0, 3 * 12).join("\0") + "\0").entries.old.length, 3);
        refuses(records("c", "old", "ok", 27), MID);
        refuses(records("w", "old"), MID);
        refuses(records("p", "old", "dpkg"), MID);
        refuses(records("c", "old", "unreadable"), MID);
    });

    test("an unknown record tag", () => {
        refuses(records("x", "old"), 'unknown record "x"');
        refuses(records(""), 'unknown record ""');
        // A record with one field too many: the extra field is read as the next record's tag.
        refuses(entryRecord("old", issue).slice(0, -1) + "\0extra\0", 'unknown record "extra"');
    });

    test("a side that is neither old nor new", () => {
        refuses(entryRecord("old", issue).replace("e\0old\0", "e\0mid\0"), 'unknown side "mid"');
        refuses(records("w", "OLD", "x"), 'unknown side "OLD"');
        refuses(records("c", "", "missing"), 'unknown side ""');
        refuses(records("p", "both", "none", ""), 'unknown side "both"');
    });

    test("a bad integer field", () => {
        refuses(entryRecord("old", entry("old", "etc/issue", { inode: "15x" as unknown as number })), 'bad inode "15x"');
        refuses(entryRecord("old", entry("old", "etc/issue", { size: "" as unknown as number })), 'bad size ""');
        refuses(entryRecord("old", entry("old", "etc/issue", { uid: "1.5" as unknown as number })), 'bad uid "1.5"');
        refuses(entryRecord("old", entry("old", "etc/issue", { gid: "9007199254740993" as unknown as number })), 'bad gid "9007199254740993"');
        refuses(records("c", "new", "ok", "-", "0".repeat(64), ""), 'bad size "-"');
    });

    test("an unknown content state or package database", () => {
        refuses(records("c", "old", "gone"), 'unknown content state "gone"');
        refuses(records("c", "old", "OK", 1, "x", "YQ=="), 'unknown content state "OK"');
        refuses(records("p", "old", "deb", ""), 'unknown package database "deb"');
    });

    test("output that does not end in NUL", () => {
        refuses("e", MID);
        refuses(records("c", "old", "missing") + "c", MID);
    });
});

describe("binary strings", () => {
    test("bytesToBinary / binaryToBytes round-trip every byte, past fromCharCode's chunk size", () => {
        const bytes = new Uint8Array(0x8000 * 2 + 123).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
        const text = bytesToBinary(bytes);
        assert.equal(text.length, bytes.length);
        assert.equal(text.charCodeAt(0x8000), bytes[0x8000]);
        assert.equal(text.charCodeAt(text.length - 1), bytes[bytes.length - 1]);
        assert.deepEqual(binaryToBytes(text), bytes);
        assert.equal(bytesToBinary(new Uint8Array(0)), "");
    });

    test("binaryToText decodes UTF-8 and replaces bad bytes", () => {
        assert.equal(binaryToText("caf\xC3\xA9"), "café");
        assert.equal(binaryToText("caf\xE9"), "caf\uFFFD");
        assert.equal(binaryToText("\xF0\x9F\x98\x80"), "😀");
    });
});
