// parseDiffFailure (src/model/diff/errors.ts): imgbased-diff.sh names the cause on stderr as
// "@@imgbased-diff CODE SUBJECT" (printf '@@imgbased-diff %s %s\n', then the tool's own lines);
// the view picks its message by the code. Checked: the marker first or after other output, a
// subject with spaces, every known code, and anything else falling back to "failed" with the
// whole text, so no message is ever lost.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseDiffFailure } from "../../src/model/diff/errors.ts";

/** stderr as the script's fail() writes it: the marker line, then each detail line. */
const failText = (code: string, subject: string, ...detail: string[]) =>
    `@@imgbased-diff ${code} ${subject}\n` + detail.map(l => `${l}\n`).join("");

describe("parseDiffFailure", () => {
    test("the marker first, the tool's words after it", () => {
        assert.deepEqual(parseDiffFailure(failText("mount", "nodevg/debian-node-12.0-1",
            "mount: /run/imgbased/old: wrong fs type, bad option, bad superblock on /dev/mapper/nodevg-debian--node--12.0--1.")), {
            code: "mount",
            subject: "nodevg/debian-node-12.0-1",
            detail: "mount: /run/imgbased/old: wrong fs type, bad option, bad superblock on /dev/mapper/nodevg-debian--node--12.0--1.",
        });
    });

    test("the marker after other lines: those lines are the detail, in order", () => {
        const stderr = "  WARNING: Thin pool nodevg/pool is 92% full.\n" +
            "@@imgbased-diff activate nodevg/debian-node-12.0-1+1\n" +
            "  Activation of logical volume nodevg/debian-node-12.0-1+1 is prohibited while logical volume nodevg/pool_tmeta is active.\n";
        assert.deepEqual(parseDiffFailure(stderr), {
            code: "activate",
            subject: "nodevg/debian-node-12.0-1+1",
            detail: "WARNING: Thin pool nodevg/pool is 92% full.\n  Activation of logical volume nodevg/debian-node-12.0-1+1 is prohibited while logical volume nodevg/pool_tmeta is active.",
        });
    });

    test("a subject with spaces is kept whole", () => {
        assert.deepEqual(parseDiffFailure(failText("bad-path", "etc/imgbased-lab/name with  spaces")), {
            code: "bad-path", subject: "etc/imgbased-lab/name with  spaces", detail: "",
        });
    });

    test("every known code, with an empty subject too", () => {
        for (const code of ["setup", "busy", "job-running", "no-lv", "activate", "mount", "bad-path", "usage"]) {
            assert.deepEqual(parseDiffFailure(failText(code, "x", "why")), { code, subject: "x", detail: "why" }, code);
            assert.deepEqual(parseDiffFailure(failText(code, "")), { code, subject: "", detail: "" }, code);
        }
        assert.deepEqual(parseDiffFailure("@@imgbased-diff busy"), { code: "busy", subject: "", detail: "" });
    });

    test("only the first marker counts; a later one is detail", () => {
        const stderr = failText("busy", "/run/imgbased/diff.lock") + failText("setup", "x");
        assert.deepEqual(parseDiffFailure(stderr), {
            code: "busy", subject: "/run/imgbased/diff.lock", detail: "@@imgbased-diff setup x",
        });
    });

    test("an unknown code: failed, with the whole text", () => {
        const stderr = "@@imgbased-diff exploded nodevg/x\nsomething broke\n";
        assert.deepEqual(parseDiffFailure(stderr), { code: "failed", subject: "", detail: "@@imgbased-diff exploded nodevg/x\nsomething broke" });
        assert.deepEqual(parseDiffFailure("@@imgbased-diff  nodevg/x\n"), { code: "failed", subject: "", detail: "@@imgbased-diff  nodevg/x" });
        assert.deepEqual(parseDiffFailure("@@imgbased-diff Mount x\n").code, "failed");
    });

    test("no marker: failed, with the whole text trimmed", () => {
        const stderr = "bash: line 1: unshare: command not found\n\n";
        assert.deepEqual(parseDiffFailure(stderr), { code: "failed", subject: "", detail: "bash: line 1: unshare: command not found" });
        assert.deepEqual(parseDiffFailure(""), { code: "failed", subject: "", detail: "" });
        // The marker must start a line, and be followed by a space.
        assert.equal(parseDiffFailure("x @@imgbased-diff mount y\n").code, "failed");
        assert.equal(parseDiffFailure("@@imgbased-diff\n").code, "failed");
        assert.equal(parseDiffFailure("@@imgbased-diffmount y\n").code, "failed");
    });
});
