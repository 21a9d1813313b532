// The name of the base an image becomes: NAME-VERSION-RELEASE, as imgbased names bases.
import { isValidLvName, parseNvr } from "../nvr.ts";
import type { ImageProbe } from "./image-probe.ts";

const PART = /^[A-Za-z0-9._+]+$/;

/** "20261126" for a Unix time, in UTC (the build date that tells two builds of one version apart). */
export function buildDate(unixSeconds: number): string {
    return new Date(unixSeconds * 1000).toISOString().slice(0, 10).replace(/-/g, "");
}

/**
 * imgbased's build metadata when the image has it; else os-release's ID and VERSION_ID with
 * the image file's date as release (debian-12-20261126). Null when neither makes a valid name:
 * the admin then types one.
 */
export function nameFromImage(probe: ImageProbe): string | null {
    if (probe.nvr && parseNvr(probe.nvr) && isValidLvName(probe.nvr))
        return probe.nvr;
    const id = probe.osRelease?.ID;
    const version = probe.osRelease?.VERSION_ID ?? "0";
    if (!id || !/^[A-Za-z0-9._+-]+$/.test(id) || !PART.test(version))
        return null;
    const name = `${id}-${version}-${buildDate(probe.mtime)}`;
    return parseNvr(name) && isValidLvName(name) ? name : null;
}

/** "Debian GNU/Linux 12 (bookworm)": what the wizard shows beside the name. */
export function prettyName(probe: ImageProbe): string | null {
    return probe.osRelease?.PRETTY_NAME ?? probe.osRelease?.NAME ?? null;
}
