// The health checks every layer we make carries (issue 13): the health program, its unit, and
// the drop-in that makes multi-user.target want it, written into the new layer's tree while the
// job has it mounted. Not a package: layers come from images that do not ship this plugin, and
// the program must be the one the job that made the layer knew, trials included. A drop-in, not
// a link in multi-user.target.wants/: the tree writer writes regular files only.

import { renderTrial, trialFile, trialStateDir, type PendingTrial } from "../trial.ts";
import type { Step } from "../plan.ts";
import type { BootState } from "../types.ts";
import type { BootCommands } from "./boot-commands.ts";
import { switchStep } from "./boot-steps.ts";
import { writeFileStep, writeFilesInTreeStep, type TreeFile } from "./file-steps.ts";
import { writeIntoLayerStep } from "./layer-files.ts";
import type { HostFacts } from "./types.ts";

export const HEALTH_PROGRAM_PATH = "/usr/local/libexec/imgbased-health";
export const HEALTH_UNIT_PATH = "/etc/systemd/system/imgbased-health.service";
export const HEALTH_WANTS_PATH = "/etc/systemd/system/multi-user.target.d/imgbased-health.conf";
export const WATCHDOG_UNIT_PATH = "/etc/systemd/system/imgbased-health-watchdog.service";
export const WATCHDOG_WANTS_PATH = "/etc/systemd/system/sysinit.target.d/imgbased-health-watchdog.conf";

/**
 * After multi-user.target, so the units it checks had their chance to start; a oneshot that
 * stays "active (exited)" with its verdict, once per boot. The state directory is the boot
 * filesystem's, the one place every layer sees (trial.ts).
 */
export function healthUnit(bootDir: string): string {
    return `# Written by cockpit-imgbased: the health checks of this boot; on a trial boot they decide
# whether this layer becomes the default or the node goes back to the previous one.
[Unit]
Description=imgbased health checks of this boot
After=multi-user.target

[Service]
Type=oneshot
RemainAfterExit=yes
Environment=IMGBASED_HEALTH_STATE=${trialStateDir(bootDir)}
ExecStart=${HEALTH_PROGRAM_PATH}
TimeoutStartSec=30min
`;
}

const WANTS = `# Written by cockpit-imgbased: run the health checks on every boot.
[Unit]
Wants=imgbased-health.service
`;

/**
 * Early in every boot, once the boot filesystem is there: on a trial boot it arms the timer that
 * reboots a boot that never gets to its checks (a hang); the checks stop it. No default
 * dependencies, so that a boot stuck before basic.target still has it.
 */
export function watchdogUnit(bootDir: string): string {
    return `# Written by cockpit-imgbased: the boot timeout of a trial boot (see imgbased-health).
[Unit]
Description=imgbased boot timeout of a trial boot
DefaultDependencies=no
RequiresMountsFor=${trialStateDir(bootDir)}
After=local-fs.target
Before=sysinit.target shutdown.target
Conflicts=shutdown.target

[Service]
Type=oneshot
Environment=IMGBASED_HEALTH_STATE=${trialStateDir(bootDir)}
ExecStart=${HEALTH_PROGRAM_PATH} --watchdog
`;
}

const WATCHDOG_WANTS = `# Written by cockpit-imgbased: arm the boot timeout of a trial boot early.
[Unit]
Wants=imgbased-health-watchdog.service
`;

function healthFiles(program: string, bootDir: string): TreeFile[] {
    return [
        { path: HEALTH_PROGRAM_PATH, content: program, mode: "0755" },
        { path: HEALTH_UNIT_PATH, content: healthUnit(bootDir), mode: "0644" },
        { path: HEALTH_WANTS_PATH, content: WANTS, mode: "0644" },
        { path: WATCHDOG_UNIT_PATH, content: watchdogUnit(bootDir), mode: "0644" },
        { path: WATCHDOG_WANTS_PATH, content: WATCHDOG_WANTS, mode: "0644" },
    ];
}

/** The one step that installs the health checks into the layer mounted at `root`. */
export function healthInstallStep(root: string, program: string, bootDir: string): Step {
    return writeFilesInTreeStep("layer-health", "health-install", `Install the health checks into ${root}`, root, healthFiles(program, bootDir));
}

/** The health checks written into an existing layer that is not running (Try), undoably. */
export function healthIntoLayerStep(layer: { dev: string; mountPoint: string; options: string }, program: string, bootDir: string, jobId: string): Step {
    return writeIntoLayerStep("layer-health", "health-install", `Install the health checks into ${layer.dev}`, layer, healthFiles(program, bootDir), { jobId });
}

/**
 * The health checks installed in the running system too, by a job that starts a trial: the
 * layer a trial falls back to is the one that finds it never came up, and a layer made before
 * the checks existed (or by imgbased) has none. Each write is undone with the job.
 */
export function healthOnHostSteps(program: string, bootDir: string, jobId: string): Step[] {
    return healthFiles(program, bootDir).map((f, i) =>
        writeFileStep(`health-host-${i + 1}`, "health-install", `Install ${f.path}`, f.path, f.content, { jobId, mode: f.mode }));
}

/**
 * A kernel that panics on a trial boot reboots by itself after 30 s instead of hanging, and the
 * boot-once choice being used up, that boots the previous default. An admin's own panic= stays.
 */
export function withPanicReboot(options: string): string {
    return /(^|\s)panic=/.test(options) ? options : `${options} panic=30`.trim();
}

/**
 * The pending trial (trial.ts), written before the boot-once switch that must come last; its
 * undo puts back what was there (another trial not yet tried, or nothing). It replaces such an
 * earlier trial: the switch after it replaces that trial's boot-once as well.
 */
export function trialRecordStep(bootDir: string, trial: PendingTrial, jobId: string): Step {
    return writeFileStep("trial-record", "trial-record", `Record the trial of ${trial.layer}: the default once its health checks pass, else back to ${trial.fallback}`,
        trialFile(bootDir), renderTrial(trial), { jobId });
}

/**
 * The end of a job that makes the next boot a trial (an upgrade's, or Try on a layer that has its
 * health checks): the checks in the running system for the fallback to find a trial that never
 * came up, the pending trial, and the boot-once switch into it, last as every switch is.
 */
export function trialSteps(facts: Pick<HostFacts, "healthProgram" | "boot">, commands: BootCommands, boot: BootState, trial: PendingTrial): Step[] {
    return [
        ...healthOnHostSteps(facts.healthProgram, facts.boot.dir, trial.job),
        trialRecordStep(facts.boot.dir, trial, trial.job),
        switchStep(commands, "once", trial.entry, boot),
    ];
}
