import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { bootCommands } from "../../src/model/actions/boot-commands.ts";
import { cleanup, type CleanupResult } from "../../src/model/actions/cleanup.ts";
import { pin, unpin } from "../../src/model/actions/pin.ts";
import { removeBase, removeLayer, type RemovalPlan } from "../../src/model/actions/remove.ts";
import { GRUB_DEFAULT_DROPIN_PATH, GRUB_SNIPPET_PATH } from "../../src/model/grub-snippet.ts";
import { pointOfNoReturn, type Plan, type Step } from "../../src/model/plan.ts";
import { assertShellcheckClean, cloneRow, derived, patch, planned, plannedFrom, refusedCodes, scenario, scenarioFacts, shown, VG } from "./actions-fixtures.ts";
import { bootId, debianProbe, readFixture } from "./fixtures.ts";

const JOB = "job-rm-1";
const two = scenario("two-bases");
const twoFacts = scenarioFacts("two-bases", two);
const rebooted = scenario("two-bases-rebooted");
const rebootedFacts = scenarioFacts("two-bases-rebooted", rebooted);
const id = bootId;
const entryFile = (layer: string) => `/boot/loader/entries/${id(layer)}.conf`;
const hidden = (layer: string) => `/boot/loader/entries/.${id(layer)}.conf.imgbased-${JOB}`;
/** A step's command; our GRUB files (see actions-add-layer) by path only. */
const args = (step: Step) => step.kind.startsWith("grub-") ? [shown(step.argv)[1]!] : shown(step.argv);
const GRUB_FILES: [string, string[]][] = [["grub-snippet", [GRUB_SNIPPET_PATH]], ["grub-default-saved", [GRUB_DEFAULT_DROPIN_PATH]]];

/**
 * Steps that can be undone come first, the ones that cannot last, and say so: lvremove is the
 * point of no return, past which a stopped job is completed, not undone.
 */
function assertIrreversibleLast(plan: Plan): void {
    const firstFinal = plan.steps.findIndex(s => s.id === "lv-remove");
    assert.ok(firstFinal > 0);
    assert.equal(pointOfNoReturn(plan), firstFinal);
    for (const step of plan.steps.slice(0, firstFinal))
        assert.ok(step.undo?.length || step.kind === "boot-menu", `${step.id} has no undo`);
    for (const step of plan.steps.slice(firstFinal)) {
        assert.equal(step.undo, undefined, step.id);
        assert.equal(step.irreversible, true, step.id);
        assert.match(step.title, /cannot be undone/);
    }
    assert.deepEqual(plan.steps.slice(firstFinal).map(s => s.id), ["lv-remove", "boot-files-delete"]);
}

describe("removeLayer", () => {
    test("a spare layer: deactivate, hide its entry, refresh the menu, then lvremove and delete its files", () => {
        const plan = plannedFrom(two, removeLayer(two, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })) as RemovalPlan;
        const L = "debian-node-12.0-1+2";
        assert.deepEqual(plan.steps.map(s => [s.id, args(s)]), [
            ["deactivate-0", ["lvchange", "--activate", "n", `${VG}/${L}`]],
            // Our GRUB files before the entries: undoing an entry refreshes the menu, which needs them.
            ...GRUB_FILES,
            ["hide-entry-0", ["sh", entryFile(L), hidden(L)]],
            ["boot-menu", ["sh"]],
            ["lv-remove", ["sh", `${VG}/${L}`]],
            ["boot-files-delete", ["rm", "-rf", "--", `/boot/${L}`, hidden(L)]],
        ]);
        assert.deepEqual(plan.steps[0]!.undo, [["lvchange", "--activate", "y", "--ignoreactivationskip", `${VG}/${L}`]]);
        assert.deepEqual(plan.steps.find(s => s.id === "hide-entry-0")!.undo!.map(shown), [["sh", hidden(L), entryFile(L)], ["sh"]]);
        assert.deepEqual(plan.steps.find(s => s.id === "boot-menu")!.argv, bootCommands("grub-debian")!.refresh);
        assertIrreversibleLast(plan);
    });

    test("reports the space it frees: data% × size of the LV, the kernel copies on /boot", () => {
        const plan = plannedFrom(two, removeLayer(two, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })) as RemovalPlan;
        assert.equal(plan.freedBytes, Math.round(6442450944 * 14.47 / 100));
        assert.deepEqual(plan.freedUnknown, []);
        assert.equal(plan.bootFreedBytes, 38_000_000);
    });

    test("refuses the booted, the default, the next-boot and a pinned layer, giving every reason", () => {
        const refuse = (layout = two, layer: string) => refusedCodes(removeLayer(layout, twoFacts, { jobId: JOB, layer }));
        assert.deepEqual(refuse(two, "debian-node-12.0-1+1"), ["booted"]);
        assert.deepEqual(refuse(two, "debian-node-12.1-1+1"), ["default"]);
        assert.deepEqual(refuse(rebooted, "debian-node-12.1-1+1"), ["booted", "default"]);
        const pinned = derived("two-bases", patch("debian-node-12.0-1+2", { lv_tags: "imgbased:layer,imgbased:pinned" }));
        assert.deepEqual(refuse(pinned, "debian-node-12.0-1+2"), ["pinned"]);
        const entries: [string, string][] = ["debian-node-12.0-1+1", "debian-node-12.0-1+2", "debian-node-12.1-1+1"]
            .map(l => [id(l), readFixture("two-bases", `entries/${id(l)}.conf`)]);
        const next = derived("two-bases", rows => rows, {
            boot: debianProbe({ saved_entry: id("debian-node-12.1-1+1"), next_entry: id("debian-node-12.0-1+2") },
                readFixture("two-bases", "grub.cfg"), entries),
        });
        assert.deepEqual(refuse(next, "debian-node-12.0-1+2"), ["next-boot"]);
        assert.deepEqual(refuse(two, "nope+1"), ["not-found"]);
    });

    test("refuses to remove the last layer that has a boot entry", () => {
        // Booted from the init LV; the menu: a foreign entry for it first (the default), then 12.0-1+2 only.
        const cfg = readFixture("two-bases", "grub.cfg");
        const [header, ...items] = cfg.split("\nmenuentry");
        const foreign = `\nmenuentry 'Debian GNU/Linux' --id gnulinux {\n  linux /vmlinuz root=/dev/mapper/${VG}-root ro\n}\n`;
        const layout = derived("two-bases", rows => rows, {
            root: `/dev/mapper/${VG}-root`,
            boot: debianProbe({}, header + foreign + items.filter(i => i.includes("(debian-node-12.0-1+2)")).map(i => "\nmenuentry" + i).join("")),
        });
        assert.equal(layout.booted, null);
        assert.equal(layout.defaultLayer, null);
        assert.deepEqual(refusedCodes(removeLayer(layout, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })), ["last-bootable"]);
        assert.ok(!("refused" in removeLayer(layout, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+1" })));
    });
});

