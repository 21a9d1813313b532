// A plan run as the page runs it: the product's startJob through the ssh Machine, followed to its
// end by the product's followJob and parseJobLog, as the page's progress view follows it. Its time
// is the guest's, from the journal's timestamps: PID 1 starting the unit to the unit's end, so
// ssh's latency counts for neither side of a comparison.
import { followJob, startJob, unitName } from "../src/host/jobs.ts";
import { isUnitEnd, lastRunEnded } from "../src/model/history.ts";
import { parseJobLog, type JobProgress } from "../src/model/job-log.ts";
import type { Plan } from "../src/model/plan.ts";
import type { LabVm } from "../test/e2e/lib/vm.ts";
import type { SshMachine } from "./ssh-machine.ts";

export interface JobRun {
    /** From the unit's start to its end, seconds, in the guest. */
    jobS: number;
    /** The unit's journal, `-o short-unix`: each line starts with its time. */
    journal: string;
}

/** Resolves with the job's progress once its unit has ended (the journal's last line of it is there then). */
function ended(jobId: string, m: SshMachine): Promise<JobProgress> {
    const unit = unitName(jobId);
    const lines: string[] = [];
    return new Promise((resolve, reject) => {
        const follower = followJob(jobId, m, more => {
            lines.push(...more);
            if (lastRunEnded(lines, unit)) {
                follower.close();
                resolve(parseJobLog(lines, { ended: true }));
            }
        }, reject);
    });
}

/** The time of the first journal line (`short-unix`) whose message passes `test`. */
function timeOf(journal: string, test: (message: string) => boolean): number {
    for (const line of journal.split("\n")) {
        const match = /^(\d+\.\d+) \S+ [^:]+: (.*)$/.exec(line);
        if (match && test(match[2]!))
            return Number(match[1]);
    }
    throw new Error(`not in the journal: ${journal}`);
}

/** Runs the plan as a job and waits for its end; rejects unless it succeeded. */
export async function runJob(vm: LabVm, m: SshMachine, plan: Plan): Promise<JobRun> {
    await startJob(plan, m);
    const progress = await ended(plan.id, m);
    if (progress.state !== "succeeded")
        throw new Error(`job ${plan.id}: ${progress.state}`);
    const unit = unitName(plan.id);
    const { stdout: journal } = await vm.ssh(`journalctl --unit=${unit} -o short-unix --no-pager`);
    const jobS = timeOf(journal, message => isUnitEnd(message, unit)) - timeOf(journal, message => message.startsWith(`Started ${unit}`));
    return { jobS, journal };
}
