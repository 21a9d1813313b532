import { DEFAULT_POLICY } from "../../src/model/policy.ts";
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { defaultBaseName, initialize } from "../../src/model/actions/initialize.ts";
import { sidecarPath } from "../../src/model/actions/file-steps.ts";
import type { InitFacts } from "../../src/model/actions/types.ts";
import { GRUB_DEFAULT_DROPIN, GRUB_DEFAULT_DROPIN_PATH, GRUB_SNIPPET, GRUB_SNIPPET_PATH } from "../../src/model/grub-snippet.ts";
import { discover } from "../../src/model/layout.ts";
import { parseLvs } from "../../src/model/lvm.ts";
import type { Plan } from "../../src/model/plan.ts";
import type { Discovery } from "../../src/model/types.ts";
import { assertShellcheckClean, HEALTH_PROGRAM, KVER, planned, refusedCodes, scenarioRows, shown, VG } from "./actions-fixtures.ts";
import { debianProbe, mountinfoOf, GRUB_HEADER, loadScenario, lvmReport, readFixture, reportRows, type Row } from "./fixtures.ts";

const JOB = "job-init-1";

// A plain Debian install on LVM thin, from the node's real rows with every imgbased tag gone: the
// pool, its hidden parts and the installer's root LV, active, writable and booted.
const rows: Row[] = scenarioRows("node")
    .filter(r => r.lv_name === "pool" || r.lv_name === "root" || r.lv_name!.startsWith("["))
    .map((r): Row => ({ ...r, lv_tags: "" }))
    .map(r => r.lv_name === "root" ? { ...r, lv_attr: "Vwi-aotz--", data_percent: "30.00" } : r);
const vgs = lvmReport("vg", reportRows(loadScenario("node").vgs, "vg").map(r => ({ ...r, vg_tags: "" })));
const STOCK_CFG = `${GRUB_HEADER}menuentry 'Debian GNU/Linux' --class debian --id gnulinux-simple {\n`
    + `  linux /vmlinuz-${KVER} root=/dev/mapper/${VG}-root ro console=ttyS0,115200 net.ifnames=0 quiet\n  initrd /initrd.img-${KVER}\n}\n`;

function discovery(lvRows = rows, opts: { root?: string; boot?: string } = {}): Discovery {
    return discover({
        lvs: lvmReport("lv", lvRows), vgs, mountinfo: mountinfoOf(opts.root ?? `/dev/mapper/${VG}-root`),
        boot: opts.boot ?? debianProbe({}, STOCK_CFG),
    });
}

function facts(lvRows = rows, over: Partial<InitFacts> = {}): InitFacts {
    return {
        cmdline: `BOOT_IMAGE=/vmlinuz-${KVER} root=/dev/mapper/${VG}-root ro console=ttyS0,115200 net.ifnames=0 quiet`,
        rootFsType: "ext4",
        boot: { dir: "/boot", separate: true, fsType: "ext4", onThinLv: false, freeBytes: 400e6 },
        kernel: { version: KVER, vmlinuz: `/boot/vmlinuz-${KVER}`, initrd: `/boot/initrd.img-${KVER}` },
        bootFiles: { [`/boot/vmlinuz-${KVER}`]: 8e6, [`/boot/initrd.img-${KVER}`]: 30e6 },
        policy: DEFAULT_POLICY,
        healthProgram: HEALTH_PROGRAM,
        lvs: parseLvs(lvmReport("lv", lvRows)),
        osRelease: { id: "debian", versionId: "12" },
        ...over,
    };
}

const BASE = "debian-12-1";
const LAYER = "debian-12-1+1";

