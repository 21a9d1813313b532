// Reads everything one refresh needs from the host: one `lvs` process and a few file reads,
// started together, whatever the number of LVs (lvs reports all of them in one JSON document),
// a second process only for the empty state or a boot loader other than Debian's GRUB (see
// readInventory). The outputs go to
// the model untouched (src/model/layout.ts discover()); failures become one typed InventoryError
// the page can explain (missing LVM tools, no permission, LVM's own message, unparsable output).
import type { Discovery, RawInventory } from "../model/types.ts";
import { LVS_FIELDS, LVS_VG_FIELDS, VGS_FIELDS } from "../model/lvm.ts";
import { discover, needsVgs } from "../model/layout.ts";
import { BOOT_FILES, EFI_MARKER, nextBootReads, probeTextOfFiles, SYSTEMD_BOOT_MARKER } from "../model/boot-files.ts";
import { MOUNTINFO_PATH } from "../model/mountinfo.ts";
import { BOOT_PROBE_SCRIPT } from "./boot-probe.ts";
import { ProcessError, type Machine, type RunOptions } from "./machine.ts";

export type InventoryErrorReason = "lvm-missing" | "permission" | "lvs-failed" | "parse";

/** Why a refresh could not produce a layout. `detail` is the tool's own message, verbatim. */
export class InventoryError extends Error {
    readonly reason: InventoryErrorReason;
    /** The command that failed ("lvs", "vgs", "findmnt", "boot-probe"), or "discover" for parse errors. */
    readonly command: string;
    readonly detail: string;
    readonly exitStatus: number | null;
    readonly problem: string | null;

    constructor(reason: InventoryErrorReason, command: string, detail: string,
                extra: { exitStatus?: number | null; problem?: string | null; cause?: unknown } = {}) {
        super(`${command}: ${detail.trim() || reason}`, { cause: extra.cause });
        this.name = "InventoryError";
        this.reason = reason;
        this.command = command;
        this.detail = detail;
        this.exitStatus = extra.exitStatus ?? null;
        this.problem = extra.problem ?? null;
    }
}

const LVM_REPORT = ["--reportformat", "json", "--units", "b", "--nosuffix"];

const fieldList = (fields: string | readonly string[]) => typeof fields === "string" ? fields : fields.join(",");

/** The argvs of one refresh (exported for tests and the benchmark). */
export function inventoryCommands(): { lvs: string[]; vgs: string[] } {
    return {
        lvs: ["lvs", ...LVM_REPORT, "-a", "-o", fieldList([...LVS_FIELDS, ...LVS_VG_FIELDS])],
        vgs: ["vgs", ...LVM_REPORT, "-o", fieldList(VGS_FIELDS)],
    };
}

const RUN: RunOptions = { superuser: "try" };
// Files anyone may read are read by the session's own bridge: through the administrative one
// every read takes a second hop (measured: the page's read took 0.6 s beside a 0.37 s lvs).
const AS_USER: RunOptions = { superuser: null };

// LVM run by a non-root user: "WARNING: Running as a non-root user. Functionality may be
// unavailable." then "/run/lock/lvm/P_global:aux: open failed: Permission denied".
const PERMISSION_RE = /permission denied|non-root user|must be root|access denied|not permitted/i;

function classify(command: string, ex: unknown): InventoryError {
    if (ex instanceof InventoryError)
        return ex;
    if (!(ex instanceof ProcessError))
        return new InventoryError("lvs-failed", command, ex instanceof Error ? ex.message : String(ex), { cause: ex });
    const extra = { exitStatus: ex.exitStatus, problem: ex.problem, cause: ex };
    const detail = ex.message;
    const isLvm = command === "lvs" || command === "vgs";
    if (isLvm && (ex.problem === "not-found" || ex.exitStatus === 127))
        return new InventoryError("lvm-missing", command, detail, extra);
    if (ex.problem === "access-denied" || ex.problem === "authentication-failed" ||
        (isLvm && PERMISSION_RE.test(detail)))
        return new InventoryError("permission", command, detail, extra);
    return new InventoryError("lvs-failed", command, detail, extra);
}

const PRIORITY: InventoryErrorReason[] = ["lvm-missing", "permission", "lvs-failed", "parse"];

