// What the planners of src/model/actions/ take and give: the facts the host collects beside the
// inventory, the refusal the view translates, and the arguments every action shares.

import type { ImagePolicy } from "../policy.ts";
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
}

/** initialize() also needs what a host without a layout has: the LVs and the OS name. */
export interface InitFacts extends HostFacts {
    /** All LVs (`lvs` as the inventory reads it): the root's VG, pool and name collisions. */
    lvs: LvRecord[];
    /** /etc/os-release ID and VERSION_ID (null when absent, as on Debian testing). */
    osRelease: { id: string; versionId: string | null };
}

/** Every planner needs a fresh job id (Plan.id): the unit, its journal and mount points use it. */
export interface ActionArgs {
    jobId: string;
}

export type RefusalCode =
    | "unknown-backend"
    | "not-found"
    | "base-missing"
    | "name-invalid"
    | "name-taken"
    | "pool-full"
    | "boot-space"
    | "kernel-missing"
    | "no-entry"
    | "already-default"
    | "default-not-saved"
    | "already-next"
    | "booted"
    | "default"
    | "next-boot"
    | "pinned"
    | "last-bootable"
    | "layer-read-only"
    | "layer-skips-activation"
    | "no-older-layer"
    | "already-pinned"
    | "not-pinned"
    | "invalid-retention"
    | "layout-exists"
    | "root-not-lvm"
    | "root-not-thin"
    | "root-fs-unsupported"
    | "boot-not-separate"
    | "boot-on-thin"
    | "stale-tags"
    | "os-release-invalid"
    | "persist-invalid"
    | "persist-unchecked"
    | "persist-symlink"
    | "persist-unchanged"
    | "checksum-mismatch"
    | "image-no-kernel"
    | "image-unopened"
    | "image-path-invalid"
    | "image-writable"
    | "pool-too-small"
    | "signature-bad"
    | "signature-unknown-key"
    | "signature-missing"
    | "signature-no-keyring"
    | "signature-error"
    | "signature-required"
    | "policy-unchanged";

export interface RefusalReason {
    code: RefusalCode;
    /** Names and numbers the message needs ({ name }, { needed, free }, ...). */
    params?: Record<string, string | number>;
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
export function refuse(code: RefusalCode, params?: RefusalReason["params"]): Refusal {
    return refusal([params ? { code, params } : { code }]);
}

export function isRefusal(value: unknown): value is Refusal {
    return typeof value === "object" && value !== null && (value as { refused?: unknown }).refused === true;
}

/** Collects the reasons of a refusal while the checks run. */
export class Reasons {
    readonly list: RefusalReason[] = [];

    add(code: RefusalCode, params?: RefusalReason["params"]): void {
        this.list.push(params ? { code, params } : { code });
    }

    get any(): boolean {
        return this.list.length > 0;
    }

    refusal(): Refusal {
        return refusal(this.list);
    }
}
