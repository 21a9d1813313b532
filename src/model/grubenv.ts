// GRUB's environment block (grubenv): a 1024-byte file of "name=value" lines under a
// "# GRUB Environment Block" comment, padded to size with "#". grub-editenv escapes "\" and a
// newline inside a value with a backslash (grub-core/lib/envblk.c).

export function parseGrubenv(text: string): Map<string, string> {
    const vars = new Map<string, string>();
    let i = 0;
    while (i < text.length) {
        const lineEnd = nextNewline(text, i);
        const eq = text.indexOf("=", i);
        if (text[i] === "#" || eq < 0 || eq > lineEnd) {
            i = lineEnd + 1;
            continue;
        }
        const name = text.slice(i, eq);
        let value = "";
        let j = eq + 1;
        for (; j < text.length && text[j] !== "\n"; j++) {
            if (text[j] === "\\" && j + 1 < text.length)
                j++;
            value += text[j];
        }
        vars.set(name, value);
        i = j + 1;
    }
    return vars;
}

function nextNewline(text: string, from: number): number {
    const at = text.indexOf("\n", from);
    return at < 0 ? text.length : at;
}
