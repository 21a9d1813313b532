// The trial state's formats (model/trial.ts) and what the page makes of them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
    healthReportFile, parseHealthReport, parseTrial, parseTrialResults, passedTrials, renderTrial, trialNotice, type PendingTrial,
} from "../../src/model/trial.ts";

const TRIAL: PendingTrial = {
    job: "upgrade-20261207-ab12", layer: "debian-node-12.1-1+1", entry: "imgbased-debian-node-12.1-1_1",
    backend: "grub-debian", fallback: "debian-node-12.0-1+1", planned: 1765100000,
};

describe("the pending trial file", () => {
    test("reads back what the job writes", () => {
        assert.deepEqual(parseTrial(renderTrial(TRIAL)), TRIAL);
        assert.equal(parseTrial(null), null);
    });

    test("a word the health program would refuse is not written, and not read", () => {
        assert.throws(() => renderTrial({ ...TRIAL, layer: "../etc" }), /not a word/);
        assert.throws(() => renderTrial({ ...TRIAL, entry: "a b" }), /not a word/);
        assert.equal(parseTrial(renderTrial(TRIAL).replace("layer=debian-node-12.1-1+1", "layer=../x")), null);
        assert.equal(parseTrial(renderTrial(TRIAL).replace("backend=grub-debian", "backend=lilo")), null);
        assert.equal(parseTrial("job=x\n"), null);
    });
});

describe("results and reports", () => {
    const log = [
        "1765100100\tupgrade-1\tdebian-node-12.1-1+1\tpassed\tdebian-node-12.0-1+1\t",
        "garbage line",
        "1765100200\tupgrade-2\tdebian-node-12.2-1+1\tfailed\tdebian-node-12.1-1+1\tunit:cockpit.socket required:50-disk",
        "",
    ].join("\n");

    test("the results log, oldest first, unreadable lines skipped", () => {
        const results = parseTrialResults(log);
        assert.deepEqual(results.map(r => [r.job, r.outcome, r.failed]), [
            ["upgrade-1", "passed", []], ["upgrade-2", "failed", ["unit:cockpit.socket", "required:50-disk"]],
        ]);
        assert.deepEqual(parseTrialResults(null), []);
    });

    test("a report: its verdict and each check with its output", () => {
        const report = parseHealthReport("run 1765100200 debian-node-12.2-1+1 red\ncheck ok builtin root\ncheck failed unit cockpit.socket\n| inactive\n| more\ncheck warning wanted 10-x y\n");
        assert.deepEqual(report, {
            time: 1765100200, layer: "debian-node-12.2-1+1", verdict: "red", checks: [
                { status: "ok", kind: "builtin", name: "root", output: [] },
                { status: "failed", kind: "unit", name: "cockpit.socket", output: ["inactive", "more"] },
                { status: "warning", kind: "wanted", name: "10-x y", output: [] },
            ],
        });
        assert.equal(parseHealthReport("not a report"), null);
        assert.equal(healthReportFile("/boot", "a+1"), "/boot/imgbased/health/a+1.txt");
    });

    test("what the page says: a trial pending, running, or a fallback while its layer is there", () => {
        const results = parseTrialResults(log);
        const layers = new Set(["debian-node-12.0-1+1", "debian-node-12.1-1+1", "debian-node-12.2-1+1"]);
        assert.deepEqual(trialNotice(TRIAL, results, "debian-node-12.0-1+1", layers), { kind: "next-boot", trial: TRIAL });
        assert.deepEqual(trialNotice(TRIAL, results, TRIAL.layer, layers), { kind: "running", trial: TRIAL });
        assert.equal(trialNotice(null, results, "debian-node-12.1-1+1", layers)?.kind, "fell-back");
        layers.delete("debian-node-12.2-1+1");
        assert.equal(trialNotice(null, results, "debian-node-12.1-1+1", layers), null, "the failed layer was removed");
        assert.equal(trialNotice(null, results.slice(0, 1), "debian-node-12.1-1+1", layers), null, "the last one passed");
    });

    test("a layer is labelled by its newest trial only", () => {
        const results = parseTrialResults(log);
        assert.deepEqual([...passedTrials(results)], ["debian-node-12.1-1+1"]);
        const again = [...results, { ...results[0]!, outcome: "did-not-come-up" as const }];
        assert.deepEqual([...passedTrials(again)], []);
    });
});
