// Past jobs, from the journal alone (their units are collected when they end): the output of
// `journalctl -o json -u 'imgbased-job-*' -r -g ...` (src/host/history.ts) gives per unit
// - PID 1's "Started imgbased-job-ID.service - DESCRIPTION." (UNIT=, systemd 252; older systemd
//   writes "Started DESCRIPTION."), where the description is "TITLE (by USER)";
// - the script's markers start/recover/busy/needs-recovery/done (_SYSTEMD_UNIT=);
// - PID 1's "imgbased-job-ID.service: Deactivated successfully." or "...: Failed with result 'X'."
//   when the unit ended, which tells a job killed before its done marker from a running one.
import { JOB_OUTCOMES, MARKER, type JobOutcome } from "./plan.ts";
import type { JobState } from "./job-log.ts";

export interface HistoryEntry {
    /** imgbased-job-ID.service */
    unit: string;
    /** The unit's job id (a recovery runs as "<job>-recover"). */
    jobId: string;
    /** The plan's action ("add-layer", ...), from the start marker or else the job id. */
    action: string;
    /** The plan's title; null when the log has neither a start marker nor a description. */
    title: string | null;
    /** Who started it (the Cockpit user, from the unit description); null if not recorded. */
    user: string | null;
    /** Milliseconds since the epoch. */
    started: number | null;
    ended: number | null;
    /** "running" while the unit runs; "interrupted" when it ended without a done marker. */
    outcome: JobState;
    /** A recovery run: the undo script of an interrupted job. */
    recovery: boolean;
    /** The job that held the lock (refused-busy) or had to be undone first (refused-recovery). */
    blockedBy: string | null;
    /**
     * From the host-wide history only (parseJobSummaries): the layer that was running, whose
     * journal has the job's log. Absent for the jobs of this layer's journal.
     */
    ranIn?: string;
}

/** The grep of src/host/history.ts: every line history needs, and nothing of the steps' output. */
export const HISTORY_PATTERN =
    `^(${MARKER} (start|recover|busy|needs-recovery|done) |Started |imgbased-job-\\S+\\.service: (Deactivated successfully|Failed with result))`;

const UNIT = /^imgbased-job-([a-z0-9][a-z0-9-]*)\.service$/;
const OUTCOMES: ReadonlySet<string> = new Set(JOB_OUTCOMES);
/** Job ids made by the page: ACTION-yyyymmddHHMMSS-xxxx, "-recover" for a recovery. */
const JOB_ID = /^(.+?)-\d{14}-[0-9a-f]{4}(-recover)?$/;

/** The action a job id names (the page makes ids as "<action>-<time>-<random>"). */
export function actionOfJobId(jobId: string): string {
    return JOB_ID.exec(jobId)?.[1] ?? jobId;
}

/** A journal field: a string, or an array of bytes when it is not valid UTF-8. */
function text(value: unknown): string | null {
    if (typeof value === "string")
        return value;
    if (Array.isArray(value) && value.every(b => typeof b === "number"))
        return new TextDecoder().decode(new Uint8Array(value as number[]));
    return null;
}

/**
 * PID 1's line when a unit ended ("UNIT: Deactivated successfully." or "UNIT: Failed with result
 * 'signal'."): the job follower sees it among the non-marker lines of `journalctl --unit`.
 */
export function isUnitEnd(line: string, unit: string): boolean {
    return line.startsWith(`${unit}: Deactivated successfully`) || line.startsWith(`${unit}: Failed with result`);
}

/**
 * Whether the newest run in a unit's log has ended: a recovery runs again under its id after a
 * failed run, and the end of that earlier run says nothing about the new one.
 */
export function lastRunEnded(lines: readonly string[], unit: string): boolean {
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i]!;
        if (isUnitEnd(line, unit))
            return true;
        if (line.startsWith(`${MARKER} start `) || line.startsWith(`${MARKER} recover `))
            return false;
    }
    return false;
}

/** "TITLE (by USER)" -> both; a description without the suffix is all title. */
export function splitDescription(description: string): { title: string; user: string | null } {
    const m = /^(.*) \(by ([^()]+)\)$/.exec(description);
    return m ? { title: m[1]!, user: m[2]! } : { title: description, user: null };
}

interface Draft extends HistoryEntry {
    /** The newest event seen, for ordering runs without a start. */
    seen: number;
    description: string | null;
}

/**
 * Entries from journalctl's JSON lines (any order), newest first, at most `limit`. Lines that are
 * not JSON or not of our units are skipped: the journal is not ours to validate.
 */