/**
 * Reads what one refresh needs, all at once: `lvs` (one process, with its VGs' fields), the mount
 * table and the boot files through Cockpit's bridge (no process); `vgs` only when the lvs report
 * has no tagged VG (the empty state lists every VG), and the boot probe script only where the
 * boot files do not tell the loader (src/model/boot-files.ts). On a one-CPU node under TCG every
 * process cost 50-500 ms of the same CPU the lvs needs: the page opened at 3.3x one lvs with
 * four processes, and each extra LVM scan (vgs) cost as much as the lvs itself. Rejects with the
 * most telling InventoryError when any part fails (all are awaited, so nothing is left running).
 */
export async function readInventory(machine: Machine): Promise<RawInventory> {
    const cmds = inventoryCommands();
    const lvs = machine.run(cmds.lvs, RUN);
    // On the frame's timeline, for `make bench BENCH=page`'s account of where an open waits.
    const mark = <T>(name: string, p: Promise<T>) => p.finally(() => performance.mark(`imgbased:${name}`));
    void mark("lvs-read", lvs).catch(() => {});
    // A report that does not parse is discover()'s to explain, as an lvs parse error.
    const vgs = lvs.then(out => { try { return needsVgs(out) } catch { return false } }, () => false)
        .then(needed => needed ? machine.run(cmds.vgs, RUN) : null);
    const jobs: [string, Promise<string | null>][] = [
        ["lvs", lvs],
        ["vgs", vgs],
        ["mountinfo", mark("mountinfo-read", machine.readFile(MOUNTINFO_PATH, AS_USER))],
        ["boot-probe", mark("boot-read", readBoot(machine))],
    ];
    const results = await Promise.allSettled(jobs.map(([, p]) => p));
    const errors: InventoryError[] = [];
    const out: (string | null)[] = [];
    results.forEach((r, i) => {
        if (r.status === "fulfilled")
            out.push(r.value);
        else
            errors.push(classify(jobs[i]![0], r.reason));
    });
    if (errors.length) {
        errors.sort((a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason));
        throw errors[0];
    }
    const [lvsOut, vgsOut, mountinfo, boot] = out as [string, string | null, string | null, string];
    return { lvs: lvsOut, vgs: vgsOut, mountinfo: mountinfo ?? "", boot };
}

/**
 * The boot probe's output: assembled from file reads where they tell the loader, else from the
 * probe script. A file that cannot be read counts as absent, as the probe skips unreadable ones.
 * Debian's GRUB files are world-readable: each is read as the user first, and only where that is
 * refused (Fedora keeps grub.cfg 0600) again with administrative access.
 */
async function readBoot(machine: Machine): Promise<string> {
    const read = (path: string) => machine.readFile(path, AS_USER)
        .catch(() => machine.readFile(path, RUN))
        .catch(() => null);
    const [contents, efi] = await Promise.all([
        Promise.all(BOOT_FILES.map(read)),
        read(EFI_MARKER).then(text => text !== null),
    ]);
    // Unsure (a read that failed for another reason than absence) counts as systemd-boot's.
    const systemdBooted = efi && await machine.readFile(SYSTEMD_BOOT_MARKER, AS_USER).then(text => text !== null, () => true);
    const files = new Map(BOOT_FILES.map((path, i) => [path, contents[i] ?? null]));
    const next = nextBootReads(files, efi, systemdBooted);
    if (next.probe)
        return machine.script(BOOT_PROBE_SCRIPT, RUN);
    const entries = await Promise.all(next.entries.map(read));
    return probeTextOfFiles(files, efi, new Map(next.entries.map((path, i) => [path, entries[i] ?? null])));
}

/** Turns raw outputs into a Discovery; anything the model cannot understand is a "parse" error. */
export function discoverInventory(raw: RawInventory): Discovery {
    try {
        return discover(raw);
    } catch (ex) {
        throw new InventoryError("parse", "discover", ex instanceof Error ? ex.message : String(ex), { cause: ex });
    }
}

/** One whole refresh: read and discover. Rejects with InventoryError only. */
export async function loadDiscovery(machine: Machine): Promise<Discovery> {
    return discoverInventory(await readInventory(machine));
}
