// The content diff's model: bytes to text or "binary", jsdiff's hunks as numbered rows, and the
// side-by-side pairing. The hunks are also checked against GNU diff -u on the same files, so
// line numbers, headers and the "\ No newline" marker mean what they mean in any patch.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import {
    decodeText, diffRows, type DiffHunk, type DiffLine, hunkHeader, MAX_DIFF_CHARS, MAX_DIFF_LINES,
    splitRows, tooLargeToDiff, wholeLines,
} from "../../src/model/diff/text-diff.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap(p => typeof p === "string" ? [...utf8(p)] : p));

/** Debian 12's stock /etc/ssh/sshd_config (53 lines). */
const SSHD_CONFIG = `
# This is the sshd server system-wide configuration file.  See
# sshd_config(5) for more information.

# This sshd was compiled with PATH=/usr/local/bin:/usr/bin:/bin:/usr/games

# The strategy used for options in the default sshd_config shipped with
# OpenSSH is to specify options with their default value where
# possible, but leave them commented.  Uncommented options override the
# default value.

Include /etc/ssh/sshd_config.d/*.conf

#Port 22
#AddressFamily any
#ListenAddress 0.0.0.0
#ListenAddress ::

#HostKey /etc/ssh/ssh_host_rsa_key
#HostKey /etc/ssh/ssh_host_ecdsa_key
#HostKey /etc/ssh/ssh_host_ed25519_key

# Ciphers and keying
#RekeyLimit default none

# Logging
#SyslogFacility AUTH
#LogLevel INFO

# Authentication:

#LoginGraceTime 2m
#PermitRootLogin prohibit-password
#StrictModes yes
#MaxAuthTries 6
#MaxSessions 10

#PubkeyAuthentication yes

# Change to yes to enable challenge-response passwords (beware issues with
# some PAM modules and threads)
KbdInteractiveAuthentication no

UsePAM yes

X11Forwarding yes
PrintMotd no

# Allow client to pass locale environment variables
AcceptEnv LANG LC_*

# override default of no subsystems
Subsystem	sftp	/usr/lib/openssh/sftp-server
`;

/** The admin's edit: root login off (line 33), password logins off (appended as line 54). */
const SSHD_EDITED = SSHD_CONFIG.replace("#PermitRootLogin prohibit-password\n", "PermitRootLogin no\n")
    + "PasswordAuthentication no\n";

const ctx = (oldNo: number, newNo: number, text: string, end: DiffLine["end"] = "lf"): DiffLine =>
    ({ kind: "context", oldNo, newNo, text, end });
const del = (oldNo: number, text: string, end: DiffLine["end"] = "lf"): DiffLine =>
    ({ kind: "del", oldNo, newNo: null, text, end });
const add = (newNo: number, text: string, end: DiffLine["end"] = "lf"): DiffLine =>
    ({ kind: "add", oldNo: null, newNo, text, end });

/** The hunks back in unified-diff text, as GNU diff prints them after its two file headers. */
function unifiedText(hunks: DiffHunk[]): string {
    const sign = { context: " ", add: "+", del: "-" };
    return hunks.map(hunk => [
        hunkHeader(hunk) + "\n",
        ...hunk.lines.map(line =>
            sign[line.kind] + line.text + (line.end === "crlf" ? "\r\n" : "\n")
            + (line.end === "none" ? "\\ No newline at end of file\n" : "")),
    ].join("")).join("");
}

