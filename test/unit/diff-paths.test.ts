// File names as bytes (src/model/diff/paths.ts). displayPath must show valid UTF-8 as text and
// everything else (bad or overlong sequences, surrogates, control characters, the backslash) as
// escapes, so that a name stays on one line and two names never look alike: checked on exact
// cases and, for thousands of random byte strings, by decoding the display back to the same bytes.
// printfEscape is what the host's script reads back with bash's printf %b (imgbased-diff.sh
// `printf -v rel '%b' "$arg"`), so it is checked against a real bash, byte for byte.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";

import { baseName, byteOrder, displayPath, printfEscape } from "../../src/model/diff/paths.ts";
import { binaryToBytes, bytesToBinary } from "../../src/model/nul-records.ts";
import { listStream, utf8Binary } from "./diff-fixtures.ts";

/** mulberry32: small, seeded, good enough to spread the bytes. */
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

/** Pieces that make names interesting: UTF-8 of every length, broken and forbidden sequences, escapes. */
const PIECES = [
    "a", "Z", "0", ".", "-", "_", "/", " ", "\\", "\\x41", "\\n", "%", "%s", "\\c", "'", "\"", "$", "*", "\x7F",
    "\n", "\t", "\r", "\x01", "\x1B", utf8Binary("é"), utf8Binary("€"), utf8Binary("😀"), utf8Binary("\u{10FFFF}"),
    "\xE9", "\x80", "\xBF", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF",
    "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFE", "\xFF", "\xE2\x82", "\xF0\x9F\x98", "\xC3",
];

/** A random name of 1-40 bytes, no NUL: whole random bytes and pieces from above. */
function randomName(random: () => number): string {
    let out = "";
    const count = 1 + Math.floor(random() * 12);
    for (let k = 0; k < count; k++) {
        out += random() < 0.5
            ? String.fromCharCode(1 + Math.floor(random() * 255))
            : PIECES[Math.floor(random() * PIECES.length)]!;
    }
    return out.slice(0, 40);
}

/** The inverse of displayPath, written from its documented escapes: display text back to bytes. */
function undisplay(text: string): string {
    let out = "";
    for (let i = 0; i < text.length;) {
        if (text[i] === "\\") {
            const next = text[i + 1];
            if (next === "\\") out += "\\";
            else if (next === "n") out += "\n";
            else if (next === "t") out += "\t";
            else if (next === "r") out += "\r";
            else if (next === "x") {
                const hex = text.slice(i + 2, i + 4);
                assert.match(hex, /^[0-9A-F]{2}$/, `escape in ${JSON.stringify(text)}`);
                out += String.fromCharCode(parseInt(hex, 16));
                i += 4;
                continue;
            } else if (next === "u") {
                const hex = text.slice(i + 2, i + 6);
                assert.match(hex, /^[0-9A-F]{4}$/, `escape in ${JSON.stringify(text)}`);
                out += utf8Binary(String.fromCharCode(parseInt(hex, 16)));
                i += 6;
                continue;
            } else assert.fail(`unknown escape \\${next} in ${JSON.stringify(text)}`);
            i += 2;
        } else {
            const cp = text.codePointAt(i)!;
            const ch = String.fromCodePoint(cp);
            out += utf8Binary(ch);
            i += ch.length;
        }
    }
    return out;
}

