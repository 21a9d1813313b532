// The "hide noise" patterns in force: the built-in list and /etc/imgbased/diff-noise.conf.
// Read once per page; a file that cannot be read leaves the built-in list.
import { useEffect, useState } from "react";
import type { Machine } from "../../host/machine.ts";
import { DEFAULT_NOISE, NOISE_CONFIG_PATH, noisePatterns } from "../../model/diff/noise.ts";

export function useNoise(machine: Machine): readonly string[] {
    const [patterns, setPatterns] = useState<readonly string[]>(DEFAULT_NOISE);
    useEffect(() => {
        let live = true;
        machine.readFile(NOISE_CONFIG_PATH, { superuser: "try" })
                .then(text => { if (live) setPatterns(noisePatterns(text).patterns) }, () => {});
        return () => { live = false };
    }, [machine]);
    return patterns;
}
