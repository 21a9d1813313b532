// What the planners of src/model/actions/ take and give: the facts the host collects beside the
// inventory, the refusal the view translates, and the arguments every action shares.

import type { PersistProblemCode } from "../persist.ts";
import type { ImagePolicy } from "../policy.ts";
import type { ImageWriter } from "../upgrade/image-writers.ts";
import type { SignatureResult } from "../upgrade/signature.ts";
import type { LvRecord } from "../types.ts";

/** The filesystem the boot loader reads entries and kernels from. */
export interface BootFsFacts {
    /**
     * Its directory on the host: "/boot" for GRUB; for systemd-boot the ESP or XBOOTLDR mount
     * ("/efi", "/boot/efi", "/boot"). Entries are in `<dir>/loader/entries/`, a layer's kernel
     * and initramfs in `<dir>/<layer>/`.
     */
    dir: string;
    /** `dir` is the root of its own filesystem (`findmnt -n -o TARGET --target DIR` is DIR). */
    separate: boolean;
    /** `findmnt -n -o FSTYPE --target DIR`. */
    fsType: string;
    /** The filesystem is on an LVM thin LV: GRUB cannot read it (vm-lab P11). */
    onThinLv: boolean;
    /** `df -B1 --output=avail DIR`. */
    freeBytes: number;
}

/**
 * What the host collects for the planners, besides the inventory. All of it is read, nothing is
 * guessed: the lead's host side fills it in (src/host/).
 */
export interface HostFacts {
    /** /proc/cmdline: the options of the running system, used when the booted layer has no entry. */
    cmdline: string;
    /** `findmnt -n -o FSTYPE /`: how a snapshot gets a fresh filesystem UUID (ext4, xfs). */
    rootFsType: string;
    boot: BootFsFacts;
    /**
     * The running kernel: `uname -r` and the host paths of its kernel and initramfs as the
     * distribution installs them (/boot/vmlinuz-V with /boot/initrd.img-V on Debian,
     * /boot/initramfs-V.img on Fedora). Used by initialize, and by addLayer when no entry of the
     * base names a kernel.
     */
    kernel: { version: string; vmlinuz: string; initrd: string };
    /**
     * Sizes in bytes of the files in `boot.dir` and one level below (`find DIR -maxdepth 2 -type f
     * -printf '%s %p\n'`), keyed by host path: which kernels exist, how much a copy needs, how much
     * a removal frees.
     */
    bootFiles: Record<string, number>;
    /** /etc/imgbased/policy.conf as read now (model/policy.ts). */
    policy: ImagePolicy;
    /**
     * The health program every new layer gets (actions/health-steps.ts): not read from the host
     * but the text this plugin ships (src/host/scripts/imgbased-health.sh), added by src/host.
     */
    healthProgram: string;
}

/** initialize() also needs what a host without a layout has: the LVs and the OS name. */
export interface InitFacts extends HostFacts {
    /** All LVs (`lvs` as the inventory reads it): the root's VG, pool and name collisions. */
    lvs: LvRecord[];
    /** /etc/os-release ID and VERSION_ID (null when absent, as on Debian testing). */
    osRelease: { id: string; versionId: string | null };
}

/**
 * What an admin can ask the host to do: a plan's `action`, and so the job's and the history's
 * name for it. The views open their dialogs by these names (plus "reboot", which is no plan).
 */
export type ActionName =
    | "initialize" | "add-layer" | "make-default" | "boot-once" | "rollback" | "remove-layer" | "remove-base"
    | "cleanup" | "pin" | "unpin" | "save-persist" | "set-policy" | "upgrade"
    | "try" | "accept-trial" | "give-up-trial";

/** Every planner needs a fresh job id (Plan.id): the unit, its journal and mount points use it. */
export interface ActionArgs {
    jobId: string;
}

/** A refusal whose message needs no names or numbers. */
type NoParams = null;
type Named = { name: string };
type ImagePath = { path: string };

/**
 * Every refusal code with the parameters its message needs (views/refusals.ts words them): one
 * place that says what a planner must give and what the view may read, checked by the compiler.
 */
