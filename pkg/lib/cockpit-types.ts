// The subset of Cockpit's page API (window.cockpit, from ../base1/cockpit.js) that we use,
// typed from Cockpit's documentation and measured on Cockpit 287. No npm package ships these
// typings and we do not copy cockpit's own, so this file lists only what we call.

/** Options of cockpit.spawn() and cockpit.script(). */
export interface CockpitSpawnOptions {
    /** "require": run as root or fail; "try": root if the session has admin access, else the user. */
    superuser?: "require" | "try" | null;
    /** "message": stderr becomes the error's message (and the 2nd argument on success). */
    err?: "out" | "ignore" | "message";
    /** Extra environment variables, "NAME=value". */
    environ?: string[];
    directory?: string;
    /** Output as Uint8Array chunks instead of UTF-8 text (for bytes that need not be text). */
    binary?: boolean;
}

/** The rejection value of a failed process (cockpit-error.adoc). */
export interface CockpitProcessFailure {
    /** Null when the process ran and exited non-zero; else a code such as "not-found", "access-denied". */
    problem: string | null;
    /** -1 when the process did not run (measured on 287; the docs say null). */
    exit_status: number | null;
    exit_signal: number | null;
    message: string;
}

/** The promise-like handle that cockpit.spawn() returns. */
export interface CockpitProcess extends Promise<string> {
    /** With a stream callback the output is not buffered: the promise resolves to nothing. */
    stream(callback: (data: string) => void): CockpitProcess;
    input(data?: string, stream?: boolean): CockpitProcess;
    close(problem?: string): void;
}

export interface CockpitFileOptions {
    superuser?: "require" | "try" | null;
    max_read_size?: number;
}

export interface CockpitFileWatchHandle {
    remove(): void;
}

export interface CockpitFile {
    /** Resolves to null when the file does not exist. */
    read(): Promise<string | null>;
    /** Atomic replace; rejects when expectedTag is given and the file changed meanwhile. */
    replace(content: string | null, expectedTag?: string): Promise<string>;
    watch(callback: (content: string | null, tag: string | null, error?: CockpitProcessFailure) => void,
          options?: { read?: boolean }): CockpitFileWatchHandle;
    close(): void;
}

export interface CockpitUserInfo {
    id: number;
    name: string;
    full_name: string;
    groups: string[];
    home: string;
    shell: string;
}

export interface CockpitLocation {
    path: string[];
    options: Record<string, string | string[]>;
    href: string;
    go(path: string[] | string, options?: Record<string, string | string[]>): void;
    replace(path: string[] | string, options?: Record<string, string | string[]>): void;
}

export interface CockpitDBusProxy {
    valid: boolean;
    wait(): Promise<void>;
    addEventListener(event: "changed", listener: (event: Event, changed: Record<string, unknown>) => void): void;
    removeEventListener(event: "changed", listener: (event: Event, changed: Record<string, unknown>) => void): void;
    [property: string]: unknown;
}

export interface CockpitDBusClient {
    proxy(iface: string, path: string): CockpitDBusProxy;
    close(problem?: string): void;
}

export interface CockpitDBusOptions {
    bus?: "system" | "session" | "internal" | "none";
    superuser?: "require" | "try" | null;
}

/** cockpit.transport: the page's channel to the shell and the bridge. */
export interface CockpitTransport {
    /** Sends a control message, e.g. "notify" with { page_status } to the shell. */
    control(command: string, options: Record<string, unknown>): void;
}

export type CockpitEventName = "visibilitychange" | "locationchanged";

/** window.cockpit, as far as we use it. */
export interface Cockpit {
    spawn(argv: string[], options?: CockpitSpawnOptions): CockpitProcess;
    script(script: string, args?: string[], options?: CockpitSpawnOptions): CockpitProcess;
    file(path: string, options?: CockpitFileOptions): CockpitFile;
    dbus(name: string | null, options?: CockpitDBusOptions): CockpitDBusClient;
    user(): Promise<CockpitUserInfo>;
    gettext(message: string): string;
    gettext(context: string, message: string): string;
    ngettext(singular: string, plural: string, n: number): string;
    format(template: string, ...args: unknown[]): string;
    message(problem: unknown): string;
    readonly language: string;
    location: CockpitLocation;
    readonly transport: CockpitTransport;
    readonly hidden: boolean;
    addEventListener(event: CockpitEventName, listener: () => void): void;
    removeEventListener(event: CockpitEventName, listener: () => void): void;
}

declare global {
    interface Window {
        cockpit?: Cockpit;
    }
}
