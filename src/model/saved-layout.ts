// The last layout the page read, kept in the browser's sessionStorage so that opening the page
// again in the same session shows it at once (marked as saved, actions held back) while the host
// is read again. Pure: the storage itself is the view's business.
import type { Discovery } from "./types.ts";

/** Bump when Discovery changes shape: an old saved layout is then ignored, not misread. */
export const SAVED_LAYOUT_KEY = "imgbased:layout:v1";

export interface SavedLayout {
    discovery: Discovery;
    /** Date.now() of the read it came from. */
    readAt: number;
}

export function saveLayout(discovery: Discovery, readAt: number): string {
    return JSON.stringify({ discovery, readAt });
}

/** The saved layout, or null for anything that is not one (absent, older shape, tampered). */
export function restoreLayout(text: string | null): SavedLayout | null {
    if (!text)
        return null;
    try {
        const parsed = JSON.parse(text) as Partial<SavedLayout>;
        const kind = (parsed.discovery as { kind?: unknown } | undefined)?.kind;
        if (typeof parsed.readAt !== "number" || (kind !== "layout" && kind !== "none" && kind !== "ambiguous"))
            return null;
        return parsed as SavedLayout;
    } catch {
        return null;
    }
}
