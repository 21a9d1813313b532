import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { compareNewestFirst, compareNvr, isValidBaseName, isValidLvName, layerName, parseLayerName, parseNvr } from "../../src/model/nvr.ts";

describe("parseNvr", () => {
    test("imgbased's greedy name: dashes stay in the name", () => {
        assert.deepEqual(parseNvr("ovirt-node-ng-4.5.2-0.20220810.0"), { name: "ovirt-node-ng", version: "4.5.2", release: "0.20220810.0" });
        assert.deepEqual(parseNvr("debian-node-12.0-1"), { name: "debian-node", version: "12.0", release: "1" });
    });

    test("names with + . _", () => {
        assert.deepEqual(parseNvr("my_os+extra.v2-1.0_rc1-3.el9"), { name: "my_os+extra.v2", version: "1.0_rc1", release: "3.el9" });
    });

    test("not an NVR: too few parts or empty parts", () => {
        for (const s of ["root", "var_log", "swap", "a-1", "-1-2", "a--2", "a-1-", ""])
            assert.equal(parseNvr(s), null, s);
    });
});

describe("layer names", () => {
    test("<base>+N", () => {
        assert.deepEqual(parseLayerName("ovirt-node-ng-4.5.2-0.20220810.0+1"), { base: "ovirt-node-ng-4.5.2-0.20220810.0", index: 1 });
        assert.deepEqual(parseLayerName("debian-node-12.0-1+12"), { base: "debian-node-12.0-1", index: 12 });
    });

    test("a + not followed by digits only names a base", () => {
        for (const s of ["debian-node-12.0-1", "a+b-1-1", "x+1a", "+1", "x+"])
            assert.equal(parseLayerName(s), null, s);
    });

    test("the last +N counts", () => {
        assert.deepEqual(parseLayerName("a+1-2-3+4"), { base: "a+1-2-3", index: 4 });
    });

    test("layerName round-trips", () => {
        assert.equal(layerName("debian-node-12.1-1", 3), "debian-node-12.1-1+3");
        assert.deepEqual(parseLayerName(layerName("b-1-1", 7)), { base: "b-1-1", index: 7 });
    });
});

describe("isValidLvName", () => {
    test("accepts imgbased names up to 55 characters", () => {
        assert.ok(isValidLvName("ovirt-node-ng-4.5.2-0.20220810.0+1"));
        assert.ok(isValidLvName("a".repeat(55)));
        assert.ok(isValidLvName("_x.y+z-1"));
    });

    test("refuses bad characters, a leading dash, and more than 55 characters", () => {
        for (const s of ["", "-a", "a b", "a/b", "a:b", "é", "a".repeat(56), "[a]"])
            assert.equal(isValidLvName(s), false, s);
    });

    test("refuses LVM's reserved names", () => {
        for (const s of [".", "..", "snapshot1", "pvmove0", "x_tdata", "x_tmeta", "a_rimage_0", "lvol0_pmspare", "v_vorigin", "c_cdata"])
            assert.equal(isValidLvName(s), false, s);
    });
});

describe("compareNvr / compareNewestFirst", () => {
    const nvr = (s: string) => parseNvr(s)!;

    test("version, then release, RPM-style", () => {
        assert.equal(compareNvr(nvr("p-4.5.2-0.20220810.0"), nvr("p-4.5.10-0.20220101.0")), -1);
        assert.equal(compareNvr(nvr("p-4.5-2"), nvr("p-4.5-10")), -1);
        assert.equal(compareNvr(nvr("p-4.5-1"), nvr("p-4.5-1")), 0);
        assert.equal(compareNvr(nvr("p-4.5~rc1-1"), nvr("p-4.5-1")), -1);
    });

    test("different products order by name, whatever the versions", () => {
        assert.equal(compareNvr(nvr("a-9-9"), nvr("b-1-1")), -1);
        assert.equal(compareNvr(nvr("b-1-1"), nvr("a-9-9")), 1);
    });

    test("newest first inside a product, products alphabetically", () => {
        const names = ["p-1.10-1", "a-2-1", "p-1.9-1", "p-1.10-2", "a-10-1", "p-1.10~rc1-1"];
        const sorted = names.map(nvr).sort(compareNewestFirst).map(n => `${n.name}-${n.version}-${n.release}`);
        assert.deepEqual(sorted, ["a-10-1", "a-2-1", "p-1.10-2", "p-1.10-1", "p-1.10~rc1-1", "p-1.9-1"]);
    });
});

describe("isValidBaseName", () => {
    test("needs NAME-VERSION-RELEASE and room for the +1 layer's name", () => {
        assert.ok(isValidBaseName("debian-node-12.1-1"));
        assert.equal(isValidBaseName("debian-node"), false);
        assert.equal(isValidBaseName("bad name-1-1"), false);
        const longest = `${"a".repeat(49)}-1-1`;
        assert.equal(longest.length, 53);
        assert.ok(isValidBaseName(longest));
        assert.equal(isValidBaseName(`a${longest}`), false, "54 characters leave no room for +1");
    });
});
