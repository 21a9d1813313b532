// Parses what src/host/scripts/imgbased-diff.sh prints: NUL-terminated fields on a binary
// channel, records told apart by their first field. Strings stay "binary strings" (one char per
// byte) wherever they are names from the filesystem, so no byte is lost or replaced; messages
// are decoded as UTF-8 leniently, since people read them.
//   e SIDE TYPE INODE CTIME MTIME SIZE MODE UID GID PATH TARGET   a file (find -printf)
//   w SIDE MESSAGE                                               a warning of find's
//   c SIDE ok SIZE SHA256 BASE64 | c SIDE missing | c SIDE not-regular | c SIDE unreadable MESSAGE
//   p SIDE FLAVOR BASE64                                         a package database
import { base64ToBytes, binaryToText, bytesToText, integer, NulRecords, RecordError } from "../nul-records.ts";
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

function side(value: string | undefined): Side {
    if (value !== "old" && value !== "new")
        throw new RecordError(`unknown side ${JSON.stringify(value)}`);
    return value;
}

const CONTENT_STATES: FileContent["state"][] = ["ok", "missing", "not-regular", "unreadable"];
const FLAVORS: PackageDump["flavor"][] = ["dpkg", "rpm", "none", "rpm-missing"];

/** The rest of a "c" record after its side (tree-file.sh content_record; the image program's too). */
export function takeContent(records: NulRecords): FileContent {
    const state = records.next();
    const content: FileContent = { state: state as FileContent["state"], size: 0, sha256: null, bytes: null, truncated: false, message: "" };
    if (!CONTENT_STATES.includes(content.state))
        throw new RecordError(`unknown content state ${JSON.stringify(state)}`);
    if (state === "ok") {
        const [size, sha256, data64] = records.take(3);
        content.size = integer(size, "size");
        content.sha256 = sha256!;
        content.bytes = base64ToBytes(data64!);
        content.truncated = content.bytes.length < content.size;
    } else if (state === "unreadable") {
        content.message = binaryToText(records.next());
    }
    return content;
}

/** Parses the whole output (a binary string, see bytesToBinary). Throws RecordError on garbage. */
export function parseDiffStream(data: string): DiffStream {
    const out: DiffStream = { entries: { old: [], new: [] }, warnings: [], contents: {}, packages: {} };
    const records = new NulRecords(data);
    while (!records.done) {
        const tag = records.next();
        if (tag === "e") {
            const [s, type, inode, ctime, mtime, size, mode, uid, gid, path, target] = records.take(11);
            out.entries[side(s)].push({
                path: path!, type: type!, inode: integer(inode, "inode"), ctime: ctime!, mtime: mtime!,
                size: integer(size, "size"), mode: mode!, uid: integer(uid, "uid"), gid: integer(gid, "gid"), target: target!,
            });
        } else if (tag === "w") {
            const [s, message] = records.take(2);
            out.warnings.push({ side: side(s), message: binaryToText(message!) });
        } else if (tag === "c") {
            const s = records.next();
            out.contents[side(s)] = takeContent(records);
        } else if (tag === "p") {
            const [s, flavor, data64] = records.take(3);
            if (!FLAVORS.includes(flavor as PackageDump["flavor"]))
                throw new RecordError(`unknown package database ${JSON.stringify(flavor)}`);
            out.packages[side(s)] = { flavor: flavor as PackageDump["flavor"], text: bytesToText(base64ToBytes(data64!)) };
        } else {
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
        }
    }
    return out;
}
