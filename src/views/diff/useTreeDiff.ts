// Loads one comparison: both listings from the host (one process), then the model's compare.
// A new pair, or leaving the page, aborts the running call (which kills the host process and
// with it its mounts). Timings are kept for the page's data attributes (tests and `make bench`).
import { useEffect, useState } from "react";
import { DiffError, listTrees } from "../../host/diff.ts";
import { compareTrees, type CompareMethod } from "../../model/diff/compare.ts";
import type { DiffStream } from "../../model/diff/stream.ts";
import type { Change } from "../../model/diff/types.ts";
import { useMachine } from "../machine-context.ts";

export interface TreeDiffResult {
    changes: Change[];
    warnings: DiffStream["warnings"];
    /** Files listed in each tree. */
    counted: { old: number; new: number };
    /** ms: the host call (both walks and the transfer), and the compare in the page. */
    listMs: number;
    compareMs: number;
}

export type TreeDiffState =
    | { phase: "loading"; bytes: number }
    | { phase: "error"; error: Error }
    | { phase: "ready"; result: TreeDiffResult };

export function useTreeDiff(old: string | null, current: string | null, method: CompareMethod, attempt: number): TreeDiffState {
    const machine = useMachine();
    const [state, setState] = useState<TreeDiffState>({ phase: "loading", bytes: 0 });
    useEffect(() => {
        if (!old || !current)
            return;
        const abort = new AbortController();
        setState({ phase: "loading", bytes: 0 });
        const t0 = performance.now();
        let shown = 0;
        listTrees(machine, old, current, {
            signal: abort.signal,
            // Progress at most every 100 KiB: a render per chunk would slow the transfer down.
            onData: bytes => {
                if (!abort.signal.aborted && bytes - shown >= 100 * 1024) {
                    shown = bytes;
                    setState({ phase: "loading", bytes });
                }
            },
        }).then(stream => {
            if (abort.signal.aborted)
                return;
            const t1 = performance.now();
            const changes = compareTrees(stream.entries.old, stream.entries.new, method);
            const t2 = performance.now();
            setState({
                phase: "ready",
                result: {
                    changes,
                    warnings: stream.warnings,
                    counted: { old: stream.entries.old.length, new: stream.entries.new.length },
                    listMs: t1 - t0,
                    compareMs: t2 - t1,
                },
            });
        }, (ex: unknown) => {
            if (!abort.signal.aborted)
                setState({ phase: "error", error: ex instanceof Error ? ex : new DiffError({ code: "failed", subject: "", detail: String(ex) }) });
        });
        return () => abort.abort();
    }, [machine, old, current, method, attempt]);
    return state;
}
