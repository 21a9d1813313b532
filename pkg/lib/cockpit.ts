// Our typed door to window.cockpit (loaded by index.html from ../base1/cockpit.js). Cockpit's
// own pkg/lib is GPL and not on npm, so we keep this small wrapper instead: it turns spawn
// failures into a real Error subclass, insists on argv arrays (no shell strings by accident),
// and gives the UI gettext/format and the page-visibility signal with plain types.
import type {
    Cockpit, CockpitFile, CockpitFileOptions, CockpitLocation, CockpitProcessFailure,
    CockpitSpawnOptions, CockpitUserInfo,
} from "./cockpit-types.ts";

export type { CockpitFile, CockpitSpawnOptions, CockpitUserInfo } from "./cockpit-types.ts";

/** The global cockpit object; throws a clear error when the page was loaded outside Cockpit. */
export function cockpit(): Cockpit {
    const c = typeof window !== "undefined" ? window.cockpit : undefined;
    if (!c)
        throw new Error("window.cockpit is missing: the page must be loaded by Cockpit (../base1/cockpit.js)");
    return c;
}

/** True when window.cockpit exists (so code can degrade instead of throwing, e.g. in unit tests). */
export function hasCockpit(): boolean {
    return typeof window !== "undefined" && !!window.cockpit;
}

/**
 * A process that could not run or exited non-zero. `problem` is Cockpit's code when the process
 * did not run ("not-found", "access-denied", "disconnected", ...) and null when it ran and
 * failed; `exitStatus` is then its status. With `err: "message"`, `message` is its stderr.
 */
export class ProcessError extends Error {
    readonly problem: string | null;
    readonly exitStatus: number | null;
    readonly argv: readonly string[];

    constructor(argv: readonly string[], failure: Partial<CockpitProcessFailure> | undefined) {
        // Kept verbatim (LVM indents its lines); only an empty message gets a fallback.
        const message = failure?.message ?? "";
        super(message.trim() ? message : (failure?.problem ?? `${argv[0] ?? "process"} failed`));
        this.name = "ProcessError";
        this.problem = failure?.problem ?? null;
        this.exitStatus = typeof failure?.exit_status === "number" ? failure.exit_status : null;
        this.argv = argv;
    }
}

function toProcessError(argv: readonly string[], ex: unknown): ProcessError {
    if (ex instanceof ProcessError)
        return ex;
    if (ex && typeof ex === "object")
        return new ProcessError(argv, ex as Partial<CockpitProcessFailure>);
    return new ProcessError(argv, { problem: "internal-error", message: String(ex) });
}

/** Runs argv (never a shell string) and resolves to its stdout; rejects with ProcessError. */
export async function spawn(argv: readonly string[], options: CockpitSpawnOptions = {}): Promise<string> {
    if (!Array.isArray(argv) || argv.length === 0 || argv.some(a => typeof a !== "string"))
        throw new TypeError("spawn needs a non-empty argv array of strings");
    try {
        return await cockpit().spawn([...argv], options);
    } catch (ex) {
        throw toProcessError(argv, ex);
    }
}

/**
 * Runs argv with a binary channel and resolves to all its output bytes; `onData` sees each
 * chunk's size as it arrives (for progress). `signal` closes the process when aborted, which
 * kills it. Rejects with ProcessError.
 */
export async function spawnBinary(argv: readonly string[], options: CockpitSpawnOptions = {},
                                  onData?: (bytes: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
    if (!Array.isArray(argv) || argv.length === 0 || argv.some(a => typeof a !== "string"))
        throw new TypeError("spawn needs a non-empty argv array of strings");
    const chunks: Uint8Array[] = [];
    let total = 0;
    const process = cockpit().spawn([...argv], { ...options, binary: true });
    // Binary chunks arrive as Uint8Array; the typings name the text case only.
    process.stream(data => {
        const chunk = data as unknown as Uint8Array;
        chunks.push(chunk);
        total += chunk.length;
        onData?.(total);
    });
    const abort = () => process.close("cancelled");
    signal?.addEventListener("abort", abort);
    try {
        await process;
    } catch (ex) {
        throw toProcessError(argv, ex);
    } finally {
        signal?.removeEventListener("abort", abort);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.length;
    }
    return out;
}

/** Runs a POSIX shell script (`sh -c script -- args...`); resolves to stdout, rejects with ProcessError. */
export async function script(text: string, args: readonly string[] = [], options: CockpitSpawnOptions = {}): Promise<string> {
    const argv = ["sh", "-c", text, "--", ...args];
    try {
        return await cockpit().script(text, [...args], options);
    } catch (ex) {
        throw toProcessError(argv, ex);
    }
}

/** A file handle (read/replace/watch); always call close() when done. */
export function file(path: string, options: CockpitFileOptions = {}): CockpitFile {
    return cockpit().file(path, options);
}

/** The logged-in user. */
export function user(): Promise<CockpitUserInfo> {
    return cockpit().user();
}

/**
 * Translates a UI string through cockpit.gettext, looked up at each call: index.html runs po.js
 * (cockpit.locale with the session language's strings) before our bundle, and a call at render
 * time, rather than a string kept from module load, sees whatever cockpit.locale holds then.
 * Without Cockpit (unit tests) it returns the string unchanged.
 */
export function gettext(message: string): string {
    return hasCockpit() ? cockpit().gettext(message) : message;
}

export const _ = gettext;

/** Plural form of a UI string. */
export function ngettext(singular: string, plural: string, n: number): string {
    return hasCockpit() ? cockpit().ngettext(singular, plural, n) : (n === 1 ? singular : plural);
}

/** Fills "$0", "$1" ... in a (translated) template; keeps word order translatable. */
export function format(template: string, ...args: (string | number)[]): string {
    if (hasCockpit())
        return cockpit().format(template, ...args);
    return template.replace(/\$(\d+)/g, (m, i: string) => {
        const v = args[Number(i)];
        return v === undefined ? m : String(v);
    });
}

/** The session language as a BCP 47 tag for Intl ("pt_BR" -> "pt-BR"). */
export function language(): string {
    const lang = hasCockpit() ? cockpit().language : undefined;
    return (lang || "en").replace(/_/g, "-");
}

/** The page's location (the URL hash inside Cockpit's iframe). */
export function location(): CockpitLocation {
    return cockpit().location;
}

/** True while the page is not shown (another Cockpit page is in front, or the tab is hidden). */
export function isHidden(): boolean {
    return hasCockpit() ? cockpit().hidden : false;
}

/** Calls `callback(hidden)` whenever the page is shown or hidden; returns the unsubscribe function. */
export function onVisibilityChange(callback: (hidden: boolean) => void): () => void {
    if (!hasCockpit())
        return () => {};
    const c = cockpit();
    const listener = () => callback(c.hidden);
    c.addEventListener("visibilitychange", listener);
    return () => c.removeEventListener("visibilitychange", listener);
}

/**
 * Tells the shell what is about to happen ("restart": the machine reboots, so the disconnect
 * that follows is expected). Cockpit versions without cockpit.hint() are skipped silently.
 */
export function hint(name: "restart" | "ignore_transport_health_check", options: Record<string, unknown> = {}): void {
    if (!hasCockpit())
        return;
    const c = cockpit() as unknown as { hint?: (name: string, options?: Record<string, unknown>) => void };
    if (typeof c.hint === "function")
        c.hint(name, options);
}
