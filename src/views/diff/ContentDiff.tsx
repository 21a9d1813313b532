// The content diff of one file between two trees, unified or side by side. It only renders what
// the host read (the file's first bytes, its size and sha256); the diff itself comes from
// src/model/diff/text-diff.ts. Whenever lines cannot be compared (binary, too large, unreadable,
// not a regular file) it says why, and shows sizes and hashes instead, which cover the whole
// file even when only its start was read.
import React, { useMemo, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { _, format, ngettext } from "../../../pkg/lib/cockpit.ts";
import {
    decodeText, diffRows, type DiffHunk, MAX_DIFF_CHARS, MAX_DIFF_EDITS, MAX_DIFF_LINES, tooLargeToDiff, wholeLines,
} from "../../model/diff/text-diff.ts";
import type { FileContent } from "../../model/diff/types.ts";
import { formatBytes, NONE } from "../format.ts";
import { SplitTable, UnifiedTable, type TableProps } from "./DiffTables.tsx";
import "./content-diff.css";

/** Unchanged lines around each change, as `diff -u`. */
const CONTEXT_LINES = 3;

export interface ContentDiffProps {
    old: FileContent;
    new: FileContent;
    /** What to call each side, e.g. the base's and the layer's names. */
    oldLabel: string;
    newLabel: string;
}

type Mode = "unified" | "split";

/** What can be shown for the pair; decided once per pair of contents. */
type Comparison =
    | { kind: "unreadable" }
    | { kind: "no-content" }
    | { kind: "same" }
    | { kind: "binary" }
    | { kind: "too-large" }
    | { kind: "too-many-changes" }
    | { kind: "empty" }
    | { kind: "same-start" }
    | { kind: "diff"; hunks: DiffHunk[] };

/** The side's text for the diff: "" without content, null when binary. */
function sideText(content: FileContent): string | null {
    if (content.state !== "ok")
        return "";
    const text = decodeText(content.bytes ?? new Uint8Array(), content.truncated);
    // A read cut off mid-line would show that partial line as changed.
    return text != null && content.truncated ? wholeLines(text) : text;
}

function compare(old: FileContent, next: FileContent): Comparison {
    if (old.state === "unreadable" || next.state === "unreadable")
        return { kind: "unreadable" };
    if (old.state !== "ok" && next.state !== "ok")
        return { kind: "no-content" };
    if (old.state === "ok" && next.state === "ok" && old.sha256 != null && old.sha256 === next.sha256)
        return { kind: "same" };
    const oldText = sideText(old);
    const newText = sideText(next);
    if (oldText == null || newText == null)
        return { kind: "binary" };
    if (tooLargeToDiff(oldText, newText))
        return { kind: "too-large" };
    const hunks = diffRows(oldText, newText, { context: CONTEXT_LINES, maxEdits: MAX_DIFF_EDITS });
    if (hunks == null)
        return { kind: "too-many-changes" };
    if (hunks.length > 0)
        return { kind: "diff", hunks };
    // Equal texts with no hash to say so: an empty file against none, or equal starts.
    if (old.state !== "ok" || next.state !== "ok")
        return { kind: "empty" };
    return old.truncated || next.truncated ? { kind: "same-start" } : { kind: "same" };
}

function sizeText(size: number): string {
    const exact = format(ngettext("$0 byte", "$0 bytes", size), size);
    return size < 1024 ? exact : format(_("$0 ($1)"), formatBytes(size), exact);
}

function SideFacts({ content, side }: { content: FileContent; side: "old" | "new" }): React.ReactElement {
    if (content.state === "missing")
        return <span data-testid={`content-${side}-state`}>{_("Not in this tree")}</span>;
    if (content.state === "not-regular")
        return <span data-testid={`content-${side}-state`}>{_("Not a regular file")}</span>;
    return (
        <>
            <span data-testid={`content-${side}-size`} data-bytes={content.size}>{sizeText(content.size)}</span>
            <br />
            <code className="imgbased-diff-hash" data-testid={`content-${side}-sha256`}>
                {content.sha256 != null ? format(_("sha256 $0"), content.sha256) : NONE}
            </code>
        </>
    );
}

/** Sizes and hashes of both sides, for when lines are not compared. */
function Summary({ old, next, oldLabel, newLabel }: {
    old: FileContent; next: FileContent; oldLabel: string; newLabel: string;
}): React.ReactElement {
    const equal = old.sha256 != null && next.sha256 != null ? old.sha256 === next.sha256 : null;
    return (
        <DescriptionList isHorizontal isCompact className="imgbased-diff-summary" data-testid="content-summary">
            <DescriptionListGroup>
                <DescriptionListTerm>{oldLabel}</DescriptionListTerm>
                <DescriptionListDescription><SideFacts content={old} side="old" /></DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
                <DescriptionListTerm>{newLabel}</DescriptionListTerm>
                <DescriptionListDescription><SideFacts content={next} side="new" /></DescriptionListDescription>
            </DescriptionListGroup>
            <DescriptionListGroup>
                <DescriptionListTerm>{_("Contents")}</DescriptionListTerm>
                <DescriptionListDescription data-testid="content-equal" data-equal={equal == null ? "" : String(equal)}>
                    {equal == null ? NONE : equal ? _("The same") : _("Different")}
                </DescriptionListDescription>
            </DescriptionListGroup>
        </DescriptionList>
    );
}

/** Why a side has no lines: missing, or not a regular file. Nothing for a side with content. */
function SideNote({ content, label, other }: {
    content: FileContent; label: string; other: "add" | "del" | null;
}): React.ReactElement | null {
    if (content.state === "missing") {
        let text = format(_("The file is not in $0."), label);
        if (other === "add")
            text = format(_("The file is not in $0: all its lines are shown as added."), label);
        else if (other === "del")
            text = format(_("The file is not in $0: all its lines are shown as removed."), label);
        return <Alert isInline isPlain variant="info" data-testid="content-missing" title={text} />;
    }
    if (content.state === "not-regular") {
        return (
            <Alert
                isInline
                isPlain
                variant="info"
                data-testid="content-not-regular"
                title={format(_("In $0 this is not a regular file (it is a directory, link, device or the like), so it has no content to compare."), label)}
            />
        );
    }
    return null;
}

function TruncatedNote({ old, next, oldLabel, newLabel }: {
    old: FileContent; next: FileContent; oldLabel: string; newLabel: string;
}): React.ReactElement | null {
    const sides = [[old, oldLabel], [next, newLabel]] as const;
    const cut = sides.filter(([content]) => content.state === "ok" && content.truncated);
    if (cut.length === 0)
        return null;
    return (
        <Alert isInline variant="warning" data-testid="content-truncated" title={_("Only the start of the file is compared")}>
            <ul className="imgbased-diff-notes">
                {cut.map(([content, label], i) => (
                    <li key={i}>
                        {format(_("$0: the first $1 of $2."), label,
                                formatBytes(content.bytes?.length ?? 0), formatBytes(content.size))}
                    </li>
                ))}
            </ul>
        </Alert>
    );
}

function DiffView({ hunks, old, next, oldLabel, newLabel, mode, setMode }: {
    hunks: DiffHunk[]; old: FileContent; next: FileContent; oldLabel: string; newLabel: string;
    mode: Mode; setMode: (mode: Mode) => void;
}): React.ReactElement {
    let added = 0;
    let removed = 0;
    for (const hunk of hunks) {
        for (const line of hunk.lines) {
            if (line.kind === "add")
                added++;
            else if (line.kind === "del")
                removed++;
        }
    }
    const table: TableProps = {
        hunks,
        caption: format(_("Changes from $0 to $1"), oldLabel, newLabel),
        oldComplete: !old.truncated,
        newComplete: !next.truncated,
    };
    return (
        <>
            <Toolbar className="imgbased-diff-toolbar" data-testid="content-toolbar">
                <ToolbarContent>
                    <ToolbarItem>
                        <ToggleGroup isCompact aria-label={_("Diff layout")}>
                            <ToggleGroupItem
                                text={_("Unified")}
                                buttonId="content-mode-unified"
                                data-testid="content-mode-unified"
                                isSelected={mode === "unified"}
                                onChange={() => setMode("unified")}
                            />
                            <ToggleGroupItem
                                text={_("Side by side")}
                                buttonId="content-mode-split"
                                data-testid="content-mode-split"
                                isSelected={mode === "split"}
                                onChange={() => setMode("split")}
                            />
                        </ToggleGroup>
                    </ToolbarItem>
                    <ToolbarItem className="imgbased-diff-stats" data-testid="content-stats" data-added={added} data-removed={removed}>
                        {removed > 0 && (
                            <span className="imgbased-diff-stat-del">
                                {format(ngettext("$0 line removed from $1", "$0 lines removed from $1", removed), removed, oldLabel)}
                            </span>
                        )}
                        {added > 0 && (
                            <span className="imgbased-diff-stat-add">
                                {format(ngettext("$0 line added in $1", "$0 lines added in $1", added), added, newLabel)}
                            </span>
                        )}
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {mode === "unified"
                ? <UnifiedTable {...table} />
                : <SplitTable {...table} oldLabel={oldLabel} newLabel={newLabel} />}
        </>
    );
}

export function ContentDiff({ old, new: next, oldLabel, newLabel }: ContentDiffProps): React.ReactElement {
    // Kept here, not in DiffView, so the choice survives a file that shows no diff.
    const [mode, setMode] = useState<Mode>("unified");
    const comparison = useMemo(() => compare(old, next), [old, next]);
    const sides = { old, next, oldLabel, newLabel };

    if (comparison.kind === "unreadable") {
        const unreadable = ([[old, oldLabel], [next, newLabel]] as const).filter(([c]) => c.state === "unreadable");
        return (
            <div className="imgbased-content-diff" data-testid="content-diff-view" data-state="unreadable">
                {unreadable.map(([content, label], i) => (
                    <Alert
                        key={i}
                        isInline
                        variant="danger"
                        data-testid="content-error"
                        title={format(_("The file in $0 could not be read"), label)}
                    >
                        <pre className="imgbased-diff-message">{content.message.trim() || _("The host gave no reason.")}</pre>
                    </Alert>
                ))}
            </div>
        );
    }

    if (old.state === "missing" && next.state === "missing") {
        return (
            <div className="imgbased-content-diff" data-testid="content-diff-view" data-state="no-content">
                <EmptyState variant="xs" titleText={_("Neither tree has this file")} headingLevel="h3" data-testid="content-none" />
            </div>
        );
    }

    // In a diff with only one side holding lines, the other's are all added or all removed.
    const shown = comparison.kind === "diff";
    const oldNote = <SideNote content={old} label={oldLabel} other={shown ? "add" : null} />;
    const newNote = <SideNote content={next} label={newLabel} other={shown ? "del" : null} />;
    let body: React.ReactNode = null;
    switch (comparison.kind) {
    case "no-content":
        // Not a regular file on one side at least: the notes say it all.
        break;
    case "same":
        body = (
            <EmptyState variant="xs" titleText={_("The contents are the same")} headingLevel="h3" data-testid="content-same">
                <EmptyStateBody>
                    {format(_("Both hold the same $0. Any difference is in the file's metadata, such as its mode, owner or times."),
                            sizeText(next.size))}
                </EmptyStateBody>
            </EmptyState>
        );
        break;
    case "binary":
        body = (
            <div data-testid="content-binary">
                <Content component="p">{_("This is a binary file, so its lines are not compared.")}</Content>
                <Summary {...sides} />
            </div>
        );
        break;
    case "too-large":
        body = (
            <div data-testid="content-too-large">
                <Alert
                    isInline
                    isPlain
                    variant="info"
                    title={format(_("The file is too large to compare here: more than $0 or $1 lines."),
                                  formatBytes(MAX_DIFF_CHARS), MAX_DIFF_LINES)}
                />
                <Summary {...sides} />
            </div>
        );
        break;
    case "too-many-changes":
        body = (
            <div data-testid="content-too-large" data-reason="changes">
                <Alert
                    isInline
                    isPlain
                    variant="info"
                    title={format(_("Too many lines changed to show them here: more than $0."), MAX_DIFF_EDITS)}
                />
                <Summary {...sides} />
            </div>
        );
        break;
    case "empty":
        body = (
            <Content component="p" data-testid="content-empty">
                {format(_("The file in $0 is empty."), old.state === "ok" ? oldLabel : newLabel)}
            </Content>
        );
        break;
    case "same-start":
        body = (
            <>
                <TruncatedNote {...sides} />
                <Content component="p" data-testid="content-same-start">
                    {_("The compared parts are the same: the files differ further on.")}
                </Content>
                <Summary {...sides} />
            </>
        );
        break;
    case "diff":
        body = (
            <>
                <TruncatedNote {...sides} />
                <DiffView hunks={comparison.hunks} {...sides} mode={mode} setMode={setMode} />
            </>
        );
        break;
    }

    return (
        <div className="imgbased-content-diff" data-testid="content-diff-view" data-state={comparison.kind}>
            {oldNote}
            {newNote}
            {body}
        </div>
    );
}
