// Save the persist whitelist: our one file in /etc/imgbased/persist.d (model/persist.ts), written
// atomically as a job like every change, so it is undone on failure and shows in the history.
// Refused, with every reason, when an entry is invalid, has not been checked on the host yet,
// or leads through a symlink (its copy could land outside the path it names).
import { hasGlob, globPrefix, PERSIST_FILE, renderPersistFile, validatePattern, type PersistEntry } from "../persist.ts";
import type { PersistCheck } from "../persist-probe.ts";
import type { Plan } from "../plan.ts";
import { makePlan } from "./common.ts";
import { parentDir, writeFileStep } from "./file-steps.ts";
import { Reasons, refusal, type ActionArgs, type Refusal } from "./types.ts";

export interface SavePersistArgs extends ActionArgs {
    entries: readonly PersistEntry[];
    /** Our file's text now; null when it does not exist. */
    current: string | null;
    /** The host's checks of the entries' patterns (src/host/persist.ts). */
    checks: ReadonlyMap<string, PersistCheck>;
}

/**
 * The directory that must not go through a symlink: a glob's fixed part, or a plain path's
 * parent (the path itself may be a symlink: it is carried as a link).
 */
export function symlinkCheckPath(pattern: string): string {
    return hasGlob(pattern) ? globPrefix(pattern) : parentDir(pattern);
}

/**
 * Every entry must be valid, named once, checked on the host, and not lead through a symlink:
 * the rules for saving the list and for carrying files on upgrade alike.
 */
export function checkPersistEntries(reasons: Reasons, patterns: readonly string[], checks: ReadonlyMap<string, PersistCheck>): void {
    const seen = new Set<string>();
    for (const pattern of patterns) {
        const problem = validatePattern(pattern);
        if (problem) {
            reasons.add("persist-invalid", { pattern, problem: problem.code, detail: problem.detail ?? "" });
            continue;
        }
        if (seen.has(pattern)) {
            reasons.add("persist-invalid", { pattern, problem: "duplicate", detail: "" });
            continue;
        }
        seen.add(pattern);
        const check = checks.get(pattern);
        if (!check)
            reasons.add("persist-unchecked", { pattern });
        else if (check.realPrefix !== symlinkCheckPath(pattern))
            reasons.add("persist-symlink", { pattern, path: symlinkCheckPath(pattern), real: check.realPrefix });
    }
}

export function savePersist(args: SavePersistArgs): Plan | Refusal {
    const reasons = new Reasons();
    checkPersistEntries(reasons, args.entries.map(e => e.pattern), args.checks);
    if (reasons.any)
        return refusal(reasons.list);
    const content = renderPersistFile(args.entries);
    if (content === args.current)
        return refusal([{ code: "persist-unchanged" }]);
    return makePlan(args.jobId, "save-persist", "Save the files kept on upgrade", [
        writeFileStep("write", "write-file", `Write ${PERSIST_FILE}`, PERSIST_FILE, content, { jobId: args.jobId }),
    ]);
}
