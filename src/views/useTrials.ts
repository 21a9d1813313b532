// The trial state (host/trials.ts), read again after every refresh of the layout: it changes
// when a job records a trial and when a boot's health program decides one.
import { useEffect, useState } from "react";
import { readTrialState, type TrialState } from "../host/trials.ts";
import type { Layout } from "../model/types.ts";
import { useMachine } from "./machine-context.ts";

export function useTrials(layout: Layout | null, refreshedAt: number | null): TrialState | null {
    const machine = useMachine();
    const [state, setState] = useState<TrialState | null>(null);
    useEffect(() => {
        if (!layout)
            return;
        let live = true;
        readTrialState(machine, layout).then(read => { if (live) setState(read) }, () => { if (live) setState(null) });
        return () => { live = false };
    }, [machine, layout, refreshedAt]);
    return state;
}
