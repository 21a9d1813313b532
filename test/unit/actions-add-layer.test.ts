import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { addLayer } from "../../src/model/actions/add-layer.ts";
import { bootCommands } from "../../src/model/actions/boot-commands.ts";
import { sidecarPath, shArgv } from "../../src/model/actions/file-steps.ts";
import { HEALTH_PROGRAM_PATH, HEALTH_UNIT_PATH, HEALTH_WANTS_PATH, WATCHDOG_UNIT_PATH, WATCHDOG_WANTS_PATH } from "../../src/model/actions/health-steps.ts";
import { lvremoveIfCreated } from "../../src/model/actions/lv-steps.ts";
import { parseBlsEntry } from "../../src/model/bls.ts";
import { GRUB_DEFAULT_DROPIN_PATH, GRUB_SNIPPET_PATH } from "../../src/model/grub-snippet.ts";
import { describePlan, renderUndoScript, type Plan, type Step } from "../../src/model/plan.ts";
import {
    assertShellcheckClean, cloneRow, derived, dev, KVER, patch, planned, plannedFrom, refusedCodes, scenario, scenarioFacts, shown, VG,
} from "./actions-fixtures.ts";
import { readFixture } from "./fixtures.ts";

const JOB = "job-add-1";
const node = scenario("node");
const nodeFacts = scenarioFacts("node", node);

const args = (step: Step) => shown(step.argv);

const L = "debian-node-12.0-1+2";
const MNT = `/run/imgbased/mnt/${JOB}`;
const ENTRY = `/boot/loader/entries/imgbased-debian-node-12.0-1_2.conf`;
const ENTRY_TEXT = `title debian-node 12.0-1 (${L})\nversion ${KVER}\nlinux /${L}/vmlinuz-${KVER}\ninitrd /${L}/initrd.img-${KVER}\n`
    + `options root=/dev/${VG}/${L} rd.lvm.lv=${VG}/${L} ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=${L}\n`;

