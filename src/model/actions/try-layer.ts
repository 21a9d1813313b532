// Try a layer (issue 13): its next boot is a trial, as an upgrade's is. The layer gets the health
// checks this plugin ships first (one made before them, or by imgbased, has none, and a trial
// nobody decides would be taken for one that never came up); then the pending trial and the
// boot-once switch. The default stays until the layer's checks pass on that boot.
//
// Not here: the panic= an upgrade gives its new entry (health-steps.ts withPanicReboot). Rewriting
// an existing entry's options is a change of its own that would outlive the trial; a tried layer
// that panics before its initramfs gives up waits at the console, as it would have booted once.

import type { Plan } from "../plan.ts";
import type { Layout } from "../types.ts";
import { makePlan } from "./common.ts";
import { healthIntoLayerStep, trialSteps } from "./health-steps.ts";
import { activateStep, deactivateStep, jobMountPoint } from "./lv-steps.ts";
import { bootTarget, grubFixSteps, type LayerArgs } from "./switch.ts";
import { isRefusal, type HostFacts, type Refusal } from "./types.ts";

export interface TryArgs extends LayerArgs {
    /** When the admin planned it (epoch seconds), for the record of the trial. */
    planned: number;
}

export function tryLayer(layout: Layout, facts: HostFacts, args: TryArgs): Plan | Refusal {
    const target = bootTarget(layout, facts, args.layer);
    if (isRefusal(target))
        return target;
    const { reasons, commands, layer, entry } = target;
    if (layer.name === layout.booted)
        reasons.add("try-booted", { name: layer.name });
    else if (layer.isDefault)
        reasons.add("already-default", { name: layer.name });
    const fallback = layout.defaultLayer ?? layout.booted;
    const fix = commands ? grubFixSteps(reasons, layout, commands, "once", args.jobId) : [];
    if (reasons.any || !commands || !entry || !fallback)
        return reasons.refusal();

    const lv = layer.lv.fullName;
    // Layers of one base made outside this plugin can share the base's XFS UUID.
    const where = { dev: layer.lv.path, mountPoint: jobMountPoint(args.jobId), options: facts.rootFsType === "xfs" ? "nouuid" : "" };
    const install = [healthIntoLayerStep(where, facts.healthProgram, facts.boot.dir, args.jobId)];
    // Left as it was found: an inactive layer is activated for the copy and deactivated after.
    const steps = layer.lv.active
        ? install
        : [activateStep("try-activate", `Activate ${lv}`, lv), ...install, deactivateStep("try-deactivate", `Deactivate ${lv}`, lv)];
    const trial = { job: args.jobId, layer: layer.name, entry: entry.id, backend: commands.backend, fallback, planned: args.planned };
    return makePlan(args.jobId, "try", `Try ${layer.name} at the next boot`, [...fix, ...steps, ...trialSteps(facts, commands, layout.boot, trial)], layout);
}
