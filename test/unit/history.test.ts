import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { historyCommand } from "../../src/host/history.ts";
import { validatePlan } from "../../src/model/plan.ts";
import { newJobId } from "../../src/views/job-id.ts";
import {
    actionOfJobId, HISTORY_PATTERN, isUnitEnd, lastRunEnded, mergeHistory, parseHistory, parseJobSummaries, splitDescription,
} from "../../src/model/history.ts";

// `journalctl -o json --unit='imgbased-job-*.service' --output-fields=MESSAGE,_SYSTEMD_UNIT,UNIT -r
// --grep=...` on the lab node (systemd 252) after a job that succeeded and one killed with SIGKILL.
const REAL = String.raw`{"__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2f1;b=7797ddbbd26b4bcf8af122ff9121b582;m=2a670f7;t=66120c7870047;x=d5baa8ff199e7384","UNIT":"imgbased-job-kill-20250101000000-abcd.service","_SYSTEMD_UNIT":"init.scope","__REALTIME_TIMESTAMP":"1795643274625095","__MONOTONIC_TIMESTAMP":"44462327","_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","MESSAGE":"imgbased-job-kill-20250101000000-abcd.service: Failed with result 'signal'."}
{"MESSAGE":"@@imgbased-job start kill-20250101000000-abcd 1 pin Pin x","_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","_SYSTEMD_UNIT":"imgbased-job-kill-20250101000000-abcd.service","__MONOTONIC_TIMESTAMP":"43375868","__REALTIME_TIMESTAMP":"1795643273538627","__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2ed;b=7797ddbbd26b4bcf8af122ff9121b582;m=295dcfc;t=66120c7766c43;x=de3e9458653458ff"}
{"__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2ec;b=7797ddbbd26b4bcf8af122ff9121b582;m=295c639;t=66120c7765588;x=34c41fbfab3298ce","MESSAGE":"Started imgbased-job-kill-20250101000000-abcd.service - Kill x (by admin).","UNIT":"imgbased-job-kill-20250101000000-abcd.service","__REALTIME_TIMESTAMP":"1795643273532808","__MONOTONIC_TIMESTAMP":"43370041","_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","_SYSTEMD_UNIT":"init.scope"}
{"__MONOTONIC_TIMESTAMP":"42094737","_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","__REALTIME_TIMESTAMP":"1795643272257504","UNIT":"imgbased-job-test-20250101000000-abcd.service","MESSAGE":"imgbased-job-test-20250101000000-abcd.service: Deactivated successfully.","__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2ea;b=7797ddbbd26b4bcf8af122ff9121b582;m=2825091;t=66120c762dfe0;x=1e0ce26906443767","_SYSTEMD_UNIT":"init.scope"}
{"_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2e9;b=7797ddbbd26b4bcf8af122ff9121b582;m=2822d5a;t=66120c762bca9;x=285f183df5b04649","MESSAGE":"@@imgbased-job done 0 succeeded","_SYSTEMD_UNIT":"imgbased-job-test-20250101000000-abcd.service","__REALTIME_TIMESTAMP":"1795643272248489","__MONOTONIC_TIMESTAMP":"42085722"}
{"_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2e7;b=7797ddbbd26b4bcf8af122ff9121b582;m=281ff44;t=66120c7628e87;x=aa03e1b8f674ef76","MESSAGE":"@@imgbased-job start test-20250101000000-abcd 1 pin Pin x","_SYSTEMD_UNIT":"imgbased-job-test-20250101000000-abcd.service","__REALTIME_TIMESTAMP":"1795643272236679","__MONOTONIC_TIMESTAMP":"42073924"}
{"UNIT":"imgbased-job-test-20250101000000-abcd.service","_BOOT_ID":"7797ddbbd26b4bcf8af122ff9121b582","__REALTIME_TIMESTAMP":"1795643272188971","MESSAGE":"Started imgbased-job-test-20250101000000-abcd.service - Pin x (by admin).","_SYSTEMD_UNIT":"init.scope","__CURSOR":"s=b5ca935ed5354442b692e7a9c38c361d;i=2e6;b=7797ddbbd26b4bcf8af122ff9121b582;m=28144e3;t=66120c761d42b;x=9c5d50537de8f24b","__MONOTONIC_TIMESTAMP":"42026211"}
`;

/** A journal line of the same shape: from the job's own unit, or from PID 1 about it. */
function line(unit: string, usec: number, message: string, fromInit = false): string {
    return JSON.stringify(fromInit
        ? { UNIT: unit, _SYSTEMD_UNIT: "init.scope", __REALTIME_TIMESTAMP: String(usec), MESSAGE: message }
        : { _SYSTEMD_UNIT: unit, __REALTIME_TIMESTAMP: String(usec), MESSAGE: message });
}

