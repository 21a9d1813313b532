// Keeps the page's status in Cockpit's navigation in step with what the page shows: the layout's
// problems and an interrupted job (src/views/page-status.ts decides which status).
import { useEffect } from "react";
import { setPageStatus } from "../../pkg/lib/page-status.ts";
import { discoveryProblems, pageStatusFor } from "./page-status.ts";
import type { UseLayout } from "./useLayout.ts";

export function usePageStatus(data: UseLayout, interrupted: readonly string[]): void {
    // Only a fresh read of the host decides: while the first read runs, or the page shows the
    // layout saved from an earlier open, the status the navigation shows stays as it is. A read
    // that failed says nothing about problems, so it clears the status.
    const fresh = data.phase !== "loading" && !data.saved;
    const discovery = data.phase === "error" ? null : data.discovery;
    // The title is translated at render time; setPageStatus() sends only a change, so running
    // after every render costs nothing when nothing changed.
    useEffect(() => {
        if (!fresh)
            return;
        const { problems, vgName } = discoveryProblems(discovery);
        setPageStatus(pageStatusFor(problems, vgName, interrupted));
    });
}
