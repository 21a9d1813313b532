import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InventoryParseError } from "../../src/model/errors.ts";
import { bootsNext, discover, needsVgs } from "../../src/model/layout.ts";
import type { Discovery, Layout, Problem, RawInventory } from "../../src/model/types.ts";
import {
    bootId, mountinfoOf, layersProbe, loadScenario, lvmReport, nodeInventory, readFixture, reportRows, type Row,
} from "./fixtures.ts";

// Every derived inventory starts from the node's real records: the base, the layer, the pool and
// its hidden parts, the init LV and the VG; only names, tags and flags are changed.
const node = nodeInventory();
const nodeRows = reportRows(node.lvs, "lv");
const nodeVg = reportRows(node.vgs, "vg").find(r => r.vg_name === "nodevg")!;
const template = {
    base: nodeRows.find(r => r.lv_name === "debian-node-12.0-1")!,
    layer: nodeRows.find(r => r.lv_name === "debian-node-12.0-1+1")!,
    init: nodeRows.find(r => r.lv_name === "root")!,
};
const poolRows = nodeRows.filter(r => r.lv_name === "pool" || r.lv_name!.startsWith("["));

let uuid = 0;
function lv(kind: keyof typeof template, vg: string, name: string, extra: Row = {}): Row {
    const origin = kind === "layer" ? name.replace(/\+\d+$/, "") : template[kind].origin!;
    return {
        ...template[kind], vg_name: vg, lv_name: name, lv_full_name: `${vg}/${name}`, lv_path: `/dev/${vg}/${name}`,
        origin, lv_uuid: `derived-${++uuid}`, ...extra,
    };
}
const inVg = (vg: string, rows: Row[]) => rows.map((r): Row => ({ ...r, vg_name: vg, lv_full_name: `${vg}/${r.lv_full_name!.split("/")[1]}` }));
const vgRow = (name: string, tags = "imgbased:vg") => ({ ...nodeVg, vg_name: name, vg_tags: tags, vg_uuid: `vg-${name}` });

function inventory(rows: Row[], opts: { vgs?: Row[]; root?: string; boot?: string } = {}): RawInventory {
    return {
        lvs: lvmReport("lv", rows),
        vgs: lvmReport("vg", opts.vgs ?? [vgRow("nodevg")]),
        mountinfo: mountinfoOf(opts.root ?? "/dev/mapper/nodevg-debian--node--12.0--1+1"),
        boot: opts.boot ?? node.boot,
    };
}

function layoutOf(d: Discovery): Layout {
    assert.equal(d.kind, "layout", `expected a layout, got ${d.kind}`);
    return (d as { layout: Layout }).layout;
}

const codes = (problems: Problem[]) => problems.map(p => `${p.severity} ${p.code} ${p.subject}`);
const tree = (layout: Layout) => layout.bases.map(b => [b.name, b.lv ? "lv" : "gone", b.layers.map(l => l.name)]);

/** The lab's two-bases state: a newer base is the default, the old layer still runs. */
function assertUpgradedNotRebooted(layout: Layout): void {
    assert.deepEqual(tree(layout), [
        ["debian-node-12.1-1", "lv", ["debian-node-12.1-1+1"]],
        ["debian-node-12.0-1", "lv", ["debian-node-12.0-1+1", "debian-node-12.0-1+2"]],
    ]);
    assert.deepEqual(layout.foreign.map(l => l.name), ["scratch"]);
    assert.equal(layout.booted, "debian-node-12.0-1+1");
    assert.equal(layout.defaultLayer, "debian-node-12.1-1+1");
    assert.equal(bootsNext(layout), "debian-node-12.1-1+1");
    assert.deepEqual(codes(layout.problems), []);
}

