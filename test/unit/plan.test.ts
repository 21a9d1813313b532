// Job scripts are proven by running them: each rendered plan runs under dash and bash --posix in
// a temp dir with harmless steps, then the files left behind, the exit status and the parsed log
// are checked, including a refused concurrent job, SIGTERM mid-step and SIGKILL plus recovery.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import {
    DEFAULT_JOB_PATHS, describePlan, type JobPaths, type Plan, renderScript, renderUndoScript,
    stateFilePath, type Step, undoScriptPath, validatePlan,
} from "../../src/model/plan.ts";
import { parseJobSummaries } from "../../src/model/history.ts";
import { parseJobLog, pastNoReturn } from "../../src/model/job-log.ts";

const SHELLS = [["dash"], ["bash", "--posix"]];

const ROOT = mkdtempSync(join(tmpdir(), "imgbased-job-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));

interface Lab {
    /** Where the steps make their files. */
    work: string;
    paths: JobPaths;
}

let labs = 0;

function makeLab(): Lab {
    const root = join(ROOT, String(labs++));
    const work = join(root, "work");
    mkdirSync(work, { recursive: true });
    return {
        work,
        paths: { lockPath: join(root, "run/job.lock"), currentPath: join(root, "run/job.current"), stateDir: join(root, "state") },
    };
}

interface Finished {
    code: number | null;
    signal: NodeJS.Signals | null;
    lines: string[];
}

interface Started {
    pid: number;
    log: string;
    finished: Promise<Finished>;
}

/**
 * Runs a script in its own process group (as systemd runs a unit's cgroup), with stdout and
 * stderr on one file, as the journal gets them.
 */
function start(shell: string[], script: string, env: NodeJS.ProcessEnv = process.env, args: string[] = []): Started {
    const base = join(ROOT, `script-${labs++}`);
    writeFileSync(`${base}.sh`, script);
    const fd = openSync(`${base}.log`, "w");
    const child = spawn(shell[0]!, [...shell.slice(1), `${base}.sh`, ...args], { stdio: ["ignore", fd, fd], detached: true, env });
    closeSync(fd);
    const finished = new Promise<Finished>((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            void groupGone(child.pid!).then(() => {
                const text = readFileSync(`${base}.log`, "utf8");
                resolve({ code, signal, lines: text.split("\n").slice(0, text.endsWith("\n") ? -1 : undefined) });
            }, reject);
        });
    });
    return { pid: child.pid!, log: `${base}.log`, finished };
}

/**
 * A killed shell can be reaped before its step's command has died and let go of the job lock:
 * then the recovery started next is refused as busy (this went red on a slower machine). As
 * systemd does before a unit counts as stopped, wait until no process of the group is left.
 */
async function groupGone(pgid: number): Promise<void> {
    for (;;) {
        try {
            process.kill(-pgid, 0);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "ESRCH")
                return;
            throw e;
        }
        await sleep(5);
    }
}

function runPlan(shell: string[], lab: Lab, plan: Plan): Promise<Finished> {
    return start(shell, renderScript(plan, lab.paths)).finished;
}

function runUndo(shell: string[], lab: Lab, planId: string, args: string[] = []): Promise<Finished> {
    return start(shell, readFileSync(undoScriptPath(planId, lab.paths), "utf8"), process.env, args).finished;
}

/**
 * Waits until `seen()` holds, for as long as the script runs: no fixed limit, which a loaded
 * machine would overrun (this went red in CI). A script that ends first fails the wait.
 */
async function waitWhileRunning(running: Started, what: string, seen: () => boolean): Promise<void> {
    let ended = false;
    void running.finished.finally(() => { ended = true });
    while (!seen()) {
        if (ended)
            throw new Error(`the script ended before ${what}`);
        await sleep(10);
    }
}

const waitForLine = (running: Started, line: string) =>
    waitWhileRunning(running, JSON.stringify(line), () => readFileSync(running.log, "utf8").split("\n").includes(line));

/**
 * A step that is surely running its command when the test goes on (see waitForCommand): a
 * signal sent only after the step-begin marker can land before the command has started, and
 * then the step completes instead of being cut off.
 */
