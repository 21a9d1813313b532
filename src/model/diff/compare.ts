// Compares two listings of trees (src/model/diff/stream.ts) into the changes the view shows.
//
// "inode": the new tree is a snapshot of the old one (a layer against its own base). Both were
// one filesystem at snapshot time, so an untouched file keeps its inode number and its ctime,
// and any write, chmod, chown, rename or replacement gives a new ctime or a new inode. This
// finds every change without reading a byte of content (DESIGN.md §7, measured in the lab).
// "metadata": any two trees (two images, or a layer against another base). Inode numbers mean
// nothing across filesystems; we compare type, size, mode, owner, link target and mtime, as
// rsync's quick check does, and leave content hashes to the content view.
//
// A directory is never "changed" for its content: its entries are listed on their own, so a
// directory whose only difference is its ctime or mtime (an entry came or went) is not a change.
import { byteOrder, displayPath } from "./paths.ts";
import type { Change, ChangeAspects, FileEntry } from "./types.ts";

export type CompareMethod = "inode" | "metadata";

function aspectsOf(a: FileEntry, b: FileEntry, method: CompareMethod): ChangeAspects | null {
    const aspects: ChangeAspects = {
        type: a.type !== b.type,
        mode: a.mode !== b.mode,
        owner: a.uid !== b.uid || a.gid !== b.gid,
        target: a.target !== b.target,
        content: false,
    };
    if (!aspects.type && a.type === "f") {
        aspects.content = a.size !== b.size || a.mtime !== b.mtime
            // A new inode with equal size and mtime: replaced (e.g. rename over it); only its
            // content can tell, so it is listed and the content view compares the bytes.
            || (method === "inode" && a.inode !== b.inode);
    }
    const any = aspects.type || aspects.mode || aspects.owner || aspects.target || aspects.content;
    if (any)
        return aspects;
    // Nothing visible differs. In a snapshot a new ctime on a non-directory still means it was
    // touched (a write that kept size and mtime, an xattr, a new hard link): keep it, as ctime-only.
    if (method === "inode" && a.type !== "d" && (a.inode !== b.inode || a.ctime !== b.ctime))
        return aspects;
    return null;
}

/** The changes from `old` to `new`, sorted by path (byte order). The root entry "" is compared too. */
export function compareTrees(old: FileEntry[], current: FileEntry[], method: CompareMethod): Change[] {
    const before = new Map<string, FileEntry>();
    for (const e of old)
        before.set(e.path, e);
    const changes: Change[] = [];
    const make = (path: string, kind: Change["kind"], a: FileEntry | null, b: FileEntry | null, aspects: ChangeAspects | null): Change =>
        ({ path, display: `/${displayPath(path)}`, kind, old: a, new: b, aspects });
    for (const b of current) {
        const a = before.get(b.path);
        if (!a) {
            changes.push(make(b.path, "added", null, b, null));
            continue;
        }
        before.delete(b.path);
        if (method === "inode" && a.inode === b.inode && a.ctime === b.ctime)
            continue;
        const aspects = aspectsOf(a, b, method);
        if (aspects)
            changes.push(make(b.path, "changed", a, b, aspects));
    }
    for (const a of before.values())
        changes.push(make(a.path, "removed", a, null, null));
    changes.sort((x, y) => byteOrder(x.path, y.path));
    return changes;
}

/** What the counts and the type filter call a change. */
export type ChangeClass = "added" | "removed" | "content" | "metadata";

export function classOf(change: Change): ChangeClass {
    if (change.kind !== "changed")
        return change.kind;
    const a = change.aspects!;
    return a.content || a.type ? "content" : "metadata";
}
