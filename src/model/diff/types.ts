// The diff view's vocabulary: what one side of a comparison is, what a listed file is, what a
// change is. Pure data. Paths are kept as the bytes the filesystem holds ("binary strings":
// one char per byte, 0-255), because names need not be UTF-8; `displayPath` makes them safe to show.

/** One file of a tree, from the `find -printf` listing (src/host/diff.ts). */
export interface FileEntry {
    /** Path relative to the tree's root, as bytes (a binary string); "" is the root itself. */
    path: string;
    /** find's %y: f regular, d directory, l symlink, p FIFO, s socket, c/b device. */
    type: string;
    inode: number;
    /** ctime and mtime as find prints them (%C@, %T@: seconds with fraction), compared as text. */
    ctime: string;
    mtime: string;
    size: number;
    /** Permission bits, octal text (%m), e.g. "644". */
    mode: string;
    uid: number;
    gid: number;
    /** Symlink target as bytes (a binary string); "" for anything else. */
    target: string;
}

/** Which aspects of a file differ. */
export interface ChangeAspects {
    /** Content differs (or may: same inode with a new ctime and a new size or mtime). */
    content: boolean;
    type: boolean;
    mode: boolean;
    owner: boolean;
    target: boolean;
}

export type ChangeKind = "added" | "removed" | "changed";

export interface Change {
    path: string;
    /** The path as shown (paths.ts displayPath), with a leading "/". */
    display: string;
    kind: ChangeKind;
    /** The entry in the old tree (null when added) and in the new one (null when removed). */
    old: FileEntry | null;
    new: FileEntry | null;
    /** For "changed": what differs. Content false and all others false means ctime only. */
    aspects: ChangeAspects | null;
}

/** How a file's content came back from the host for the content diff. */
export interface FileContent {
    /** ok: bytes hold the file's start; missing: not in this tree; not-regular: a directory,
     *  FIFO, device...; unreadable: the host could not read it (message says why). */
    state: "ok" | "missing" | "not-regular" | "unreadable";
    /** Full size in bytes (0 unless ok). */
    size: number;
    /** sha256 of the whole file, hex; null unless ok. */
    sha256: string | null;
    /** The first bytes of the file (at most the host's read limit); null unless ok. */
    bytes: Uint8Array | null;
    /** True when bytes holds less than size. */
    truncated: boolean;
    /** The host's words when state is unreadable. */
    message: string;
}
