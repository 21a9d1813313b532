// One error type for "a command printed something we cannot read". The page shows the message
// as is, so it names the command and quotes the start of the output: that is usually enough to
// tell a missing `--reportformat json`, a locale problem or a warning on stdout apart.

const QUOTED_CHARS = 80;

export class InventoryParseError extends Error {
    override readonly name = "InventoryParseError";

    constructor(
        /** The command whose output was unreadable, e.g. "lvs". */
        readonly command: string,
        /** What was wrong, in a few words. */
        readonly problem: string,
        output: string,
    ) {
        super(`Cannot read the output of ${command}: ${problem} (output began ${quote(output)})`);
    }
}

function quote(output: string): string {
    const start = output.trimStart();
    if (start === "")
        return "empty";
    const shown = start.length > QUOTED_CHARS ? start.slice(0, QUOTED_CHARS) + "…" : start;
    return JSON.stringify(shown);
}
