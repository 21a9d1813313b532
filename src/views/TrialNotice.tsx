// What the page says first about a trial boot (model/trial.ts): one is due at the next start,
// one is being decided now, or the last one fell back, with the checks that failed and their
// output. A fallback's layer can be removed from here; it stays until a later trial or until it
// is gone.
import React from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { TrialState } from "../host/trials.ts";
import type { HealthCheck } from "../model/trial.ts";
import { useActions, type ActionKind } from "./actions-context.ts";
import { formatDateTime } from "./format.ts";

/** A check's name as the admin reads it: "unit cockpit.socket", "required 50-disk". */
export function checkLabel(check: Pick<HealthCheck, "kind" | "name">): string {
    return check.kind === "builtin" ? check.name : `${check.kind} ${check.name}`;
}

function FailedChecks({ checks }: { checks: HealthCheck[] }): React.ReactElement {
    return (
        <ExpandableSection toggleText={_("Show details")} data-testid="trial-details">
            {checks.map(c => (
                <div key={`${c.kind}:${c.name}`} data-testid="trial-failed-check" data-check={`${c.kind}:${c.name}`}>
                    <strong>{checkLabel(c)}</strong>
                    <pre className="imgbased-check-output">{c.output.join("\n")}</pre>
                </div>
            ))}
        </ExpandableSection>
    );
}

/** The notice's actions, for admins only (without, the page says why elsewhere). */
function TrialActions({ items }: { items: [ActionKind, string, string][] }): React.ReactElement | null {
    const actions = useActions();
    if (actions.adminBlocked !== null)
        return null;
    return (
        <>
            {items.map(([kind, target, label]) => (
                <AlertActionLink key={kind} data-testid={`trial-${kind}`} onClick={() => actions.open({ kind, target })}>{label}</AlertActionLink>
            ))}
        </>
    );
}

export function TrialNotice({ state }: { state: TrialState }): React.ReactElement | null {
    const notice = state.notice;
    if (!notice)
        return null;
    switch (notice.kind) {
    case "next-boot":
        return (
            <Alert isInline variant="info" data-testid="trial-notice" data-kind={notice.kind} data-layer={notice.trial.layer}
                   title={format(_("$0 will be tried at the next start: it becomes the default when its health checks pass, or the node goes back to $1."),
                                 notice.trial.layer, notice.trial.fallback)}
                   actionLinks={<TrialActions items={[["give-up-trial", notice.trial.layer, _("Give up")]]} />} />
        );
    case "running":
        return (
            <Alert isInline variant="info" data-testid="trial-notice" data-kind={notice.kind} data-layer={notice.trial.layer}
                   title={format(_("Trying $0: health checks running"), notice.trial.layer)}
                   actionLinks={<TrialActions items={[["accept-trial", notice.trial.layer, _("Accept now")], ["give-up-trial", notice.trial.layer, _("Give up")]]} />} />
        );
    case "fell-back": {
        const r = notice.result;
        const failed = (state.fellBack?.checks ?? []).filter(c => c.status === "failed");
        const title = r.outcome === "failed"
            ? format(_("$0 failed its trial at $1: $2. The node went back to $3."), r.layer, formatDateTime(r.time),
                     r.failed.join(", ") || _("health checks failed"), r.fallback)
            : format(_("$0 did not come up on its trial; found at $1. The node went back to $2."), r.layer, formatDateTime(r.time), r.fallback);
        return (
            <Alert isInline variant="warning" data-testid="trial-notice" data-kind={notice.kind} data-layer={r.layer} data-outcome={r.outcome}
                   title={title}
                   actionLinks={<TrialActions items={[["try", r.layer, _("Try again")], ["remove-layer", r.layer, _("Remove")]]} />}>
                {failed.length > 0 && <FailedChecks checks={failed} />}
            </Alert>
        );
    }
    }
}
