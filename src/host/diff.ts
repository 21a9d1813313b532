// Runs the diff program (scripts/imgbased-diff.sh) on the host and hands its output to the
// model. Each call is one process: it shows both trees read-only in a mount namespace of its
// own, answers, and cleans up, whether it ends, fails or is killed (page closed, cancelled).
import { RPM_QUERY_FORMAT } from "../model/diff/packages.ts";
import { parseDiffFailure, type DiffFailure } from "../model/diff/errors.ts";
import { printfEscape } from "../model/diff/paths.ts";
import { parseDiffStream, type DiffStream } from "../model/diff/stream.ts";
import { bytesToBinary } from "../model/nul-records.ts";
import { ProcessError, type Machine } from "./machine.ts";
import DIFF_SCRIPT from "./scripts/imgbased-diff.sh";

/** Bytes of a file's start that a content read returns (the content view shows at most this). */
export const READ_LIMIT = 2 * 1024 * 1024;

export class DiffError extends Error {
    readonly failure: DiffFailure;
    constructor(failure: DiffFailure, options?: { cause?: unknown }) {
        super(failure.detail || `${failure.code} ${failure.subject}`, options);
        this.name = "DiffError";
        this.failure = failure;
    }
}

export interface DiffCall {
    onData?: (bytes: number) => void;
    signal?: AbortSignal;
}

/** The argv of one call; old and new are "VG/LV". */
export function diffArgv(op: "list" | "packages" | "read", old: string, current: string, arg?: string): string[] {
    return ["unshare", "-m", "--propagation", "private", "bash", "-c", DIFF_SCRIPT, "imgbased-diff", op, old, current,
        ...(arg === undefined ? [] : [arg])];
}

/** The list op's output is gzip (see the script); browsers and Node both have DecompressionStream. */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function call(machine: Machine, argv: string[], call: DiffCall, gzipped = false): Promise<DiffStream> {
    let bytes: Uint8Array;
    try {
        bytes = await machine.runBinary(argv, {
            superuser: "require",
            environ: [`READ_LIMIT=${READ_LIMIT}`, `RPM_QF=${RPM_QUERY_FORMAT}`],
            onData: call.onData,
            signal: call.signal,
        });
    } catch (ex) {
        if (ex instanceof ProcessError) {
            const failure = ex.problem
                ? { code: "failed" as const, subject: ex.problem, detail: ex.message }
                : parseDiffFailure(ex.message);
            throw new DiffError(failure, { cause: ex });
        }
        throw ex;
    }
    return parseDiffStream(bytesToBinary(gzipped ? await gunzip(bytes) : bytes));
}

/** Both trees' listings. */
export function listTrees(machine: Machine, old: string, current: string, options: DiffCall = {}): Promise<DiffStream> {
    return call(machine, diffArgv("list", old, current), options, true);
}

/** One file (a path relative to the roots, binary string) from both trees. */
export function readFilePair(machine: Machine, old: string, current: string, path: string, options: DiffCall = {}): Promise<DiffStream> {
    return call(machine, diffArgv("read", old, current, printfEscape(path)), options);
}

/** Both trees' package databases. */
export function readPackages(machine: Machine, old: string, current: string, options: DiffCall = {}): Promise<DiffStream> {
    return call(machine, diffArgv("packages", old, current), options);
}
