// The one narrow interface through which host code reaches the machine. Everything in src/host
// takes a Machine instead of calling cockpit directly, so tests and benchmarks can pass a fake
// that answers from recorded fixtures, and so we can count the processes a refresh costs.
import { ProcessError, file, script as cockpitScript, spawn, spawnBinary } from "../../pkg/lib/cockpit.ts";

export { ProcessError };

export interface RunOptions {
    /** "try": as root when the session has admin access, else as the user. */
    superuser?: "require" | "try" | null;
    /** Extra environment, "NAME=value" (LC_ALL=C is always set so tools print untranslated output). */
    environ?: string[];
}

export interface Machine {
    /** Runs argv; resolves to stdout; rejects with ProcessError (stderr in its message). */
    run(argv: readonly string[], options?: RunOptions): Promise<string>;
    /**
     * Runs argv and resolves to its stdout as bytes (for output that need not be UTF-8);
     * `onData` gets the byte count so far; aborting `signal` kills the process.
     */
    runBinary(argv: readonly string[], options?: RunOptions & { onData?: (bytes: number) => void; signal?: AbortSignal }): Promise<Uint8Array>;
    /** Runs a POSIX sh script; resolves to stdout; rejects with ProcessError. */
    script(text: string, options?: RunOptions): Promise<string>;
    /** Reads a file; null when it does not exist. */
    readFile(path: string, options?: RunOptions): Promise<string | null>;
    /** Processes started so far (run + script), for proving the cost of a refresh. */
    readonly spawned: number;
}

/** Always in the environment of what we run: we parse output and match LVM's English messages. */
export const BASE_ENVIRON = ["LC_ALL=C"];

/** The Machine that talks to the real host through Cockpit. */
export class CockpitMachine implements Machine {
    #spawned = 0;

    get spawned(): number {
        return this.#spawned;
    }

    run(argv: readonly string[], options: RunOptions = {}): Promise<string> {
        this.#spawned++;
        return spawn(argv, {
            superuser: options.superuser ?? null,
            err: "message",
            environ: [...BASE_ENVIRON, ...(options.environ ?? [])],
        });
    }

    runBinary(argv: readonly string[], options: RunOptions & { onData?: (bytes: number) => void; signal?: AbortSignal } = {}): Promise<Uint8Array> {
        this.#spawned++;
        return spawnBinary(argv, {
            superuser: options.superuser ?? null,
            err: "message",
            environ: [...BASE_ENVIRON, ...(options.environ ?? [])],
        }, options.onData, options.signal);
    }

    script(text: string, options: RunOptions = {}): Promise<string> {
        this.#spawned++;
        return cockpitScript(text, [], {
            superuser: options.superuser ?? null,
            err: "message",
            environ: [...BASE_ENVIRON, ...(options.environ ?? [])],
        });
    }

    async readFile(path: string, options: RunOptions = {}): Promise<string | null> {
        const handle = file(path, { superuser: options.superuser ?? null });
        try {
            return await handle.read();
        } finally {
            handle.close();
        }
    }
}

let shared: Machine | null = null;

/** The page's Machine (created on first use). */
export function machine(): Machine {
    if (!shared)
        shared = new CockpitMachine();
    return shared;
}
