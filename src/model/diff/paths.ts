// File names are bytes, not text: Linux allows anything but "/" and NUL, including newlines
// and bytes that are not UTF-8. The diff keeps names as binary strings (one char per byte) and
// turns them into something safe to show, and into something safe to hand back to the host.

const HEX = (byte: number) => `\\x${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/** Length of the UTF-8 sequence starting at i (1-4), or 0 when the bytes there are not valid UTF-8. */
function sequenceLength(s: string, i: number): number {
    const b0 = s.charCodeAt(i);
    if (b0 < 0x80)
        return 1;
    let length: number, min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) [length, min] = [2, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [length, min] = [3, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [length, min] = [4, 0x10000];
    else return 0;
    let code = b0 & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
        const b = s.charCodeAt(i + k);
        if (Number.isNaN(b) || (b & 0xc0) !== 0x80)
            return 0;
        code = (code << 6) | (b & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not valid UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff)
        return 0;
    return length;
}

const CONTROL_NAMES: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r" };

// Characters that are valid UTF-8 but break lines or reorder what is shown: C1 controls, the
// line and paragraph separators, and the bidirectional overrides and isolates. Escaped as \uXXXX.
const INVISIBLE = /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * A name as people can read it: valid UTF-8 as its characters; control characters, bytes that
 * are not UTF-8 and the backslash itself as escapes (\n, \t, \xE9, \\), characters that break
 * lines or reorder text as \uXXXX, so a name stays on one line and two names never look alike.
 */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
const utf8 = new TextDecoder();

export function displayPath(name: string): string {
    // Most names are printable ASCII without a backslash: shown as they are.
    if (PLAIN.test(name))
        return name;
    let out = "";
    for (let i = 0; i < name.length;) {
        const b = name.charCodeAt(i);
        if (b === 0x5c) {
            out += "\\\\";
            i++;
        } else if (b >= 0x20 && b < 0x7f) {
            out += name[i];
            i++;
        } else if (b < 0x20 || b === 0x7f) {
            out += CONTROL_NAMES[b] ?? HEX(b);
            i++;
        } else {
            const n = sequenceLength(name, i);
            if (n === 0) {
                out += HEX(b);
                i++;
            } else {
                const bytes = Uint8Array.from(name.slice(i, i + n), c => c.charCodeAt(0));
                const char = utf8.decode(bytes);
                out += INVISIBLE.test(char) ? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : char;
                i += n;
            }
        }
    }
    return out;
}

/** A name as bash's `printf %b` reads it back byte for byte: everything but [A-Za-z0-9._/-] as \xHH. */
export function printfEscape(name: string): string {
    let out = "";
    for (let i = 0; i < name.length; i++) {
        const c = name[i]!;
        out += /[A-Za-z0-9._/-]/.test(c) ? c : HEX(name.charCodeAt(i));
    }
    return out;
}

/** Byte order of two binary strings (char codes are bytes): the order find and `ls -U` agree on. */
export function byteOrder(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The last component of a relative path. */
export function baseName(path: string): string {
    return path.slice(path.lastIndexOf("/") + 1);
}