describe("initialize a Debian host on LVM thin", () => {
    const d = discovery();
    assert.equal(d.kind, "none");
    const plan = planned(initialize(d, facts(), { jobId: JOB })) as Plan;
    const byId = new Map(plan.steps.map(s => [s.id, s]));

    test("what a shell reads of it passes shellcheck", () => assertShellcheckClean(plan));

    test("tags, GRUB setup, base, layer, entry, menu; the default switch last", () => {
        assert.equal(plan.action, "initialize");
        assert.deepEqual(plan.steps.map(s => s.id), [
            "tag-vg", "tag-pool", "tag-init", "grub-snippet", "grub-default-saved", "base-create", "base-read-only",
            "layer-create", "layer-activate", "fs-uuid", "layer-mount", "fstab-root", "layer-health", "layer-unmount",
            "boot-files", "boot-entry", "boot-menu", "boot-default",
        ]);
    });

    test("exact LVM commands: tags with undo, a skipped read-only base, a layer that activates", () => {
        assert.deepEqual(["tag-vg", "tag-pool", "tag-init"].map(i => [byId.get(i)!.argv, byId.get(i)!.undo]), [
            [["vgchange", "--addtag", "imgbased:vg", VG], [["vgchange", "--deltag", "imgbased:vg", VG]]],
            [["lvchange", "--addtag", "imgbased:pool", `${VG}/pool`], [["lvchange", "--deltag", "imgbased:pool", `${VG}/pool`]]],
            [["lvchange", "--addtag", "imgbased:init", `${VG}/root`], [["lvchange", "--deltag", "imgbased:init", `${VG}/root`]]],
        ]);
        assert.deepEqual(byId.get("base-create")!.argv,
            ["lvcreate", "--snapshot", "--setactivationskip", "y", "--addtag", "imgbased:base", "--addtag", `imgbased:job=${JOB}`, "--name", BASE, `${VG}/root`]);
        assert.deepEqual(byId.get("base-read-only")!.argv, ["lvchange", "--permission", "r", `${VG}/${BASE}`]);
        assert.deepEqual(byId.get("layer-create")!.argv,
            ["lvcreate", "--snapshot", "--setactivationskip", "n", "--addtag", "imgbased:layer", "--addtag", `imgbased:job=${JOB}`, "--name", LAYER, `${VG}/${BASE}`]);
    });

    test("the GRUB snippet (executable) and GRUB_DEFAULT=saved go in before the snapshots, so base and layer have them", () => {
        assert.deepEqual(shown(byId.get("grub-snippet")!.argv), ["sh", GRUB_SNIPPET_PATH, "0755", GRUB_SNIPPET, sidecarPath(GRUB_SNIPPET_PATH, JOB)]);
        assert.deepEqual(shown(byId.get("grub-default-saved")!.argv),
            ["sh", GRUB_DEFAULT_DROPIN_PATH, "0644", GRUB_DEFAULT_DROPIN, sidecarPath(GRUB_DEFAULT_DROPIN_PATH, JOB)]);
        const ids = plan.steps.map(s => s.id);
        assert.ok(ids.indexOf("grub-default-saved") < ids.indexOf("base-create"));
    });

    test("the running kernel goes to /boot/<layer>/; the entry keeps the host's options", () => {
        assert.deepEqual(shown(byId.get("boot-files")!.argv),
            ["sh", `/boot/${LAYER}`, `/boot/vmlinuz-${KVER}`, `vmlinuz-${KVER}`, `/boot/initrd.img-${KVER}`, `initrd.img-${KVER}`]);
        assert.equal(shown(byId.get("boot-entry")!.argv)[3],
            `title debian 12-1 (${LAYER})\nversion ${KVER}\nlinux /${LAYER}/vmlinuz-${KVER}\ninitrd /${LAYER}/initrd.img-${KVER}\n`
            + `options root=/dev/${VG}/${LAYER} rd.lvm.lv=${VG}/${LAYER} ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=${LAYER}\n`);
    });

    test("the switch: grub-set-default of the new entry, undone by clearing saved_entry", () => {
        const last = plan.steps.at(-1)!;
        assert.deepEqual([last.argv, last.undo], [
            ["grub-set-default", "imgbased-debian-12-1_1"], [["grub-editenv", "/boot/grub/grubenv", "unset", "saved_entry"]],
        ]);
    });

    test("a base name given by the admin", () => {
        const named = planned(initialize(d, facts(), { jobId: JOB, baseName: "debian-node-12.0-1" })) as Plan;
        assert.equal(named.steps.find(s => s.id === "base-create")!.argv.at(-2), "debian-node-12.0-1");
    });
});

