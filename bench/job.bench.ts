// What the job runner costs: the same plan run as a job, started by the product's startJob
// (rendered script, lock, markers, state file, transient systemd unit), against its bare commands
// run one after another by sh, both timed inside the guest so ssh's latency counts for neither.
// Run through `make bench`.
import { readHostFacts } from "../src/host/facts.ts";
import { loadDiscovery } from "../src/host/inventory.ts";
import { addLayer } from "../src/model/actions/add-layer.ts";
import { pin, unpin } from "../src/model/actions/pin.ts";
import { unchangedStep } from "../src/model/actions/preconditions.ts";
import type { Refusal } from "../src/model/actions/types.ts";
import type { Plan } from "../src/model/plan.ts";
import { renderArgv } from "../src/model/shell.ts";
import type { Layout } from "../src/model/types.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { runJob } from "./run-job.ts";
import { SshMachine, timed } from "./ssh-machine.ts";

function planned(p: Plan | Refusal): Plan {
    if ("refused" in p) throw new Error("refused: " + JSON.stringify(p.reasons));
    return p;
}

const bare = (vm: LabVm, plan: Plan) => timed(vm, "sh -e", plan.steps.map(s => renderArgv(s.argv)).join("\n") + "\n");

export interface JobBench { action: string; steps: number; jobS: number; bareS: number }

export async function run(): Promise<JobBench[]> {
    const vm = await LabVm.start("bench-job");
    const m = new SshMachine(vm);
    const layout = async (): Promise<Layout> => {
        const d = await loadDiscovery(m);
        if (d.kind !== "layout") throw new Error("no layout");
        return d.layout;
    };
    const results: JobBench[] = [];
    try {
        const base = "debian-node-12.0-1";
        // The first job also installs our GRUB snippet; measure the runs after it.
        let l = await layout();
        await runJob(vm, m, planned(addLayer(l, await readHostFacts(l, m), { jobId: "bench-warm", base })));
        for (let i = 0; i < 2; i++) {
            l = await layout();
            const job = planned(addLayer(l, await readHostFacts(l, m), { jobId: `bench-add-job-${i}`, base }));
            const { jobS } = await runJob(vm, m, job);
            l = await layout();
            const plain = planned(addLayer(l, await readHostFacts(l, m), { jobId: `bench-add-bare-${i}`, base }));
            const bareS = await bare(vm, plain);
            results.push({ action: "add layer", steps: job.steps.length, jobS, bareS });
        }
        l = await layout();
        const layer = `${base}+1`;
        for (let i = 0; i < 3; i++) {
            const p = planned(pin(l, { jobId: `bench-pin-${i}`, name: layer }));
            const { jobS } = await runJob(vm, m, p);
            const u = planned(unpin(await layout(), { jobId: `bench-unpin-${i}`, name: layer }));
            const bareS = await bare(vm, u);
            results.push({ action: "pin / unpin", steps: p.steps.length, jobS, bareS });
            l = await layout();
        }
        // What every plan made from a layout now pays first (preconditions.ts), against the one
        // lvs it cannot do without.
        for (let i = 0; i < 3; i++) {
            const check = unchangedStep(l);
            const checkS = await timed(vm, "sh -e", renderArgv(check.argv) + "\n");
            const lvsS = await timed(vm, "sh -e", `lvs --noheadings --separator ' ' -o lv_name,lv_tags -- ${l.vg.name} >/dev/null\n`);
            results.push({ action: "check vs lvs", steps: 1, jobS: checkS, bareS: lvsS });
        }
    } finally {
        await vm.stop();
    }
    return results;
}