/** GNU diff -U<context> of the two texts, without its ---/+++ lines; null when diff is missing. */
function gnuDiff(oldText: string, newText: string, context: number): string | null {
    const dir = mkdtempSync(join(tmpdir(), "text-diff-"));
    try {
        writeFileSync(join(dir, "old"), oldText);
        writeFileSync(join(dir, "new"), newText);
        const result = spawnSync("diff", [`-U${context}`, "old", "new"], { cwd: dir, encoding: "utf8" });
        if (result.error)
            return null;
        assert.ok(result.status === 0 || result.status === 1, result.stderr);
        return result.stdout.split("\n").slice(2).join("\n");
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe("decodeText", () => {
    test("UTF-8 text, with non-ASCII comments", () => {
        assert.equal(decodeText(utf8("# Grüße aus Köln\nLANG=de_DE.UTF-8\n")), "# Grüße aus Köln\nLANG=de_DE.UTF-8\n");
        assert.equal(decodeText(new Uint8Array()), "");
    });

    test("a NUL byte makes it binary, even in otherwise plain text", () => {
        assert.equal(decodeText(bytes("ELF", [0], "text")), null);
        assert.equal(decodeText(bytes("abc", [0])), null);
    });

    test("not UTF-8 makes it binary: Latin-1, a lone continuation byte, an overlong form", () => {
        assert.equal(decodeText(bytes("caf", [0xe9], "\n")), null);
        assert.equal(decodeText(bytes("x", [0x80])), null);
        assert.equal(decodeText(bytes([0xc0, 0xaf])), null);
    });

    test("a character cut at the end of a truncated read is dropped, not binary", () => {
        // é is c3 a9, € is e2 82 ac, 😀 is f0 9f 98 80.
        assert.equal(decodeText(bytes("caf", [0xc3]), true), "caf");
        assert.equal(decodeText(bytes("5 ", [0xe2, 0x82]), true), "5 ");
        assert.equal(decodeText(bytes("hi ", [0xf0, 0x9f, 0x98]), true), "hi ");
        assert.equal(decodeText(bytes("hi ", [0xf0]), true), "hi ");
        assert.equal(decodeText(bytes("café"), true), "café");
    });

    test("the same cut in a whole file is binary", () => {
        assert.equal(decodeText(bytes("caf", [0xc3])), null);
        assert.equal(decodeText(bytes("5 ", [0xe2, 0x82])), null);
    });

    test("a truncated read is still binary when the bad bytes are not a cut character", () => {
        assert.equal(decodeText(bytes("caf", [0xe9], "x"), true), null);
        assert.equal(decodeText(bytes("x", [0xff]), true), null);
        assert.equal(decodeText(bytes("x", [0xc3, 0x41]), true), null);
        assert.equal(decodeText(bytes("x", [0x80, 0x80, 0x80]), true), null);
    });

    test("a byte order mark stays in the text: adding one is a change", () => {
        assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], "a\n")), "\ufeffa\n");
    });
});

describe("wholeLines", () => {
    test("cuts the partial line a truncated read ends with", () => {
        assert.equal(wholeLines("Port 22\nListenAddr"), "Port 22\n");
        assert.equal(wholeLines("Port 22\n"), "Port 22\n");
    });

    test("keeps text that has no newline at all", () => {
        assert.equal(wholeLines("{\"minified\":true"), "{\"minified\":true");
        assert.equal(wholeLines(""), "");
    });
});

describe("tooLargeToDiff", () => {
    test("config files are fine", () => {
        assert.equal(tooLargeToDiff(SSHD_CONFIG, SSHD_EDITED), false);
        assert.equal(tooLargeToDiff("", ""), false);
    });

    test("more lines than MAX_DIFF_LINES on either side", () => {
        const limit = "x\n".repeat(MAX_DIFF_LINES);
        assert.equal(tooLargeToDiff(limit, ""), false);
        assert.equal(tooLargeToDiff(limit + "y", ""), true);
        assert.equal(tooLargeToDiff("", limit + "y\n"), true);
    });

    test("more characters than MAX_DIFF_CHARS on either side", () => {
        const long = "#".repeat(MAX_DIFF_CHARS);
        assert.equal(tooLargeToDiff(long, ""), false);
        assert.equal(tooLargeToDiff("", long + "\n"), true);
    });
});

describe("hunkHeader", () => {
    test("diff -u's form: a count of 1 left out, 0 kept", () => {
        assert.equal(hunkHeader({ oldStart: 30, oldLines: 7, newStart: 30, newLines: 7 }), "@@ -30,7 +30,7 @@");
        assert.equal(hunkHeader({ oldStart: 5, oldLines: 0, newStart: 6, newLines: 1 }), "@@ -5,0 +6 @@");
        assert.equal(hunkHeader({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 }), "@@ -0,0 +1,2 @@");
    });
});

