// make bench: every benchmark, each against its obvious alternative in the same run.
// `make bench BENCH="diff job"` runs only those (model diff-model bundle refresh page job layer diff upgrade keep); all by default.
import { run as modelBench } from "./model.bench.ts";
import { run as refreshBench } from "./refresh.bench.ts";
import { run as pageBench } from "./page.bench.ts";
import { run as jobBench } from "./job.bench.ts";
import { run as layerBench } from "./layer.bench.ts";
import { median } from "./stats.ts";
import { run as diffBench } from "./diff.bench.ts";
import { run as diffModelBench } from "./diff-model.bench.ts";
import { run as upgradeBench } from "./upgrade.bench.ts";
import { run as keepBench } from "./keep.bench.ts";
import { run as bundleBench } from "./bundle.bench.ts";

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);

if (wanted("model")) {
    console.log("== model: parse + build the layout (pure, on this machine)");
    console.log(modelBench().summary);
}

if (wanted("diff-model")) {
    const r = diffModelBench();
    console.log(`\n== diff in the page for ${r.files} files a tree, ${r.changes} changed (${r.shown} shown), ms a step (on this machine)`);
    console.log(Object.entries(r.steps).map(([step, ms]) => `${step} ${ms.toFixed(0)}`).join("  "));
}

if (wanted("bundle")) {
    const r = bundleBench();
    console.log("\n== the page's files as `make` built them in dist/, bytes raw and gzipped; the first load is what the first open fetches");
    console.log("file                                raw        gz");
    for (const f of r.files)
        console.log([`${f.name}${f.firstLoad ? " *" : ""}`.padEnd(30), String(f.raw).padStart(9), String(f.gz).padStart(9)].join(" "));
    console.log([`first load (* ${r.firstLoad.files.length} files)`.padEnd(30), String(r.firstLoad.raw).padStart(9), String(r.firstLoad.gz).padStart(9)].join(" "));
}

if (wanted("refresh")) {
    console.log("\n== refresh on a real node (lab VM under TCG: absolute times are slow, ratios count)");
    console.log("LVs  spawns/refresh  refresh ms  bare lvs ms  ratio  imgbased-style N+1: spawns  ms  (x our refresh)");
    for (const r of await refreshBench([0, 20, 60])) {
        console.log([
            String(r.lvCount).padStart(3), String(r.spawnsPerRefresh).padStart(15), fmt(r.refreshMs).padStart(11),
            fmt(r.bareLvsMs).padStart(12), (r.refreshMs / r.bareLvsMs).toFixed(2).padStart(6),
            String(r.perLvSpawns).padStart(27), fmt(r.perLvMs).padStart(7), `(${(r.perLvMs / r.refreshMs).toFixed(1)}x)`,
        ].join(" "));
    }
}

if (wanted("page")) {
    console.log("\n== page ready (the layout table first shown) vs one bare lvs round trip in the same frame, ms, 5 opens each (lab VM under TCG)");
    const r = await pageBench();
    const floor = median(r.bareLvsMs);
    const row = (name: string, xs: number[]) =>
        console.log(`${name.padEnd(38)} median ${fmt(median(xs)).padStart(6)}  ratio ${(median(xs) / floor).toFixed(2).padStart(5)}  all ${xs.map(fmt).join(" ")}`);
    row("bare lvs", r.bareLvsMs);
    row("cold open (no browser cache)", r.opens.cold.map(o => o.ms));
    row("first open (browser cache)", r.opens.first.map(o => o.ms));
    row("open again (saved layout, then read)", r.opens.saved.map(o => o.ms));
    const table = (t: { rows: string[]; booted: string[]; defaults: string[]; poolBars: number }) => JSON.stringify([t.rows, t.booted, t.defaults, t.poolBars]);
    const complete = Object.values(r.opens).flat().filter(o => table(o) === table(r.settled)).length;
    console.log(`table at first paint = table settled (rows, Booted, Default, pool bars): ${complete} of ${Object.values(r.opens).flat().length} opens`);
    for (const kind of ["cold", "first"] as const) {
        const mid = [...r.opens[kind]].sort((a, b) => a.ms - b.ms)[Math.floor(r.opens[kind].length / 2)]!;
        console.log(`where the median ${kind} open went (ms from the frame's start): ${mid.where.map(([what, from, to]) => `${what} ${from}-${to}`).join(", ")}`);
    }
}

