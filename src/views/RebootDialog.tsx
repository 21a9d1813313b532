// Reboot the host, after a confirmation that says what happens to this session and to a job that
// still runs.
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import { Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { reboot } from "../host/power.ts";
import { useActions } from "./actions-context.ts";
import { useMachine } from "./machine-context.ts";

export function RebootDialog({ onClose }: { onClose: () => void }): React.ReactElement {
    const actions = useActions();
    const machine = useMachine();
    const [state, setState] = useState<"confirm" | "rebooting" | "error">("confirm");
    const [error, setError] = useState("");

    const confirm = () => {
        setState("rebooting");
        reboot(machine).then(() => {}, ex => {
            setError(ex instanceof Error ? ex.message : String(ex));
            setState("error");
        });
    };

    return (
        <Modal isOpen variant="small" onClose={onClose} data-testid="reboot-dialog" data-state={state}
               aria-labelledby="reboot-dialog-title">
            <ModalHeader title={_("Reboot the host?")} labelId="reboot-dialog-title" titleIconVariant="warning" />
            <ModalBody>
                <Content component="p">
                    {_("The host restarts now. This session disconnects; log in again once the host is back, usually within a few minutes.")}
                </Content>
                {actions.runningJob && (
                    <Alert isInline variant="warning" data-testid="reboot-job-running"
                           title={format(_("Job $0 is still running"), actions.runningJob)}>
                        {_("Rebooting stops it: it undoes what it has done before the host goes down. Better wait for it to finish.")}
                    </Alert>
                )}
                {state === "rebooting" && <Alert isInline variant="info" data-testid="reboot-started" title={_("The host is rebooting…")} />}
                {state === "error" && (
                    <Alert isInline variant="danger" data-testid="reboot-error" title={_("The reboot could not be started")}>{error}</Alert>
                )}
            </ModalBody>
            <ModalFooter>
                <Button variant="danger" data-testid="reboot-confirm" id="reboot-confirm" onClick={confirm}
                        isLoading={state === "rebooting"} isDisabled={state === "rebooting" || actions.adminBlocked !== null}>
                    {_("Reboot")}
                </Button>
                <Button variant="link" data-testid="reboot-cancel" onClick={onClose} isDisabled={state === "rebooting"}>{_("Cancel")}</Button>
            </ModalFooter>
        </Modal>
    );
}
