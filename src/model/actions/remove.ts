// Remove layers and bases with their boot entries and kernel copies. A removed LV cannot come
// back, so the plan is ordered: every check before planning, then the steps that can still be
// undone (deactivate: proves the LV is not in use; make sure our GRUB snippet is there; hide the
// entries; regenerate the menu), and only then, last, the irreversible ones (lvremove; delete the
// kernel copies and hidden entries). lvremove is the point of no return: a kill or failure from
// there on is completed by the recovery, never undone (plan.ts), since the entries that undo
// would bring back would boot an LV that is gone.

import { entryIdForLayer } from "../boot-entry.ts";
import type { Plan, Step } from "../plan.ts";
import type { Base, Layer, Layout, LvRecord } from "../types.ts";
import { bootCommands, type BootCommands } from "./boot-commands.ts";
import { entryFilePath, grubIntegrationSteps, hideEntryStep, layerBootDir, menuRefreshStep } from "./boot-steps.ts";
import { makePlan } from "./common.ts";
import { deletePathsStep, hiddenPath } from "./file-steps.ts";
import { bootableLayers, findBase, findLayer, isPinned } from "./layout-query.ts";
import { deactivateStep, lvRemoveStep } from "./lv-steps.ts";
import { Reasons, refuse, type ActionArgs, type ActionName, type HostFacts, type Refusal } from "./types.ts";

/** A removal plan and what it frees. */
export type RemovalPlan = Plan & {
    /**
     * Pool space the removed LVs use (data% × size), an upper bound: blocks a layer still shares
     * with its base or a sibling stay in use.
     */
    freedBytes: number;
    /** LVs whose use LVM does not report (inactive thin LVs, such as bases): not in freedBytes. */
    freedUnknown: string[];
    /** Bytes of the kernel copies deleted from the boot filesystem. */
    bootFreedBytes: number;
};

export interface RemovalTargets {
    layers: Layer[];
    /** Bases whose LV goes too (their layers must be in `layers`). */
    bases: Base[];
}

/** Why a layer may not go: it boots now, by default or next, or it is pinned. */
export function checkLayerRemovable(reasons: Reasons, layer: Layer): void {
    const name = layer.name;
    if (layer.booted)
        reasons.add("booted", { name });
    if (layer.isDefault)
        reasons.add("default", { name });
    if (layer.isNextBoot)
        reasons.add("next-boot", { name });
    if (isPinned(layer.lv))
        reasons.add("pinned", { name });
}

/** The BLS file ids of a layer's entries that are ours to delete: marked, and plain file ids. */
function ourEntryIds(layer: Layer, commands: BootCommands): string[] {
    const ids = layer.entries.filter(e => e.ours).map(e => commands.backend === "systemd-boot" ? e.id.replace(/\.conf$/, "") : e.id);
    // The file we would have written, even if the menu does not show it (update-grub not run).
    return [...new Set([...ids, entryIdForLayer(layer.name)])].filter(id => /^[A-Za-z0-9._+-]+$/.test(id));
}

function usedBytes(lv: LvRecord): number | null {
    return lv.dataPercent === null ? null : Math.round(lv.size * lv.dataPercent / 100);
}

function bootBytes(facts: HostFacts, dirs: string[]): number {
    return Object.entries(facts.bootFiles)
        .filter(([path]) => dirs.some(dir => path.startsWith(`${dir}/`)))
        .reduce((sum, [, size]) => sum + size, 0);
}

/** The plan for `targets` (checked by the caller), or the reasons it cannot be made. */
export function removalPlan(
    layout: Layout, facts: HostFacts, targets: RemovalTargets, meta: { jobId: string; action: ActionName; title: string },
): RemovalPlan | Refusal {
    const reasons = new Reasons();
    const commands = bootCommands(layout.boot.backend);
    if (!commands)
        reasons.add("unknown-backend");
    // Taking away the last layers a boot entry boots would leave only foreign entries, if any.
    const going = new Set(targets.layers);
    const bootable = bootableLayers(layout);
    if (bootable.some(layer => going.has(layer)) && !bootable.some(layer => !going.has(layer)))
        reasons.add("last-bootable");
    if (reasons.any || !commands)
        return reasons.refusal();

    const lvs = [...targets.layers.map(l => l.lv), ...targets.bases.flatMap(b => b.lv ? [b.lv] : [])];
    const steps: Step[] = [];
    for (const lv of lvs.filter(lv => lv.active))
        steps.push(deactivateStep(`deactivate-${steps.length}`, `Deactivate ${lv.fullName} (fails if it is in use)`, lv.fullName));
    const entryIds = targets.layers.flatMap(layer => ourEntryIds(layer, commands));
    const refresh = entryIds.length > 0 ? commands.refresh : null;
    // Before the entries: their undo refreshes the menu, which needs the snippet still there.
    if (refresh)
        steps.push(...grubIntegrationSteps(commands, meta.jobId));
    entryIds.forEach((id, i) => steps.push(hideEntryStep(`hide-entry-${i}`, facts.boot, commands, id, meta.jobId)));
    if (refresh)
        steps.push(menuRefreshStep(refresh));
    steps.push(lvRemoveStep("lv-remove", `Remove ${lvs.map(lv => lv.name).join(", ")} (cannot be undone)`, lvs.map(lv => lv.fullName)));
    const bootDirs = targets.layers.map(layer => layerBootDir(facts.boot, layer.name));
    steps.push(deletePathsStep("boot-files-delete", "boot-files-delete", "Delete their kernel copies and boot entries (cannot be undone)",
        [...bootDirs, ...entryIds.map(id => hiddenPath(entryFilePath(facts.boot, id), meta.jobId))]));

    const used = lvs.map(lv => ({ lv, bytes: usedBytes(lv) }));
    const plan = makePlan(meta.jobId, meta.action, meta.title, steps, layout);
    return {
        ...plan,
        freedBytes: used.reduce((sum, u) => sum + (u.bytes ?? 0), 0),
        freedUnknown: used.filter(u => u.bytes === null).map(u => u.lv.name),
        bootFreedBytes: bootBytes(facts, bootDirs),
    };
}

export interface RemoveLayerArgs extends ActionArgs {
    layer: string;
}

export function removeLayer(layout: Layout, facts: HostFacts, args: RemoveLayerArgs): RemovalPlan | Refusal {
    const layer = findLayer(layout, args.layer);
    if (!layer)
        return refuse("not-found", { name: args.layer });
    const reasons = new Reasons();
    checkLayerRemovable(reasons, layer);
    if (reasons.any)
        return reasons.refusal();
    return removalPlan(layout, facts, { layers: [layer], bases: [] },
        { jobId: args.jobId, action: "remove-layer", title: `Remove layer ${layer.name}` });
}

export interface RemoveBaseArgs extends ActionArgs {
    base: string;
}

/** A base goes with all its layers; none of them may be protected. */
export function checkBaseRemovable(reasons: Reasons, base: Base): void {
    if (isPinned(base.lv))
        reasons.add("pinned", { name: base.name });
    base.layers.forEach(layer => checkLayerRemovable(reasons, layer));
}

export function removeBase(layout: Layout, facts: HostFacts, args: RemoveBaseArgs): RemovalPlan | Refusal {
    const base = findBase(layout, args.base);
    if (!base)
        return refuse("not-found", { name: args.base });
    const reasons = new Reasons();
    checkBaseRemovable(reasons, base);
    if (reasons.any)
        return reasons.refusal();
    return removalPlan(layout, facts, { layers: base.layers, bases: [base] },
        { jobId: args.jobId, action: "remove-base", title: `Remove base ${base.name} and its layers` });
}
