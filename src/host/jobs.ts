// The job runner. A plan's script (src/model/plan.ts) runs as a transient systemd unit so it
// survives a closed browser or a dropped session (research/cockpit-plugins.md §2.6). The unit
// name holds the job id, so a reopened page finds a running job and re-attaches to its journal.
import { DEFAULT_JOB_PATHS, PAST_NO_RETURN, type Plan, recoveryJobId, renderScript, undoScriptPath } from "../model/plan.ts";
import { quote } from "../model/shell.ts";
import type { Follower, Machine } from "./machine.ts";

/** tmpfs: a script is only needed while its unit runs; the undo script lives in the state dir. */
const SCRIPT_DIR = "/run/imgbased/jobs";
const UNIT = /^imgbased-job-([a-z0-9][a-z0-9-]*)\.service$/;

export function unitName(jobId: string): string {
    return `imgbased-job-${jobId}.service`;
}

function startUnit(jobId: string, description: string, user: string | null, script: string[], m: Machine): Promise<string> {
    return m.run([
        "systemd-run", `--unit=${unitName(jobId)}`, `--description=${description}`,
        // For the host-wide history's line (model/plan.ts summarize).
        ...(user ? [`--setenv=IMGBASED_JOB_USER=${user}`] : []),
        "--collect", "--service-type=exec", "--no-block",
        // Stopping the unit makes the script undo; systemd's default 90 s could cut that short.
        "--property=TimeoutStopSec=10min",
        // journald's rate limit would drop lines of a chatty step, markers among them.
        "--property=LogRateLimitIntervalSec=0",
        "/bin/sh", ...script,
    ], { superuser: "require" });
}

export interface StartOptions {
    /**
     * Who asked (the Cockpit user). It goes into the unit's description, "TITLE (by USER)", which
     * PID 1 logs as "Started UNIT - DESCRIPTION.": the job history reads it from the journal
     * after the unit is gone.
     */
    user?: string;
}

/** The user as the description and the history name them: a word, or null. */
function userWord(options: StartOptions): string | null {
    return options.user?.replace(/[^A-Za-z0-9._@+-]/g, "") || null;
}

function describe(title: string, options: StartOptions): string {
    const user = userWord(options);
    return user ? `${title} (by ${user})` : title;
}

/**
 * Writes the plan's script and starts it. Resolves once systemd accepted the unit; whether the
 * job ran, was refused (busy, interrupted job to undo first) or failed is in its journal.
 */
export async function startJob(plan: Plan, m: Machine, options: StartOptions = {}): Promise<void> {
    const path = `${SCRIPT_DIR}/${plan.id}.sh`;
    await m.run(["mkdir", "-p", "-m", "0700", SCRIPT_DIR], { superuser: "require" });
    await m.writeFile(path, renderScript(plan), { superuser: "require" });
    await startUnit(plan.id, describe(plan.title, options), userWord(options), [path], m);
}

/**
 * Runs the recovery script of an interrupted job: it undoes the job, or completes it past its
 * point of no return; `handled` only forgets the job (the admin dealt with it by hand). Follow
 * it as job recoveryJobId(jobId).
 */
export async function startRecovery(jobId: string, m: Machine, options: StartOptions & { handled?: boolean } = {}): Promise<string> {
    const id = recoveryJobId(jobId);
    const title = options.handled ? `Interrupted imgbased job ${jobId} marked as handled` : `Recovery of interrupted imgbased job ${jobId}`;
    await startUnit(id, describe(title, options), userWord(options), [undoScriptPath(jobId), ...(options.handled ? ["handled"] : [])], m);
    return id;
}

/** Asks the job to stop: the script undoes what it completed (SIGTERM), then exits. */
export async function stopJob(jobId: string, m: Machine): Promise<void> {
    await m.run(["systemctl", "stop", "--no-block", unitName(jobId)], { superuser: "require" });
}

export interface JobStatus {
    /** Jobs whose units run (normally at most one: the lock refuses others). */
    running: string[];
    /** Jobs that were killed (or whose undo failed) and left an undo script to run. */
    interrupted: string[];
    /** Those of `interrupted` past their point of no return: their recovery completes them. */
    pastNoReturn: string[];
}

/**
 * Both job checks of a page refresh in one process. A running job has its undo script too: a job
 * counts as interrupted only while its unit and its recovery's unit are inactive/failed. A job
 * removes its undo script before its unit goes inactive, so the script is looked at again after
 * the units were found inactive.
 */
export async function findJobs(m: Machine): Promise<JobStatus> {
    const out = await m.script(`systemctl list-units --type=service --state=active,activating,deactivating \\
    --no-legend --plain --full 'imgbased-job-*' 2>/dev/null | sed 's/^/running /'
cd ${quote(DEFAULT_JOB_PATHS.stateDir)} 2>/dev/null || exit 0
for f in *.undo.sh; do
    [ -e "$f" ] || continue
    id=\${f%.undo.sh}
    live=
    for unit in "imgbased-job-$id.service" "imgbased-job-$id-recover.service"; do
        case $(systemctl is-active "$unit" 2>/dev/null) in
        inactive|failed|'') ;;
        *) live=1 ;;
        esac
    done
    [ -z "$live" ] && [ -e "$f" ] || continue
    printf 'interrupted %s\\n' "$id"
    grep -qx ${PAST_NO_RETURN} "$id.state" 2>/dev/null && printf 'past-no-return %s\\n' "$id"
done
exit 0
`, { superuser: "try" });
    const running = new Set<string>();
    const interrupted: string[] = [];
    const pastNoReturn: string[] = [];
    for (const line of out.split("\n")) {
        const [kind, ...rest] = line.split(/\s+/);
        if (kind === "running") {
            // Words, not columns: systemctl may put a status dot before the unit name.
            for (const word of rest) {
                const match = UNIT.exec(word);
                if (match)
                    running.add(match[1]!);
            }
        } else if ((kind === "interrupted" || kind === "past-no-return") && /^[a-z0-9][a-z0-9-]*$/.test(rest[0] ?? "")) {
            (kind === "interrupted" ? interrupted : pastNoReturn).push(rest[0]!);
        }
    }
    // The script names a job past its point of no return only right after it named it interrupted.
    return { running: [...running], interrupted, pastNoReturn };
}

/**
 * Streams the job's journal from its first line, as whole lines, until close(). Parse everything
 * received so far with parseJobLog(); it says when the job is done. onError gets a failure of
 * journalctl itself (e.g. no permission to read the journal).
 */
export function followJob(jobId: string, m: Machine, onLines: (lines: string[]) => void,
                          onError: (error: unknown) => void = () => {}): Follower {
    let partial = "";
    return m.follow(
        ["journalctl", "--output=cat", "--all", `--unit=${unitName(jobId)}`, "--follow", "--lines=all"],
        data => {
            const lines = (partial + data).split("\n");
            partial = lines.pop() ?? "";
            if (lines.length > 0)
                onLines(lines);
        },
        { superuser: "try", onError });
}
