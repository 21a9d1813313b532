// Why the host could not compare: the first stderr line of imgbased-diff.sh names the cause
// ("@@imgbased-diff CODE SUBJECT"), the lines after it are the tool's own words. The view turns
// the code into a message that says what to do.

export type DiffFailureCode =
    | "setup" | "busy" | "job-running" | "no-lv" | "activate" | "mount" | "bad-path" | "usage"
    /** The process could not run at all or printed no cause (Cockpit's problem or exit status). */
    | "failed";

export interface DiffFailure {
    code: DiffFailureCode;
    subject: string;
    /** What the failing tool said, verbatim. */
    detail: string;
}

const CODES: readonly DiffFailureCode[] = ["setup", "busy", "job-running", "no-lv", "activate", "mount", "bad-path", "usage"];

export function parseDiffFailure(stderr: string): DiffFailure {
    const lines = stderr.split("\n");
    const at = lines.findIndex(l => l.startsWith("@@imgbased-diff "));
    if (at < 0)
        return { code: "failed", subject: "", detail: stderr.trim() };
    const [, code = "", ...subject] = lines[at]!.split(" ");
    const detail = [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n").trim();
    if (!CODES.includes(code as DiffFailureCode))
        return { code: "failed", subject: "", detail: stderr.trim() };
    return { code: code as DiffFailureCode, subject: subject.join(" "), detail };
}
