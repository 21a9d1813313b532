// The content diff of one file between two trees, as rows a view can lay out: bytes to text (or
// "binary"), jsdiff's unified hunks turned into numbered lines, and those paired side by side.
// Pure, so the subtle parts (line numbers, "\ No newline at end of file", CRLF, a read cut off
// mid-character) are unit-tested without a browser. The diff runs in the page's main thread,
// hence the limits below: past them the view shows sizes and hashes instead.
import { structuredPatch } from "diff";

/** Largest text (in UTF-16 code units, about bytes for the ASCII of config files) we diff. */
export const MAX_DIFF_CHARS = 2 * 1024 * 1024;

/** Most lines a side may have: every line becomes a DOM row, and React renders them at once. */
export const MAX_DIFF_LINES = 50_000;

/** Most changed lines (deleted plus added) before the diff gives up. jsdiff's Myers diff costs
 *  about the square of this: on two wholly different 50,000-line sides, node gave up after
 *  0.5 s at 3000 and after 6 s at 10,000. */
export const MAX_DIFF_EDITS = 3000;

export type LineKind = "context" | "add" | "del";

/** How a line ended: `none` is the last line of a file without a final newline. */
export type LineEnd = "lf" | "crlf" | "none";

export interface DiffLine {
    kind: LineKind;
    /** 1-based line numbers; null on the side the line is not in. */
    oldNo: number | null;
    newNo: number | null;
    /** The line without its line ending (a CR before the LF is in `end`, not here). */
    text: string;
    end: LineEnd;
}

export interface DiffHunk {
    /** As `diff -u` prints them: a side with no lines here starts at the line before the gap
     *  (0 for an empty file). */
    oldStart: number;
    oldLines: number;
    newStart: number;
    newLines: number;
    lines: DiffLine[];
}

/** One row of the two-column view: old on the left, new on the right, null where padded. */
export interface SplitRow {
    old: DiffLine | null;
    new: DiffLine | null;
}

/** jsdiff's marker after a line that has no newline; it is not a line of the file. */
const NO_NEWLINE = "\\";

/**
 * How many bytes at the end form a UTF-8 sequence that was cut short (0-3). Only a valid lead
 * byte with too few continuation bytes after it counts; anything else is left to the decoder.
 */
function cutSequenceLength(bytes: Uint8Array): number {
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
        const byte = bytes[bytes.length - back]!;
        if ((byte & 0xc0) === 0x80)
            continue;
        let needed = 0;
        if (byte >= 0xc2 && byte <= 0xdf)
            needed = 2;
        else if (byte >= 0xe0 && byte <= 0xef)
            needed = 3;
        else if (byte >= 0xf0 && byte <= 0xf4)
            needed = 4;
        return needed > back ? back : 0;
    }
    return 0;
}

/**
 * The bytes as text, or null when they are binary: a NUL byte anywhere, or not valid UTF-8.
 * `truncated`: the bytes are the start of a longer file, so a character cut in two at the very
 * end is dropped instead of making the whole file "binary".
 */
export function decodeText(bytes: Uint8Array, truncated = false): string | null {
    if (bytes.includes(0))
        return null;
    const whole = truncated ? bytes.subarray(0, bytes.length - cutSequenceLength(bytes)) : bytes;
    // ignoreBOM keeps a byte order mark in the text: adding or removing one is a real change.
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    try {
        return decoder.decode(whole);
    } catch {
        return null;
    }
}

/**
 * The text up to and including its last newline. A truncated read ends mid-line; diffing that
 * partial line would show a change where there may be none. Text without a newline is kept.
 */
export function wholeLines(text: string): string {
    const end = text.lastIndexOf("\n");
    return end < 0 ? text : text.slice(0, end + 1);
}

function lineCount(text: string): number {
    let count = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1))
        count++;
    return text.endsWith("\n") || text === "" ? count : count + 1;
}

/** True when either side is past MAX_DIFF_CHARS or MAX_DIFF_LINES: show sizes, not a diff. */
export function tooLargeToDiff(oldText: string, newText: string): boolean {
    return [oldText, newText].some(text =>
        text.length > MAX_DIFF_CHARS || lineCount(text) > MAX_DIFF_LINES);
}

/** "@@ -1,5 +1,6 @@", with `diff -u`'s habit of leaving out a count of 1. */
export function hunkHeader(hunk: Pick<DiffHunk, "oldStart" | "oldLines" | "newStart" | "newLines">): string {
    const range = (start: number, count: number) => count === 1 ? `${start}` : `${start},${count}`;
    return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`;
}

const KINDS: Record<string, LineKind> = { " ": "context", "+": "add", "-": "del" };

/**
 * The hunks of a line diff with `context` unchanged lines around each change; [] when the
 * texts are equal. With `maxEdits`, null when more lines than that changed (see MAX_DIFF_EDITS).
 */
export function diffRows(oldText: string, newText: string, options: { context: number }): DiffHunk[];
export function diffRows(oldText: string, newText: string, options: { context: number; maxEdits: number }): DiffHunk[] | null;
export function diffRows(oldText: string, newText: string, options: { context: number; maxEdits?: number }): DiffHunk[] | null {
    const patch = structuredPatch("", "", oldText, newText, undefined, undefined,
                                  { context: options.context, maxEditLength: options.maxEdits ?? Infinity });
    if (!patch)
        return null;
    return patch.hunks.map(hunk => {
        // jsdiff counts a side with no lines from the line after the gap; `diff -u` (and
        // hunkHeader) from the line before it. The numbering below needs jsdiff's.
        let oldNo = hunk.oldStart;
        let newNo = hunk.newStart;
        const lines: DiffLine[] = [];
        hunk.lines.forEach((raw, i) => {
            if (raw.startsWith(NO_NEWLINE))
                return;
            const kind = KINDS[raw[0]!]!;
            let text = raw.slice(1);
            let end: LineEnd = "lf";
            if (hunk.lines[i + 1]?.startsWith(NO_NEWLINE)) {
                end = "none";
            } else if (text.endsWith("\r")) {
                text = text.slice(0, -1);
                end = "crlf";
            }
            lines.push({
                kind,
                oldNo: kind === "add" ? null : oldNo++,
                newNo: kind === "del" ? null : newNo++,
                text,
                end,
            });
        });
        return {
            oldStart: hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart,
            oldLines: hunk.oldLines,
            newStart: hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart,
            newLines: hunk.newLines,
            lines,
        };
    });
}

/**
 * The hunk's lines in two columns: a context line on both sides; each run of changed lines
 * with its deletions on the left and its additions on the right, paired in order, the shorter
 * side padded with nulls.
 */
export function splitRows(hunk: DiffHunk): SplitRow[] {
    const rows: SplitRow[] = [];
    let dels: DiffLine[] = [];
    let adds: DiffLine[] = [];
    const flush = () => {
        for (let i = 0; i < Math.max(dels.length, adds.length); i++)
            rows.push({ old: dels[i] ?? null, new: adds[i] ?? null });
        dels = [];
        adds = [];
    };
    for (const line of hunk.lines) {
        if (line.kind === "context") {
            flush();
            rows.push({ old: line, new: line });
        } else if (line.kind === "del") {
            // A deletion after additions starts a new run (jsdiff puts them first, but the
            // pairing should not depend on it).
            if (adds.length)
                flush();
            dels.push(line);
        } else {
            adds.push(line);
        }
    }
    flush();
    return rows;
}
