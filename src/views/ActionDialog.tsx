// The one dialog flow every change goes through: collect the host's facts (one process), plan
// with a fresh job id, show the refusal or the plan with its exact commands, and on "Run" start
// the job and turn into its progress view. The dialogs of the single actions only say which
// planner to call and which inputs to offer (see ActionDialogs.tsx).
import React, { useEffect, useMemo, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { Machine } from "../host/machine.ts";
import { isRefusal, type Refusal } from "../model/actions/types.ts";
import type { Plan } from "../model/plan.ts";
import { useActions } from "./actions-context.ts";
import { errorMessage } from "./error-message.ts";
import { newJobId } from "./job-id.ts";
import { JobProgress } from "./JobProgress.tsx";
import { useMachine } from "./machine-context.ts";
import { PlanView, RefusalView } from "./PlanView.tsx";
import { useStartJob } from "./useStartJob.ts";

export interface PlanOutcome {
    /** null: nothing to do (e.g. a cleanup that keeps everything); `nothing` says so. */
    result: Plan | Refusal | null;
    nothing?: string;
    /** Shown above the plan (the cleanup's preview). */
    extra?: React.ReactNode;
}

type Loaded<F> = { state: "loading" } | { state: "ready"; facts: F } | { state: "error"; message: string };

export interface ActionDialogProps<F> {
    /** The plan's action name: the prefix of the job id. */
    action: string;
    title: string;
    /** Reads the facts the planner needs through the page's Machine; null when it needs none. */
    loadFacts: ((machine: Machine) => Promise<F>) | null;
    /** Called again whenever `planKey` or the facts change; gets a fresh job id each time. */
    plan: (facts: F | null, jobId: string) => PlanOutcome;
    /** Changes when the inputs of `plan` change (the options the dialog offers). */
    planKey?: string;
    /** Inputs above the plan (retention, name, what to boot); a function gets the facts once read. */
    options?: React.ReactNode | ((facts: F | null) => React.ReactNode);
    confirmLabel: string;
    danger?: boolean;
    onClose: () => void;
}

export function ActionDialog<F>({
    action, title, loadFacts, plan, planKey = "", options, confirmLabel, danger = false, onClose,
}: ActionDialogProps<F>): React.ReactElement {
    const actions = useActions();
    const machine = useMachine();
    const [loaded, setLoaded] = useState<Loaded<F | null>>(loadFacts ? { state: "loading" } : { state: "ready", facts: null });
    const { jobId, starting, startError, start } = useStartJob();

    // Facts once per opening: what the admin reviews is what runs.
    useEffect(() => {
        if (!loadFacts)
            return;
        let live = true;
        loadFacts(machine).then(facts => { if (live) setLoaded({ state: "ready", facts }) },
                                ex => { if (live) setLoaded({ state: "error", message: errorMessage(ex) }) });
        return () => { live = false };
        // eslint-disable-next-line react-hooks/exhaustive-deps -- once per dialog
    }, []);

    const outcome = useMemo((): PlanOutcome | null => {
        if (loaded.state !== "ready")
            return null;
        try {
            return plan(loaded.facts, newJobId(action));
        } catch (ex) {
            // A planner throws only on a bug (validatePlan); show it rather than a blank dialog.
            return { result: null, nothing: errorMessage(ex) };
        }
        // eslint-disable-next-line react-hooks/exhaustive-deps -- plan changes with planKey
    }, [loaded, planKey, action]);

    const result = outcome?.result ?? null;
    const runnable = result !== null && !isRefusal(result) ? result : null;
    const busy = actions.runningJob;
    const blocked = actions.blocked;

    const inputs = typeof options === "function" ? options(loaded.state === "ready" ? loaded.facts : null) : options;
    const body = jobId
        ? <JobProgress jobId={jobId} onClose={onClose} closeWhileRunning showTitle={false} />
        : (
            <Stack hasGutter>
                {inputs && <StackItem>{inputs}</StackItem>}
                {loaded.state === "loading" && (
                    <StackItem data-testid="plan-loading" className="imgbased-plan-loading">
                        <Spinner size="md" /> {_("Checking the host…")}
                    </StackItem>
                )}
                {loaded.state === "error" && (
                    <StackItem>
                        <Alert isInline variant="danger" data-testid="plan-error" title={_("The host's facts could not be read")}>
                            {loaded.message}
                        </Alert>
                    </StackItem>
                )}
                {outcome?.extra && <StackItem>{outcome.extra}</StackItem>}
                {result !== null && isRefusal(result) && <StackItem><RefusalView refusal={result} /></StackItem>}
                {runnable && <StackItem><PlanView plan={runnable} heading={title} /></StackItem>}
                {outcome && result === null && (
                    <StackItem>
                        <Alert isInline variant="info" data-testid="plan-nothing" title={outcome.nothing ?? _("Nothing to do")} />
                    </StackItem>
                )}
                {runnable && busy && (
                    <StackItem>
                        <Alert isInline variant="warning" data-testid="plan-busy"
                               title={format(_("Job $0 is running"), busy)}>
                            {_("Only one job runs at a time. Wait for it to finish, then run this one.")}
                        </Alert>
                    </StackItem>
                )}
                {runnable && blocked && (
                    <StackItem>
                        <Alert isInline variant="warning" data-testid="plan-blocked" title={blocked} />
                    </StackItem>
                )}
                {startError && (
                    <StackItem>
                        <Alert isInline variant="danger" data-testid="plan-start-error" title={_("The job could not be started")}>
                            {startError}
                        </Alert>
                    </StackItem>
                )}
            </Stack>
        );

    return (
        <Modal
            isOpen
            variant="medium"
            position="top"
            onClose={onClose}
            data-testid="plan-dialog"
            data-action={action}
            data-phase={jobId ? "job" : loaded.state === "ready" ? (runnable ? "plan" : result ? "refused" : "nothing") : loaded.state}
            aria-labelledby="plan-dialog-title"
        >
            <ModalHeader title={title} labelId="plan-dialog-title" />
            <ModalBody>{body}</ModalBody>
            {!jobId && (
                <ModalFooter>
                    {runnable && (
                        <Button
                            variant={danger ? "danger" : "primary"}
                            data-testid="plan-confirm"
                            id="plan-confirm"
                            isLoading={starting}
                            isDisabled={starting || busy !== null || blocked !== null}
                            onClick={() => { if (runnable) void start(runnable) }}
                        >
                            {confirmLabel}
                        </Button>
                    )}
                    <Button variant="link" data-testid="plan-cancel" id="plan-cancel" onClick={onClose}>
                        {_("Cancel")}
                    </Button>
                </ModalFooter>
            )}
        </Modal>
    );
}
