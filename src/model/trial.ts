// Trial boots (DESIGN §10, issue 13): an upgrade boots its new layer once and records a pending
// trial; the health program (src/host/scripts/imgbased-health.sh), which our jobs install into
// every layer they make, runs after each boot, writes its report, and on a trial boot makes the
// layer the default (green) or records the failure and reboots into the previous default (red).
// A trial whose layer never ran its checks is found by the next boot of another layer.
//
// The state is host-wide, on the boot filesystem (the one place every layer sees), in
// `<boot dir>/imgbased/`:
//   trial              the pending trial: key=value lines (renderTrial); gone once decided
//   trials             results, tab-separated, newest last, at most 50 (parseTrialResults)
//   health/<layer>.txt the last report of each layer's checks (parseHealthReport)
// This file renders what the job writes and reads what the health program writes; both formats
// are the health program's header's too.

import type { BootBackendKind } from "./types.ts";

export function trialStateDir(bootDir: string): string {
    return `${bootDir}/imgbased`;
}

export const trialFile = (bootDir: string) => `${trialStateDir(bootDir)}/trial`;
export const trialResultsFile = (bootDir: string) => `${trialStateDir(bootDir)}/trials`;
export const healthReportFile = (bootDir: string, layer: string) => `${trialStateDir(bootDir)}/health/${layer}.txt`;
/** The host-wide job history (plan.ts summarize, history.ts parseJobSummaries), beside the trials. */
export const jobSummaryFile = (bootDir: string) => `${trialStateDir(bootDir)}/jobs`;

export type TrialBackend = Exclude<BootBackendKind, "unknown">;

export interface PendingTrial {
    job: string;
    layer: string;
    /** The menu id the health program makes the default on a green trial boot. */
    entry: string;
    backend: TrialBackend;
    /** The layer the node boots when the trial falls back: the default when the job ran. */
    fallback: string;
    /** When the job was planned (epoch seconds). */
    planned: number;
}

/** Job ids, layer names and menu ids as the health program takes them: no leading "-", which its
 * commands would read as an option. */
const WORD = /^[A-Za-z0-9._+][A-Za-z0-9._+-]*$/;
const BACKENDS: readonly TrialBackend[] = ["grub-debian", "grub2-bls", "systemd-boot"];

export function renderTrial(t: PendingTrial): string {
    for (const word of [t.job, t.layer, t.entry, t.fallback])
        if (!WORD.test(word))
            throw new Error(`not a word the health program takes: ${JSON.stringify(word)}`);
    return `job=${t.job}\nlayer=${t.layer}\nentry=${t.entry}\nbackend=${t.backend}\nfallback=${t.fallback}\nplanned=${t.planned}\n`;
}

/** The pending trial, or null for none (no file, or one the health program would refuse too). */
export function parseTrial(text: string | null): PendingTrial | null {
    if (text === null)
        return null;
    const fields = new Map<string, string>();
    for (const line of text.split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0)
            fields.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const [job, layer, entry, fallback] = ["job", "layer", "entry", "fallback"].map(k => fields.get(k) ?? "");
    const backend = fields.get("backend") as TrialBackend;
    if (![job, layer, entry, fallback].every(w => WORD.test(w!)) || !BACKENDS.includes(backend))
        return null;
    return { job: job!, layer: layer!, entry: entry!, backend, fallback: fallback!, planned: Number(fields.get("planned")) || 0 };
}

export type TrialOutcome = "passed" | "failed" | "did-not-come-up";

export interface TrialResult {
    /** Epoch seconds, when the health program decided. */
    time: number;
    job: string;
    layer: string;
    outcome: TrialOutcome;
    fallback: string;
    /** For "failed": the checks that failed, as "kind:name". */
    failed: string[];
}

const OUTCOMES: readonly TrialOutcome[] = ["passed", "failed", "did-not-come-up"];

/** The results log, oldest first; lines it cannot read are skipped. */
export function parseTrialResults(text: string | null): TrialResult[] {
    const results: TrialResult[] = [];
    for (const line of (text ?? "").split("\n")) {
        const [time, job, layer, outcome, fallback, detail] = line.split("\t");
        if (detail === undefined || !OUTCOMES.includes(outcome as TrialOutcome) || !/^\d+$/.test(time!))
            continue;
        results.push({
            time: Number(time), job: job!, layer: layer!, outcome: outcome as TrialOutcome, fallback: fallback!,
            failed: detail.split(" ").filter(Boolean),
        });
    }
    return results;
}

export type CheckStatus = "ok" | "failed" | "warning" | "skipped";

export interface HealthCheck {
    status: CheckStatus;
    /** builtin, unit, required (the admin's, red when it fails) or wanted (a warning). */
    kind: string;
    name: string;
    output: string[];
}

export interface HealthReport {
    time: number;
    layer: string;
    verdict: "green" | "red";
    checks: HealthCheck[];
}

const STATUSES: readonly CheckStatus[] = ["ok", "failed", "warning", "skipped"];

/** A layer's last report, or null when there is none or its first line is not a run line. */
export function parseHealthReport(text: string | null): HealthReport | null {
    const lines = (text ?? "").split("\n");
    const run = /^run (\d+) (\S+) (green|red)$/.exec(lines[0] ?? "");
    if (!run)
        return null;
    const checks: HealthCheck[] = [];
    for (const line of lines.slice(1)) {
        const check = /^check (\S+) (\S+) (.*)$/.exec(line);
        if (check && STATUSES.includes(check[1] as CheckStatus))
            checks.push({ status: check[1] as CheckStatus, kind: check[2]!, name: check[3]!, output: [] });
        else if (line.startsWith("| ") && checks.length > 0)
            checks[checks.length - 1]!.output.push(line.slice(2));
    }
    return { time: Number(run[1]), layer: run[2]!, verdict: run[3] as "green" | "red", checks };
}

/** What the page says about trials, first thing (null: nothing to say). */
export type TrialNotice =
    | { kind: "next-boot"; trial: PendingTrial }
    | { kind: "running"; trial: PendingTrial }
    | { kind: "fell-back"; result: TrialResult };

/**
 * A pending trial is tried at the next boot, or is being decided now when its layer is the booted
 * one (the health program removes the file once it decided). Otherwise the newest result speaks
 * while it is a fallback whose layer is still there: a later trial or the layer's removal ends it.
 */
export function trialNotice(trial: PendingTrial | null, results: TrialResult[], booted: string | null, layers: ReadonlySet<string>): TrialNotice | null {
    if (trial)
        return trial.layer === booted ? { kind: "running", trial } : { kind: "next-boot", trial };
    const last = results[results.length - 1];
    if (last && last.outcome !== "passed" && layers.has(last.layer))
        return { kind: "fell-back", result: last };
    return null;
}

/** The layers whose newest trial passed: the page labels them "Passed trial". */
export function passedTrials(results: TrialResult[]): Set<string> {
    const newest = new Map<string, TrialOutcome>();
    for (const r of results)
        newest.set(r.layer, r.outcome);
    return new Set([...newest].filter(([, outcome]) => outcome === "passed").map(([layer]) => layer));
}
