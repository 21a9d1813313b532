// The sha256 an image must have: typed by the admin, or read from the .sha256 file beside it.
import { baseName } from "../diff/paths.ts";

/** A typed checksum, trimmed and lowercased; null unless it is 64 hex digits. */
export function normalizeSha256(text: string): string | null {
    const hex = text.trim().toLowerCase();
    return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

export type ChecksumFileResult = { sha256: string } | { error: "no-entry" | "several-entries"; names: string[] };

/**
 * The checksum for `imageName` in a checksum file: GNU (`HEX  NAME`, `HEX *NAME`), BSD
 * (`SHA256 (NAME) = HEX`), or a file holding only the digest. A file listing several images must
 * name this one; a bare digest counts only when it is the file's single line.
 */
export function checksumFromFile(text: string, imageName: string): ChecksumFileResult {
    const entries: { name: string | null; sha256: string }[] = [];
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#"))
            continue;
        const gnu = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
        const bsd = /^SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/.exec(line);
        if (gnu)
            entries.push({ name: gnu[2]!.replace(/^\.\//, ""), sha256: gnu[1]!.toLowerCase() });
        else if (bsd)
            entries.push({ name: bsd[1]!.replace(/^\.\//, ""), sha256: bsd[2]!.toLowerCase() });
        else if (/^[0-9a-fA-F]{64}$/.test(line))
            entries.push({ name: null, sha256: line.toLowerCase() });
    }
    const named = entries.filter(e => e.name === imageName || e.name?.endsWith(`/${imageName}`));
    if (named.length === 1)
        return { sha256: named[0]!.sha256 };
    if (named.length === 0 && entries.length === 1 && entries[0]!.name === null)
        return { sha256: entries[0]!.sha256 };
    return { error: named.length > 1 ? "several-entries" : "no-entry", names: entries.map(e => e.name ?? "").filter(n => n !== "") };
}

export type ExpectedChecksum =
    | { sha256: string; fromFile: string | null }
    | { error: "typed-invalid" | "no-entry" | "several-entries" }
    | null;

/**
 * The sha256 the image at `imagePath` must have: the typed one, else its entry in the checksum
 * file beside it (`fromFile`: that file's path); null when there is neither.
 */
export function expectedChecksum(typed: string, checksumFile: { path: string; text: string } | null, imagePath: string): ExpectedChecksum {
    if (typed.trim() !== "") {
        const sha256 = normalizeSha256(typed);
        return sha256 ? { sha256, fromFile: null } : { error: "typed-invalid" };
    }
    if (!checksumFile)
        return null;
    const found = checksumFromFile(checksumFile.text, baseName(imagePath));
    return "sha256" in found ? { sha256: found.sha256, fromFile: checksumFile.path } : { error: found.error };
}
