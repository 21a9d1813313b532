import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { dmName, lvRefFromDevice } from "../../src/model/devname.ts";

describe("dmName", () => {
    test("doubles dashes inside names", () => {
        assert.equal(dmName("nodevg", "debian-node-12.0-1+1"), "nodevg-debian--node--12.0--1+1");
        assert.equal(dmName("onn-x", "var_log"), "onn--x-var_log");
    });
});

describe("lvRefFromDevice", () => {
    test("/dev/mapper names split exactly, whatever the dashes", () => {
        assert.equal(lvRefFromDevice("/dev/mapper/nodevg-debian--node--12.0--1+1"), "nodevg/debian-node-12.0-1+1");
        assert.equal(lvRefFromDevice("/dev/mapper/onn--ovnode02-ovirt--node--ng--4.5.2--0.20220810.0+1"), "onn-ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1");
        assert.equal(lvRefFromDevice("/dev/mapper/a----b-c--"), "a--b/c-");
    });

    test("round trip through dmName for names with - + . _", () => {
        for (const [vg, lv] of [["v", "a-b"], ["v-w", "x"], ["a-", "b"], ["v", "b-"], ["vg_1.x", "l+1-2_3.4"]] as const)
            assert.equal(lvRefFromDevice(`/dev/mapper/${dmName(vg, lv)}`), `${vg}/${lv}`);
    });

    test("/dev/VG/LV", () => {
        assert.equal(lvRefFromDevice("/dev/onn/ovirt-node-ng-4.5.2-0.20220810.0+1"), "onn/ovirt-node-ng-4.5.2-0.20220810.0+1");
    });

    test("anything else names no LV", () => {
        for (const s of ["UUID=1234", "LABEL=root", "/dev/sda2", "/dev/dm-3", "/dev/disk/by-uuid/x", "/dev/mapper/luks", "/dev/mapper/vg-pool-tpool", "/dev/sda2[/@]", "/dev/mapper/vg-lv[/sub]", ""])
            assert.equal(lvRefFromDevice(s), null, s);
    });
});
