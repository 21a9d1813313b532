// Several VGs carry imgbased:vg. imgbased refuses such hosts (it cannot know which VG holds the
// images) and so do we: name the VGs and show how to remove the tag from the wrong ones.
import React from "react";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import {
    EmptyState, EmptyStateBody,
} from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import ExclamationTriangleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon.js";
import { RetryFooter } from "./RetryFooter.tsx";
import { _ } from "../../pkg/lib/cockpit.ts";
import type { Problem } from "../model/types.ts";
import { ProblemList } from "./ProblemList.tsx";

export interface AmbiguousStateProps {
    vgNames: string[];
    problems: Problem[];
    onRetry: () => void;
    retrying?: boolean;
}

export function AmbiguousState({ vgNames, problems, onRetry, retrying }: AmbiguousStateProps): React.ReactElement {
    const several = problems.filter(p => p.code === "several-tagged-vgs");
    const rest = problems.filter(p => p.code !== "several-tagged-vgs");
    const subject = several[0]?.subject ?? vgNames.join(",");
    return (
        <>
            <EmptyState
                data-testid="error-state"
                data-kind="ambiguous"
                id="ambiguous-state"
                titleText={_("Several volume groups are tagged for image layers")}
                headingLevel="h2"
                icon={ExclamationTriangleIcon}
                status="warning"
            >
                <EmptyStateBody className="imgbased-state-body">
                    <div data-testid="problem" data-code="several-tagged-vgs" data-subject={subject}>
                        <Content component="p">
                            {_("These volume groups all carry the imgbased:vg tag:")}{" "}
                            {vgNames.map((vg, i) => (
                                <React.Fragment key={vg}>
                                    {i > 0 && ", "}
                                    <code data-testid="ambiguous-vg" data-name={vg}>{vg}</code>
                                </React.Fragment>
                            ))}
                        </Content>
                        <Content component="p">
                            {_("An image layout lives in exactly one volume group; with more than one tagged it is unclear which holds the images, so nothing is shown or changed until that is fixed.")}
                        </Content>
                        <Content component="p">
                            {_("Remove the tag from every volume group that does not hold the images, as root:")}
                        </Content>
                        <CodeBlock className="imgbased-message">
                            <CodeBlockCode>{vgNames.map(vg => `vgchange --deltag imgbased:vg ${vg}`).join("\n")}</CodeBlockCode>
                        </CodeBlock>
                        <Content component="p">{_("Run only the lines for the wrong volume groups, then try again.")}</Content>
                    </div>
                </EmptyStateBody>
                <RetryFooter onRetry={onRetry} retrying={retrying} />
            </EmptyState>
            <ProblemList problems={rest} />
        </>
    );
}
