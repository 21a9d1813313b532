// The fault matrix's plans: one per action kind, made by the real planners from the recorded
// scenarios (test/fixtures/, as the actions-*.test.ts make theirs), each with the world it was
// planned from, which the fault lab sets up for its job to run on (world.ts). A new step in a
// planner shows up here by itself; a new action kind is one entry in faultPlans().

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { addLayer } from "../../../src/model/actions/add-layer.ts";
import { cleanup } from "../../../src/model/actions/cleanup.ts";
import { initialize } from "../../../src/model/actions/initialize.ts";
import { savePersist } from "../../../src/model/actions/persist.ts";
import { pin, unpin } from "../../../src/model/actions/pin.ts";
import { setPolicy } from "../../../src/model/actions/policy.ts";
import { removeBase, removeLayer } from "../../../src/model/actions/remove.ts";
import { bootOnce, makeDefault, rollback } from "../../../src/model/actions/switch.ts";
import { acceptTrial, giveUpTrial } from "../../../src/model/actions/trial-end.ts";
import { tryLayer } from "../../../src/model/actions/try-layer.ts";
import type { InitFacts } from "../../../src/model/actions/types.ts";
import { upgrade } from "../../../src/model/actions/upgrade.ts";
import { GRUB_DEFAULT_DROPIN, GRUB_DEFAULT_DROPIN_PATH, GRUB_SNIPPET, GRUB_SNIPPET_PATH } from "../../../src/model/grub-snippet.ts";
import { discover } from "../../../src/model/layout.ts";
import { parseLvs } from "../../../src/model/lvm.ts";
import { bytesToBinary } from "../../../src/model/nul-records.ts";
import { PERSIST_FILE, renderPersistFile, type PersistEntry } from "../../../src/model/persist.ts";
import type { PersistCheck } from "../../../src/model/persist-probe.ts";
import type { Plan } from "../../../src/model/plan.ts";
import { DEFAULT_POLICY } from "../../../src/model/policy.ts";
import { parseImageProbe, type ImageProbe } from "../../../src/model/upgrade/image-probe.ts";
import { renderTrial, type PendingTrial } from "../../../src/model/trial.ts";
import type { Layout } from "../../../src/model/types.ts";
import { bootFilesOf, derived, HEALTH_PROGRAM, KVER, patch, planned, scenario, scenarioFacts, scenarioRows, VG, type Scenario } from "../actions-fixtures.ts";
import {
    bootId, debianProbe, FIXTURES_DIR, fixturePath, GRUB_HEADER, grubenvBlock, loadScenario, lvmReport, mountinfoOf, probeFromDir, readFixture,
    reportRows, type Row,
} from "../fixtures.ts";
import type { WorldSpec } from "./world.ts";

export interface FaultPlan {
    /** The plan's action, or a variant of it ("make-default-stock-grub"). */
    name: string;
    world: WorldSpec;
    plan: Plan;
}

/** Job ids are unique per plan, so the state and tags of one never match another's. */
const jobId = (name: string) => `fault-${name}`;

const OUR_PERSIST: PersistEntry[] = [{ pattern: "/etc/hostname", comment: "This host's name" }];
const EDITED_PERSIST: PersistEntry[] = [...OUR_PERSIST, { pattern: "/etc/ssh/ssh_host_*", comment: "" }];
const check = (pattern: string, realPrefix: string): PersistCheck => ({ pattern, realPrefix, matches: 1, files: 1, bytes: 10, samples: [] });

/** What the lab node has in /etc: our snippet, GRUB_DEFAULT=saved, the persist list. */
function labEtc(grubDefault = "saved", dropin = true): WorldSpec["etc"] {
    return [
        { path: "/etc/default/grub", content: `GRUB_DEFAULT=${grubDefault}\nGRUB_TIMEOUT=5\n`, mode: 0o644 },
        { path: GRUB_SNIPPET_PATH, content: GRUB_SNIPPET, mode: 0o755 },
        ...(dropin ? [{ path: GRUB_DEFAULT_DROPIN_PATH, content: GRUB_DEFAULT_DROPIN, mode: 0o644 }] : []),
        { path: PERSIST_FILE, content: renderPersistFile(OUR_PERSIST), mode: 0o644 },
    ];
}

