// A job as it runs and as it ended: its steps with a status each (the running step's output
// live), and the outcome in words with what to do next. Used by the action dialog, the
// running-job card (re-attached after a reload) and, read-only, the history.
import React, { useEffect, useRef, useState } from "react";
import { ActionList, ActionListItem } from "@patternfly/react-core/dist/esm/components/ActionList/index.js";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { ProgressStep, ProgressStepper } from "@patternfly/react-core/dist/esm/components/ProgressStepper/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import UndoIcon from "@patternfly/react-icons/dist/esm/icons/undo-icon.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { stopJob, unitName } from "../host/jobs.ts";
import { pastNoReturn, type JobProgress as Progress, type StepProgress } from "../model/job-log.ts";
import { useActions } from "./actions-context.ts";
import { useMachine } from "./machine-context.ts";
import { useJobFollow } from "./useJobFollow.ts";

/** Lines of one step's output shown; the journal keeps all of them. */
const OUTPUT_LINES = 200;

/** The job changed what boots (a step that switches the boot choice completed and stayed). */
export function changesBoot(progress: Progress): boolean {
    return progress.state === "succeeded" && progress.steps.some(s => s.changesBoot && s.status === "done");
}

/** `ended`: the job is over; `recovery`: the log is of an undo script, which undoes only some steps. */
function statusText(step: StepProgress, ended: boolean, recovery = false): string {
    switch (step.status) {
    case "pending": return !ended ? _("Waiting") : recovery ? _("Nothing to undo") : _("Not run");
    case "running": return _("Running");
    case "done": return _("Done");
    case "failed": return step.rc === null ? _("Failed") : format(_("Failed with exit status $0"), step.rc);
    case "undoing": return _("Undoing");
    case "undone": return _("Undone");
    case "undo-failed": return step.undoRc === null ? _("Undo failed") : format(_("Undo failed with exit status $0"), step.undoRc);
    }
}

function variant(step: StepProgress): "default" | "pending" | "success" | "info" | "danger" | "warning" {
    switch (step.status) {
    case "pending": return "pending";
    case "running": return "info";
    case "done": return "success";
    case "failed": return "danger";
    case "undoing": return "warning";
    case "undone": return "default";
    case "undo-failed": return "danger";
    }
}

function icon(step: StepProgress): React.ReactNode | undefined {
    if (step.status === "running" || step.status === "undoing")
        return <Spinner size="md" aria-label={statusText(step, false)} />;
    if (step.status === "undone")
        return <UndoIcon />;
    return undefined;
}

function Output({ lines, testId }: { lines: string[]; testId: string }): React.ReactElement {
    const hidden = Math.max(0, lines.length - OUTPUT_LINES);
    return (
        <CodeBlock className="imgbased-output">
            {hidden > 0 && <div className="imgbased-muted">{format(_("$0 earlier lines are in the journal"), hidden)}</div>}
            <CodeBlockCode data-testid={testId}>{lines.slice(hidden).join("\n") || _("(no output)")}</CodeBlockCode>
        </CodeBlock>
    );
}

/** The steps of a job with their status; the output of the running or failed step opens by itself. */
export function JobSteps({ progress, jobId }: { progress: Progress; jobId: string }): React.ReactElement {
    const [open, setOpen] = useState<Record<number, boolean>>({});
    const ended = progress.state !== "running";
    return (
        <ProgressStepper isVertical aria-label={_("Steps")} className="imgbased-job-steps">
            {progress.steps.map(step => {
                const id = `${jobId}-step-${step.index}`;
                const expanded = open[step.index] ?? (step.status === "running" || step.status === "failed" || step.status === "undo-failed");
                return (
                    <ProgressStep
                        key={step.index}
                        id={id}
                        titleId={`${id}-title`}
                        data-testid="job-step"
                        data-step-id={step.id}
                        data-status={step.status}
                        variant={variant(step)}
                        icon={icon(step)}
                        isCurrent={step.status === "running" || step.status === "undoing"}
                        description={(
                            <>
                                {/* The icon says waiting and done; words for the rest. */}
                                <span className={(step.status === "pending" && !ended) || step.status === "done" ? "pf-v6-screen-reader" : "imgbased-step-status"}>
                                    {statusText(step, ended, progress.recovery)}
                                </span>
                                {step.output.length > 0 && (
                                    <ExpandableSection
                                        toggleText={expanded ? _("Hide output") : _("Show output")}
                                        isExpanded={expanded}
                                        onToggle={(_ev, value) => setOpen(o => ({ ...o, [step.index]: value }))}
                                        className="imgbased-step-output"
                                    >
                                        <Output lines={step.output} testId="job-step-output" />
                                    </ExpandableSection>
                                )}
                            </>
                        )}
                    >
                        {step.title || step.id}
                    </ProgressStep>
                );
            })}
        </ProgressStepper>
    );
}