describe("displayPath", () => {
    test("ASCII and valid UTF-8 of 2, 3 and 4 bytes are shown as text", () => {
        assert.equal(displayPath("etc/ssh/sshd_config"), "etc/ssh/sshd_config");
        assert.equal(displayPath("name with spaces ~!@#$%^&*()"), "name with spaces ~!@#$%^&*()");
        assert.equal(displayPath("caf\xC3\xA9"), "café");
        assert.equal(displayPath("\xE2\x82\xAC5"), "€5");
        assert.equal(displayPath("x\xF0\x9F\x98\x80y"), "x😀y");
        assert.equal(displayPath("\xF4\x8F\xBF\xBF"), "\u{10FFFF}");
        assert.equal(displayPath("\xC2\xA1"), "\u00A1");
        assert.equal(displayPath(""), "");
    });

    test("bytes that are not UTF-8 become \\xHH, one escape a byte", () => {
        assert.equal(displayPath("caf\xE9"), "caf\\xE9");
        assert.equal(displayPath("\x80"), "\\x80");
        assert.equal(displayPath("\xFE\xFF"), "\\xFE\\xFF");
        // A sequence cut short, at the end or by an ASCII byte.
        assert.equal(displayPath("\xE2\x82"), "\\xE2\\x82");
        assert.equal(displayPath("\xE2\x82A"), "\\xE2\\x82A");
        assert.equal(displayPath("\xF0\x9F\x98"), "\\xF0\\x9F\\x98");
        // A bad start byte does not swallow a valid sequence after it.
        assert.equal(displayPath("\xE9\xC3\xA9"), "\\xE9é");
    });

    test("overlong encodings, surrogates and code points past U+10FFFF are not UTF-8", () => {
        assert.equal(displayPath("\xC0\xAF"), "\\xC0\\xAF");
        assert.equal(displayPath("\xC1\xBF"), "\\xC1\\xBF");
        assert.equal(displayPath("\xE0\x80\xAF"), "\\xE0\\x80\\xAF");
        assert.equal(displayPath("\xF0\x80\x80\xAF"), "\\xF0\\x80\\x80\\xAF");
        assert.equal(displayPath("\xED\xA0\x80"), "\\xED\\xA0\\x80");
        assert.equal(displayPath("\xED\xBF\xBF"), "\\xED\\xBF\\xBF");
        assert.equal(displayPath("\xED\x9F\xBF"), "\uD7FF");
        assert.equal(displayPath("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");
        assert.equal(displayPath("\xF5\x80\x80\x80"), "\\xF5\\x80\\x80\\x80");
    });

    test("control characters, DEL and the backslash are escaped", () => {
        assert.equal(displayPath("line\nbreak"), "line\\nbreak");
        assert.equal(displayPath("a\tb\rc"), "a\\tb\\rc");
        assert.equal(displayPath("\x00\x01\x1B\x1F"), "\\x00\\x01\\x1B\\x1F");
        assert.equal(displayPath("del\x7F"), "del\\x7F");
        assert.equal(displayPath("a\\b"), "a\\\\b");
        // A name that spells an escape does not look like the byte it spells.
        assert.equal(displayPath("\\xE9"), "\\\\xE9");
        assert.notEqual(displayPath("\\xE9"), displayPath("\xE9"));
        assert.equal(displayPath("\\n"), "\\\\n");
    });

    test("the fixture's names", () => {
        const names = listStream().entries.new.map(e => e.path).filter(p => p.startsWith("etc/imgbased-lab/")).sort();
        assert.deepEqual(names.map(displayPath), [
            "etc/imgbased-lab/caf\\xE9",
            "etc/imgbased-lab/fifo",
            "etc/imgbased-lab/line\\nbreak",
            "etc/imgbased-lab/link",
            "etc/imgbased-lab/name with spaces",
            "etc/imgbased-lab/site.conf",
        ]);
    });

    test("3000 random names: one line, no replacement character, and decodable back to the same bytes", () => {
        const random = prng(0x1d1ff);
        const seen = new Map<string, string>();
        for (let n = 0; n < 3000; n++) {
            const name = randomName(random);
            const shown = displayPath(name);
            assert.ok(![...shown].some(c => c < " " || (c >= "\x7F" && c <= "\x9F") || c === "\uFFFD" || c === "\u2028" || c === "\u202E"), JSON.stringify(name));
            assert.equal(undisplay(shown), name, `${JSON.stringify(name)} shown as ${JSON.stringify(shown)}`);
            const other = seen.get(shown);
            assert.ok(other === undefined || other === name, `${JSON.stringify(name)} and ${JSON.stringify(other)} look alike`);
            seen.set(shown, name);
        }
    });
});

describe("printfEscape", () => {
    test("everything but [A-Za-z0-9._/-] as \\xHH, upper-case hex", () => {
        assert.equal(printfEscape("etc/imgbased-lab/site.conf"), "etc/imgbased-lab/site.conf");
        assert.equal(printfEscape("etc/imgbased-lab/name with spaces"), "etc/imgbased-lab/name\\x20with\\x20spaces");
        assert.equal(printfEscape("etc/imgbased-lab/line\nbreak"), "etc/imgbased-lab/line\\x0Abreak");
        assert.equal(printfEscape("etc/imgbased-lab/caf\xE9"), "etc/imgbased-lab/caf\\xE9");
        assert.equal(printfEscape("a\\b%s'$"), "a\\x5Cb\\x25s\\x27\\x24");
        assert.equal(printfEscape("_-.Az09"), "_-.Az09");
        assert.equal(printfEscape(""), "");
    });

    test("real bash reads 400 random names back byte for byte, as the script does and with printf '%b'", () => {
        const random = prng(0xba5e);
        const names = [
            "etc/imgbased-lab/caf\xE9", "etc/imgbased-lab/line\nbreak", "-n", "--", "-e\\n", "%b", "\\c", "\\0101", "\\x41",
            "\xFF\xFE", utf8Binary("😀/é"), "trailing\\",
        ];
        while (names.length < 400)
            names.push(randomName(random));
        const escaped = names.map(printfEscape);
        for (const e of escaped)
            assert.match(e, /^[A-Za-z0-9._/\\-]*$/);
        // The script's own line (printf -v rel '%b' "$arg"), then the plain form, in two locales.
        const script = 'for a; do printf -v rel "%b" "$a"; printf "%s\\0" "$rel"; done; for a; do printf "%b\\0" "$a"; done';
        for (const locale of ["C.UTF-8", "C"]) {
            const result = spawnSync("bash", ["-c", script, "bash", ...escaped], {
                env: { ...process.env, LC_ALL: locale }, maxBuffer: 16 * 1024 * 1024,
            });
            assert.equal(result.error, undefined);
            assert.equal(result.stderr.toString(), "", `bash wrote to stderr (${locale})`);
            assert.equal(result.status, 0);
            const out = bytesToBinary(result.stdout);
            assert.ok(out.endsWith("\0"));
            const back = out.slice(0, -1).split("\0");
            assert.equal(back.length, 2 * names.length, locale);
            names.forEach((name, i) => {
                assert.equal(back[i], name, `${locale}, printf -v: ${JSON.stringify(name)} → ${escaped[i]}`);
                assert.equal(back[names.length + i], name, `${locale}, printf: ${JSON.stringify(name)} → ${escaped[i]}`);
            });
        }
    });
});

describe("baseName and byteOrder", () => {
    test("baseName: the part after the last slash", () => {
        assert.equal(baseName("etc/imgbased-lab/site.conf"), "site.conf");
        assert.equal(baseName("etc"), "etc");
        assert.equal(baseName(""), "");
        assert.equal(baseName("etc/imgbased-lab/line\nbreak"), "line\nbreak");
        assert.equal(baseName("usr/share/caf\xE9"), "caf\xE9");
        assert.deepEqual([...binaryToBytes(baseName("a/\xF0\x9F\x98\x80"))], [0xf0, 0x9f, 0x98, 0x80]);
    });

    test("byteOrder: by byte value, so a name's high bytes sort after ASCII", () => {
        assert.deepEqual(["b", "caf\xE9", "a/b", "a", "Z"].sort(byteOrder), ["Z", "a", "a/b", "b", "caf\xE9"]);
        assert.equal(byteOrder("x", "x"), 0);
    });
});
