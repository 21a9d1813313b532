// What an upgrade does with each local change: the running layer against its base, as the diff
// view compares them. A change the whitelist covers is carried into the new layer; every other
// one stays behind in the old layer (reachable by rollback and the diff view). A carried file
// that the new image changed too is a conflict: the admin keeps theirs or takes the image's.
// Paths are binary strings (diff/types.ts); patterns are the whitelist's text.
import { Minimatch } from "minimatch";
import { ACCOUNT_FILES } from "../actions/accounts.ts";
import { noiseMatcher } from "../diff/noise.ts";
import type { Change } from "../diff/types.ts";
import { binaryToBytes, bytesToBinary } from "../nul-records.ts";
import { sameFile, type FileHash } from "./file-hashes.ts";

// The carry expands patterns with sh (dash): no braces, no extglob, no "**", no negation, and
// "*", "?" and "[...]" never match a leading "." (dash has no dotglob).
const SH_GLOB = { dot: false, nobrace: true, noext: true, nocomment: true, nonegate: true, noglobstar: true };

/**
 * For an absolute path (binary string): the whitelist pattern that carries it, or null. A pattern
 * carries what it matches and, when that is a directory, everything below it.
 */
export function carriedBy(patterns: readonly string[]): (path: string) => string | null {
    const matchers = patterns.map(pattern => ({ pattern, glob: new Minimatch(bytesToBinary(new TextEncoder().encode(pattern)), SH_GLOB) }));
    return path => {
        for (let end = path.length; end > 0; end = path.lastIndexOf("/", end - 1)) {
            const prefix = path.slice(0, end);
            const hit = matchers.find(m => m.glob.match(prefix));
            if (hit)
                return hit.pattern;
        }
        return null;
    };
}

export interface CarriedChange { change: Change; pattern: string }

export interface LocalChanges {
    /** Changes the whitelist carries, with the pattern that carries each. */
    carried: CarriedChange[];
    /** Changes that stay in the old layer, noise left out. A removed file is here even when
     *  whitelisted: the carry copies what exists, so the new layer has the image's version. */
    behind: Change[];
    /** Changes behind that are noise (logs, caches: the diff view's "hide noise"). */
    noisy: number;
}

/**
 * Splits the layer's changes. Directories are left out: a directory is carried or left with its
 * files, which are listed themselves, and its own change is mostly the mtime its files gave it.
 */
export function splitLocalChanges(changes: readonly Change[], patterns: readonly string[], noise: readonly string[]): LocalChanges {
    const carrier = carriedBy(patterns);
    const isNoise = noiseMatcher(noise);
    const out: LocalChanges = { carried: [], behind: [], noisy: 0 };
    for (const change of changes) {
        if (change.old?.type === "d" || change.new?.type === "d")
            continue;
        const pattern = change.new ? carrier(`/${change.path}`) : null;
        if (pattern) {
            out.carried.push({ change, pattern });
        } else if (isNoise(change.display)) {
            out.noisy++;
        } else {
            out.behind.push(change);
        }
    }
    return out;
}

/** The carried changes whose content the image may have changed too: regular files. */
export function conflictCandidates(carried: readonly CarriedChange[]): CarriedChange[] {
    return carried.filter(c => c.change.new?.type === "f");
}

/**
 * conflict: the image changed the file (or removed it) and its version is not the local one;
 * image-unchanged: the image has the base's version, so the local one is simply kept;
 * same: the image already has exactly the local version;
 * merged: a conflict in an account database, which the carry merges by name (actions/accounts.ts).
 */
export type Verdict = "conflict" | "image-unchanged" | "same" | "merged";

export function verdict(base: FileHash, mine: FileHash, image: FileHash): Verdict {
    if (sameFile(image, mine))
        return "same";
    if (sameFile(image, base))
        return "image-unchanged";
    return "conflict";
}

/** A carried file's sha256 in the base, in this layer and in the new image. */
export interface CarriedHashes { base: FileHash; mine: FileHash; image: FileHash }

export interface CarriedFile extends CarriedChange {
    verdict: Verdict;
    /** Its absolute path as the carry's argument; null when the name is not UTF-8 (it cannot be named). */
    argument: string | null;
}

/** The conflict candidates judged by their hashes (every candidate's path must be in `hashes`). */
export function judgeCarried(candidates: readonly CarriedChange[], hashes: ReadonlyMap<string, CarriedHashes>): CarriedFile[] {
    return candidates.map(c => {
        const h = hashes.get(c.change.path)!;
        const v = verdict(h.base, h.mine, h.image);
        const merged = v === "conflict" && (ACCOUNT_FILES as readonly string[]).includes(`/${c.change.path}`);
        return { ...c, verdict: merged ? "merged" : v, argument: pathArgument(`/${c.change.path}`) };
    });
}

/**
 * An absolute path (binary string) as a command's argument, which Cockpit passes as UTF-8 text:
 * null when its bytes are not UTF-8 (such a file cannot be named to the carry).
 */
export function pathArgument(path: string): string | null {
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(binaryToBytes(path));
    } catch {
        return null;
    }
}