/** The outcome in words, with what to do next. */
export function JobResult({ progress, unit }: { progress: Progress; unit: string }): React.ReactElement | null {
    const failed = progress.failedStep === null ? null : progress.steps[progress.failedStep] ?? null;
    const failedName = failed ? format(_("step $0, \"$1\""), failed.index + 1, failed.title || failed.id) : _("a step");
    const journal = format(_("The whole log is in the journal: journalctl -u $0"), unit);
    const common = { isInline: true, "data-testid": "job-result", "data-state": progress.state };
    switch (progress.state) {
    case "running":
        return null;
    case "succeeded":
        return (
            <Alert {...common} variant="success" title={_("Done")}>
                {changesBoot(progress) ? _("The change takes effect when the host boots next.") : null}
            </Alert>
        );
    case "recovered":
        return <Alert {...common} variant="success" title={_("The interrupted job was undone")}>{_("What it had done was undone. You can make changes again.")}</Alert>;
    case "failed-undone":
        // The plan's first step found the host changed since the plan was made (preconditions.ts).
        if (failed?.precondition && !progress.signal) {
            return (
                <Alert {...common} variant="warning" title={_("Not run: the host changed since the plan was made")}>
                    <Content component="p">{_("Nothing was changed. The output of the first step says what differs. Close this and open the action again to plan from the host as it is now.")}</Content>
                </Alert>
            );
        }
        return (
            <Alert {...common} variant="danger" title={progress.signal ? _("Stopped and undone") : format(_("Failed at $0"), failedName)}>
                <Content component="p">{_("Everything the job had done was undone: nothing was changed.")}</Content>
                {!progress.signal && <Content component="p">{_("The output of the failed step says why. Fix the cause, then try again.")}</Content>}
            </Alert>
        );
    case "failed-undo-incomplete":
        return (
            <Alert {...common} variant="danger" title={_("Failed, and undoing it failed too")}>
                <Content component="p">{format(_("The job failed at $0 and then could not undo everything it had done, so the host may be half-changed."), failedName)}</Content>
                <Content component="p">{_("Its undo script was kept. Fix what the output of the failed undo names, then use \"Undo it\" at the top of the page to finish undoing it.")}</Content>
                <Content component="p">{journal}</Content>
            </Alert>
        );
    case "refused-busy":
        return (
            <Alert {...common} variant="warning" title={format(_("Not started: job $0 is running"), progress.blockedBy ?? "?")}>
                {_("Nothing was changed. Only one job runs at a time: wait for it to finish, then try again.")}
            </Alert>
        );
    case "refused-recovery":
        return (
            <Alert {...common} variant="warning" title={format(_("Not started: job $0 was interrupted and must be undone first"), progress.blockedBy ?? "?")}>
                {_("Nothing was changed. Use \"Undo it\" at the top of the page, then try again.")}
            </Alert>
        );
    case "failed-setup":
        return (
            <Alert {...common} variant="danger" title={_("Not started: the job could not set up its lock or state file")}>
                <Content component="p">{_("Nothing was changed. Check that /run/imgbased and /var/lib/imgbased are writable.")}</Content>
                <Content component="p">{journal}</Content>
            </Alert>
        );
    case "failed-unfinished":
        return (
            <Alert {...common} variant="danger" title={format(_("Stopped at $0, past its point of no return"), failedName)}>
                <Content component="p">{_("What it did before cannot be undone, so the job is to be finished, not undone. The output of the failed step says why it failed: fix that, then use \"Finish it\" at the top of the page.")}</Content>
                <Content component="p">{journal}</Content>
            </Alert>
        );
    case "completed":
        return <Alert {...common} variant="success" title={_("The interrupted job was finished")}>{_("It had passed its point of no return, so the steps it had left were run. You can make changes again.")}</Alert>;
    case "handled":
        return <Alert {...common} variant="info" title={_("The interrupted job was marked as handled")}>{_("Its recovery script and state were removed. You can make changes again.")}</Alert>;
    case "interrupted":
        return (
            <Alert {...common} variant="danger" title={_("The job was killed before it finished")}>
                <Content component="p">{pastNoReturn(progress)
                    ? _("It had passed its point of no return. Its recovery script was kept: use \"Finish it\" at the top of the page.")
                    : _("It could not undo what it had done. Its undo script was kept: use \"Undo it\" at the top of the page.")}</Content>
                <Content component="p">{journal}</Content>
            </Alert>
        );
    }
}

