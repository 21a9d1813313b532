// The LV and filesystem half of a new layer (research/imgbased.md §3.4), shared by addLayer and
// initialize: a writable thin snapshot of the base that the initramfs activates, with a
// filesystem UUID of its own and an fstab that mounts it as "/".

import { TAGS } from "../layout.ts";
import { isValidLvName, layerName } from "../nvr.ts";
import type { Step } from "../plan.ts";
import {
    activateStep, ext4FreshUuidSteps, fstabRootStep, jobMountPoint, mountStep, snapshotStep, unmountStep, xfsFreshUuidStep,
    type FreshUuidMethod,
} from "./lv-steps.ts";
import { healthInstallStep } from "./health-steps.ts";
import type { HostFacts, Reasons } from "./types.ts";

/** A new LV must have a name LVM takes and no LV of the VG has; the reasons say which failed. */
export function checkNewLvName(reasons: Reasons, name: string, taken: Iterable<string>): void {
    if (!isValidLvName(name))
        reasons.add("name-invalid", { name });
    else if ([...taken].includes(name))
        reasons.add("name-taken", { name });
}

/** The next layer of a base: one above its highest index (never reusing a lower free one). */
export function nextLayerName(base: string, indexes: number[]): string {
    return layerName(base, Math.max(0, ...indexes) + 1);
}

/**
 * `inLayer(mountPoint)`: steps that change files in the new layer while it is mounted;
 * `fstabFrom`: the fstab the layer's is made from (default: its own). Every layer gets the
 * health checks (health-steps.ts) from `facts`.
 */
export function newLayerSteps(p: {
    vg: string; base: string; layer: string; fs: FreshUuidMethod; jobId: string; facts: HostFacts;
    inLayer?: (mnt: string) => Step[]; fstabFrom?: string;
}): Step[] {
    const lv = `${p.vg}/${p.layer}`;
    const dev = `/dev/${lv}`;
    const mnt = jobMountPoint(p.jobId);
    const create = snapshotStep("layer-create", `Create layer ${p.layer} as a thin snapshot of ${p.base}`, p.vg, p.base, p.layer,
        { tag: TAGS.layer, skipActivation: false, jobId: p.jobId });
    const activate = activateStep("layer-activate", `Activate ${lv}`, lv);
    const mount = (options: string) => mountStep("layer-mount", `Mount ${dev} on ${mnt}`, dev, mnt, options);
    // The health checks after what inLayer carries: a kept /etc/systemd must not bring back an
    // older unit over the one this job installs.
    const edits = [
        fstabRootStep(mnt, dev, p.fs, p.fstabFrom), ...(p.inLayer?.(mnt) ?? []), healthInstallStep(mnt, p.facts.healthProgram, p.facts.boot.dir),
    ];
    const unmount = unmountStep("layer-unmount", `Unmount ${mnt}`, mnt);
    return p.fs === "ext4"
        ? [create, activate, ...ext4FreshUuidSteps(dev), mount(""), ...edits, unmount]
        : [create, activate, mount("nouuid"), ...edits, unmount, xfsFreshUuidStep(dev)];
}