/** A recorded fixture dir's boot files: grubenv and entries/*.conf. */
function fixtureBoot(dir: string): Pick<WorldSpec, "grubenv" | "entries"> {
    const entries = join(FIXTURES_DIR, dir, "entries");
    return {
        grubenv: readFixture(dir, "grubenv"),
        entries: readdirSync(entries).filter(n => n.endsWith(".conf")).sort()
            .map((n): [string, string] => [n.slice(0, -".conf".length), readFileSync(join(entries, n), "utf8")]),
    };
}

/** A layout's world: the LVs it was read from, node's VG tags, a fixture dir's boot files, /etc. */
function layoutWorld(name: string, rows: Row[], layout: Layout, bootDir: string, etc = labEtc()): WorldSpec {
    const vgTags = reportRows(loadScenario("node").vgs, "vg")[0]!.vg_tags!.split(",").filter(Boolean);
    return { name, vg: VG, vgTags, lvs: rows, ...fixtureBoot(bootDir), bootFiles: Object.keys(bootFilesOf(layout)), etc };
}

function recorded(name: Scenario): { layout: Layout; world: WorldSpec } {
    const layout = scenario(name);
    return { layout, world: layoutWorld(name, scenarioRows(name), layout, name) };
}

/**
 * Initialize's host: a plain Debian install on LVM thin (the node's real rows with every imgbased
 * tag gone, as actions-initialize.test.ts has it), Debian's own kernel in /boot, GRUB_DEFAULT=0.
 */
function initializePlan(): FaultPlan {
    const rows = scenarioRows("node")
        .filter(r => r.lv_name === "pool" || r.lv_name === "root" || r.lv_name!.startsWith("["))
        .map((r): Row => ({ ...r, lv_tags: "" }))
        .map(r => r.lv_name === "root" ? { ...r, lv_attr: "Vwi-aotz--", lv_active: "active", lv_permissions: "writeable", lv_skip_activation: "", data_percent: "30.00" } : r);
    const vgs = lvmReport("vg", reportRows(loadScenario("node").vgs, "vg").map(r => ({ ...r, vg_tags: "" })));
    const cfg = `${GRUB_HEADER}menuentry 'Debian GNU/Linux' --class debian --id gnulinux-simple {\n  linux /vmlinuz-${KVER} root=/dev/mapper/${VG}-root ro quiet\n}\n`;
    const discovery = discover({ lvs: lvmReport("lv", rows), vgs, mountinfo: mountinfoOf(`/dev/mapper/${VG}-root`), boot: debianProbe({}, cfg) });
    const kernel = { version: KVER, vmlinuz: `/boot/vmlinuz-${KVER}`, initrd: `/boot/initrd.img-${KVER}` };
    const facts: InitFacts = {
        cmdline: `BOOT_IMAGE=/vmlinuz-${KVER} root=/dev/mapper/${VG}-root ro console=ttyS0,115200 net.ifnames=0 quiet`,
        rootFsType: "ext4",
        boot: { dir: "/boot", separate: true, fsType: "ext4", onThinLv: false, freeBytes: 400e6 },
        kernel,
        bootFiles: { [kernel.vmlinuz]: 8e6, [kernel.initrd]: 30e6 },
        policy: DEFAULT_POLICY,
        healthProgram: HEALTH_PROGRAM,
        lvs: parseLvs(lvmReport("lv", rows)),
        osRelease: { id: "debian", versionId: "12" },
    };
    const world: WorldSpec = {
        name: "plain-debian", vg: VG, vgTags: [], lvs: rows, grubenv: grubenvBlock({}), entries: [],
        bootFiles: [kernel.vmlinuz, kernel.initrd],
        etc: [{ path: "/etc/default/grub", content: "GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\n", mode: 0o644 }],
    };
    return { name: "initialize", world, plan: planned(initialize(discovery, facts, { jobId: jobId("initialize") })) };
}

