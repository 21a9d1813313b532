// The kebab of a base or layer row. It opens the diff view first (reading, never blocked: the view
// says when it needs admin access), then every action; without admin access (or with an
// interrupted job to undo first) actions are disabled and say why. Whether an action applies to
// this row is the planner's call: the dialog shows its reasons when it does not.
import React, { useState } from "react";
import { Dropdown, DropdownItem, DropdownList } from "@patternfly/react-core/dist/esm/components/Dropdown/index.js";
import { Divider } from "@patternfly/react-core/dist/esm/components/Divider/index.js";
import { MenuToggle } from "@patternfly/react-core/dist/esm/components/MenuToggle/index.js";
import EllipsisVIcon from "@patternfly/react-icons/dist/esm/icons/ellipsis-v-icon.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { useActions, type ActionKind } from "./actions-context.ts";
import { goToDiff } from "./useRoute.ts";

interface Item {
    kind: ActionKind;
    testId: string;
    label: string;
    danger?: boolean;
}

function items(row: "base" | "layer", pinned: boolean): (Item | "divider")[] {
    const pinItem: Item = pinned
        ? { kind: "unpin", testId: "action-unpin", label: _("Unpin") }
        : { kind: "pin", testId: "action-pin", label: _("Pin") };
    if (row === "layer") {
        return [
            { kind: "make-default", testId: "action-make-default", label: _("Make default") },
            { kind: "boot-once", testId: "action-boot-once", label: _("Boot once") },
            { kind: "try", testId: "action-try", label: _("Try with health checks") },
            pinItem,
            "divider",
            { kind: "remove-layer", testId: "action-remove", label: _("Remove"), danger: true },
        ];
    }
    return [
        { kind: "add-layer", testId: "action-add-layer", label: _("Add layer") },
        pinItem,
        "divider",
        { kind: "remove-base", testId: "action-remove", label: _("Remove base"), danger: true },
    ];
}

/**
 * `lv` is the row's "VG/LV"; `compareWith` the image a base is compared with (the running
 * layer), null when there is none.
 */
export function RowActions({ row, name, lv, pinned, compareWith }: {
    row: "base" | "layer"; name: string; lv: string | null; pinned: boolean; compareWith: string | null;
}): React.ReactElement {
    const actions = useActions();
    const [open, setOpen] = useState(false);
    const blocked = actions.blocked;
    return (
        <Dropdown
            isOpen={open}
            onOpenChange={setOpen}
            onSelect={() => setOpen(false)}
            // The menu button pattern: Enter or Space on the toggle lands on the first action,
            // and after one is chosen the focus is back on the toggle (or in its dialog).
            shouldFocusFirstItemOnOpen
            shouldFocusToggleOnSelect
            popperProps={{ position: "right" }}
            toggle={ref => (
                <MenuToggle
                    ref={ref}
                    variant="plain"
                    data-testid="row-actions"
                    id={`actions-${name}`}
                    aria-label={format(_("Actions for $0"), name)}
                    isExpanded={open}
                    onClick={() => setOpen(o => !o)}
                    icon={<EllipsisVIcon />}
                />
            )}
        >
            <DropdownList>
                {row === "layer" && lv && (
                    <DropdownItem data-testid="action-show-changes" onClick={() => goToDiff(lv)}>{_("Show changes")}</DropdownItem>
                )}
                {row === "base" && lv && compareWith && compareWith !== lv && (
                    <DropdownItem data-testid="action-compare" onClick={() => goToDiff(compareWith, lv)}>{_("Compare with the running layer")}</DropdownItem>
                )}
                {lv && <Divider component="li" />}
                {items(row, pinned).map((item, i) => item === "divider"
                    ? <Divider component="li" key={`divider-${i}`} />
                    : (
                        <DropdownItem
                            key={item.testId}
                            data-testid={item.testId}
                            data-disabled={blocked ? "true" : undefined}
                            isDanger={item.danger}
                            isAriaDisabled={blocked !== null}
                            tooltipProps={blocked ? { content: blocked } : undefined}
                            onClick={() => actions.open({ kind: item.kind, target: name })}
                        >
                            {item.label}
                        </DropdownItem>
                    ))}
            </DropdownList>
        </Dropdown>
    );
}
