// Parses what src/host/scripts/imgbased-diff.sh prints: NUL-terminated fields on a binary
// channel, records told apart by their first field. Strings stay "binary strings" (one char per
// byte) wherever they are names from the filesystem, so no byte is lost or replaced; messages
// are decoded as UTF-8 leniently, since people read them.
//   e SIDE TYPE INODE CTIME MTIME SIZE MODE UID GID PATH TARGET   a file (find -printf)
//   w SIDE MESSAGE                                               a warning of find's
//   c SIDE ok SIZE SHA256 BASE64 | c SIDE missing | c SIDE not-regular | c SIDE unreadable MESSAGE
//   p SIDE FLAVOR BASE64                                         a package database
import type { FileContent, FileEntry } from "./types.ts";

export type Side = "old" | "new";

export interface PackageDump {
    /** dpkg: the status file; rpm: the query's output; none / rpm-missing: nothing to read. */
    flavor: "dpkg" | "rpm" | "none" | "rpm-missing";
    text: string;
}

export interface DiffStream {
    entries: Record<Side, FileEntry[]>;
    warnings: { side: Side; message: string }[];
    contents: Partial<Record<Side, FileContent>>;
    packages: Partial<Record<Side, PackageDump>>;
}

// Each byte widened to one UTF-16 code unit, decoded natively: a binary string at the speed of
// a memcpy (a byte never makes a surrogate, so nothing is replaced). 10x faster than fromCharCode.
const wide = new TextDecoder(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "utf-16le" : "utf-16be");

/** Bytes to a binary string (one char per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
    return wide.decode(new Uint16Array(bytes));
}

export function binaryToBytes(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++)
        bytes[i] = text.charCodeAt(i);
    return bytes;
}

const utf8 = new TextDecoder("utf-8");

/** A binary string's bytes as UTF-8, bad bytes replaced: for text meant to be read. */
export function binaryToText(text: string): string {
    return utf8.decode(binaryToBytes(text));
}

function base64ToBytes(text: string): Uint8Array {
    // atob gives a binary string: exactly what binaryToBytes takes.
    try {
        return binaryToBytes(atob(text));
    } catch {
        throw new StreamError("bad base64 data");
    }
}

export class StreamError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StreamError";
    }
}

function side(value: string | undefined): Side {
    if (value !== "old" && value !== "new")
        throw new StreamError(`unknown side ${JSON.stringify(value)}`);
    return value;
}

function integer(value: string | undefined, what: string): number {
    const n = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n))
        throw new StreamError(`bad ${what} ${JSON.stringify(value)}`);
    return n;
}

const CONTENT_STATES: FileContent["state"][] = ["ok", "missing", "not-regular", "unreadable"];
const FLAVORS: PackageDump["flavor"][] = ["dpkg", "rpm", "none", "rpm-missing"];

/** Parses the whole output (a binary string, see bytesToBinary). Throws StreamError on garbage. */
export function parseDiffStream(data: string): DiffStream {
    const out: DiffStream = { entries: { old: [], new: [] }, warnings: [], contents: {}, packages: {} };
    if (data === "")
        return out;
    if (!data.endsWith("\0"))
        throw new StreamError("the output ends in the middle of a record");
    const f = data.slice(0, -1).split("\0");
    let i = 0;
    const take = (n: number) => {
        if (i + n > f.length)
            throw new StreamError("the output ends in the middle of a record");
        const fields = f.slice(i, i + n);
        i += n;
        return fields;
    };
    while (i < f.length) {
        const tag = f[i++];
        if (tag === "e") {
            const [s, type, inode, ctime, mtime, size, mode, uid, gid, path, target] = take(11);
            out.entries[side(s)].push({
                path: path!, type: type!, inode: integer(inode, "inode"), ctime: ctime!, mtime: mtime!,
                size: integer(size, "size"), mode: mode!, uid: integer(uid, "uid"), gid: integer(gid, "gid"), target: target!,
            });
        } else if (tag === "w") {
            const [s, message] = take(2);
            out.warnings.push({ side: side(s), message: binaryToText(message!) });
        } else if (tag === "c") {
            const [s, state] = take(2);
            const content: FileContent = { state: state as FileContent["state"], size: 0, sha256: null, bytes: null, truncated: false, message: "" };
            if (!CONTENT_STATES.includes(content.state))
                throw new StreamError(`unknown content state ${JSON.stringify(state)}`);
            if (state === "ok") {
                const [size, sha256, data64] = take(3);
                content.size = integer(size, "size");
                content.sha256 = sha256!;
                content.bytes = base64ToBytes(data64!);
                content.truncated = content.bytes.length < content.size;
            } else if (state === "unreadable") {
                content.message = binaryToText(take(1)[0]!);
            }
            out.contents[side(s)] = content;
        } else if (tag === "p") {
            const [s, flavor, data64] = take(3);
            if (!FLAVORS.includes(flavor as PackageDump["flavor"]))
                throw new StreamError(`unknown package database ${JSON.stringify(flavor)}`);
            out.packages[side(s)] = { flavor: flavor as PackageDump["flavor"], text: utf8.decode(base64ToBytes(data64!)) };
        } else {
            throw new StreamError(`unknown record ${JSON.stringify(tag)}`);
        }
    }
    return out;
}
