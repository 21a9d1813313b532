// Which dialog an action request opens, and for the plain actions which planner it calls: each is
// the shared ActionDialog with a title, a planner and, for "add layer", what to boot afterwards.
import React, { useState } from "react";
import { Radio } from "@patternfly/react-core/dist/esm/components/Radio/index.js";
import { Form, FormGroup } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { addLayer } from "../model/actions/add-layer.ts";
import { pin, unpin } from "../model/actions/pin.ts";
import { setPolicy } from "../model/actions/policy.ts";
import { removeBase, removeLayer } from "../model/actions/remove.ts";
import { rollbackTarget } from "../model/actions/layout-query.ts";
import { bootOnce, makeDefault, rollback } from "../model/actions/switch.ts";
import { acceptTrial, giveUpTrial } from "../model/actions/trial-end.ts";
import { tryLayer } from "../model/actions/try-layer.ts";
import type { PendingTrial } from "../model/trial.ts";
import { readPendingTrial } from "../host/trials.ts";
import type { HostFacts } from "../model/actions/types.ts";
import type { Discovery, Layout } from "../model/types.ts";
import { ActionDialog, type PlanOutcome } from "./ActionDialog.tsx";
import type { ActionKind, ActionRequest } from "./actions-context.ts";
import { CleanupDialog } from "./CleanupDialog.tsx";
import { readFreshState, type FreshState } from "./fresh-state.ts";
import { InitializeDialog } from "./InitializeDialog.tsx";
import { PersistDialog } from "./PersistDialog.tsx";
import { RebootDialog } from "./RebootDialog.tsx";
import { lazyView } from "./lazy.tsx";

const UpgradeWizard = lazyView(async () => (await import("./upgrade/UpgradeWizard.tsx")).UpgradeWizard, true);

type SimpleKind = Exclude<ActionKind, "add-layer" | "cleanup" | "initialize" | "reboot" | "save-persist" | "upgrade">;

interface Simple {
    action: string;
    title: (target: string) => string;
    confirm: string;
    danger?: boolean;
    needsFacts: boolean;
    /** Reads the pending trial too (the trial's own actions). */
    needsTrial?: boolean;
    plan: (layout: Layout, facts: HostFacts, target: string, jobId: string, trial: PendingTrial | null) => PlanOutcome["result"];
}

type Fresh = FreshState & { trial: PendingTrial | null };

/** The words and planner of each plain action (strings are built at render time, for gettext). */
function simple(kind: SimpleKind): Simple {
    switch (kind) {
    case "make-default":
        return {
            action: "make-default", title: t => format(_("Boot $0 by default"), t), confirm: _("Make default"), needsFacts: true,
            plan: (l, f, t, jobId) => makeDefault(l, f, { jobId, layer: t }),
        };
    case "boot-once":
        return {
            action: "boot-once", title: t => format(_("Boot $0 once"), t), confirm: _("Boot once"), needsFacts: true,
            plan: (l, f, t, jobId) => bootOnce(l, f, { jobId, layer: t }),
        };
    case "try":
        return {
            action: "try", title: t => format(_("Try $0"), t), confirm: _("Try at the next boot"), needsFacts: true,
            plan: (l, f, t, jobId) => tryLayer(l, f, { jobId, layer: t, planned: Math.floor(Date.now() / 1000) }),
        };
    case "accept-trial":
        return {
            action: "accept-trial", title: t => format(_("Accept $0 now"), t), confirm: _("Accept now"), needsFacts: true, needsTrial: true,
            plan: (l, f, t, jobId, trial) => acceptTrial(l, f, { jobId, layer: t, trial }),
        };
    case "give-up-trial":
        return {
            action: "give-up-trial", title: t => format(_("Give up the trial of $0"), t), confirm: _("Give up"), danger: true, needsFacts: true, needsTrial: true,
            plan: (l, f, t, jobId, trial) => giveUpTrial(l, f, { jobId, layer: t, trial }),
        };
    case "rollback":
        return {
            action: "rollback", title: t => t ? format(_("Roll back to $0"), t) : _("Roll back"), confirm: _("Roll back"), needsFacts: true,
            plan: (l, f, _t, jobId) => rollback(l, f, { jobId }),
        };
    case "remove-layer":
        return {
            action: "remove-layer", title: t => format(_("Remove layer $0"), t), confirm: _("Remove"), danger: true, needsFacts: true,
            plan: (l, f, t, jobId) => removeLayer(l, f, { jobId, layer: t }),
        };
    case "remove-base":
        return {
            action: "remove-base", title: t => format(_("Remove base $0 and its layers"), t), confirm: _("Remove"), danger: true, needsFacts: true,
            plan: (l, f, t, jobId) => removeBase(l, f, { jobId, base: t }),
        };
    case "pin":
        return {
            action: "pin", title: t => format(_("Pin $0"), t), confirm: _("Pin"), needsFacts: false,
            plan: (l, _f, t, jobId) => pin(l, { jobId, name: t }),
        };
    case "unpin":
        return {
            action: "unpin", title: t => format(_("Unpin $0"), t), confirm: _("Unpin"), needsFacts: false,
            plan: (l, _f, t, jobId) => unpin(l, { jobId, name: t }),
        };
    case "set-policy":
        // The target is the new require-signature value, "yes" or "no".
        return {
            action: "set-policy", title: t => t === "yes" ? _("Require signed images") : _("Stop requiring signed images"),
            confirm: _("Save policy"), needsFacts: true,
            plan: (_l, f, t, jobId) => setPolicy(f, { jobId, requireSignature: t === "yes" }),
        };
    }
}

