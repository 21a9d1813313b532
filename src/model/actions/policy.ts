// Require signed images, or stop requiring them: the one policy file (model/policy.ts) written
// atomically as a job, like every change, so it shows in the history and is undone on failure.
import { POLICY_PATH, renderPolicy } from "../policy.ts";
import type { Plan } from "../plan.ts";
import { makePlan } from "./common.ts";
import { writeFileStep } from "./file-steps.ts";
import { refuse, type ActionArgs, type HostFacts, type Refusal } from "./types.ts";

export interface SetPolicyArgs extends ActionArgs {
    requireSignature: boolean;
}

export function setPolicy(facts: HostFacts, args: SetPolicyArgs): Plan | Refusal {
    // A policy with unreadable lines is rewritten even to the value it already has in force.
    if (facts.policy.requireSignature === args.requireSignature && facts.policy.problems.length === 0)
        return refuse("policy-unchanged");
    const title = args.requireSignature ? "Require signed images" : "Stop requiring signed images";
    return makePlan(args.jobId, "set-policy", title, [
        writeFileStep("write", "write-file", `Write ${POLICY_PATH}: require-signature = ${args.requireSignature ? "yes" : "no"}`,
                      POLICY_PATH, renderPolicy(args), { jobId: args.jobId }),
    ]);
}