export interface JobProgressProps {
    jobId: string;
    /** Close the view; while the job runs it goes on in the background. */
    onClose?: () => void;
    /** Offer Close while the job still runs (a dialog may close; the page's card stays). */
    closeWhileRunning?: boolean;
    /** Show the job's title (a dialog has its own). */
    showTitle?: boolean;
}

export function JobProgress({ jobId, onClose, closeWhileRunning = false, showTitle = true }: JobProgressProps): React.ReactElement {
    const actions = useActions();
    const machine = useMachine();
    const { progress, lines, error, unreadable } = useJobFollow(jobId);
    const [stopping, setStopping] = useState(false);
    const [stopError, setStopError] = useState<string | null>(null);
    const running = progress.state === "running";
    const unit = unitName(jobId);

    // The end, once per run: re-read the layout, the jobs and the history. A recovery run again
    // under its id shows in the same view (its log's newest run counts).
    const reported = useRef(false);
    const { jobEnded } = actions;
    useEffect(() => {
        if (running)
            reported.current = false;
        else if (!reported.current) {
            reported.current = true;
            jobEnded(jobId);
        }
    }, [running, jobId, jobEnded]);

    const stop = () => {
        setStopping(true);
        stopJob(jobId, machine).catch(ex => setStopError(String((ex as Error).message ?? ex)));
    };

    const title = !progress.recovery ? progress.title ?? jobId
        : progress.state === "handled" ? format(_("Interrupted job $0"), progress.id ?? jobId)
        : format(progress.completing ? _("Finishing interrupted job $0") : _("Undoing interrupted job $0"), progress.id ?? jobId);
    return (
        <div className="imgbased-job" data-testid="job-progress" data-job-id={jobId} data-state={progress.state}>
            {showTitle && <Title headingLevel="h3" size="md" data-testid="job-title">{title}</Title>}
            {error != null && (
                <Alert isInline variant="danger" data-testid="job-error" title={_("The job's log cannot be read")}>
                    {String((error as Error).message ?? error)}
                </Alert>
            )}
            {unreadable && error == null && (
                <Alert isInline variant="warning" data-testid="job-error" title={_("The job has ended, but its log cannot be read")}>
                    {format(_("See its outcome with: journalctl -u $0"), unit)}
                </Alert>
            )}
            {running && progress.steps.length === 0 && error == null && !unreadable && (
                <div className="imgbased-job-starting"><Spinner size="md" /> {_("Starting…")}</div>
            )}
            {/* The outcome first: a long step list would push it out of sight. */}
            <JobResult progress={progress} unit={unit} />
            {progress.steps.length > 0 && <JobSteps progress={progress} jobId={jobId} />}
            {stopError && <Alert isInline variant="danger" title={_("The job could not be stopped")}>{stopError}</Alert>}
            {!running && lines.length > 0 && (
                <ExpandableSection toggleText={_("Full log")} className="imgbased-job-log">
                    <Output lines={lines} testId="job-log" />
                </ExpandableSection>
            )}
            <ActionList className="imgbased-job-actions">
                {changesBoot(progress) && (
                    <ActionListItem>
                        <Button variant="primary" data-testid="job-reboot" id={`${jobId}-reboot`}
                                isDisabled={actions.adminBlocked !== null}
                                onClick={() => actions.open({ kind: "reboot" })}>
                            {_("Reboot now")}
                        </Button>
                    </ActionListItem>
                )}
                {/* Past its point of no return a job goes forward only: nothing to stop and undo. */}
                {running && !progress.recovery && !pastNoReturn(progress) && (
                    <ActionListItem>
                        <Button variant="secondary" isDanger data-testid="job-stop" isLoading={stopping}
                                isDisabled={stopping || actions.adminBlocked !== null} onClick={stop}>
                            {_("Stop and undo")}
                        </Button>
                    </ActionListItem>
                )}
                {onClose && (!running || closeWhileRunning) && (
                    <ActionListItem>
                        <Button variant={changesBoot(progress) ? "secondary" : "primary"} data-testid="job-close" onClick={onClose}>
                            {running ? _("Close (the job goes on)") : _("Close")}
                        </Button>
                    </ActionListItem>
                )}
            </ActionList>
        </div>
    );
}
