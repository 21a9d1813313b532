// How long the model takes for a big host: lvs/vgs/findmnt JSON and a boot probe for 1,000 LVs
// (240 bases with 3 layers each, every layer with its boot entry, plus volumes and foreign LVs),
// derived from the node's real records, parsed and turned into a Layout.
//   node --import tsx bench/model.bench.ts [RUNS]
import { pathToFileURL } from "node:url";

import { discover } from "../src/model/layout.ts";
import type { RawInventory } from "../src/model/types.ts";
import { mountinfoOf, layersProbe, lvmReport, nodeInventory, reportRows } from "../test/unit/fixtures.ts";

const BASES = 240;
const LAYERS_PER_BASE = 3;
/** Volumes and foreign LVs; with the pool and the init LV they make 1,000. */
const OTHERS = 1000 - BASES * (1 + LAYERS_PER_BASE) - 2;

export interface ModelBenchResult {
    lvs: number;
    runs: number;
    medianMs: number;
    minMs: number;
    maxMs: number;
    summary: string;
}

/** An inventory of exactly 1,000 visible LVs (plus the pool's hidden parts). */
export function bigInventory(): RawInventory {
    const node = nodeInventory();
    const rows = reportRows(node.lvs, "lv");
    const find = (name: string) => rows.find(r => r.lv_name === name)!;
    const [base, layer] = [find("debian-node-12.0-1"), find("debian-node-12.0-1+1")];
    const pool = rows.filter(r => r.lv_name === "pool" || r.lv_name!.startsWith("["));
    const derive = (template: typeof base, name: string, origin: string, tags: string, i: number) =>
        ({ ...template, lv_name: name, lv_full_name: `nodevg/${name}`, lv_path: `/dev/nodevg/${name}`, origin, lv_tags: tags, lv_uuid: `bench-${i}` });

    const out = [...pool, derive(base, "root", "", "imgbased:init", 0)];
    const layers: string[] = [];
    for (let b = 0; b < BASES; b++) {
        const baseName = `debian-node-12.${b}-1`;
        out.push(derive(base, baseName, "root", "imgbased:base", out.length));
        for (let l = 1; l <= LAYERS_PER_BASE; l++) {
            layers.push(`${baseName}+${l}`);
            out.push(derive(layer, `${baseName}+${l}`, baseName, "imgbased:layer", out.length));
        }
    }
    for (let i = 0; i < OTHERS; i++)
        out.push(derive(layer, i % 2 ? `data${i}` : `var_${i}`, "", i % 2 ? "" : "imgbased:volume", out.length));

    const booted = layers.at(-1)!;
    return {
        lvs: lvmReport("lv", out),
        vgs: node.vgs,
        mountinfo: mountinfoOf(`/dev/nodevg/${booted}`),
        boot: layersProbe("nodevg", layers, { saved_entry: `imgbased-${booted.replace(/\+(\d+)$/, "_$1")}` }),
    };
}

export function run(runs = 30): ModelBenchResult {
    const raw = bigInventory();
    const check = discover(raw);
    if (check.kind !== "layout")
        throw new Error(`bench inventory gave ${check.kind}`);
    const lvs = check.layout.bases.reduce((n, b) => n + 1 + b.layers.length, 0) + check.layout.volumes.length +
        check.layout.foreign.length + 2; // + pool and init

    discover(raw); // warm-up: JIT, regexp compilation
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        discover(raw);
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    return {
        lvs,
        runs,
        medianMs,
        minMs: times[0]!,
        maxMs: times.at(-1)!,
        summary: `model: ${lvs} LVs parsed+modelled in ${medianMs.toFixed(1)} ms (median of ${runs})`,
    };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
    console.log(run(Number(process.argv[2] ?? 30)).summary);
