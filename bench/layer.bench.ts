// Add layer as a job (the product's unit, started by the product's startJob: run-job.ts) against its floor:
// a bare thin snapshot of the same base, activated, with a new filesystem UUID by the fastest safe
// command (tune2fs -U alone: the lab's bases have metadata_csum_seed). Both timed in the guest, in
// one run, interleaved. Also, once each: the first job on the lab node (its grub.cfg has no part
// of ours yet, so the refresh runs update-grub) and the plan as it was before the fast path
// (e2fsck -f before tune2fs, update-grub). Run through `make bench BENCH=layer`.
import { readHostFacts } from "../src/host/facts.ts";
import { loadDiscovery } from "../src/host/inventory.ts";
import { addLayer } from "../src/model/actions/add-layer.ts";
import type { Plan, Step } from "../src/model/plan.ts";
import type { Layout } from "../src/model/types.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { runJob } from "./run-job.ts";
import { SshMachine, timed } from "./ssh-machine.ts";
import { stepTimes } from "./upgrade.bench.ts";
import { median } from "./stats.ts";

const BASE = "debian-node-12.0-1";
const VG = "nodevg";

export interface LayerRun { jobS: number; steps: [string, number][] }
export interface LayerBench {
    runs: number;
    jobS: number[];
    floorS: number[];
    /** Median seconds by step id of the fast jobs. */
    steps: [string, number][];
    firstJob: LayerRun;
    oldPath: LayerRun;
}

/** The plan as it was before the fast path: e2fsck -f before tune2fs -U, update-grub for the menu. */
function oldPath(plan: Plan): Plan {
    const steps = plan.steps.flatMap((step): Step[] => {
        if (step.id === "fs-uuid") {
            const dev = step.argv.at(-1)!;
            return [
                { id: "fsck", kind: "fs-check", title: `Check the filesystem on ${dev}`, argv: ["e2fsck", "-f", "-y", dev], okExitCodes: [1] },
                { id: "fs-uuid", kind: "fs-uuid", title: `Give ${dev} a filesystem UUID of its own`, argv: ["tune2fs", "-U", "random", dev] },
            ];
        }
        if (step.id === "boot-menu")
            return [{ ...step, argv: ["update-grub"] }];
        if (step.id === "boot-entry")
            return [{ ...step, undo: [step.undo![0]!, ["update-grub"]] }];
        return [step];
    });
    return { ...plan, steps };
}

export async function run(runs = 3): Promise<LayerBench> {
    const vm = await LabVm.start("bench-layer");
    const m = new SshMachine(vm);
    const plan = async (jobId: string): Promise<Plan> => {
        const d = await loadDiscovery(m);
        if (d.kind !== "layout") throw new Error("no layout");
        const layout: Layout = d.layout;
        const p = addLayer(layout, await readHostFacts(layout, m), { jobId, base: BASE });
        if ("refused" in p) throw new Error(`refused: ${JSON.stringify(p.reasons)}`);
        return p;
    };
    const asJob = async (p: Plan): Promise<LayerRun> => {
        const { jobS, journal } = await runJob(vm, m, p);
        return { jobS, steps: stepTimes(journal) };
    };
    const floor = async (i: number): Promise<number> => {
        const lv = `${VG}/bench-floor-${i}`;
        const s = await timed(vm, "sh -e", `lvcreate -qq --snapshot --setactivationskip n --name bench-floor-${i} ${VG}/${BASE}
lvchange --activate y --ignoreactivationskip ${lv}
tune2fs -U random /dev/${lv}
`);
        await vm.ssh(`lvremove -qq -y ${lv}`);
        return s;
    };
    try {
        const firstJob = await asJob(await plan("bench-layer-first"));
        const old = await asJob(oldPath(await plan("bench-layer-old")));
        const jobs: LayerRun[] = [];
        const floorS: number[] = [];
        for (let i = 0; i < runs; i++) {
            floorS.push(await floor(i));
            jobs.push(await asJob(await plan(`bench-layer-${i}`)));
        }
        const ids = jobs[0]!.steps.map(([id]) => id);
        const steps = ids.map((id): [string, number] => [id, median(jobs.map(j => j.steps.find(([s]) => s === id)?.[1] ?? NaN))]);
        return { runs, jobS: jobs.map(j => j.jobS), floorS, steps, firstJob, oldPath: old };
    } finally {
        await vm.stop();
    }
}
