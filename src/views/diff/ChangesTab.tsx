// The "Files" tab: the comparison's changes, filtered, as a tree or a list; a file opens its
// comparison. Filtering and the tree are recomputed from the full list on each filter change,
// deferred so the toolbar never waits for them.
import React, { useDeferredValue, useMemo } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { exportChanges, type ExportFormat } from "../../model/diff/export.ts";
import { filterChanges } from "../../model/diff/filter.ts";
import type { Pair } from "../../model/diff/targets.ts";
import { buildTree } from "../../model/diff/tree.ts";
import type { Change } from "../../model/diff/types.ts";
import { ChangeList } from "./ChangeList.tsx";
import { ChangeTree } from "./ChangeTree.tsx";
import { ChangesToolbar } from "./ChangesToolbar.tsx";
import type { ToolbarState } from "./diff-view-url.ts";
import { download } from "./download.ts";
import type { TreeDiffResult } from "./useTreeDiff.ts";
import { lazyView } from "../lazy.tsx";

// The content diff (and the diff library) loads when the first file is opened.
const FileDiffModal = lazyView(async () => (await import("./FileDiffModal.tsx")).FileDiffModal, true);

const EXPORT_TYPES: Record<ExportFormat, [string, string]> = {
    text: ["txt", "text/plain"], csv: ["csv", "text/csv"], json: ["json", "application/json"],
};

/** `toolbar` and `file` (the path whose comparison is open) are the view's, kept in the URL by the page. */
export function ChangesTab({ pair, result, noise, toolbar, onToolbar, file, onFile }: {
    pair: Pair; result: TreeDiffResult; noise: readonly string[];
    toolbar: ToolbarState; onToolbar: (t: ToolbarState) => void; file: string | null; onFile: (path: string | null) => void;
}): React.ReactElement {
    const open = useMemo(() => (file === null ? null : result.changes.find(c => c.path === file) ?? null), [file, result.changes]);
    const setOpen = (change: Change | null) => onFile(change?.path ?? null);
    // Filtering and the tree take ~0.1 s + 0.25 s for 100k changes (make bench BENCH=diff-model):
    // typing in the filter renders first and the list catches up, instead of every key waiting.
    const applied = useDeferredValue(toolbar);
    const filtered = useMemo(() => filterChanges(result.changes, { ...applied, noise }), [result.changes, applied, noise]);
    const tree = useMemo(() => (applied.view === "tree" ? buildTree(filtered.shown) : null), [filtered.shown, applied.view]);

    const onExport = (fmt: ExportFormat) => {
        const [ext, type] = EXPORT_TYPES[fmt];
        const text = exportChanges(filtered.shown, {
            old: pair.old.id, new: pair.new.id, method: pair.method, created: new Date().toISOString(),
        }, fmt);
        download(`changes-${pair.old.name}-to-${pair.new.name}.${ext}`, type, text);
    };

    return (
        <>
            {result.warnings.length > 0 && (
                <Alert isInline variant="warning" data-testid="diff-warnings"
                       title={format(_("$0 files could not be listed; the list may miss changes below them"), result.warnings.length)}>
                    <ExpandableSection toggleText={_("Details")}>
                        <ul>{result.warnings.map((w, i) => <li key={i}>{`${w.side === "old" ? pair.old.name : pair.new.name}: ${w.message}`}</li>)}</ul>
                    </ExpandableSection>
                </Alert>
            )}
            <ChangesToolbar state={toolbar} onChange={onToolbar} counts={filtered.counts} noisy={filtered.noisy}
                            noise={noise} onExport={onExport} />
            <div data-testid="changes-shown" data-count={filtered.shown.length} data-view={applied.view}
                 data-hide-noise={String(applied.hideNoise)} data-filter={applied.text}>
                {filtered.shown.length === 0 && (
                    <p className="imgbased-muted" data-testid="no-changes">
                        {result.changes.length === 0 ? _("No changes: the two images hold the same files.") : _("No change matches the filters.")}
                    </p>
                )}
                {filtered.shown.length > 0 && tree && <ChangeTree root={tree} onOpen={setOpen} />}
                {filtered.shown.length > 0 && applied.view === "list" && <ChangeList changes={filtered.shown} onOpen={setOpen} />}
            </div>
            {open && (
                <FileDiffModal oldId={pair.old.id} newId={pair.new.id} oldName={pair.old.name}
                               newName={pair.new.name} change={open} onClose={() => setOpen(null)} />
            )}
        </>
    );
}
