// The wizard's first step: which image file, its checksum, and the name of the base it becomes.
// "Check image" reads the file on the host (format, name, kernel, size; its sha256 when one is
// given); nothing continues until it was read as it is now named.
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { InputGroup, InputGroupItem } from "@patternfly/react-core/dist/esm/components/InputGroup/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { parentDir } from "../../model/actions/file-steps.ts";
import { isImageProblem } from "../../model/upgrade/image-probe.ts";
import { prettyName } from "../../model/upgrade/image-name.ts";
import { IMAGE_KEYRING } from "../../model/upgrade/signature.ts";
import { formatBytes, formatDateTime } from "../format.ts";
import { ImageBrowser } from "./ImageBrowser.tsx";
import { formatName, imageProblemText, unopenedText } from "./upgrade-text.ts";
import type { ImageInputs, ProbeState } from "./useUpgradeInputs.ts";

function Field({ label, error, hint, children, fieldId }: {
    label: string; error?: string | null; hint?: string; children: React.ReactNode; fieldId: string;
}): React.ReactElement {
    return (
        <FormGroup label={label} fieldId={fieldId}>
            {children}
            {(error || hint) && (
                <FormHelperText>
                    <HelperText><HelperTextItem variant={error ? "error" : "default"}>{error ?? hint}</HelperTextItem></HelperText>
                </FormHelperText>
            )}
        </FormGroup>
    );
}

export function ImageStep({ inputs, probe, onInspect }: {
    inputs: ImageInputs; probe: ProbeState; onInspect: () => void;
}): React.ReactElement {
    const [browsing, setBrowsing] = useState(false);
    const result = probe.state === "done" ? probe.result : null;
    return (
        <Form onSubmit={ev => { ev.preventDefault(); onInspect() }}>
            <Field label={_("Image file on this host")} fieldId="upgrade-path" error={inputs.pathError}>
                <InputGroup>
                    <InputGroupItem isFill>
                        <TextInput id="upgrade-path" data-testid="upgrade-path" value={inputs.path} placeholder="/var/tmp/image.squashfs"
                                   onChange={(_ev, v) => inputs.setPath(v)} />
                    </InputGroupItem>
                    <InputGroupItem>
                        <Button variant="control" data-testid="upgrade-browse" onClick={() => setBrowsing(!browsing)}>{_("Browse")}</Button>
                    </InputGroupItem>
                </InputGroup>
            </Field>
            {browsing && (
                <ImageBrowser start={inputs.path.startsWith("/") ? parentDir(inputs.path) : "/var/tmp"}
                              onPick={p => { inputs.setPath(p); setBrowsing(false) }} />
            )}
            <Field label={_("sha256 (optional)")} fieldId="upgrade-sha256" error={inputs.shaError}
                   hint={inputs.shaFromFile ? format(_("From $0"), inputs.shaFromFile) : _("Or put IMAGE.sha256 (or NAME.sha256) beside the image.")}>
                <TextInput id="upgrade-sha256" data-testid="upgrade-sha256" value={inputs.typedSha} onChange={(_ev, v) => inputs.setTypedSha(v)} />
            </Field>
            <Field label={_("Signature file (optional)")} fieldId="upgrade-signature" error={inputs.signatureError}
                   hint={result && !isImageProblem(result) && result.signature && inputs.typedSignature === ""
                       ? format(_("From $0"), result.signature.path)
                       : format(_("A detached OpenPGP signature; IMAGE.sig or IMAGE.asc beside the image is found by itself. Checked against $0."), IMAGE_KEYRING)}>
                <TextInput id="upgrade-signature" data-testid="upgrade-signature" value={inputs.typedSignature}
                           placeholder={inputs.path === "" ? "" : `${inputs.path}.sig`} onChange={(_ev, v) => inputs.setTypedSignature(v)} />
            </Field>
            <div>
                <Button variant="secondary" data-testid="upgrade-inspect" isLoading={probe.state === "loading"}
                        isDisabled={probe.state === "loading" || inputs.pathError !== null || inputs.signatureError !== null || inputs.path === ""}
                        onClick={onInspect}>
                    {_("Check image")}
                </Button>
            </div>
            {probe.state === "error" && <Alert isInline variant="danger" data-testid="image-error" title={_("The image could not be read")}>{probe.message}</Alert>}
            {result && isImageProblem(result) && (
                <Alert isInline variant="danger" data-testid="image-problem" data-code={result.problem} title={_("This image cannot be used")}>
                    {imageProblemText(result)}
                </Alert>
            )}
            {result && !isImageProblem(result) && result.tree !== "read" && result.tree !== "pending" && (
                <Alert isInline variant="danger" data-testid="image-unopened" data-code={result.tree} title={_("Not opened")}>
                    {unopenedText(result.tree)}
                </Alert>
            )}
            {result && !isImageProblem(result) && (
                <>
                    <DescriptionList isHorizontal isCompact data-testid="image-facts" data-format={result.format} data-tree={result.tree}>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Contents")}</DescriptionListTerm>
                            <DescriptionListDescription>{prettyName(result) ?? _("unknown system")}</DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Format")}</DescriptionListTerm>
                            <DescriptionListDescription>{formatName(result.format)}</DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Size")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                {format(_("$0 file, $1 of files"), formatBytes(result.size), formatBytes(result.treeBytes))}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Built")}</DescriptionListTerm>
                            <DescriptionListDescription>{formatDateTime(result.mtime)}</DescriptionListDescription>
                        </DescriptionListGroup>
                    </DescriptionList>
                    <Field label={_("Name of the new base")} fieldId="upgrade-name" error={inputs.nameError}
                           hint={_("NAME-VERSION-RELEASE; its first layer is NAME-VERSION-RELEASE+1.")}>
                        <TextInput id="upgrade-name" data-testid="upgrade-name" value={inputs.name} onChange={(_ev, v) => inputs.setName(v)} />
                    </Field>
                </>
            )}
        </Form>
    );
}
