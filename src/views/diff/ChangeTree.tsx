// The changes as a directory tree with counts and sizes per directory. A directory renders its
// children only while open, so the DOM holds what the admin looks at, not all the changes.
// It is an ARIA tree: one Tab stop (the item focused last, else the root), arrows and Enter as
// tree-keys.ts has them; the toggle buttons and file names stay for the mouse, out of the Tab
// order, and each item is named by its own row only (not by everything it holds open).
import React, { createContext, useCallback, useContext, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import AngleDownIcon from "@patternfly/react-icons/dist/esm/icons/angle-down-icon.js";
import AngleRightIcon from "@patternfly/react-icons/dist/esm/icons/angle-right-icon.js";
import FolderIcon from "@patternfly/react-icons/dist/esm/icons/folder-icon.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { baseName, displayPath } from "../../model/diff/paths.ts";
import { totalOf, type TreeDir } from "../../model/diff/tree.ts";
import type { Change } from "../../model/diff/types.ts";
import { formatBytes } from "../format.ts";
import { aspectText, ChangeLabel } from "./change-labels.tsx";
import { onTreeItemKey } from "./tree-keys.ts";
import { toggleLabel } from "./tree-names.ts";

/** Directories with fewer changes than this start open, so small diffs need no clicking. */
const OPEN_BELOW = 20;

interface TreeState {
    /** The key of the item in the Tab order. */
    active: string;
    setActive(key: string): void;
    isOpen(dir: TreeDir, depth: number): boolean;
    setOpen(dir: TreeDir, open: boolean): void;
    onOpen(change: Change): void;
}

const TreeContext = createContext<TreeState | null>(null);

function useTree(): TreeState {
    const tree = useContext(TreeContext);
    if (!tree)
        throw new Error("a change tree item outside ChangeTree");
    return tree;
}

const ROOT_KEY = "d:";

/** Props every item shares: its level, Tab stop, and becoming the Tab stop when focused. */
function useItem(key: string, level: number): React.HTMLAttributes<HTMLLIElement> & { "aria-level": number } {
    const tree = useTree();
    const { setActive } = tree;
    const onFocus = useCallback((event: React.FocusEvent<HTMLLIElement>) => {
        // Focus on the item or on its own toggle or name (a click): this item, not an ancestor.
        if ((event.target as Element).closest('[role="treeitem"]') === event.currentTarget)
            setActive(key);
    }, [key, setActive]);
    return { "aria-level": level, tabIndex: tree.active === key ? 0 : -1, onFocus };
}

function Counts({ dir }: { dir: TreeDir }): React.ReactElement {
    const c = dir.counts;
    const parts: string[] = [];
    if (c.added) parts.push(format(_("$0 added"), c.added));
    if (c.content) parts.push(format(_("$0 changed"), c.content));
    if (c.metadata) parts.push(format(_("$0 metadata"), c.metadata));
    if (c.removed) parts.push(format(_("$0 removed"), c.removed));
    return <span className="imgbased-muted imgbased-small">{parts.join(" · ")}{dir.bytes ? ` · ${formatBytes(dir.bytes)}` : ""}</span>;
}

function FileRow({ change, level }: { change: Change; level: number }): React.ReactElement {
    const tree = useTree();
    const item = useItem(`f:${change.path}`, level);
    const labelId = useId();
    const name = displayPath(baseName(change.path));
    const open = () => tree.onOpen(change);
    return (
        <li
            // eslint-disable-next-line jsx-a11y/role-has-required-aria-props -- nothing here is selectable, and the APG's tree pattern says such items carry no aria-selected (the plugin takes the requirement from ARIA 1.1's option role); "false" would announce "not selected" on every item
            role="treeitem" {...item} className="imgbased-tree-item imgbased-tree-file" data-testid="tree-file" data-path={change.display}
            aria-labelledby={labelId} onKeyDown={event => onTreeItemKey(event, { activate: open })}>
            <div className="imgbased-tree-row" id={labelId}>
                <Button variant="link" isInline tabIndex={-1} onClick={open}>{name}</Button>
                {" "}<ChangeLabel change={change} />
                {change.aspects && <span className="imgbased-muted imgbased-small"> {aspectText(change)}</span>}
            </div>
        </li>
    );
}

function DirRow({ dir, depth }: { dir: TreeDir; depth: number }): React.ReactElement {
    const tree = useTree();
    const item = useItem(`d:${dir.path}`, depth + 1);
    const labelId = useId();
    const open = tree.isOpen(dir, depth);
    const setOpen = (value: boolean) => tree.setOpen(dir, value);
    const name = depth === 0 ? "/" : `${displayPath(dir.name)}/`;
    return (
        <li
            // eslint-disable-next-line jsx-a11y/role-has-required-aria-props -- nothing here is selectable, and the APG's tree pattern says such items carry no aria-selected (the plugin takes the requirement from ARIA 1.1's option role); "false" would announce "not selected" on every item
            role="treeitem" {...item} className="imgbased-tree-item imgbased-tree-dir" data-testid="tree-dir" data-path={`/${displayPath(dir.path)}`}
            data-open={open ? "true" : "false"} aria-expanded={open} aria-labelledby={labelId}
            onKeyDown={event => onTreeItemKey(event, { setOpen })}>
            <div className="imgbased-tree-row">
                <Button variant="plain" size="sm" tabIndex={-1} aria-expanded={open} aria-label={toggleLabel(open, dir)}
                        data-testid="tree-toggle" onClick={() => setOpen(!open)} icon={open ? <AngleDownIcon /> : <AngleRightIcon />} />
                <span id={labelId}>
                    <FolderIcon className="imgbased-muted" /> <span className="imgbased-tree-name">{name}</span>
                    {dir.self && <> <ChangeLabel change={dir.self} /></>}
                    {" "}<Counts dir={dir} />
                </span>
            </div>
            {open && (
                <ul className="imgbased-tree" role="group">
                    {dir.dirs.map(d => <DirRow key={d.path} dir={d} depth={depth + 1} />)}
                    {dir.files.map(f => <FileRow key={f.path} change={f} level={depth + 2} />)}
                </ul>
            )}
        </li>
    );
}

export function ChangeTree({ root, onOpen }: { root: TreeDir; onOpen: (c: Change) => void }): React.ReactElement {
    const [active, setActive] = useState(ROOT_KEY);
    // Only what the admin toggled; every other directory keeps its starting state.
    const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
    const ref = useRef<HTMLUListElement>(null);

    const state = useMemo((): TreeState => ({
        active,
        setActive,
        isOpen: (dir, depth) => toggled.get(dir.path) ?? (depth === 0 || totalOf(dir.counts) < OPEN_BELOW),
        setOpen: (dir, open) => setToggled(t => new Map(t).set(dir.path, open)),
        onOpen,
    }), [active, toggled, onOpen]);

    // The Tab stop went away (its directory was closed, or the filter dropped it): the root
    // takes it, so the tree stays reachable with Tab.
    useLayoutEffect(() => {
        if (active !== ROOT_KEY && !ref.current?.querySelector('[role="treeitem"][tabindex="0"]'))
            setActive(ROOT_KEY);
    }, [active, toggled, root]);

    return (
        <TreeContext.Provider value={state}>
            <ul ref={ref} role="tree" aria-label={_("Changes by directory")} className="imgbased-tree imgbased-tree-root" data-testid="change-tree">
                <DirRow dir={root} depth={0} />
            </ul>
        </TreeContext.Provider>
    );
}
