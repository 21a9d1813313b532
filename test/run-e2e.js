// Runs the e2e suite: first measures how fast this machine runs the lab (the speed factor every
// limit is stretched by), prepares the saved guest states the files start from (once per lab
// image: cached), then runs the test files JOBS at a time, longest first, so the lanes end close
// together (`node --test` sorts its files by name and would start the longest ones last). Each
// file is its own `node --test` run (its own VM); its output is printed whole when it ends. At the
// end: the time of each file and test, the speed factor, the lanes' end times, the failures
// again, and one closing line for all files in the reporter's format, where a CI log's tail
// shows them.
//   node test/run-e2e.js JOBS FILE...
//   IMGBASED_E2E_SPEED=2.5 node test/run-e2e.js ...   (a given factor instead of measuring one)
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { closingLine } from "./reporter.js";
import { speedFactor } from "./speed-factor.js";

const run = promisify(execFile);
const t0 = Date.now();
const since = start => Math.round((Date.now() - start) / 1000);
const say = line => process.stdout.write(`## ${line}\n`);

// Measured wall times in CI, longest first (2 lanes on 2 cores: each file goes to the lane free
// first, so the lanes end within the shortest file of each other); files not listed run after
// these, in the order given.
const LONGEST_FIRST = ["upgrade", "diff", "lifecycle", "empty-host", "node-layout", "crafted-image", "faults", "two-bases", "views", "ovirt-node", "german"];

const [jobs, ...files] = process.argv.slice(2);
const rank = file => {
    const i = LONGEST_FIRST.indexOf(basename(file, ".test.ts"));
    return i < 0 ? LONGEST_FIRST.length : i;
};

/** The speed factor: measured here against test/vm/speed-reference, or given. */
async function measureSpeed() {
    if (process.env.IMGBASED_E2E_SPEED)
        return { factor: Math.max(1, Number(process.env.IMGBASED_E2E_SPEED) || 1), how: "given in IMGBASED_E2E_SPEED" };
    const { stdout } = await run("test/vm/measure-speed", ["tmp/e2e/speed"], { maxBuffer: 16 << 20 });
    return speedFactor(stdout, await readFile("test/vm/speed-reference", "utf8"));
}

/** The saved states the given files start from (their `from: "NAME"`), golden aside. */
async function statesOf(paths) {
    const names = new Set();
    for (const path of paths) {
        for (const m of (await readFile(path, "utf8")).matchAll(/\bfrom: "([a-z0-9-]+)"/g))
            if (m[1] !== "golden") names.add(m[1]);
    }
    return [...names].sort();
}

/**
 * A state's preparation that runs longer than this (times the speed factor) hung: one was seen
 * to wait 55 minutes on a guest's mkfs stuck in its kernel, and the same state prepared in 63 s
 * when tried again. It is stopped (prepare-state's exit stops its VM) and tried once more.
 */
const PREPARE_LIMIT_S = 600;

/** Prepares one state, trying a second time after a hang; returns its note. */
async function prepareState(name, factor) {
    const limit = Math.round(PREPARE_LIMIT_S * factor);
    for (let attempt = 1; ; attempt++) {
        try {
            const { stderr } = await run("test/vm/prepare-state", [name], { maxBuffer: 16 << 20, timeout: limit * 1000 });
            const how = /prepared in [0-9.]+ s/.exec(stderr)?.[0] ?? "cached";
            return `${name} ${how}${attempt > 1 ? " (second try)" : ""}`;
        } catch (e) {
            if (!e.killed || attempt > 1)
                throw e;
            say(`state ${name}: not prepared within ${limit} s (${PREPARE_LIMIT_S} s × speed ${factor.toFixed(2)}), stopped; trying once more`);
        }
    }
}

/** Prepares the states two at a time (a cached one answers at once); returns a note per state. */
async function prepareStates(names, factor) {
    const notes = [];
    let next = 0;
    const worker = async () => {
        while (next < names.length)
            notes.push(await prepareState(names[next++], factor));
    };
    await Promise.all([worker(), worker()]);
    return notes;
}

const { factor, how } = await measureSpeed();
process.env.IMGBASED_E2E_SPEED = String(factor);
say(`speed factor ${factor.toFixed(2)} (${how}): every e2e limit is stretched by it`);
const stateNotes = await prepareStates(await statesOf(files), factor);
say(`saved states: ${stateNotes.join(", ") || "none needed"}`);
const setupSeconds = since(t0);

const queue = [...files].sort((a, b) => rank(a) - rank(b));
const dir = await mkdtemp(join(tmpdir(), "imgbased-e2e-"));
const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const fileTimes = [];
let failedRuns = 0;

function runFile(file, index) {
    const counts = join(dir, `${index}.json`);
    const args = ["--import", "tsx", "--test", "--test-reporter=./test/reporter.js", "--test-reporter-destination=stdout", file];
    const started = Date.now();
    say(`${file}: started`);
    return new Promise(resolve => {
        const child = spawn(process.execPath, args, { env: { ...process.env, IMGBASED_TEST_COUNTS: counts }, stdio: ["ignore", "pipe", "pipe"] });
        const out = [];
        child.stdout.on("data", chunk => out.push(chunk));
        child.stderr.on("data", chunk => out.push(chunk));
        child.on("close", async code => {
            const seconds = since(started);
            process.stdout.write(`\n## ${file} (${seconds} s, exit ${code})\n`);
            process.stdout.write(Buffer.concat(out));
            const entry = { file, seconds, times: [] };
            try {
                const c = JSON.parse(await readFile(counts, "utf8"));
                for (const key of Object.keys(total)) total[key] += c[key];
                failures.push(...c.failures.map(f => ({ file, ...f })));
                entry.times = c.times;
            } catch {
                // No counts: the run died before its reporter ended; count it as a failure.
                total.failed++;
            }
            fileTimes.push(entry);
            if (code !== 0) failedRuns++;
            resolve();
        });
    });
}

let next = 0;
const laneEnds = [];
async function lane() {
    while (next < queue.length) {
        const i = next++;
        await runFile(queue[i], i);
    }
    laneEnds.push(since(t0));
}
await Promise.all(Array.from({ length: Math.max(1, Number(jobs) || 1) }, lane));
await rm(dir, { recursive: true, force: true });

process.stdout.write("\n");
say(`times: speed factor ${factor.toFixed(2)}; measuring and states ${setupSeconds} s; lanes ended at ${laneEnds.map(s => `${s} s`).join(", ")}`);
for (const f of fileTimes.sort((a, b) => b.seconds - a.seconds)) {
    say(`${String(f.seconds).padStart(5)} s  ${basename(f.file)}`);
    for (const t of f.times)
        say(`       ${String(Math.round(t.seconds)).padStart(5)} s  ${t.ok ? "" : "FAILED "}${t.name}`);
}
for (const f of failures)
    process.stdout.write(`\n## failed: ${f.file}: ${f.name}\n${f.error}\n`);
process.stdout.write(closingLine(total));
process.exit(failedRuns > 0 || total.failed > 0 ? 1 : 0);
