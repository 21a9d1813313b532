// Runs the e2e test files JOBS at a time, longest first, so the lanes end close together:
// `node --test` sorts its files by name and would start the longest ones last. Each file is its
// own `node --test` run (a VM of its own, as before); its output is printed whole when it ends,
// then one closing line for all files, in the reporter's format.
//   node test/run-e2e.js JOBS FILE...
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { closingLine } from "./reporter.js";

// Measured wall times in CI order, longest first (seconds, 2 lanes on 2 cores); files not listed
// run after these, in the order given.
const LONGEST_FIRST = ["lifecycle", "upgrade", "faults", "diff", "empty-host", "two-bases", "node-layout", "ovirt-node"];

const [jobs, ...files] = process.argv.slice(2);
const rank = file => {
    const i = LONGEST_FIRST.indexOf(basename(file, ".test.ts"));
    return i < 0 ? LONGEST_FIRST.length : i;
};
const queue = [...files].sort((a, b) => rank(a) - rank(b));
const dir = await mkdtemp(join(tmpdir(), "imgbased-e2e-"));
const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let failedRuns = 0;

function runFile(file, index) {
    const counts = join(dir, `${index}.json`);
    const args = ["--import", "tsx", "--test", "--test-reporter=./test/reporter.js", "--test-reporter-destination=stdout", file];
    const started = Date.now();
    process.stdout.write(`## ${file}: started\n`);
    return new Promise(resolve => {
        const child = spawn(process.execPath, args, { env: { ...process.env, IMGBASED_TEST_COUNTS: counts }, stdio: ["ignore", "pipe", "pipe"] });
        const out = [];
        child.stdout.on("data", chunk => out.push(chunk));
        child.stderr.on("data", chunk => out.push(chunk));
        child.on("close", async code => {
            process.stdout.write(`\n## ${file} (${Math.round((Date.now() - started) / 1000)} s, exit ${code})\n`);
            process.stdout.write(Buffer.concat(out));
            try {
                const c = JSON.parse(await readFile(counts, "utf8"));
                for (const key of Object.keys(total)) total[key] += c[key];
                failures.push(...c.failures.map(f => ({ file, ...f })));
            } catch {
                // No counts: the run died before its reporter ended; count it as a failure.
                total.failed++;
            }
            if (code !== 0) failedRuns++;
            resolve();
        });
    });
}

let next = 0;
async function lane() {
    while (next < queue.length) {
        const i = next++;
        await runFile(queue[i], i);
    }
}
await Promise.all(Array.from({ length: Math.max(1, Number(jobs) || 1) }, lane));
await rm(dir, { recursive: true, force: true });
for (const f of failures)
    process.stdout.write(`\n## failed: ${f.file}: ${f.name}\n${f.error}\n`);
process.stdout.write(closingLine(total));
process.exit(failedRuns > 0 || total.failed > 0 ? 1 : 0);