function blockingStep(lab: Lab, id: string, extra: Partial<Step> = {}): Step {
    return step(id, ["sh", "-c", 'touch "$0" && exec sleep 60', join(lab.work, `.running-${id}`)], extra);
}

const waitForCommand = (running: Started, lab: Lab, id: string) =>
    waitWhileRunning(running, `step ${id} runs its command`, () => existsSync(join(lab.work, `.running-${id}`)));

let plans = 0;

function plan(steps: Step[]): Plan {
    return { id: `job-${plans++}`, action: "test", title: "A test job", steps };
}

function step(id: string, argv: string[], extra: Partial<Step> = {}): Step {
    return { id, kind: "test", title: `Step ${id}`, argv, ...extra };
}

/** A command that appends `word` to the lab's order file, to check what ran in which order. */
function record(lab: Lab, word: string): string[] {
    return ["sh", "-c", "echo \"$1\" >>\"$0\"", join(lab.work, "order"), word];
}

function order(lab: Lab): string[] {
    const path = join(lab.work, "order");
    return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n") : [];
}

function workFiles(lab: Lab): string[] {
    return readdirSync(lab.work).filter(name => name !== "order" && !name.startsWith(".running-")).sort();
}

function markers(lines: readonly string[]): string[] {
    return lines.filter(line => line.startsWith("@@"));
}

/** mkdir `name` (undo: rmdir, recorded). */
function mkdirStep(lab: Lab, name: string): Step {
    const path = join(lab.work, name);
    return step(`mkdir-${name}`, ["mkdir", "--", path], { undo: [record(lab, `undo mkdir-${name}`), ["rmdir", "--", path]] });
}

/** touch `name` (undo: rm, recorded). */
function touchStep(lab: Lab, name: string): Step {
    const path = join(lab.work, name);
    return step(`touch-${name.replace(/\W/g, "_")}`, ["touch", "--", path], { undo: [record(lab, `undo touch-${name}`), ["rm", "--", path]] });
}

/** An irreversible step (no undo) that fails while the lab has a file `block-NAME`, and records when it runs. */
function irreversibleStep(lab: Lab, name: string): Step {
    const script = 'if [ -e "$0/block-$1" ]; then echo blocked >&2; exit 4; fi; echo "ran $1" >>"$0/order"';
    return step(name, ["sh", "-c", script, lab.work, name], { irreversible: true });
}

/** An irreversible step that waits, while the lab has a file `hold`, for the file `go`. */
function holdingStep(lab: Lab, name: string): Step {
    const script = 'touch "$0/.running-$1"; while [ -e "$0/hold" ] && [ ! -e "$0/go" ]; do sleep 0.02; done; echo "ran $1" >>"$0/order"';
    return step(name, ["sh", "-c", script, lab.work, name], { irreversible: true });
}

interface Synced {
    path: string;
    /** Whether the undo script was in place when `path` was synced. */
    undo: "present" | "absent";
    /** A synced file's content at that moment; a directory's is "(directory)". */
    content: string;
}

/**
 * A `sync` first in PATH that records each path it is given, in order, with what the undo
 * script `undo` looked like at that moment, and then really syncs it; or, `failing`, fails.
 */