/**
 * The upgrade's image: a squashfs as the fake unsquashfs reads it (its tree beside it, see
 * bin/unsquashfs), in `dir`, with the lab's v2 probe made to match it (its sha256; the kernel
 * the probe lists is in the tree).
 */
function upgradeImage(dir: string): { path: string; image: ImageProbe } {
    const probe = parseImageProbe(bytesToBinary(readFileSync(fixturePath("upgrade", "inspect-v2")))) as ImageProbe;
    const path = join(dir, "debian-node-12.1-1.squashfs");
    writeFileSync(path, "fake squashfs of debian-node-12.1-1\n", { mode: 0o644 });
    const tree = `${path}.tree`;
    for (const k of probe.kernels) {
        mkdirSync(join(tree, "boot"), { recursive: true });
        writeFileSync(join(tree, k.vmlinuz), `kernel ${k.version} of the image\n`);
        writeFileSync(join(tree, k.initrd), `initramfs ${k.version} of the image\n`);
    }
    mkdirSync(join(tree, "etc"), { recursive: true });
    writeFileSync(join(tree, "etc/hostname"), "image\n");
    writeFileSync(join(tree, "etc/fstab"), "UUID=image / ext4 defaults 0 1\n");
    const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
    return { path, image: { ...probe, sha256 } };
}

