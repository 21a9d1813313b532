// Runs the image program (scripts/imgbased-image.sh) on the host: the directory listing of the
// image picker, and the inspection of an image file. Inspection mounts the image read-only in a
// mount namespace of its own (unshare -m), so nothing stays mounted whatever happens to it.
import { bytesToBinary } from "../model/nul-records.ts";
import { parseDirEntries, parseImageProbe, type DirEntry, type ImageProbe, type ImageProblem } from "../model/upgrade/image-probe.ts";
import type { Machine } from "./machine.ts";
import IMAGE_SCRIPT from "./scripts/imgbased-image.sh";

export async function listDirectory(machine: Machine, dir: string): Promise<DirEntry[]> {
    const out = await machine.runBinary(["bash", "-c", IMAGE_SCRIPT, "imgbased-image", "browse", dir], { superuser: "try" });
    return parseDirEntries(bytesToBinary(out));
}

/** What the image is and holds; with `hash`, also its sha256 (reads the whole file). */
export async function inspectImage(
    machine: Machine, path: string, opts: { hash: boolean; signal?: AbortSignal },
): Promise<ImageProbe | ImageProblem> {
    const out = await machine.runBinary(
        ["unshare", "-m", "--propagation", "private", "bash", "-c", IMAGE_SCRIPT, "imgbased-image", "inspect", path, ...(opts.hash ? ["hash"] : [])],
        { superuser: "require", signal: opts.signal },
    );
    return parseImageProbe(bytesToBinary(out));
}
