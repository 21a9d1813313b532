// Clean up old images: how many of each product to keep, a preview of every base with what
// happens to it and why, then the shared plan review of the removal.
import React, { useState } from "react";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { NumberInput } from "@patternfly/react-core/dist/esm/components/NumberInput/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _ } from "../../pkg/lib/cockpit.ts";
import { cleanup, DEFAULT_RETENTION, type BaseVerdict, type CleanupReason } from "../model/actions/cleanup.ts";
import { isRefusal } from "../model/actions/types.ts";
import { ActionDialog, type PlanOutcome } from "./ActionDialog.tsx";
import { readFreshState, type FreshState } from "./fresh-state.ts";

function reasonText(reason: CleanupReason): string {
    switch (reason) {
    case "retained": return _("one of the newest to keep");
    case "pinned": return _("pinned");
    case "has-pinned-layer": return _("has a pinned layer");
    case "booted": return _("a layer of it is running");
    case "default": return _("a layer of it boots by default");
    case "next-boot": return _("a layer of it boots next");
    case "older-than-retention": return _("older than the ones to keep");
    }
}

function Preview({ preview }: { preview: BaseVerdict[] }): React.ReactElement {
    return (
        <Table variant="compact" aria-label={_("What happens to each base")} data-testid="cleanup-preview">
            <Thead>
                <Tr>
                    <Th>{_("Base")}</Th>
                    <Th>{_("Result")}</Th>
                    <Th>{_("Why")}</Th>
                </Tr>
            </Thead>
            <Tbody>
                {preview.map(v => (
                    <Tr key={v.name} data-testid="cleanup-row" data-name={v.name} data-action={v.action}>
                        <Td dataLabel={_("Base")} className="imgbased-name">{v.name}</Td>
                        <Td dataLabel={_("Result")}>
                            {v.action === "remove"
                                ? <Label isCompact status="danger">{_("Remove")}</Label>
                                : <Label isCompact color="green">{_("Keep")}</Label>}
                        </Td>
                        <Td dataLabel={_("Why")} data-testid="cleanup-reasons">{v.reasons.map(reasonText).join(", ")}</Td>
                    </Tr>
                ))}
            </Tbody>
        </Table>
    );
}

export function CleanupDialog({ onClose }: {
    onClose: () => void;
}): React.ReactElement {
    const [retention, setRetention] = useState<number | "">(DEFAULT_RETENTION);
    const valid = typeof retention === "number" && Number.isInteger(retention) && retention >= 1;
    const set = (value: number | "") => setRetention(value === "" ? "" : Math.max(1, Math.round(value)));

    const options = (
        <Form onSubmit={ev => ev.preventDefault()}>
            <FormGroup label={_("Images to keep per product")} fieldId="cleanup-retention">
                <NumberInput
                    value={retention}
                    min={1}
                    inputName="cleanup-retention"
                    inputAriaLabel={_("Images to keep per product")}
                    inputProps={{ id: "cleanup-retention", "data-testid": "cleanup-retention" }}
                    minusBtnProps={{ "data-testid": "cleanup-retention-minus" } as object}
                    plusBtnProps={{ "data-testid": "cleanup-retention-plus" } as object}
                    onMinus={() => set((typeof retention === "number" ? retention : DEFAULT_RETENTION) - 1)}
                    onPlus={() => set((typeof retention === "number" ? retention : 0) + 1)}
                    onChange={ev => {
                        const text = (ev.target as HTMLInputElement).value;
                        set(text === "" ? "" : Number(text));
                    }}
                    validated={valid ? "default" : "error"}
                />
                <FormHelperText>
                    <HelperText>
                        <HelperTextItem variant={valid ? "default" : "error"}>
                            {_("The newest images of each product stay, and so does every image that is pinned, running, or set to boot.")}
                        </HelperTextItem>
                    </HelperText>
                </FormHelperText>
            </FormGroup>
        </Form>
    );

    const plan = (fresh: FreshState | null, jobId: string): PlanOutcome => {
        const result = cleanup(fresh!.layout, fresh!.facts!, { jobId, retention: valid ? retention : 0 });
        if (isRefusal(result))
            return { result };
        return {
            result: result.plan,
            nothing: _("Nothing to remove: every base is kept."),
            extra: <Preview preview={result.preview} />,
        };
    };

    return (
        <ActionDialog<FreshState>
            action="cleanup"
            title={_("Clean up old images")}
            loadFacts={m => readFreshState(m)}
            plan={plan}
            planKey={String(retention)}
            options={options}
            confirmLabel={_("Remove")}
            danger
            onClose={onClose}
        />
    );
}
