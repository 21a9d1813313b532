// Add a fresh layer on a base: a clean start from the pristine image, beside the layers it has.

import { entryIdForLayer, otherOptions } from "../boot-entry.ts";
import type { Plan } from "../plan.ts";
import type { Base, Layout } from "../types.ts";
import { bootCommands } from "./boot-commands.ts";
import { entryTitle, grubIntegrationSteps, kernelOfEntry, newEntrySteps, switchStep, type KernelFiles } from "./boot-steps.ts";
import { checkBootCopy, checkPool, makePlan } from "./common.ts";
import { bootedOptions, entryOfLayer, imageLvs, lvsInLayout } from "./layout-query.ts";
import { freshUuidMethod } from "./lv-steps.ts";
import { checkNewLvName, newLayerSteps, nextLayerName } from "./new-layer.ts";
import { Reasons, type ActionArgs, type HostFacts, type Refusal } from "./types.ts";

export interface AddLayerArgs extends ActionArgs {
    base: string;
    /** Select the new layer at the end: from now on, or for the next boot only. Default: neither. */
    select?: "default" | "once";
}

/**
 * The kernel for a layer of `base`: the base's modules are in its filesystem, so the kernel its
 * existing layers boot (lowest index first: the one made with the base); for the booted layer's
 * base without such an entry, the running kernel.
 */
export function kernelOfBase(layout: Layout, base: Base, facts: HostFacts): KernelFiles | null {
    for (const layer of base.layers) {
        const entry = entryOfLayer(layer);
        const kernel = entry && kernelOfEntry(facts.boot, entry);
        if (kernel)
            return kernel;
    }
    return base.layers.some(layer => layer.name === layout.booted) ? facts.kernel : null;
}

export function addLayer(layout: Layout, facts: HostFacts, args: AddLayerArgs): Plan | Refusal {
    const reasons = new Reasons();
    const commands = bootCommands(layout.boot.backend);
    if (!commands)
        reasons.add("unknown-backend");
    const base = layout.bases.find(b => b.name === args.base);
    if (!base) {
        reasons.add("not-found", { name: args.base });
        return reasons.refusal();
    }
    if (!base.lv)
        reasons.add("base-missing", { base: base.name });
    const layer = nextLayerName(base.name, base.layers.map(l => l.index));
    checkNewLvName(reasons, layer, lvsInLayout(layout).map(lv => lv.name));
    const fs = freshUuidMethod(facts.rootFsType);
    if (!fs)
        reasons.add("root-fs-unsupported", { fsType: facts.rootFsType });
    checkPool(reasons, layout.pool);
    const kernel = kernelOfBase(layout, base, facts);
    if (!kernel)
        reasons.add("kernel-missing", { base: base.name });
    else
        checkBootCopy(reasons, [kernel.vmlinuz, kernel.initrd], facts.bootFiles, facts.boot.freeBytes);
    if (reasons.any || !commands || !fs || !kernel)
        return reasons.refusal();

    const vg = layout.vg.name;
    const steps = [
        ...grubIntegrationSteps(commands, args.jobId),
        ...newLayerSteps({ vg, base: base.name, layer, fs, jobId: args.jobId, facts, inLayer: mnt => grubIntegrationSteps(commands, args.jobId, mnt) }),
        ...newEntrySteps(facts.boot, commands, {
            layer, vg, title: entryTitle(base.nvr, layer), kernel,
            options: otherOptions(bootedOptions(layout) ?? facts.cmdline, imageLvs(layout)),
        }, args.jobId),
    ];
    if (args.select)
        steps.push(switchStep(commands, args.select, commands.menuId(entryIdForLayer(layer)), layout.boot));
    return makePlan(args.jobId, "add-layer", `Add layer ${layer} on ${base.name}`, steps, layout);
}
