// One file of both images: its metadata side by side, then its content diff. The content is read
// when the modal opens (one host call for both sides) and not before.
import React, { useEffect, useState } from "react";
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { readFilePair } from "../../host/diff.ts";
import { displayPath } from "../../model/diff/paths.ts";
import type { DiffStream } from "../../model/diff/stream.ts";
import type { Change, FileContent, FileEntry } from "../../model/diff/types.ts";
import { formatBytes, NONE } from "../format.ts";
import { useMachine } from "../machine-context.ts";
import { ContentDiff } from "./ContentDiff.tsx";
import { DiffFailureAlert } from "./DiffFailureAlert.tsx";
import { aspectText, ChangeLabel } from "./change-labels.tsx";

const TYPE_NAMES: Record<string, () => string> = {
    f: () => _("regular file"), d: () => _("directory"), l: () => _("symbolic link"), p: () => _("FIFO"),
    s: () => _("socket"), c: () => _("character device"), b: () => _("block device"),
};

function describe(e: FileEntry | null, field: "type" | "size" | "mode" | "owner" | "target"): string {
    if (!e)
        return _("absent");
    switch (field) {
    case "type": return TYPE_NAMES[e.type]?.() ?? e.type;
    case "size": return e.type === "f" ? formatBytes(e.size) : NONE;
    case "mode": return e.mode;
    case "owner": return `${e.uid}:${e.gid}`;
    case "target": return e.type === "l" ? displayPath(e.target) : NONE;
    }
}

function Metadata({ change, oldName, newName }: { change: Change; oldName: string; newName: string }): React.ReactElement {
    const rows: [typeof FIELDS[number], string][] = FIELDS.map(f => [f, FIELD_TITLES[f]()]);
    return (
        <table className="imgbased-diff-meta" data-testid="file-metadata">
            <thead><tr><th /><th>{oldName}</th><th>{newName}</th></tr></thead>
            <tbody>
                {rows.map(([field, title]) => {
                    const a = describe(change.old, field);
                    const b = describe(change.new, field);
                    return (
                        <tr key={field} data-field={field} className={a !== b ? "imgbased-diff-meta-differs" : undefined}>
                            <th scope="row">{title}</th><td>{a}</td><td>{b}</td>
                        </tr>
                    );
                })}
            </tbody>
        </table>
    );
}

const FIELDS = ["type", "size", "mode", "owner", "target"] as const;
const FIELD_TITLES: Record<typeof FIELDS[number], () => string> = {
    type: () => _("Type"), size: () => _("Size"), mode: () => _("Mode"), owner: () => _("Owner (uid:gid)"), target: () => _("Link target"),
};

const MISSING: FileContent = { state: "missing", size: 0, sha256: null, bytes: null, truncated: false, message: "" };

export function FileDiffModal({ oldId, newId, oldName, newName, change, onClose }: {
    oldId: string; newId: string; oldName: string; newName: string; change: Change; onClose: () => void;
}): React.ReactElement {
    const machine = useMachine();
    const [state, setState] = useState<{ stream?: DiffStream; error?: Error }>({});
    const [attempt, setAttempt] = useState(0);
    const regular = change.old?.type === "f" || change.new?.type === "f";
    useEffect(() => {
        if (!regular)
            return;
        const abort = new AbortController();
        setState({});
        readFilePair(machine, oldId, newId, change.path, { signal: abort.signal })
                .then(stream => { if (!abort.signal.aborted) setState({ stream }) },
                      (error: Error) => { if (!abort.signal.aborted) setState({ error }) });
        return () => abort.abort();
    }, [machine, oldId, newId, change.path, regular, attempt]);

    return (
        <Modal isOpen onClose={onClose} variant="large" aria-labelledby="file-diff-title" data-testid="file-diff">
            <ModalHeader title={change.display} labelId="file-diff-title" description={<><ChangeLabel change={change} /> {change.aspects && aspectText(change)}</>} />
            <ModalBody>
                <DescriptionList isCompact>
                    <DescriptionListGroup>
                        <DescriptionListTerm>{_("Metadata")}</DescriptionListTerm>
                        <DescriptionListDescription><Metadata change={change} oldName={oldName} newName={newName} /></DescriptionListDescription>
                    </DescriptionListGroup>
                </DescriptionList>
                {!regular && (
                    <p className="imgbased-muted" data-testid="content-not-regular">
                        {_("Not a regular file on either side: there is no content to compare, only what is listed above.")}
                    </p>
                )}
                {regular && state.error && <DiffFailureAlert error={state.error} onRetry={() => setAttempt(a => a + 1)} testId="content-error" />}
                {regular && !state.error && !state.stream && <Spinner size="lg" aria-label={_("Reading the file…")} data-testid="content-loading" />}
                {regular && state.stream && (
                    <ContentDiff
                        old={state.stream.contents.old ?? MISSING}
                        new={state.stream.contents.new ?? MISSING}
                        oldLabel={oldName}
                        newLabel={newName}
                    />
                )}
            </ModalBody>
        </Modal>
    );
}
