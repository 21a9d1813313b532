// Upgrade to a new OS image (DESIGN §5): a wizard in a modal. Image → Checks → Keep files →
// Review (every command, and what to boot afterwards) → the job's progress, which goes on when
// the browser closes and offers the reboot at the end. Host facts, layout and whitelist are read
// once when the wizard opens, so what is checked and reviewed is what runs.
import React, { useEffect, useMemo, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Wizard, WizardStep } from "@patternfly/react-core/dist/esm/components/Wizard/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { bootedLayer, findBase } from "../../model/actions/layout-query.ts";
import { isRefusal } from "../../model/actions/types.ts";
import { upgrade, upgradeChecks, type UpgradeArgs } from "../../model/actions/upgrade.ts";
import { useActions } from "../actions-context.ts";
import { useMachine } from "../machine-context.ts";
import { readFreshState, type FreshState } from "../fresh-state.ts";
import { newJobId } from "../job-id.ts";
import { JobProgress } from "../JobProgress.tsx";
import { PlanView, RefusalView } from "../PlanView.tsx";
import { usePersist } from "../usePersist.ts";
import { useStartJob } from "../useStartJob.ts";
import { ChecksStep } from "./ChecksStep.tsx";
import { ImageStep } from "./ImageStep.tsx";
import { KeepFilesStep } from "./KeepFilesStep.tsx";
import { useKeepFiles } from "./useKeepFiles.ts";
import { useUpgradeInputs } from "./useUpgradeInputs.ts";

type Select = "none" | "default" | "trial";
type Loaded = { state: "loading" } | { state: "ready"; fresh: FreshState } | { state: "error"; message: string };

function SelectChoice({ select, onChange }: { select: Select; onChange: (s: Select) => void }): React.ReactElement {
    const choices: [Select, string][] = [
        ["trial", _("Try the new layer at the next start: it becomes the default when its health checks pass; if they fail, or it does not come up, the node goes back to the layer it boots now")],
        ["default", _("Boot the new layer by default")],
        ["none", _("Keep booting as now")],
    ];
    return (
        <Form onSubmit={ev => ev.preventDefault()}>
            <FormGroup role="radiogroup" isStack fieldId="upgrade-select" label={_("After the upgrade")}>
                {choices.map(([value, label]) => (
                    <Radio key={value} id={`upgrade-select-${value}`} name="upgrade-select" data-testid={`upgrade-select-${value}`}
                           label={label} isChecked={select === value} onChange={() => onChange(value)} />
                ))}
            </FormGroup>
        </Form>
    );
}

export function UpgradeWizard({ onClose }: { onClose: () => void }): React.ReactElement {
    const actions = useActions();
    const machine = useMachine();
    const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
    const persist = usePersist(0);
    const { inputs, probe, inspect } = useUpgradeInputs();
    const [select, setSelect] = useState<Select>("trial");
    const { jobId, starting, startError, start } = useStartJob();

    useEffect(() => {
        let live = true;
        readFreshState(machine).then(fresh => { if (live) setLoaded({ state: "ready", fresh }) },
                                     (ex: Error) => { if (live) setLoaded({ state: "error", message: ex.message }) });
        return () => { live = false };
    }, [machine]);

    const fresh = loaded.state === "ready" ? loaded.fresh : null;
    const persistState = persist.phase === "ready" ? persist.state : null;
    const bootedNow = fresh ? bootedLayer(fresh.layout) : null;
    const baseNow = fresh && bootedNow ? findBase(fresh.layout, bootedNow.baseName)?.lv?.fullName ?? null : null;
    const keep = useKeepFiles(persistState, baseNow, bootedNow?.lv.fullName ?? null, inputs.image ? inputs.path : "");
    const args = useMemo((): UpgradeArgs | null => {
        if (!inputs.image || inputs.shaError || inputs.nameError)
            return null;
        return {
            jobId: newJobId("upgrade"), imagePath: inputs.path, image: inputs.image, expectedSha256: inputs.expectedSha256,
            name: inputs.name, persist: [], persistChecks: new Map(), ...keep.args,
            ...(select === "none" ? {} : { select, planned: Math.floor(Date.now() / 1000) }),
        };
    }, [inputs, keep.args, select]);
    const checks = fresh?.facts && args ? upgradeChecks(fresh.layout, fresh.facts, args) : [];
    const plan = fresh?.facts && args ? upgrade(fresh.layout, fresh.facts, args) : null;
    const runnable = plan && !isRefusal(plan) ? plan : null;

    const title = _("Upgrade to a new image");
    let body: React.ReactNode;
    if (jobId) {
        body = <JobProgress jobId={jobId} onClose={onClose} closeWhileRunning showTitle={false} />;
    } else if (loaded.state !== "ready") {
        body = loaded.state === "loading"
            ? <div data-testid="plan-loading"><Spinner size="md" /> {_("Checking the host…")}</div>
            : <Alert isInline variant="danger" data-testid="plan-error" title={_("The host's facts could not be read")}>{loaded.message}</Alert>;
    } else {
        const booted = bootedNow?.name ?? "";
        const blocked = actions.blocked ?? (actions.runningJob ? format(_("Job $0 is running. Only one job runs at a time."), actions.runningJob) : null);
        body = (
            <Wizard onClose={onClose} height={560} data-testid="upgrade-wizard">
                <WizardStep name={_("Image")} id="upgrade-step-image"
                            footer={{ isNextDisabled: !args, nextButtonProps: { "data-testid": "wizard-next" } as object }}>
                    <ImageStep inputs={inputs} probe={probe} onInspect={inspect} />
                </WizardStep>
                <WizardStep name={_("Checks")} id="upgrade-step-checks" isDisabled={!args}
                            footer={{ isNextDisabled: checks.some(c => !c.ok), nextButtonProps: { "data-testid": "wizard-next" } as object }}>
                    <ChecksStep checks={checks} jobRunning={blocked} />
                </WizardStep>
                <WizardStep name={_("Keep files")} id="upgrade-step-keep" isDisabled={!args || checks.some(c => !c.ok)}
                            footer={{ isNextDisabled: !keep.ready, nextButtonProps: { "data-testid": "wizard-next" } as object }}>
                    <KeepFilesStep load={persist} keep={keep} booted={booted} />
                </WizardStep>
                <WizardStep name={_("Review")} id="upgrade-step-review" isDisabled={!runnable}
                            footer={{
                                nextButtonText: _("Upgrade"), onNext: () => { if (runnable) void start(runnable) },
                                isNextDisabled: !runnable || starting || blocked !== null,
                                nextButtonProps: { "data-testid": "plan-confirm", isLoading: starting } as object,
                            }}>
                    <SelectChoice select={select} onChange={setSelect} />
                    {plan && isRefusal(plan) && <RefusalView refusal={plan} />}
                    {runnable && <PlanView plan={runnable} heading={runnable.title} />}
                    {blocked && <Alert isInline variant="warning" data-testid="plan-blocked" title={blocked} />}
                    {startError && <Alert isInline variant="danger" data-testid="plan-start-error" title={_("The job could not be started")}>{startError}</Alert>}
                </WizardStep>
            </Wizard>
        );
    }
    return (
        <Modal isOpen variant="large" position="top" onClose={onClose} data-testid="plan-dialog" data-action="upgrade"
               data-phase={jobId ? "job" : "wizard"} aria-labelledby="upgrade-title">
            <ModalHeader title={title} labelId="upgrade-title" />
            <ModalBody>{body}</ModalBody>
        </Modal>
    );
}
