// quote() is only correct if a real shell gives back the exact bytes, so these tests run dash
// (/bin/sh on Debian) and bash --posix on thousands of hostile strings from a seeded generator.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { checkArg, quote, renderArgv } from "../../src/model/shell.ts";

const SHELLS: { name: string; argv: string[]; env?: Record<string, string> }[] = [
    { name: "/bin/sh", argv: ["/bin/sh"] },
    { name: "dash", argv: ["dash"] },
    // A UTF-8 locale, as on a real host, so bash decodes multibyte characters while parsing.
    { name: "bash --posix", argv: ["bash", "--posix"], env: { LC_ALL: "C.UTF-8" } },
];

/** Runs `script` on stdin of the shell; returns its stdout (stderr must stay empty). */
function runShell(shell: typeof SHELLS[number], script: string): Buffer {
    const [cmd, ...args] = shell.argv;
    const result = spawnSync(cmd!, args, {
        input: script,
        env: { ...process.env, ...shell.env },
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(result.error, undefined);
    assert.equal(result.stderr.toString(), "", `${shell.name} wrote to stderr`);
    assert.equal(result.status, 0, `${shell.name} exited ${result.status}`);
    return result.stdout;
}

/** Each string through `printf '%s\0' <quoted>`, one command per string, in one shell process. */
function roundTrip(shell: typeof SHELLS[number], strings: readonly string[]): string[] {
    const script = strings.map(s => renderArgv(["printf", "%s\\0", s])).join("\n") + "\n";
    const out = runShell(shell, script);
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < out.length; i++) {
        if (out[i] === 0) {
            parts.push(out.subarray(start, i).toString("utf8"));
            start = i + 1;
        }
    }
    assert.equal(start, out.length, "output does not end with NUL");
    return parts;
}

function assertRoundTrips(strings: readonly string[]): void {
    for (const shell of SHELLS) {
        const back = roundTrip(shell, strings);
        assert.equal(back.length, strings.length, `${shell.name}: word count`);
        strings.forEach((s, i) => assert.equal(back[i], s, `${shell.name}: ${JSON.stringify(s)} → ${quote(s)}`));
    }
}

/** mulberry32: small, seeded, good enough to spread the pieces. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PIECES = [
    "'", "\"", "'\"'", "\"'\"", "$(", ")", "$(touch pwned)", "`", "`id`", "\n", "\t", "\r", "\r\n",
    "*", "?", "[", "]", "[a-z]", "~", "~root", "#", "!", "!!", "\\", "\\\\", "\\'", "$", "$HOME",
    "${HOME}", "${x:-y}", "$((1+1))", "$'x'", "$\"x\"", "-", "--", "-rf", " ", "  ", ";", "&", "&&",
    "|", "||", "<", ">", ">>", "<<EOF", "<(", "{", "}", "{a,b}", "=", "a=b", "IFS=", "%s", "%",
    "%n", "\\0", "\\n", "\\x41", "\x01", "\x1b[31m", "\x7f", "\u00a0", "é", "e\u0301", "日本語",
    "😀", "👩‍👩‍👧", "\u2028", "\uFEFF", "\uFFFD", "\u{10FFFF}", "if", "done", "then", "time",
    "function", "@", "^", "..", "/", "./", ",", ":", "+", "lvcreate", "vg/base+1", "\v", "\f",
];

/** A random valid code point other than NUL and the surrogate range. */
function randomCodePoint(random: () => number): string {
    for (;;) {
        const astral = random() < 0.2;
        const cp = astral ? 0x10000 + Math.floor(random() * 0x100000) : 1 + Math.floor(random() * 0xFFFF);
        if (cp < 0xD800 || cp > 0xDFFF)
            return String.fromCodePoint(cp);
    }
}

function hostileString(random: () => number): string {
    const count = Math.floor(random() * 12);
    let s = random() < 0.15 ? "-" : "";
    for (let i = 0; i < count; i++)
        s += random() < 0.8 ? PIECES[Math.floor(random() * PIECES.length)] : randomCodePoint(random);
    if (random() < 0.01)
        s = s.repeat(2000) || "x".repeat(20000);
    return s;
}

describe("quote", () => {
    it("leaves words of safe characters bare, so the listing stays readable", () => {
        for (const word of ["lvcreate", "-n", "--size=10G", "vg/base+1", "/dev/vg0/lv_1", "a@b:c,d%e"])
            assert.equal(quote(word), word);
    });

    it("quotes everything else, with ' written as '\\''", () => {
        assert.equal(quote(""), "''");
        assert.equal(quote("a b"), "'a b'");
        assert.equal(quote("it's"), "'it'\\''s'");
        assert.equal(quote("~"), "'~'");
        assert.equal(quote("$(x)"), "'$(x)'");
    });

    it("quotes assignments and reserved words, which are syntax in command position", () => {
        assert.equal(quote("A=1"), "'A=1'");
        assert.equal(quote("if"), "'if'");
        assert.equal(quote("done"), "'done'");
        assert.equal(quote("--x=1"), "--x=1");
    });

    it("throws on NUL and lone surrogates, which cannot pass through an argv", () => {
        assert.throws(() => quote("a\0b"), /NUL/);
        assert.throws(() => quote("\uD800"), /lone surrogate/);
        assert.throws(() => quote("x\uDC00y"), /lone surrogate/);
        assert.throws(() => quote("\uDC00\uD800"), /lone surrogate/);
        assert.throws(() => renderArgv(["echo", "\uDBFF"]), /lone surrogate/);
        assert.throws(() => renderArgv([]), /empty argv/);
        assert.doesNotThrow(() => checkArg("😀"));
    });

    it("round-trips explicit hostile strings through real shells", () => {
        assertRoundTrips([
            "", " ", "'", "''", "\"", "'\"'", "\\", "\\'", "$(touch pwned)", "`touch pwned`",
            "a\nb", "\n", "trailing\n\n", "\ttab", "*", "?", "[", "~", "~/x", "#comment", "!",
            "-n", "-e", "--", "a=b", "if", "{a,b}", "$HOME", "%s%n", "é日本😀", "\u2028", "x".repeat(100000),
        ]);
    });

    it("round-trips 6,000 generated hostile strings through dash and bash --posix", () => {
        const random = prng(0x1b5eed);
        const strings = Array.from({ length: 6000 }, () => hostileString(random));
        for (let i = 0; i < strings.length; i += 500)
            assertRoundTrips(strings.slice(i, i + 500));
    });
});

describe("renderArgv", () => {
    it("runs words that look like syntax as commands", () => {
        const dir = mkdtempSync(join(tmpdir(), "imgbased-shell-"));
        try {
            for (const name of ["if", "A=1", "done"]) {
                writeFileSync(join(dir, name), "#!/bin/sh\nprintf '%s|' \"${0##*/}\" \"$@\"\n");
                chmodSync(join(dir, name), 0o755);
            }
            const script = [renderArgv(["if", "x y"]), renderArgv(["A=1", "$z"]), renderArgv(["done"])].join("\n");
            for (const shell of SHELLS) {
                const out = runShell({ ...shell, env: { ...shell.env, PATH: `${dir}:${process.env.PATH}` } }, script);
                assert.equal(out.toString(), "if|x y|A=1|$z|done|", shell.name);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
