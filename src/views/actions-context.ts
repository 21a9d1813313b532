// How the page's parts reach the one action flow: a kebab or a button asks open({kind, target}),
// and the page shows the dialog for it. `blocked` says why nothing may be started now (no admin
// access, an interrupted job to undo first); `runningJob` names the job that runs, which the
// dialogs name when they refuse to start a second one.
import { createContext, useContext } from "react";
import type { StartOptions } from "../host/jobs.ts";
import type { ActionName } from "../model/actions/types.ts";

/** The planners' action names (the job and its history call it the same), and the reboot. */
export type ActionKind = ActionName | "reboot";

export interface ActionRequest {
    kind: ActionKind;
    /** The base or layer the action is about (row actions). */
    target?: string;
}

export interface Actions {
    open(request: ActionRequest): void;
    /** Why no change may start now (no admin access, an interrupted job to undo), or null. */
    blocked: string | null;
    /** Why nothing admin-only (a reboot) may be done: no admin access; or null. */
    adminBlocked: string | null;
    /** A job the page knows runs (the Run button waits for it). */
    runningJob: string | null;
    /** Passed to startJob/startRecovery: who started the job. */
    startOptions: StartOptions;
    /** A job was started here; `watch`: the page's card shows it (a dialog shows its own). */
    jobStarted(jobId: string, options?: { watch?: boolean }): void;
    /** The job a dialog shows (null when the dialog closes or shows none). */
    showingJob(jobId: string | null): void;
    /** A shown job has ended: re-read layout, jobs and history. */
    jobEnded(jobId: string): void;
}

export const ActionsContext = createContext<Actions>({
    open: () => {},
    blocked: null,
    adminBlocked: null,
    runningJob: null,
    startOptions: {},
    jobStarted: () => {},
    showingJob: () => {},
    jobEnded: () => {},
});

export function useActions(): Actions {
    return useContext(ActionsContext);
}
