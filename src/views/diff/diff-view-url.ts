// The diff view's state in Cockpit's URL beside the pair (useRoute.ts), so that a reload, back and
// forward, and a bookmark return to the same view: the tab, the path filter, the class toggles,
// "hide noise", tree or list, and the file whose comparison is open. Only what differs from the
// defaults is written, so the plain view keeps its short URL:
//   diff?new=VG/LV&tab=packages
//   diff?new=VG/LV&filter=/etc/*&show=added,content&noise=show&view=list&file=etc/motd
import type { ChangeClass } from "../../model/diff/compare.ts";

export type ViewMode = "tree" | "list";
export const CLASSES: ChangeClass[] = ["added", "content", "metadata", "removed"];

/** The change list's filters and outputs (ChangesToolbar). */
export interface ToolbarState {
    text: string;
    classes: Set<ChangeClass>;
    hideNoise: boolean;
    view: ViewMode;
}

export type DiffTab = "files" | "packages";

export interface DiffView {
    tab: DiffTab;
    toolbar: ToolbarState;
    /** The path (Change.path) of the file whose comparison is open. */
    file: string | null;
}

export type UrlOptions = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
    return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The view a URL's options name; anything unknown or missing is the default. */
export function viewFromOptions(options: UrlOptions): DiffView {
    const show = one(options.show);
    const classes = show === "" ? CLASSES : CLASSES.filter(c => show.split(",").includes(c));
    return {
        tab: one(options.tab) === "packages" ? "packages" : "files",
        toolbar: {
            text: one(options.filter),
            classes: new Set<ChangeClass>(classes),
            hideNoise: one(options.noise) !== "show",
            view: one(options.view) === "list" ? "list" : "tree",
        },
        file: one(options.file) || null,
    };
}

/** The options that say `view` (defaults left out). */
export function viewOptions(view: DiffView): Record<string, string> {
    const o: Record<string, string> = {};
    if (view.tab !== "files")
        o.tab = view.tab;
    if (view.toolbar.text !== "")
        o.filter = view.toolbar.text;
    if (view.toolbar.classes.size !== CLASSES.length)
        // "none" keeps an empty choice apart from the default (all).
        o.show = CLASSES.filter(c => view.toolbar.classes.has(c)).join(",") || "none";
    if (!view.toolbar.hideNoise)
        o.noise = "show";
    if (view.toolbar.view !== "tree")
        o.view = view.toolbar.view;
    if (view.file !== null)
        o.file = view.file;
    return o;
}

/** A key that is equal for equal views. */
export function viewKey(view: DiffView): string {
    return JSON.stringify(viewOptions(view));
}

/**
 * Whether going from `from` to `to` is its own step in the browser's history: every change but
 * typing in the path filter, which replaces the current entry (a key press is not a place to go
 * back to).
 */
export function isHistoryStep(from: DiffView, to: DiffView): boolean {
    return viewKey({ ...from, toolbar: { ...from.toolbar, text: to.toolbar.text } }) !== viewKey(to);
}
