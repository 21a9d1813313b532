// Parses what src/host/scripts/imgbased-image.sh prints (NUL-separated records, nul-records.ts):
// the entries of a directory for the image picker, and what an OS image file is and holds.
import type { FileContent } from "../diff/types.ts";
import { takeContent } from "../diff/stream.ts";
import { base64ToBytes, binaryToText, bytesToText, integer, NulRecords, RecordError } from "../nul-records.ts";
import { IMAGE_WRITER_REASONS, type ImageWriter, type ImageWriterReason } from "./image-writers.ts";
import { parseGpgvStatus, type SignatureResult } from "./signature.ts";

export type ImageFormat = "squashfs" | "squashfs-liveos" | "ext4" | "xfs" | "tar";

/** A kernel in the image's /boot with its initramfs: paths inside the image, sizes in bytes. */
export interface ImageKernel {
    version: string;
    vmlinuz: string;
    vmlinuzBytes: number;
    initrd: string;
    initrdBytes: number;
}

export interface ImageProbe {
    format: ImageFormat;
    /** The file's size and modification time (Unix seconds). */
    size: number;
    mtime: number;
    /** imgbased's build metadata (/usr/share/imgbase/build/meta/nvr), when the image has it. */
    nvr: string | null;
    /** Its os-release, KEY → unquoted value; null when it has none. */
    osRelease: Record<string, string> | null;
    kernels: ImageKernel[];
    /** Bytes the image's files take on disk: what the new base will hold. */
    treeBytes: number;
    /**
     * Whether nvr, osRelease, kernels and treeBytes were read. A tar or squashfs is read in user
     * space at once. An image the kernel must mount (ext4, xfs, a squashfs with LiveOS inside)
     * comes back "pending" from inspect and is mounted to read them only when its checksum and
     * signature, where there are any, passed (host/image.ts); else it stays unopened, and why.
     */
    tree: "read" | "pending" | NotOpenedReason;
    /** The checksum file beside the image (IMAGE.sha256, or NAME.sha256), when there is one. */
    checksumFile: { path: string; text: string } | null;
    /** The image's sha256, when it was asked for. */
    sha256: string | null;
    /** Its detached signature as checked: the one the admin named, or IMAGE.sig / IMAGE.asc found beside it. */
    signature: { path: string; named: boolean; result: SignatureResult } | null;
    /** Someone other than root who could change the file after its checks; null: root alone. */
    writer: ImageWriter | null;
}

/** The formats the kernel mounts to read (inspection and fill); the others are read in user space. */
export const MOUNTED_FORMATS: readonly ImageFormat[] = ["ext4", "xfs", "squashfs-liveos"];

/** Why an image the kernel must mount was not mounted: a check at hand failed. */
export type NotOpenedReason = "checksum-mismatch" | "signature-not-good" | "signature-required";

export type ImageProblemCode = "missing" | "not-file" | "unreadable" | "unknown-format" | "truncated" | "corrupt" | "mount-failed" | "unsafe-member"
    /** A path asked for (hashes, read) that leaves the image's root: a fault of the caller's. */
    | "bad-path";

/** Why the image cannot be used; `detail` is the host's words (a path, sizes, an error). */
export interface ImageProblem {
    problem: ImageProblemCode;
    detail: string;
}

const FORMATS: readonly ImageFormat[] = ["squashfs", "squashfs-liveos", "ext4", "xfs", "tar"];
const PROBLEMS: readonly ImageProblemCode[] = ["missing", "not-file", "unreadable", "unknown-format", "truncated", "corrupt", "mount-failed", "unsafe-member", "bad-path"];

export function isImageProblem<T extends object>(value: T | ImageProblem): value is ImageProblem {
    return "problem" in value;
}

