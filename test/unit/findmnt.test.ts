import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InventoryParseError } from "../../src/model/errors.ts";
import { lvOfSource, parseRootMount, rootLv } from "../../src/model/findmnt.ts";
import { parseLvs } from "../../src/model/lvm.ts";
import { findmntJson, lvmReport, nodeInventory, reportRows } from "./fixtures.ts";

const node = nodeInventory();
const lvs = parseLvs(node.lvs);

describe("parseRootMount", () => {
    test("the recorded root mount", () => {
        const root = parseRootMount(node.findmnt)!;
        assert.equal(root.target, "/");
        assert.equal(root.fstype, "ext4");
        assert.match(root.source, /^\/dev\//);
    });

    test("stacked mounts on /: the last one is visible", () => {
        const json = JSON.stringify({ filesystems: [
            { source: "/dev/sda1", target: "/", fstype: "ext4", options: "rw" },
            { source: "overlay", target: "/", fstype: "overlay", options: "rw" },
        ] });
        assert.equal(parseRootMount(json)!.source, "overlay");
    });

    test("no filesystem listed", () => {
        assert.equal(parseRootMount('{"filesystems": []}'), null);
    });

    test("malformed output is a findmnt InventoryParseError", () => {
        for (const bad of ["findmnt: unknown column", '{"filesystems": {}}', '{"filesystems": [{"source": "/dev/x"}]}']) {
            assert.throws(() => parseRootMount(bad), (e: unknown) => e instanceof InventoryParseError && e.command === "findmnt", bad);
        }
    });
});

describe("rootLv", () => {
    test("the recorded node boots its layer", () => {
        assert.equal(rootLv(node.findmnt, lvs)?.fullName, "nodevg/debian-node-12.0-1+1");
    });

    test("/dev/mapper and /dev/VG/LV sources name the same LV", () => {
        assert.equal(rootLv(findmntJson("/dev/mapper/nodevg-debian--node--12.0--1+1"), lvs)?.name, "debian-node-12.0-1+1");
        assert.equal(rootLv(findmntJson("/dev/nodevg/debian-node-12.0-1+1"), lvs)?.name, "debian-node-12.0-1+1");
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
        assert.equal(rootLv(findmntJson("/dev/mapper/nodevg-debian--node--12.0--1+1[/@]"), lvs), null);
        assert.equal(rootLv(findmntJson("/dev/vda1"), lvs), null);
    });

    test("an empty source matches no LV, though the pool's lv_path is empty too", () => {
        assert.equal(lvOfSource("", lvs), null);
    });
});
