// exportChanges (src/model/diff/export.ts) on the changed-layer fixture's changes plus derived
// ones (ctime-only, a type change, names with a comma, a quote, a newline): the text form line
// by line (header, + - M m letters, aspects in parentheses), CSV read back with an RFC 4180
// parser (header row, quoting, CRLF), and JSON parsed back to the same classes and counts.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { classOf, compareTrees } from "../../src/model/diff/compare.ts";
import { exportChanges, type ExportHeader } from "../../src/model/diff/export.ts";
import type { Change } from "../../src/model/diff/types.ts";
import { entry, fixtureChanges, LVM_ARCHIVE, realEntry } from "./diff-fixtures.ts";

const HEADER: ExportHeader = {
    old: "nodevg/debian-node-12.0-1", new: "nodevg/debian-node-12.0-1+1", method: "inode", created: "2026-11-27T10:00:00.000Z",
};
const CHANGES = fixtureChanges("inode");
const CTIME = "1795651121.0000000000";

/** A ctime-only change, a file turned into a symlink, and names that CSV must quote. */
function derivedChanges(): Change[] {
    const issue = realEntry("old", "etc/issue");
    const old = [issue, { ...issue, path: "srv/a,b" }, { ...issue, path: "srv/say \"hi\"" }, realEntry("old", "etc/motd")];
    const current = [
        entry("old", "etc/issue", { ctime: CTIME }),
        entry("old", "etc/issue", { path: "srv/a,b", size: 28, ctime: CTIME }),
        entry("old", "etc/issue", { path: "srv/say \"hi\"", uid: 1000, gid: 1000, ctime: CTIME }),
        entry("old", "etc/motd", { type: "l", inode: 15800, size: 13, mode: "777", target: "/run/motd.dynamic", ctime: CTIME }),
        entry("old", "etc/issue", { path: "srv/line\nbreak\r", inode: 15801 }),
    ];
    return compareTrees(old, current, "inode");
}

/** RFC 4180: CRLF between records, fields quoted when they hold , " CR or LF, "" for a quote. */
function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (quoted) {
            if (c === "\"" && text[i + 1] === "\"") { field += "\""; i++; }
            else if (c === "\"") quoted = false;
            else field += c;
        } else if (c === "\"") {
            assert.equal(field, "", "a quote inside an unquoted field");
            quoted = true;
        } else if (c === ",") {
            row.push(field);
            field = "";
        } else if (c === "\r") {
            assert.equal(text[i + 1], "\n", "a bare CR");
            row.push(field);
            rows.push(row);
            row = [];
            field = "";
            i++;
        } else {
            assert.notEqual(c, "\n", "a bare LF");
            field += c;
        }
    }
    assert.equal(quoted, false);
    assert.deepEqual([row, field], [[], ""], "the last record ends with CRLF");
    return rows;
}

describe("exportChanges: text", () => {
    test("the fixture: header, then one line a change with its letter and aspects", () => {
        const text = exportChanges(CHANGES, HEADER, "text");
        assert.ok(text.endsWith("\n") && !text.endsWith("\n\n"));
        const lines = text.slice(0, -1).split("\n");
        assert.equal(lines.length, 2 + 22);
        assert.equal(lines[0], "# nodevg/debian-node-12.0-1 -> nodevg/debian-node-12.0-1+1 (inode), 2026-11-27T10:00:00.000Z");
        assert.equal(lines[1], "# + added, - removed, M content, m metadata only");
        const expected: (string | RegExp)[] = [
            "m /etc/debian_version (mode)",
            "M /etc/fstab (content)",
            "+ /etc/imgbased-lab",
            "+ /etc/imgbased-lab/caf\\xE9",
            "+ /etc/imgbased-lab/fifo",
            "+ /etc/imgbased-lab/line\\nbreak",
            "+ /etc/imgbased-lab/link",
            "+ /etc/imgbased-lab/name with spaces",
            "+ /etc/imgbased-lab/site.conf",
            "M /etc/issue (content)",
            "+ /etc/lvm/archive",
            ...[0, 1, 2].map(() => new RegExp(`^\\+ ${LVM_ARCHIVE.source.slice(1)}`)),
            "+ /etc/lvm/backup",
            "+ /etc/lvm/backup/nodevg",
            "M /etc/machine-id (content)",
            "- /etc/motd",
            "M /etc/ssh/sshd_config (content)",
            "M /usr/share/imgbased-lab-base/version (content)",
            "+ /usr/share/imgbased-lab-tool",
            "+ /usr/share/imgbased-lab-tool/version",
        ];
        lines.slice(2).forEach((line, i) => {
            const want = expected[i]!;
            if (typeof want === "string")
                assert.equal(line, want);
            else
                assert.match(line, want);
        });
    });

    test("ctime-only, several aspects, and a type change; raw newlines never reach the file", () => {
        const text = exportChanges(derivedChanges(), { ...HEADER, method: "metadata" }, "text");
        assert.equal(text, [
            "# nodevg/debian-node-12.0-1 -> nodevg/debian-node-12.0-1+1 (metadata), 2026-11-27T10:00:00.000Z",
            "# + added, - removed, M content, m metadata only",
            "m /etc/issue (ctime)",
            "M /etc/motd (type,mode,target)",
            "M /srv/a,b (content)",
            "+ /srv/line\\nbreak\\r",
            "m /srv/say \"hi\" (owner)",
            "",
        ].join("\n"));
    });

    test("no changes: the header only", () => {
        assert.equal(exportChanges([], HEADER, "text"),
            "# nodevg/debian-node-12.0-1 -> nodevg/debian-node-12.0-1+1 (inode), 2026-11-27T10:00:00.000Z\n" +
            "# + added, - removed, M content, m metadata only\n");
    });
});

