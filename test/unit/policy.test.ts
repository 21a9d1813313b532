// The image policy file: what it sets, what a garbled one does (require, and say why), the text
// the policy job writes, and the plans of that job.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { setPolicy } from "../../src/model/actions/policy.ts";
import type { Plan } from "../../src/model/plan.ts";
import { DEFAULT_POLICY, parsePolicy, POLICY_PATH, renderPolicy } from "../../src/model/policy.ts";
import { assertShellcheckClean, planned, refusedCodes, scenario, scenarioFacts, shown } from "./actions-fixtures.ts";

describe("parsePolicy", () => {
    test("no file: signatures are not required", () => {
        assert.deepEqual(parsePolicy(null), DEFAULT_POLICY);
        assert.deepEqual(parsePolicy("# nothing set\n\n"), { requireSignature: false, problems: [] });
    });

    test("yes and no, in the words admins write, with comments and spaces", () => {
        for (const word of ["yes", "YES", "true", "1", "on"])
            assert.deepEqual(parsePolicy(`require-signature=${word}  # ours\n`), { requireSignature: true, problems: [] });
        for (const word of ["no", "False", "0", "off"])
            assert.deepEqual(parsePolicy(`  require-signature = ${word}\n`), { requireSignature: false, problems: [] });
    });

    test("what cannot be read requires signatures, with the line named", () => {
        assert.deepEqual(parsePolicy("require-signature = perhaps\n"),
                         { requireSignature: true, problems: ["1: require-signature must be yes or no, not perhaps"] });
        assert.deepEqual(parsePolicy("require-signature = no\nrequire-signatures = no\n").problems, ["2: unknown key require-signatures"]);
        assert.equal(parsePolicy("require-signature = no\nrequire-signatures = no\n").requireSignature, true);
        assert.deepEqual(parsePolicy("require signature\n").problems, ['1: not "key = value"']);
    });

    test("the file the job writes reads back as written", () => {
        for (const requireSignature of [true, false])
            assert.deepEqual(parsePolicy(renderPolicy({ requireSignature })), { requireSignature, problems: [] });
    });
});

describe("setPolicy", () => {
    const node = scenario("node");
    const facts = scenarioFacts("node", node);

    test("require: one atomic write of the policy file, undone on failure", () => {
        const plan = planned(setPolicy(facts, { jobId: "policy-1", requireSignature: true })) as Plan;
        assertShellcheckClean(plan);
        assert.equal(plan.action, "set-policy");
        assert.deepEqual(plan.steps.map(s => s.id), ["write"]);
        const argv = shown(plan.steps[0]!.argv);
        assert.deepEqual(argv.slice(1, 4), [POLICY_PATH, "0644", renderPolicy({ requireSignature: true })]);
        assert.ok(plan.steps[0]!.undo);
    });

    test("the value in force already: refused; a garbled file is rewritten even so", () => {
        assert.deepEqual(refusedCodes(setPolicy(facts, { jobId: "policy-1", requireSignature: false })), ["policy-unchanged"]);
        const garbled = { ...facts, policy: parsePolicy("require-signature = perhaps\n") };
        assert.ok(planned(setPolicy(garbled, { jobId: "policy-1", requireSignature: true })));
    });
});
