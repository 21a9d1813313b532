// The upgrade job against the obvious alternative: its fill step (unsquashfs onto a fresh thin
// LV, as a step of the job) vs a bare unsquashfs of the same image onto the same kind of LV, both
// from cold caches, in one run; and the whole upgrade's wall time split by step, from the job's
// own markers in the journal. Run through `make bench BENCH=upgrade`.
import { readHostFacts } from "../src/host/facts.ts";
import { inspectImage } from "../src/host/image.ts";
import { loadDiscovery } from "../src/host/inventory.ts";
import { readPersist } from "../src/host/persist.ts";
import { upgrade } from "../src/model/actions/upgrade.ts";
import { isImageProblem } from "../src/model/upgrade/image-probe.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { runJob } from "./run-job.ts";
import { SshMachine, timed } from "./ssh-machine.ts";

const DIR = "/mnt/images";
const IMAGE = `${DIR}/debian-node-12.1-1.squashfs`;
const DROP_CACHES = "sync; echo 3 > /proc/sys/vm/drop_caches";

export interface UpgradeBench {
    run: number;
    fillS: number;
    bareS: number;
    totalS: number;
    /** Seconds by step id, in plan order. */
    steps: [string, number][];
}

/** Step durations from the job's markers, as the journal timed them (short-unix). */
export function stepTimes(journal: string): [string, number][] {
    const begun = new Map<string, number>();
    const times: [string, number][] = [];
    for (const line of journal.split("\n")) {
        const m = /^(\d+\.\d+) \S+ \S+: @@imgbased-job step-(begin|end) \d+ (\S+)/.exec(line);
        if (!m)
            continue;
        if (m[2] === "begin")
            begun.set(m[3]!, Number(m[1]));
        else
            times.push([m[3]!, Number(m[1]) - (begun.get(m[3]!) ?? Number(m[1]))]);
    }
    return times;
}

async function bareUnsquashfs(vm: LabVm, size: number): Promise<number> {
    const lv = "nodevg/bench-bare", mnt = "/run/bench-bare";
    await vm.ssh(`set -e; lvcreate -qq --thin -V ${size}b -n bench-bare nodevg/pool; mkfs.ext4 -q -E discard -O metadata_csum_seed /dev/${lv}
        mkdir -p ${mnt}; mount /dev/${lv} ${mnt}; ${DROP_CACHES}`);
    try {
        return await timed(vm, `unsquashfs -no-progress -force -dest ${mnt} ${IMAGE}`);
    } finally {
        await vm.ssh(`umount ${mnt}; lvremove -qq -y ${lv}`);
    }
}

export async function run(runs = 2): Promise<UpgradeBench[]> {
    const vm = await LabVm.start("bench-upgrade");
    const m = new SshMachine(vm);
    const results: UpgradeBench[] = [];
    try {
        await vm.mountImages(DIR);
        for (let i = 1; i <= runs; i++) {
            const discovery = await loadDiscovery(m);
            if (discovery.kind !== "layout") throw new Error("no layout");
            const layout = discovery.layout;
            const facts = await readHostFacts(layout, m);
            const image = await inspectImage(m, IMAGE, { typedSha: "" });
            if (isImageProblem(image)) throw new Error(`image: ${image.problem} ${image.detail}`);
            const whitelist = await readPersist(m);
            const plan = upgrade(layout, facts, {
                jobId: `bench-upgrade-${i}`, imagePath: IMAGE, image, expectedSha256: null, name: `debian-node-12.1-${i}`,
                persist: whitelist.entries.map(e => e.pattern), persistChecks: whitelist.checks,
            });
            if ("refused" in plan) throw new Error(`refused: ${JSON.stringify(plan.reasons)}`);
            const booted = layout.bases.flatMap(b => b.layers).find(l => l.booted)!;
            const bareS = await bareUnsquashfs(vm, booted.lv.size);
            await vm.ssh(DROP_CACHES);
            const { jobS: totalS, journal } = await runJob(vm, m, plan);
            const steps = stepTimes(journal);
            results.push({ run: i, fillS: steps.find(([id]) => id === "base-fill")?.[1] ?? NaN, bareS, totalS, steps });
        }
    } finally {
        await vm.stop();
    }
    return results;
}
