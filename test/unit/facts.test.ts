import { DEFAULT_POLICY, POLICY_PATH, renderPolicy } from "../../src/model/policy.ts";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";

import { factsScript } from "../../src/host/facts.ts";
import { addLayer } from "../../src/model/actions/add-layer.ts";
import { lvsInLayout } from "../../src/model/actions/layout-query.ts";
import { isRefusal } from "../../src/model/actions/types.ts";
import { makeDefault } from "../../src/model/actions/switch.ts";
import { InventoryParseError } from "../../src/model/errors.ts";
import { kernelFiles, parseFacts, parseFileSizes, parseInitFacts, parseMountSpace, parseOsRelease } from "../../src/model/facts.ts";
import type { ProbeRecord } from "../../src/model/boot.ts";
import { HEALTH_PROGRAM, plannedFrom, scenario, scenarioRows } from "./actions-fixtures.ts";
import { lvmReport, readFixture } from "./fixtures.ts";
import { probeText } from "../../src/model/boot-files.ts";

const KVER = readFixture("node", "uname-r").trim();

// Real-format text, as the facts script printed it on the lab node (test/vm, Debian 12).
const FINDMNT_ROOT = `{
   "filesystems": [
      {
         "source": "/dev/nodevg/debian-node-12.0-1+1",
         "target": "/",
         "fstype": "ext4",
         "size": 6249086976,
         "avail": 5162913792
      }
   ]
}`;
const BOOT_FILES = `259569 /boot/config-${KVER}
12093376 /boot/initrd.img-${KVER}
83 /boot/System.map-${KVER}
8222656 /boot/vmlinuz-${KVER}
12093376 /boot/debian-node-12.0-1+1/initrd.img-${KVER}
8222656 /boot/debian-node-12.0-1+1/vmlinuz-${KVER}
815 /boot/grub/grub.cfg
1024 /boot/grub/grubenv`;
const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

/** The script's output: the recorded files of the node scenario plus the real-format text above. */
function output(over: Partial<Record<string, string>> = {}, lvs?: string): string {
    const records: ProbeRecord[] = [
        { kind: "info", name: "boot-dir", content: over["boot-dir"] ?? "/boot" },
        { kind: "file", name: "/proc/cmdline", content: readFixture("node", "proc-cmdline") },
        { kind: "cmd", name: "findmnt-root", content: over["findmnt-root"] ?? FINDMNT_ROOT + "\n" },
        { kind: "cmd", name: "findmnt-boot", content: over["findmnt-boot"] ?? readFixture("node", "findmnt-boot.json") },
        { kind: "cmd", name: "uname-r", content: readFixture("node", "uname-r") },
        { kind: "cmd", name: "boot-files", content: (over["boot-files"] ?? BOOT_FILES) + "\n" },
        { kind: "file", name: "/etc/os-release", content: over["os-release"] ?? OS_RELEASE },
    ];
    if (over.policy !== undefined)
        records.push({ kind: "file", name: POLICY_PATH, content: over.policy });
    if (lvs !== undefined)
        records.push({ kind: "cmd", name: "lvs", content: lvs });
    return probeText(records);
}

describe("parseFacts on the lab node's output", () => {
    const layout = scenario("node");
    const { host, osRelease, bootSource } = parseFacts(output(), lvsInLayout(layout));

    test("cmdline, root fs, running kernel", () => {
        assert.equal(host.cmdline, readFixture("node", "proc-cmdline").trim());
        assert.equal(host.rootFsType, "ext4");
        assert.deepEqual(host.kernel, { version: KVER, vmlinuz: `/boot/vmlinuz-${KVER}`, initrd: `/boot/initrd.img-${KVER}` });
    });

    test("the boot filesystem: a partition of its own with its free bytes", () => {
        assert.deepEqual(host.boot, { dir: "/boot", separate: true, fsType: "ext4", onThinLv: false, freeBytes: 427352064 });
        assert.equal(bootSource, "/dev/vda1");
    });

    test("boot files by host path, one level deep", () => {
        assert.equal(host.bootFiles[`/boot/debian-node-12.0-1+1/vmlinuz-${KVER}`], 8222656);
        assert.equal(host.bootFiles["/boot/grub/grubenv"], 1024);
        assert.equal(Object.keys(host.bootFiles).length, 8);
    });

    test("os-release", () => {
        assert.deepEqual(osRelease, { id: "debian", versionId: "12" });
    });

    test("the image policy: the default without the file, its setting with it", () => {
        assert.deepEqual(host.policy, DEFAULT_POLICY);
        const strict = parseFacts(output({ policy: renderPolicy({ requireSignature: true }) }), lvsInLayout(layout)).host;
        assert.deepEqual(strict.policy, { requireSignature: true, problems: [] });
    });

    test("the planners accept them", () => {
        const facts = { ...host, healthProgram: HEALTH_PROGRAM };
        const plan = plannedFrom(layout, addLayer(layout, facts, { jobId: "add-layer-20260101000000-abcd", base: "debian-node-12.0-1" }));
        assert.equal(plan.action, "add-layer");
        // The booted layer is already the default.
        assert.ok(isRefusal(makeDefault(layout, facts, { jobId: "x", layer: "debian-node-12.0-1+1" })));
    });
});

