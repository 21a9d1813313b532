// The status card's line for the image policy: whether this host takes only signed images, and
// the button that switches it (a job, like every change). Read when the page opens and after
// each job (`version`), never on the poll. While the first read is on its way the line holds its
// place (a skeleton), so the card does not grow under the admin's pointer when it comes.
import React, { useEffect, useState } from "react";
import { Skeleton } from "@patternfly/react-core/dist/esm/components/Skeleton/index.js";
import {
    DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { readPolicy } from "../host/policy.ts";
import { POLICY_PATH, type ImagePolicy } from "../model/policy.ts";
import { ActionButton } from "./ActionButton.tsx";
import { useActions } from "./actions-context.ts";
import { useMachine } from "./machine-context.ts";

/** undefined while the first read is on its way; null when the file could not be read at all. */
function usePolicy(version: number): ImagePolicy | null | undefined {
    const machine = useMachine();
    const [policy, setPolicy] = useState<ImagePolicy | null | undefined>(undefined);
    useEffect(() => {
        let live = true;
        readPolicy(machine).then(read => { if (live) setPolicy(read) }, () => { if (live) setPolicy(null) });
        return () => { live = false };
    }, [machine, version]);
    return policy;
}

function PolicyLine({ policy }: { policy: ImagePolicy }): React.ReactElement {
    const actions = useActions();
    const required = policy.requireSignature;
    return (
        <>
            <span data-testid="status-policy" data-required={String(required)}>
                {required ? _("Required") : _("Not required")}
            </span>
            {policy.problems.length > 0 && (
                <span className="imgbased-muted" data-testid="status-policy-problems">
                    {" "}{format(_("($0 cannot be read: $1)"), POLICY_PATH, policy.problems.join("; "))}
                </span>
            )}
            {" "}
            <ActionButton variant="link" isInline testId="action-set-policy" blocked={actions.blocked}
                          onClick={() => actions.open({ kind: "set-policy", target: required ? "no" : "yes" })}>
                {required ? _("Stop requiring") : _("Require")}
            </ActionButton>
        </>
    );
}

export function SignaturePolicy({ version }: { version: number }): React.ReactElement | null {
    const policy = usePolicy(version);
    if (policy === null)
        return null;
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{_("Image signatures")}</DescriptionListTerm>
            <DescriptionListDescription>
                {policy
                    ? <PolicyLine policy={policy} />
                    : <Skeleton width="10rem" screenreaderText={_("Loading")} data-testid="status-policy-loading" />}
            </DescriptionListDescription>
        </DescriptionListGroup>
    );
}