function SimpleDialog({ kind, target, layout, onClose }: {
    kind: SimpleKind; target: string; layout: Layout; onClose: () => void;
}): React.ReactElement {
    const spec = simple(kind);
    const shown = kind === "rollback" ? rollbackTarget(layout)?.name ?? "" : target;
    return (
        <ActionDialog<Fresh>
            action={spec.action}
            title={spec.title(shown)}
            // Pin and unpin read no facts: their planners take none.
            loadFacts={async m => ({ ...await readFreshState(m, spec.needsFacts), trial: spec.needsTrial ? await readPendingTrial(m) : null })}
            plan={(fresh, jobId) => ({ result: spec.plan(fresh!.layout, fresh!.facts as HostFacts, target, jobId, fresh!.trial) })}
            confirmLabel={spec.confirm}
            danger={spec.danger}
            onClose={onClose}
        />
    );
}

type Select = "none" | "default" | "once";

function AddLayerDialog({ base, onClose }: {
    base: string; onClose: () => void;
}): React.ReactElement {
    const [select, setSelect] = useState<Select>("none");
    const choices: [Select, string][] = [
        ["none", _("Keep booting as now")],
        ["default", _("Boot the new layer by default")],
        ["once", _("Boot the new layer once, at the next start")],
    ];
    const options = (
        <Form onSubmit={ev => ev.preventDefault()}>
            <FormGroup role="radiogroup" isStack fieldId="add-layer-select" label={_("After adding it")}>
                {choices.map(([value, label]) => (
                    <Radio key={value} id={`add-layer-select-${value}`} name="add-layer-select" data-testid={`add-layer-select-${value}`}
                           label={label} isChecked={select === value} onChange={() => setSelect(value)} />
                ))}
            </FormGroup>
        </Form>
    );
    return (
        <ActionDialog<FreshState>
            action="add-layer"
            title={format(_("Add a layer to $0"), base)}
            loadFacts={m => readFreshState(m)}
            plan={(fresh, jobId) => ({
                result: addLayer(fresh!.layout, fresh!.facts!, { jobId, base, ...(select === "none" ? {} : { select }) }),
            })}
            planKey={select}
            options={options}
            confirmLabel={_("Add layer")}
            onClose={onClose}
        />
    );
}

/** The dialog for `request`, or null when the page has nothing it applies to. */
export function ActionDialogs({ request, discovery, onClose }: {
    request: ActionRequest; discovery: Discovery | null; onClose: () => void;
}): React.ReactElement | null {
    if (request.kind === "reboot")
        return <RebootDialog onClose={onClose} />;
    if (!discovery)
        return null;
    if (request.kind === "initialize")
        return discovery.kind === "none" ? <InitializeDialog discovery={discovery} onClose={onClose} /> : null;
    if (discovery.kind !== "layout")
        return null;
    const layout = discovery.layout;
    const target = request.target ?? "";
    switch (request.kind) {
    case "add-layer":
        return <AddLayerDialog base={target} onClose={onClose} />;
    case "cleanup":
        return <CleanupDialog onClose={onClose} />;
    case "save-persist":
        return <PersistDialog onClose={onClose} />;
    case "upgrade":
        return <UpgradeWizard onClose={onClose} />;
    default:
        return <SimpleDialog kind={request.kind} target={target} layout={layout} onClose={onClose} />;
    }
}