describe("discover: the node as built", () => {
    const layout = layoutOf(discover(node));

    test("VG, pool, one base with its booted layer, the init LV", () => {
        assert.equal(layout.vg.name, "nodevg");
        assert.equal(layout.pool?.lv.name, "pool");
        assert.equal(layout.pool?.dataPercent, layout.pool?.lv.dataPercent);
        assert.deepEqual(tree(layout), [["debian-node-12.0-1", "lv", ["debian-node-12.0-1+1"]]]);
        assert.equal(layout.init?.name, "root");
        assert.deepEqual(layout.volumes, []);
        assert.deepEqual(layout.foreign, []);
    });

    test("booted, default and its entry; nothing wrong", () => {
        const layer = layout.bases[0]!.layers[0]!;
        assert.deepEqual([layer.index, layer.baseName, layer.booted, layer.isDefault, layer.isNextBoot], [1, "debian-node-12.0-1", true, true, false]);
        assert.deepEqual(layer.entries.map(e => e.id), [bootId("debian-node-12.0-1+1")]);
        assert.equal(layout.booted, "debian-node-12.0-1+1");
        assert.equal(layout.defaultLayer, "debian-node-12.0-1+1");
        assert.equal(layout.nextBootLayer, null);
        assert.equal(bootsNext(layout), "debian-node-12.0-1+1");
        assert.equal(layout.boot.backend, "grub-debian");
        assert.deepEqual(codes(layout.problems), []);
    });

    test("the layout carries the plain BootState", () => {
        assert.deepEqual(Object.keys(layout.boot).sort(), ["backend", "defaultRef", "entries", "nextRef", "stored"]);
        // What a job checks again before it runs (actions/preconditions.ts): grubenv as written.
        assert.deepEqual(layout.boot.stored, { defaultRef: "imgbased-debian-node-12.0-1_1", nextRef: null });
    });
});