export interface RefusalParams {
    "unknown-backend": NoParams;
    "not-found": Named;
    "base-missing": { base: string };
    "name-invalid": Named;
    "name-taken": Named;
    "pool-full": { percent: number };
    "boot-space": { needed: number; free: number };
    /** A kernel file that is gone (`path`), or no kernel known for a base at all (`base`). */
    "kernel-missing": { path: string } | { base: string };
    "no-entry": Named;
    "already-default": Named;
    /** `value`: GRUB_DEFAULT as it is in effect. */
    "default-not-saved": { value: string };
    /** `path`: the grub.cfg without load_env. */
    "grubenv-not-loaded": { path: string };
    "already-next": Named;
    /** Try was asked for the running layer: a trial boots another one. */
    "try-booted": Named;
    /** Accept now was asked for a trial whose layer is not the one running. */
    "trial-not-running": Named;
    /** No pending trial of this layer (decided or ended since the page read it). */
    "no-trial": Named;
    "booted": Named;
    "default": Named;
    "next-boot": Named;
    "pinned": Named;
    "last-bootable": NoParams;
    "layer-read-only": Named;
    "layer-skips-activation": Named;
    "no-older-layer": NoParams;
    "already-pinned": Named;
    "not-pinned": Named;
    "invalid-retention": { retention: number };
    "layout-exists": NoParams;
    "root-not-lvm": NoParams;
    "root-not-thin": { lv: string };
    "root-fs-unsupported": { fsType: string };
    "boot-not-separate": { dir: string };
    "boot-on-thin": { dir: string };
    /** `lvs`: their names, comma separated. */
    "stale-tags": { lvs: string };
    "os-release-invalid": NoParams;
    "persist-invalid": { pattern: string; problem: PersistProblemCode; detail: string };
    "persist-unchecked": { pattern: string };
    /** `path`, a prefix of `pattern`, is really `real`. */
    "persist-symlink": { pattern: string; path: string; real: string };
    "persist-unchanged": NoParams;
    "checksum-mismatch": { expected: string; actual: string };
    "image-no-kernel": NoParams;
    "image-unopened": NoParams;
    "image-path-invalid": ImagePath;
    "image-writable": ImageWriter;
    "pool-too-small": { needed: number; free: number; limit: number };
    "signature-bad": ImagePath & Omit<Extract<SignatureResult, { state: "bad" }>, "state">;
    "signature-unknown-key": ImagePath & { keyId: string; keyring: string };
    "signature-missing": ImagePath;
    "signature-no-keyring": ImagePath & { keyring: string };
    "signature-error": ImagePath & { detail: string };
    /** `problems`: why the policy file could not be read ("" when it says so itself). */
    "signature-required": { policy: string; keyring: string; problems: string };
    "policy-unchanged": NoParams;
}

export type RefusalCode = keyof RefusalParams;

/** One reason, keyed by its code: `params` is there exactly when the code's message needs it. */
export type RefusalReason = {
    [C in RefusalCode]: RefusalParams[C] extends null ? { code: C } : { code: C; params: RefusalParams[C] }
}[RefusalCode];

/** The arguments after the code: its parameters, or none. */
type ParamsArg<C extends RefusalCode> = RefusalParams[C] extends null ? [] : [params: RefusalParams[C]];

/** A reason from its code and parameters. */
export function reason<C extends RefusalCode>(code: C, ...params: ParamsArg<C>): RefusalReason {
    return (params.length ? { code, params: params[0] } : { code }) as RefusalReason;
}

/** Why an action cannot be planned; every reason found, not only the first. */
export interface Refusal {
    refused: true;
    reasons: RefusalReason[];
}

export function refusal(reasons: RefusalReason[]): Refusal {
    return { refused: true, reasons };
}

/** A refusal for one reason. */
export function refuse<C extends RefusalCode>(code: C, ...params: ParamsArg<C>): Refusal {
    return refusal([reason(code, ...params)]);
}

export function isRefusal(value: unknown): value is Refusal {
    return typeof value === "object" && value !== null && (value as { refused?: unknown }).refused === true;
}

/** Collects the reasons of a refusal while the checks run. */
export class Reasons {
    readonly list: RefusalReason[] = [];

    add<C extends RefusalCode>(code: C, ...params: ParamsArg<C>): void {
        this.list.push(reason(code, ...params));
    }

    /** A reason made elsewhere (an upgrade's failed pre-flight check). */
    addReason(r: RefusalReason): void {
        this.list.push(r);
    }

    get any(): boolean {
        return this.list.length > 0;
    }

    refusal(): Refusal {
        return refusal(this.list);
    }
}
