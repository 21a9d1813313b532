// The Keep files step's view of this layer's local changes: listed once against the layer's base
// (the diff view's comparison), split by the whitelist as it is being edited, and for each carried
// regular file its sha256 in the base, here and in the new image, to find the conflicts. Hashes
// are kept per path, so an edit of the list asks the host only about files not asked about yet.
import { useEffect, useMemo, useState } from "react";
import { hashTreeFiles, listTrees } from "../../host/diff.ts";
import { hashImageFiles } from "../../host/image.ts";
import type { Machine } from "../../host/machine.ts";
import { compareTrees } from "../../model/diff/compare.ts";
import type { Change } from "../../model/diff/types.ts";
import type { FileHash } from "../../model/upgrade/file-hashes.ts";
import { conflictCandidates, pathArgument, splitLocalChanges, verdict, type CarriedChange, type LocalChanges, type Verdict } from "../../model/upgrade/local-changes.ts";
import { useNoise } from "../diff/useNoise.ts";

/** Host calls wait until the list's editing pauses. */
const HASH_DELAY_MS = 600;

export interface CarriedFile extends CarriedChange {
    verdict: Verdict;
    /** Its absolute path as the carry's argument; null when the name is not UTF-8 (it cannot be named). */
    argument: string | null;
}

export type Conflicts =
    | { phase: "loading" }
    | { phase: "error"; error: Error }
    | { phase: "ready"; files: CarriedFile[] };

export type LocalChangesState =
    | { phase: "no-base" }
    | { phase: "loading" }
    | { phase: "error"; error: Error }
    | { phase: "ready"; split: LocalChanges; conflicts: Conflicts };

type Hashes = { base: FileHash; mine: FileHash; image: FileHash };
const NONE: ReadonlyMap<string, Hashes> = new Map();

/**
 * `base` and `layer` are "VG/LV" (base null: the layer's base is gone, nothing to compare with);
 * nothing is asked of the host until `enabled` (an image chosen).
 */
export function useLocalChanges(machine: Machine, base: string | null, layer: string, image: string,
                                patterns: readonly string[], enabled: boolean): LocalChangesState {
    const noise = useNoise(machine);
    const [listed, setListed] = useState<{ changes: Change[] } | { error: Error } | null>(null);
    // Per path, for one image: another image starts afresh.
    const [asked, setAsked] = useState<{ image: string; hashes: ReadonlyMap<string, Hashes> }>({ image, hashes: new Map() });
    const hashes = asked.image === image ? asked.hashes : NONE;
    const [hashError, setHashError] = useState<Error | null>(null);

    useEffect(() => {
        if (!base || !enabled)
            return;
        const abort = new AbortController();
        listTrees(machine, base, layer, { signal: abort.signal }).then(
            stream => { if (!abort.signal.aborted) setListed({ changes: compareTrees(stream.entries.old, stream.entries.new, "inode") }) },
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
        const paths = key.split("\0");
        const abort = new AbortController();
        const timer = setTimeout(() => {
            setHashError(null);
            Promise.all([hashTreeFiles(machine, base, layer, paths, { signal: abort.signal }), hashImageFiles(machine, image, paths, abort.signal)])
                    .then(([trees, inImage]) => {
                        if (abort.signal.aborted)
                            return;
                        setAsked(known => ({
                            image,
                            hashes: new Map([...(known.image === image ? known.hashes : NONE), ...paths.map((p, i): [string, Hashes] =>
                                [p, { base: trees.old[i]!, mine: trees.new[i]!, image: inImage[i]! }])]),
                        }));
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
        conflicts = {
            phase: "ready",
            files: candidates.map(c => {
                const h = hashes.get(c.change.path)!;
                return { ...c, verdict: verdict(h.base, h.mine, h.image), argument: pathArgument(`/${c.change.path}`) };
            }),
        };
    return { phase: "ready", split: split!, conflicts };
}
