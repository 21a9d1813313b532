// The diff view's state, kept in step with the URL both ways: a change made on the page is
// written to the URL (a history step, or in place while the filter is typed), and a URL that
// changed by itself (back, forward, an edited or bookmarked link) becomes the view. The page's
// own state stays the source while typing, so no key waits for the URL's round trip.
import { useEffect, useRef, useState } from "react";
import { goToDiff } from "../useRoute.ts";
import { isHistoryStep, viewFromOptions, viewKey, viewOptions, type DiffView, type UrlOptions } from "./diff-view-url.ts";

export function useDiffView(urlOptions: UrlOptions, newId: string, oldId: string | null): [DiffView, (next: DiffView) => void] {
    const urlView = viewFromOptions(urlOptions);
    const urlKey = viewKey(urlView);
    const [view, setView] = useState(urlView);
    // The key of the URL this page wrote last, or read: a different one came from outside.
    const known = useRef(urlKey);
    useEffect(() => {
        if (urlKey !== known.current) {
            known.current = urlKey;
            setView(viewFromOptions(urlOptions));
        }
    }, [urlKey]); // eslint-disable-line react-hooks/exhaustive-deps -- urlOptions is new each render; its key says when it changed
    const change = (next: DiffView) => {
        setView(next);
        const key = viewKey(next);
        if (key === known.current)
            return;
        known.current = key;
        goToDiff(newId, oldId, viewOptions(next), !isHistoryStep(view, next));
    };
    return [view, change];
}
