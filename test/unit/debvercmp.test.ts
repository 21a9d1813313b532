// debvercmp against documented vectors (deb-version(7)'s rules, each pair says which one), and
// against dpkg itself: the vectors plus generated versions through `dpkg --compare-versions`.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";

import { debvercmp } from "../../src/model/debvercmp.ts";

// a, b, debvercmp(a, b), grouped by the rule they show.
const VECTORS: [string, string, number][] = [
    ["1.0", "1.0", 0], ["1.0", "1.1", -1], ["1.1", "1.0", 1],
    // The epoch decides first, as a number; none is 0.
    ["1:0.1", "9.9", 1], ["9.9", "1:0.1", -1], ["10:1", "9:1", 1], ["0:1.0", "1.0", 0], ["01:1.0", "1:1.0", 0],
    // The revision decides last; none equals "0"; the last "-" starts it.
    ["1.0-1", "1.0", 1], ["1.0", "1.0-0", 0], ["1.0-0", "1.0-00", 0], ["1.0-2", "1.0-10", -1],
    ["1.0-2-1", "1.0-1-2", 1], ["2.0-1", "1.0-9", 1],
    // Digit runs are numbers: leading zeros ignored, any length.
    ["1.10", "1.9", 1], ["1.010", "1.10", 0], ["1.0001", "1.1", 0],
    ["1.123456789012345678901", "1.123456789012345678902", -1], ["99999999999999999999", "100000000000000000000", -1],
    // "~" sorts before everything, even the end; "~~" before "~".
    ["1.0~rc1", "1.0", -1], ["1.0~rc1", "1.0~rc2", -1], ["1.0~~", "1.0~", -1], ["1.0~~a", "1.0~~", 1],
    ["1.0~", "1.0", -1], ["1.0~", "1.0~a", -1], ["1.0-1~bpo1", "1.0-1", -1],
    // The end sorts before letters, letters before everything else.
    ["1.0", "1.0a", -1], ["1.0a", "1.0+", -1], ["1.0a", "1.0.", -1], ["1.0", "1.0.0", -1], ["1.0", "1.0+b1", -1],
    ["1.0z", "1.0+", -1], ["1.0+", "1.0.", -1],
    // Letters by ASCII: upper case before lower case.
    ["1.0A", "1.0a", -1], ["1.0Z", "1.0a", -1], ["1.0alpha", "1.0beta", -1], ["2.0~beta1", "2.0~alpha2", 1],
    // A letter run and a digit run: the shorter non-digit run meets a digit, which weighs as the end.
    ["1a1", "1a", 1], ["1a", "1aa", -1], ["1a1", "1aa", -1],
    // ":" after the epoch and "-" before the revision belong to upstream.
    ["1:1.0:2", "1:1.0:1", 1], ["1:1.0-2-3", "1:1.0-2", 1],
    // Real Debian 12 versions: stable updates, backports, binNMUs.
    ["2.36.1-8+deb12u1", "2.36.1-8", 1], ["252.30-1~deb12u2", "252.30-1", -1],
    ["1:9.18.28-1~deb12u2", "1:9.18.24-1", 1], ["1.2.13.dfsg-1", "1:1.2.11.dfsg-2", -1],
    ["3.0.11-1~deb12u2", "3.0.11-1~deb12u2+b1", -1], ["5.2.15-2+b7", "5.2.15-2+b2", 1],
];

describe("debvercmp", () => {
    for (const [a, b, expected] of VECTORS) {
        test(`debvercmp(${a}, ${b}) = ${expected}`, () => {
            assert.equal(debvercmp(a, b), expected);
            assert.equal(debvercmp(b, a), -expected || 0);
        });
    }
});

// Where dpkg is installed (always on the Debian hosts this project builds on), ask it about the
// vectors and generated valid versions: an epoch or not, upstream starting with a digit and
// holding ":" only with an epoch and "-" only with a revision, runs of digits (with leading
// zeros), letters of both cases, ".", "+" and "~". Near-equal pairs come from changing one part.
const hasDpkg = spawnSync("dpkg", ["--version"]).status === 0;

test("agrees with dpkg --compare-versions on the vectors and 400 generated pairs", { skip: !hasDpkg && "dpkg is not installed" }, () => {
    let seed = 20261126;
    const random = (n: number) => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed % n;
    };
    const pick = (pieces: string[]) => pieces[random(pieces.length)]!;
    const run = (pieces: string[], max: number) => Array.from({ length: 1 + random(max) }, () => pick(pieces)).join("");
    const DIGITS = ["0", "1", "2", "9", "00", "01", "10", "009"];
    const COMMON = [...DIGITS, "a", "b", "z", "A", "Z", "rc", ".", "+", "~", "~~"];

    type Parts = { epoch: string; upstream: string; revision: string };
    const epoch = () => random(3) === 0 ? pick(DIGITS) : "";
    const revision = () => random(2) === 0 ? run(COMMON, 4) : "";
    const upstream = (parts: { epoch: string; revision: string }) => {
        const extra = [...COMMON, ...(parts.epoch ? [":"] : []), ...(parts.revision ? ["-"] : [])];
        return pick(DIGITS) + (random(4) === 0 ? "" : run(extra, 4));
    };
    const make = (): Parts => {
        const parts = { epoch: epoch(), upstream: "", revision: revision() };
        return { ...parts, upstream: upstream(parts) };
    };
    const text = (p: Parts) => (p.epoch ? `${p.epoch}:` : "") + p.upstream + (p.revision ? `-${p.revision}` : "");
    const pairs: [string, string][] = VECTORS.map(([a, b]) => [a, b]);
    for (let i = 0; i < 400; i++) {
        const a = make();
        let b: Parts;
        switch (random(4)) {
        case 0:
            b = { ...a, revision: revision() };
            b.upstream = b.revision || !a.upstream.includes("-") ? a.upstream : upstream(b);
            break;
        case 1:
            b = { ...a, upstream: upstream(a) };
            break;
        case 2:
            b = { ...a, epoch: a.upstream.includes(":") ? a.epoch : epoch() };
            break;
        default:
            b = make();
        }
        pairs.push([text(a), text(b)]);
    }

    // One shell for all pairs; the versions hold no quote, so single quotes keep them whole.
    const script = pairs.map(([a, b]) =>
        `dpkg --compare-versions '${a}' lt '${b}'; l=$?; dpkg --compare-versions '${a}' gt '${b}'; echo "$l $?"`).join("\n");
    const r = spawnSync("sh", ["-c", script], { encoding: "utf8" });
    assert.equal(r.status, 0);
    // dpkg warns on stderr about versions it only half accepts: the generator makes none.
    assert.equal(r.stderr, "");
    const answers = r.stdout.trim().split("\n").map(line => ({ "0 1": -1, "1 0": 1, "1 1": 0 })[line]);
    assert.equal(answers.length, pairs.length);
    assert.ok(answers.every(x => x !== undefined), "dpkg answered every pair with exit status 0 or 1");
    const differing = pairs
        .map(([a, b], i) => ({ a, b, dpkg: answers[i], ours: debvercmp(a, b) }))
        .filter(x => x.dpkg !== x.ours);
    assert.deepEqual(differing, []);
});