if (wanted("job")) {
    console.log("\n== job overhead: the same plan as a job (systemd unit, lock, markers, state file) vs its bare commands");
    console.log("action        steps  job s  bare s  overhead s  ratio");
    for (const r of await jobBench()) {
        console.log([
            r.action.padEnd(12), String(r.steps).padStart(6), r.jobS.toFixed(2).padStart(6), r.bareS.toFixed(2).padStart(7),
            (r.jobS - r.bareS).toFixed(2).padStart(11), (r.jobS / r.bareS).toFixed(2).padStart(6),
        ].join(" "));
    }
}

if (wanted("layer")) {
    const r = await layerBench();
    const steps = (s: [string, number][]) => s.map(([id, t]) => `${id} ${t.toFixed(2)}`).join(", ");
    const job = median(r.jobS), floor = median(r.floorS);
    console.log("\n== add layer: the job vs its floor (bare lvcreate -s + lvchange -ay -K + tune2fs -U on the same base), in the guest");
    console.log(`runs ${r.runs}: job s ${r.jobS.map(s => s.toFixed(2)).join(" ")}; floor s ${r.floorS.map(s => s.toFixed(2)).join(" ")}`);
    console.log(`median job ${job.toFixed(2)} s, floor ${floor.toFixed(2)} s, ratio ${(job / floor).toFixed(2)} (goal <= 2)`);
    console.log(`  job steps (median s): ${steps(r.steps)}`);
    console.log(`before: the plan with e2fsck -f and update-grub ${r.oldPath.jobS.toFixed(2)} s, ratio ${(r.oldPath.jobS / floor).toFixed(2)}`);
    console.log(`  its slowest steps: ${steps([...r.oldPath.steps].sort((a, b) => b[1] - a[1]).slice(0, 4))}`);
    console.log(`first job on the lab node (no part of ours in grub.cfg yet: update-grub once) ${r.firstJob.jobS.toFixed(2)} s`);
}

if (wanted("diff")) {
    console.log("\n== diff of a layer against its base, cold caches: ours (in the page) vs two find walks and rsync -n -c (in the guest)");
    console.log("changed  files/tree  found  ours s  2x find s  ours/find  rsync -c s  rsync/ours");
    for (const r of await diffBench([0, 1000, 10000])) {
        console.log([
            String(r.changedFiles).padStart(7), String(r.filesPerTree).padStart(11), String(r.changesFound).padStart(6),
            r.oursS.toFixed(2).padStart(7), r.findS.toFixed(2).padStart(10), (r.oursS / r.findS).toFixed(2).padStart(10),
            r.rsyncS.toFixed(2).padStart(11), (r.rsyncS / r.oursS).toFixed(1).padStart(11),
        ].join(" "));
    }
}

if (wanted("upgrade")) {
    console.log("\n== upgrade from the lab's v2 squashfs, cold caches: the job's fill step vs a bare unsquashfs onto the same kind of LV (in the guest)");
    console.log("run  fill s  bare unsquashfs s  fill/bare  whole upgrade s  slowest steps (s)");
    for (const r of await upgradeBench()) {
        const slowest = [...r.steps].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id, s]) => `${id} ${s.toFixed(1)}`).join(", ");
        console.log([
            String(r.run).padStart(3), r.fillS.toFixed(1).padStart(7), r.bareS.toFixed(1).padStart(18), (r.fillS / r.bareS).toFixed(2).padStart(10),
            r.totalS.toFixed(1).padStart(16), ` ${slowest}`,
        ].join(" "));
        console.log(`     all steps: ${r.steps.map(([id, s]) => `${id} ${s.toFixed(1)}`).join(", ")}`);
    }
}

if (wanted("keep")) {
    console.log("\n== the upgrade's conflict check, cold caches: our host programs (page side, over ssh) vs mount + sha256sum of the same files in base, layer and image (in the guest)");
    console.log("files  ours s  bare s  ours/bare");
    for (const r of await keepBench([10, 100, 1000])) {
        console.log([String(r.files).padStart(5), r.oursS.toFixed(2).padStart(7), r.bareS.toFixed(2).padStart(7), (r.oursS / r.bareS).toFixed(2).padStart(10)].join(" "));
    }
}
