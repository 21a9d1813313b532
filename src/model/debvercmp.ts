// Debian's version order, exactly as `dpkg --compare-versions` has it (deb-version(7)), for the
// diff view's Packages tab on dpkg systems. Written from the manual page, not from dpkg's source;
// test/unit/debvercmp.test.ts checks it against dpkg itself.
//
// A version is [epoch:]upstream[-revision]: the epoch is what comes before the first ":", the
// revision what comes after the last "-". Epochs compare as numbers, then upstream, then revision.
// Upstream and revision compare alike: alternately a run of non-digits, character by character,
// then a run of digits as a number. In the non-digit runs "~" sorts before everything, even the
// end of the string (1.0~rc1 < 1.0), then comes the end, then letters, then all other characters.
// A missing revision is "" and "" equals "0" in this order, which is why 1.0 == 1.0-0.

/** -1, 0 or 1 as a is older than, equal to or newer than b. */
export function debvercmp(a: string, b: string): -1 | 0 | 1 {
    const one = split(a);
    const two = split(b);
    // An epoch is all digits, and on digits alone verrevcmp is the numeric order.
    const diff = verrevcmp(one.epoch, two.epoch)
        || verrevcmp(one.upstream, two.upstream)
        || verrevcmp(one.revision, two.revision);
    return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

function split(version: string): { epoch: string; upstream: string; revision: string } {
    const colon = version.indexOf(":");
    const epoch = colon >= 0 ? version.slice(0, colon) : "";
    const rest = version.slice(colon + 1);
    const hyphen = rest.lastIndexOf("-");
    if (hyphen < 0)
        return { epoch, upstream: rest, revision: "" };
    return { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}

function verrevcmp(a: string, b: string): number {
    let one = 0;
    let two = 0;
    while (one < a.length || two < b.length) {
        // Non-digit runs, side by side. Where one run ends (at a digit or the end of the string)
        // and the other goes on, the next character decides: "~" is older than the end, any
        // other character newer.
        while ((one < a.length && !isDigit(a[one])) || (two < b.length && !isDigit(b[two]))) {
            const diff = order(a[one]) - order(b[two]);
            if (diff !== 0)
                return diff;
            one++;
            two++;
        }

        // Digit runs as numbers: skip leading zeros, then more digits is bigger, and equally
        // long runs compare as text. No conversion, so any length stays exact.
        while (a[one] === "0") one++;
        while (b[two] === "0") two++;
        const start1 = one;
        const start2 = two;
        while (isDigit(a[one])) one++;
        while (isDigit(b[two])) two++;
        const run1 = a.slice(start1, one);
        const run2 = b.slice(start2, two);
        if (run1.length !== run2.length)
            return run1.length - run2.length;
        if (run1 !== run2)
            return run1 < run2 ? -1 : 1;
    }
    return 0;
}

/** A character's weight in a non-digit run; undefined is the end of the string. */
function order(c: string | undefined): number {
    if (c === undefined || isDigit(c))
        return 0;
    if (c === "~")
        return -1;
    const code = c.charCodeAt(0);
    // Letters by their ASCII code, every other character after all letters.
    return isAlpha(c) ? code : code + 256;
}

function isDigit(c: string | undefined): boolean {
    return c !== undefined && c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
    return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}
