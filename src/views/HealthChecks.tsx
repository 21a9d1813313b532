// The status card's line for the booted layer's health checks (model/trial.ts): the verdict of
// its last run and, opened, every check with its status and output. Layers made before the
// checks existed, and the installed root, have no report.
import React from "react";
import { DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { CheckStatus, HealthReport } from "../model/trial.ts";
import { formatDateTime } from "./format.ts";
import { checkLabel } from "./TrialNotice.tsx";

function statusText(status: CheckStatus): string {
    switch (status) {
    case "ok": return _("passed");
    case "failed": return _("failed");
    case "warning": return _("warning");
    case "skipped": return _("skipped");
    }
}

const STATUS_COLOR = { ok: "success", failed: "danger", warning: "warning", skipped: undefined } as const;

/** `report` undefined while the first read is on its way: the line holds its place meanwhile. */
export function HealthChecks({ report }: { report: HealthReport | null | undefined }): React.ReactElement {
    const failed = report?.checks.filter(c => c.status === "failed").length ?? 0;
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{_("Health checks")}</DescriptionListTerm>
            <DescriptionListDescription data-testid="status-health" data-verdict={report?.verdict ?? "none"}>
                {report === undefined && <Skeleton width="10rem" screenreaderText={_("Loading")} />}
                {report === null
                    ? <span className="imgbased-muted">{_("No report for this layer")}</span>
                    : report && (
                        <ExpandableSection
                            toggleText={report.verdict === "green"
                                ? format(_("Passed at $0"), formatDateTime(report.time))
                                : format(_("$0 failed at $1"), String(failed), formatDateTime(report.time))}>
                            <ul className="imgbased-health-list">
                                {report.checks.map(c => (
                                    <li key={`${c.kind}:${c.name}`} data-testid="health-check" data-check={`${c.kind}:${c.name}`} data-status={c.status}>
                                        {checkLabel(c)}{" "}
                                        <Label isCompact {...(STATUS_COLOR[c.status] ? { status: STATUS_COLOR[c.status] } : {})}>{statusText(c.status)}</Label>
                                        {c.status !== "ok" && c.output.length > 0 && <pre className="imgbased-check-output">{c.output.join("\n")}</pre>}
                                    </li>
                                ))}
                            </ul>
                        </ExpandableSection>
                    )}
            </DescriptionListDescription>
        </DescriptionListGroup>
    );
}
