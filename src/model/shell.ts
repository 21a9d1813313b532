// The one shell-quoting function. Everything that turns an argv into shell text (job scripts, the
// command listing the admin confirms) goes through quote(), and test/unit/shell.test.ts proves
// the round trip through dash and bash --posix for thousands of hostile strings.
//
// Argv elements must be valid Unicode without NUL: an argv is a list of C strings, so NUL cannot
// pass through it, and a lone UTF-16 surrogate has no UTF-8 encoding, so it could only reach the
// host as U+FFFD, a different string. quote() throws on both rather than run something else.

/** Characters no POSIX shell treats specially anywhere in a word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** In command position `NAME=value` is an assignment, not a word. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * Reserved words of dash and bash that are made only of safe characters. In command position the
 * shell parses them as syntax, so they are quoted wherever they appear: quote() does not know the
 * position of its word.
 */
const RESERVED = new Set([
    "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
    "select", "then", "time", "until", "while",
]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws unless `arg` can be an argv element (no NUL, no lone surrogate). */
export function checkArg(arg: string): void {
    if (typeof arg !== "string")
        throw new TypeError(`argv element is not a string: ${String(arg)}`);
    if (arg.includes("\0"))
        throw new Error(`argv element contains NUL: ${JSON.stringify(arg)}`);
    if (LONE_SURROGATE.test(arg))
        throw new Error(`argv element is not valid Unicode (lone surrogate): ${JSON.stringify(arg)}`);
}

/**
 * Quotes `arg` as one POSIX sh word that the shell turns back into exactly `arg`, in any position
 * of a simple command. Words of safe characters stay bare so the listing stays readable; all else
 * is single-quoted, where nothing is special but the quote itself, written as '\''.
 */
export function quote(arg: string): string {
    checkArg(arg);
    if (SAFE_WORD.test(arg) && !ASSIGNMENT.test(arg) && !RESERVED.has(arg))
        return arg;
    return `'${arg.replace(/'/g, "'\\''")}'`;
}

/** One shell command line that runs exactly `argv`. */
export function renderArgv(argv: readonly string[]): string {
    if (argv.length === 0)
        throw new Error("empty argv");
    return argv.map(quote).join(" ");
}
