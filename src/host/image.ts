// Runs the image program (scripts/imgbased-image.sh) on the host: the directory listing of the
// image picker, and the inspection of an image file. What mounts an image (the tree of an ext4,
// XFS or LiveOS image, and hashes) mounts it read-only in a mount namespace of its own
// (unshare -m), so nothing stays mounted whatever happens to it.
import { printfEscape } from "../model/diff/paths.ts";
import type { FileContent } from "../model/diff/types.ts";
import { bytesToBinary } from "../model/nul-records.ts";
import { parseHashRecords, type FileHash } from "../model/upgrade/file-hashes.ts";
import { IMAGE_KEYRING } from "../model/upgrade/signature.ts";
import { expectedChecksum } from "../model/upgrade/checksum.ts";
import {
    isImageProblem, parseDirEntries, parseImageContent, parseImageProbe, parseImageTree, type DirEntry, type ImageProbe, type ImageProblem,
} from "../model/upgrade/image-probe.ts";
import { IMAGE_WRITERS_SH } from "../model/upgrade/image-writers.ts";
import { notOpenedReason } from "../model/upgrade/open-image.ts";
import { READ_LIMIT } from "./diff.ts";
import type { Machine } from "./machine.ts";
import { readPolicy } from "./policy.ts";
import IMAGE_SCRIPT from "./scripts/imgbased-image.sh";
import TREE_FILE from "./scripts/tree-file.sh";

const PROGRAM = `${TREE_FILE}\n${IMAGE_WRITERS_SH}\n${IMAGE_SCRIPT}`;
/** An op that mounts the image: in a mount namespace of its own, as root. */
const namespaced = (...args: string[]) => ["unshare", "-m", "--propagation", "private", "bash", "-c", PROGRAM, "imgbased-image", ...args];

export async function listDirectory(machine: Machine, dir: string): Promise<DirEntry[]> {
    const out = await machine.runBinary(["bash", "-c", PROGRAM, "imgbased-image", "browse", dir], { superuser: "try" });
    return parseDirEntries(bytesToBinary(out));
}

/**
 * What the image is and holds; with a typed sha256, also its sha256 (reads the whole file). Its
 * detached signature (`signature`, or IMAGE.sig / IMAGE.asc beside it) is checked with gpgv
 * against the host's image keyring. An image the kernel must mount to read (ext4, XFS, LiveOS)
 * is mounted in a second call, and only when its checksum and signature did not fail and the
 * host's policy does not refuse it unsigned (model/upgrade/open-image.ts); else it comes back
 * unopened, with why.
 */
export async function inspectImage(
    machine: Machine, path: string, opts: { typedSha: string; signature?: string; signal?: AbortSignal },
): Promise<ImageProbe | ImageProblem> {
    const out = await machine.runBinary(
        namespaced("inspect", path, opts.typedSha.trim() !== "" ? "hash" : "", opts.signature ?? "", IMAGE_KEYRING),
        { superuser: "require", signal: opts.signal },
    );
    const probe = parseImageProbe(bytesToBinary(out));
    if (isImageProblem(probe) || probe.tree !== "pending")
        return probe;
    const { requireSignature } = await readPolicy(machine);
    const reason = notOpenedReason(probe, expectedChecksum(opts.typedSha, probe.checksumFile, path), requireSignature);
    if (reason)
        return { ...probe, tree: reason };
    const tree = await machine.runBinary(namespaced("tree", path), { superuser: "require", signal: opts.signal });
    return parseImageTree(bytesToBinary(tree), probe);
}

/** One file of the image (a path relative to its root, binary string): its first READ_LIMIT bytes. */
export async function readImageFile(machine: Machine, image: string, path: string, signal?: AbortSignal): Promise<FileContent | ImageProblem> {
    const out = await machine.runBinary(
        namespaced("read", image, printfEscape(path)),
        { superuser: "require", signal, environ: [`READ_LIMIT=${READ_LIMIT}`] },
    );
    return parseImageContent(bytesToBinary(out));
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
