// The pre-flight: every check with its numbers, green or red; a red one says what to do.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import CheckCircleIcon from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import ExclamationCircleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import ExclamationTriangleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { checkCode, type PreflightCheck } from "../../model/actions/upgrade.ts";
import { checkDetail, checkTitle } from "./upgrade-text.ts";

// The icon alone is hidden from screen readers (react-icons sets aria-hidden), so the "Result"
// column would be empty for them: the word goes beside it, visible to assistive technology only.
function icon(check: PreflightCheck): React.ReactElement {
    if (!check.ok)
        return <><ExclamationCircleIcon className="imgbased-check-bad" /><span className="pf-v6-screen-reader">{_("Failed")}</span></>;
    return check.warn
        ? <><ExclamationTriangleIcon className="imgbased-check-warn" /><span className="pf-v6-screen-reader">{_("Warning")}</span></>
        : <><CheckCircleIcon className="imgbased-check-ok" /><span className="pf-v6-screen-reader">{_("Passed")}</span></>;
}

export function ChecksStep({ checks, jobRunning }: { checks: PreflightCheck[]; jobRunning: string | null }): React.ReactElement {
    return (
        <>
            {jobRunning && (
                <Alert isInline variant="danger" data-testid="check-job-running" title={_("Another job is running")}>
                    {jobRunning}
                </Alert>
            )}
            <Table variant="compact" aria-label={_("Checks")} data-testid="upgrade-checks">
                <Thead><Tr><Th screenReaderText={_("Result")} /><Th modifier="fitContent">{_("Check")}</Th><Th>{_("Details")}</Th></Tr></Thead>
                <Tbody>
                    {checks.map(check => (
                        <Tr key={check.id} data-testid="upgrade-check" data-check={check.id} data-ok={String(check.ok)} data-warn={String(check.warn === true)} data-code={checkCode(check) ?? ""}>
                            <Td>{icon(check)}</Td>
                            <Td modifier="nowrap">{checkTitle(check)}</Td>
                            <Td modifier="breakWord">{checkDetail(check)}</Td>
                        </Tr>
                    ))}
                </Tbody>
            </Table>
        </>
    );
}
