// Why the layout could not be read, in words, with what to do about it. LVM's own message is
// shown verbatim: it is usually the most precise description of the problem there is.
import React from "react";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import {
    EmptyState, EmptyStateBody,
} from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import ExclamationCircleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import LockIcon from "@patternfly/react-icons/dist/esm/icons/lock-icon.js";
import { RetryFooter } from "./RetryFooter.tsx";
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { SuperuserState } from "../../pkg/lib/superuser.ts";
import type { InventoryError } from "../host/inventory.ts";
import { readOnlyText } from "./ReadOnlyNotice.tsx";

/** LVM indents every line of its messages; drop the common indentation, keep the rest verbatim. */
export function dedent(text: string): string {
    const lines = text.replace(/\s+$/, "").split("\n");
    while (lines.length && lines[0]!.trim() === "")
        lines.shift();
    const indents = lines.filter(l => l.trim() !== "").map(l => /^[ \t]*/.exec(l)![0].length);
    const cut = indents.length ? Math.min(...indents) : 0;
    return lines.map(l => l.slice(cut)).join("\n");
}

function Message({ text }: { text: string }): React.ReactElement | null {
    if (!text.trim())
        return null;
    return (
        <CodeBlock className="imgbased-message" data-testid="error-message">
            <CodeBlockCode>{dedent(text)}</CodeBlockCode>
        </CodeBlock>
    );
}

function commandName(command: string): string {
    return command === "boot-probe" ? _("the boot loader probe") : command;
}

export interface ErrorStateProps {
    error: InventoryError;
    superuser: SuperuserState;
    onRetry: () => void;
    retrying?: boolean;
}

export function ErrorState({ error, superuser, onRetry, retrying }: ErrorStateProps): React.ReactElement {
    let title: string;
    let body: React.ReactNode;
    let icon: React.ComponentType = ExclamationCircleIcon;
    switch (error.reason) {
    case "lvm-missing":
        title = _("LVM tools are not installed");
        body = (
            <>
                <Content component="p">
                    {_("This page reads bases and layers with the lvs and vgs commands from the lvm2 package, and they were not found on this host.")}
                </Content>
                <Content component="p">{_("Install the lvm2 package, for example with \"apt install lvm2\" or \"dnf install lvm2\", then try again.")}</Content>
            </>
        );
        break;
    case "permission":
        icon = LockIcon;
        title = _("Administrative access required");
        body = superuser === true
            ? (
                <>
                    <Content component="p">{_("LVM refused to report the logical volumes even with administrative access:")}</Content>
                    <Message text={error.detail} />
                    <Content component="p">{_("Check that your account may use sudo on this host, then try again.")}</Content>
                </>
            )
            : (
                <>
                    <Content component="p" data-testid="readonly-notice">{readOnlyText()}</Content>
                    <Content component="p">
                        {_("Here, though, even viewing needs it: LVM reports logical volumes only to root. Turn on administrative access with the \"Limited access\" button in Cockpit's top bar; the page then reads the layout again by itself.")}
                    </Content>
                    <Message text={error.detail} />
                </>
            );
        break;
    case "parse":
        title = _("The host's inventory could not be understood");
        body = (
            <>
                <Content component="p">{_("The LVM or boot loader output did not have the expected form. This is a bug in this page or a version of the tools it does not know. Please report it with this message:")}</Content>
                <Message text={error.detail} />
            </>
        );
        break;
    default:
        title = error.command === "lvs" || error.command === "vgs"
            ? _("LVM could not report the logical volumes")
            : format(_("Reading the host failed in $0"), commandName(error.command));
        body = (
            <>
                <Content component="p">
                    {error.exitStatus != null && error.exitStatus >= 0
                        ? format(_("$0 failed with exit status $1:"), commandName(error.command), error.exitStatus)
                        : format(_("$0 failed:"), commandName(error.command))}
                </Content>
                <Message text={error.detail || error.problem || ""} />
                <Content component="p">{_("Another LVM command holding a lock, or a missing or failing disk, are common causes. Fix what the message names, then try again.")}</Content>
            </>
        );
    }
    return (
        <EmptyState
            data-testid="error-state"
            data-kind={error.reason}
            id="error-state"
            titleText={title}
            headingLevel="h2"
            icon={icon}
            status={error.reason === "permission" ? undefined : "danger"}
        >
            <EmptyStateBody className="imgbased-state-body">{body}</EmptyStateBody>
            <RetryFooter onRetry={onRetry} retrying={retrying} />
        </EmptyState>
    );
}
