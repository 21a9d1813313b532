// The view's filters over a change list: a path filter (case-insensitive substring of the
// shown path, or a glob when it holds * or ?), the change classes to show, and "hide noise".
// Counts per class are taken after the path and noise filters, so the class toggles say how
// many rows each would add.
import { classOf, type ChangeClass } from "./compare.ts";
import { noiseMatcher } from "./noise.ts";
import { emptyCounts, type ClassCounts } from "./tree.ts";
import type { Change } from "./types.ts";

export interface ChangeFilter {
    text: string;
    classes: ReadonlySet<ChangeClass>;
    hideNoise: boolean;
    noise: readonly string[];
}

function textMatcher(text: string): (path: string) => boolean {
    const t = text.trim();
    if (t === "")
        return () => true;
    if (/[*?]/.test(t)) {
        // A glob of the whole path when it starts with "/", else of any part of it.
        const body = t.split(/(\*+|\?)/).map(part =>
            part.startsWith("*") ? ".*" : part === "?" ? "." : part.replace(/[\\^$.|+(){}[\]]/g, "\\$&")).join("");
        const re = new RegExp(t.startsWith("/") ? `^${body}$` : body, "i");
        return path => re.test(path);
    }
    const lower = t.toLowerCase();
    return path => path.toLowerCase().includes(lower);
}

export function filterChanges(changes: readonly Change[], filter: ChangeFilter): { shown: Change[]; counts: ClassCounts; noisy: number } {
    const matches = textMatcher(filter.text);
    const isNoise = noiseMatcher(filter.noise);
    const counts = emptyCounts();
    const shown: Change[] = [];
    let noisy = 0;
    for (const change of changes) {
        if (isNoise(change.display)) {
            noisy++;
            if (filter.hideNoise)
                continue;
        }
        if (!matches(change.display))
            continue;
        const cls = classOf(change);
        counts[cls]++;
        if (filter.classes.has(cls))
            shown.push(change);
    }
    return { shown, counts, noisy };
}