export function parseHistory(output: string, limit = 20): HistoryEntry[] {
    type Event = { unit: string; jobId: string; time: number; message: string; fromInit: boolean };
    const events: Event[] = [];
    for (const line of output.split("\n")) {
        if (!line.trim())
            continue;
        let record: Record<string, unknown>;
        try {
            record = JSON.parse(line);
        } catch {
            continue;
        }
        if (typeof record !== "object" || record === null)
            continue;
        const own = text(record._SYSTEMD_UNIT);
        const about = text(record.UNIT);
        const fromInit = own === "init.scope" && about !== null;
        const unit = fromInit ? about : own;
        const match = unit === null ? null : UNIT.exec(unit);
        const message = text(record.MESSAGE);
        const time = Number(text(record.__REALTIME_TIMESTAMP));
        if (!match || message === null || !Number.isFinite(time))
            continue;
        events.push({ unit: unit!, jobId: match[1]!, time: time / 1000, message, fromInit });
    }
    events.sort((a, b) => a.time - b.time);

    const units = new Map<string, Draft>();
    for (const e of events) {
        let d = units.get(e.unit);
        if (!d) {
            d = {
                unit: e.unit, jobId: e.jobId, action: actionOfJobId(e.jobId), title: null, user: null,
                started: null, ended: null, outcome: "running", recovery: e.jobId.endsWith("-recover"),
                blockedBy: null, seen: e.time, description: null,
            };
            units.set(e.unit, d);
        }
        d.seen = e.time;
        if (e.fromInit)
            readInit(d, e.message, e.time);
        else if (e.message.startsWith(MARKER + " "))
            readMarker(d, e.message.slice(MARKER.length + 1).split(" "), e.time);
    }
    return [...units.values()]
        .map((d): HistoryEntry => {
            const described = d.description === null ? null : splitDescription(d.description);
            return {
                unit: d.unit, jobId: d.jobId, action: d.action, title: d.title ?? described?.title ?? null,
                user: described?.user ?? null, started: d.started, ended: d.ended, outcome: d.outcome,
                recovery: d.recovery, blockedBy: d.blockedBy,
            };
        })
        .sort((a, b) => (b.started ?? b.ended ?? 0) - (a.started ?? a.ended ?? 0))
        .slice(0, limit);
}

function readInit(d: Draft, message: string, time: number): void {
    if (message.startsWith("Started ")) {
        let description = message.slice("Started ".length).replace(/\.$/, "");
        if (description.startsWith(`${d.unit} - `))
            description = description.slice(d.unit.length + 3);
        d.description = description;
        d.started ??= time;
    } else if (isUnitEnd(message, d.unit)) {
        d.ended ??= time;
        if (d.outcome === "running")
            d.outcome = "interrupted";
    }
}

function readMarker(d: Draft, [event, , b, c, ...rest]: string[], time: number): void {
    switch (event) {
    case "start": // start JOB COUNT ACTION TITLE
    case "recover":
        d.started = time;
        d.recovery = event === "recover";
        if (c)
            d.action = c;
        d.title = rest.join(" ") || null;
        break;
    case "busy": // busy SELF HOLDER; needs-recovery JOB OTHER
    case "needs-recovery":
        d.blockedBy = b ?? null;
        d.started ??= time;
        break;
    case "done": // done EXIT OUTCOME
        d.outcome = b !== undefined && OUTCOMES.has(b) ? b as JobOutcome : "failed-undo-incomplete";
        d.ended = time;
        break;
    }
}

/**
 * The host-wide history the job scripts keep on /boot (plan.ts summarize): tab-separated lines
 * STARTED ENDED RUN ACTION OUTCOME LAYER USER TITLE (epoch seconds, "-" for no layer or user),
 * oldest first. Lines it cannot read are skipped: any process running as root could have
 * written the file, and the page only shows it.
 */
export function parseJobSummaries(text: string | null): HistoryEntry[] {
    const entries: HistoryEntry[] = [];
    for (const line of (text ?? "").split("\n")) {
        const [started, ended, run, action, outcome, layer, user, ...title] = line.split("\t");
        const unit = `imgbased-job-${run}.service`;
        if (title.length === 0 || !UNIT.test(unit) || !OUTCOMES.has(outcome!) || !/^\d+$/.test(started!) || !/^\d+$/.test(ended!))
            continue;
        entries.push({
            unit, jobId: run!, action: action!, title: title.join("\t") || null, user: user === "-" ? null : user!,
            started: Number(started) * 1000, ended: Number(ended) * 1000, outcome: outcome as JobOutcome,
            recovery: run!.endsWith("-recover"), blockedBy: null, ...(layer && layer !== "-" ? { ranIn: layer } : {}),
        });
    }
    return entries;
}

/**
 * This layer's journal, with the runs of the host-wide history it does not have (those of other
 * layers, or older than its journal keeps): newest first, `limit` of them. A run in both is the
 * journal's, which has its log.
 */
export function mergeHistory(journal: HistoryEntry[], summaries: HistoryEntry[], limit = 20): HistoryEntry[] {
    const known = new Set(journal.map(e => e.unit));
    return [...journal, ...summaries.filter(e => !known.has(e.unit))]
        .sort((a, b) => (b.started ?? b.ended ?? 0) - (a.started ?? a.ended ?? 0))
        .slice(0, limit);
}