test("the lab's untagged host (fixture empty): the booted thin LV becomes the init LV", () => {
    const d = discover(loadScenario("empty"));
    assert.equal(d.kind, "none");
    const root = "debian-node-12.0-1+1";
    const f = facts(rows, {
        cmdline: readFixture("empty", "proc-cmdline").trim(),
        lvs: parseLvs(readFixture("empty", "lvs.json")),
        boot: { ...facts().boot, freeBytes: JSON.parse(readFixture("empty", "findmnt-boot.json")).filesystems[0].avail },
    });
    const plan = planned(initialize(d, f, { jobId: JOB })) as Plan;
    const argv = (id: string) => plan.steps.find(s => s.id === id)!.argv;
    assert.deepEqual(argv("tag-init"), ["lvchange", "--addtag", "imgbased:init", `${VG}/${root}`]);
    assert.deepEqual(argv("base-create").slice(-3), ["--name", BASE, `${VG}/${root}`]);
    const options = shown(argv("boot-entry"))[3]!.split("\n").find(line => line.startsWith("options "));
    assert.equal(options, `options root=/dev/${VG}/${LAYER} rd.lvm.lv=${VG}/${LAYER} ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=${LAYER}`);
    assert.deepEqual(plan.steps.at(-1)!.undo,
        [["grub-editenv", "/boot/grub/grubenv", "set", `saved_entry=${readFixture("empty", "grubenv").match(/^saved_entry=(.*)$/m)![1]}`]]);
});

describe("initialize refuses", () => {
    const refuse = (d: Discovery, f = facts(), baseName?: string) =>
        refusedCodes(initialize(d, f, baseName ? { jobId: JOB, baseName } : { jobId: JOB }));

    test("a host that has a layout already", () => {
        assert.ok(refuse(discover(loadScenario("node"))).includes("layout-exists"));
    });

    test("a root that is no LV, or not a thin one", () => {
        assert.deepEqual(refuse(discovery(rows, { root: "/dev/vda2" })), ["root-not-lvm"]);
        const linear = rows.map(r => r.lv_name === "root" ? { ...r, segtype: "linear", lv_attr: "-wi-ao----", pool_lv: "" } : r);
        assert.deepEqual(refuse(discovery(linear)), ["root-not-thin"]);
    });

    test("/boot that GRUB cannot read apart from the root (vm-lab P11)", () => {
        assert.deepEqual(refuse(discovery(), facts(rows, { boot: { ...facts().boot, separate: false } })), ["boot-not-separate"]);
        assert.deepEqual(refuse(discovery(), facts(rows, { boot: { ...facts().boot, onThinLv: true } })), ["boot-on-thin"]);
    });

    test("no name from os-release, a taken name, tags of an earlier install", () => {
        assert.deepEqual(refuse(discovery(), facts(rows, { osRelease: { id: "debian", versionId: null } })), ["os-release-invalid"]);
        assert.deepEqual(refuse(discovery(), facts(), "not an nvr"), ["name-invalid"]);
        const taken = [...rows, { ...rows.find(r => r.lv_name === "root")!, lv_name: BASE, lv_full_name: `${VG}/${BASE}`, lv_uuid: "x" }];
        assert.deepEqual(refuse(discovery(taken), facts(taken)), ["name-taken"]);
        const stale = rows.map(r => r.lv_name === "root" ? { ...r, lv_tags: "imgbased:init" } : r);
        assert.deepEqual(refuse(discovery(stale), facts(stale)), ["stale-tags"]);
    });

    test("an unknown boot loader, a filesystem we cannot renew the UUID of, no room on /boot", () => {
        assert.deepEqual(refuse(discovery(rows, { boot: "" })), ["unknown-backend"]);
        assert.deepEqual(refuse(discovery(), facts(rows, { rootFsType: "btrfs" })), ["root-fs-unsupported"]);
        assert.deepEqual(refuse(discovery(), facts(rows, { boot: { ...facts().boot, freeBytes: 1e6 } })), ["boot-space"]);
    });
});

test("defaultBaseName: ID-VERSION_ID-1 from os-release", () => {
    assert.equal(defaultBaseName({ id: "debian", versionId: "12" }), "debian-12-1");
    assert.equal(defaultBaseName({ id: "fedora", versionId: "41" }), "fedora-41-1");
    assert.equal(defaultBaseName({ id: "debian", versionId: null }), null);
    assert.equal(defaultBaseName({ id: "x", versionId: "1-2" }), null);
});
