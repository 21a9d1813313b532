// Runs the image program (scripts/imgbased-image.sh) on the host: the directory listing of the
// image picker, and the inspection of an image file. Inspection mounts the image read-only in a
// mount namespace of its own (unshare -m), so nothing stays mounted whatever happens to it.
import { printfEscape } from "../model/diff/paths.ts";
import { bytesToBinary } from "../model/nul-records.ts";
import { parseHashRecords, type FileHash } from "../model/upgrade/file-hashes.ts";
import { IMAGE_KEYRING } from "../model/upgrade/signature.ts";
import { parseDirEntries, parseImageProbe, type DirEntry, type ImageProbe, type ImageProblem } from "../model/upgrade/image-probe.ts";
import type { Machine } from "./machine.ts";
import IMAGE_SCRIPT from "./scripts/imgbased-image.sh";
import TREE_FILE from "./scripts/tree-file.sh";

const PROGRAM = `${TREE_FILE}\n${IMAGE_SCRIPT}`;
/** An op that mounts the image: in a mount namespace of its own, as root. */
const namespaced = (...args: string[]) => ["unshare", "-m", "--propagation", "private", "bash", "-c", PROGRAM, "imgbased-image", ...args];

export async function listDirectory(machine: Machine, dir: string): Promise<DirEntry[]> {
    const out = await machine.runBinary(["bash", "-c", PROGRAM, "imgbased-image", "browse", dir], { superuser: "try" });
    return parseDirEntries(bytesToBinary(out));
}

/**
 * What the image is and holds; with `hash`, also its sha256 (reads the whole file). Its detached
 * signature (`signature`, or IMAGE.sig / IMAGE.asc beside it) is checked with gpgv against the
 * host's image keyring.
 */
export async function inspectImage(
    machine: Machine, path: string, opts: { hash: boolean; signature?: string; signal?: AbortSignal },
): Promise<ImageProbe | ImageProblem> {
    const out = await machine.runBinary(
        namespaced("inspect", path, opts.hash ? "hash" : "", opts.signature ?? "", IMAGE_KEYRING),
        { superuser: "require", signal: opts.signal },
    );
    return parseImageProbe(bytesToBinary(out));
}

/** Each file's sha256 in the image (paths relative to its root, binary strings). */
export async function hashImageFiles(machine: Machine, image: string, paths: readonly string[], signal?: AbortSignal): Promise<FileHash[]> {
    if (paths.length === 0)
        return [];
    const out = await machine.runBinary(
        namespaced("hashes", image, ...paths.map(printfEscape)),
        { superuser: "require", signal },
    );
    return parseHashRecords(bytesToBinary(out), paths.length, ["image"]).image;
}
