// The admin ends a pending trial before its health checks do (issue 13): Accept now makes the
// trial's layer the default while it runs; Give up drops the trial, and its boot-once too when
// the layer has not booted yet. The trial file goes first, so that checks still running on the
// trial boot find no trial to decide (the health program reads it again before it decides);
// then the switch, last as always. Both start with the check that the boot switches are what
// the admin saw (makePlan with the layout): a trial decided meanwhile changed them.

import type { Plan, Step } from "../plan.ts";
import { trialFile, type PendingTrial } from "../trial.ts";
import type { Layout } from "../types.ts";
import { bootCommands } from "./boot-commands.ts";
import { clearOnceStep, switchStep } from "./boot-steps.ts";
import { makePlan } from "./common.ts";
import { removeFileStep } from "./file-steps.ts";
import { findLayer } from "./layout-query.ts";
import { grubFixSteps } from "./switch.ts";
import { Reasons, type ActionArgs, type HostFacts, type Refusal } from "./types.ts";

export interface TrialEndArgs extends ActionArgs {
    /** The layer whose trial the admin ends. */
    layer: string;
    /** The pending trial as the dialog read it: null for none. */
    trial: PendingTrial | null;
}

/** The trial's file goes, with a copy kept until the job ends: undo puts it back. */
function dropTrialStep(facts: HostFacts, trial: PendingTrial, jobId: string): Step {
    return removeFileStep("trial-remove", "trial-record", `Take back the trial of ${trial.layer}`, trialFile(facts.boot.dir), { jobId });
}

/** The checks both share; `trial` is null when refused for having none of `layer`. */
function start(layout: Layout, args: TrialEndArgs) {
    const reasons = new Reasons();
    const commands = bootCommands(layout.boot.backend);
    if (!commands)
        reasons.add("unknown-backend");
    const trial = args.trial?.layer === args.layer ? args.trial : null;
    if (!trial)
        reasons.add("no-trial", { name: args.layer });
    else if (!findLayer(layout, trial.layer))
        reasons.add("not-found", { name: trial.layer });
    return { reasons, commands, trial };
}

export function acceptTrial(layout: Layout, facts: HostFacts, args: TrialEndArgs): Plan | Refusal {
    const { jobId } = args;
    const { reasons, commands, trial } = start(layout, args);
    if (trial && layout.booted !== trial.layer)
        reasons.add("trial-not-running", { name: trial.layer });
    const fix = commands ? grubFixSteps(reasons, layout, commands, "default", jobId) : [];
    if (reasons.any || !commands || !trial)
        return reasons.refusal();
    return makePlan(jobId, "accept-trial", `Accept ${trial.layer} now: boot it by default`,
                    [...fix, dropTrialStep(facts, trial, jobId), switchStep(commands, "default", trial.entry, layout.boot)], layout);
}

export function giveUpTrial(layout: Layout, facts: HostFacts, args: TrialEndArgs): Plan | Refusal {
    const { jobId } = args;
    const { reasons, commands, trial } = start(layout, args);
    if (reasons.any || !commands || !trial)
        return reasons.refusal();
    // Not booted yet: its boot-once is still set, and goes with it.
    const once = layout.booted !== trial.layer && layout.boot.nextRef === trial.entry ? [clearOnceStep(commands, layout.boot)] : [];
    const back = layout.booted === trial.layer ? `; ${trial.fallback} boots at the next start` : "";
    return makePlan(jobId, "give-up-trial", `Give up the trial of ${trial.layer}${back}`, [dropTrialStep(facts, trial, jobId), ...once], layout);
}