describe("addLayer on the lab node (grub-debian, ext4)", () => {
    const plan = plannedFrom(node, addLayer(node, nodeFacts, { jobId: JOB, base: "debian-node-12.0-1" })) as Plan;

    test("what a shell reads of it passes shellcheck", () => {
        assertShellcheckClean(planned(addLayer(node, nodeFacts, { jobId: JOB, base: "debian-node-12.0-1", select: "default" })));
    });

    test("exact steps and commands", () => {
        assert.equal(plan.action, "add-layer");
        assert.equal(plan.id, JOB);
        // Written files by path and mode (their text is long; actions-upgrade.test.ts reads it).
        const summary = (s: Step) => s.id.includes("grub-") ? shown(s.argv).slice(1, s.id.startsWith("layer-") ? 4 : 3)
            : s.id === "layer-health" ? s.argv.slice(4).filter((_a, i) => i === 0 || i % 3 !== 0) : args(s);
        assert.deepEqual(plan.steps.map(s => [s.id, summary(s)]), [
            // The menu refresh below needs our snippet and GRUB_DEFAULT=saved (a no-op where they are).
            ["grub-snippet", [GRUB_SNIPPET_PATH, "0755"]],
            ["grub-default-saved", [GRUB_DEFAULT_DROPIN_PATH, "0644"]],
            ["layer-create", ["lvcreate", "--snapshot", "--setactivationskip", "n", "--addtag", "imgbased:layer", "--addtag", `imgbased:job=${JOB}`, "--name", L, `${VG}/debian-node-12.0-1`]],
            ["layer-activate", ["lvchange", "--activate", "y", "--ignoreactivationskip", `${VG}/${L}`]],
            // tune2fs -U, after e2fsck -f only without metadata_csum_seed (the script is run in fresh-uuid.test.ts).
            ["fs-uuid", ["sh", dev(L)]],
            ["layer-mount", ["sh", dev(L), MNT, ""]],
            ["fstab-root", ["sh", MNT, dev(L), "ext4"]],
            // The new layer gets them too: update-grub in it (a kernel update) keeps the menu. They
            // are written inside the layer's tree, through no link of the image's.
            ["layer-grub-snippet", [MNT, GRUB_SNIPPET_PATH, "0755"]],
            ["layer-grub-default-saved", [MNT, GRUB_DEFAULT_DROPIN_PATH, "0644"]],
            // The health checks (health-steps.ts), after what the layer carries.
            ["layer-health", [MNT, HEALTH_PROGRAM_PATH, "0755", HEALTH_UNIT_PATH, "0644", HEALTH_WANTS_PATH, "0644",
                WATCHDOG_UNIT_PATH, "0644", WATCHDOG_WANTS_PATH, "0644"]],
            ["layer-unmount", ["sh", MNT]],
            ["boot-files", ["sh", `/boot/${L}`, `/boot/debian-node-12.0-1+1/vmlinuz-${KVER}`, `vmlinuz-${KVER}`,
                `/boot/debian-node-12.0-1+1/initrd.img-${KVER}`, `initrd.img-${KVER}`]],
            ["boot-entry", ["sh", ENTRY, "0644", ENTRY_TEXT, sidecarPath(ENTRY, JOB)]],
            // Our part of grub.cfg only (update-grub where it cannot): grub-snippet.test.ts runs it.
            ["boot-menu", ["sh"]],
        ]);
        assert.deepEqual(plan.steps.at(-1)!.argv, bootCommands("grub-debian")!.refresh);
    });

    test("the entry is the lab's format for the new layer, with the node's own options", () => {
        const entry = parseBlsEntry("imgbased-debian-node-12.0-1_2", ENTRY_TEXT);
        assert.equal(entry.rootLv, `${VG}/${L}`);
        assert.equal(entry.ours, true);
        const lab = readFixture("node", "entries/imgbased-debian-node-12.0-1_1.conf");
        assert.equal(ENTRY_TEXT.split("\n").slice(1).join("\n"), lab.split("\n").slice(1).join("\n").replaceAll("debian-node-12.0-1+1", L));
    });

    test("every step that changes something outside the new LV can be undone; the LV's removal undoes the rest", () => {
        const byId = new Map(plan.steps.map(s => [s.id, s]));
        assert.deepEqual(byId.get("layer-create")!.undo, [["lvremove", "-y", `${VG}/${L}`]]);
        assert.deepEqual(byId.get("layer-create")!.cleanupOnFailure, [lvremoveIfCreated(`${VG}/${L}`, JOB)]);
        assert.deepEqual(byId.get("layer-activate")!.undo, [["lvchange", "--activate", "n", `${VG}/${L}`]]);
        assert.deepEqual(byId.get("boot-files")!.undo, [["rm", "-rf", "--", `/boot/${L}`]]);
        // Undoing the entry regenerates the menu, after the file is gone.
        assert.deepEqual(byId.get("boot-entry")!.undo![1], bootCommands("grub-debian")!.refresh);
        assert.equal(byId.get("boot-entry")!.undo!.length, 2);
        assert.deepEqual(plan.steps.filter(s => !s.undo).map(s => s.id), [
            "fs-uuid", "fstab-root", "layer-grub-snippet", "layer-grub-default-saved", "layer-health", "layer-unmount", "boot-menu",
        ]);
    });

    test("the job script undoes newest first", () => {
        const script = renderUndoScript(plan);
        const order = [...script.matchAll(/^\troll_back (\d+) /gm)].map(m => Number(m[1]));
        assert.deepEqual(order, [...order].sort((a, b) => b - a));
        assert.ok(order.includes(0));
        assert.ok(describePlan(plan).some(line => line.includes("Regenerate our entries in the GRUB menu")));
    });

    test("no boot switch unless asked; asked, it is the last step and undoes to the old default", () => {
        assert.ok(!plan.steps.some(s => s.kind.startsWith("boot-default") || s.kind === "boot-once"));
        const chosen = plannedFrom(node, addLayer(node, nodeFacts, { jobId: JOB, base: "debian-node-12.0-1", select: "default" })) as Plan;
        const last = chosen.steps.at(-1)!;
        assert.equal(last.id, "boot-default");
        assert.deepEqual(last.argv, ["grub-set-default", "imgbased-debian-node-12.0-1_2"]);
        assert.deepEqual(last.undo, [["grub-editenv", "/boot/grub/grubenv", "set", "saved_entry=imgbased-debian-node-12.0-1_1"]]);
        const once = plannedFrom(node, addLayer(node, nodeFacts, { jobId: JOB, base: "debian-node-12.0-1", select: "once" })) as Plan;
        assert.deepEqual(once.steps.at(-1)!.argv, ["grub-reboot", "imgbased-debian-node-12.0-1_2"]);
        assert.deepEqual(once.steps.at(-1)!.undo, [["grub-editenv", "/boot/grub/grubenv", "unset", "next_entry"]]);
    });
});