/** Every action kind's plan, with its world. `dir`: where the upgrade's image goes. */
export function faultPlans(dir: string): FaultPlan[] {
    const two = recorded("two-bases");
    const twoFacts = scenarioFacts("two-bases", two.layout);
    const rebooted = recorded("two-bases-rebooted");
    const rebootedFacts = scenarioFacts("two-bases-rebooted", rebooted.layout);
    const node = recorded("node");
    const nodeFacts = scenarioFacts("node", node.layout);

    const pinnedRows = patch("debian-node-12.0-1+2", { lv_tags: "imgbased:layer,imgbased:pinned" })(scenarioRows("two-bases"));
    const pinned = derived("two-bases", () => pinnedRows);
    // The lab's GRUB as Debian leaves it: GRUB_DEFAULT=0, our snippet installed (fixtures/stock-grub).
    const stock = derived("two-bases", rows => rows, { boot: probeFromDir(join(FIXTURES_DIR, "stock-grub")) });
    const stockWorld = layoutWorld("stock-grub", scenarioRows("two-bases"), stock, "stock-grub", labEtc("0", false));

    const spare = "debian-node-12.0-1+2";
    const { path: imagePath, image } = upgradeImage(dir);
    // Trials: of the booted layer (its boot, Accept now), and of the spare one due at the next boot.
    const trialOf = (layer: string): PendingTrial => ({
        job: "fault-earlier-try", layer, entry: bootId(layer), backend: "grub-debian", fallback: "debian-node-12.1-1+1", planned: 1_700_000_000,
    });
    const booted = "debian-node-12.0-1+1";
    const nextEnv = { saved_entry: bootId("debian-node-12.1-1+1"), next_entry: bootId(spare) };
    const due = derived("two-bases", rows => rows, {
        boot: debianProbe(nextEnv, readFixture("two-bases", "grub.cfg"), fixtureBoot("two-bases").entries),
    });
    const plans: FaultPlan[] = [
        initializePlan(),
        { name: "add-layer", world: two.world, plan: planned(addLayer(two.layout, twoFacts, { jobId: jobId("add-layer"), base: "debian-node-12.0-1", select: "default" })) },
        { name: "make-default", world: two.world, plan: planned(makeDefault(two.layout, twoFacts, { jobId: jobId("make-default"), layer: spare })) },
        {
            name: "make-default-stock-grub", world: stockWorld,
            plan: planned(makeDefault(stock, scenarioFacts("two-bases", stock), { jobId: jobId("make-default-stock-grub"), layer: spare })),
        },
        { name: "boot-once", world: two.world, plan: planned(bootOnce(two.layout, twoFacts, { jobId: jobId("boot-once"), layer: spare })) },
        { name: "rollback", world: two.world, plan: planned(rollback(two.layout, twoFacts, { jobId: jobId("rollback") })) },
        { name: "remove-layer", world: two.world, plan: planned(removeLayer(two.layout, twoFacts, { jobId: jobId("remove-layer"), layer: spare })) },
        {
            name: "remove-base", world: rebooted.world,
            plan: planned(removeBase(rebooted.layout, rebootedFacts, { jobId: jobId("remove-base"), base: "debian-node-12.0-1" })),
        },
        { name: "cleanup", world: rebooted.world, plan: cleanupPlan(rebooted.layout, rebootedFacts) },
        { name: "pin", world: two.world, plan: planned(pin(two.layout, { jobId: jobId("pin"), name: spare })) },
        {
            name: "unpin", world: layoutWorld("two-bases-pinned", pinnedRows, pinned, "two-bases"),
            plan: planned(unpin(pinned, { jobId: jobId("unpin"), name: spare })),
        },
        {
            name: "save-persist", world: two.world,
            plan: planned(savePersist({
                jobId: jobId("save-persist"), entries: EDITED_PERSIST, current: renderPersistFile(OUR_PERSIST),
                checks: new Map([["/etc/hostname", check("/etc/hostname", "/etc")], ["/etc/ssh/ssh_host_*", check("/etc/ssh/ssh_host_*", "/etc/ssh")]]),
            })),
        },
        { name: "try", world: two.world, plan: planned(tryLayer(two.layout, twoFacts, { jobId: jobId("try"), layer: spare, planned: 1_700_000_100 })) },
        {
            name: "accept-trial", world: { ...two.world, name: "two-bases-trial-running", trial: renderTrial(trialOf(booted)) },
            plan: planned(acceptTrial(two.layout, twoFacts, { jobId: jobId("accept-trial"), layer: booted, trial: trialOf(booted) })),
        },
        {
            name: "give-up-trial", world: { ...two.world, name: "two-bases-trial-due", grubenv: grubenvBlock(nextEnv), trial: renderTrial(trialOf(spare)) },
            plan: planned(giveUpTrial(due, twoFacts, { jobId: jobId("give-up-trial"), layer: spare, trial: trialOf(spare) })),
        },
        { name: "set-policy", world: two.world, plan: planned(setPolicy(twoFacts, { jobId: jobId("set-policy"), requireSignature: true })) },
        {
            name: "upgrade", world: node.world,
            plan: planned(upgrade(node.layout, nodeFacts, {
                jobId: jobId("upgrade"), imagePath, image, expectedSha256: image.sha256, name: "debian-node-12.1-1",
                // With an account database: the old base is mounted around the carry (accounts.ts).
                persist: [...OUR_PERSIST.map(e => e.pattern), "/etc/passwd"],
                persistChecks: new Map([["/etc/hostname", check("/etc/hostname", "/etc")], ["/etc/passwd", check("/etc/passwd", "/etc")]]),
                // The wizard's edit of the list, saved first.
                saveWhitelist: { entries: [{ pattern: "/etc/hostname", comment: "Kept on upgrade" }], current: renderPersistFile(OUR_PERSIST) },
                select: "default",
            })),
        },
    ];
    return plans;
}

function cleanupPlan(layout: Layout, facts: ReturnType<typeof scenarioFacts>): Plan {
    const result = planned(cleanup(layout, facts, { jobId: jobId("cleanup"), retention: 1 }));
    return planned(result.plan!);
}
