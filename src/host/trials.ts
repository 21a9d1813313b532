// Reads the trial state the health program and our upgrade jobs keep on the boot filesystem
// (model/trial.ts): the pending trial, the results, and the health reports of the booted layer
// and of a layer that fell back. File reads through the bridge, no process: they run after the
// layout's read, so the table never waits for them.
import {
    healthReportFile, parseHealthReport, parseTrial, parseTrialResults, trialFile, trialNotice, trialResultsFile,
    type HealthReport, type PendingTrial, type TrialNotice, type TrialResult,
} from "../model/trial.ts";
import type { Layout } from "../model/types.ts";
import type { Machine } from "./machine.ts";

export interface TrialState {
    trial: PendingTrial | null;
    results: TrialResult[];
    notice: TrialNotice | null;
    /** The booted layer's last health report. */
    booted: HealthReport | null;
    /** The report of the layer a "fell-back" notice names: its failed checks' output. */
    fellBack: HealthReport | null;
}

/**
 * The boot filesystem every layer shares. GRUB reads /boot; for systemd-boot the jobs take the
 * boot dir bootctl names (host/facts.ts), which the page's refresh does not ask for: /boot is
 * its XBOOTLDR or ESP mount on the hosts we know.
 */
export const TRIAL_BOOT_DIR = "/boot";

/** The pending trial alone, as a dialog that ends it reads it when it opens. */
export async function readPendingTrial(m: Machine): Promise<PendingTrial | null> {
    return parseTrial(await m.readFile(trialFile(TRIAL_BOOT_DIR)).catch(() => null));
}

export async function readTrialState(m: Machine, layout: Layout): Promise<TrialState> {
    const read = (path: string) => m.readFile(path).catch(() => null);
    const layers = new Set(layout.bases.flatMap(b => b.layers.map(l => l.name)));
    const [trialText, resultsText, bootedText] = await Promise.all([
        read(trialFile(TRIAL_BOOT_DIR)), read(trialResultsFile(TRIAL_BOOT_DIR)),
        layout.booted ? read(healthReportFile(TRIAL_BOOT_DIR, layout.booted)) : Promise.resolve(null),
    ]);
    const trial = parseTrial(trialText);
    const results = parseTrialResults(resultsText);
    const notice = trialNotice(trial, results, layout.booted, layers);
    const fellBack = notice?.kind === "fell-back" && notice.result.outcome === "failed"
        ? parseHealthReport(await read(healthReportFile(TRIAL_BOOT_DIR, notice.result.layer)))
        : null;
    return { trial, results, notice, booted: parseHealthReport(bootedText), fellBack };
}
