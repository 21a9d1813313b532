// Keyboard use of the change tree, as the WAI-ARIA tree pattern has it: one Tab stop (the item
// last focused), arrows move between the items shown, Right opens a directory or steps into it,
// Left closes it or steps out to its parent, Home/End go to the first/last item, Enter or Space
// opens a directory or a file. treeKeyAction() decides from the items' levels and states alone
// (unit-tested); onTreeItemKey() reads those from the DOM and carries the decision out.
import type React from "react";

export interface TreeItemState {
    /** aria-level: 1 for the root. */
    level: number;
    /** A directory's aria-expanded; null for a file. */
    expanded: boolean | null;
}

export type TreeKeyAction =
    | { kind: "focus"; index: number }
    | { kind: "expand" | "collapse" | "activate" };

/** What `key` does on item `current` of the items shown, in document order; null: nothing. */
export function treeKeyAction(key: string, items: readonly TreeItemState[], current: number): TreeKeyAction | null {
    const item = items[current];
    if (!item)
        return null;
    const focus = (index: number): TreeKeyAction | null =>
        index >= 0 && index < items.length && index !== current ? { kind: "focus", index } : null;
    switch (key) {
    case "ArrowDown":
        return focus(current + 1);
    case "ArrowUp":
        return focus(current - 1);
    case "Home":
        return focus(0);
    case "End":
        return focus(items.length - 1);
    case "ArrowRight":
        if (item.expanded === false)
            return { kind: "expand" };
        // Open: its first child, which follows it one level down (none when it holds nothing).
        return item.expanded && items[current + 1]?.level === item.level + 1 ? focus(current + 1) : null;
    case "ArrowLeft": {
        if (item.expanded)
            return { kind: "collapse" };
        for (let i = current - 1; i >= 0; i--) {
            if (items[i]!.level < item.level)
                return focus(i);
        }
        return null;
    }
    case "Enter":
    case " ":
        return item.expanded === null ? { kind: "activate" } : { kind: item.expanded ? "collapse" : "expand" };
    default:
        return null;
    }
}

function stateOf(element: Element): TreeItemState {
    const expanded = element.getAttribute("aria-expanded");
    return { level: Number(element.getAttribute("aria-level")), expanded: expanded === null ? null : expanded === "true" };
}

/**
 * The keydown handler of one tree item. A key pressed in a descendant item is that item's; on
 * the item's own toggle or name (focused by a click) the arrows still move, while Enter and
 * Space are left to that button, so each key is handled once.
 */
export function onTreeItemKey(event: React.KeyboardEvent<HTMLElement>,
                              handlers: { setOpen?: (open: boolean) => void; activate?: () => void }): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey)
        return;
    if (event.target !== event.currentTarget
        && ((event.target as Element).closest('[role="treeitem"]') !== event.currentTarget || event.key === "Enter" || event.key === " "))
        return;
    const tree = event.currentTarget.closest('[role="tree"]');
    if (!tree)
        return;
    const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    const action = treeKeyAction(event.key, items.map(stateOf), items.indexOf(event.currentTarget));
    if (!action)
        return;
    event.preventDefault();
    switch (action.kind) {
    case "focus": items[action.index]!.focus(); break;
    case "expand": handlers.setOpen?.(true); break;
    case "collapse": handlers.setOpen?.(false); break;
    case "activate": handlers.activate?.(); break;
    }
}
