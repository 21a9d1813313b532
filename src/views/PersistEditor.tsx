// The persist whitelist editor: our file's entries as rows (path or glob, and what it is), each
// checked as it is typed (model: validatePattern) and on the host (what it matches now, and
// whether it leads through a symlink); entries of other files shown read-only. Used by the
// "Files kept on upgrade" dialog and by the upgrade wizard's Keep files step.
import React, { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import MinusCircleIcon from "@patternfly/react-icons/dist/esm/icons/minus-circle-icon.js";
import PlusCircleIcon from "@patternfly/react-icons/dist/esm/icons/plus-circle-icon.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { checkPersist, type PersistState } from "../host/persist.ts";
import { symlinkCheckPath } from "../model/actions/persist.ts";
import { DEFAULT_PERSIST, PERSIST_FILE, PERSIST_FILE_NAME, validatePattern, type PersistEntry } from "../model/persist.ts";
import type { PersistCheck } from "../model/persist-probe.ts";
import { matchText } from "./PersistCard.tsx";
import { persistProblemText } from "./persist-text.ts";
import { useMachine } from "./machine-context.ts";

/** Host checks wait until typing pauses. */
const CHECK_DELAY_MS = 400;

/** What the editor starts with: our file's entries; the defaults when no file applies yet. */
function initialEntries(state: PersistState): PersistEntry[] {
    if (state.usesDefaults)
        return [...DEFAULT_PERSIST];
    return state.entries.filter(e => e.source === PERSIST_FILE_NAME).map(({ pattern, comment }) => ({ pattern, comment }));
}

/** The editor's state, kept by its owner (the dialog, the wizard) across the list's re-reads. */
export interface WhitelistEdit {
    /** Null until the admin changes something. */
    edited: PersistEntry[] | null;
    setEntries(entries: PersistEntry[]): void;
    addChecks(found: Map<string, PersistCheck>): void;
    /** The entries being edited: the edited ones, else our file's (or the defaults). */
    entriesOf(state: PersistState): PersistEntry[];
    /** The host's checks: those read with the list, and those of patterns typed since. */
    checksOf(state: PersistState | null): Map<string, PersistCheck>;
}

export function useWhitelistEdit(): WhitelistEdit {
    const [edited, setEntries] = useState<PersistEntry[] | null>(null);
    const [checked, setChecked] = useState<Map<string, PersistCheck>>(new Map());
    const addChecks = useCallback((found: Map<string, PersistCheck>) => setChecked(c => new Map([...c, ...found])), []);
    return useMemo(() => ({
        edited, setEntries, addChecks,
        entriesOf: (state: PersistState) => edited ?? initialEntries(state),
        checksOf: (state: PersistState | null) => new Map([...(state?.checks ?? []), ...checked]),
    }), [edited, checked, addChecks]);
}

function rowProblem(entry: PersistEntry, check: PersistCheck | undefined): string | null {
    const problem = validatePattern(entry.pattern);
    if (problem)
        return persistProblemText(problem.code, problem.detail);
    if (check && check.realPrefix !== symlinkCheckPath(entry.pattern))
        return format(_("Leads through a symbolic link: $0 is really $1. Write the real path."), symlinkCheckPath(entry.pattern), check.realPrefix);
    return null;
}

function Row({ index, entry, check, onChange, onRemove }: {
    index: number; entry: PersistEntry; check: PersistCheck | undefined;
    onChange: (e: PersistEntry) => void; onRemove: () => void;
}): React.ReactElement {
    const problem = rowProblem(entry, check);
    return (
        <FormGroup fieldId={`persist-pattern-${index}`} data-testid="persist-edit-row" data-pattern={entry.pattern}>
            <Flex spaceItems={{ default: "spaceItemsSm" }} flexWrap={{ default: "nowrap" }}>
                <FlexItem grow={{ default: "grow" }}>
                    <TextInput id={`persist-pattern-${index}`} data-testid="persist-pattern" value={entry.pattern}
                               aria-label={_("Path or glob")} validated={problem ? "error" : "default"}
                               onChange={(_e, pattern) => onChange({ ...entry, pattern })} />
                </FlexItem>
                <FlexItem grow={{ default: "grow" }}>
                    <TextInput data-testid="persist-comment" value={entry.comment} aria-label={_("What it is")}
                               placeholder={_("What it is")} onChange={(_e, comment) => onChange({ ...entry, comment: comment.replace(/\n/g, " ") })} />
                </FlexItem>
                <FlexItem>
                    <Button variant="plain" aria-label={format(_("Remove $0"), entry.pattern)} data-testid="persist-remove"
                            icon={<MinusCircleIcon />} onClick={onRemove} />
                </FlexItem>
            </Flex>
            <FormHelperText>
                <HelperText>
                    <HelperTextItem variant={problem ? "error" : "default"} data-testid="persist-row-help">
                        {problem ?? (check ? matchText(check) : _("Checking on the host…"))}
                    </HelperTextItem>
                </HelperText>
            </FormHelperText>
        </FormGroup>
    );
}

export function PersistEditor({ state, edit }: { state: PersistState; edit: WhitelistEdit }): React.ReactElement {
    const machine = useMachine();
    const { setEntries, addChecks } = edit;
    const entries = edit.entriesOf(state);
    const checks = edit.checksOf(state);
    const unchecked = entries.map(e => e.pattern).filter(p => !checks.has(p) && !validatePattern(p));
    const key = unchecked.join("\n");
    useEffect(() => {
        if (key === "")
            return;
        let live = true;
        const timer = setTimeout(() => {
            checkPersist(machine, key.split("\n")).then(found => { if (live) addChecks(found) }, () => {});
        }, CHECK_DELAY_MS);
        return () => { live = false; clearTimeout(timer) };
    }, [machine, key, addChecks]);

    const others = state.entries.filter(e => e.source !== PERSIST_FILE_NAME && !state.usesDefaults);
    const set = (i: number, e: PersistEntry) => setEntries(entries.map((x, k) => (k === i ? e : x)));
    return (
        <Form onSubmit={ev => ev.preventDefault()} data-testid="persist-editor">
            <p className="imgbased-muted">
                {format(_("Absolute paths or shell globs (* ? [...]); a directory is kept with everything in it. Saved to $0."), PERSIST_FILE)}
            </p>
            {entries.map((entry, i) => (
                <Row key={i} index={i} entry={entry} check={checks.get(entry.pattern)}
                     onChange={e => set(i, e)} onRemove={() => setEntries(entries.filter((_x, k) => k !== i))} />
            ))}
            <Flex>
                <Button variant="link" icon={<PlusCircleIcon />} data-testid="persist-add"
                        onClick={() => setEntries([...entries, { pattern: "", comment: "" }])}>{_("Add a path")}</Button>
                <Button variant="link" data-testid="persist-defaults" onClick={() => setEntries([...DEFAULT_PERSIST])}>{_("Restore the defaults")}</Button>
            </Flex>
            {others.length > 0 && (
                <div data-testid="persist-others">
                    <p className="imgbased-muted">{_("Also kept, from files this page does not change:")}</p>
                    <ul>{others.map(e => <li key={`${e.source}:${e.line}`}><code>{e.pattern}</code> ({e.source})</li>)}</ul>
                </div>
            )}
        </Form>
    );
}