describe("discover: derived layouts", () => {
    const base = (name: string, extra?: Row) => lv("base", "nodevg", name, extra);
    const layer = (name: string, extra?: Row) => lv("layer", "nodevg", name, extra);
    const common = [...poolRows, lv("init", "nodevg", "root")];

    test("two bases, a foreign LV, default on the new layer, booted on the old", () => {
        const layers = ["debian-node-12.1-1+1", "debian-node-12.0-1+1", "debian-node-12.0-1+2"];
        const layout = layoutOf(discover(inventory(
            [...common, base("debian-node-12.0-1"), base("debian-node-12.1-1"), ...layers.map(n => layer(n)),
                lv("layer", "nodevg", "scratch", { lv_tags: "", origin: "" })],
            { boot: layersProbe("nodevg", layers, { saved_entry: bootId("debian-node-12.1-1+1") }) })));
        assertUpgradedNotRebooted(layout);
    });

    test("a one-time next boot", () => {
        const layers = ["debian-node-12.0-1+1", "debian-node-12.0-1+2"];
        const layout = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), ...layers.map(n => layer(n))],
            { boot: layersProbe("nodevg", layers, { saved_entry: bootId(layers[0]!), next_entry: bootId(layers[1]!) }) })));
        assert.equal(layout.defaultLayer, "debian-node-12.0-1+1");
        assert.equal(layout.nextBootLayer, "debian-node-12.0-1+2");
        assert.equal(layout.bases[0]!.layers[1]!.isNextBoot, true);
        assert.equal(bootsNext(layout), "debian-node-12.0-1+2");
    });

    test("a tagged VG without LVs", () => {
        const layout = layoutOf(discover(inventory([], { boot: layersProbe("nodevg", []) })));
        assert.deepEqual(layout.bases, []);
        assert.equal(layout.pool, null);
        assert.deepEqual(codes(layout.problems), ["danger no-tagged-pool nodevg", "warning booted-not-in-layout /"]);
    });

    test("a layer whose base was removed stays, under a base without LV", () => {
        const layout = layoutOf(discover(inventory([...common, layer("debian-node-12.0-1+1")])));
        assert.deepEqual(tree(layout), [["debian-node-12.0-1", "gone", ["debian-node-12.0-1+1"]]]);
        assert.deepEqual(layout.bases[0]!.nvr, { name: "debian-node", version: "12.0", release: "1" });
        assert.deepEqual(layout.problems, [{ code: "layer-without-base", severity: "warning", subject: "debian-node-12.0-1+1", params: { base: "debian-node-12.0-1" } }]);
    });

    test("names with + . _ and a + inside the base name", () => {
        const names = ["my_os+x.y-1.0_2-3.el9", "my_os+x.y-1.0_2-3.el9+1", "my_os+x.y-1.0_2-3.el9+10", "my_os+x.y-1.0_2-3.el9+2"];
        const layout = layoutOf(discover(inventory([...common, base(names[0]!), ...names.slice(1).map(n => layer(n))],
            { root: `/dev/mapper/nodevg-my_os+x.y--1.0_2--3.el9+10`, boot: layersProbe("nodevg", names.slice(1)) })));
        assert.deepEqual(tree(layout), [[names[0], "lv", [names[1], names[3], names[2]]]]);
        assert.deepEqual(layout.bases[0]!.layers.map(l => l.index), [1, 2, 10]);
        assert.equal(layout.booted, names[2]);
    });

    test("60 bases: newest first by RPM version order, products grouped by name", () => {
        const rows = [...common];
        for (let i = 1; i <= 60; i++)
            rows.push(base(`prod-1.${i}-1`));
        rows.push(base("alpha-9-1"), base("prod-1.10~rc1-1"), base("prod-1.10-1.1"));
        const layout = layoutOf(discover(inventory(rows, { boot: layersProbe("nodevg", []) })));
        const names = layout.bases.map(b => b.name);
        assert.equal(names.length, 63);
        assert.deepEqual(names.slice(0, 4), ["alpha-9-1", "prod-1.60-1", "prod-1.59-1", "prod-1.58-1"]);
        assert.deepEqual(names.slice(names.indexOf("prod-1.11-1"), names.indexOf("prod-1.11-1") + 5),
            ["prod-1.11-1", "prod-1.10-1.1", "prod-1.10-1", "prod-1.10~rc1-1", "prod-1.9-1"]);
        assert.equal(names.at(-1), "prod-1.1-1");
    });

    test("tagged LVs whose names are no NVR are foreign; untagged NVR-like LVs too; hidden LVs nowhere", () => {
        const layout = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1"),
            base("notanimage"), layer("notanimage+1"), lv("layer", "nodevg", "other-1-1+1", { lv_tags: "" })])));
        assert.deepEqual(layout.foreign.map(l => l.name).sort(), ["notanimage", "notanimage+1", "other-1-1+1"]);
        assert.ok(!layout.foreign.some(l => l.hidden));
        assert.deepEqual(tree(layout), [["debian-node-12.0-1", "lv", ["debian-node-12.0-1+1"]]]);
    });

    test("no pool tag", () => {
        const rows = [...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1")]
            .map(r => r.lv_name === "pool" ? { ...r, lv_tags: "" } : r);
        const layout = layoutOf(discover(inventory(rows)));
        assert.equal(layout.pool, null);
        assert.deepEqual(codes(layout.problems), ["danger no-tagged-pool nodevg"]);
        assert.deepEqual(layout.foreign.map(l => l.name), ["pool"]);
    });

    test("several tagged pools", () => {
        const pool2 = { ...poolRows.find(r => r.lv_name === "pool")!, lv_name: "pool2", lv_full_name: "nodevg/pool2", lv_uuid: "p2" };
        const layout = layoutOf(discover(inventory([...common, pool2, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1")])));
        assert.equal(layout.pool, null);
        assert.deepEqual(layout.problems, [{ code: "several-tagged-pools", severity: "danger", subject: "nodevg", params: { pools: "pool, pool2" } }]);
    });

    for (const [data, meta, expected] of [
        ["85.00", "11.13", ["warning pool-data-full pool 85"]],
        ["95.50", "11.13", ["danger pool-data-full pool 95.5"]],
        ["79.99", "80.00", ["warning pool-metadata-full pool 80"]],
        ["90.00", "97.10", ["danger pool-data-full pool 90", "danger pool-metadata-full pool 97.1"]],
    ] as const) {
        test(`pool at ${data} % data, ${meta} % metadata`, () => {
            const rows = [...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1")]
                .map(r => r.lv_name === "pool" ? { ...r, data_percent: data, metadata_percent: meta } : r);
            const layout = layoutOf(discover(inventory(rows)));
            assert.deepEqual(layout.problems.map(p => `${p.severity} ${p.code} ${p.subject} ${p.params?.percent}`), expected);
        });
    }

    test("flags: writable base, read-only layer, activation-skipped layer, layer without entry", () => {
        const layout = layoutOf(discover(inventory([...common,
            base("debian-node-12.0-1", { lv_attr: "Vwi---tz-k" }),
            layer("debian-node-12.0-1+1"),
            layer("debian-node-12.0-1+2", { lv_attr: "Vri-a-tz--" }),
            layer("debian-node-12.0-1+3", { lv_attr: "Vwi---tz-k" }),
        ], { boot: layersProbe("nodevg", ["debian-node-12.0-1+1", "debian-node-12.0-1+2", "debian-node-12.0-1+3"]) })));
        assert.deepEqual(codes(layout.problems), [
            "danger layer-skips-activation debian-node-12.0-1+3",
            "warning layer-read-only debian-node-12.0-1+2",
            "warning base-writable debian-node-12.0-1",
        ]);
        const noEntry = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1"), layer("debian-node-12.0-1+2")])));
        assert.deepEqual(codes(noEntry.problems), ["info layer-without-entry debian-node-12.0-1+2"]);
    });

    test("entries of ours pointing at missing LVs: danger for the default, warning otherwise", () => {
        const layers = ["debian-node-12.0-1+1", "debian-node-12.0-1+7", "debian-node-12.0-1+8"];
        const layout = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), layer(layers[0]!)],
            { boot: layersProbe("nodevg", layers, { saved_entry: bootId(layers[1]!) }) })));
        assert.deepEqual(layout.problems, [
            { code: "entry-missing-lv", severity: "danger", subject: bootId(layers[1]!), params: { lv: `nodevg/${layers[1]}` } },
            { code: "entry-missing-lv", severity: "warning", subject: bootId(layers[2]!), params: { lv: `nodevg/${layers[2]}` } },
        ]);
        assert.equal(layout.defaultLayer, null);
    });

    test("a saved default that names no entry", () => {
        const layout = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1")],
            { boot: layersProbe("nodevg", ["debian-node-12.0-1+1"], { saved_entry: "gone" }) })));
        assert.deepEqual(codes(layout.problems), ["warning default-missing gone"]);
        // GRUB then boots the first entry.
        assert.equal(layout.defaultLayer, "debian-node-12.0-1+1");
    });

    test("booted from the init LV: not in the layout", () => {
        const layout = layoutOf(discover(inventory([...common, base("debian-node-12.0-1"), layer("debian-node-12.0-1+1")],
            { root: "/dev/mapper/nodevg-root" })));
        assert.equal(layout.booted, null);
        assert.deepEqual(codes(layout.problems), ["warning booted-not-in-layout nodevg/root"]);
    });

    test("an oVirt Node NG layout (EL8, GRUB with BLS)", () => {
        const vg = "onn";
        const old = "ovirt-node-ng-4.5.2-0.20220810.0";
        const nu = "ovirt-node-ng-4.5.10-0.20230105.0";
        const rows = [
            ...inVg(vg, poolRows).map(r => r.lv_name === "pool" ? { ...r, lv_name: "pool00", lv_full_name: `${vg}/pool00` } : r),
            lv("init", vg, "root", { pool_lv: "pool00" }),
            // layout --init: a writable snapshot of root tagged imgbased:layer, then update's base.
            lv("base", vg, old, { lv_tags: "imgbased:layer", lv_attr: "Vwi---tz-k", origin: "root", pool_lv: "pool00" }),
            lv("layer", vg, `${old}+1`, { pool_lv: "pool00" }),
            lv("base", vg, nu, { origin: "", pool_lv: "pool00" }),
            lv("layer", vg, `${nu}+1`, { pool_lv: "pool00" }),
            ...["var", "var_log", "var_log_audit"].map(n => lv("layer", vg, n, { lv_tags: "imgbased:volume", origin: "", pool_lv: "pool00" })),
            lv("layer", vg, "swap", { lv_tags: "", origin: "", pool_lv: "", segtype: "linear", lv_attr: "-wi-ao----" }),
        ];
        const layout = layoutOf(discover(inventory(rows, {
            vgs: [vgRow(vg)],
            root: `/dev/mapper/${vg}-ovirt--node--ng--4.5.2--0.20220810.0+1`,
            boot: readFixture("grub2-bls", "boot-probe.txt"),
        })));
        assert.equal(layout.pool?.lv.name, "pool00");
        assert.equal(layout.init?.name, "root");
        assert.deepEqual(tree(layout), [[nu, "lv", [`${nu}+1`]], [old, "lv", [`${old}+1`]]]);
        assert.deepEqual(layout.volumes.map(l => l.name), ["var", "var_log", "var_log_audit"]);
        assert.deepEqual(layout.foreign.map(l => l.name), ["swap"]);
        assert.equal(layout.booted, `${old}+1`);
        assert.equal(layout.defaultLayer, `${old}+1`);
        assert.equal(layout.boot.backend, "grub2-bls");
        assert.deepEqual(codes(layout.problems), [
            "warning entry-missing-lv imgbased-ovirt-node-ng-4.5.1-0.20220601.0_1",
            `info base-writable ${old}`,
        ]);
    });
});

