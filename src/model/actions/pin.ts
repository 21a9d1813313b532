// Pin a base or layer so cleanup keeps it and removal asks for an unpin first. The pin is an LVM
// tag (DESIGN §2: our state lives in tags), so one `lvs` shows it.

import type { Plan } from "../plan.ts";
import type { Layout, LvRecord } from "../types.ts";
import { makePlan } from "./common.ts";
import { allLayers, findBase, isPinned, PINNED_TAG } from "./layout-query.ts";
import { addTagStep, delTagStep } from "./lv-steps.ts";
import { refuse, type ActionArgs, type Refusal } from "./types.ts";

export interface PinArgs extends ActionArgs {
    /** A base or a layer. */
    name: string;
}

function lvNamed(layout: Layout, name: string): LvRecord | null {
    return findBase(layout, name)?.lv ?? allLayers(layout).find(l => l.name === name)?.lv ?? null;
}

export function pin(layout: Layout, args: PinArgs): Plan | Refusal {
    const lv = lvNamed(layout, args.name);
    if (!lv)
        return refuse("not-found", { name: args.name });
    if (isPinned(lv))
        return refuse("already-pinned", { name: args.name });
    return makePlan(args.jobId, "pin", `Pin ${lv.name}`, [addTagStep("pin", `Pin ${lv.fullName}`, { lv: lv.fullName }, PINNED_TAG)], layout);
}

export function unpin(layout: Layout, args: PinArgs): Plan | Refusal {
    const lv = lvNamed(layout, args.name);
    if (!lv)
        return refuse("not-found", { name: args.name });
    if (!isPinned(lv))
        return refuse("not-pinned", { name: args.name });
    return makePlan(args.jobId, "unpin", `Unpin ${lv.name}`, [delTagStep("unpin", `Unpin ${lv.fullName}`, lv.fullName, PINNED_TAG)], layout);
}
