import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InventoryParseError } from "../../src/model/errors.ts";
import { LVS_FIELDS, LVS_VG_FIELDS, parseLvs, parseVgs, parseVgsOfLvs } from "../../src/model/lvm.ts";
import { lvmReport, nodeInventory, readFixture, reportRows } from "./fixtures.ts";

const node = nodeInventory();
const rows = reportRows(node.lvs, "lv");
const layerRow = rows.find(r => r.lv_name === "debian-node-12.0-1+1")!;

// shared/research/vm-lab.md §5, verbatim: lvs without --units b and with fewer fields.
const VM_LAB_SAMPLE = `  {
      "report": [
          {
              "lv": [
                  {"lv_name":"layer1", "vg_name":"osvg", "lv_attr":"Vri-a-tz--", "origin":"", "pool_lv":"pool", "lv_tags":"os.layer,os.version=1", "lv_size":"4.00g", "data_percent":"1.63"},
                  {"lv_name":"layer2", "vg_name":"osvg", "lv_attr":"Vwi-a-tz-k", "origin":"layer1", "pool_lv":"pool", "lv_tags":"os.layer,os.version=2b", "lv_size":"4.00g", "data_percent":"3.83"},
                  {"lv_name":"pool", "vg_name":"osvg", "lv_attr":"twi-aotz--", "origin":"", "pool_lv":"", "lv_tags":"", "lv_size":"10.00g", "data_percent":"1.54"}
              ]
          }
      ]
  }
`;

function parseError(fn: () => unknown): InventoryParseError {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof InventoryParseError, `expected InventoryParseError, got ${String(e)}`);
        return e;
    }
    assert.fail("no error thrown");
}