describe("diffRows", () => {
    test("sshd_config with one line edited and one appended", () => {
        assert.deepEqual(diffRows(SSHD_CONFIG, SSHD_EDITED, { context: 3 }), [
            {
                oldStart: 30, oldLines: 7, newStart: 30, newLines: 7,
                lines: [
                    ctx(30, 30, "# Authentication:"),
                    ctx(31, 31, ""),
                    ctx(32, 32, "#LoginGraceTime 2m"),
                    del(33, "#PermitRootLogin prohibit-password"),
                    add(33, "PermitRootLogin no"),
                    ctx(34, 34, "#StrictModes yes"),
                    ctx(35, 35, "#MaxAuthTries 6"),
                    ctx(36, 36, "#MaxSessions 10"),
                ],
            },
            {
                oldStart: 51, oldLines: 3, newStart: 51, newLines: 4,
                lines: [
                    ctx(51, 51, ""),
                    ctx(52, 52, "# override default of no subsystems"),
                    ctx(53, 53, "Subsystem\tsftp\t/usr/lib/openssh/sftp-server"),
                    add(54, "PasswordAuthentication no"),
                ],
            },
        ]);
    });

    test("more context joins the two changes into one hunk", () => {
        const hunks = diffRows(SSHD_CONFIG, SSHD_EDITED, { context: 10 });
        assert.equal(hunks.length, 1);
        assert.equal(hunkHeader(hunks[0]!), "@@ -23,31 +23,32 @@");
    });

    test("identical texts have no hunks", () => {
        assert.deepEqual(diffRows(SSHD_CONFIG, SSHD_CONFIG, { context: 3 }), []);
        assert.deepEqual(diffRows("", "", { context: 3 }), []);
        assert.deepEqual(diffRows("no newline", "no newline", { context: 3 }), []);
    });

    test("a newline added at the end: the old last line is marked, not shown as a line", () => {
        assert.deepEqual(diffRows("Port 22\nUsePAM yes", "Port 22\nUsePAM yes\n", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 2,
            lines: [ctx(1, 1, "Port 22"), del(2, "UsePAM yes", "none"), add(2, "UsePAM yes")],
        }]);
    });

    test("lines appended to a file that had no final newline", () => {
        assert.deepEqual(diffRows("a\nb", "a\nb\nc\n", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 3,
            lines: [ctx(1, 1, "a"), del(2, "b", "none"), add(2, "b"), add(3, "c")],
        }]);
    });

    test("neither side ends in a newline; the unchanged last line is context on both", () => {
        assert.deepEqual(diffRows("a\nb\nc", "a\nB\nc", { context: 3 }), [{
            oldStart: 1, oldLines: 3, newStart: 1, newLines: 3,
            lines: [ctx(1, 1, "a"), del(2, "b"), add(2, "B"), ctx(3, 3, "c", "none")],
        }]);
        assert.deepEqual(diffRows("a\nb", "a\nc", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 2,
            lines: [ctx(1, 1, "a"), del(2, "b", "none"), add(2, "c", "none")],
        }]);
    });

    test("an empty old side: all added, counted from line 0 like diff -u", () => {
        assert.deepEqual(diffRows("", "nameserver 192.0.2.53\nsearch lan\n", { context: 3 }), [{
            oldStart: 0, oldLines: 0, newStart: 1, newLines: 2,
            lines: [add(1, "nameserver 192.0.2.53"), add(2, "search lan")],
        }]);
    });

    test("an empty new side: all removed", () => {
        assert.deepEqual(diffRows("nameserver 192.0.2.53\nsearch lan", "", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 0, newLines: 0,
            lines: [del(1, "nameserver 192.0.2.53"), del(2, "search lan", "none")],
        }]);
    });

    test("a pure insertion without context starts its empty side at the line before", () => {
        const old = "1\n2\n3\n4\n5\n6\n";
        const hunks = diffRows(old, old.replace("5\n", "5\nnew\n"), { context: 0 });
        assert.deepEqual(hunks, [{ oldStart: 5, oldLines: 0, newStart: 6, newLines: 1, lines: [add(6, "new")] }]);
        assert.equal(hunkHeader(hunks[0]!), "@@ -5,0 +6 @@");
    });

    test("CRLF files: the CR is the line's end, not its text", () => {
        assert.deepEqual(diffRows("[Unit]\r\nA=1\r\n", "[Unit]\r\nA=2\r\n", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 2,
            lines: [ctx(1, 1, "[Unit]", "crlf"), del(2, "A=1", "crlf"), add(2, "A=2", "crlf")],
        }]);
    });

    test("CRLF turned into LF changes every line, with equal texts and different ends", () => {
        assert.deepEqual(diffRows("a\r\nb\r\n", "a\nb\n", { context: 3 }), [{
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 2,
            lines: [del(1, "a", "crlf"), del(2, "b", "crlf"), add(1, "a"), add(2, "b")],
        }]);
    });

    test("maxEdits: null past it, the hunks up to it", () => {
        const old = Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join("");
        const rewritten = old.replaceAll("line", "row");
        assert.equal(diffRows(old, rewritten, { context: 3, maxEdits: 199 }), null);
        assert.equal(diffRows(old, rewritten, { context: 3, maxEdits: 200 })?.length, 1);
        assert.deepEqual(diffRows(SSHD_CONFIG, SSHD_EDITED, { context: 3, maxEdits: 3 }),
                         diffRows(SSHD_CONFIG, SSHD_EDITED, { context: 3 }));
    });

    test("the same hunks as GNU diff -u", t => {
        const pairs: [string, string, number][] = [
            [SSHD_CONFIG, SSHD_EDITED, 3],
            [SSHD_CONFIG, SSHD_EDITED, 0],
            [SSHD_EDITED, SSHD_CONFIG, 3],
            ["Port 22\nUsePAM yes", "Port 22\nUsePAM yes\n", 3],
            ["a\nb", "a\nb\nc\n", 3],
            ["a\nb\nc", "a\nB\nc", 3],
            ["", "x\ny\n", 3],
            ["x\ny", "", 3],
            ["[Unit]\r\nA=1\r\n", "[Unit]\r\nA=2\r\n", 3],
            ["a\r\nb\r\n", "a\nb\n", 3],
            ["1\n2\n3\n4\n5\n6\n", "1\n2\n3\n4\n5\nnew\n6\n", 0],
            ["1\n2\n3\n4\n5\n6\n", "1\n3\n4\n5\n6\n", 0],
        ];
        for (const [oldText, newText, context] of pairs) {
            const expected = gnuDiff(oldText, newText, context);
            if (expected == null) {
                t.skip("GNU diff is not installed");
                return;
            }
            assert.equal(unifiedText(diffRows(oldText, newText, { context })), expected,
                         JSON.stringify({ oldText, newText, context }));
        }
    });
});

