// The upgrade's questions about this layer's local changes, asked of the host: what changed against
// its base (the diff view's listing, compared by inode: a layer and its base are one filesystem at
// snapshot time), and for the carried files their sha256 in the base, the layer and the new image.
// What the answers mean (carried or left behind, conflict or not) is model/upgrade/local-changes.ts.
import { compareTrees } from "../model/diff/compare.ts";
import type { Change } from "../model/diff/types.ts";
import type { CarriedHashes } from "../model/upgrade/local-changes.ts";
import { hashTreeFiles, listTrees } from "./diff.ts";
import { hashImageFiles } from "./image.ts";
import type { Machine } from "./machine.ts";

/** `base` and `layer` are "VG/LV". */
export async function listLocalChanges(machine: Machine, base: string, layer: string, signal?: AbortSignal): Promise<Change[]> {
    const stream = await listTrees(machine, base, layer, { signal });
    return compareTrees(stream.entries.old, stream.entries.new, "inode");
}

/**
 * Each path's sha256 in the base, the layer and the image (paths relative to the roots, binary
 * strings): two processes, side by side.
 */
export async function hashCarriedFiles(machine: Machine, base: string, layer: string, image: string,
                                       paths: readonly string[], signal?: AbortSignal): Promise<Map<string, CarriedHashes>> {
    const [trees, inImage] = await Promise.all([
        hashTreeFiles(machine, base, layer, paths, { signal }),
        hashImageFiles(machine, image, paths, signal),
    ]);
    return new Map(paths.map((p, i) => [p, { base: trees.old[i]!, mine: trees.new[i]!, image: inImage[i]! }]));
}
