// parseJobLog on hand-made logs for the odd cases, and on the real output of a rendered script
// cut at every line, which is what a page following the journal sees while the job runs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseJobLog } from "../../src/model/job-log.ts";
import { renderScript, type Plan } from "../../src/model/plan.ts";

const M = "@@imgbased-job";

const ANNOUNCED = [
    `${M} start add-layer-1 2 add-layer Add a layer`,
    `${M} step 0 create lv-create Create the layer  (thin)`,
    `${M} step 1 rw lv-writable Make it writable`,
];

describe("parseJobLog", () => {
    it("is running with no steps for an empty log, interrupted once the unit is gone", () => {
        assert.equal(parseJobLog([]).state, "running");
        assert.equal(parseJobLog([]).steps.length, 0);
        assert.equal(parseJobLog([], { ended: true }).state, "interrupted");
    });

    it("knows every step from the announcement, before any ran", () => {
        const progress = parseJobLog(ANNOUNCED);
        assert.equal(progress.id, "add-layer-1");
        assert.equal(progress.action, "add-layer");
        assert.equal(progress.title, "Add a layer");
        assert.deepEqual(progress.steps.map(s => [s.index, s.id, s.kind, s.title, s.status]), [
            [0, "create", "lv-create", "Create the layer  (thin)", "pending"],
            [1, "rw", "lv-writable", "Make it writable", "pending"],
        ]);
    });

    it("gives output lines to the step that is running, and other lines to other", () => {
        const progress = parseJobLog([
            ...ANNOUNCED,
            `${M} step-begin 0 create`,
            "| Logical volume \"base+1\" created.",
            "|",
            "| ",
            `${M} step-end 0 create 0 ok`,
            "| stray",
            `${M} step-begin 1 rw`,
            "Stopping imgbased-job-add-layer-1.service...",
        ]);
        assert.equal(progress.state, "running");
        assert.deepEqual(progress.steps.map(s => s.status), ["done", "running"]);
        assert.deepEqual(progress.steps[0]!.output, ["Logical volume \"base+1\" created.", "", ""]);
        assert.deepEqual(progress.other, ["stray", "Stopping imgbased-job-add-layer-1.service..."]);
    });

    it("follows a failure through cleanup and undo", () => {
        const progress = parseJobLog([
            ...ANNOUNCED,
            `${M} step-begin 0 create`, `${M} step-end 0 create 0 ok`,
            `${M} step-begin 1 rw`, `${M} signal TERM`, `${M} step-end 1 rw 255 fail`,
            `${M} cleanup-begin 1 rw`, "| cleaning", `${M} cleanup-end 1 rw 0`,
            `${M} undo-begin 0 create`, "| busy", `${M} undo-end 0 create 5`,
            `${M} done 76 failed-undo-incomplete`,
        ]);
        assert.equal(progress.state, "failed-undo-incomplete");
        assert.equal(progress.exitCode, 76);
        assert.equal(progress.signal, "TERM");
        assert.equal(progress.failedStep, 1);
        assert.deepEqual(progress.steps.map(s => [s.status, s.rc, s.undoRc]), [["undo-failed", 0, 5], ["undone", 255, 0]]);
        assert.deepEqual(progress.steps[1]!.output, ["cleaning"]);
    });

    it("reports who blocks a refused job", () => {
        let progress = parseJobLog([`${M} busy job-2 job-1`, `${M} done 75 refused-busy`]);
        assert.deepEqual([progress.state, progress.id, progress.blockedBy], ["refused-busy", "job-2", "job-1"]);
        progress = parseJobLog([`${M} needs-recovery job-3 job-1`, `${M} done 77 refused-recovery`]);
        assert.deepEqual([progress.state, progress.blockedBy], ["refused-recovery", "job-1"]);
    });

    it("reads a recovery log", () => {
        const progress = parseJobLog([
            `${M} recover add-layer-1 2 add-layer Add a layer`,
            `${M} undo-begin 0 create`, `${M} undo-end 0 create 0`,
            `${M} done 0 recovered`,
        ]);
        assert.equal(progress.recovery, true);
        assert.equal(progress.state, "recovered");
        assert.deepEqual(progress.steps.map(s => s.status), ["undone", "pending"]);
    });

    it("keeps only the newest run when a job id ran twice", () => {
        const progress = parseJobLog([
            ...ANNOUNCED, `${M} step-begin 0 create`, `${M} step-end 0 create 1 fail`, `${M} done 1 failed-undone`,
            ...ANNOUNCED, `${M} step-begin 0 create`,
        ]);
        assert.equal(progress.state, "running");
        assert.equal(progress.failedStep, null);
        assert.deepEqual(progress.steps.map(s => s.status), ["running", "pending"]);
    });

    it("survives damaged logs: lost announcements, bad numbers, unknown words", () => {
        const progress = parseJobLog([
            `${M} step-begin 2 late`,
            `${M} step-begin x y`,
            `${M} step-end 99999999 z 0 ok`,
            `${M} frobnicate 1`,
            `${M} done 0 exploded`,
        ]);
        assert.deepEqual(progress.steps.map(s => [s.id, s.status]), [["", "pending"], ["", "pending"], ["late", "running"]]);
        assert.deepEqual(progress.other, [`${M} frobnicate 1`]);
        assert.equal(progress.state, "failed-undo-incomplete");
    });

    it("reads the real log of a failing job at every point while it runs", () => {
        const dir = mkdtempSync(join(tmpdir(), "imgbased-log-"));
        try {
            const plan: Plan = {
                id: "real-1", action: "test", title: "Real", steps: [
                    { id: "make", kind: "mkdir", title: "Make", argv: ["mkdir", join(dir, "a")], undo: [["rmdir", join(dir, "a")]] },
                    { id: "fail", kind: "fail", title: "Fail", argv: ["sh", "-c", "echo no; exit 4"] },
                ],
            };
            const paths = { lockPath: join(dir, "lock"), currentPath: join(dir, "current"), stateDir: join(dir, "state") };
            writeFileSync(join(dir, "job.sh"), renderScript(plan, paths));
            const run = spawnSync("/bin/sh", [join(dir, "job.sh")], { encoding: "utf8" });
            assert.equal(run.status, 4);
            const lines = run.stdout.trimEnd().split("\n");
            const seen = lines.map((_, n) => {
                const p = parseJobLog(lines.slice(0, n + 1));
                return `${p.state} ${p.steps.map(s => s.status).join(",")}`;
            });
            assert.deepEqual([...new Set(seen)], [
                "running pending,pending",
                "running running,pending",
                "running done,pending",
                "running done,running",
                "running done,failed",
                "running undoing,failed",
                "running undone,failed",
                "failed-undone undone,failed",
            ]);
            assert.deepEqual(parseJobLog(lines).steps[1]!.output, ["no"]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