describe("removeBase", () => {
    test("with its layers: one lvremove for all, then their kernel copies and entries", () => {
        const plan = plannedFrom(rebooted, removeBase(rebooted, rebootedFacts, { jobId: JOB, base: "debian-node-12.0-1" })) as RemovalPlan;
        assertShellcheckClean(planned(removeBase(rebooted, rebootedFacts, { jobId: JOB, base: "debian-node-12.0-1" })));
        const [a, b] = ["debian-node-12.0-1+1", "debian-node-12.0-1+2"];
        assert.equal(plan.action, "remove-base");
        assert.deepEqual(plan.steps.map(s => [s.id, args(s)]), [
            // The base is inactive already: nothing to deactivate.
            ["deactivate-0", ["lvchange", "--activate", "n", `${VG}/${a}`]],
            ["deactivate-1", ["lvchange", "--activate", "n", `${VG}/${b}`]],
            ...GRUB_FILES,
            ["hide-entry-0", ["sh", entryFile(a), hidden(a)]],
            ["hide-entry-1", ["sh", entryFile(b), hidden(b)]],
            ["boot-menu", ["sh"]],
            ["lv-remove", ["sh", `${VG}/${a}`, `${VG}/${b}`, `${VG}/debian-node-12.0-1`]],
            ["boot-files-delete", ["rm", "-rf", "--", `/boot/${a}`, `/boot/${b}`, hidden(a), hidden(b)]],
        ]);
        assertIrreversibleLast(plan);
        // The inactive base reports no data%.
        assert.deepEqual(plan.freedUnknown, ["debian-node-12.0-1"]);
        assert.equal(plan.freedBytes, Math.round(6442450944 * 14.52 / 100) + Math.round(6442450944 * 14.47 / 100));
    });

    test("refuses a base holding the booted or default layer, or pinned", () => {
        assert.deepEqual(refusedCodes(removeBase(two, twoFacts, { jobId: JOB, base: "debian-node-12.0-1" })), ["booted"]);
        assert.deepEqual(refusedCodes(removeBase(two, twoFacts, { jobId: JOB, base: "debian-node-12.1-1" })), ["default"]);
        const pinned = derived("two-bases-rebooted", patch("debian-node-12.0-1", { lv_tags: "imgbased:base,imgbased:pinned" }));
        assert.deepEqual(refusedCodes(removeBase(pinned, rebootedFacts, { jobId: JOB, base: "debian-node-12.0-1" })), ["pinned"]);
    });
});

