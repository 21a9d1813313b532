// Garbage collection of old images, as imgbased's GarbageCollector (research/imgbased.md §4.2)
// but with a preview and without its surprises: per product, the `retention` newest bases stay;
// older ones go with their layers unless something protects them.

import type { Base, Layout } from "../types.ts";
import { checkBaseRemovable, removalPlan, type RemovalPlan } from "./remove.ts";
import { Reasons, refuse, type ActionArgs, type HostFacts, type Refusal } from "./types.ts";

/** imgbased's default (`[update] images_to_keep`). */
export const DEFAULT_RETENTION = 2;

export type CleanupReason =
    /** One of the `retention` newest bases of its product. */
    | "retained"
    | "pinned"
    | "has-pinned-layer"
    | "booted"
    | "default"
    | "next-boot"
    /** Older than the retained ones and nothing protects it. */
    | "older-than-retention";

export interface BaseVerdict {
    name: string;
    action: "remove" | "keep";
    reasons: CleanupReason[];
}

export interface CleanupArgs extends ActionArgs {
    retention?: number;
}

export interface CleanupResult {
    /** Every base, in the layout's order. */
    preview: BaseVerdict[];
    /** Null when nothing is to be removed; a refusal when the removal itself is refused. */
    plan: RemovalPlan | Refusal | null;
}

/** What protects a base: the reasons removeBase would refuse it for, as cleanup names them. */
function protections(base: Base): CleanupReason[] {
    const reasons = new Reasons();
    checkBaseRemovable(reasons, base);
    const named = reasons.list.map((r): CleanupReason =>
        r.code === "pinned" ? (r.params?.name === base.name ? "pinned" : "has-pinned-layer") : r.code as CleanupReason);
    return [...new Set(named)];
}

export function cleanup(layout: Layout, facts: HostFacts, args: CleanupArgs): CleanupResult | Refusal {
    const retention = args.retention ?? DEFAULT_RETENTION;
    if (!Number.isInteger(retention) || retention < 1) {
        return refuse("invalid-retention", { retention });
    }
    // layout.bases is grouped by product, newest first within each.
    const seen = new Map<string, number>();
    const preview = layout.bases.map((base): BaseVerdict => {
        const rank = seen.get(base.nvr.name) ?? 0;
        seen.set(base.nvr.name, rank + 1);
        const kept = protections(base);
        if (rank < retention)
            return { name: base.name, action: "keep", reasons: ["retained", ...kept] };
        return kept.length > 0
            ? { name: base.name, action: "keep", reasons: kept }
            : { name: base.name, action: "remove", reasons: ["older-than-retention"] };
    });
    const doomed = layout.bases.filter((_, i) => preview[i]!.action === "remove");
    const plan = doomed.length === 0 ? null : removalPlan(layout, facts,
        { layers: doomed.flatMap(b => b.layers), bases: doomed },
        { jobId: args.jobId, action: "cleanup", title: `Remove old images: ${doomed.map(b => b.name).join(", ")}` });
    return { preview, plan };
}
