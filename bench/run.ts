// make bench: every benchmark, each against its obvious alternative in the same run.
import { run as modelBench } from "./model.bench.ts";
import { run as refreshBench } from "./refresh.bench.ts";

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

console.log("== model: parse + build the layout (pure, on this machine)");
console.log(modelBench().summary);

console.log("\n== refresh on a real node (lab VM under TCG: absolute times are slow, ratios count)");
console.log("LVs  spawns/refresh  refresh ms  bare lvs ms  ratio  imgbased-style N+1: spawns  ms  (x our refresh)");
for (const r of await refreshBench([0, 20, 60])) {
    console.log([
        String(r.lvCount).padStart(3), String(r.spawnsPerRefresh).padStart(15), fmt(r.refreshMs).padStart(11),
        fmt(r.bareLvsMs).padStart(12), (r.refreshMs / r.bareLvsMs).toFixed(2).padStart(6),
        String(r.perLvSpawns).padStart(27), fmt(r.perLvMs).padStart(7), `(${(r.perLvMs / r.refreshMs).toFixed(1)}x)`,
    ].join(" "));
}
