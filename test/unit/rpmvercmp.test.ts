import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import { rpmvercmp } from "../../src/model/rpmvercmp.ts";

// RPM's own vectors (rpm tests/rpmvercmp.at), in its order: a, b, rpmvercmp(a, b).
const RPM_VECTORS: [string, string, number][] = [
    ["1.0", "1.0", 0], ["1.0", "2.0", -1], ["2.0", "1.0", 1],
    ["2.0.1", "2.0.1", 0], ["2.0", "2.0.1", -1], ["2.0.1", "2.0", 1],
    ["2.0.1a", "2.0.1a", 0], ["2.0.1a", "2.0.1", 1], ["2.0.1", "2.0.1a", -1],
    ["5.5p1", "5.5p1", 0], ["5.5p1", "5.5p2", -1], ["5.5p2", "5.5p1", 1],
    ["5.5p10", "5.5p10", 0], ["5.5p1", "5.5p10", -1], ["5.5p10", "5.5p1", 1],
    ["10xyz", "10.1xyz", -1], ["10.1xyz", "10xyz", 1],
    ["xyz10", "xyz10", 0], ["xyz10", "xyz10.1", -1], ["xyz10.1", "xyz10", 1],
    ["xyz.4", "xyz.4", 0], ["xyz.4", "8", -1], ["8", "xyz.4", 1], ["xyz.4", "2", -1], ["2", "xyz.4", 1],
    ["5.5p2", "5.6p1", -1], ["5.6p1", "5.5p2", 1],
    ["5.6p1", "6.5p1", -1], ["6.5p1", "5.6p1", 1],
    ["6.0.rc1", "6.0", 1], ["6.0", "6.0.rc1", -1],
    ["10b2", "10a1", 1], ["10a2", "10b2", -1],
    ["1.0aa", "1.0aa", 0], ["1.0a", "1.0aa", -1], ["1.0aa", "1.0a", 1],
    ["10.0001", "10.0001", 0], ["10.0001", "10.1", 0], ["10.1", "10.0001", 0],
    ["10.0001", "10.0039", -1], ["10.0039", "10.0001", 1],
    ["4.999.9", "5.0", -1], ["5.0", "4.999.9", 1],
    ["20101121", "20101121", 0], ["20101121", "20101122", -1], ["20101122", "20101121", 1],
    ["2_0", "2_0", 0], ["2.0", "2_0", 0], ["2_0", "2.0", 0],
    // RhBug:178798
    ["a", "a", 0], ["a+", "a+", 0], ["a+", "a_", 0], ["a_", "a+", 0], ["+a", "+a", 0], ["+a", "_a", 0],
    ["_a", "+a", 0], ["+_", "+_", 0], ["_+", "+_", 0], ["_+", "_+", 0], ["+", "_", 0], ["_", "+", 0],
    // tilde
    ["1.0~rc1", "1.0~rc1", 0], ["1.0~rc1", "1.0", -1], ["1.0", "1.0~rc1", 1],
    ["1.0~rc1", "1.0~rc2", -1], ["1.0~rc2", "1.0~rc1", 1],
    ["1.0~rc1~git123", "1.0~rc1~git123", 0], ["1.0~rc1~git123", "1.0~rc1", -1], ["1.0~rc1", "1.0~rc1~git123", 1],
    // caret
    ["1.0^", "1.0^", 0], ["1.0^", "1.0", 1], ["1.0", "1.0^", -1],
    ["1.0^git1", "1.0^git1", 0], ["1.0^git1", "1.0", 1], ["1.0", "1.0^git1", -1],
    ["1.0^git1", "1.0^git2", -1], ["1.0^git2", "1.0^git1", 1],
    ["1.0^git1", "1.01", -1], ["1.01", "1.0^git1", 1],
    ["1.0^20160101", "1.0^20160101", 0], ["1.0^20160101", "1.0.1", -1], ["1.0.1", "1.0^20160101", 1],
    ["1.0^20160101^git1", "1.0^20160101^git1", 0],
    ["1.0^20160102", "1.0^20160101^git1", 1], ["1.0^20160101^git1", "1.0^20160102", -1],
    // tilde and caret
    ["1.0~rc1^git1", "1.0~rc1^git1", 0], ["1.0~rc1^git1", "1.0~rc1", 1], ["1.0~rc1", "1.0~rc1^git1", -1],
    ["1.0^git1~pre", "1.0^git1~pre", 0], ["1.0^git1", "1.0^git1~pre", 1], ["1.0^git1~pre", "1.0^git1", -1],
    // The "oddities" rpm documents (commented out there, but they are what the C code returns).
    ["1b.fc17", "1b.fc17", 0], ["1b.fc17", "1.fc17", -1], ["1.fc17", "1b.fc17", 1],
    ["1g.fc17", "1g.fc17", 0], ["1g.fc17", "1.fc17", 1], ["1.fc17", "1g.fc17", -1],
    ["1.1.α", "1.1.α", 0], ["1.1.α", "1.1.β", 0], ["1.1.β", "1.1.α", 0],
    ["1.1.αα", "1.1.α", 0], ["1.1.α", "1.1.ββ", 0], ["1.1.ββ", "1.1.αα", 0],
];

