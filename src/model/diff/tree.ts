// The changes as a directory tree for the tree view: every directory on the way to a change
// gets counts per class and the bytes involved, so the admin sees at a glance where the changes
// are and can open only what matters. Children are kept sorted; the view renders a directory's
// children only when it is opened, so 100k changes cost one pass here and little in the DOM.
import { classOf, type ChangeClass } from "./compare.ts";
import { baseName, byteOrder } from "./paths.ts";
import type { Change } from "./types.ts";

export type ClassCounts = Record<ChangeClass, number>;

export interface TreeDir {
    /** Path relative to the root, binary string ("" for the root). */
    path: string;
    name: string;
    counts: ClassCounts;
    /** Total of the changed files' sizes (the new size, or the old one for removed files). */
    bytes: number;
    dirs: TreeDir[];
    /** Changes directly in this directory that are not directories with changes below them. */
    files: Change[];
    /** The directory's own change (added, removed, mode...), if any. */
    self: Change | null;
}

export const emptyCounts = (): ClassCounts => ({ added: 0, removed: 0, content: 0, metadata: 0 });

export function totalOf(counts: ClassCounts): number {
    return counts.added + counts.removed + counts.content + counts.metadata;
}

export function sizeOf(change: Change): number {
    const entry = change.new ?? change.old;
    return entry && entry.type === "f" ? entry.size : 0;
}

function newDir(path: string): TreeDir & { byName: Map<string, TreeDir> } {
    return { path, name: baseName(path), counts: emptyCounts(), bytes: 0, dirs: [], files: [], self: null, byName: new Map() };
}

/** Builds the tree; `changes` in any order. */
export function buildTree(changes: readonly Change[]): TreeDir {
    const root = newDir("");
    const dirOf = (path: string) => {
        let node = root;
        if (path === "")
            return node;
        let at = 0;
        for (;;) {
            const slash = path.indexOf("/", at);
            const sub = slash < 0 ? path : path.slice(0, slash);
            let next = node.byName.get(sub);
            if (!next) {
                next = newDir(sub);
                node.byName.set(sub, next);
            }
            node = next as typeof root;
            if (slash < 0)
                return node;
            at = slash + 1;
        }
    };
    for (const change of changes) {
        const cls = classOf(change);
        const size = sizeOf(change);
        const parent = change.path.lastIndexOf("/");
        const chain = [root];
        for (let i = change.path.indexOf("/"); i >= 0 && i <= parent; i = change.path.indexOf("/", i + 1))
            chain.push(dirOf(change.path.slice(0, i)));
        for (const d of chain) {
            d.counts[cls]++;
            d.bytes += size;
        }
        // A directory on either side (also one replaced by a file) is the node its
        // children hang under, so it is shown once, with its own change.
        const isDir = change.old?.type === "d" || change.new?.type === "d";
        if (isDir && change.path !== "")
            dirOf(change.path).self = change;
        else if (change.path === "")
            root.self = change;
        else
            chain[chain.length - 1]!.files.push(change);
    }
    const finish = (d: TreeDir & { byName?: Map<string, TreeDir> }) => {
        d.dirs = [...(d.byName?.values() ?? [])].sort((a, b) => byteOrder(a.name, b.name));
        delete d.byName;
        d.files.sort((a, b) => byteOrder(a.path, b.path));
        d.dirs.forEach(finish);
    };
    finish(root);
    return root;
}