describe("splitRows", () => {
    test("context on both sides, a replaced line paired with its replacement", () => {
        const [hunk] = diffRows(SSHD_CONFIG, SSHD_EDITED, { context: 1 });
        assert.deepEqual(splitRows(hunk!), [
            { old: ctx(32, 32, "#LoginGraceTime 2m"), new: ctx(32, 32, "#LoginGraceTime 2m") },
            { old: del(33, "#PermitRootLogin prohibit-password"), new: add(33, "PermitRootLogin no") },
            { old: ctx(34, 34, "#StrictModes yes"), new: ctx(34, 34, "#StrictModes yes") },
        ]);
    });

    test("unequal runs are padded on the shorter side", () => {
        const [hunk] = diffRows("a\nb\nc\nd\ne\n", "a\nX\ne\n", { context: 1 });
        assert.deepEqual(splitRows(hunk!), [
            { old: ctx(1, 1, "a"), new: ctx(1, 1, "a") },
            { old: del(2, "b"), new: add(2, "X") },
            { old: del(3, "c"), new: null },
            { old: del(4, "d"), new: null },
            { old: ctx(5, 3, "e"), new: ctx(5, 3, "e") },
        ]);
    });

    test("all added: the old side is empty", () => {
        const [hunk] = diffRows("", "x\ny\n", { context: 3 });
        assert.deepEqual(splitRows(hunk!), [
            { old: null, new: add(1, "x") },
            { old: null, new: add(2, "y") },
        ]);
    });

    test("a deletion after additions starts a new pair run", () => {
        const hunk: DiffHunk = {
            oldStart: 1, oldLines: 2, newStart: 1, newLines: 1,
            lines: [add(1, "n"), del(1, "o1"), del(2, "o2")],
        };
        assert.deepEqual(splitRows(hunk), [
            { old: null, new: add(1, "n") },
            { old: del(1, "o1"), new: null },
            { old: del(2, "o2"), new: null },
        ]);
    });

    test("no lines, no rows", () => {
        assert.deepEqual(splitRows({ oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, lines: [] }), []);
    });
});