describe("cleanup", () => {
    // Two more bases of the product (11.5-1 with a pinned layer) and one of another product.
    const many = derived("two-bases-rebooted", rows => [
        ...rows,
        cloneRow(rows, "debian-node-12.0-1", "debian-node-11.0-1"),
        cloneRow(rows, "debian-node-12.0-1+2", "debian-node-11.0-1+1"),
        cloneRow(rows, "debian-node-12.0-1", "debian-node-11.5-1"),
        cloneRow(rows, "debian-node-12.0-1+2", "debian-node-11.5-1+1", { lv_tags: "imgbased:layer,imgbased:pinned" }),
        cloneRow(rows, "debian-node-12.0-1", "other-os-1-1"),
    ]);
    const facts = scenarioFacts("two-bases-rebooted", many);

    test("keeps the newest per product and whatever is protected; the preview says why", () => {
        const result = planned(cleanup(many, facts, { jobId: JOB, retention: 1 })) as CleanupResult;
        assert.deepEqual(result.preview.map(v => [v.name, v.action, v.reasons]), [
            ["debian-node-12.1-1", "keep", ["retained", "booted", "default"]],
            ["debian-node-12.0-1", "remove", ["older-than-retention"]],
            ["debian-node-11.5-1", "keep", ["has-pinned-layer"]],
            ["debian-node-11.0-1", "remove", ["older-than-retention"]],
            ["other-os-1-1", "keep", ["retained"]],
        ]);
        const plan = plannedFrom(many, result.plan!) as RemovalPlan;
        assert.equal(plan.action, "cleanup");
        assert.deepEqual(shown(plan.steps.find(s => s.id === "lv-remove")!.argv), ["sh",
            `${VG}/debian-node-12.0-1+1`, `${VG}/debian-node-12.0-1+2`, `${VG}/debian-node-11.0-1+1`,
            `${VG}/debian-node-12.0-1`, `${VG}/debian-node-11.0-1`]);
        assertIrreversibleLast(plan);
    });

    test("the default retention (2) keeps both real bases; a booted old base is kept before reboot", () => {
        const kept = planned(cleanup(rebooted, rebootedFacts, { jobId: JOB })) as CleanupResult;
        assert.deepEqual(kept.preview.map(v => v.action), ["keep", "keep"]);
        assert.equal(kept.plan, null);
        const notRebooted = planned(cleanup(two, twoFacts, { jobId: JOB, retention: 1 })) as CleanupResult;
        assert.deepEqual(notRebooted.preview.map(v => [v.name, v.action, v.reasons]), [
            ["debian-node-12.1-1", "keep", ["retained", "default"]],
            ["debian-node-12.0-1", "keep", ["booted"]],
        ]);
        assert.equal(notRebooted.plan, null);
    });

    test("a pinned base is kept; a retention below 1 is refused", () => {
        const pinned = derived("two-bases-rebooted", patch("debian-node-12.0-1", { lv_tags: "imgbased:base,imgbased:pinned" }));
        const result = planned(cleanup(pinned, rebootedFacts, { jobId: JOB, retention: 1 })) as CleanupResult;
        assert.deepEqual(result.preview[1], { name: "debian-node-12.0-1", action: "keep", reasons: ["pinned"] });
        assert.deepEqual(refusedCodes(cleanup(two, twoFacts, { jobId: JOB, retention: 0 })), ["invalid-retention"]);
        assert.deepEqual(refusedCodes(cleanup(two, twoFacts, { jobId: JOB, retention: 1.5 })), ["invalid-retention"]);
    });
});

describe("pin / unpin", () => {
    test("a tag on the layer or base LV, undone by removing it", () => {
        const plan = plannedFrom(two, pin(two, { jobId: JOB, name: "debian-node-12.0-1+2" })) as Plan;
        assert.deepEqual([plan.steps[0]!.argv, plan.steps[0]!.undo], [
            ["lvchange", "--addtag", "imgbased:pinned", `${VG}/debian-node-12.0-1+2`],
            [["lvchange", "--deltag", "imgbased:pinned", `${VG}/debian-node-12.0-1+2`]],
        ]);
        const base = plannedFrom(two, pin(two, { jobId: JOB, name: "debian-node-12.0-1" })) as Plan;
        assert.deepEqual(base.steps[0]!.argv, ["lvchange", "--addtag", "imgbased:pinned", `${VG}/debian-node-12.0-1`]);
    });

    test("unpin the pinned; refuse pinning twice, unpinning the unpinned, unknown names", () => {
        const pinned = derived("two-bases", patch("debian-node-12.0-1+2", { lv_tags: "imgbased:layer,imgbased:pinned" }));
        const plan = plannedFrom(pinned, unpin(pinned, { jobId: JOB, name: "debian-node-12.0-1+2" })) as Plan;
        assert.deepEqual(plan.steps[0]!.argv, ["lvchange", "--deltag", "imgbased:pinned", `${VG}/debian-node-12.0-1+2`]);
        assert.deepEqual(refusedCodes(pin(pinned, { jobId: JOB, name: "debian-node-12.0-1+2" })), ["already-pinned"]);
        assert.deepEqual(refusedCodes(unpin(two, { jobId: JOB, name: "debian-node-12.0-1+2" })), ["not-pinned"]);
        assert.deepEqual(refusedCodes(pin(two, { jobId: JOB, name: "scratch" })), ["not-found"]);
    });
});
