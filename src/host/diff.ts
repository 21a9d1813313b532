// Runs the diff program (scripts/imgbased-diff.sh) on the host and hands its output to the
// model. Each call is one process: it shows both trees read-only in a mount namespace of its
// own, answers, and cleans up, whether it ends, fails or is killed (page closed, cancelled).
import { RPM_QUERY_FORMAT } from "../model/diff/packages.ts";
import { DEFAULT_JOB_PATHS } from "../model/plan.ts";
import { parseDiffFailure, type DiffFailure } from "../model/diff/errors.ts";
import { NOISE_CONFIG_PATH, noisePatterns } from "../model/diff/noise.ts";
import { printfEscape } from "../model/diff/paths.ts";
import { parseDiffStream, type DiffStream } from "../model/diff/stream.ts";
import { bytesToBinary } from "../model/nul-records.ts";
import { parseHashRecords, type FileHash } from "../model/upgrade/file-hashes.ts";
import { ProcessError, type Machine } from "./machine.ts";
import DIFF_SCRIPT from "./scripts/imgbased-diff.sh";
import TREE_FILE from "./scripts/tree-file.sh";

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
export function diffArgv(op: "list" | "packages" | "read" | "hashes", old: string, current: string, ...args: string[]): string[] {
    return ["unshare", "-m", "--propagation", "private", "bash", "-c", `${TREE_FILE}\n${DIFF_SCRIPT}`, "imgbased-diff", op, old, current, ...args];
}

/** The list op's output is gzip (see the script); browsers and Node both have DecompressionStream. */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function run(machine: Machine, argv: string[], call: DiffCall): Promise<Uint8Array> {
    try {
        return await machine.runBinary(argv, {
            superuser: "require",
            // The jobs' lock, from the one place that names it: a base a job changes is not read.
            environ: [`READ_LIMIT=${READ_LIMIT}`, `RPM_QF=${RPM_QUERY_FORMAT}`,
                      `JOB_LOCK=${DEFAULT_JOB_PATHS.lockPath}`, `JOB_CURRENT=${DEFAULT_JOB_PATHS.currentPath}`],
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
}

async function call(machine: Machine, argv: string[], options: DiffCall, gzipped = false): Promise<DiffStream> {
    const bytes = await run(machine, argv, options);
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

/** Each file's sha256 (paths relative to the roots, binary strings) in both trees. */
export async function hashTreeFiles(machine: Machine, old: string, current: string, paths: readonly string[],
                                    options: DiffCall = {}): Promise<{ old: FileHash[]; new: FileHash[] }> {
    if (paths.length === 0)
        return { old: [], new: [] };
    const out = await run(machine, diffArgv("hashes", old, current, ...paths.map(printfEscape)), options);
    return parseHashRecords(bytesToBinary(out), paths.length, ["old", "new"]);
}

/** The "hide noise" patterns in force: the built-in list and the admin's diff-noise.conf. */
export async function readNoise(machine: Machine): Promise<readonly string[]> {
    return noisePatterns(await machine.readFile(NOISE_CONFIG_PATH, { superuser: "try" })).patterns;
}