/** os-release syntax: KEY=value, the value optionally in single or double quotes. */
export function parseOsRelease(text: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
        if (!m)
            continue;
        let value = m[2]!;
        const q = value[0];
        if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2)
            value = value.slice(1, -1);
        fields[m[1]!] = q === '"' ? value.replace(/\\(["\\$`])/g, "$1") : value;
    }
    return fields;
}

/** The `inspect` op. */
export function parseImageProbe(data: string): ImageProbe | ImageProblem {
    const probe: ImageProbe = {
        format: "squashfs", size: 0, mtime: 0, nvr: null, osRelease: null, kernels: [], treeBytes: 0, tree: "read",
        checksumFile: null, sha256: null, signature: null, writer: null,
    };
    const { problem, info } = readRecords(data, probe);
    if (problem)
        return problem;
    if (!info)
        throw new RecordError("the output names no image format");
    return probe;
}

/** The `read` op: one file of the image, as the diff program reads a file of a tree. */
export function parseImageContent(data: string): FileContent | ImageProblem {
    const records = new NulRecords(data);
    const tag = records.next();
    if (tag === "e") {
        const [code, detail] = records.take(2);
        if (!PROBLEMS.includes(code as ImageProblemCode))
            throw new RecordError(`unknown problem ${JSON.stringify(code)}`);
        return { problem: code as ImageProblemCode, detail: binaryToText(detail!) };
    }
    if (tag !== "c" || records.next() !== "image")
        throw new RecordError(`expected the image's content record, got ${JSON.stringify(tag)}`);
    const content = takeContent(records);
    if (!records.done)
        throw new RecordError("more than one content record");
    return content;
}

/** The `tree` op, read into `probe` (an inspection that came back "pending"). */
export function parseImageTree(data: string, probe: ImageProbe): ImageProbe | ImageProblem {
    const read: ImageProbe = { ...probe, kernels: [], tree: "read" };
    return readRecords(data, read).problem ?? read;
}

/** Reads the program's records into `probe`: the problem they end with, if any, and whether an `i` record came. */
function readRecords(data: string, probe: ImageProbe): { problem: ImageProblem | null; info: boolean } {
    const records = new NulRecords(data);
    let info = false;
    while (!records.done) {
        const tag = records.next();
        switch (tag) {
        case "e": {
            const [code, detail] = records.take(2);
            if (!PROBLEMS.includes(code as ImageProblemCode))
                throw new RecordError(`unknown problem ${JSON.stringify(code)}`);
            return { problem: { problem: code as ImageProblemCode, detail: binaryToText(detail!) }, info };
        }
        case "m":
            probe.tree = "pending";
            break;
        case "i": {
            const [format, size, mtime] = records.take(3);
            if (!FORMATS.includes(format as ImageFormat))
                throw new RecordError(`unknown format ${JSON.stringify(format)}`);
            Object.assign(probe, { format, size: integer(size, "size"), mtime: integer(mtime, "mtime") });
            info = true;
            break;
        }
        case "n":
            probe.nvr = binaryToText(records.next()).trim();
            break;
        case "o":
            probe.osRelease = parseOsRelease(bytesToText(base64ToBytes(records.next())));
            break;
        case "k": {
            const [version, vmlinuz, vsize, initrd, isize] = records.take(5);
            probe.kernels.push({
                version: binaryToText(version!), vmlinuz: binaryToText(vmlinuz!), vmlinuzBytes: integer(vsize, "kernel size"),
                initrd: binaryToText(initrd!), initrdBytes: integer(isize, "initramfs size"),
            });
            break;
        }
        case "w": {
            const [path, why] = records.take(2);
            if (!IMAGE_WRITER_REASONS.includes(why as ImageWriterReason))
                throw new RecordError(`unknown writer reason ${JSON.stringify(why)}`);
            probe.writer = { path: binaryToText(path!), why: why as ImageWriterReason };
            break;
        }
        case "u":
            probe.treeBytes = integer(records.next(), "tree size");
            break;
        case "c": {
            const [path, text] = records.take(2);
            probe.checksumFile = { path: binaryToText(path!), text: bytesToText(base64ToBytes(text!)) };
            break;
        }
        case "h":
            probe.sha256 = records.next();
            break;
        case "g": {
            const [path, from, outcome] = records.take(3);
            if (from !== "named" && from !== "beside")
                throw new RecordError(`unknown signature origin ${JSON.stringify(from)}`);
            let result: SignatureResult;
            if (outcome === "ran") {
                const [code, status] = records.take(2);
                result = parseGpgvStatus(bytesToText(base64ToBytes(status!)), integer(code, "gpgv exit status"));
            } else if (outcome === "missing" || outcome === "no-keyring") {
                result = { state: outcome };
            } else {
                throw new RecordError(`unknown signature outcome ${JSON.stringify(outcome)}`);
            }
            probe.signature = { path: binaryToText(path!), named: from === "named", result };
            break;
        }
        default:
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
        }
    }
    return { problem: null, info };
}

export interface DirEntry {
    name: string;
    kind: "dir" | "file" | "link";
    /** Files only. */
    size?: number;
}

/** The `browse` op: directories first, then by name. */
export function parseDirEntries(data: string): DirEntry[] {
    const records = new NulRecords(data);
    const entries: DirEntry[] = [];
    while (!records.done) {
        const tag = records.next();
        if (tag === "d")
            entries.push({ name: binaryToText(records.next()), kind: "dir" });
        else if (tag === "l")
            entries.push({ name: binaryToText(records.next()), kind: "link" });
        else if (tag === "f")
            entries.push({ name: binaryToText(records.next()), kind: "file", size: integer(records.next(), "file size") });
        else if (tag === "e")
            throw new RecordError(`cannot list: ${binaryToText(records.take(2).join(" "))}`);
        else
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
    }
    return entries.sort((a, b) => Number(b.kind === "dir") - Number(a.kind === "dir") || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
