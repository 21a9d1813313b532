// The Keep files step's view of this layer's local changes (src/host/local-changes.ts): listed once
// against the layer's base, split by the whitelist as it is being edited, and each carried
// regular file judged by its sha256 in the base, here and in the new image. Hashes are kept per
// path, so an edit of the list asks the host only about files not asked about yet.
import { useEffect, useMemo, useState } from "react";
import { hashCarriedFiles, listLocalChanges } from "../../host/local-changes.ts";
import type { Change } from "../../model/diff/types.ts";
import { conflictCandidates, judgeCarried, splitLocalChanges, type CarriedFile, type CarriedHashes, type LocalChanges } from "../../model/upgrade/local-changes.ts";
import { useNoise } from "../diff/useNoise.ts";
import { useMachine } from "../machine-context.ts";

/** Host calls wait until the list's editing pauses. */
const HASH_DELAY_MS = 600;

export type Conflicts =
    | { phase: "loading" }
    | { phase: "error"; error: Error }
    | { phase: "ready"; files: CarriedFile[] };

export type LocalChangesState =
    | { phase: "no-base" }
    | { phase: "loading" }
    | { phase: "error"; error: Error }
    | { phase: "ready"; split: LocalChanges; conflicts: Conflicts };

const NONE: ReadonlyMap<string, CarriedHashes> = new Map();

/**
 * `base` and `layer` are "VG/LV" (base null: the layer's base is gone, nothing to compare with);
 * nothing is asked of the host until `enabled` (an image chosen).
 */
export function useLocalChanges(base: string | null, layer: string, image: string,
                                patterns: readonly string[], enabled: boolean): LocalChangesState {
    const machine = useMachine();
    const noise = useNoise();
    const [listed, setListed] = useState<{ changes: Change[] } | { error: Error } | null>(null);
    // Per path, for one image: another image starts afresh.
    const [asked, setAsked] = useState<{ image: string; hashes: ReadonlyMap<string, CarriedHashes> }>({ image, hashes: new Map() });
    const hashes = asked.image === image ? asked.hashes : NONE;
    const [hashError, setHashError] = useState<Error | null>(null);

    useEffect(() => {
        if (!base || !enabled)
            return;
        const abort = new AbortController();
        listLocalChanges(machine, base, layer, abort.signal).then(
            changes => { if (!abort.signal.aborted) setListed({ changes }) },
            (error: Error) => { if (!abort.signal.aborted) setListed({ error }) });
        return () => abort.abort();
    }, [machine, base, layer, enabled]);

    const split = useMemo(() => listed && "changes" in listed ? splitLocalChanges(listed.changes, patterns, noise) : null,
                          [listed, patterns, noise]);
    const candidates = useMemo(() => split ? conflictCandidates(split.carried) : [], [split]);
    const unknown = candidates.map(c => c.change.path).filter(p => !hashes.has(p));
    const key = unknown.join("\0");

    useEffect(() => {
        if (key === "" || !base || !enabled)
            return;
        const abort = new AbortController();
        const timer = setTimeout(() => {
            setHashError(null);
            hashCarriedFiles(machine, base, layer, image, key.split("\0"), abort.signal).then(found => {
                if (!abort.signal.aborted)
                    setAsked(known => ({ image, hashes: new Map([...(known.image === image ? known.hashes : NONE), ...found]) }));
            }, (error: Error) => { if (!abort.signal.aborted) setHashError(error) });
        }, HASH_DELAY_MS);
        return () => { clearTimeout(timer); abort.abort() };
    }, [machine, base, layer, image, key, enabled]);

    if (!base)
        return { phase: "no-base" };
    if (!listed)
        return { phase: "loading" };
    if ("error" in listed)
        return { phase: "error", error: listed.error };
    let conflicts: Conflicts;
    if (hashError)
        conflicts = { phase: "error", error: hashError };
    else if (unknown.length > 0)
        conflicts = { phase: "loading" };
    else
        conflicts = { phase: "ready", files: judgeCarried(candidates, hashes) };
    return { phase: "ready", split: split!, conflicts };
}