function recordingSync(lab: Lab, undo: string, failing = false): { env: NodeJS.ProcessEnv; syncs: () => Synced[] } {
    const dir = join(lab.work, "..", "sync");
    mkdirSync(join(dir, "bin"), { recursive: true });
    writeFileSync(join(dir, "log"), "");
    writeFileSync(join(dir, "bin", "sync"), failing ? "#!/bin/sh\necho 'sync: I/O error' >&2\nexit 1\n" : `#!/bin/sh
for f; do
	[ "$f" = -- ] && continue
	n=$(wc -l <'${dir}/log')
	if [ -e '${undo}' ]; then u=present; else u=absent; fi
	[ -d "$f" ] || cp -- "$f" '${dir}'/copy-$n
	printf '%s|%s\\n' "$f" "$u" >>'${dir}/log'
done
exec /bin/sync "$@"
`, { mode: 0o755 });
    const syncs = () => readFileSync(join(dir, "log"), "utf8").split("\n").filter(Boolean).map((line, i): Synced => {
        const [path = "", state] = line.split("|");
        const copy = join(dir, `copy-${i}`);
        return { path, undo: state === "present" ? "present" : "absent", content: existsSync(copy) ? readFileSync(copy, "utf8") : "(directory)" };
    });
    return { env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` }, syncs };
}

for (const shell of SHELLS) {
    describe(`job script under ${shell.join(" ")}`, () => {
        it("runs every step and leaves no state behind", async () => {
            const lab = makeLab();
            // LVM warns about any fd it inherits besides 0-2; the lock fd must not outlive the job.
            const noLeaks = "for fd in 3 4 9; do [ ! -e /proc/$$/fd/$fd ] || { echo leaked $fd; exit 1; }; done; echo hello; echo warn >&2";
            const job = plan([mkdirStep(lab, "a"), touchStep(lab, "a/b"), step("talk", ["sh", "-c", noLeaks])]);
            // What a file-writing step keeps of the files it replaced (actions/file-steps.ts).
            const kept = join(lab.paths.stateDir, `${job.id}.files`);
            job.steps.unshift(step("keep", ["mkdir", "-p", "--", kept]));
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 0, run.lines.join("\n"));
            assert.ok(existsSync(join(lab.work, "a/b")));
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
            assert.ok(!existsSync(lab.paths.currentPath));
            const progress = parseJobLog(run.lines);
            assert.equal(progress.state, "succeeded");
            assert.equal(progress.id, job.id);
            assert.deepEqual(progress.steps.map(s => s.status), ["done", "done", "done", "done"]);
            assert.deepEqual(progress.steps[3]!.output, ["hello", "warn"]);
            assert.deepEqual(progress.other, []);
        });

        it("keeps a line per run in the host-wide history, the newest 50, readable by all; a failed run too", async () => {
            const lab = makeLab();
            const boot = join(lab.work, "boot");
            mkdirSync(boot);
            const paths = { ...lab.paths, summaryPath: join(boot, "imgbased/jobs") };
            // 49 older lines, one of them not readable: the page skips it.
            mkdirSync(join(boot, "imgbased"));
            writeFileSync(paths.summaryPath, [...Array.from({ length: 48 }, (_, i) => `1\t2\told-${i}\tpin\tsucceeded\t-\t-\tPin`), "garbage"].join("\n") + "\n");
            const ok = plan([mkdirStep(lab, "a")]);
            const env = { ...process.env, IMGBASED_JOB_USER: "admin" };
            assert.equal((await start(shell, renderScript(ok, paths), env).finished).code, 0);
            const failing = plan([mkdirStep(lab, "b"), step("boom", ["false"])]);
            assert.equal((await start(shell, renderScript(failing, paths)).finished).code, 1);
            const text = readFileSync(paths.summaryPath, "utf8");
            assert.equal(text.split("\n").length - 1, 50, "the newest 50");
            assert.equal(statSync(paths.summaryPath).mode & 0o777, 0o644);
            const runs = parseJobSummaries(text);
            assert.equal(runs.length, 49, "the garbage line is skipped, the oldest one went");
            const [mine, theirs] = runs.slice(-2);
            assert.deepEqual({ ...mine, started: 0, ended: 0 }, {
                unit: `imgbased-job-${ok.id}.service`, jobId: ok.id, action: ok.action, title: ok.title, user: "admin",
                started: 0, ended: 0, outcome: "succeeded", recovery: false, blockedBy: null,
            }, "no img.bootid on this machine's command line: no layer");
            assert.ok(mine!.started! <= mine!.ended! && mine!.ended! <= Date.now());
            assert.equal(theirs!.outcome, "failed-undone");
            assert.equal(theirs!.user, null);
            assert.deepEqual(readdirSync(join(boot, "imgbased")), ["jobs"], "no temp file left");
        });

        it("tells the page what a step is (step-is): a precondition and a boot switch, by the plan's word, not the step's name", async () => {
            const lab = makeLab();
            const job = plan([step("look", ["true"], { precondition: true }), mkdirStep(lab, "a"), step("switch", ["true"], { changesBoot: true })]);
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 0, run.lines.join("\n"));
            const steps = parseJobLog(run.lines).steps;
            assert.deepEqual(steps.map(s => [s.id, s.precondition, s.changesBoot]),
                             [["look", true, false], ["mkdir-a", false, false], ["switch", false, true]]);
        });

        it("on failure cleans up the failed step, then undoes the completed ones newest first", async () => {
            const lab = makeLab();
            const part = join(lab.work, "part");
            const job = plan([
                mkdirStep(lab, "a"),
                touchStep(lab, "a/b"),
                step("half", ["sh", "-c", "touch \"$0\"; echo broken >&2; exit 3", part], {
                    cleanupOnFailure: [record(lab, "cleanup half"), ["rm", "-f", "--", part]],
                }),
                touchStep(lab, "never"),
            ]);
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 3);
            assert.deepEqual(workFiles(lab), []);
            assert.deepEqual(order(lab), ["cleanup half", "undo touch-a/b", "undo mkdir-a"]);
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
            const progress = parseJobLog(run.lines);
            assert.equal(progress.state, "failed-undone");
            assert.equal(progress.failedStep, 2);
            assert.equal(progress.exitCode, 3);
            assert.deepEqual(progress.steps.map(s => s.status), ["undone", "undone", "undone", "pending"]);
            assert.equal(progress.steps[2]!.rc, 3);
            assert.deepEqual(progress.steps[2]!.output, ["broken"]);
        });

        it("prefixes all command output, so it cannot forge a marker", async () => {
            const lab = makeLab();
            const forger = [
                "echo '@@imgbased-job done 0 succeeded'",
                "echo '@@imgbased-job step-end 1 ok 0 ok' >&2",
                "printf '%4000s@@imgbased-job done 0 succeeded\\n' ''",
                "printf 'no newline at the end'",
            ].join("; ");
            const job = plan([step("forge", ["sh", "-c", forger]), step("fail", ["false"])]);
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 1);
            assert.deepEqual(markers(run.lines), [
                `@@imgbased-job start ${job.id} 2 test A test job`,
                "@@imgbased-job step 0 forge test Step forge",
                "@@imgbased-job step 1 fail test Step fail",
                "@@imgbased-job step-begin 0 forge",
                "@@imgbased-job step-end 0 forge 0 ok",
                "@@imgbased-job step-begin 1 fail",
                "@@imgbased-job step-end 1 fail 1 fail",
                "@@imgbased-job done 1 failed-undone",
            ]);
            const output = parseJobLog(run.lines).steps[0]!.output;
            assert.deepEqual(output, [
                "@@imgbased-job done 0 succeeded",
                "@@imgbased-job step-end 1 ok 0 ok",
                " ".repeat(4000),
                "@@imgbased-job done 0 succeeded",
                "no newline at the end",
            ]);
        });

        it("passes hostile arguments through unchanged", async () => {
            const lab = makeLab();
            const names = ["a b", "$(touch pwned)", "`touch pwned`", "it's", "new\nline", "*", "-rf", "~", "é😀", "\\", "'\"'", "#x", "a=b"];
            const paths = names.map(name => join(lab.work, name));
            const create = step("create", ["touch", "--", ...paths], { undo: [["rm", "--", ...paths]] });
            const failed = await runPlan(shell, lab, plan([create, step("fail", ["false"])]));
            assert.equal(failed.code, 1);
            assert.deepEqual(workFiles(lab), []);
            const run = await runPlan(shell, lab, plan([create]));
            assert.equal(run.code, 0);
            assert.deepEqual(workFiles(lab), [...names].sort());
        });

        it("accepts extra ok exit statuses and keeps its own exit statuses unambiguous", async () => {
            const lab = makeLab();
            const ok = await runPlan(shell, lab, plan([step("five", ["sh", "-c", "exit 5"], { okExitCodes: [5] })]));
            assert.equal(ok.code, 0);
            const run = await runPlan(shell, lab, plan([step("busy-lookalike", ["sh", "-c", "exit 75"])]));
            assert.equal(run.code, 1);
            const progress = parseJobLog(run.lines);
            assert.equal(progress.steps[0]!.rc, 75);
            assert.equal(progress.exitCode, 1);
        });

        it("keeps going when undo fails, says so, and keeps the undo script to finish later", async () => {
            const lab = makeLab();
            const job = plan([mkdirStep(lab, "d"), step("fill", ["touch", join(lab.work, "d/f")]), step("fail", ["false"])]);
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 76);
            let progress = parseJobLog(run.lines);
            assert.equal(progress.state, "failed-undo-incomplete");
            assert.equal(progress.steps[0]!.status, "undo-failed");
            assert.equal(progress.steps[1]!.status, "done");
            assert.match(readFileSync(stateFilePath(job.id, lab.paths), "utf8"), /^undo-failed 0 1$/m);

            rmSync(join(lab.work, "d/f"));
            const recovery = await runUndo(shell, lab, job.id);
            assert.equal(recovery.code, 0, recovery.lines.join("\n"));
            progress = parseJobLog(recovery.lines);
            assert.equal(progress.state, "recovered");
            assert.equal(progress.recovery, true);
            assert.deepEqual(progress.steps.map(s => s.status), ["undone", "pending", "pending"]);
            assert.deepEqual(workFiles(lab), []);
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
        });

        it("refuses to run beside another job and names it", async () => {
            const lab = makeLab();
            const first = plan([blockingStep(lab, "wait")]);
            const running = start(shell, renderScript(first, lab.paths));
            await waitForLine(running, "@@imgbased-job step-begin 0 wait");
            const second = plan([touchStep(lab, "x")]);
            const run = await runPlan(shell, lab, second);
            assert.equal(run.code, 75);
            assert.deepEqual(markers(run.lines), [`@@imgbased-job busy ${second.id} ${first.id}`, "@@imgbased-job done 75 refused-busy"]);
            const progress = parseJobLog(run.lines);
            assert.equal(progress.state, "refused-busy");
            assert.equal(progress.blockedBy, first.id);
            assert.deepEqual(workFiles(lab), []);
            process.kill(-running.pid, "SIGTERM");
            assert.equal((await running.finished).code, 143);
        });

        it("undoes when stopped by SIGTERM in the middle of a step", async () => {
            const lab = makeLab();
            const job = plan([
                mkdirStep(lab, "a"),
                blockingStep(lab, "wait", { cleanupOnFailure: [record(lab, "cleanup wait")] }),
                touchStep(lab, "never"),
            ]);
            const running = start(shell, renderScript(job, lab.paths));
            await waitForCommand(running, lab, "wait");
            process.kill(-running.pid, "SIGTERM");
            const run = await running.finished;
            assert.equal(run.code, 143);
            assert.deepEqual(workFiles(lab), []);
            assert.deepEqual(order(lab), ["cleanup wait", "undo mkdir-a"]);
            const progress = parseJobLog(run.lines);
            assert.equal(progress.signal, "TERM");
            assert.equal(progress.state, "failed-undone");
            assert.deepEqual(progress.steps.map(s => s.status), ["undone", "undone", "pending"]);
        });

        it("after SIGKILL blocks new jobs until its undo script has restored the host", async () => {
            const lab = makeLab();
            const job = plan([
                mkdirStep(lab, "a"),
                touchStep(lab, "a/b"),
                blockingStep(lab, "wait", { cleanupOnFailure: [record(lab, "cleanup wait")] }),
            ]);
            const running = start(shell, renderScript(job, lab.paths));
            await waitForCommand(running, lab, "wait");
            process.kill(-running.pid, "SIGKILL");
            const killed = await running.finished;
            assert.equal(killed.signal, "SIGKILL");
            assert.equal(parseJobLog(killed.lines, { ended: true }).state, "interrupted");
            assert.equal(readFileSync(stateFilePath(job.id, lab.paths), "utf8"), "begin 0\ndone 0\nbegin 1\ndone 1\nbegin 2\n");
            assert.equal(readFileSync(undoScriptPath(job.id, lab.paths), "utf8"), renderUndoScript(job, lab.paths));

            const next = plan([touchStep(lab, "next")]);
            const refused = await runPlan(shell, lab, next);
            assert.equal(refused.code, 77);
            assert.deepEqual(parseJobLog(refused.lines).blockedBy, job.id);

            const recovery = await runUndo(shell, lab, job.id);
            assert.equal(recovery.code, 0, recovery.lines.join("\n"));
            assert.equal(parseJobLog(recovery.lines).state, "recovered");
            assert.deepEqual(workFiles(lab), []);
            assert.deepEqual(order(lab), ["cleanup wait", "undo touch-a/b", "undo mkdir-a"]);
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);

            assert.equal((await runPlan(shell, lab, next)).code, 0);
            assert.deepEqual(workFiles(lab), ["next"]);
        });

        // Past its point of no return (an LV removed) undo would bring back entries that boot
        // nothing: the job and its recovery only go forward from there.
        it("past its point of no return a failure stops it unfinished; the recovery completes the rest, again for the failed step", async () => {
            const lab = makeLab();
            writeFileSync(join(lab.work, "block-second"), "");
            const job = plan([mkdirStep(lab, "a"), irreversibleStep(lab, "first"), irreversibleStep(lab, "second")]);
            const run = await runPlan(shell, lab, job);
            assert.equal(run.code, 79, run.lines.join("\n"));
            let progress = parseJobLog(run.lines);
            assert.equal(progress.state, "failed-unfinished");
            assert.equal(progress.noReturn, 1);
            assert.deepEqual(progress.steps.map(s => s.status), ["done", "done", "failed"]);
            assert.deepEqual(workFiles(lab), ["a", "block-second"], "nothing was undone");
            assert.match(readFileSync(stateFilePath(job.id, lab.paths), "utf8"), /^point-of-no-return\nbegin 1$/m);

            const next = plan([touchStep(lab, "next")]);
            assert.equal((await runPlan(shell, lab, next)).code, 77, "no other job before it is finished");
            const again = await runUndo(shell, lab, job.id);
            assert.equal(again.code, 79, "the cause is still there");
            assert.equal(parseJobLog(again.lines).state, "failed-unfinished");
            assert.ok(existsSync(undoScriptPath(job.id, lab.paths)));

            rmSync(join(lab.work, "block-second"));
            const recovery = await runUndo(shell, lab, job.id);
            assert.equal(recovery.code, 0, recovery.lines.join("\n"));
            progress = parseJobLog(recovery.lines);
            assert.equal(progress.state, "completed");
            assert.equal(progress.completing, true);
            assert.deepEqual(progress.steps.map(s => s.status), ["pending", "pending", "done"], "only the step left ran");
            assert.deepEqual(order(lab), ["ran first", "ran second"]);
            assert.deepEqual(workFiles(lab), ["a"]);
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
            assert.equal((await runPlan(shell, lab, next)).code, 0);
        });

        it("after SIGKILL at its point of no return the recovery runs that step again and the rest, undoing nothing", async () => {
            const lab = makeLab();
            writeFileSync(join(lab.work, "hold"), "");
            const job = plan([mkdirStep(lab, "a"), holdingStep(lab, "remove"), irreversibleStep(lab, "delete")]);
            const running = start(shell, renderScript(job, lab.paths));
            await waitForCommand(running, lab, "remove");
            process.kill(-running.pid, "SIGKILL");
            const killed = await running.finished;
            const progress = parseJobLog(killed.lines, { ended: true });
            assert.equal(progress.state, "interrupted");
            assert.ok(pastNoReturn(progress));
            assert.equal(readFileSync(stateFilePath(job.id, lab.paths), "utf8"), "begin 0\ndone 0\npoint-of-no-return\nbegin 1\n");

            rmSync(join(lab.work, "hold"));
            const recovery = await runUndo(shell, lab, job.id);
            assert.equal(recovery.code, 0, recovery.lines.join("\n"));
            assert.equal(parseJobLog(recovery.lines).state, "completed");
            assert.deepEqual(order(lab), ["ran remove", "ran delete"]);
            assert.deepEqual(workFiles(lab), ["a"], "the step before the point of no return stays done");
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
        });

        it("a SIGTERM past its point of no return does not stop it between steps; before it, it stops and undoes", async () => {
            for (const [hold, expected] of [[1, "succeeded"], [0, "failed-undone"]] as const) {
                const lab = makeLab();
                writeFileSync(join(lab.work, "hold"), "");
                // The signal reaches the shell only, while the step's command waits for `go`.
                const waiting = step("wait", ["sh", "-c", 'touch "$0/.running-wait"; while [ ! -e "$0/go" ]; do sleep 0.02; done', lab.work]);
                const job = plan(hold
                    ? [mkdirStep(lab, "a"), holdingStep(lab, "remove"), irreversibleStep(lab, "delete")]
                    : [mkdirStep(lab, "a"), waiting, irreversibleStep(lab, "delete")]);
                const running = start(shell, renderScript(job, lab.paths));
                await waitForCommand(running, lab, hold ? "remove" : "wait");
                // The shell takes the signal once the step's command ended: it is pending by then.
                process.kill(running.pid, "SIGTERM");
                writeFileSync(join(lab.work, "go"), "");
                const run = await running.finished;
                const progress = parseJobLog(run.lines);
                assert.equal(progress.signal, "TERM");
                assert.equal(progress.state, expected, run.lines.join("\n"));
                assert.deepEqual(order(lab), hold ? ["ran remove", "ran delete"] : ["undo mkdir-a"]);
            }
        });

        it("marked as handled, the recovery script only forgets the job", async () => {
            const lab = makeLab();
            writeFileSync(join(lab.work, "block-gone"), "");
            const job = plan([mkdirStep(lab, "a"), irreversibleStep(lab, "gone")]);
            assert.equal((await runPlan(shell, lab, job)).code, 79);
            const handled = await runUndo(shell, lab, job.id, ["handled"]);
            assert.equal(handled.code, 0, handled.lines.join("\n"));
            assert.equal(parseJobLog(handled.lines).state, "handled");
            assert.ok(markers(handled.lines).includes(`@@imgbased-job handled ${job.id}`));
            assert.deepEqual(order(lab), [], "nothing undone, nothing run");
            assert.deepEqual(workFiles(lab), ["a", "block-gone"]);
            assert.deepEqual(readdirSync(lab.paths.stateDir), []);
        });

        it("does not claim to recover a job whose state file is gone", async () => {
            const lab = makeLab();
            const run = await start(shell, renderUndoScript(plan([mkdirStep(lab, "a")]), lab.paths)).finished;
            assert.equal(run.code, 78);
            assert.equal(parseJobLog(run.lines).state, "failed-setup");
        });

        // A power cut must find the undo script whole or absent (never empty beside a state file
        // that says steps were done), and must not bring back the files of a job that ended.
        it("syncs its undo script before putting it in place, the directory after, and the directory when it forgets the job", async () => {
            const lab = makeLab();
            const job = plan([mkdirStep(lab, "a")]);
            const undo = undoScriptPath(job.id, lab.paths);
            const { env, syncs } = recordingSync(lab, undo);
            const run = await start(shell, renderScript(job, lab.paths), env).finished;
            assert.equal(run.code, 0, run.lines.join("\n"));
            const state = stateFilePath(job.id, lab.paths);
            assert.ok(syncs().some(s => s.path === state), "the state file is synced as it is written");
            assert.deepEqual(syncs().filter(s => s.path !== state), [
                { path: `${undo}.tmp`, undo: "absent", content: renderUndoScript(job, lab.paths) },
                { path: lab.paths.stateDir, undo: "present", content: "(directory)" },
                { path: lab.paths.stateDir, undo: "absent", content: "(directory)" },
            ]);
        });

        it("runs nothing when its undo script cannot be made durable", async () => {
            const lab = makeLab();
            const job = plan([touchStep(lab, "x")]);
            const { env } = recordingSync(lab, undoScriptPath(job.id, lab.paths), true);
            const run = await start(shell, renderScript(job, lab.paths), env).finished;
            assert.equal(run.code, 78);
            assert.deepEqual(parseJobLog(run.lines).errors, ["state"]);
            assert.deepEqual(workFiles(lab), []);
            assert.deepEqual(readdirSync(lab.paths.stateDir), [], "no state or undo script is left to recover");
        });

        it("runs nothing when its state cannot be written", async () => {
            const lab = makeLab();
            writeFileSync(join(lab.work, "..", "blocker"), "");
            const paths = { ...lab.paths, stateDir: join(lab.work, "..", "blocker", "state") };
            const run = await start(shell, renderScript(plan([touchStep(lab, "x")]), paths)).finished;
            assert.equal(run.code, 78);
            const progress = parseJobLog(run.lines);
            assert.equal(progress.state, "failed-setup");
            assert.deepEqual(progress.errors, ["state"]);
            assert.deepEqual(workFiles(lab), []);
        });
    });
}

describe("validatePlan", () => {
    const good = (): Plan => ({ id: "add-layer-1", action: "add-layer", title: "t", steps: [step("s", ["true"])] });

    it("accepts a well-formed plan", () => {
        assert.doesNotThrow(() => validatePlan(good()));
    });

    it("rejects what could break the script or its markers", () => {
        const cases: [string, (p: Plan) => void][] = [
            ["plan id", p => { p.id = "Bad_Id"; }],
            ["plan id", p => { p.id = "-x"; }],
            ["action", p => { p.action = "two words"; }],
            ["at least one step", p => { p.steps = []; }],
            ["step id", p => { p.steps[0]!.id = "a b"; }],
            ["step id", p => { p.steps[0]!.kind = "x\n"; }],
            ["duplicate", p => { p.steps.push(step("s", ["true"])); }],
            ["empty command", p => { p.steps[0]!.argv = []; }],
            ["empty command", p => { p.steps[0]!.undo = [[""]]; }],
            ["starts with", p => { p.steps[0]!.argv = ["-v"]; }],
            ["NUL", p => { p.steps[0]!.cleanupOnFailure = [["rm", "a\0b"]]; }],
            ["exit code", p => { p.steps[0]!.okExitCodes = [256]; }],
            ["past the point of no return", p => { p.steps = [step("rm", ["true"], { irreversible: true }), step("x", ["true"], { undo: [["true"]] })]; }],
        ];
        for (const [message, change] of cases) {
            const p = good();
            change(p);
            assert.throws(() => validatePlan(p), new RegExp(message), message);
        }
    });

    it("rejects relative job paths", () => {
        assert.throws(() => renderScript(good(), { ...DEFAULT_JOB_PATHS, stateDir: "state" }), /absolute/);
    });
});

describe("describePlan", () => {
    it("lists the exact commands, with undo and cleanup under each step", () => {
        const p: Plan = {
            id: "add-layer-1", action: "add-layer", title: "Add layer\nbase+1", steps: [
                { id: "create", kind: "lv-create", title: "Create the layer", argv: ["lvcreate", "-s", "-n", "base+1", "vg/base"],
                  undo: [["lvremove", "-y", "vg/base+1"]], cleanupOnFailure: [["sh", "-c", "lvremove -y vg/base+1 || :"]] },
                { id: "rw", kind: "lv-writable", title: "Make it writable", argv: ["lvchange", "-p", "rw", "vg/base+1"], okExitCodes: [5] },
            ],
        };
        assert.deepEqual(describePlan(p), [
            "# Add layer base+1",
            "# 1/2 Create the layer",
            "lvcreate -s -n base+1 vg/base",
            "#   undo: lvremove -y vg/base+1",
            "#   if it fails: sh -c 'lvremove -y vg/base+1 || :'",
            "# 2/2 Make it writable",
            "lvchange -p rw vg/base+1",
            "#   also succeeds with exit status 5",
        ]);
    });
});