describe("addLayer: other hosts", () => {
    test("the next index is one above the highest; the kernel is the base's own", () => {
        const layout = scenario("two-bases");
        const plan = plannedFrom(layout, addLayer(layout, scenarioFacts("two-bases", layout), { jobId: JOB, base: "debian-node-12.1-1" })) as Plan;
        const created = (p: Plan) => p.steps.find(s => s.id === "layer-create")!.argv.at(-2);
        assert.equal(created(plan), "debian-node-12.1-1+2");
        assert.equal(args(plan.steps.find(s => s.id === "boot-files")!)[2], `/boot/debian-node-12.1-1+1/vmlinuz-${KVER}`);
        const plus3 = plannedFrom(layout, addLayer(layout, scenarioFacts("two-bases", layout), { jobId: JOB, base: "debian-node-12.0-1" })) as Plan;
        assert.equal(created(plus3), "debian-node-12.0-1+3");
    });

    test("xfs: mounted with nouuid first (log replay), the UUID renewed after unmounting", () => {
        const plan = plannedFrom(node, addLayer(node, { ...nodeFacts, rootFsType: "xfs" }, { jobId: JOB, base: "debian-node-12.0-1" })) as Plan;
        const ids = plan.steps.map(s => s.id);
        assert.deepEqual(ids.slice(ids.indexOf("layer-activate"), ids.indexOf("boot-files")), [
            "layer-activate", "layer-mount", "fstab-root", "layer-grub-snippet", "layer-grub-default-saved", "layer-health", "layer-unmount", "fs-uuid",
        ]);
        const step = (id: string) => args(plan.steps.find(s => s.id === id)!);
        assert.deepEqual(step("layer-mount"), ["sh", dev(L), MNT, "nouuid"]);
        assert.deepEqual(step("fstab-root"), ["sh", MNT, dev(L), "xfs"]);
        assert.deepEqual(step("fs-uuid"), ["xfs_admin", "-U", "generate", dev(L)]);
    });

    test("systemd-boot: entry and kernel on the ESP, no menu refresh, bootctl ids with .conf", () => {
        const layout = derived("two-bases", rows => rows, { boot: readFixture("systemd-boot", "boot-probe.txt") });
        assert.equal(layout.boot.backend, "systemd-boot");
        const kver = "6.1.0-41-amd64";
        const facts = scenarioFacts("two-bases", layout, {
            boot: { dir: "/efi", separate: true, fsType: "vfat", onThinLv: false, freeBytes: 200e6 },
            bootFiles: { [`/efi/debian-node-12.0-1+1/vmlinuz-${kver}`]: 8e6, [`/efi/debian-node-12.0-1+1/initrd.img-${kver}`]: 30e6 },
        });
        const plan = plannedFrom(layout, addLayer(layout, facts, { jobId: JOB, base: "debian-node-12.0-1", select: "once" })) as Plan;
        const entry = plan.steps.find(s => s.id === "boot-entry")!;
        assert.equal(args(entry)[1], "/efi/loader/entries/imgbased-debian-node-12.0-1_3.conf");
        assert.match(args(entry)[3]!, /\nlinux \/debian-node-12\.0-1\+3\/vmlinuz-6\.1\.0-41-amd64\n/);
        assert.equal(args(plan.steps.find(s => s.id === "boot-files")!)[1], "/efi/debian-node-12.0-1+3");
        assert.ok(!plan.steps.some(s => s.id === "boot-menu" || s.kind.startsWith("grub-")));
        assert.deepEqual(plan.steps.at(-1)!.argv, ["bootctl", "set-oneshot", "imgbased-debian-node-12.0-1_3.conf"]);
        assert.deepEqual(plan.steps.at(-1)!.undo, [["bootctl", "set-oneshot", "imgbased-debian-node-12.0-1_1.conf"]]);
    });
});

