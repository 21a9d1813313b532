import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { bootCommands } from "../../src/model/actions/boot-commands.ts";
import { shArgv } from "../../src/model/actions/file-steps.ts";
import { rollbackTarget } from "../../src/model/actions/layout-query.ts";
import { bootOnce, makeDefault, rollback } from "../../src/model/actions/switch.ts";
import { GRUB_MENU_REFRESH } from "../../src/model/grub-snippet.ts";
import type { Plan } from "../../src/model/plan.ts";
import { assertShellcheckClean, cloneRow, derived, patch, planned, plannedFrom, refusedCodes, scenario, scenarioFacts } from "./actions-fixtures.ts";
import { bootId, debianProbe, FIXTURES_DIR, probeFromDir, readFixture } from "./fixtures.ts";

const JOB = "job-switch-1";
// two-bases: 12.0-1+1 booted, 12.0-1+2, 12.1-1+1 the default (upgrade not rebooted yet).
const two = scenario("two-bases");
const twoFacts = scenarioFacts("two-bases", two);
const id = bootId;

describe("makeDefault / bootOnce (grub-debian)", () => {
    test("one step: grub-set-default by entry id; undo restores the saved entry", () => {
        const plan = plannedFrom(two, makeDefault(two, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })) as Plan;
        assert.equal(plan.action, "make-default");
        assert.deepEqual(plan.steps.map(s => [s.id, s.kind, s.argv, s.undo]), [[
            "boot-default", "boot-default", ["grub-set-default", id("debian-node-12.0-1+2")],
            [["grub-editenv", "/boot/grub/grubenv", "set", `saved_entry=${id("debian-node-12.1-1+1")}`]],
        ]]);
        assert.equal(plan.steps[0]!.changesBoot, true, "the page offers a reboot after it");
    });

    test("boot once: grub-reboot; undo clears next_entry, or puts the previous one back", () => {
        const plan = plannedFrom(two, bootOnce(two, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })) as Plan;
        assert.deepEqual([plan.steps[0]!.argv, plan.steps[0]!.undo], [
            ["grub-reboot", id("debian-node-12.0-1+2")], [["grub-editenv", "/boot/grub/grubenv", "unset", "next_entry"]],
        ]);
        const entries: [string, string][] = ["debian-node-12.0-1+1", "debian-node-12.0-1+2", "debian-node-12.1-1+1"]
            .map(l => [id(l), readFixture("two-bases", `entries/${id(l)}.conf`)]);
        const pending = derived("two-bases", rows => rows, {
            boot: debianProbe({ saved_entry: id("debian-node-12.1-1+1"), next_entry: id("debian-node-12.0-1+2") },
                readFixture("two-bases", "grub.cfg"), entries),
        });
        assert.equal(pending.nextBootLayer, "debian-node-12.0-1+2");
        assert.deepEqual(refusedCodes(bootOnce(pending, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })), ["already-next"]);
        const other = plannedFrom(pending, bootOnce(pending, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+1" })) as Plan;
        assert.deepEqual(other.steps[0]!.undo, [["grub-editenv", "/boot/grub/grubenv", "set", `next_entry=${id("debian-node-12.0-1+2")}`]]);
    });

    test("refuses: unknown layer, already the default", () => {
        assert.deepEqual(refusedCodes(makeDefault(two, twoFacts, { jobId: JOB, layer: "nope+1" })), ["not-found"]);
        assert.deepEqual(refusedCodes(makeDefault(two, twoFacts, { jobId: JOB, layer: "debian-node-12.1-1+1" })), ["already-default"]);
    });

    test("refuses what would not boot: no entry, read-only LV, skipped activation, kernel files gone", () => {
        const noEntry = derived("two-bases", rows => [...rows, cloneRow(rows, "debian-node-12.0-1+2", "debian-node-12.0-1+3")]);
        assert.deepEqual(refusedCodes(makeDefault(noEntry, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+3" })), ["no-entry"]);
        const flags = derived("two-bases", patch("debian-node-12.0-1+2", { lv_attr: "Vri-a-tz-k" }));
        assert.deepEqual(refusedCodes(makeDefault(flags, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })),
            ["layer-read-only", "layer-skips-activation"]);
        assert.deepEqual(refusedCodes(bootOnce(two, { ...twoFacts, bootFiles: {} }, { jobId: JOB, layer: "debian-node-12.0-1+2" })),
            ["kernel-missing", "kernel-missing"]);
    });

    test("an unknown boot loader is not touched", () => {
        const unknown = derived("two-bases", rows => rows, { boot: "" });
        assert.ok(refusedCodes(makeDefault(unknown, twoFacts, { jobId: JOB, layer: "debian-node-12.0-1+2" })).includes("unknown-backend"));
    });
});

describe("systemd-boot", () => {
    const layout = derived("two-bases", rows => rows, { boot: readFixture("systemd-boot", "boot-probe.txt") });
    const kver = "6.1.0-41-amd64";
    const facts = scenarioFacts("two-bases", layout, {
        boot: { dir: "/efi", separate: true, fsType: "vfat", onThinLv: false, freeBytes: 200e6 },
        bootFiles: Object.fromEntries(["debian-node-12.0-1+1", "debian-node-12.1-1+1"].flatMap(l =>
            [[`/efi/${l}/vmlinuz-${kver}`, 8e6], [`/efi/${l}/initrd.img-${kver}`, 30e6]])),
    });

    test("bootctl set-default with the .conf id; undo restores LoaderEntryDefault", () => {
        const plan = plannedFrom(layout, makeDefault(layout, facts, { jobId: JOB, layer: "debian-node-12.0-1+1" })) as Plan;
        assert.deepEqual([plan.steps[0]!.argv, plan.steps[0]!.undo], [
            ["bootctl", "set-default", "imgbased-debian-node-12.0-1_1.conf"],
            [["bootctl", "set-default", "imgbased-debian-node-12.1-1_1.conf"]],
        ]);
        assert.deepEqual(refusedCodes(bootOnce(layout, facts, { jobId: JOB, layer: "debian-node-12.0-1+1" })), ["already-next"]);
    });
});

describe("bootCommands", () => {
    test("per backend: set default, once, refresh, and what undo writes without a previous value", () => {
        const table = (["grub-debian", "grub2-bls", "systemd-boot"] as const).map(backend => {
            const c = bootCommands(backend)!;
            return [backend, c.menuId("imgbased-a_1"), c.setDefault("X", null), c.bootOnce("X", null), c.refresh];
        });
        assert.deepEqual(table, [
            ["grub-debian", "imgbased-a_1",
                { argv: ["grub-set-default", "X"], undo: [["grub-editenv", "/boot/grub/grubenv", "unset", "saved_entry"]] },
                { argv: ["grub-reboot", "X"], undo: [["grub-editenv", "/boot/grub/grubenv", "unset", "next_entry"]] },
                shArgv(GRUB_MENU_REFRESH)],
            ["grub2-bls", "imgbased-a_1",
                { argv: ["grub2-set-default", "X"], undo: [["grub2-editenv", "/boot/grub2/grubenv", "unset", "saved_entry"]] },
                { argv: ["grub2-reboot", "X"], undo: [["grub2-editenv", "/boot/grub2/grubenv", "unset", "next_entry"]] },
                null],
            ["systemd-boot", "imgbased-a_1.conf",
                { argv: ["bootctl", "set-default", "X"], undo: [["bootctl", "set-default", ""]] },
                { argv: ["bootctl", "set-oneshot", "X"], undo: [["bootctl", "set-oneshot", ""]] },
                null],
        ]);
        assert.equal(bootCommands("unknown"), null);
    });
});

describe("rollback", () => {
    test("an upgrade not rebooted into yet: back to the booted layer", () => {
        assert.equal(rollbackTarget(two)?.name, "debian-node-12.0-1+1");
        const plan = plannedFrom(two, rollback(two, twoFacts, { jobId: JOB })) as Plan;
        assert.equal(plan.action, "rollback");
        assert.equal(plan.title, "Roll back to debian-node-12.0-1+1");
        assert.deepEqual(plan.steps[0]!.argv, ["grub-set-default", id("debian-node-12.0-1+1")]);
    });

    test("after the reboot: the newest layer of the next older base", () => {
        const rebooted = scenario("two-bases-rebooted");
        assert.equal(rollbackTarget(rebooted)?.name, "debian-node-12.0-1+2");
    });

    test("a rollback already pending steps further back, not forward", () => {
        // Rebooted into 12.1-1+1, then rolled back to 12.0-1+2 (the default now).
        const entries: [string, string][] = ["debian-node-12.0-1+1", "debian-node-12.0-1+2", "debian-node-12.1-1+1"]
            .map(l => [id(l), readFixture("two-bases-rebooted", `entries/${id(l)}.conf`)]);
        const layout = derived("two-bases-rebooted", rows => rows, {
            boot: debianProbe({ saved_entry: id("debian-node-12.0-1+2") }, readFixture("two-bases-rebooted", "grub.cfg"), entries),
        });
        assert.equal(layout.defaultLayer, "debian-node-12.0-1+2");
        assert.equal(rollbackTarget(layout)?.name, "debian-node-12.0-1+1");
    });

    test("layers without an entry are skipped; at the oldest there is nothing (no wrap-around)", () => {
        const node = scenario("node");
        assert.equal(rollbackTarget(node), null);
        assert.deepEqual(refusedCodes(rollback(node, scenarioFacts("node", node), { jobId: JOB })), ["no-older-layer"]);
        // The rebooted host with menu entries taken out of its (real) grub.cfg.
        const cfg = readFixture("two-bases-rebooted", "grub.cfg");
        const without = (...layers: string[]) => derived("two-bases-rebooted", rows => rows, {
            boot: debianProbe({ saved_entry: id("debian-node-12.1-1+1") },
                cfg.split("\nmenuentry").filter(part => !layers.some(l => part.includes(`(${l})`))).join("\nmenuentry")),
        });
        assert.equal(rollbackTarget(without("debian-node-12.0-1+2"))?.name, "debian-node-12.0-1+1");
        assert.equal(rollbackTarget(without("debian-node-12.0-1+2", "debian-node-12.0-1+1")), null);
    });
});

// Debian's stock GRUB_DEFAULT=0: grub.cfg recorded in the lab after update-grub with our snippet
// installed and GRUB_DEFAULT=0 (test/fixtures/stock-grub); grub-set-default alone would change
// nothing GRUB reads.
describe("a GRUB whose grub.cfg ignores the saved default", () => {
    const stock = derived("two-bases", rows => rows, { boot: probeFromDir(join(FIXTURES_DIR, "stock-grub")) });
    const facts = scenarioFacts("two-bases", stock);

    test("is a problem that names the fixed default", () => {
        assert.equal(stock.boot.fixedDefault, "0");
        assert.deepEqual(stock.problems.filter(p => p.code === "default-not-saved"), [
            { code: "default-not-saved", severity: "warning", subject: "0", params: { backend: "grub-debian" } },
        ]);
        assert.equal(two.boot.fixedDefault, undefined, "the lab's grub.cfg reads saved_entry");
    });

    test("make default (and so roll back) installs GRUB_DEFAULT=saved and run update-grub before the switch; boot once needs none of it", () => {
        // Roll back makes its target the default through the same planning.
        const plan = plannedFrom(stock, makeDefault(stock, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" }));
        assert.deepEqual(plan.steps.map(s => s.id), ["grub-snippet", "grub-default-saved", "boot-menu-saved", "boot-default"]);
        assert.deepEqual(plan.steps[2]!.argv, ["update-grub"]);
        // Undoing our GRUB files regenerates the menu as it was made without them.
        assert.deepEqual(plan.steps[1]!.undo!.at(-1), ["update-grub"]);
        assert.deepEqual(plan.steps[3]!.argv, ["grub-set-default", id("debian-node-12.0-1+2")]);
        assertShellcheckClean(planned(makeDefault(stock, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" })));
        const once = plannedFrom(stock, bootOnce(stock, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" }));
        assert.deepEqual(once.steps.map(s => s.id), ["boot-once"], "next_entry is read whatever GRUB_DEFAULT is");
    });

    test("GRUB with BLS (grub2-mkconfig reads only /etc/default/grub): refused, with the fix", () => {
        const bls = { ...stock, boot: { ...stock.boot, backend: "grub2-bls" as const } };
        assert.ok(refusedCodes(makeDefault(bls, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" })).includes("default-not-saved"));
    });
});

// A grub.cfg that never runs load_env (written by hand, or by a tool that does not know grubenv):
// GRUB reads neither saved_entry nor next_entry. The lab's recorded grub.cfg without that line.
describe("a GRUB whose grub.cfg never loads grubenv", () => {
    const probe = probeFromDir(join(FIXTURES_DIR, "two-bases"));
    assert.match(probe, /^ {2}load_env$/m);
    const blind = derived("two-bases", rows => rows, { boot: probe.replace(/^ {2}load_env$/m, "") });
    const facts = scenarioFacts("two-bases", blind);

    test("is a problem naming the grub.cfg; what boots is the first entry, whatever grubenv stores", () => {
        assert.deepEqual(blind.problems.filter(p => p.code === "grubenv-not-loaded"), [
            { code: "grubenv-not-loaded", severity: "warning", subject: "/boot/grub/grub.cfg", params: { backend: "grub-debian" } },
        ]);
        assert.equal(blind.boot.defaultRef, null);
        assert.equal(blind.boot.stored?.defaultRef, id("debian-node-12.1-1+1"), "grubenv still stores the choice");
        assert.equal(two.boot.grubenvNotLoaded, undefined, "the recorded grub.cfg loads it");
    });

    test("make default and boot once regenerate the menu first on Debian; GRUB with BLS is refused", () => {
        const plan = plannedFrom(blind, makeDefault(blind, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" }));
        assert.deepEqual(plan.steps.map(s => s.id), ["grub-snippet", "grub-default-saved", "boot-menu-saved", "boot-default"]);
        const once = plannedFrom(blind, bootOnce(blind, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" }));
        assert.deepEqual(once.steps.map(s => s.id), ["grub-snippet", "grub-default-saved", "boot-menu-saved", "boot-once"]);
        const bls = { ...blind, boot: { ...blind.boot, backend: "grub2-bls" as const } };
        assert.deepEqual(refusedCodes(bootOnce(bls, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" })), ["grubenv-not-loaded"]);
    });
});

// Debian's grub.cfg without our section (/etc/grub.d/42_imgbased gone, then update-grub): the
// recorded stock grub.cfg with that section cut out, and its entry files still there.
describe("a Debian grub.cfg that lacks our menu entries", () => {
    const probe = probeFromDir(join(FIXTURES_DIR, "stock-grub"));
    const cut = probe.replace(/### BEGIN \/etc\/grub\.d\/42_imgbased ###[\s\S]*?### END \/etc\/grub\.d\/42_imgbased ###\n/, "");
    assert.notEqual(cut, probe);
    const lacking = derived("two-bases", rows => rows, { boot: cut });

    test("is one problem naming the entries GRUB cannot boot, not a missing entry per layer; their layers cannot be chosen", () => {
        const ids = [id("debian-node-12.0-1+1"), id("debian-node-12.0-1+2")];
        assert.deepEqual(lacking.boot.entriesNotInMenu, ids);
        assert.deepEqual(lacking.problems.filter(p => p.code === "entries-not-in-menu"), [{ code: "entries-not-in-menu", severity: "warning", subject: ids.join(", ") }]);
        assert.deepEqual(lacking.problems.filter(p => p.code === "layer-without-entry").map(p => p.subject), ["debian-node-12.1-1+1"],
                         "the layer with no entry file at all is still its own problem");
        const facts = scenarioFacts("two-bases", lacking);
        assert.deepEqual(refusedCodes(makeDefault(lacking, facts, { jobId: JOB, layer: "debian-node-12.0-1+2" })), ["no-entry"]);
        assert.equal(derived("two-bases", rows => rows, { boot: probe }).boot.entriesNotInMenu, undefined, "the recorded menu has them all");
    });
});
