// Keeps the page's status in Cockpit's navigation in step with what the page shows: the layout's
// problems, an interrupted job and a trial that fell back (src/views/page-status.ts decides which
// status, and when).
import { useEffect } from "react";
import { setPageStatus } from "../../pkg/lib/page-status.ts";
import type { TrialNotice } from "../model/trial.ts";
import { pageStatusOf } from "./page-status.ts";
import type { UseLayout } from "./useLayout.ts";

export function usePageStatus(data: UseLayout, interrupted: readonly string[], trial: TrialNotice | null): void {
    // After every render: the title is translated at render time, and setPageStatus() sends only
    // a change, so a render that changed nothing costs no message.
    useEffect(() => {
        const status = pageStatusOf(data, interrupted, trial);
        if (status !== undefined)
            setPageStatus(status);
    });
}
