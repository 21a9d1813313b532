// What the page knows about jobs: which run now (re-attached after a reload: the units outlive the
// page), which were interrupted and left an undo script, which ones the page shows, and when the
// history must be read again. Checked on load and after every layout refresh (the refresh counts
// its own processes apart, so this check is not among them).
import { useCallback, useEffect, useRef, useState } from "react";
import { user as cockpitUser } from "../../pkg/lib/cockpit.ts";
import { findJobs } from "../host/jobs.ts";
import { useMachine } from "./machine-context.ts";

export interface UseJobs {
    /** Jobs whose units run, as last checked, plus those started here since. */
    running: string[];
    /** Jobs killed mid-way whose undo script waits (none while their unit or recovery runs). */
    interrupted: string[];
    /** Those of `interrupted` past their point of no return: recovery finishes them. */
    pastNoReturn: string[];
    /** Jobs the page shows in the running-job card, until the admin closes them. */
    watched: string[];
    /** The job an open dialog follows (the card leaves it to the dialog). */
    dialogJob: string | null;
    setDialogJob(jobId: string | null): void;
    /** Bumped when the history should be read again. */
    historyVersion: number;
    /** The Cockpit user name, for the job's description (null until known). */
    userName: string | null;
    check(): Promise<void>;
    /** A job was started from this page; `watch`: show it in the page's card (not in a dialog). */
    started(jobId: string, options?: { watch?: boolean }): void;
    /** A shown job reached its end: check again, re-read the layout and the history. */
    ended(jobId: string): void;
    /** The admin closed a finished job's view. */
    dismiss(jobId: string): void;
}

export function useJobs({ admin, refreshedAt, refresh }: {
    admin: boolean | null;
    refreshedAt: number | null;
    refresh: () => Promise<void>;
}): UseJobs {
    const machine = useMachine();
    const [running, setRunning] = useState<string[]>([]);
    const [interrupted, setInterrupted] = useState<string[]>([]);
    const [pastNoReturn, setPastNoReturn] = useState<string[]>([]);
    const [watched, setWatched] = useState<string[]>([]);
    const [dialogJob, setDialogJobState] = useState<string | null>(null);
    const [historyVersion, setHistoryVersion] = useState(0);
    const [userName, setUserName] = useState<string | null>(null);
    // Started here and not seen ending yet: a check that ran before systemd listed them must not drop them.
    const startedHere = useRef(new Set<string>());
    const endedJobs = useRef(new Set<string>());
    const mounted = useRef(true);

    useEffect(() => {
        mounted.current = true;
        cockpitUser().then(u => { if (mounted.current) setUserName(u.name) }, () => {});
        return () => { mounted.current = false };
    }, []);

    const check = useCallback(async () => {
        try {
            const { running: run, interrupted: broken, pastNoReturn: finishing } = await findJobs(machine);
            if (!mounted.current)
                return;
            const all = [...new Set([...run, ...startedHere.current])];
            setRunning(all);
            setInterrupted(broken);
            setPastNoReturn(finishing);
            // Re-attach: a job that runs is shown, whoever started it and whenever (a job seen
            // ending is not brought back by a check that ran just before its unit went away).
            setWatched(w => {
                const add = run.filter(id => !w.includes(id) && !endedJobs.current.has(id));
                return add.length ? [...w, ...add] : w;
            });
        } catch (ex) {
            console.warn("imgbased: checking for jobs failed", ex);
        }
    }, [machine]);

    // After every refresh of the layout (load, poll, visibility, button), and when access changes.
    useEffect(() => {
        if (refreshedAt !== null)
            void check();
    }, [refreshedAt, admin, check]);

    const watch = useCallback((jobId: string) => {
        setWatched(w => w.includes(jobId) ? w : [...w, jobId]);
    }, []);

    const started = useCallback((jobId: string, options: { watch?: boolean } = {}) => {
        startedHere.current.add(jobId);
        // A recovery keeps its id when it runs again (after it failed and the cause was fixed).
        endedJobs.current.delete(jobId);
        setRunning(r => r.includes(jobId) ? r : [...r, jobId]);
        if (options.watch)
            watch(jobId);
    }, [watch]);

    // A dialog that showed a job closes: a finished job was seen, one still running goes on in
    // the page's card.
    const shownInDialog = useRef<string | null>(null);
    const setDialogJob = useCallback((jobId: string | null) => {
        const before = shownInDialog.current;
        shownInDialog.current = jobId;
        setDialogJobState(jobId);
        if (before !== null && before !== jobId) {
            if (endedJobs.current.has(before))
                setWatched(w => w.filter(id => id !== before));
            else
                watch(before);
        }
    }, [watch]);

    const ended = useCallback((jobId: string) => {
        // Once per job, however many views showed its end.
        if (endedJobs.current.has(jobId))
            return;
        endedJobs.current.add(jobId);
        startedHere.current.delete(jobId);
        setRunning(r => r.filter(id => id !== jobId));
        setHistoryVersion(v => v + 1);
        void refresh();
    }, [refresh]);

    const dismiss = useCallback((jobId: string) => {
        setWatched(w => w.filter(id => id !== jobId));
    }, []);

    return {
        running, interrupted, pastNoReturn, watched, dialogJob, setDialogJob, historyVersion, userName,
        check, started, ended, dismiss,
    };
}
