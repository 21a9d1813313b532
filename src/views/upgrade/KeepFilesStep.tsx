// Which local files the new layer gets: the persist whitelist, editable here (saved by the
// upgrade's job, first), with what each entry copies now; the carried files the new image changed
// too, each with the admin's choice (keep mine / take the image's); and the local changes outside
// the list, which stay behind in the old layer, still there for a rollback and the diff view.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _, format, ngettext } from "../../../pkg/lib/cockpit.ts";
import type { Change } from "../../model/diff/types.ts";
import { ChangeLabel } from "../diff/change-labels.tsx";
import { PersistEditor } from "../PersistEditor.tsx";
import { AccountMerges } from "./AccountMerges.tsx";
import { refusalText } from "../refusals.ts";
import type { PersistLoad } from "../usePersist.ts";
import type { KeepFiles } from "./useKeepFiles.ts";
import type { CarriedFile } from "../../model/upgrade/local-changes.ts";
import type { LocalChangesState } from "./useLocalChanges.ts";

/** Rows of the stays-behind list shown at most; the diff view has them all. */
const BEHIND_SHOWN = 200;

function ConflictRow({ file, takeImage, onChoose }: { file: CarriedFile; takeImage: boolean; onChoose: (take: boolean) => void }): React.ReactElement {
    const nameable = file.argument !== null;
    return (
        <Tr data-testid="conflict-row" data-path={file.change.display} data-choice={takeImage ? "image" : "mine"}>
            <Td dataLabel={_("File")} className="imgbased-diff-path">{file.change.display}</Td>
            <Td dataLabel={_("Kept by")}><code>{file.pattern}</code></Td>
            <Td dataLabel={_("Version")}>
                <ToggleGroup isCompact aria-label={format(_("Version of $0"), file.change.display)}>
                    <ToggleGroupItem text={_("Keep mine")} data-testid="conflict-keep" isSelected={!takeImage} onChange={() => onChoose(false)} />
                    <ToggleGroupItem text={_("Take the image's")} data-testid="conflict-take" isSelected={takeImage} isDisabled={!nameable}
                                     onChange={() => onChoose(true)} />
                </ToggleGroup>
                {!nameable && <div className="imgbased-muted">{_("Its name is not UTF-8, so the page cannot name it to the host: it is kept.")}</div>}
            </Td>
        </Tr>
    );
}

function Conflicts({ state, takeImages, onChoose }: {
    state: Extract<LocalChangesState, { phase: "ready" }>; takeImages: ReadonlySet<string>; onChoose: (path: string, take: boolean) => void;
}): React.ReactElement {
    const { conflicts, split } = state;
    if (conflicts.phase === "loading")
        return <div data-testid="conflicts-loading"><Spinner size="md" /> {_("Comparing the kept files with the new image…")}</div>;
    if (conflicts.phase === "error")
        return <Alert isInline variant="danger" data-testid="conflicts-error" title={_("The kept files could not be compared with the new image")}>{conflicts.error.message}</Alert>;
    const clashing = conflicts.files.filter(f => f.verdict === "conflict");
    return (
        <div data-testid="conflicts" data-count={clashing.length}>
            <p className="imgbased-muted">
                {format(ngettext("$0 file changed here is kept.", "$0 files changed here are kept.", split.carried.length), split.carried.length)}{" "}
                {clashing.length === 0
                    ? _("The new image changed none of them.")
                    : format(ngettext("The new image changed $0 of them too: choose which version the new layer gets.",
                                      "The new image changed $0 of them too: choose which version the new layer gets.", clashing.length), clashing.length)}
            </p>
            {clashing.length > 0 && (
                <Table variant="compact" aria-label={_("Changed here and in the new image")} data-testid="conflict-list">
                    <Thead><Tr><Th>{_("File")}</Th><Th>{_("Kept by")}</Th><Th>{_("Version")}</Th></Tr></Thead>
                    <Tbody>
                        {clashing.map(f => (
                            <ConflictRow key={f.change.path} file={f} takeImage={takeImages.has(f.change.path)}
                                         onChoose={take => onChoose(f.change.path, take)} />
                        ))}
                    </Tbody>
                </Table>
            )}
        </div>
    );
}

function Behind({ changes, noisy, booted }: { changes: Change[]; noisy: number; booted: string }): React.ReactElement {
    const title = format(ngettext("$0 other local change stays in $1", "$0 other local changes stay in $1", changes.length), changes.length, booted);
    return (
        <Alert isInline variant="info" data-testid="keep-left-behind" data-count={changes.length} title={title}>
            <p>
                {_("These files are not on the list: the new layer has the image's versions. They stay in the old layer, reachable by rolling back and shown by its Show changes.")}
                {noisy > 0 && <> {format(ngettext("$0 change to logs and caches is not listed.", "$0 changes to logs and caches are not listed.", noisy), noisy)}</>}
            </p>
            {changes.length > 0 && (
                <ExpandableSection toggleText={_("Show them")} data-testid="behind-toggle">
                    <ul className="imgbased-behind-list">
                        {changes.slice(0, BEHIND_SHOWN).map(c => (
                            <li key={c.path} data-testid="behind-row" data-path={c.display}>
                                <span className="imgbased-diff-path">{c.display}</span> <ChangeLabel change={c} />
                            </li>
                        ))}
                    </ul>
                    {changes.length > BEHIND_SHOWN && <p>{format(_("and $0 more"), changes.length - BEHIND_SHOWN)}</p>}
                </ExpandableSection>
            )}
        </Alert>
    );
}

export function KeepFilesStep({ load, keep, booted }: { load: PersistLoad; keep: KeepFiles; booted: string }): React.ReactElement {
    const { edit, problems, local } = keep;
    if (load.phase === "loading")
        return <Spinner size="md" />;
    if (load.phase === "error")
        return <Alert isInline variant="danger" title={_("The list cannot be read")} data-testid="keep-error">{load.error.message}</Alert>;
    return (
        <>
            <Title headingLevel="h3">{_("Files kept on upgrade")}</Title>
            <PersistEditor state={load.state} edit={edit} />
            {problems.length > 0 && (
                <Alert isInline variant="danger" data-testid="keep-problems" title={_("Fix these entries first")}>
                    <ul>{problems.map((p, i) => <li key={i} data-testid="keep-problem" data-code={p.code}>{refusalText(p)}</li>)}</ul>
                </Alert>
            )}
            <Title headingLevel="h3">{_("Local changes")}</Title>
            {local.phase === "no-base" && (
                <Alert isInline variant="warning" data-testid="local-no-base"
                       title={format(_("The base of $0 is gone: its local changes cannot be listed or compared with the new image."), booted)} />
            )}
            {local.phase === "loading" && <div data-testid="local-loading"><Spinner size="md" /> {format(_("Comparing $0 with its base…"), booted)}</div>}
            {local.phase === "error" && (
                <Alert isInline variant="danger" data-testid="local-error" title={format(_("The local changes of $0 could not be listed"), booted)}>
                    {local.error.message}
                </Alert>
            )}
            {local.phase === "ready" && (
                <>
                    <AccountMerges keep={keep} />
                    <Conflicts state={local} takeImages={keep.takeImages} onChoose={keep.choose} />
                    <Behind changes={local.split.behind} noisy={local.split.noisy} booted={booted} />
                </>
            )}
        </>
    );
}
