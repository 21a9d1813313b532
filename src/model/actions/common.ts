// Checks and plumbing every planner shares.

import { POOL_DANGER_PERCENT } from "../layout.ts";
import { validatePlan, type Plan, type Step } from "../plan.ts";
import type { Layout } from "../types.ts";
import { unchangedStep } from "./preconditions.ts";
import type { ActionName, Reasons } from "./types.ts";

/**
 * Room /boot keeps beyond the copied files: grub.cfg, grubenv and entry rewrites go through temp
 * files, and a full /boot breaks kernel updates (imgbased's rhbz#1533931).
 */
export const BOOT_MARGIN_BYTES = 32 * 1024 * 1024;

/**
 * A validated plan: a planner never hands out one that renderScript() would throw on. A plan made
 * from a layout (`assumed`) first checks that the host still is as that layout says.
 */
export function makePlan(id: string, action: ActionName, title: string, steps: Step[], assumed?: Layout): Plan {
    const plan = { id, action, title, steps: assumed ? [unchangedStep(assumed), ...steps] : steps };
    validatePlan(plan);
    return plan;
}

/** A pool this full must not get new volumes: thin pools that run out of space corrupt data. */
export function checkPool(reasons: Reasons, pool: { dataPercent: number | null; metadataPercent: number | null } | null): void {
    for (const percent of [pool?.dataPercent, pool?.metadataPercent]) {
        if (percent != null && percent >= POOL_DANGER_PERCENT) {
            reasons.add("pool-full", { percent });
            return;
        }
    }
}

/**
 * The files to copy must exist (their sizes are known) and fit on the boot filesystem with the
 * margin. Returns their total size.
 */
export function checkBootCopy(reasons: Reasons, files: string[], bootFiles: Record<string, number>, freeBytes: number): number {
    let total = 0;
    for (const path of files) {
        const size = bootFiles[path];
        if (size === undefined)
            reasons.add("kernel-missing", { path });
        else
            total += size;
    }
    const needed = total + BOOT_MARGIN_BYTES;
    if (freeBytes < needed)
        reasons.add("boot-space", { needed, free: freeBytes });
    return total;
}
