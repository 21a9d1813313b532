// The status card's actions: upgrade to a new image, roll back (to the layer the planner would pick, named on the
// button), reboot, and clean up old images.
import React from "react";
import { ActionList, ActionListItem } from "@patternfly/react-core/dist/esm/components/ActionList/index.js";
import PowerOffIcon from "@patternfly/react-icons/dist/esm/icons/power-off-icon.js";
import UndoIcon from "@patternfly/react-icons/dist/esm/icons/undo-icon.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { rollbackTarget } from "../model/actions/layout-query.ts";
import type { Layout } from "../model/types.ts";
import { ActionButton } from "./ActionButton.tsx";
import { useActions } from "./actions-context.ts";

export function StatusActions({ layout }: { layout: Layout }): React.ReactElement {
    const actions = useActions();
    const target = rollbackTarget(layout);
    return (
        <ActionList className="imgbased-status-actions">
            <ActionListItem>
                <ActionButton variant="primary" size="sm" testId="action-upgrade" blocked={actions.blocked}
                              onClick={() => actions.open({ kind: "upgrade" })}>
                    {_("Upgrade")}
                </ActionButton>
            </ActionListItem>
            <ActionListItem>
                <ActionButton
                    variant="secondary"
                    size="sm"
                    testId="action-rollback"
                    data-target={target?.name}
                    icon={<UndoIcon />}
                    blocked={actions.blocked}
                    onClick={() => actions.open({ kind: "rollback" })}
                >
                    {target ? format(_("Roll back to $0"), target.name) : _("Roll back")}
                </ActionButton>
            </ActionListItem>
            <ActionListItem>
                <ActionButton variant="secondary" size="sm" testId="action-cleanup" blocked={actions.blocked}
                              onClick={() => actions.open({ kind: "cleanup" })}>
                    {_("Clean up")}
                </ActionButton>
            </ActionListItem>
            <ActionListItem>
                <ActionButton variant="secondary" size="sm" testId="action-reboot" icon={<PowerOffIcon />}
                              blocked={actions.adminBlocked} onClick={() => actions.open({ kind: "reboot" })}>
                    {_("Reboot")}
                </ActionButton>
            </ActionListItem>
        </ActionList>
    );
}
