// Reads a job's journal (`journalctl --output=cat`) back into progress the page can show: the
// marker lines and "| " output lines that plan.ts scripts print. A reopened page parses the whole
// log again, so everything it needs (steps, titles) is in the log itself.
import { JOB_OUTCOMES, MARKER, type JobOutcome } from "./plan.ts";

export type StepStatus = "pending" | "running" | "done" | "failed" | "undoing" | "undone" | "undo-failed";

/** "running" until the done marker; "interrupted" when the unit ended without one (killed). */
export type JobState = "running" | "interrupted" | JobOutcome;

export interface StepProgress {
    index: number;
    id: string;
    kind: string;
    title: string;
    status: StepStatus;
    /** The step command's exit status once it ended (255: its wrapper was killed). */
    rc: number | null;
    /** Exit status of the step's undo or cleanup once that ended. */
    undoRc: number | null;
    /** Output of the step's command, then of its cleanup or undo. */
    output: string[];
    /** What the plan says the step is (Step.changesBoot, Step.precondition). */
    changesBoot: boolean;
    precondition: boolean;
}

export interface JobProgress {
    id: string | null;
    action: string | null;
    title: string | null;
    /** The log is of the job's recovery script (after a kill or an unfinished end), not of the job. */
    recovery: boolean;
    /** The recovery completes the job (it had passed its point of no return) rather than undoing it. */
    completing: boolean;
    /** The plan's first irreversible step (Step.irreversible), or null. */
    noReturn: number | null;
    state: JobState;
    steps: StepProgress[];
    failedStep: number | null;
    /** The script's exit status, from its done marker. */
    exitCode: number | null;
    /** The job holding the lock (refused-busy), or the interrupted job to undo first (refused-recovery). */
    blockedBy: string | null;
    signal: string | null;
    /** From "error" markers: "lock" or "state". */
    errors: string[];
    /** Lines that are neither markers nor step output: systemd's messages, shell errors. */
    other: string[];
}

export interface ParseOptions {
    /** The unit is gone: a log without a done marker then means the job was killed. */
    ended?: boolean;
}

/** More steps than any plan has; bounds what a damaged log can make us allocate. */
const MAX_STEPS = 10000;
const OUTCOMES: ReadonlySet<string> = new Set(JOB_OUTCOMES);

function emptyProgress(): JobProgress {
    return {
        id: null, action: null, title: null, recovery: false, completing: false, noReturn: null, state: "running", steps: [],
        failedStep: null, exitCode: null, blockedBy: null, signal: null, errors: [], other: [],
    };
}

function number(token: string | undefined): number | null {
    return token !== undefined && /^\d{1,5}$/.test(token) ? Number(token) : null;
}

class LogParser {
    progress = emptyProgress();
    /** The step whose command, cleanup or undo is running: output lines belong to it. */
    current: StepProgress | null = null;

    line(line: string): void {
        if (line.startsWith("|"))
            (this.current?.output ?? this.progress.other).push(line.slice(2));
        else if (line.startsWith(MARKER + " "))
            this.marker(line, line.slice(MARKER.length + 1).split(" "));
        else
            this.progress.other.push(line);
    }

    /** The step at `token`, created when the log lost its announcement. */
    step(token: string | undefined, id?: string): StepProgress | null {
        const index = number(token);
        if (index === null || index >= MAX_STEPS)
            return null;
        const steps = this.progress.steps;
        while (steps.length <= index)
            steps.push({ index: steps.length, id: "", kind: "", title: "", status: "pending", rc: null, undoRc: null, output: [], changesBoot: false, precondition: false });
        const step = steps[index]!;
        if (id !== undefined && step.id === "")
            step.id = id;
        return step;
    }

    marker(line: string, [event, a, b, c, d, ...rest]: string[]): void {
        const p = this.progress;
        switch (event) {
        case "start":
        case "recover":
            // A job id run twice shows both runs in the journal; the newest counts.
            this.progress = { ...emptyProgress(), id: a ?? null, action: c ?? null, title: [d, ...rest].join(" "), recovery: event === "recover" };
            this.current = null;
            this.step(String((number(b) ?? 0) - 1));
            break;
        case "step": {
            const step = this.step(a, b);
            if (step) {
                step.kind = c ?? "";
                step.title = [d, ...rest].join(" ");
            }
            break;
        }
        case "step-is": {
            const step = this.step(a);
            const facts = [b, c, d, ...rest];
            if (step) {
                step.changesBoot = facts.includes("changes-boot");
                step.precondition = facts.includes("precondition");
            }
            break;
        }
        case "step-begin":
        case "cleanup-begin":
        case "undo-begin":
            this.current = this.step(a, b);
            if (this.current)
                this.current.status = event === "step-begin" ? "running" : "undoing";
            break;
        case "step-end": {
            const step = this.step(a, b);
            if (step) {
                step.rc = number(c);
                step.status = d === "ok" ? "done" : "failed";
                if (d !== "ok")
                    p.failedStep = step.index;
            }
            this.current = null;
            break;
        }
        case "cleanup-end":
        case "undo-end": {
            const step = this.step(a, b);
            if (step) {
                step.undoRc = number(c);
                step.status = step.undoRc === 0 ? "undone" : "undo-failed";
            }
            this.current = null;
            break;
        }
        case "no-return":
            p.noReturn = this.step(a)?.index ?? null;
            break;
        case "completing":
            p.completing = true;
            break;
        case "handled":
            // The done marker that follows says it.
            break;
        case "busy":
        case "needs-recovery":
            p.id ??= a ?? null;
            p.blockedBy = b ?? null;
            break;
        case "signal":
            p.signal = a ?? null;
            break;
        case "error":
            p.errors.push(a ?? "");
            break;
        case "done":
            p.exitCode = number(a);
            // An outcome this version does not know is shown as the one that needs the admin.
            p.state = b !== undefined && OUTCOMES.has(b) ? b as JobOutcome : "failed-undo-incomplete";
            this.current = null;
            break;
        default:
            p.other.push(line);
        }
    }
}

/** The job began its point of no return: from there on it is completed, never undone or stopped. */
export function pastNoReturn(progress: JobProgress): boolean {
    return progress.noReturn !== null && progress.steps[progress.noReturn]?.status !== "pending";
}

/** Progress of a job from its journal lines (without trailing newlines). */
export function parseJobLog(lines: readonly string[], options: ParseOptions = {}): JobProgress {
    const parser = new LogParser();
    for (const line of lines)
        parser.line(line);
    const progress = parser.progress;
    if (progress.state === "running" && options.ended)
        progress.state = "interrupted";
    return progress;
}
