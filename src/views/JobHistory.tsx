// Recent jobs, newest first, from the journal (one process when the page opens and after each
// job, never on the poll). A row opens to the job's steps, read lazily from its log. Folded by
// default; the rows stay in the DOM, hidden, like the layout table's layers.
import React, { useEffect, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { readHistory, readJobLog } from "../host/history.ts";
import type { HistoryEntry } from "../model/history.ts";
import { parseJobLog, type JobState } from "../model/job-log.ts";
import { formatDateTime, formatRelative, NONE } from "./format.ts";
import { JobSteps } from "./JobProgress.tsx";
import { useMachine } from "./machine-context.ts";

export function outcomeLabel(outcome: JobState): React.ReactElement {
    const common = { isCompact: true, "data-testid": "history-outcome" };
    switch (outcome) {
    case "succeeded": return <Label {...common} status="success">{_("Succeeded")}</Label>;
    case "recovered": return <Label {...common} status="success">{_("Undone after interruption")}</Label>;
    case "running": return <Label {...common} color="blue">{_("Running")}</Label>;
    case "failed-undone": return <Label {...common} status="danger">{_("Failed, nothing changed")}</Label>;
    case "failed-undo-incomplete": return <Label {...common} status="danger">{_("Failed, undo incomplete")}</Label>;
    case "interrupted": return <Label {...common} status="danger">{_("Interrupted")}</Label>;
    case "refused-busy": return <Label {...common} status="warning">{_("Not started: another job ran")}</Label>;
    case "refused-recovery": return <Label {...common} status="warning">{_("Not started: undo pending")}</Label>;
    case "failed-setup": return <Label {...common} status="danger">{_("Not started: setup failed")}</Label>;
    case "failed-unfinished": return <Label {...common} status="danger">{_("Failed, to be finished")}</Label>;
    case "completed": return <Label {...common} status="success">{_("Finished after interruption")}</Label>;
    case "handled": return <Label {...common} color="grey">{_("Marked as handled")}</Label>;
    }
}

function duration(entry: HistoryEntry): string {
    if (entry.started === null || entry.ended === null)
        return NONE;
    const seconds = Math.max(0, Math.round((entry.ended - entry.started) / 1000));
    return seconds < 60 ? format(_("$0 s"), seconds) : format(_("$0 min $1 s"), Math.floor(seconds / 60), seconds % 60);
}

type Log = { state: "loading" } | { state: "ready"; lines: string[] } | { state: "error"; message: string };

function JobLog({ entry }: { entry: HistoryEntry }): React.ReactElement {
    const machine = useMachine();
    const [log, setLog] = useState<Log>({ state: "loading" });
    useEffect(() => {
        let live = true;
        readJobLog(entry.unit, machine).then(lines => { if (live) setLog({ state: "ready", lines }) },
                                             ex => { if (live) setLog({ state: "error", message: String((ex as Error).message ?? ex) }) });
        return () => { live = false };
    }, [entry.unit, machine]);
    if (log.state === "loading")
        return <Spinner size="md" aria-label={_("Reading the log")} />;
    if (log.state === "error")
        return <Alert isInline variant="danger" title={_("The job's log cannot be read")}>{log.message}</Alert>;
    const progress = parseJobLog(log.lines, { ended: entry.outcome !== "running" });
    return (
        <div data-testid="history-log">
            {progress.steps.length > 0
                ? <JobSteps progress={progress} jobId={entry.jobId} />
                : <div className="imgbased-muted">{progress.blockedBy ? format(_("No step ran: job $0 blocked it."), progress.blockedBy) : _("No step ran.")}</div>}
        </div>
    );
}

type History = { state: "loading" } | { state: "ready"; entries: HistoryEntry[] } | { state: "error"; message: string };

export function JobHistory({ version, admin, now = Date.now() }: {
    version: number; admin: boolean | null; now?: number;
}): React.ReactElement | null {
    const machine = useMachine();
    const [expanded, setExpanded] = useState(false);
    const [history, setHistory] = useState<History>({ state: "loading" });
    const [open, setOpen] = useState<Record<string, boolean>>({});

    useEffect(() => {
        if (admin !== true)
            return;
        let live = true;
        readHistory(machine).then(entries => { if (live) setHistory({ state: "ready", entries }) },
                                  ex => { if (live) setHistory({ state: "error", message: String((ex as Error).message ?? ex) }) });
        return () => { live = false };
    }, [machine, version, admin]);

    const entries = history.state === "ready" ? history.entries : [];
    let body: React.ReactNode;
    if (admin === false)
        body = <div className="imgbased-muted">{_("Reading the job history needs administrative access.")}</div>;
    else if (history.state === "loading")
        body = <Spinner size="md" aria-label={_("Reading the job history")} />;
    else if (history.state === "error")
        body = <Alert isInline variant="danger" title={_("The job history cannot be read")}>{history.message}</Alert>;
    else if (entries.length === 0)
        body = <div className="imgbased-muted" data-testid="history-empty">{_("No jobs have run on this host yet.")}</div>;
    else {
        body = (
            <>
            {/* The logs are in the journal, and /var (with it) belongs to each layer; the list is on /boot. */}
            <div className="imgbased-muted" data-testid="history-scope">
                {_("Jobs of every layer. The steps of a job are in the journal of the layer that ran it.")}
            </div>
            <Table variant="compact" aria-label={_("Recent jobs")} data-testid="history-table">
                <Thead>
                    <Tr>
                        <Th screenReaderText={_("Show steps")} />
                        <Th>{_("Started")}</Th>
                        <Th width={40}>{_("Job")}</Th>
                        <Th>{_("By")}</Th>
                        <Th>{_("Duration")}</Th>
                        <Th>{_("Result")}</Th>
                    </Tr>
                </Thead>
                {entries.map((entry, i) => {
                    const isOpen = open[entry.unit] ?? false;
                    return (
                        <Tbody key={entry.unit} isExpanded={isOpen}>
                            <Tr data-testid="history-row" data-job-id={entry.jobId} data-outcome={entry.outcome} data-action={entry.action}>
                                <Td expand={{ rowIndex: i, isExpanded: isOpen, onToggle: () => setOpen(o => ({ ...o, [entry.unit]: !isOpen })) }} />
                                <Td dataLabel={_("Started")}>
                                    {entry.started === null
                                        ? NONE
                                        : <time dateTime={new Date(entry.started).toISOString()} title={formatDateTime(entry.started / 1000)}>
                                            {formatRelative(entry.started / 1000, now)}
                                        </time>}
                                </Td>
                                <Td dataLabel={_("Job")} className="imgbased-name">
                                    {entry.recovery ? format(_("Undo of $0"), entry.title ?? entry.jobId) : entry.title ?? entry.action}
                                    <div className="imgbased-muted imgbased-small">{entry.jobId}</div>
                                    {entry.ranIn && (
                                        <div className="imgbased-muted imgbased-small" data-testid="history-ran-in" data-layer={entry.ranIn}>
                                            {format(_("Ran in $0"), entry.ranIn)}
                                        </div>
                                    )}
                                </Td>
                                <Td dataLabel={_("By")}>{entry.user ?? NONE}</Td>
                                <Td dataLabel={_("Duration")}>{duration(entry)}</Td>
                                <Td dataLabel={_("Result")}>{outcomeLabel(entry.outcome)}</Td>
                            </Tr>
                            <Tr isExpanded={isOpen}>
                                <Td colSpan={6}>
                                    <ExpandableRowContent>
                                        {isOpen && (entry.ranIn
                                            ? <div className="imgbased-muted">{format(_("Its steps are in the journal of $0."), entry.ranIn)}</div>
                                            : <JobLog entry={entry} />)}
                                    </ExpandableRowContent>
                                </Td>
                            </Tr>
                        </Tbody>
                    );
                })}
            </Table>
            </>
        );
    }

    return (
        <Card id="job-history" data-testid="job-history" isExpanded={expanded} className="imgbased-history">
            <CardHeader
                onExpand={() => setExpanded(e => !e)}
                toggleButtonProps={{
                    id: "job-history-toggle",
                    "data-testid": "job-history-toggle",
                    "aria-label": expanded ? _("Hide recent jobs") : _("Show recent jobs"),
                    "aria-expanded": expanded,
                }}
            >
                <CardTitle component="h2">
                    {_("Recent jobs")}
                    {entries.length > 0 && <span className="imgbased-muted"> ({entries.length})</span>}
                </CardTitle>
            </CardHeader>
            <CardBody hidden={!expanded}>{body}</CardBody>
        </Card>
    );
}
