// The one narrow interface through which host code reaches the machine. Everything in src/host
// takes a Machine instead of calling cockpit directly, so tests and benchmarks can pass a fake
// that answers from recorded fixtures or a machine over ssh, and run the product's own code. The
// page's one Machine is a CockpitMachine, the only code that calls cockpit's spawn, script and
// file; the views reach it through MachineContext (views/machine-context.ts).
import { ProcessError, cockpit, file, script as cockpitScript, spawn, spawnBinary, type CockpitSpawnOptions } from "../../pkg/lib/cockpit.ts";

export { ProcessError };

export interface RunOptions {
    /** "try": as root when the session has admin access, else as the user. */
    superuser?: "require" | "try" | null;
    /** Extra environment, "NAME=value" (LC_ALL=C is always set so tools print untranslated output). */
    environ?: string[];
}

export interface FollowOptions extends RunOptions {
    /** The process failed, with what cockpit.spawn() rejected with (not called after close()). */
    onError?: (failure: unknown) => void;
}

/** A followed process: close() ends it. */
export interface Follower {
    close(): void;
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
    /**
     * Runs argv and hands its stdout to `onText` as it arrives, in chunks that need not end at a
     * line, until it exits or close() kills it (a `--follow` that never exits by itself).
     */
    follow(argv: readonly string[], onText: (text: string) => void, options?: FollowOptions): Follower;
    /** Reads a file; null when it does not exist. */
    readFile(path: string, options?: RunOptions): Promise<string | null>;
    /**
     * Replaces a file atomically: a temporary file beside it gets the content and is renamed over
     * it, so a reader finds the old content or all of the new, never a part. (Cockpit's
     * fsreplace1 channel, as the job runner wrote its scripts before: it does not fsync.)
     */
    writeFile(path: string, content: string, options?: RunOptions): Promise<void>;
}

/** Always in the environment of what we run: we parse output and match LVM's English messages. */
export const BASE_ENVIRON = ["LC_ALL=C"];

function spawnOptions(options: RunOptions): CockpitSpawnOptions {
    return {
        superuser: options.superuser ?? null,
        err: "message",
        environ: [...BASE_ENVIRON, ...(options.environ ?? [])],
    };
}

/** The Machine that talks to the real host through Cockpit. */
export class CockpitMachine implements Machine {
    run(argv: readonly string[], options: RunOptions = {}): Promise<string> {
        return spawn(argv, spawnOptions(options));
    }

    runBinary(argv: readonly string[], options: RunOptions & { onData?: (bytes: number) => void; signal?: AbortSignal } = {}): Promise<Uint8Array> {
        return spawnBinary(argv, spawnOptions(options), options.onData, options.signal);
    }

    script(text: string, options: RunOptions = {}): Promise<string> {
        return cockpitScript(text, [], spawnOptions(options));
    }

    follow(argv: readonly string[], onText: (text: string) => void, options: FollowOptions = {}): Follower {
        let closed = false;
        // pkg/lib's spawn() resolves at exit only; following needs the raw process's stream().
        const process = cockpit().spawn([...argv], spawnOptions(options));
        process.stream(onText);
        process.then(() => {}, (failure: unknown) => {
            if (!closed)
                options.onError?.(failure);
        });
        return {
            close() {
                closed = true;
                process.close();
            },
        };
    }

    async readFile(path: string, options: RunOptions = {}): Promise<string | null> {
        const handle = file(path, { superuser: options.superuser ?? null });
        try {
            return await handle.read();
        } finally {
            handle.close();
        }
    }

    async writeFile(path: string, content: string, options: RunOptions = {}): Promise<void> {
        const handle = file(path, { superuser: options.superuser ?? null });
        try {
            await handle.replace(content);
        } finally {
            handle.close();
        }
    }
}
