// "Files kept on upgrade": the persist whitelist (DESIGN.md §6) with what each entry matches on
// this host now, where it comes from, and problems in files we do not own. Edit opens the
// whitelist editor (PersistDialog), a job like every change.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import { BUILT_IN, PERSIST_DIR } from "../model/persist.ts";
import type { PersistCheck } from "../model/persist-probe.ts";
import { ActionButton } from "./ActionButton.tsx";
import { useActions } from "./actions-context.ts";
import { formatBytes } from "./format.ts";
import { persistProblemText } from "./persist-text.ts";
import { usePersist, type PersistLoad } from "./usePersist.ts";

export function matchText(check: PersistCheck | undefined): string {
    if (!check)
        return "—";
    if (check.matches === 0)
        return _("nothing here now");
    return format(ngettext("$0 file, $1", "$0 files, $1", check.files), check.files, formatBytes(check.bytes));
}

export function PersistCard({ load }: { load: PersistLoad }): React.ReactElement {
    const actions = useActions();
    const edit = (
        <ActionButton variant="secondary" testId="action-edit-persist" blocked={actions.blocked} onClick={() => actions.open({ kind: "save-persist" })}>
            {_("Edit")}
        </ActionButton>
    );
    return (
        <Card data-testid="persist-card">
            <CardHeader actions={{ actions: edit, hasNoOffset: true }}>
                <CardTitle component="h2">{_("Files kept on upgrade")}</CardTitle>
            </CardHeader>
            <CardBody>
                <p className="imgbased-muted">
                    {format(_("An upgrade copies these from the running layer into the new one; everything else comes from the new image. The list lives in $0."), PERSIST_DIR)}
                </p>
                {load.phase === "loading" && <Spinner size="md" aria-label={_("Reading the list")} />}
                {load.phase === "error" && (
                    <Alert isInline variant="danger" title={_("The list cannot be read")} data-testid="persist-error">{load.error.message}</Alert>
                )}
                {load.phase === "ready" && (
                    <>
                        {load.state.problems.length > 0 && (
                            <Alert isInline variant="warning" title={_("Some lines are ignored")} data-testid="persist-problems">
                                <ul>
                                    {load.state.problems.map((p, i) => (
                                        <li key={i}>{`${p.source ?? ""}:${p.line ?? ""} ${p.pattern ?? ""} — ${persistProblemText(p.code, p.detail)}`}</li>
                                    ))}
                                </ul>
                            </Alert>
                        )}
                        <Table variant="compact" aria-label={_("Files kept on upgrade")} data-testid="persist-list"
                               data-defaults={load.state.usesDefaults ? "true" : "false"}>
                            <Thead><Tr><Th>{_("Path")}</Th><Th>{_("What it is")}</Th><Th>{_("On this host now")}</Th><Th>{_("From")}</Th></Tr></Thead>
                            <Tbody>
                                {load.state.entries.map(e => (
                                    <Tr key={`${e.source}:${e.line}`} data-testid="persist-row" data-pattern={e.pattern}>
                                        <Td dataLabel={_("Path")} className="imgbased-diff-path">{e.pattern}</Td>
                                        <Td dataLabel={_("What it is")} className="imgbased-muted">{e.comment}</Td>
                                        <Td dataLabel={_("On this host now")} data-testid="persist-matches">{matchText(load.state.checks.get(e.pattern))}</Td>
                                        <Td dataLabel={_("From")}>{e.source === BUILT_IN ? _("built-in defaults") : e.source}</Td>
                                    </Tr>
                                ))}
                            </Tbody>
                        </Table>
                    </>
                )}
            </CardBody>
        </Card>
    );
}

/** The card with its data: read when the page opens and after every job (`version`). */
export function PersistSection({ version }: { version: number }): React.ReactElement {
    return <PersistCard load={usePersist(version)} />;
}