describe("discover: no layout, several layouts, unreadable output", () => {
    test("no tagged VG: the VGs, the booted root LV and the boot state", () => {
        const rows = [...poolRows, lv("init", "nodevg", "root"), lv("layer", "nodevg", "debian-node-12.0-1+1", { lv_tags: "" })];
        const d = discover(inventory(rows, { vgs: [vgRow("nodevg", "")] }));
        assert.equal(d.kind, "none");
        assert.ok(d.kind === "none");
        assert.deepEqual(d.vgs.map(v => v.name), ["nodevg"]);
        assert.equal(d.rootLv?.fullName, "nodevg/debian-node-12.0-1+1");
        assert.equal(d.boot.backend, "grub-debian");
    });

    test("root not on LVM", () => {
        const d = discover(inventory([], { vgs: [], root: "/dev/vda1" }));
        assert.ok(d.kind === "none");
        assert.equal(d.rootLv, null);
    });

    test("several tagged VGs: ambiguous, like imgbased", () => {
        const d = discover(inventory([], { vgs: [vgRow("nodevg"), vgRow("onn_node1"), vgRow("data", "")] }));
        assert.deepEqual(d, {
            kind: "ambiguous",
            vgNames: ["nodevg", "onn_node1"],
            problems: [{ code: "several-tagged-vgs", severity: "danger", subject: "nodevg, onn_node1", params: { vgs: "nodevg, onn_node1" } }],
        });
    });

    test("malformed output anywhere throws InventoryParseError naming it", () => {
        for (const key of ["lvs", "vgs", "mountinfo"] as const) {
            const raw = { ...node, [key]: node[key].slice(0, 40) };
            assert.throws(() => discover(raw), (e: unknown) => e instanceof InventoryParseError && e.command === key, key);
        }
    });
});