describe("rpmvercmp", () => {
    for (const [a, b, expected] of RPM_VECTORS) {
        test(`rpmvercmp(${a}, ${b}) = ${expected}`, () => {
            assert.equal(rpmvercmp(a, b), expected);
        });
    }

    test("numbers longer than a double stay exact", () => {
        assert.equal(rpmvercmp("1.123456789012345678901", "1.123456789012345678902"), -1);
        assert.equal(rpmvercmp("99999999999999999999", "100000000000000000000"), -1);
    });

    test("oVirt Node releases order by build date", () => {
        assert.equal(rpmvercmp("0.20220810.0", "0.20230105.0"), -1);
        assert.equal(rpmvercmp("0.20220810.1", "0.20220810.0"), 1);
    });

    test("an empty version is older than any other", () => {
        assert.equal(rpmvercmp("", "0"), -1);
        assert.equal(rpmvercmp("", ""), 0);
    });
});

// Where RPM itself is installed, compare with it on generated versions (digits, letters, leading
// zeros, separators, "~", "^", non-ASCII). Not "-" or ":": rpm.vercmp() reads those as EVR parts.
const hasRpm = spawnSync("rpm", ["--version"]).status === 0;

test("agrees with RPM's own rpm.vercmp on 3,000 generated pairs", { skip: !hasRpm && "rpm is not installed" }, () => {
    const pieces = ["0", "1", "2", "9", "00", "01", "10", "009", "a", "b", "z", "A", "Z", "rc", ".", "_", "+", "~", "^", "é"];
    let seed = 20261125;
    const random = (n: number) => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed % n;
    };
    const version = () => Array.from({ length: 1 + random(6) }, () => pieces[random(pieces.length)]).join("");
    const pairs = Array.from({ length: 3000 }, (): [string, string] => {
        const a = version();
        return [a, random(3) === 0 ? a.slice(0, -1) + pieces[random(pieces.length)] : version()];
    });
    const dir = mkdtempSync(join(tmpdir(), "rpmvercmp-"));
    try {
        const lua = join(dir, "pairs.lua");
        writeFileSync(lua, "local t = {}\n" + pairs.map(([a, b]) => `t[#t+1] = rpm.vercmp(${JSON.stringify(a)}, ${JSON.stringify(b)})`).join("\n") +
            '\nprint(table.concat(t, ","))\n');
        const expected = execFileSync("rpm", ["--eval", `%{lua: dofile(${JSON.stringify(lua)})}`], { encoding: "utf8" }).trim().split(",");
        assert.equal(expected.length, pairs.length);
        const differing = pairs.filter(([a, b], i) => String(rpmvercmp(a, b)) !== expected[i]);
        assert.deepEqual(differing, []);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
