// Reads everything one refresh needs from the host: exactly four processes, started together,
// whatever the number of LVs (lvs reports all of them in one JSON document). The outputs go to
// the model untouched (src/model/layout.ts discover()); failures become one typed InventoryError
// the page can explain (missing LVM tools, no permission, LVM's own message, unparsable output).
import type { Discovery, RawInventory } from "../model/types.ts";
import { LVS_FIELDS, VGS_FIELDS } from "../model/lvm.ts";
import { discover } from "../model/layout.ts";
import { BOOT_PROBE_SCRIPT } from "./boot-probe.ts";
import { ProcessError, type Machine, type RunOptions } from "./machine.ts";

export type InventoryErrorReason = "lvm-missing" | "permission" | "lvs-failed" | "parse";

/** Why a refresh could not produce a layout. `detail` is the tool's own message, verbatim. */
export class InventoryError extends Error {
    readonly reason: InventoryErrorReason;
    /** The command that failed ("lvs", "vgs", "findmnt", "boot-probe"), or "discover" for parse errors. */
    readonly command: string;
    readonly detail: string;
    readonly exitStatus: number | null;
    readonly problem: string | null;

    constructor(reason: InventoryErrorReason, command: string, detail: string,
                extra: { exitStatus?: number | null; problem?: string | null; cause?: unknown } = {}) {
        super(`${command}: ${detail.trim() || reason}`, { cause: extra.cause });
        this.name = "InventoryError";
        this.reason = reason;
        this.command = command;
        this.detail = detail;
        this.exitStatus = extra.exitStatus ?? null;
        this.problem = extra.problem ?? null;
    }
}

const LVM_REPORT = ["--reportformat", "json", "--units", "b", "--nosuffix"];

const fieldList = (fields: string | readonly string[]) => typeof fields === "string" ? fields : fields.join(",");

/** The four argvs of one refresh (exported for tests and the benchmark). */
export function inventoryCommands(): { lvs: string[]; vgs: string[]; findmnt: string[] } {
    return {
        lvs: ["lvs", ...LVM_REPORT, "-a", "-o", fieldList(LVS_FIELDS)],
        vgs: ["vgs", ...LVM_REPORT, "-o", fieldList(VGS_FIELDS)],
        findmnt: ["findmnt", "-J", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS", "/"],
    };
}

const RUN: RunOptions = { superuser: "try" };

// LVM run by a non-root user: "WARNING: Running as a non-root user. Functionality may be
// unavailable." then "/run/lock/lvm/P_global:aux: open failed: Permission denied".
const PERMISSION_RE = /permission denied|non-root user|must be root|access denied|not permitted/i;

function classify(command: string, ex: unknown): InventoryError {
    if (ex instanceof InventoryError)
        return ex;
    if (!(ex instanceof ProcessError))
        return new InventoryError("lvs-failed", command, ex instanceof Error ? ex.message : String(ex), { cause: ex });
    const extra = { exitStatus: ex.exitStatus, problem: ex.problem, cause: ex };
    const detail = ex.message;
    const isLvm = command === "lvs" || command === "vgs";
    if (isLvm && (ex.problem === "not-found" || ex.exitStatus === 127))
        return new InventoryError("lvm-missing", command, detail, extra);
    if (ex.problem === "access-denied" || ex.problem === "authentication-failed" ||
        (isLvm && PERMISSION_RE.test(detail)))
        return new InventoryError("permission", command, detail, extra);
    return new InventoryError("lvs-failed", command, detail, extra);
}

const PRIORITY: InventoryErrorReason[] = ["lvm-missing", "permission", "lvs-failed", "parse"];

/**
 * Runs lvs, vgs, findmnt and the boot probe in parallel (4 processes) and returns their outputs.
 * Rejects with the most telling InventoryError when any of them fails (all four are awaited, so
 * nothing is left running).
 */
export async function readInventory(machine: Machine): Promise<RawInventory> {
    const cmds = inventoryCommands();
    const jobs: [string, Promise<string>][] = [
        ["lvs", machine.run(cmds.lvs, RUN)],
        ["vgs", machine.run(cmds.vgs, RUN)],
        ["findmnt", machine.run(cmds.findmnt, RUN)],
        ["boot-probe", machine.script(BOOT_PROBE_SCRIPT, RUN)],
    ];
    const results = await Promise.allSettled(jobs.map(([, p]) => p));
    const errors: InventoryError[] = [];
    const out: string[] = [];
    results.forEach((r, i) => {
        if (r.status === "fulfilled")
            out.push(r.value);
        else
            errors.push(classify(jobs[i]![0], r.reason));
    });
    if (errors.length) {
        errors.sort((a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason));
        throw errors[0];
    }
    const [lvs, vgs, findmnt, boot] = out as [string, string, string, string];
    return { lvs, vgs, findmnt, boot };
}

/** Turns raw outputs into a Discovery; anything the model cannot understand is a "parse" error. */
export function discoverInventory(raw: RawInventory): Discovery {
    try {
        return discover(raw);
    } catch (ex) {
        throw new InventoryError("parse", "discover", ex instanceof Error ? ex.message : String(ex), { cause: ex });
    }
}

/** One whole refresh: read (4 processes) and discover. Rejects with InventoryError only. */
export async function loadDiscovery(machine: Machine): Promise<Discovery> {
    return discoverInventory(await readInventory(machine));
}
