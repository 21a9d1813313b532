// The Keep files step's preview of the account merge (host/accounts.ts) for each account database
// the new image changed too: what the new layer will get, or the ids two names would share.
import { useEffect, useState } from "react";
import { previewAccountMerge, type AccountPreview } from "../../host/accounts.ts";
import { useMachine } from "../machine-context.ts";

export type PreviewState =
    | { phase: "loading" }
    | { phase: "error"; error: Error }
    | { phase: "ready"; preview: AccountPreview };

const LOADING: PreviewState = { phase: "loading" };

/**
 * `paths`: absolute ("/etc/passwd"); `base` and `layer` "VG/LV". Each is asked once per image
 * and base: the files do not change while the wizard is open (this host's are read again by the
 * job, which merges whatever they are then).
 */
export function useAccountPreviews(base: string | null, layer: string, image: string, paths: readonly string[]): ReadonlyMap<string, PreviewState> {
    const machine = useMachine();
    const [found, setFound] = useState<{ key: string; states: ReadonlyMap<string, PreviewState> } | null>(null);
    const key = [base ?? "", layer, image, ...paths].join("\0");

    useEffect(() => {
        if (!base || paths.length === 0)
            return;
        const abort = new AbortController();
        const done = (path: string, state: PreviewState) => {
            if (!abort.signal.aborted)
                setFound(prev => ({ key, states: new Map([...(prev?.key === key ? prev.states : []), [path, state]]) }));
        };
        for (const path of paths) {
            previewAccountMerge(machine, base, layer, image, path, abort.signal).then(
                preview => done(path, { phase: "ready", preview }),
                (error: Error) => done(path, { phase: "error", error }));
        }
        return () => abort.abort();
        // paths is part of key
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [machine, key]);

    const states = found?.key === key ? found.states : new Map<string, PreviewState>();
    return new Map(paths.map(p => [p, states.get(p) ?? LOADING]));
}
