// What the fault matrix (fault-matrix.test.ts) found, pinned at the level of the plans: a step
// killed once its command did its work is cleaned up (it began, it was not noted done), so its
// cleanup must revert that work as its undo would; and what is put back is what was there.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { initialize } from "../../src/model/actions/initialize.ts";
import { activateStep, addTagStep, deactivateStep, delTagStep } from "../../src/model/actions/lv-steps.ts";
import { pin, unpin } from "../../src/model/actions/pin.ts";
import { removeLayer } from "../../src/model/actions/remove.ts";
import { makeDefault } from "../../src/model/actions/switch.ts";
import type { InitFacts } from "../../src/model/actions/types.ts";
import { discover } from "../../src/model/layout.ts";
import { parseLvs } from "../../src/model/lvm.ts";
import type { Plan, Step } from "../../src/model/plan.ts";
import { DEFAULT_POLICY } from "../../src/model/policy.ts";
import { derived, HEALTH_PROGRAM, KVER, patch, planned, scenario, scenarioFacts, scenarioRows, VG } from "./actions-fixtures.ts";
import { bootId, debianProbe, FIXTURES_DIR, GRUB_HEADER, loadScenario, lvmReport, mountinfoOf, probeFromDir, reportRows, type Row } from "./fixtures.ts";

const JOB = "job-interrupted-1";
const step = (plan: Plan, id: string): Step => plan.steps.find(s => s.id === id)!;

describe("a step killed after its command did its work is reverted by its cleanup", () => {
    test("LVM tags: added (Initialize's, a pin) or deleted (an unpin)", () => {
        for (const s of [
            addTagStep("t", "t", { vg: VG }, "imgbased:vg"), addTagStep("t", "t", { lv: `${VG}/pool` }, "imgbased:pool"),
            delTagStep("t", "t", `${VG}/x`, "imgbased:pinned"),
        ])
            assert.deepEqual(s.cleanupOnFailure, s.undo);
        const two = scenario("two-bases");
        assert.deepEqual(step(planned(pin(two, { jobId: JOB, name: "debian-node-12.0-1+2" })), "pin").cleanupOnFailure,
            [["lvchange", "--deltag", "imgbased:pinned", `${VG}/debian-node-12.0-1+2`]]);
        const pinned = derived("two-bases", patch("debian-node-12.0-1+2", { lv_tags: "imgbased:layer,imgbased:pinned" }));
        assert.deepEqual(step(planned(unpin(pinned, { jobId: JOB, name: "debian-node-12.0-1+2" })), "unpin").cleanupOnFailure,
            [["lvchange", "--addtag", "imgbased:pinned", `${VG}/debian-node-12.0-1+2`]]);
    });

    test("activation: a removal's deactivated layer is active again, a new layer inactive", () => {
        for (const s of [activateStep("a", "a", `${VG}/x`), deactivateStep("d", "d", `${VG}/x`)])
            assert.deepEqual(s.cleanupOnFailure, s.undo);
        const two = scenario("two-bases");
        const plan = planned(removeLayer(two, scenarioFacts("two-bases", two), { jobId: JOB, layer: "debian-node-12.0-1+2" }));
        assert.deepEqual(step(plan, "deactivate-0").cleanupOnFailure,
            [["lvchange", "--activate", "y", "--ignoreactivationskip", `${VG}/debian-node-12.0-1+2`]]);
    });
});

describe("the boot switch puts back what it overwrote", () => {
    // The lab's GRUB with Debian's GRUB_DEFAULT=0: grub.cfg boots entry 0, grubenv stores another.
    const stock = derived("two-bases", rows => rows, { boot: probeFromDir(join(FIXTURES_DIR, "stock-grub")) });

    test("grubenv's saved_entry, not the default grub.cfg has in effect", () => {
        assert.equal(stock.boot.defaultRef, "0");
        assert.equal(stock.boot.stored?.defaultRef, bootId("debian-node-12.0-1+1"));
        const sw = step(planned(makeDefault(stock, scenarioFacts("two-bases", stock), { jobId: JOB, layer: "debian-node-12.0-1+2" })), "boot-default");
        const back = [["grub-editenv", "/boot/grub/grubenv", "set", `saved_entry=${bootId("debian-node-12.0-1+1")}`]];
        assert.deepEqual(sw.undo, back);
        assert.deepEqual(sw.cleanupOnFailure, back);
    });
});

describe("Initialize undone on a stock Debian GRUB", () => {
    // A plain Debian install on LVM thin, as actions-initialize.test.ts has it.
    const rows: Row[] = scenarioRows("node")
        .filter(r => r.lv_name === "pool" || r.lv_name === "root" || r.lv_name!.startsWith("["))
        .map((r): Row => ({ ...r, lv_tags: "" }))
        .map(r => r.lv_name === "root" ? { ...r, lv_attr: "Vwi-aotz--", data_percent: "30.00" } : r);
    const vgs = lvmReport("vg", reportRows(loadScenario("node").vgs, "vg").map(r => ({ ...r, vg_tags: "" })));
    const cfg = `${GRUB_HEADER}menuentry 'Debian GNU/Linux' --id gnulinux-simple {\n  linux /vmlinuz-${KVER} root=/dev/mapper/${VG}-root ro\n}\n`;
    const discovery = discover({ lvs: lvmReport("lv", rows), vgs, mountinfo: mountinfoOf(`/dev/mapper/${VG}-root`), boot: debianProbe({}, cfg) });
    const facts: InitFacts = {
        cmdline: `root=/dev/mapper/${VG}-root ro`, rootFsType: "ext4",
        boot: { dir: "/boot", separate: true, fsType: "ext4", onThinLv: false, freeBytes: 400e6 },
        kernel: { version: KVER, vmlinuz: `/boot/vmlinuz-${KVER}`, initrd: `/boot/initrd.img-${KVER}` },
        bootFiles: { [`/boot/vmlinuz-${KVER}`]: 8e6, [`/boot/initrd.img-${KVER}`]: 30e6 },
        policy: DEFAULT_POLICY, healthProgram: HEALTH_PROGRAM, lvs: parseLvs(lvmReport("lv", rows)), osRelease: { id: "debian", versionId: "12" },
    };

    test("removing our GRUB files regenerates the menu, which was made with them meanwhile", () => {
        const plan = planned(initialize(discovery, facts, { jobId: JOB }));
        for (const id of ["grub-snippet", "grub-default-saved"]) {
            assert.deepEqual(step(plan, id).undo!.at(-1), ["update-grub"], id);
            assert.deepEqual(step(plan, id).cleanupOnFailure!.at(-1), ["update-grub"], id);
        }
    });
});