describe("parseLvs", () => {
    const lvs = parseLvs(node.lvs);
    const byName = (name: string) => lvs.find(lv => lv.name === name)!;

    test("reads every row, hidden ones included", () => {
        assert.equal(lvs.length, rows.length);
        assert.deepEqual(lvs.filter(lv => lv.hidden).map(lv => lv.name).sort(), ["lvol0_pmspare", "pool_tdata", "pool_tmeta"]);
    });

    test("the booted layer: names, sizes, usage, flags from lv_attr", () => {
        const layer = byName("debian-node-12.0-1+1");
        assert.equal(layer.vg, "nodevg");
        assert.equal(layer.fullName, "nodevg/debian-node-12.0-1+1");
        assert.equal(layer.path, "/dev/nodevg/debian-node-12.0-1+1");
        assert.equal(layer.origin, "debian-node-12.0-1");
        assert.equal(layer.pool, "pool");
        assert.equal(layer.segtype, "thin");
        assert.deepEqual(layer.tags, ["imgbased:layer"]);
        assert.equal(layer.size, Number(layerRow.lv_size));
        assert.equal(layer.dataPercent, Number(layerRow.data_percent));
        assert.equal(layer.metadataPercent, null);
        assert.equal(layer.active, true);
        assert.equal(layer.readOnly, false);
        assert.equal(layer.skipActivation, false);
        assert.equal(layer.hidden, false);
        assert.equal(layer.uuid, layerRow.lv_uuid);
    });

    test("a protected base: read-only, activation-skipped, inactive, no usage", () => {
        const base = byName("debian-node-12.0-1");
        assert.equal(base.readOnly, true);
        assert.equal(base.skipActivation, true);
        assert.equal(base.active, false);
        assert.equal(base.dataPercent, null);
    });

    test("the pool has data and metadata usage", () => {
        const pool = byName("pool");
        assert.equal(pool.segtype, "thin-pool");
        assert.ok(pool.dataPercent !== null && pool.dataPercent > 0);
        assert.ok(pool.metadataPercent !== null && pool.metadataPercent > 0);
    });

    test("lv_time becomes Unix seconds", () => {
        const t = byName("debian-node-12.0-1+1").created!;
        assert.equal(new Date(t * 1000).toISOString().replace(".000Z", "Z"), layerRow.lv_time!.replace(" ", "T").replace(" +0000", "Z"));
    });

    test("lv_time offsets are applied; an unknown format gives null", () => {
        const withTime = (lv_time: string) => parseLvs(lvmReport("lv", [{ ...layerRow, lv_time }]))[0]!.created;
        assert.equal(withTime("2026-11-25 22:03:11 +0100"), Date.UTC(2026, 10, 25, 21, 3, 11) / 1000);
        assert.equal(withTime("2026-11-25 16:33:11 -0430"), Date.UTC(2026, 10, 25, 21, 3, 11) / 1000);
        assert.equal(withTime(""), null);
        assert.equal(withTime("Wed Nov 25 21:03:11 2026"), null);
    });

    test("several tags", () => {
        const [lv] = parseLvs(lvmReport("lv", [{ ...layerRow, lv_tags: "imgbased:layer,imgbased:pinned,imgbased:created=1764104591" }]));
        assert.deepEqual(lv!.tags, ["imgbased:layer", "imgbased:pinned", "imgbased:created=1764104591"]);
    });

    test("active means attr[4] 'a', open or not (vm-lab: an active, unopened LV is Vri-a-tz--)", () => {
        const active = (lv_attr: string) => parseLvs(lvmReport("lv", [{ ...layerRow, lv_attr }]))[0]!.active;
        assert.equal(active("Vri-a-tz--"), true);
        assert.equal(active("Vwi---tz-k"), false);
        assert.equal(active("Vwi-s-tz--"), false);
    });

    test("attr 'R' (writable LV activated read-only) is not read-only", () => {
        const [lv] = parseLvs(lvmReport("lv", [{ ...layerRow, lv_attr: "VRi-aotz--" }]));
        assert.equal(lv!.readOnly, false);
    });

    test("an empty VG list (no VG at all)", () => {
        assert.deepEqual(parseLvs('  {\n      "report": [\n          {\n              "lv": [\n              ]\n          }\n      ]\n  }\n'), []);
    });

    test("a log section before the lv section is skipped", () => {
        const json = JSON.stringify({ report: [{ log: [{ log_seq_num: "1" }] }, { lv: [layerRow] }] });
        assert.equal(parseLvs(json)[0]!.name, "debian-node-12.0-1+1");
    });

    test("malformed JSON names the command and quotes the start", () => {
        const e = parseError(() => parseLvs("  WARNING: Running as a non-root user. Functionality may be unavailable.\n"));
        assert.equal(e.command, "lvs");
        assert.match(e.message, /^Cannot read the output of lvs: not JSON/);
        assert.match(e.message, /"WARNING: Running as a non-root user/);
    });

    test("empty output", () => {
        assert.match(parseError(() => parseLvs("")).message, /output began empty/);
    });

    test("wrong shape: a vgs report", () => {
        assert.match(parseError(() => parseLvs(lvmReport("vg", []))).problem, /no "lv" list/);
    });

    test("wrong shape: no report", () => {
        assert.equal(parseError(() => parseLvs('{"lv": []}')).problem, 'no "report" list');
    });

    test("the vm-lab sample (fewer fields, no --units b) is refused, naming a missing field", () => {
        const e = parseError(() => parseLvs(VM_LAB_SAMPLE));
        assert.equal(e.problem, 'lv #0 has no string field "lv_full_name"');
    });

    test("sizes with a unit suffix are refused", () => {
        const e = parseError(() => parseLvs(lvmReport("lv", [{ ...layerRow, lv_size: "4.00g" }])));
        assert.equal(e.problem, 'lv_size "4.00g" is not a number of bytes');
    });

    test("a decimal comma (non-C locale) is refused", () => {
        const e = parseError(() => parseLvs(lvmReport("lv", [{ ...layerRow, data_percent: "40,11" }])));
        assert.equal(e.problem, 'data_percent "40,11" is not a percentage');
    });

    test("every field the host asks for is in the recorded report", () => {
        for (const field of LVS_FIELDS)
            assert.ok(field in layerRow, field);
    });
});

describe("parseVgsOfLvs: the VGs of the page's lvs report", () => {
    // Both recorded in the same minute from scenario two-bases (test/fixtures/README.md).
    const lvsWithVgs = readFixture("two-bases", "lvs-vg-fields.json");

    test("are what vgs reports at the same moment", () => {
        assert.deepEqual(parseVgsOfLvs(lvsWithVgs), parseVgs(readFixture("two-bases", "vgs-same-moment.json")));
    });

    test("each VG once, however many LVs it has", () => {
        const empty = parseVgsOfLvs(readFixture("empty", "lvs-vg-fields.json"));
        assert.deepEqual(empty.map(vg => vg.name), [...new Set(reportRows(readFixture("empty", "lvs-vg-fields.json"), "lv").map(r => r.vg_name))]);
    });

    test("the LVs parse as from a plain lvs report", () => {
        const plain = parseLvs(readFixture("two-bases", "lvs.json")).map(lv => lv.fullName).sort();
        assert.deepEqual(parseLvs(lvsWithVgs).map(lv => lv.fullName).sort(), plain);
    });

    test("an lvs report without the VG fields is a parse error naming lvs", () => {
        const e = parseError(() => parseVgsOfLvs(readFixture("two-bases", "lvs.json")));
        assert.equal(e.command, "lvs");
    });

    test("the recorded report has every VG field the host asks lvs for", () => {
        const row = reportRows(lvsWithVgs, "lv")[0]!;
        for (const field of LVS_VG_FIELDS)
            assert.ok(field in row, field);
    });
});

describe("parseVgs", () => {
    test("the tagged VG", () => {
        const vgs = parseVgs(node.vgs);
        const vg = vgs.find(v => v.name === "nodevg")!;
        assert.deepEqual(vg.tags, ["imgbased:vg"]);
        assert.equal(vg.size, Number(reportRows(node.vgs, "vg").find(r => r.vg_name === "nodevg")!.vg_size));
        assert.ok(vg.free >= 0 && vg.free < vg.size);
        assert.match(vg.uuid, /\S/);
    });

    test("malformed output names vgs", () => {
        const e = parseError(() => parseVgs('  {\n      "report": [\n          {\n              "vg": [\n                  {"vg_name":"x"}'));
        assert.equal(e.command, "vgs");
    });

    test("a vg_size with a suffix names vgs", () => {
        const row = reportRows(node.vgs, "vg")[0]!;
        const e = parseError(() => parseVgs(lvmReport("vg", [{ ...row, vg_size: "7.00g" }])));
        assert.equal(e.command, "vgs");
        assert.equal(e.problem, 'vg_size "7.00g" is not a number of bytes');
    });
});
