import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { discover } from "../../src/model/layout.ts";
import { restoreLayout, saveLayout } from "../../src/model/saved-layout.ts";
import { loadScenario } from "./fixtures.ts";

describe("saved layout", () => {
    for (const scenario of ["node", "two-bases", "two-bases-rebooted", "ovirt-node", "ovirt-node-only", "empty"]) {
        test(`${scenario}: restored exactly as read`, () => {
            const discovery = discover(loadScenario(scenario));
            assert.deepEqual(restoreLayout(saveLayout(discovery, 1234)), { discovery, readAt: 1234 });
        });
    }

    test("anything else is no saved layout", () => {
        for (const text of [null, "", "{", "null", "[]", '{"readAt":1}', '{"discovery":{"kind":"layout"}}', '{"discovery":{"kind":"x"},"readAt":1}'])
            assert.equal(restoreLayout(text), null, String(text));
    });
});
