// Starting a planned job, the same way from every dialog and the wizard: start it as the page's
// user, tell the page (so it counts as running and is followed), and from then on the dialog
// shows that job, which the page's card leaves to it until the dialog closes.
import { useCallback, useEffect, useState } from "react";
import { startJob } from "../host/jobs.ts";
import type { Plan } from "../model/plan.ts";
import { useActions } from "./actions-context.ts";
import { errorMessage } from "./error-message.ts";
import { useMachine } from "./machine-context.ts";

export interface StartJob {
    /** The job started here, once systemd accepted it; null before. */
    jobId: string | null;
    starting: boolean;
    /** Why the last start failed, or null. */
    startError: string | null;
    start(plan: Plan): Promise<void>;
}

export function useStartJob(): StartJob {
    const machine = useMachine();
    const { startOptions, jobStarted, showingJob } = useActions();
    const [jobId, setJobId] = useState<string | null>(null);
    const [starting, setStarting] = useState(false);
    const [startError, setStartError] = useState<string | null>(null);

    useEffect(() => {
        showingJob(jobId);
    }, [jobId, showingJob]);
    useEffect(() => () => showingJob(null), [showingJob]);

    const start = useCallback(async (plan: Plan) => {
        setStarting(true);
        setStartError(null);
        try {
            await startJob(plan, machine, startOptions);
            jobStarted(plan.id);
            setJobId(plan.id);
        } catch (ex) {
            setStartError(errorMessage(ex));
        } finally {
            setStarting(false);
        }
    }, [machine, startOptions, jobStarted]);

    return { jobId, starting, startError, start };
}
