// The two layouts of a content diff as tables: unified (one column of lines, like `diff -u`) and
// side by side (the old file left, the new one right, changed runs paired). Rows carry
// data-testid "diff-line" with data-kind, so tests read what an admin sees.
import React from "react";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { hunkHeader, splitRows, type DiffHunk, type DiffLine } from "../../model/diff/text-diff.ts";

const SIGNS: Record<DiffLine["kind"], string> = { context: " ", add: "+", del: "−" };

function kindText(kind: DiffLine["kind"]): string {
    if (kind === "add")
        return _("Added:");
    if (kind === "del")
        return _("Removed:");
    return _("Unchanged:");
}

/** The line's text, with its ending marked when that is part of what changed. */
function LineText({ line, showMissingNewline }: { line: DiffLine; showMissingNewline: boolean }): React.ReactElement {
    return (
        <>
            <span className="pf-v6-screen-reader">{kindText(line.kind)} </span>
            {line.text}
            {/* On a changed line, CRLF may be the whole change (a file converted to or from LF). */}
            {line.end === "crlf" && line.kind !== "context" && (
                <span className="imgbased-diff-eol" data-testid="diff-crlf" title={_("This line ends with CR LF")}>{_("CRLF")}</span>
            )}
            {line.end === "none" && showMissingNewline && (
                <span className="imgbased-diff-eol" data-testid="diff-no-newline">{_("No newline at end of file")}</span>
            )}
        </>
    );
}

function HunkHeader({ hunk, columns }: { hunk: DiffHunk; columns: number }): React.ReactElement {
    return (
        <tr className="imgbased-diff-hunk" data-testid="diff-hunk">
            <td colSpan={columns}>{hunkHeader(hunk)}</td>
        </tr>
    );
}

export interface TableProps {
    hunks: DiffHunk[];
    caption: string;
    /** Per side: true when its last line really ends the file (the read was not cut short). */
    oldComplete: boolean;
    newComplete: boolean;
}

export function UnifiedTable({ hunks, caption, oldComplete, newComplete }: TableProps): React.ReactElement {
    const complete = (line: DiffLine) =>
        (line.kind === "add" || oldComplete) && (line.kind === "del" || newComplete);
    return (
        <table className="imgbased-diff imgbased-diff-unified" data-testid="content-diff" data-mode="unified">
            <caption className="pf-v6-screen-reader">{caption}</caption>
            <colgroup>
                <col className="imgbased-diff-no-col" />
                <col className="imgbased-diff-no-col" />
                <col className="imgbased-diff-sign-col" />
                <col />
            </colgroup>
            {hunks.map((hunk, h) => (
                <tbody key={h}>
                    <HunkHeader hunk={hunk} columns={4} />
                    {hunk.lines.map((line, i) => (
                        <tr
                            key={i}
                            className={`imgbased-diff-${line.kind}`}
                            data-testid="diff-line"
                            data-kind={line.kind}
                            data-old-no={line.oldNo ?? undefined}
                            data-new-no={line.newNo ?? undefined}
                        >
                            <td className="imgbased-diff-no">{line.oldNo}</td>
                            <td className="imgbased-diff-no">{line.newNo}</td>
                            <td className="imgbased-diff-sign" aria-hidden="true">{SIGNS[line.kind]}</td>
                            <td className="imgbased-diff-text"><LineText line={line} showMissingNewline={complete(line)} /></td>
                        </tr>
                    ))}
                </tbody>
            ))}
        </table>
    );
}

/** One side's cells of a side-by-side row: number, sign and text, or padding. The sign says
 *  what the tint says, for those who cannot tell the colours apart. */
function SplitCells({ line, side, complete }: {
    line: DiffLine | null; side: "old" | "new"; complete: boolean;
}): React.ReactElement {
    const first = `imgbased-diff-no imgbased-diff-${side}-no`;
    if (line == null) {
        return (
            <>
                <td className={`${first} imgbased-diff-pad`} />
                <td className="imgbased-diff-pad" />
                <td className="imgbased-diff-text imgbased-diff-pad" data-testid="diff-empty" data-side={side} />
            </>
        );
    }
    const number = side === "old" ? line.oldNo : line.newNo;
    return (
        <>
            <td className={`${first} imgbased-diff-${line.kind}`}>{number}</td>
            <td className={`imgbased-diff-sign imgbased-diff-${line.kind}`} aria-hidden="true">{SIGNS[line.kind]}</td>
            <td
                className={`imgbased-diff-text imgbased-diff-${line.kind}`}
                data-testid="diff-line"
                data-kind={line.kind}
                data-side={side}
                data-no={number ?? undefined}
            >
                <LineText line={line} showMissingNewline={complete} />
            </td>
        </>
    );
}

/** Side by side: a row holds up to two lines, so "diff-line" marks each side's cell. */
export function SplitTable({ hunks, caption, oldLabel, newLabel, oldComplete, newComplete }: TableProps & {
    oldLabel: string; newLabel: string;
}): React.ReactElement {
    return (
        <table className="imgbased-diff imgbased-diff-split" data-testid="content-diff" data-mode="split">
            <caption className="pf-v6-screen-reader">{caption}</caption>
            <colgroup>
                <col className="imgbased-diff-no-col" />
                <col className="imgbased-diff-sign-col" />
                <col />
                <col className="imgbased-diff-no-col" />
                <col className="imgbased-diff-sign-col" />
                <col />
            </colgroup>
            <thead>
                <tr>
                    <th scope="col" colSpan={3} data-testid="content-old-label">{oldLabel}</th>
                    <th scope="col" colSpan={3} className="imgbased-diff-new-no" data-testid="content-new-label">{newLabel}</th>
                </tr>
            </thead>
            {hunks.map((hunk, h) => (
                <tbody key={h}>
                    <HunkHeader hunk={hunk} columns={6} />
                    {splitRows(hunk).map((row, i) => (
                        <tr key={i} data-testid="diff-row">
                            <SplitCells line={row.old} side="old" complete={oldComplete} />
                            <SplitCells line={row.new} side="new" complete={newComplete} />
                        </tr>
                    ))}
                </tbody>
            ))}
        </table>
    );
}