describe("parseFacts edge cases", () => {
    test("/boot on the root filesystem: not separate", () => {
        const boot = readFixture("node", "findmnt-boot.json").replace(/"\/dev\/vda1"/, '"/dev/nodevg/debian-node-12.0-1+1"').replace('"/boot"', '"/"');
        const { host } = parseFacts(output({ "findmnt-boot": boot }), lvsInLayout(scenario("node")));
        assert.equal(host.boot.separate, false);
        // ... on the layer, a thin LV.
        assert.equal(host.boot.onThinLv, true);
    });

    test("an ESP as the boot dir of systemd-boot", () => {
        const boot = readFixture("node", "findmnt-boot.json").replace('"/boot"', '"/efi"').replace('"ext4"', '"vfat"');
        const files = `1000 /efi/loader/loader.conf\n8000000 /boot/vmlinuz-${KVER}\n30000000 /boot/initramfs-${KVER}.img`;
        const { host } = parseFacts(output({ "boot-dir": "/efi", "findmnt-boot": boot, "boot-files": files }));
        assert.deepEqual(host.boot, { dir: "/efi", separate: true, fsType: "vfat", onThinLv: false, freeBytes: 427352064 });
        assert.equal(host.kernel.initrd, `/boot/initramfs-${KVER}.img`);
    });

    test("findmnt of util-linux 2.32 (EL8) prints numbers as strings", () => {
        const old = FINDMNT_ROOT.replace("6249086976", '"6249086976"').replace("5162913792", '"5162913792"');
        assert.equal(parseMountSpace(old, "findmnt /").avail, 5162913792);
    });

    test("unreadable output names the command", () => {
        assert.throws(() => parseFacts(output({ "findmnt-boot": "" })), (e: unknown) =>
            e instanceof InventoryParseError && /findmnt -T \/boot/.test(e.message));
        assert.throws(() => parseFacts("@@imgbased-probe info boot-dir\n/boot\n"), InventoryParseError);
        assert.throws(() => parseMountSpace('{"filesystems":[{"source":"a","target":"/","fstype":"ext4","size":"1G","avail":1}]}', "findmnt"),
            /no byte counts/);
    });

    test("find lines of other forms are skipped", () => {
        assert.deepEqual(parseFileSizes("12 /boot/a b\nfind: '/boot/lost+found': Permission denied\n\n7 /boot/c\n"),
            { "/boot/a b": 12, "/boot/c": 7 });
    });
});

describe("parseOsRelease", () => {
    test("quoting as os-release(5) allows", () => {
        assert.deepEqual(parseOsRelease("ID='ol'\nVERSION_ID=\"8.\\\"9\\\"\"\n"), { id: "ol", versionId: "8.\"9\"" });
    });
    test("VERSION_ID missing (Debian testing); ID defaults to linux", () => {
        assert.deepEqual(parseOsRelease("ID=debian\n"), { id: "debian", versionId: null });
        assert.deepEqual(parseOsRelease(""), { id: "linux", versionId: null });
    });
});

describe("kernelFiles", () => {
    test("Debian names when none exists, so the planner can name what is missing", () => {
        assert.deepEqual(kernelFiles("6.9", "/boot", {}), { version: "6.9", vmlinuz: "/boot/vmlinuz-6.9", initrd: "/boot/initrd.img-6.9" });
    });
    test("Fedora's initramfs name", () => {
        assert.equal(kernelFiles("6.9", "/boot", { "/boot/vmlinuz-6.9": 1, "/boot/initramfs-6.9.img": 1 }).initrd, "/boot/initramfs-6.9.img");
    });
});

describe("parseInitFacts", () => {
    const lvs = lvmReport("lv", scenarioRows("node"));

    test("the script's lvs report: all LVs, and whether /boot is on a thin LV", () => {
        const facts = parseInitFacts(output({}, lvs));
        assert.equal(facts.lvs.length, scenarioRows("node").length);
        assert.equal(facts.boot.onThinLv, false);
        assert.deepEqual(facts.osRelease, { id: "debian", versionId: "12" });
    });

    test("without the lvs record it is an error", () => {
        assert.throws(() => parseInitFacts(output()), /no lvs report/);
    });
});

describe("the facts script", () => {
    for (const shell of ["dash", "bash"]) {
        test(`parses under ${shell} -n`, () => {
            execFileSync(shell, ["-n", "-c", factsScript()]);
        });
    }
    test("asks for the inventory's lvs fields", () => {
        assert.match(factsScript(), /\n {4}lvs --reportformat json --units b --nosuffix -a -o lv_name,vg_name,/);
    });
});
