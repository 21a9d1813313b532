// make bench: every benchmark, each against its obvious alternative in the same run.
import { run as modelBench } from "./model.bench.ts";
import { run as refreshBench } from "./refresh.bench.ts";
import { run as jobBench } from "./job.bench.ts";

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

console.log("\n== job overhead: the same plan as a job (systemd unit, lock, markers, state file) vs its bare commands");
console.log("action        steps  job s  bare s  overhead s  ratio");
for (const r of await jobBench()) {
    console.log([
        r.action.padEnd(12), String(r.steps).padStart(6), r.jobS.toFixed(2).padStart(6), r.bareS.toFixed(2).padStart(7),
        (r.jobS - r.bareS).toFixed(2).padStart(11), (r.jobS / r.bareS).toFixed(2).padStart(6),
    ].join(" "));
}
