// Which status the page shows in Cockpit's navigation (pkg/lib/page-status.ts) for what it read:
// an interrupted job first (nothing else may change until it is undone), then a trial that fell
// back (the node is not on the layer the admin upgraded to), else the worst of the layout's
// problems, else none. Pure apart from gettext, so it is unit-tested.
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import type { TrialNotice } from "../model/trial.ts";
import type { PageStatus, PageStatusType } from "../../pkg/lib/page-status.ts";
import type { Discovery, Problem, ProblemSeverity } from "../model/types.ts";
import { describeProblem } from "./problems.ts";
import type { LayoutState } from "./useLayout.ts";

const TYPE: Record<ProblemSeverity, PageStatusType> = { danger: "error", warning: "warning", info: "info" };
const ORDER: Record<ProblemSeverity, number> = { danger: 0, warning: 1, info: 2 };

/** The problems the page lists for a discovery (the status card's, or the ambiguous state's). */
export function discoveryProblems(discovery: Discovery | null): { problems: Problem[]; vgName?: string } {
    switch (discovery?.kind) {
    case "layout": return { problems: discovery.layout.problems, vgName: discovery.layout.vg.name };
    case "ambiguous": return { problems: discovery.problems };
    default: return { problems: [] };
    }
}

export function pageStatusFor(problems: readonly Problem[], vgName: string | undefined,
                              interrupted: readonly string[], trial: TrialNotice | null = null): PageStatus | null {
    if (interrupted.length > 0) {
        return {
            type: "error",
            title: format(ngettext("Job $0 was interrupted", "Jobs $0 were interrupted", interrupted.length), interrupted.join(", ")),
        };
    }
    if (trial?.kind === "fell-back") {
        const r = trial.result;
        return {
            type: "warning",
            title: r.outcome === "failed"
                ? format(_("$0 failed its trial: the node went back to $1"), r.layer, r.fallback)
                : format(_("$0 did not come up on its trial: the node went back to $1"), r.layer, r.fallback),
        };
    }
    if (problems.length === 0)
        return null;
    // The first of the worst: the model lists problems by severity, in a meaningful order within.
    const worst = problems.reduce((a, b) => ORDER[b.severity] < ORDER[a.severity] ? b : a);
    const title = describeProblem(worst, vgName).title;
    const more = problems.length - 1;
    return {
        type: TYPE[worst.severity],
        title: more === 0 ? title : format(ngettext("$0, and $1 more problem", "$0, and $1 more problems", more), title, more),
    };
}

/**
 * The status for the page's state now; undefined: leave the navigation's as it is. Only a fresh
 * read of the host decides: while the first read runs, or the page shows the layout saved by an
 * earlier open, the status stays (no flicker on reload). A failed read shows no layout and says
 * nothing about problems: only an interrupted job is shown then.
 */
export function pageStatusOf(layout: Pick<LayoutState, "phase" | "saved" | "discovery">,
                             interrupted: readonly string[], trial: TrialNotice | null = null): PageStatus | null | undefined {
    if (layout.phase === "loading" || layout.saved)
        return undefined;
    const { problems, vgName } = discoveryProblems(layout.phase === "error" ? null : layout.discovery);
    return pageStatusFor(problems, vgName, interrupted, layout.phase === "error" ? null : trial);
}
