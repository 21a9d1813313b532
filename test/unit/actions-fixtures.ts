// Inputs for the planner tests (test/unit/actions-*.test.ts): the lab's recorded scenarios
// (test/fixtures/<name>, see fixtures.ts) as layouts, the HostFacts those hosts report (from
// the recorded /proc/cmdline, uname -r and findmnt), and edge cases derived from the recorded rows
// by changing only names, tags, flags and the boot probe.

import { DEFAULT_POLICY } from "../../src/model/policy.ts";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { unchangedStep } from "../../src/model/actions/preconditions.ts";
import { isRefusal, type HostFacts, type Refusal } from "../../src/model/actions/types.ts";
import { renderScript, renderUndoScript, type Plan } from "../../src/model/plan.ts";
import { discover } from "../../src/model/layout.ts";
import type { Layout, RawInventory } from "../../src/model/types.ts";
import { mountinfoOf, loadScenario, lvmReport, readFixture, reportRows, type Row } from "./fixtures.ts";

export const VG = "nodevg";
export const KVER = readFixture("node", "uname-r").trim();
/** The health program the host side gives the planners (HostFacts.healthProgram). */
export const HEALTH_PROGRAM = readFileSync(new URL("../../src/host/scripts/imgbased-health.sh", import.meta.url), "utf8");

/**
 * two-bases: 12.0-1 with +1 (booted) and +2, 12.1-1 with +1 (the default: an upgrade not yet
 * rebooted), a foreign "scratch" LV. two-bases-rebooted: the same after the reboot into 12.1-1+1.
 * node: one base, one booted default layer.
 */
export type Scenario = "node" | "two-bases" | "two-bases-rebooted";

export function layoutOf(raw: RawInventory): Layout {
    const d = discover(raw);
    assert.equal(d.kind, "layout");
    return (d as { layout: Layout }).layout;
}

export function scenario(name: Scenario): Layout {
    return layoutOf(loadScenario(name));
}

/** The recorded rows of a scenario, to derive edge cases from. */
export function scenarioRows(name: Scenario): Row[] {
    return reportRows(readFixture(name, "lvs.json"), "lv");
}

/** A scenario with changed rows (and optionally another booted root or boot probe). */
export function derived(name: Scenario, change: (rows: Row[]) => Row[], opts: { root?: string; boot?: string } = {}): Layout {
    const raw = loadScenario(name);
    return layoutOf({
        ...raw,
        lvs: lvmReport("lv", change(scenarioRows(name))),
        mountinfo: opts.root ? mountinfoOf(opts.root) : raw.mountinfo,
        boot: opts.boot ?? raw.boot,
    });
}

/** Changes the row of one LV. */
export function patch(name: string, fields: Row): (rows: Row[]) => Row[] {
    return rows => rows.map(r => r.lv_name === name ? { ...r, ...fields } : r);
}

/** A copy of the row of `like` under another name (a layer's origin follows its name). */
export function cloneRow(rows: Row[], like: string, name: string, fields: Row = {}): Row {
    const row = rows.find(r => r.lv_name === like)!;
    const origin = /\+\d+$/.test(name) ? name.replace(/\+\d+$/, "") : row.origin!;
    return { ...row, lv_name: name, lv_full_name: `${VG}/${name}`, lv_path: `/dev/${VG}/${name}`, origin, lv_uuid: `derived-${name}`, ...fields };
}

/**
 * The kernel copies the scenario's entries name, plus the distribution's own /boot/vmlinuz-V and
 * initrd: a host would list these with `find /boot -maxdepth 2 -type f -printf '%s %p\n'` (not
 * recorded yet, so derived from the recorded entries).
 */
export function bootFilesOf(layout: Layout): Record<string, number> {
    const files: Record<string, number> = { [`/boot/vmlinuz-${KVER}`]: 8_000_000, [`/boot/initrd.img-${KVER}`]: 30_000_000 };
    for (const entry of layout.boot.entries) {
        files[`/boot${entry.linux}`] = 8_000_000;
        files[`/boot${entry.initrd}`] = 30_000_000;
    }
    return files;
}

