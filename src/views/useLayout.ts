// The page's data source: reads the inventory (src/host/inventory.ts) and runs the model's discover().
// Re-reads when the page becomes visible, every 15 s while it stays visible (never while hidden,
// so a background tab costs nothing), and whenever refresh() is called (after a change). A
// refresh keeps showing the last result until the new one is there, so the page never flickers
// back to a spinner. Overlapping requests are coalesced into one extra run. An open after the
// first in a browser session starts with the layout the last one read (marked saved, actions
// held back) and replaces it with its own first read.
import { useCallback, useEffect, useRef, useState } from "react";
import { isHidden, onVisibilityChange } from "../../pkg/lib/cockpit.ts";
import type { Discovery } from "../model/types.ts";
import { restoreLayout, saveLayout, SAVED_LAYOUT_KEY } from "../model/saved-layout.ts";
import { InventoryError, loadDiscovery } from "../host/inventory.ts";
import { countingMachine } from "../host/counting-machine.ts";
import { useMachine } from "./machine-context.ts";

export const POLL_MS = 15_000;

export interface LayoutState {
    /** "loading" only until the first refresh completes. */
    phase: "loading" | "ready" | "error";
    /** The last good discovery (kept while refreshing, and kept on a later error). */
    discovery: Discovery | null;
    /** Set when the latest refresh failed; cleared by the next success. */
    error: InventoryError | null;
    refreshing: boolean;
    /** Date.now() when the last refresh completed. */
    refreshedAt: number | null;
    /** Duration of the last refresh, ms. */
    refreshMs: number | null;
    /** Processes the last refresh started (counted apart from what jobs and dialogs start meanwhile). */
    spawns: number | null;
    /**
     * The discovery is the one saved by an earlier open in this browser session, shown while
     * the host is read again; false from the first read of this page on.
     */
    saved: boolean;
}

export interface UseLayout extends LayoutState {
    /** Re-reads now; resolves when the page shows the result. */
    refresh: () => Promise<void>;
}

const INITIAL: LayoutState = {
    phase: "loading", discovery: null, error: null, refreshing: true,
    refreshedAt: null, refreshMs: null, spawns: null, saved: false,
};

/**
 * The layout of the last open in this session, if any: the table is there at once, and the
 * first read replaces it (sessionStorage ends with the tab, and another user's session has its own).
 */
function initialState(): LayoutState {
    let text: string | null = null;
    try {
        text = sessionStorage.getItem(SAVED_LAYOUT_KEY);
    } catch { /* storage disabled: start empty */ }
    const saved = restoreLayout(text);
    return saved ? { ...INITIAL, phase: "ready", discovery: saved.discovery, refreshedAt: saved.readAt, saved: true } : INITIAL;
}

function keepLayout(discovery: Discovery, readAt: number): void {
    try {
        sessionStorage.setItem(SAVED_LAYOUT_KEY, saveLayout(discovery, readAt));
    } catch { /* full or disabled: the next open reads the host first, as without it */ }
}

// Every mounted useLayout() listens here, so code outside the component tree (e.g. the job
// runner after a change) can ask for a re-read with refresh().
const subscribers = new Set<() => Promise<void>>();

/** Re-reads the layout in every mounted page; call after changing the host. */
export async function refresh(): Promise<void> {
    await Promise.all([...subscribers].map(s => s()));
}

function asInventoryError(ex: unknown): InventoryError {
    if (ex instanceof InventoryError)
        return ex;
    return new InventoryError("lvs-failed", "refresh", ex instanceof Error ? ex.message : String(ex), { cause: ex });
}

export function useLayout(options: { pollMs?: number } = {}): UseLayout {
    const machine = useMachine();
    const pollMs = options.pollMs ?? POLL_MS;
    const [state, setState] = useState<LayoutState>(initialState);
    const inflight = useRef<Promise<void> | null>(null);
    const again = useRef(false);
    const mounted = useRef(true);
    const tickRef = useRef<(() => Promise<void>) | null>(null);
    const lastWarned = useRef("");

    const runOnce = useCallback(async () => {
        setState(s => (s.refreshing ? s : { ...s, refreshing: true }));
        const started = performance.now();
        // This refresh's own count: the Machine is shared with whatever else runs meanwhile.
        const m = countingMachine(machine);
        // Marks on the frame's timeline, so `make bench BENCH=page` can tell where an open waits.
        performance.mark("imgbased:layout-read");
        try {
            const discovery = await loadDiscovery(m);
            performance.mark("imgbased:layout-read-end");
            if (!mounted.current)
                return;
            lastWarned.current = "";
            const readAt = Date.now();
            keepLayout(discovery, readAt);
            setState({
                phase: "ready", discovery, error: null, refreshing: false, saved: false,
                refreshedAt: readAt, refreshMs: Math.round(performance.now() - started), spawns: m.spawned,
            });
        } catch (ex) {
            if (!mounted.current)
                return;
            const text = String(ex);
            if (text !== lastWarned.current) // once per distinct failure, not every poll
                console.warn("imgbased: refresh failed", ex);
            lastWarned.current = text;
            setState(s => ({
                ...s, phase: "error", error: asInventoryError(ex), refreshing: false, saved: false,
                refreshedAt: Date.now(), refreshMs: Math.round(performance.now() - started), spawns: m.spawned,
            }));
        }
    }, [machine]);

    const doRefresh = useCallback((): Promise<void> => {
        if (inflight.current) {
            again.current = true;
            return inflight.current;
        }
        const p = (async () => {
            try {
                do {
                    again.current = false;
                    await runOnce();
                } while (again.current && mounted.current);
            } finally {
                inflight.current = null;
            }
        })();
        inflight.current = p;
        return p;
    }, [runOnce]);

    useEffect(() => {
        mounted.current = true;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stop = () => {
            if (timer !== undefined)
                clearTimeout(timer);
            timer = undefined;
        };
        const schedule = () => {
            stop();
            if (mounted.current && !isHidden())
                timer = setTimeout(tick, pollMs);
        };
        // Every refresh, whoever asked for it, restarts the poll interval.
        function tick(): Promise<void> {
            stop();
            return doRefresh().finally(schedule);
        }
        tick();
        const unwatch = onVisibilityChange(hidden => {
            if (hidden)
                stop();
            else
                tick();
        });
        subscribers.add(tick);
        tickRef.current = tick;
        return () => {
            tickRef.current = null;
            mounted.current = false;
            stop();
            unwatch();
            subscribers.delete(tick);
        };
    }, [doRefresh, pollMs]);

    const refreshNow = useCallback(() => (tickRef.current ?? doRefresh)(), [doRefresh]);

    return { ...state, refresh: refreshNow };
}
