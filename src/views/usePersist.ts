// The persist whitelist as the host has it now: the files of /etc/imgbased/persist.d merged
// (model/persist.ts), and what each entry matches on the host. Read when the page opens and
// again after each job (`version`), never on the poll.
import { useEffect, useState } from "react";
import type { Machine } from "../host/machine.ts";
import { checkPersist, readPersistFiles } from "../host/persist.ts";
import { mergePersist, type PersistLine, type PersistProblem } from "../model/persist.ts";
import type { PersistCheck } from "../model/persist-probe.ts";

export interface PersistState {
    entries: PersistLine[];
    problems: PersistProblem[];
    usesDefaults: boolean;
    checks: Map<string, PersistCheck>;
    /** The files of the directory as read (name, text). */
    files: { name: string; text: string }[];
}

export type PersistLoad = { phase: "loading" } | { phase: "error"; error: Error } | { phase: "ready"; state: PersistState };

export async function loadPersist(machine: Machine): Promise<PersistState> {
    const files = await readPersistFiles(machine);
    const merged = mergePersist(files);
    const checks = await checkPersist(machine, merged.entries.map(e => e.pattern));
    return { ...merged, checks, files };
}

export function usePersist(machine: Machine, version: number): PersistLoad {
    const [load, setLoad] = useState<PersistLoad>({ phase: "loading" });
    useEffect(() => {
        let live = true;
        loadPersist(machine).then(state => { if (live) setLoad({ phase: "ready", state }) },
                                  (error: Error) => { if (live) setLoad({ phase: "error", error }) });
        return () => { live = false };
    }, [machine, version]);
    return load;
}
