// Try a layer, and end a pending trial by hand (Accept now, Give up), planned on the lab's
// recorded two-bases host: 12.0-1+1 booted, 12.0-1+2 spare, 12.1-1+1 the default.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { acceptTrial, giveUpTrial } from "../../src/model/actions/trial-end.ts";
import { tryLayer } from "../../src/model/actions/try-layer.ts";
import { HEALTH_PROGRAM_PATH } from "../../src/model/actions/health-steps.ts";
import { pointOfNoReturn, type Plan } from "../../src/model/plan.ts";
import { parseTrial, type PendingTrial } from "../../src/model/trial.ts";
import { assertShellcheckClean, derived, patch, plannedFrom, refusedCodes, scenario, scenarioFacts } from "./actions-fixtures.ts";
import { bootId as id, debianProbe, readFixture } from "./fixtures.ts";

const JOB = "job-trial-1";
const two = scenario("two-bases");
const facts = scenarioFacts("two-bases", two);
const SPARE = "debian-node-12.0-1+2";
const BOOTED = "debian-node-12.0-1+1";
const DEFAULT = "debian-node-12.1-1+1";

const trialOf = (layer: string): PendingTrial =>
    ({ job: "job-earlier", layer, entry: id(layer), backend: "grub-debian", fallback: DEFAULT, planned: 1_700_000_000 });

/** two-bases with `next_entry` set to the spare layer, as a Try leaves it. */
function withNext(layer: string) {
    const entries: [string, string][] = [BOOTED, SPARE, DEFAULT].map(l => [id(l), readFixture("two-bases", `entries/${id(l)}.conf`)]);
    return derived("two-bases", rows => rows, {
        boot: debianProbe({ saved_entry: id(DEFAULT), next_entry: id(layer) }, readFixture("two-bases", "grub.cfg"), entries),
    });
}

describe("tryLayer", () => {
    test("the layer gets the health checks, the host gets them too, then the trial and the boot-once, last", () => {
        const plan = plannedFrom(two, tryLayer(two, facts, { jobId: JOB, layer: SPARE, planned: 1_700_000_123 })) as Plan;
        assert.equal(plan.action, "try");
        assert.deepEqual(plan.steps.map(s => s.id), [
            "layer-health", "health-host-1", "health-host-2", "health-host-3", "health-host-4", "health-host-5", "trial-record", "boot-once",
        ]);
        const install = plan.steps.find(s => s.id === "layer-health")!;
        assert.ok(install.argv.includes(`/dev/nodevg/${SPARE}`));
        assert.ok(install.argv.includes(HEALTH_PROGRAM_PATH));
        assert.ok(install.undo?.length, "undone: the layer is mounted again and its files put back");
        assert.deepEqual(plan.steps.at(-1)!.argv, ["grub-reboot", id(SPARE)]);
        // The record, parsed as the page and the health program read it.
        const record = plan.steps.find(s => s.id === "trial-record")!;
        const written = record.argv.find(a => a.startsWith("job="))!;
        assert.deepEqual(parseTrial(written), { job: JOB, layer: SPARE, entry: id(SPARE), backend: "grub-debian", fallback: DEFAULT, planned: 1_700_000_123 });
        assert.equal(pointOfNoReturn(plan), -1, "all of it can be undone");
        assertShellcheckClean(plan);
    });

    test("an inactive layer is activated for the copy and left inactive again", () => {
        const inactive = derived("two-bases", patch(SPARE, { lv_attr: "Vwi---tz--", lv_active: "" }));
        const plan = plannedFrom(inactive, tryLayer(inactive, facts, { jobId: JOB, layer: SPARE, planned: 1 })) as Plan;
        const ids = plan.steps.map(s => s.id);
        assert.deepEqual(ids.slice(0, 3), ["try-activate", "layer-health", "try-deactivate"]);
    });

    test("refuses the running layer, the default, and a layer that is not there", () => {
        assert.deepEqual(refusedCodes(tryLayer(two, facts, { jobId: JOB, layer: BOOTED, planned: 1 })), ["try-booted"]);
        assert.deepEqual(refusedCodes(tryLayer(two, facts, { jobId: JOB, layer: DEFAULT, planned: 1 })), ["already-default"]);
        assert.deepEqual(refusedCodes(tryLayer(two, facts, { jobId: JOB, layer: "nope+1", planned: 1 })), ["not-found"]);
    });
});

describe("acceptTrial / giveUpTrial", () => {
    test("accept now, on the trial's own boot: the trial goes first, the default switch last, past the point of no return", () => {
        const plan = plannedFrom(two, acceptTrial(two, facts, { jobId: JOB, layer: BOOTED, trial: trialOf(BOOTED) })) as Plan;
        assert.equal(plan.action, "accept-trial");
        assert.deepEqual(plan.steps.map(s => s.id), ["trial-remove", "boot-default"]);
        assert.deepEqual(plan.steps.at(-1)!.argv, ["grub-set-default", id(BOOTED)]);
        assert.equal(pointOfNoReturn(plan), -1, "all of it can be undone: the trial comes back with the default as it was");
        assertShellcheckClean(plan);
    });

    test("accept is refused for a trial that has not booted, for none, and for another layer's", () => {
        assert.deepEqual(refusedCodes(acceptTrial(two, facts, { jobId: JOB, layer: SPARE, trial: trialOf(SPARE) })), ["trial-not-running"]);
        assert.deepEqual(refusedCodes(acceptTrial(two, facts, { jobId: JOB, layer: BOOTED, trial: null })), ["no-trial"]);
        assert.deepEqual(refusedCodes(giveUpTrial(two, facts, { jobId: JOB, layer: BOOTED, trial: trialOf(SPARE) })), ["no-trial"]);
    });

    test("give up before the trial's boot: its boot-once goes too; undo puts it back", () => {
        const pending = withNext(SPARE);
        const plan = plannedFrom(pending, giveUpTrial(pending, facts, { jobId: JOB, layer: SPARE, trial: trialOf(SPARE) })) as Plan;
        assert.deepEqual(plan.steps.map(s => s.id), ["trial-remove", "boot-once-clear"]);
        const clear = plan.steps.at(-1)!;
        assert.deepEqual([clear.argv, clear.undo], [
            ["grub-editenv", "/boot/grub/grubenv", "unset", "next_entry"],
            [["grub-editenv", "/boot/grub/grubenv", "set", `next_entry=${id(SPARE)}`]],
        ]);
        assert.equal(clear.changesBoot, true);
    });

    test("give up on the trial's boot: only the trial goes, the default (its fallback) boots next", () => {
        const plan = plannedFrom(two, giveUpTrial(two, facts, { jobId: JOB, layer: BOOTED, trial: trialOf(BOOTED) })) as Plan;
        assert.deepEqual(plan.steps.map(s => s.id), ["trial-remove"]);
        assert.match(plan.title, /debian-node-12\.1-1\+1 boots at the next start$/);
    });
});
