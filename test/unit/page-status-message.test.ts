// pkg/lib/page-status.ts: the message the shell gets, and only on a change. A stand-in for
// window.cockpit records the control messages (this file runs in its own process).
import assert from "node:assert/strict";
import { test } from "node:test";

import { setPageStatus } from "../../pkg/lib/page-status.ts";

test("notify messages: the first always (it may clear an old status), then only changes", () => {
    const sent: [string, Record<string, unknown>][] = [];
    (globalThis as { window?: unknown }).window = { cockpit: { transport: { control: (command: string, options: Record<string, unknown>) => sent.push([command, options]) } } };
    try {
        setPageStatus(null);
        setPageStatus(null);
        setPageStatus({ type: "warning", title: "Thin pool data space is 85 % full" });
        setPageStatus({ type: "warning", title: "Thin pool data space is 85 % full" });
        setPageStatus({ type: "error", title: "Thin pool data space is 95 % full" });
        setPageStatus(null);
        assert.deepEqual(sent, [
            ["notify", { page_status: null }],
            ["notify", { page_status: { type: "warning", title: "Thin pool data space is 85 % full" } }],
            ["notify", { page_status: { type: "error", title: "Thin pool data space is 95 % full" } }],
            ["notify", { page_status: null }],
        ]);
    } finally {
        delete (globalThis as { window?: unknown }).window;
    }
});
