// The "Files kept on upgrade" dialog: the whitelist editor (PersistEditor.tsx); saving is a job
// that writes our one file (model/actions/persist.ts).
import React from "react";
import { _ } from "../../pkg/lib/cockpit.ts";
import { readPersist, type PersistState } from "../host/persist.ts";
import { savePersist } from "../model/actions/persist.ts";
import { PERSIST_FILE_NAME } from "../model/persist.ts";
import { ActionDialog } from "./ActionDialog.tsx";
import { PersistEditor, useWhitelistEdit } from "./PersistEditor.tsx";

export function PersistDialog({ onClose }: { onClose: () => void }): React.ReactElement {
    const edit = useWhitelistEdit();
    return (
        <ActionDialog<PersistState>
            action="save-persist"
            title={_("Files kept on upgrade")}
            loadFacts={readPersist}
            options={state => state && <PersistEditor state={state} edit={edit} />}
            plan={(state, jobId) => ({
                result: savePersist({
                    jobId,
                    entries: state ? edit.entriesOf(state) : [],
                    current: state?.files.find(f => f.name === PERSIST_FILE_NAME)?.text ?? null,
                    checks: edit.checksOf(state),
                }),
            })}
            planKey={JSON.stringify([edit.edited, [...edit.checksOf(null).keys()]])}
            confirmLabel={_("Save")}
            onClose={onClose}
        />
    );
}
