// Initialize: turn this host's LVM-thin root into a first base and layer. The base name starts
// as os-release suggests (ID-VERSION_ID-1) and is checked as it is typed; every refusal is shown
// before anything runs.
import React, { useState } from "react";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { readInitFacts } from "../host/facts.ts";
import { defaultBaseName, initialize } from "../model/actions/initialize.ts";
import type { InitFacts } from "../model/actions/types.ts";
import { isValidLvName, layerName, parseNvr } from "../model/nvr.ts";
import type { Discovery } from "../model/types.ts";
import { ActionDialog } from "./ActionDialog.tsx";

/** Why a base name cannot be used, or null when it can. */
export function baseNameProblem(name: string): string | null {
    if (name === "")
        return _("Enter a name.");
    if (!isValidLvName(name) || !isValidLvName(layerName(name, 1)))
        return _("Use letters, digits and + _ . - only, at most 53 characters, not starting with a dash.");
    if (parseNvr(name) === null)
        return _("The name must have the form NAME-VERSION-RELEASE, for example debian-12-1.");
    return null;
}

export function InitializeDialog({ discovery, onClose }: {
    discovery: Extract<Discovery, { kind: "none" }>; onClose: () => void;
}): React.ReactElement {
    // null until the admin types: then the name os-release suggests is used.
    const [typed, setTyped] = useState<string | null>(null);
    const nameOf = (facts: InitFacts | null) => typed ?? (facts ? defaultBaseName(facts.osRelease) ?? "" : "");

    const options = (facts: InitFacts | null) => {
        const name = nameOf(facts);
        const problem = facts || typed !== null ? baseNameProblem(name) : null;
        return (
            <Form onSubmit={ev => ev.preventDefault()}>
                <FormGroup label={_("Name of the first base")} fieldId="initialize-name" isRequired>
                    <TextInput
                        id="initialize-name"
                        data-testid="initialize-name"
                        value={name}
                        isDisabled={!facts}
                        validated={problem ? "error" : "default"}
                        onChange={(_ev, value) => setTyped(value)}
                    />
                    <FormHelperText>
                        <HelperText>
                            <HelperTextItem variant={problem ? "error" : "default"} data-testid="initialize-name-help">
                                {problem ?? (name
                                    ? format(_("The running system becomes base $0, read-only, and the host boots its first layer $1 from the next start."),
                                             name, layerName(name, 1))
                                    : _("NAME-VERSION-RELEASE of the running system."))}
                            </HelperTextItem>
                        </HelperText>
                    </FormHelperText>
                </FormGroup>
            </Form>
        );
    };

    return (
        <ActionDialog<InitFacts>
            action="initialize"
            title={_("Initialize image layers")}
            loadFacts={m => readInitFacts(discovery.boot.backend, m)}
            // Untouched, the planner picks the os-release name itself (and says when there is none).
            plan={(facts, jobId) => ({ result: initialize(discovery, facts!, typed === null ? { jobId } : { jobId, baseName: typed }) })}
            planKey={typed === null ? "" : `=${typed}`}
            options={options}
            confirmLabel={_("Initialize")}
            onClose={onClose}
        />
    );
}