describe("addLayer refuses", () => {
    const base = "debian-node-12.0-1";
    const refuse = (layout = node, facts = nodeFacts, name = base) => refusedCodes(addLayer(layout, facts, { jobId: JOB, base: name }));

    test("an unknown base, or one whose LV is gone", () => {
        assert.deepEqual(refuse(node, nodeFacts, "nope-1-1"), ["not-found"]);
        const gone = derived("two-bases", rows => rows.filter(r => r.lv_name !== "debian-node-12.1-1"));
        assert.deepEqual(refuse(gone, scenarioFacts("two-bases", gone), "debian-node-12.1-1"), ["base-missing"]);
    });

    test("a name another LV has (the foreign LV keeps it)", () => {
        const layout = derived("two-bases", rows => [...rows, cloneRow(rows, "scratch", "debian-node-12.1-1+2")]);
        assert.ok(layout.foreign.some(lv => lv.name === "debian-node-12.1-1+2"));
        assert.deepEqual(refuse(layout, scenarioFacts("two-bases", layout), "debian-node-12.1-1"), ["name-taken"]);
    });

    test("a name longer than LVM allows", () => {
        const long = `${"x".repeat(46)}-12.0-1`;
        const layout = derived("node", rows => [
            ...rows,
            cloneRow(rows, "debian-node-12.0-1", long),
            cloneRow(rows, "debian-node-12.0-1+1", `${long}+9`, { lv_attr: "Vwi-a-tz--" }),
        ]);
        // Its layer has no entry either, so no kernel is known for it.
        assert.deepEqual(refuse(layout, nodeFacts, long), ["name-invalid", "kernel-missing"]);
    });

    test("a full pool, a full /boot, a missing kernel, all at once", () => {
        const full = derived("node", patch("pool", { data_percent: "95.00" }));
        assert.deepEqual(refuse(full, { ...nodeFacts, boot: { ...nodeFacts.boot, freeBytes: 1000 } }), ["pool-full", "boot-space"]);
        assert.deepEqual(refuse(node, { ...nodeFacts, bootFiles: {} }), ["kernel-missing", "kernel-missing"]);
    });

    test("a base no entry names a kernel for, unless it is the booted one's", () => {
        const layout = derived("two-bases", rows => [...rows, cloneRow(rows, "debian-node-12.1-1", "debian-node-11.0-1")]);
        assert.deepEqual(refuse(layout, scenarioFacts("two-bases", layout), "debian-node-11.0-1"), ["kernel-missing"]);
    });

    test("an unknown boot loader, an unknown root filesystem", () => {
        const noBoot = derived("node", rows => rows, { boot: "" });
        assert.equal(noBoot.boot.backend, "unknown");
        assert.deepEqual(refuse(noBoot), ["unknown-backend"]);
        assert.deepEqual(refuse(node, { ...nodeFacts, rootFsType: "btrfs" }), ["root-fs-unsupported"]);
    });
});

test("shArgv passes the script as one word and arguments after $0", () => {
    assert.deepEqual(shArgv("echo $1", "a b"), ["sh", "-c", "echo $1", "imgbased", "a b"]);
});
