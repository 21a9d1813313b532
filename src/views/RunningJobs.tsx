// The top of the page while jobs need attention: a job killed mid-way whose undo waits (nothing
// else may start until it is undone), and the jobs that run or just ended, followed live, also
// when the page was reopened while they ran.
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import { startRecovery } from "../host/jobs.ts";
import { useActions } from "./actions-context.ts";
import { JobProgress } from "./JobProgress.tsx";

export function InterruptedJobs({ jobs }: { jobs: string[] }): React.ReactElement | null {
    const actions = useActions();
    const [starting, setStarting] = useState<string | null>(null);
    const [error, setError] = useState<string | null>(null);
    if (jobs.length === 0)
        return null;
    const first = jobs[0]!;
    const recover = () => {
        if (!actions.machine)
            return;
        setStarting(first);
        setError(null);
        startRecovery(first, actions.machine, actions.startOptions).then(
            id => actions.jobStarted(id, { watch: true }),
            ex => setError(ex instanceof Error ? ex.message : String(ex)),
        ).finally(() => setStarting(null));
    };
    return (
        <Alert
            isInline
            variant="danger"
            data-testid="interrupted-job"
            data-job-id={first}
            title={format(ngettext("Job $0 was interrupted", "Jobs $0 were interrupted", jobs.length), jobs.join(", "))}
            actionLinks={(
                <AlertActionLink data-testid="recover-button" id="recover-button" onClick={recover}
                                 isDisabled={starting !== null || actions.adminBlocked !== null || actions.runningJob !== null}>
                    {_("Undo it")}
                </AlertActionLink>
            )}
        >
            <Content component="p">
                {_("It was killed before it finished and could not undo what it had done, so the host may be half-changed. Its undo script was kept. Undo it before making other changes; until then no other change can start.")}
            </Content>
            {actions.runningJob && <Content component="p">{format(_("Wait for job $0 to finish first."), actions.runningJob)}</Content>}
            {error && <Content component="p" data-testid="recover-error">{error}</Content>}
        </Alert>
    );
}

export function RunningJobs({ jobs, onDismiss }: { jobs: string[]; onDismiss: (jobId: string) => void }): React.ReactElement | null {
    const actions = useActions();
    if (jobs.length === 0)
        return null;
    // Without admin access the journal cannot be read: say that a job runs, no more.
    if (actions.adminBlocked !== null) {
        return (
            <Alert isInline variant="info" id="running-job" data-testid="running-job"
                   title={format(ngettext("A job is running: $0", "Jobs are running: $0", jobs.length), jobs.join(", "))}>
                {_("Following its progress needs administrative access.")}
            </Alert>
        );
    }
    return (
        <Card id="running-job" data-testid="running-job" className="imgbased-running-job">
            <CardHeader>
                <CardTitle component="h2">{ngettext("Running job", "Running jobs", jobs.length)}</CardTitle>
            </CardHeader>
            <CardBody>
                <Stack hasGutter>
                    {jobs.map(id => (
                        <StackItem key={id}>
                            <JobProgress jobId={id} onClose={() => onDismiss(id)} />
                        </StackItem>
                    ))}
                </Stack>
            </CardBody>
        </Card>
    );
}
