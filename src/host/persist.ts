// Reads the persist whitelist from the host and checks patterns there (scripts/imgbased-persist.sh):
// one process for the files, one for any number of patterns; readPersist does both in turn. Both run as root when the session
// has admin access (root's own files, such as /root/.ssh, are only visible to root).
import { symlinkCheckPath } from "../model/actions/persist.ts";
import { bytesToBinary } from "../model/nul-records.ts";
import { mergePersist, PERSIST_DIR, type PersistLine, type PersistProblem } from "../model/persist.ts";
import { parsePersistChecks, parsePersistFiles, type PersistCheck } from "../model/persist-probe.ts";
import type { Machine } from "./machine.ts";
import PERSIST_SCRIPT from "./scripts/imgbased-persist.sh";

const run = (machine: Machine, args: string[]) =>
    machine.runBinary(["bash", "-c", PERSIST_SCRIPT, "imgbased-persist", ...args], { superuser: "try" });

/** Every *.conf of /etc/imgbased/persist.d, in the order they apply. */
export async function readPersistFiles(machine: Machine): Promise<{ name: string; text: string }[]> {
    return parsePersistFiles(bytesToBinary(await run(machine, ["files", PERSIST_DIR])));
}

/** What each pattern matches now, and where its directory really is; by pattern. */
export async function checkPersist(machine: Machine, patterns: readonly string[]): Promise<Map<string, PersistCheck>> {
    const unique = [...new Set(patterns)];
    if (unique.length === 0)
        return new Map();
    const out = await run(machine, ["check", ...unique.flatMap(p => [p, symlinkCheckPath(p)])]);
    return new Map(parsePersistChecks(bytesToBinary(out)).map(c => [c.pattern, c]));
}

export interface PersistState {
    entries: PersistLine[];
    problems: PersistProblem[];
    usesDefaults: boolean;
    checks: Map<string, PersistCheck>;
    /** The files of the directory as read (name, text). */
    files: { name: string; text: string }[];
}

/** The whitelist as the host has it now: its files merged (model/persist.ts), each entry checked. */
export async function readPersist(machine: Machine): Promise<PersistState> {
    const files = await readPersistFiles(machine);
    const merged = mergePersist(files);
    const checks = await checkPersist(machine, merged.entries.map(e => e.pattern));
    return { ...merged, checks, files };
}