describe("discover from the page's one lvs report (no vgs read)", () => {
    test("two-bases: the same layout as with vgs read beside it", () => {
        const withVgs = loadScenario("two-bases");
        const lvs = readFixture("two-bases", "lvs-vg-fields.json");
        assert.equal(needsVgs(lvs), false);
        const alone = layoutOf(discover({ ...withVgs, lvs, vgs: null }));
        assertUpgradedNotRebooted(alone);
        assert.deepEqual(alone, layoutOf(discover({ ...withVgs, lvs, vgs: readFixture("two-bases", "vgs-same-moment.json") })));
    });

    test("no tagged VG among the LVs' VGs: vgs is read, for the empty state's list of every VG", () => {
        assert.equal(needsVgs(readFixture("empty", "lvs-vg-fields.json")), true);
    });
});

describe("discover: recorded scenarios", () => {
    test("two-bases", () => {
        const layout = layoutOf(discover(loadScenario("two-bases")));
        assertUpgradedNotRebooted(layout);
    });

    test("two-bases-rebooted", () => {
        const layout = layoutOf(discover(loadScenario("two-bases-rebooted")));
        assert.equal(layout.booted, "debian-node-12.1-1+1");
        assert.equal(layout.defaultLayer, "debian-node-12.1-1+1");
    });

    test("ovirt-node-only", () => {
        const layout = layoutOf(discover(loadScenario("ovirt-node-only")));
        const old = "ovirt-node-ng-4.5.4-0.20230101.0";
        const nu = "ovirt-node-ng-4.5.5-0.20230614.0";
        assert.equal(layout.vg.name, "onn_node1");
        assert.equal(layout.pool?.lv.name, "pool00");
        assert.equal(layout.init?.name, "root");
        assert.deepEqual(tree(layout), [[nu, "lv", [`${nu}+1`]], [old, "lv", [`${old}+1`]]]);
        assert.deepEqual(layout.volumes.map(l => l.name).sort(), ["home", "tmp", "var", "var_crash", "var_log", "var_log_audit"]);
        assert.deepEqual(layout.foreign.map(l => l.name), ["swap"]);
        assert.equal(layout.booted, null);
        assert.ok(codes(layout.problems).includes(`info base-writable ${old}`));
        assert.ok(codes(layout.problems).includes("warning booted-not-in-layout nodevg/debian-node-12.0-1+1"));
    });

    test("ovirt-node: two tagged VGs", () => {
        const d = discover(loadScenario("ovirt-node"));
        assert.ok(d.kind === "ambiguous");
        assert.deepEqual(d.vgNames.sort(), ["nodevg", "onn_node1"]);
    });

    test("empty", () => {
        const d = discover(loadScenario("empty"));
        assert.ok(d.kind === "none");
        assert.deepEqual(d.vgs.map(v => v.name).sort(), ["datavg", "nodevg"]);
        assert.equal(d.rootLv?.fullName, "nodevg/debian-node-12.0-1+1");
    });
});
