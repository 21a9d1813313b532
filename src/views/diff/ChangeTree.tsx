// The changes as a directory tree with counts and sizes per directory. A directory renders its
// children only while open, so the DOM holds what the admin looks at, not all the changes.
import React, { useState } from "react";
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

/** Directories with fewer changes than this start open, so small diffs need no clicking. */
const OPEN_BELOW = 20;

function Counts({ dir }: { dir: TreeDir }): React.ReactElement {
    const c = dir.counts;
    const parts: string[] = [];
    if (c.added) parts.push(format(_("$0 added"), c.added));
    if (c.content) parts.push(format(_("$0 changed"), c.content));
    if (c.metadata) parts.push(format(_("$0 metadata"), c.metadata));
    if (c.removed) parts.push(format(_("$0 removed"), c.removed));
    return <span className="imgbased-muted imgbased-small">{parts.join(" · ")}{dir.bytes ? ` · ${formatBytes(dir.bytes)}` : ""}</span>;
}

function FileRow({ change, onOpen }: { change: Change; onOpen: (c: Change) => void }): React.ReactElement {
    const name = displayPath(baseName(change.path));
    return (
        <li className="imgbased-tree-file" data-testid="tree-file" data-path={change.display}>
            <Button variant="link" isInline onClick={() => onOpen(change)}>{name}</Button>
            {" "}<ChangeLabel change={change} />
            {change.aspects && <span className="imgbased-muted imgbased-small"> {aspectText(change)}</span>}
        </li>
    );
}

function DirRow({ dir, onOpen, depth }: { dir: TreeDir; onOpen: (c: Change) => void; depth: number }): React.ReactElement {
    const [open, setOpen] = useState(depth === 0 || totalOf(dir.counts) < OPEN_BELOW);
    const name = depth === 0 ? "/" : `${displayPath(dir.name)}/`;
    return (
        <li className="imgbased-tree-dir" data-testid="tree-dir" data-path={`/${displayPath(dir.path)}`} data-open={open ? "true" : "false"}>
            <Button variant="plain" size="sm" aria-expanded={open} aria-label={open ? _("Close") : _("Open")}
                    onClick={() => setOpen(o => !o)} icon={open ? <AngleDownIcon /> : <AngleRightIcon />} />
            <FolderIcon className="imgbased-muted" /> <span className="imgbased-tree-name">{name}</span>
            {dir.self && <> <ChangeLabel change={dir.self} /></>}
            {" "}<Counts dir={dir} />
            {open && (
                <ul className="imgbased-tree">
                    {dir.dirs.map(d => <DirRow key={d.path} dir={d} onOpen={onOpen} depth={depth + 1} />)}
                    {dir.files.map(f => <FileRow key={f.path} change={f} onOpen={onOpen} />)}
                </ul>
            )}
        </li>
    );
}

export function ChangeTree({ root, onOpen }: { root: TreeDir; onOpen: (c: Change) => void }): React.ReactElement {
    return (
        <ul className="imgbased-tree imgbased-tree-root" data-testid="change-tree">
            <DirRow dir={root} onOpen={onOpen} depth={0} />
        </ul>
    );
}