describe("exportChanges: CSV", () => {
    const HEAD = ["path", "change", "aspects", "old_type", "new_type", "old_size", "new_size", "old_mode", "new_mode", "old_owner", "new_owner"];

    test("the fixture: a header row, one row a change, CRLF line ends", () => {
        const csv = exportChanges(CHANGES, HEADER, "csv");
        assert.ok(csv.startsWith(HEAD.join(",") + "\r\n"));
        assert.equal(csv.split("\r\n").length, 1 + 22 + 1);
        assert.doesNotMatch(csv, /[^\r]\n/);
        const rows = parseCsv(csv);
        assert.deepEqual(rows[0], HEAD);
        assert.equal(rows.length, 23);
        assert.ok(rows.every(r => r.length === 11));
        const row = (path: string) => rows.find(r => r[0] === path);
        assert.deepEqual(row("/etc/debian_version"), ["/etc/debian_version", "metadata", "mode", "f", "f", "6", "6", "644", "600", "0:0", "0:0"]);
        assert.deepEqual(row("/etc/issue"), ["/etc/issue", "content", "content", "f", "f", "27", "44", "644", "644", "0:0", "0:0"]);
        assert.deepEqual(row("/etc/imgbased-lab"), ["/etc/imgbased-lab", "added", "", "", "d", "", "4096", "", "755", "", "0:0"]);
        assert.deepEqual(row("/etc/imgbased-lab/caf\\xE9"), ["/etc/imgbased-lab/caf\\xE9", "added", "", "", "f", "", "7", "", "644", "", "0:0"]);
        assert.deepEqual(row("/etc/motd"), ["/etc/motd", "removed", "", "f", "", "286", "", "644", "", "0:0", ""]);
        assert.deepEqual(rows.slice(1).map(r => r[0]), CHANGES.map(c => c.display));
    });

    test("a comma or a quote is quoted; an escaped newline needs no quoting", () => {
        const csv = exportChanges(derivedChanges(), HEADER, "csv");
        const lines = csv.split("\r\n");
        assert.equal(lines[1], "/etc/issue,metadata,ctime,f,f,27,27,644,644,0:0,0:0");
        assert.equal(lines[2], "/etc/motd,content,type mode target,f,l,286,13,644,777,0:0,0:0");
        assert.equal(lines[3], "\"/srv/a,b\",content,content,f,f,27,28,644,644,0:0,0:0");
        assert.equal(lines[4], "/srv/line\\nbreak\\r,added,,,f,,27,,644,,0:0");
        assert.equal(lines[5], "\"/srv/say \"\"hi\"\"\",metadata,owner,f,f,27,27,644,644,0:0,1000:1000");
        assert.equal(lines[6], "");
        assert.deepEqual(parseCsv(csv).slice(1).map(r => r[0]), ["/etc/issue", "/etc/motd", "/srv/a,b", "/srv/line\\nbreak\\r", "/srv/say \"hi\""]);
    });
});

describe("exportChanges: JSON", () => {
    test("the header, and per change its path, class, aspects and both sides", () => {
        const json = exportChanges(CHANGES, HEADER, "json");
        assert.ok(json.endsWith("}\n"));
        assert.ok(json.startsWith("{\n \"old\": "));
        const parsed = JSON.parse(json) as {
            old: string; new: string; method: string; created: string;
            changes: { path: string; change: string; aspects: string[]; old: Record<string, unknown> | null; new: Record<string, unknown> | null }[];
        };
        assert.deepEqual([parsed.old, parsed.new, parsed.method, parsed.created], [HEADER.old, HEADER.new, HEADER.method, HEADER.created]);
        assert.equal(parsed.changes.length, 22);
        const counts: Record<string, number> = {};
        for (const c of parsed.changes)
            counts[c.change] = (counts[c.change] ?? 0) + 1;
        assert.deepEqual(counts, { metadata: 1, content: 5, added: 15, removed: 1 });
        assert.deepEqual(parsed.changes.map(c => [c.path, c.change]), CHANGES.map(c => [c.display, classOf(c)]));

        const at = (path: string) => parsed.changes.find(c => c.path === path)!;
        assert.deepEqual(at("/etc/issue"), {
            path: "/etc/issue", change: "content", aspects: ["content"],
            old: { type: "f", size: 27, mode: "644", uid: 0, gid: 0, mtime: "1783019100.0000000000" },
            new: { type: "f", size: 44, mode: "644", uid: 0, gid: 0, mtime: "1795651120.5395201780" },
        });
        assert.deepEqual(at("/etc/imgbased-lab/link"), {
            path: "/etc/imgbased-lab/link", change: "added", aspects: [], old: null,
            new: { type: "l", size: 9, mode: "777", uid: 0, gid: 0, mtime: "1795651120.6955201780", target: "site.conf" },
        });
        assert.deepEqual([at("/etc/motd").new, at("/etc/motd").aspects], [null, []]);
        assert.equal(at("/etc/imgbased-lab/line\\nbreak").path, "/etc/imgbased-lab/line\\nbreak");
    });

    test("ctime-only and several aspects as lists", () => {
        const parsed = JSON.parse(exportChanges(derivedChanges(), HEADER, "json")) as { changes: { path: string; aspects: string[] }[] };
        assert.deepEqual(parsed.changes.map(c => [c.path, c.aspects]), [
            ["/etc/issue", ["ctime"]],
            ["/etc/motd", ["type", "mode", "target"]],
            ["/srv/a,b", ["content"]],
            ["/srv/line\\nbreak\\r", []],
            ["/srv/say \"hi\"", ["owner"]],
        ]);
    });
});
