// The "hide noise" patterns in force (src/host/diff.ts): the built-in list until the host's are
// read. Read once per page; a file that cannot be read leaves the built-in list.
import { useEffect, useState } from "react";
import { readNoise } from "../../host/diff.ts";
import { DEFAULT_NOISE } from "../../model/diff/noise.ts";
import { useMachine } from "../machine-context.ts";

export function useNoise(): readonly string[] {
    const machine = useMachine();
    const [patterns, setPatterns] = useState<readonly string[]>(DEFAULT_NOISE);
    useEffect(() => {
        let live = true;
        readNoise(machine).then(read => { if (live) setPatterns(read) }, () => {});
        return () => { live = false };
    }, [machine]);
    return patterns;
}