/** The facts the recorded host reports: its /proc/cmdline, kernel, root and /boot mounts. */
export function scenarioFacts(name: Scenario, layout: Layout, over: Partial<HostFacts> = {}): HostFacts {
    const root = JSON.parse(readFixture(name, "findmnt.json")).filesystems[0];
    const boot = JSON.parse(readFixture(name, "findmnt-boot.json")).filesystems[0];
    const kver = readFixture(name, "uname-r").trim();
    return {
        cmdline: readFixture(name, "proc-cmdline").trim(),
        rootFsType: root.fstype,
        boot: { dir: boot.target, separate: boot.target === "/boot", fsType: boot.fstype, onThinLv: false, freeBytes: boot.avail },
        kernel: { version: kver, vmlinuz: `/boot/vmlinuz-${kver}`, initrd: `/boot/initrd.img-${kver}` },
        bootFiles: bootFilesOf(layout),
        policy: DEFAULT_POLICY,
        healthProgram: HEALTH_PROGRAM,
        ...over,
    };
}

export function refusedCodes(result: unknown): string[] {
    assert.ok(isRefusal(result), `expected a refusal, got ${JSON.stringify(result).slice(0, 300)}`);
    return (result as Refusal).reasons.map(r => r.code);
}

/** The value, asserted not to be a refusal. */
export function planned<T>(result: T | Refusal): T {
    assert.ok(!isRefusal(result), `refused: ${JSON.stringify(isRefusal(result) ? result.reasons : null)}`);
    return result as T;
}

/**
 * A plan made from `layout`, asserted not to be a refusal and to begin with the check that the
 * host is still as `layout` says (preconditions.ts); returned without that step, so that the
 * tests look at the action's own steps.
 */
export function plannedFrom<T extends Plan>(layout: Layout, result: T | Refusal): T {
    const plan = planned(result);
    assert.deepEqual(plan.steps[0], unchangedStep(layout), "the plan first checks what it assumed");
    return { ...plan, steps: plan.steps.slice(1) };
}

/**
 * shellcheck (warnings and errors; its notes are style) on everything of `plan` that a shell
 * reads: the job script, its recovery script and each `sh -c` script of a step, its undo or its
 * cleanup. The shell in TS strings is read by no linter otherwise.
 */
export function assertShellcheckClean(plan: Plan): void {
    const dir = mkdtempSync(join(tmpdir(), "imgbased-shellcheck-"));
    try {
        const files: [string, string][] = [["job.sh", renderScript(plan)], ["recovery.sh", renderUndoScript(plan)]];
        for (const step of plan.steps)
            [step.argv, ...(step.undo ?? []), ...(step.cleanupOnFailure ?? [])]
                .filter(argv => argv[0] === "sh" && argv[1] === "-c")
                .forEach((argv, i) => files.push([`${step.id}-${i}.sh`, argv[2]!]));
        for (const [name, text] of files)
            writeFileSync(join(dir, name), text);
        const r = spawnSync("shellcheck", ["-s", "sh", "-S", "warning", "-f", "gcc", ...files.map(([name]) => name)], { cwd: dir, encoding: "utf8" });
        assert.equal(r.error, undefined, "shellcheck runs (host-deps installs it)");
        assert.equal(r.stdout + r.stderr, "", `shellcheck on plan ${plan.action}`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** A command as the tests compare it: a `sh -c` script shown by its positional arguments only. */
export function shown(argv: string[]): string[] {
    return argv[0] === "sh" ? ["sh", ...argv.slice(4)] : argv;
}

/** "/dev/VG/LV" of a layer, as root= and fstab name it. */
export function dev(lv: string): string {
    return `/dev/${VG}/${lv}`;
}
