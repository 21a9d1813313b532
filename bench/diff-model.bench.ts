// The page's side of a big diff, on this machine: 100,000 changed files in a tree of 150,000
// (the fixture's real records repeated under numbered directories, all of them touched), through
// the same steps the diff view runs after the host answered: bytes to text, parse, compare,
// filter (noise hidden), tree. The tab must stay responsive: each step is one synchronous slice.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

import { compareTrees } from "../src/model/diff/compare.ts";
import { filterChanges } from "../src/model/diff/filter.ts";
import { DEFAULT_NOISE } from "../src/model/diff/noise.ts";
import { parseDiffStream } from "../src/model/diff/stream.ts";
import { bytesToBinary } from "../src/model/nul-records.ts";
import { buildTree } from "../src/model/diff/tree.ts";
import { FIXTURES_DIR } from "../test/unit/fixtures.ts";

const TARGET_FILES = 150_000;

/** A listing of TARGET_FILES per tree: copies of the real records under dir<k>/, all touched in the new tree. */
function bigListing(): Uint8Array {
    const real = readFileSync(`${FIXTURES_DIR}/diff/list-changed-layer`).toString("latin1").split("\0");
    const records: string[][] = [];
    for (let i = 0; i + 12 <= real.length && real[i] === "e"; i += 12)
        records.push(real.slice(i, i + 12));
    const old = records.filter(r => r[1] === "old");
    const out: string[] = [];
    let n = 0;
    for (let k = 0; n < TARGET_FILES; k++) {
        for (const r of old) {
            const path = `dir${k}/${r[10]}`;
            out.push(["e", "old", r[2], String(n), r[4], r[5], r[6], r[7], r[8], r[9], path, r[11]].join("\0"));
            // A new ctime in the new tree: touched (directories then do not count as changes).
            out.push(["e", "new", r[2], String(n), `${r[4]}1`, r[5], r[6], r[7], r[8], r[9], path, r[11]].join("\0"));
            n++;
        }
    }
    return Buffer.from(out.join("\0") + "\0", "latin1");
}

export interface DiffModelBench { files: number; changes: number; shown: number; steps: Record<string, number> }

export function run(): DiffModelBench {
    const bytes = bigListing();
    const steps: Record<string, number> = {};
    const time = <T>(name: string, fn: () => T): T => {
        const t0 = performance.now();
        const value = fn();
        steps[name] = performance.now() - t0;
        return value;
    };
    const text = time("bytes→text", () => bytesToBinary(bytes));
    const stream = time("parse", () => parseDiffStream(text));
    const changes = time("compare", () => compareTrees(stream.entries.old, stream.entries.new, "inode"));
    const classes = new Set(["added", "removed", "content", "metadata"] as const);
    const filtered = time("filter", () => filterChanges(changes, { text: "", classes, hideNoise: true, noise: DEFAULT_NOISE }));
    time("tree", () => buildTree(filtered.shown));
    return { files: stream.entries.new.length, changes: changes.length, shown: filtered.shown.length, steps };
}