describe("parseHistory on the lab's journal", () => {
    const entries = parseHistory(REAL);

    test("newest first, one entry per unit", () => {
        assert.deepEqual(entries.map(e => e.jobId), ["kill-20250101000000-abcd", "test-20250101000000-abcd"]);
    });

    test("a job that ended with its done marker", () => {
        assert.deepEqual(entries[1], {
            unit: "imgbased-job-test-20250101000000-abcd.service", jobId: "test-20250101000000-abcd", action: "pin",
            title: "Pin x", user: "admin", started: 1795643272236.679, ended: 1795643272248.489, outcome: "succeeded",
            recovery: false, blockedBy: null,
        });
    });

    test("a job killed before its done marker is interrupted, ended when PID 1 said so", () => {
        assert.equal(entries[0]!.outcome, "interrupted");
        assert.equal(entries[0]!.ended, 1795643274625.095);
        assert.equal(entries[0]!.user, "admin");
    });
});

describe("the host-wide history on /boot", () => {
    const TEXT = [
        "1795640000\t1795640090\tupgrade-20261201000000-abcd\tupgrade\tsucceeded\tdebian-node-12.0-1+1\tadmin\tUpgrade to debian-node-12.1-1 from /x",
        "1795640100\t1795640101\tupgrade-20261201000000-abcd-recover\tupgrade\trecovered\t-\t-\tUpgrade to debian-node-12.1-1 from /x",
        "1795640200\tlater\tpin-20261201000000-abcd\tpin\tsucceeded\t-\t-\tPin x",
        "1795640300\t1795640301\tBAD ID\tpin\tsucceeded\t-\t-\tPin x",
        "1795640400\t1795640401\tpin-20261201000001-abcd\tpin\tmade-up\t-\t-\tPin x",
        "",
    ].join("\n");

    test("lines as the job scripts write them; what is not one of them is skipped", () => {
        const runs = parseJobSummaries(TEXT);
        assert.deepEqual(runs[0], {
            unit: "imgbased-job-upgrade-20261201000000-abcd.service", jobId: "upgrade-20261201000000-abcd", action: "upgrade",
            title: "Upgrade to debian-node-12.1-1 from /x", user: "admin", started: 1795640000000, ended: 1795640090000,
            outcome: "succeeded", recovery: false, blockedBy: null, ranIn: "debian-node-12.0-1+1",
        });
        assert.deepEqual(runs.map(r => [r.jobId, r.recovery, r.ranIn ?? null, r.user]), [
            ["upgrade-20261201000000-abcd", false, "debian-node-12.0-1+1", "admin"],
            ["upgrade-20261201000000-abcd-recover", true, null, null],
        ]);
        assert.deepEqual(parseJobSummaries(null), []);
    });

    test("merged with the journal: its runs win, the others fill in, newest first, up to the limit", () => {
        const journal = parseHistory(REAL);
        const summaries = parseJobSummaries(TEXT);
        const copy = { ...journal[1]!, started: 1, ranIn: "elsewhere" };
        const merged = mergeHistory(journal, [...summaries, copy]);
        assert.deepEqual(merged.map(e => e.jobId), [...journal.map(e => e.jobId), "upgrade-20261201000000-abcd-recover", "upgrade-20261201000000-abcd"]);
        assert.equal(merged.find(e => e.unit === copy.unit)!.ranIn, undefined, "the journal's entry, which has the log");
        assert.equal(mergeHistory(journal, summaries, 3).length, 3);
    });
});

