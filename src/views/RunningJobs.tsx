// The top of the page while jobs need attention: a job killed mid-way whose recovery waits (nothing
// else may start until it is undone or finished, or the admin marked it handled), and the jobs that run or just ended, followed live, also
// when the page was reopened while they ran.
import React, { useState } from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import { startRecovery } from "../host/jobs.ts";
import { undoScriptPath } from "../model/plan.ts";
import { useActions } from "./actions-context.ts";
import { useMachine } from "./machine-context.ts";
import { JobProgress } from "./JobProgress.tsx";

/**
 * Marking a job handled forgets it without undoing or finishing it: only after the admin did
 * that by hand, so the dialog says where the recovery script is and how to run it.
 */
function MarkHandledDialog({ jobId, onConfirm, onClose }: { jobId: string; onConfirm: () => void; onClose: () => void }): React.ReactElement {
    const script = undoScriptPath(jobId);
    return (
        <Modal isOpen variant="small" onClose={onClose} data-testid="mark-handled-dialog" aria-labelledby="mark-handled-title">
            <ModalHeader title={format(_("Mark job $0 as handled?"), jobId)} labelId="mark-handled-title" titleIconVariant="warning" />
            <ModalBody>
                <Content component="p">
                    {_("Do this only after you have finished or undone what the job left, by hand. The page then forgets the job: its recovery script and state are removed, and changes can be made again. This is recorded in the job history.")}
                </Content>
                <Content component="p">
                    {_("The log of its last run shows the steps that are left and the output of the one that failed. To run its recovery by hand:")}
                </Content>
                <Content component="p"><code data-testid="recovery-command">{`sh ${script}`}</code></Content>
            </ModalBody>
            <ModalFooter>
                <Button variant="danger" data-testid="mark-handled-confirm" onClick={onConfirm}>{_("Mark as handled")}</Button>
                <Button variant="link" data-testid="mark-handled-cancel" onClick={onClose}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}

/**
 * A job that was killed, or stopped past its point of no return, or whose undo failed: its
 * recovery (undo, or completion past the point of no return) must run before anything else.
 */
export function InterruptedJobs({ jobs, pastNoReturn }: { jobs: string[]; pastNoReturn: string[] }): React.ReactElement | null {
    const actions = useActions();
    const machine = useMachine();
    const [starting, setStarting] = useState<string | null>(null);
    const [confirming, setConfirming] = useState(false);
    const [error, setError] = useState<string | null>(null);
    if (jobs.length === 0)
        return null;
    const first = jobs[0]!;
    const finishing = pastNoReturn.includes(first);
    const recover = (handled: boolean) => {
        setConfirming(false);
        setStarting(first);
        setError(null);
        startRecovery(first, machine, { ...actions.startOptions, handled }).then(
            id => actions.jobStarted(id, { watch: true }),
            ex => setError(ex instanceof Error ? ex.message : String(ex)),
        ).finally(() => setStarting(null));
    };
    const disabled = starting !== null || actions.adminBlocked !== null || actions.runningJob !== null;
    return (
        <Alert
            isInline
            variant="danger"
            data-testid="interrupted-job"
            data-job-id={first}
            data-past-no-return={finishing}
            title={format(ngettext("Job $0 was interrupted", "Jobs $0 were interrupted", jobs.length), jobs.join(", "))}
            actionLinks={(
                <>
                    <AlertActionLink data-testid="recover-button" id="recover-button" onClick={() => recover(false)} isDisabled={disabled}>
                        {finishing ? _("Finish it") : _("Undo it")}
                    </AlertActionLink>
                    <AlertActionLink data-testid="mark-handled-button" onClick={() => setConfirming(true)} isDisabled={disabled}>
                        {_("Mark as handled…")}
                    </AlertActionLink>
                </>
            )}
        >
            <Content component="p">
                {finishing
                    ? _("It stopped after its point of no return: what it removed cannot come back, so it is finished, not undone. Its recovery runs the steps it has left; if one failed, fix what its output names first. Until then no other change can start.")
                    : _("It was killed before it finished and could not undo what it had done, so the host may be half-changed. Its undo script was kept. Undo it before making other changes; until then no other change can start.")}
            </Content>
            {actions.runningJob && <Content component="p">{format(_("Wait for job $0 to finish first."), actions.runningJob)}</Content>}
            {error && <Content component="p" data-testid="recover-error">{error}</Content>}
            {confirming && <MarkHandledDialog jobId={first} onConfirm={() => recover(true)} onClose={() => setConfirming(false)} />}
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
