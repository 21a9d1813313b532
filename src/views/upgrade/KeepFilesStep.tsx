// Which local files the new layer gets: the persist whitelist with what each entry copies now.
// Everything else changed locally stays behind in the old layer, still there for a rollback and
// for the diff view.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import type { RefusalReason } from "../../model/actions/types.ts";
import { matchText } from "../PersistCard.tsx";
import { refusalText } from "../refusals.ts";
import type { PersistLoad } from "../usePersist.ts";

export function KeepFilesStep({ load, problems, booted }: {
    load: PersistLoad; problems: RefusalReason[]; booted: string;
}): React.ReactElement {
    if (load.phase === "loading")
        return <Spinner size="md" />;
    if (load.phase === "error")
        return <Alert isInline variant="danger" title={_("The list cannot be read")} data-testid="keep-error">{load.error.message}</Alert>;
    return (
        <>
            {problems.length > 0 && (
                <Alert isInline variant="danger" data-testid="keep-problems" title={_("Fix these entries under Files kept on upgrade first")}>
                    <ul>{problems.map((p, i) => <li key={i} data-testid="keep-problem" data-code={p.code}>{refusalText(p)}</li>)}</ul>
                </Alert>
            )}
            <Table variant="compact" aria-label={_("Files kept on upgrade")} data-testid="keep-list">
                <Thead><Tr><Th>{_("Path")}</Th><Th>{_("Copied now")}</Th></Tr></Thead>
                <Tbody>
                    {load.state.entries.map(e => (
                        <Tr key={`${e.source}:${e.line}`} data-testid="keep-row" data-pattern={e.pattern}>
                            <Td><code>{e.pattern}</code>{e.comment ? <div className="imgbased-muted">{e.comment}</div> : null}</Td>
                            <Td>{matchText(load.state.checks.get(e.pattern))}</Td>
                        </Tr>
                    ))}
                </Tbody>
            </Table>
            <Alert isInline variant="info" data-testid="keep-left-behind" title={_("Other local changes stay in the old layer")}>
                {format(_("Files changed on this host that are not on this list are not copied: the new layer has the image's versions. They stay in $0, reachable by rolling back and shown by its Show changes."), booted)}
            </Alert>
        </>
    );
}