describe("parseHistory cases", () => {
    const U = (id: string) => `imgbased-job-${id}.service`;

    test("a running job, a refused one, a recovery; limit", () => {
        const out = [
            line(U("pin-20260101000000-aaaa"), 1_000_000, `Started ${U("pin-20260101000000-aaaa")} - Pin a (by admin).`, true),
            line(U("pin-20260101000000-aaaa"), 1_100_000, "@@imgbased-job start pin-20260101000000-aaaa 1 pin Pin a"),
            line(U("remove-layer-20260101000001-bbbb"), 2_000_000, "@@imgbased-job busy remove-layer-20260101000001-bbbb pin-20260101000000-aaaa"),
            line(U("remove-layer-20260101000001-bbbb"), 2_000_100, "@@imgbased-job done 75 refused-busy"),
            line(U("add-layer-20260101000002-cccc-recover"), 3_000_000, "@@imgbased-job recover add-layer-20260101000002-cccc 9 add-layer Add layer b+2 on b"),
            line(U("add-layer-20260101000002-cccc-recover"), 3_500_000, "@@imgbased-job done 0 recovered"),
            "not json", "{}", line("other.service", 4_000_000, "@@imgbased-job done 0 succeeded"),
        ].join("\n");
        const entries = parseHistory(out);
        assert.deepEqual(entries.map(e => [e.jobId, e.action, e.outcome, e.recovery, e.blockedBy]), [
            ["add-layer-20260101000002-cccc-recover", "add-layer", "recovered", true, null],
            ["remove-layer-20260101000001-bbbb", "remove-layer", "refused-busy", false, "pin-20260101000000-aaaa"],
            ["pin-20260101000000-aaaa", "pin", "running", false, null],
        ]);
        assert.equal(entries[1]!.title, null);
        assert.equal(parseHistory(out, 1).length, 1);
    });

    test("systemd before 252 logs the description alone", () => {
        const u = U("pin-20260101000000-aaaa");
        const [entry] = parseHistory(line(u, 1, "Started Pin a - b (by root).", true));
        assert.equal(entry!.title, "Pin a - b");
        assert.equal(entry!.user, "root");
    });

    test("a message that is not UTF-8 comes as bytes", () => {
        const u = U("pin-20260101000000-aaaa");
        const bytes = [...new TextEncoder().encode("@@imgbased-job done 0 succeeded")];
        const [entry] = parseHistory(JSON.stringify({ _SYSTEMD_UNIT: u, __REALTIME_TIMESTAMP: "5", MESSAGE: bytes }));
        assert.equal(entry!.outcome, "succeeded");
    });
});

describe("helpers", () => {
    test("actionOfJobId", () => {
        assert.equal(actionOfJobId("make-default-20260101120000-0f3a"), "make-default");
        assert.equal(actionOfJobId("make-default-20260101120000-0f3a-recover"), "make-default");
        assert.equal(actionOfJobId("job-1"), "job-1");
    });
    test("the page's job ids name their action and make valid plan ids", () => {
        const id = newJobId("make-default", new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), () => "0f3a");
        assert.equal(id, "make-default-20260102030405-0f3a");
        assert.equal(actionOfJobId(id), "make-default");
        assert.match(newJobId("add-layer"), /^add-layer-\d{14}-[0-9a-f]{4}$/);
        validatePlan({ id: newJobId("cleanup"), action: "cleanup", title: "t", steps: [{ id: "s", kind: "k", title: "t", argv: ["true"] }] });
    });
    test("splitDescription", () => {
        assert.deepEqual(splitDescription("Remove layer a (by x) (by admin)"), { title: "Remove layer a (by x)", user: "admin" });
        assert.deepEqual(splitDescription("Pin a"), { title: "Pin a", user: null });
    });
    test("isUnitEnd", () => {
        assert.ok(isUnitEnd("imgbased-job-a.service: Failed with result 'signal'.", "imgbased-job-a.service"));
        assert.ok(!isUnitEnd("imgbased-job-a.service: Main process exited, code=killed, status=9/KILL", "imgbased-job-a.service"));
    });
    test("lastRunEnded: the end of an earlier run under the same id does not end the newest", () => {
        const unit = "imgbased-job-a-recover.service";
        const first = ["@@imgbased-job recover a 1 x T", "@@imgbased-job done 79 failed-unfinished", `${unit}: Failed with result 'exit-code'.`];
        assert.ok(lastRunEnded(first, unit));
        assert.ok(!lastRunEnded([...first, "Started x.", "@@imgbased-job recover a 1 x T", "@@imgbased-job step-begin 0 s"], unit));
        assert.ok(lastRunEnded([...first, "@@imgbased-job recover a 1 x T", `${unit}: Deactivated successfully.`], unit));
        assert.ok(!lastRunEnded(["@@imgbased-job start a 1 x T"], unit));
    });
    test("the grep keeps our lines and drops step output", () => {
        const re = new RegExp(HISTORY_PATTERN);
        for (const yes of ["@@imgbased-job start a 1 pin Pin a", "@@imgbased-job done 0 succeeded", "Started imgbased-job-a.service - x.",
            "imgbased-job-a.service: Deactivated successfully."])
            assert.match(yes, re);
        for (const no of ["| @@imgbased-job done 0 succeeded", "@@imgbased-job step-begin 0 pin", "Starting imgbased-job-a.service - x..."])
            assert.doesNotMatch(no, re);
        assert.ok(historyCommand(true).includes(`--grep=${HISTORY_PATTERN}`));
    });
});
