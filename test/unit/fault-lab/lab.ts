// Runs the fault lab's driver (driver.sh) for one plan: a clean run, or a run signalled at one
// step. Every run is in a mount namespace of its own (unshare), see driver.sh.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { renderScript, type Plan } from "../../../src/model/plan.ts";
import type { FaultPlan } from "./plans.ts";
import { parseWorld, writeTemplate, type World } from "./world.ts";

export const LAB_DIR = fileURLToPath(new URL(".", import.meta.url));

export const SHELLS = ["dash", "bash --posix"] as const;
export type Shell = typeof SHELLS[number];
export const SIGNALS = ["KILL", "TERM"] as const;
export type Signal = typeof SIGNALS[number];

/** What runs after each case, to show that nothing blocks the next job. */
const NEXT_JOB: Plan = { id: "fault-next", action: "test", title: "The job after", steps: [{ id: "noop", kind: "test", title: "Nothing", argv: ["true"] }] };

/**
 * Why the lab cannot run here, or null: it needs root, unshare and the shells, and proves that
 * unshare gives it a mount namespace of its own (never are steps run on the host).
 */
export function labUnavailable(): string | null {
    if (process.getuid?.() !== 0)
        return "the fault lab needs root, for a private mount namespace (unshare --mount)";
    for (const tool of ["unshare", "dash", "bash", "setsid", "flock", "findmnt"])
        if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0)
            return `the fault lab needs ${tool}`;
    const own = readlinkSync("/proc/self/ns/mnt");
    const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "readlink", "/proc/self/ns/mnt"], { encoding: "utf8" });
    if (probe.status !== 0 || probe.stdout.trim() === own || probe.stdout.trim() === "")
        return `unshare --mount gives no mount namespace of its own here: ${probe.stderr.trim() || probe.stdout.trim()}`;
    return null;
}

/** A plan's files for the driver: its world as a template, its job script, the next job. */
export interface PreparedPlan extends FaultPlan {
    dir: string;
}

export function preparePlan(root: string, fp: FaultPlan): PreparedPlan {
    const dir = join(root, fp.name);
    mkdirSync(join(dir, "runs"), { recursive: true });
    writeTemplate(fp.world, join(dir, "template"));
    // The host's default job paths: inside the namespace /run/imgbased and /var/lib/imgbased are
    // the lab's, and the file steps keep their copies beside the state file (file-steps.ts).
    writeFileSync(join(dir, "job.sh"), renderScript(fp.plan));
    writeFileSync(join(dir, "next.sh"), renderScript(NEXT_JOB));
    return { ...fp, dir };
}

export interface Run {
    /** Driver's result lines: "signalled KILL", "job 137", "recovery 0", "next 0", ... */
    result: Map<string, string>;
    before?: World;
    after?: World;
    world?: World;
    logs: string;
}

let runs = 0;

const RUN_LIMIT_MS = 120_000;

function drive(p: PreparedPlan, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    const out = join(p.dir, "runs", String(runs++));
    const lab = `${out}.lab`;
    mkdirSync(out);
    mkdirSync(lab);
    const argv = ["--mount", "--propagation", "private", "sh", join(LAB_DIR, "driver.sh"), args[0]!, lab, join(p.dir, "template"), out, ...args.slice(1)];
    const env = { ...process.env, ...extraEnv, FAULT_LAB: LAB_DIR, FAULT_HOST_NS: readlinkSync("/proc/self/ns/mnt") };
    return new Promise((resolve, reject) => {
        const child = spawn("unshare", argv, { stdio: ["ignore", "pipe", "pipe"], env });
        let output = "";
        child.stdout.on("data", (d: Buffer) => { output += d.toString() });
        child.stderr.on("data", (d: Buffer) => { output += d.toString() });
        // A run takes a second or two; one that hangs is stopped (the driver then stops its job).
        const timer = setTimeout(() => child.kill("SIGTERM"), RUN_LIMIT_MS);
        child.on("error", reject);
        child.on("close", code => {
            clearTimeout(timer);
            const read = (name: string) => existsSync(join(out, name)) ? readFileSync(join(out, name), "utf8") : "";
            const logs = ["job.log", "recovery.log", "next.log"].map(n => `--- ${n}\n${read(n)}`).join("") + `--- driver\n${output}`;
            if (code !== 0)
                return reject(new Error(`driver exited ${code}:\n${logs}`));
            const result = new Map(read("result").split("\n").filter(Boolean).map(l => [l.split(" ")[0]!, l.slice(l.indexOf(" ") + 1)]));
            const world = (name: string) => existsSync(join(out, name)) ? parseWorld(read(name), `${lab}/lvm/fs/`) : undefined;
            resolve({ result, before: world("before"), after: world("after"), world: world("world"), logs });
        });
    });
}

/** The plan run through: its world before and after. */
export function cleanRun(p: PreparedPlan, shell: Shell): Promise<Run> {
    return drive(p, ["clean", shell, p.plan.id, join(p.dir, "job.sh"), join(p.dir, "next.sh")]);
}

/**
 * The plan signalled once step `step` did its work, then recovered (unless `recover` is false:
 * the world as the signal left it), then another job.
 */
export function faultRun(p: PreparedPlan, shell: Shell, step: number, signal: Signal, recover = true): Promise<Run> {
    return drive(p, ["fault", shell, p.plan.id, join(p.dir, "job.sh"), join(p.dir, "next.sh"), String(step), signal],
        recover ? {} : { FAULT_NO_RECOVERY: "1" });
}

/** Runs `tasks` with at most `limit` at a time. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]!();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    return results;
}

