// The persist whitelist as the host has it now (src/host/persist.ts). Read when the page opens and
// again after each job (`version`), never on the poll.
import { useEffect, useState } from "react";
import { readPersist, type PersistState } from "../host/persist.ts";
import { useMachine } from "./machine-context.ts";

export type PersistLoad = { phase: "loading" } | { phase: "error"; error: Error } | { phase: "ready"; state: PersistState };

export function usePersist(version: number): PersistLoad {
    const machine = useMachine();
    const [load, setLoad] = useState<PersistLoad>({ phase: "loading" });
    useEffect(() => {
        let live = true;
        readPersist(machine).then(state => { if (live) setLoad({ phase: "ready", state }) },
                                  (error: Error) => { if (live) setLoad({ phase: "error", error }) });
        return () => { live = false };
    }, [machine, version]);
    return load;
}
