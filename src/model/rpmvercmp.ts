// A port of RPM's rpmvercmp() (rpmio/rpmvercmp.c, RPM >= 4.15 with the caret rule), the order
// imgbased uses for image versions through rpm.labelCompare. There is no well-kept npm package for
// it. The loop below follows the C code step by step, with indexes in place of pointers.
//
// A version is split into segments of ASCII digits or ASCII letters; everything else separates
// segments and is otherwise ignored (so "2.0" == "2_0", and non-ASCII letters count as separators,
// as in C's risalpha). Numeric segments compare as numbers (leading zeros ignored, no overflow),
// letter segments with strcmp, and a numeric segment is newer than a letter one. "~" sorts before
// anything, even the end of the string (1.0~rc1 < 1.0); "^" sorts after the end of the string but
// before anything else (1.0 < 1.0^git1 < 1.0.1).

/** -1, 0 or 1 as a is older than, equal to or newer than b. */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
    if (a === b)
        return 0;

    let one = 0;
    let two = 0;
    while (one < a.length || two < b.length) {
        while (one < a.length && isSeparator(a[one]!)) one++;
        while (two < b.length && isSeparator(b[two]!)) two++;

        // Tilde: whoever has it is older; both have it: skip it and go on.
        if (a[one] === "~" || b[two] === "~") {
            if (a[one] !== "~") return 1;
            if (b[two] !== "~") return -1;
            one++;
            two++;
            continue;
        }

        // Caret: like tilde, except that a version that has ended is older.
        if (a[one] === "^" || b[two] === "^") {
            if (one >= a.length) return -1;
            if (two >= b.length) return 1;
            if (a[one] !== "^") return 1;
            if (b[two] !== "^") return -1;
            one++;
            two++;
            continue;
        }

        if (one >= a.length || two >= b.length)
            break;

        // Take the segment of one's kind from both strings.
        const numeric = isDigit(a[one]!);
        const inSegment = numeric ? isDigit : isAlpha;
        let end1 = one;
        let end2 = two;
        while (end1 < a.length && inSegment(a[end1]!)) end1++;
        while (end2 < b.length && inSegment(b[end2]!)) end2++;

        // b's segment is of the other kind (empty here): numeric beats alpha.
        if (end2 === two)
            return numeric ? 1 : -1;

        let seg1 = a.slice(one, end1);
        let seg2 = b.slice(two, end2);
        if (numeric) {
            seg1 = seg1.replace(/^0+/, "");
            seg2 = seg2.replace(/^0+/, "");
            // More digits is a bigger number.
            if (seg1.length !== seg2.length)
                return seg1.length > seg2.length ? 1 : -1;
        }
        // Code-unit order equals C's byte order here: segments are ASCII only.
        if (seg1 !== seg2)
            return seg1 < seg2 ? -1 : 1;

        one = end1;
        two = end2;
    }

    // All segments equal; only separators differed, or one string has more left.
    if (one >= a.length && two >= b.length)
        return 0;
    return one >= a.length ? -1 : 1;
}

function isDigit(c: string): boolean {
    return c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
    return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

function isSeparator(c: string): boolean {
    return !isDigit(c) && !isAlpha(c) && c !== "~" && c !== "^";
}
