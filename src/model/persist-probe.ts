// Parses what src/host/scripts/imgbased-persist.sh prints (NUL-separated records, see
// nul-records.ts): the whitelist files of /etc/imgbased/persist.d, and for each checked pattern
// what it matches on the host now and whether its directories pass through a symlink.
import { base64ToBytes, binaryToText, bytesToText, integer, NulRecords, RecordError } from "./nul-records.ts";

export interface PersistCheck {
    pattern: string;
    /** The pattern's directory part with symlinks resolved (persist.ts globPrefix, then realpath). */
    realPrefix: string;
    /** Paths the pattern matches now. */
    matches: number;
    /** Files those hold (a directory counts the files below it), and their bytes. */
    files: number;
    bytes: number;
    /** Up to five of the matches, shown as a preview (UTF-8, bad bytes replaced). */
    samples: string[];
}

/** The `files` op: every *.conf with its text. */
export function parsePersistFiles(data: string): { name: string; text: string }[] {
    const records = new NulRecords(data);
    const files: { name: string; text: string }[] = [];
    while (!records.done) {
        const [tag, name, content] = records.take(3);
        if (tag !== "f")
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
        files.push({ name: binaryToText(name!), text: bytesToText(base64ToBytes(content!)) });
    }
    return files;
}

/** The `check` op: one PersistCheck a pattern, in the order asked. */
export function parsePersistChecks(data: string): PersistCheck[] {
    const records = new NulRecords(data);
    const checks: PersistCheck[] = [];
    while (!records.done) {
        const tag = records.next();
        if (tag === "k") {
            const [pattern, real, matches, files, bytes] = records.take(5);
            checks.push({
                pattern: binaryToText(pattern!), realPrefix: binaryToText(real!), matches: integer(matches, "match count"),
                files: integer(files, "file count"), bytes: integer(bytes, "byte count"), samples: [],
            });
        } else if (tag === "s" && checks.length > 0) {
            checks[checks.length - 1]!.samples.push(binaryToText(records.next()));
        } else {
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
        }
    }
    return checks;
}
