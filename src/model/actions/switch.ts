// Choose what boots: a layer by default, a layer once, or the previous layer (rollback). Each is
// the switch itself, checked beforehand against what would leave the host unbootable; on a
// Debian GRUB whose grub.cfg ignores the saved default, the menu is regenerated first so that the
// switch takes effect.

import type { Plan, Step } from "../plan.ts";
import type { Layer, Layout } from "../types.ts";
import { bootCommands, type BootCommands } from "./boot-commands.ts";
import { grubIntegrationSteps, kernelOfEntry, switchStep, updateGrubStep } from "./boot-steps.ts";
import { makePlan } from "./common.ts";
import { entryOfLayer, findLayer, rollbackTarget } from "./layout-query.ts";
import { isRefusal, Reasons, refuse, type ActionArgs, type ActionName, type HostFacts, type Refusal } from "./types.ts";

export interface LayerArgs extends ActionArgs {
    layer: string;
}

/**
 * What every plan that boots a layer checks first: a loader we can tell, the layer, fit to boot.
 * The reasons found so far come back to add to; a missing layer is refused at once.
 */
export function bootTarget(layout: Layout, facts: HostFacts, name: string) {
    const reasons = new Reasons();
    const commands = bootCommands(layout.boot.backend);
    if (!commands)
        reasons.add("unknown-backend");
    const layer = findLayer(layout, name);
    if (!layer) {
        reasons.add("not-found", { name });
        return reasons.refusal();
    }
    return { reasons, commands, layer, entry: checkBootable(reasons, layer, facts) };
}

function planSwitch(layout: Layout, facts: HostFacts, args: LayerArgs, how: "default" | "once", action: ActionName): Plan | Refusal {
    const target = bootTarget(layout, facts, args.layer);
    if (isRefusal(target))
        return target;
    const { reasons, commands, layer, entry } = target;
    if (how === "default" && layer.isDefault)
        reasons.add("already-default", { name: layer.name });
    if (how === "once" && layer.isNextBoot && layout.boot.nextRef !== null)
        reasons.add("already-next", { name: layer.name });
    const fix = commands ? grubFixSteps(reasons, layout, commands, how, args.jobId) : [];
    if (reasons.any || !commands || !entry)
        return reasons.refusal();
    const title = how === "default" ? `Boot ${layer.name} by default` : `Boot ${layer.name} once`;
    return makePlan(args.jobId, action, title, [...fix, switchStep(commands, how, entry.id, layout.boot)], layout);
}

/**
 * A GRUB that would not read the choice from grubenv (a fixed default, for a default; no load_env
 * at all, for both): Debian's menu is regenerated first (the steps returned), others are refused.
 */
export function grubFixSteps(reasons: Reasons, layout: Layout, commands: BootCommands, how: "default" | "once", jobId: string): Step[] {
    const fixedDefault = how === "default" ? layout.boot.fixedDefault : undefined;
    const notLoaded = layout.boot.grubenvNotLoaded;
    if (fixedDefault === undefined && notLoaded === undefined)
        return [];
    if (commands.backend === "grub-debian")
        return [...grubIntegrationSteps(commands, jobId, "", [["update-grub"]]), updateGrubStep()];
    if (fixedDefault !== undefined)
        reasons.add("default-not-saved", { value: fixedDefault });
    if (notLoaded !== undefined)
        reasons.add("grubenv-not-loaded", { path: notLoaded });
    return [];
}

/**
 * What makes a layer fit to boot, as far as the inventory shows: an entry, a writable LV (a
 * read-only root fails systemd's remount, vm-lab P10) that the initramfs activates (P8), and the
 * kernel files its entry names. Returns the entry to select it by.
 */
function checkBootable(reasons: Reasons, layer: Layer, facts: HostFacts) {
    const entry = entryOfLayer(layer);
    if (!entry)
        reasons.add("no-entry", { name: layer.name });
    if (layer.lv.readOnly)
        reasons.add("layer-read-only", { name: layer.name });
    if (layer.lv.skipActivation)
        reasons.add("layer-skips-activation", { name: layer.name });
    const kernel = entry && kernelOfEntry(facts.boot, entry);
    for (const path of kernel ? [kernel.vmlinuz, kernel.initrd] : []) {
        if (facts.bootFiles[path] === undefined)
            reasons.add("kernel-missing", { path });
    }
    return entry;
}

export function makeDefault(layout: Layout, facts: HostFacts, args: LayerArgs): Plan | Refusal {
    return planSwitch(layout, facts, args, "default", "make-default");
}

export function bootOnce(layout: Layout, facts: HostFacts, args: LayerArgs): Plan | Refusal {
    return planSwitch(layout, facts, args, "once", "boot-once");
}


export function rollback(layout: Layout, facts: HostFacts, args: ActionArgs): Plan | Refusal {
    const target = rollbackTarget(layout);
    if (!target)
        return refuse("no-older-layer");
    const plan = planSwitch(layout, facts, { ...args, layer: target.name }, "default", "rollback");
    return isRefusal(plan) ? plan : { ...plan, title: `Roll back to ${target.name}` };
}
