// Follows one job's journal (followJob) and parses it (parseJobLog) into the progress to show.
// The job has ended when its done marker is there, or when its unit is gone without one: PID 1's
// "UNIT: Deactivated successfully / Failed with result" line in the same journal says so, and, in
// case that line never comes (journal rotated, rate limits), the unit missing from two checks of
// the running units in a row.
import { useEffect, useMemo, useRef, useState } from "react";
import { findJobs, followJob, unitName } from "../host/jobs.ts";
import { lastRunEnded } from "../model/history.ts";
import { parseJobLog, type JobProgress } from "../model/job-log.ts";
import { useMachine } from "./machine-context.ts";

/** Re-render at most this often while lines stream in. */
const RENDER_MS = 250;
const CHECK_MS = 5000;

export interface JobFollow {
    progress: JobProgress;
    /** The unit is gone, but no line of its log could be read. */
    unreadable: boolean;
    /** Every line of the job's journal so far. */
    lines: string[];
    error: unknown;
}

export function useJobFollow(jobId: string): JobFollow {
    const machine = useMachine();
    const [lines, setLines] = useState<string[]>([]);
    const [error, setError] = useState<unknown>(null);
    const [gone, setGone] = useState(false);
    const received = useRef<string[]>([]);

    useEffect(() => {
        received.current = [];
        setLines([]);
        setError(null);
        setGone(false);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const flush = () => {
            timer = undefined;
            setLines([...received.current]);
        };
        const follower = followJob(jobId, machine, more => {
            received.current.push(...more);
            timer ??= setTimeout(flush, RENDER_MS);
        }, setError);
        return () => {
            follower.close();
            if (timer !== undefined)
                clearTimeout(timer);
        };
    }, [jobId, machine]);

    const unit = unitName(jobId);
    // A unit gone without a single line read says nothing about the job: its log is unreadable.
    const ended = (gone && lines.length > 0) || lastRunEnded(lines, unit);
    const progress = useMemo(() => parseJobLog(lines, { ended }), [lines, ended]);
    const running = progress.state === "running";

    // The fallback: while the log says "running", look at the units now and then.
    useEffect(() => {
        if (!running)
            return;
        let missing = 0;
        let stopped = false;
        const timer = setInterval(() => {
            findJobs(machine).then(({ running: ids }) => {
                missing = ids.includes(jobId) ? 0 : missing + 1;
                if (missing >= 2 && !stopped)
                    setGone(true);
            }, () => {});
        }, CHECK_MS);
        return () => {
            stopped = true;
            clearInterval(timer);
        };
    }, [running, machine, jobId]);

    return { progress, lines, error, unreadable: gone && lines.length === 0 };
}
