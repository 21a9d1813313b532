// What a plan will do, before anything runs: its steps (the irreversible ones flagged), the space
// a removal frees, and the exact commands (describePlan), as the admin reviews them. And why an
// action cannot be planned: every reason, translated, with what to do.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import type { RemovalPlan } from "../model/actions/remove.ts";
import type { Refusal } from "../model/actions/types.ts";
import { describePlan, type Plan } from "../model/plan.ts";
import { formatBytes } from "./format.ts";
import { refusalText } from "./refusals.ts";

function isRemoval(plan: Plan): plan is RemovalPlan {
    return typeof (plan as Partial<RemovalPlan>).freedBytes === "number";
}

export function RefusalView({ refusal, title }: { refusal: Refusal; title?: string }): React.ReactElement {
    return (
        <Alert
            isInline
            variant="danger"
            data-testid="plan-refusal"
            title={title ?? ngettext("This cannot be done:", "This cannot be done, for these reasons:", refusal.reasons.length)}
        >
            <ul className="imgbased-reasons">
                {refusal.reasons.map((reason, i) => (
                    <li key={i} data-testid="refusal-reason" data-code={reason.code}>{refusalText(reason)}</li>
                ))}
            </ul>
        </Alert>
    );
}

function Freed({ plan }: { plan: RemovalPlan }): React.ReactElement {
    return (
        <Content component="p" data-testid="plan-freed" data-bytes={plan.freedBytes} data-boot-bytes={plan.bootFreedBytes}>
            {format(_("Frees up to $0 in the thin pool and $1 on the boot file system."),
                     formatBytes(plan.freedBytes), formatBytes(plan.bootFreedBytes))}
            {" "}
            {_("Blocks a volume still shares with its base or another layer stay in use.")}
            {plan.freedUnknown.length > 0 && (
                <>
                    {" "}
                    {format(_("LVM does not report the space of inactive volumes, so $0 is not counted."), plan.freedUnknown.join(", "))}
                </>
            )}
        </Content>
    );
}

/** `heading`: the dialog's own title; the plan's is shown when it says more. */
export function PlanView({ plan, heading }: { plan: Plan; heading?: string }): React.ReactElement {
    // The planners say which steps destroy something for good (they run last: the point of no return).
    const irreversible = plan.steps.some(step => step.irreversible);
    return (
        <div className="imgbased-plan" data-testid="plan-view" data-action={plan.action} data-job-id={plan.id}>
            {plan.title !== heading && <Title headingLevel="h3" size="md" data-testid="plan-title">{plan.title}</Title>}
            <ol className="imgbased-plan-steps" data-testid="plan-steps">
                {plan.steps.map(step => (
                    <li key={step.id} data-testid="plan-step" data-step-id={step.id} data-irreversible={step.irreversible ? "true" : undefined}>
                        {step.title}
                        {step.irreversible && (
                            <>
                                {" "}
                                <Label isCompact status="danger" data-testid="step-irreversible">{_("Cannot be undone")}</Label>
                            </>
                        )}
                    </li>
                ))}
            </ol>
            {isRemoval(plan) && <Freed plan={plan} />}
            <Content component="p" className="imgbased-muted">
                {irreversible
                    ? _("If a step fails, the steps done so far are undone, newest first, and nothing is changed. The steps that cannot be undone run last, only after all others succeeded.")
                    : _("If a step fails, the steps done so far are undone, newest first, and nothing is changed.")}
            </Content>
            <Title headingLevel="h4" size="md" className="imgbased-plan-commands-title">{_("Commands")}</Title>
            <CodeBlock className="imgbased-commands">
                <CodeBlockCode data-testid="plan-commands">{describePlan(plan).join("\n")}</CodeBlockCode>
            </CodeBlock>
        </div>
    );
}
