import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InventoryParseError } from "../../src/model/errors.ts";
import { lvOfSource, parseRootMount, rootLv } from "../../src/model/mountinfo.ts";
import { parseLvs } from "../../src/model/lvm.ts";
import { lvmReport, mountinfoOf, nodeInventory, readFixture, reportRows } from "./fixtures.ts";

const node = nodeInventory();
const lvs = parseLvs(node.lvs);

describe("parseRootMount", () => {
    test("the recorded root mount", () => {
        assert.deepEqual(parseRootMount(node.mountinfo), {
            source: "/dev/nodevg/debian-node-12.0-1+1", target: "/", fstype: "ext4", options: "rw,noatime",
        });
    });

    test("the same root as findmnt showed when the fixtures were recorded", () => {
        for (const scenario of ["node", "two-bases", "two-bases-rebooted", "ovirt-node", "ovirt-node-only", "empty"]) {
            const findmnt = JSON.parse(readFixture(scenario, "findmnt.json")).filesystems[0];
            assert.equal(parseRootMount(readFixture(scenario, "mountinfo"))?.source, findmnt.source, scenario);
        }
    });

    test("stacked mounts on /: the last one is visible", () => {
        const overlay = "99 1 0:50 / / rw,relatime shared:40 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w";
        assert.equal(parseRootMount(`${node.mountinfo}${overlay}\n`)!.source, "overlay");
    });

    test("a subvolume or bind mount on / names its path, as findmnt does", () => {
        assert.equal(parseRootMount(mountinfoOf("/dev/vda2[/@]"))!.source, "/dev/vda2[/@]");
    });

    test("octal escapes are decoded", () => {
        assert.equal(parseRootMount("27 1 253:4 / / rw shared:1 - ext4 /dev/my\\040disk rw\n")!.source, "/dev/my disk");
    });

    test("no mount on /", () => {
        assert.equal(parseRootMount(node.mountinfo.split("\n").filter(l => !/^\S+ \S+ \S+ \S+ \/ /.test(l)).join("\n")), null);
    });

    test("anything else is a mountinfo InventoryParseError", () => {
        for (const bad of ["cat: /proc/self/mountinfo: No such file", "27 1 253:4 / / rw shared:1 ext4 /dev/x rw"]) {
            assert.throws(() => parseRootMount(bad), (e: unknown) => e instanceof InventoryParseError && e.command === "mountinfo", bad);
        }
    });
});

describe("rootLv", () => {
    test("the recorded node boots its layer", () => {
        assert.equal(rootLv(node.mountinfo, lvs)?.fullName, "nodevg/debian-node-12.0-1+1");
    });

    test("/dev/mapper and /dev/VG/LV sources name the same LV", () => {
        assert.equal(rootLv(mountinfoOf("/dev/mapper/nodevg-debian--node--12.0--1+1"), lvs)?.name, "debian-node-12.0-1+1");
        assert.equal(rootLv(mountinfoOf("/dev/nodevg/debian-node-12.0-1+1"), lvs)?.name, "debian-node-12.0-1+1");
    });

    test("dashes are matched by computed dm names, not by splitting", () => {
        // VG "a-b" + LV "c" and VG "a" + LV "b-c" would both be "a-b-c" if dashes were not doubled.
        const row = reportRows(node.lvs, "lv").find(r => r.lv_name === "debian-node-12.0-1+1")!;
        const twins = parseLvs(lvmReport("lv", [
            { ...row, vg_name: "a-b", lv_name: "c", lv_full_name: "a-b/c", lv_path: "/dev/a-b/c" },
            { ...row, vg_name: "a", lv_name: "b-c", lv_full_name: "a/b-c", lv_path: "/dev/a/b-c" },
        ]));
        assert.equal(lvOfSource("/dev/mapper/a--b-c", twins)?.fullName, "a-b/c");
        assert.equal(lvOfSource("/dev/mapper/a-b--c", twins)?.fullName, "a/b-c");
        assert.equal(lvOfSource("/dev/mapper/a-b-c", twins), null);
    });

    test("a btrfs subvolume source or a partition matches nothing", () => {
        assert.equal(rootLv(mountinfoOf("/dev/mapper/nodevg-debian--node--12.0--1+1[/@]"), lvs), null);
        assert.equal(rootLv(mountinfoOf("/dev/vda1"), lvs), null);
    });

    test("an empty source matches no LV, though the pool's lv_path is empty too", () => {
        assert.equal(lvOfSource("", lvs), null);
    });
});
