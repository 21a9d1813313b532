// Past jobs from the journal: one journalctl process for the list (src/model/history.ts parses
// it), one more per job whose log the admin opens. Read when the page opens and after a job, not
// on every refresh.
import { HISTORY_PATTERN, mergeHistory, parseHistory, parseJobSummaries, type HistoryEntry } from "../model/history.ts";
import { jobSummaryFile } from "../model/trial.ts";
import { TRIAL_BOOT_DIR } from "./trials.ts";
import { ProcessError, type Machine } from "./machine.ts";

/** Matching entries journalctl returns at most: a job makes about four, so ~75 jobs. */
const MAX_LINES = 300;

export function historyCommand(grep: boolean): string[] {
    return [
        "journalctl", "-o", "json", "--no-pager", "--unit=imgbased-job-*.service",
        "--output-fields=MESSAGE,_SYSTEMD_UNIT,UNIT",
        // Newest first and counted after the grep (without -r, -n counts before it).
        ...(grep ? ["-r", `--lines=${MAX_LINES}`, `--grep=${HISTORY_PATTERN}`] : []),
    ];
}

/**
 * The last `limit` jobs, newest first: this layer's journal, and the host-wide history on /boot
 * for the runs it does not have (another layer's). A history that cannot be read adds none.
 */
export async function readHistory(m: Machine, limit = 20): Promise<HistoryEntry[]> {
    const [journal, summaries] = await Promise.all([
        readJournalHistory(m, limit),
        m.readFile(jobSummaryFile(TRIAL_BOOT_DIR)).catch(() => null),
    ]);
    return mergeHistory(journal, parseJobSummaries(summaries), limit);
}

/**
 * journalctl without PCRE2 support refuses --grep; then all lines of all jobs are read once and
 * filtered here.
 */
async function readJournalHistory(m: Machine, limit: number): Promise<HistoryEntry[]> {
    let out: string;
    try {
        out = await m.run(historyCommand(true), { superuser: "try" });
    } catch (ex) {
        if (noJobsYet(ex))
            return [];
        if (!(ex instanceof ProcessError) || ex.problem !== null || !/pattern|pcre|grep/i.test(ex.message))
            throw ex;
        out = await m.run(historyCommand(false), { superuser: "try" });
    }
    return parseHistory(out, limit);
}

/**
 * journalctl 252 fails (exit 1) when the unit glob matches no unit in the journal: "Failed to add
 * filter for units: No data available". A user who may not read the system journal gets the same,
 * with "No journal files were opened due to insufficient permissions" before it.
 */
function noJobsYet(ex: unknown): boolean {
    return ex instanceof ProcessError && ex.problem === null && /No data available/.test(ex.message)
        && !/insufficient permissions/.test(ex.message);
}

/** A job's whole log (journalctl --output=cat), for parseJobLog. */
export async function readJobLog(unit: string, m: Machine): Promise<string[]> {
    const out = await m.run(["journalctl", "--output=cat", "--all", "--no-pager", `--unit=${unit}`], { superuser: "try" });
    return out.split("\n");
}
