import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { bootTarget } from "../../src/model/cmdline.ts";

describe("bootTarget", () => {
    test("imgbased's real command line (ovirt-node-ng-image#88)", () => {
        const options = "resume=/dev/mapper/onn_ovnode02-swap rd.lvm.lv=onn_ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1 " +
            "rd.lvm.lv=onn_ovnode02/swap rhgb quiet root=/dev/onn_ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1 " +
            "boot=UUID=0f6a rootflags=discard img.bootid=ovirt-node-ng-4.5.2-0.20220810.0+1";
        assert.deepEqual(bootTarget(options), { rootLv: "onn_ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1", ours: true });
    });

    test("img.bootid picks the activated LV with its name even when root= is elsewhere", () => {
        assert.deepEqual(bootTarget("root=UUID=1 rd.lvm.lv=vg/swap rd.lvm.lv=vg/l+2 img.bootid=l+2"), { rootLv: "vg/l+2", ours: true });
    });

    test("img.bootid names the layer when root= and rd.lvm.lv disagree", () => {
        assert.deepEqual(bootTarget("root=/dev/vg/other rd.lvm.lv=vg/l+2 img.bootid=l+2"), { rootLv: "vg/l+2", ours: true });
    });

    test("img.bootid naming no candidate: judged like any entry", () => {
        assert.deepEqual(bootTarget("root=/dev/vg/other img.bootid=gone+1"), { rootLv: "vg/other", ours: true });
        assert.deepEqual(bootTarget("ro quiet img.bootid=gone+1"), { rootLv: null, ours: true });
    });

    test("Debian: root=/dev/mapper/... only", () => {
        assert.deepEqual(bootTarget("BOOT_IMAGE=/vmlinuz root=/dev/mapper/nodevg-debian--node--12.0--1+1 ro quiet"),
            { rootLv: "nodevg/debian-node-12.0-1+1", ours: false });
    });

    test("Fedora: root= wins over the rd.lvm.lv list", () => {
        assert.deepEqual(bootTarget("root=/dev/mapper/fedora-root ro rd.lvm.lv=fedora/swap rd.lvm.lv=fedora/root rhgb quiet"),
            { rootLv: "fedora/root", ours: false });
    });

    test("root=UUID with one rd.lvm.lv: that one; with several: unknown", () => {
        assert.equal(bootTarget("root=UUID=abcd rd.lvm.lv=vg/root").rootLv, "vg/root");
        assert.equal(bootTarget("root=UUID=abcd rd.lvm.lv=vg/root rd.lvm.lv=vg/swap").rootLv, null);
    });

    test("nothing about LVs", () => {
        assert.deepEqual(bootTarget(""), { rootLv: null, ours: false });
        assert.deepEqual(bootTarget("root=/dev/sda2 ro"), { rootLv: null, ours: false });
    });
});
