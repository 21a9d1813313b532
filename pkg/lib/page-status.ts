// Our page's status in Cockpit's navigation: an icon beside "Image layers" with the title as its
// tooltip, seen from every other page of the session. The shell learns it from a "notify" control
// message carrying `page_status` ({ type, title } or null to clear), the message Cockpit's own
// pages send; its helper for that is in Cockpit's pkg/lib, which we do not copy, hence this one.
import { cockpit, hasCockpit } from "./cockpit.ts";

export type PageStatusType = "error" | "warning" | "info";

export interface PageStatus {
    type: PageStatusType;
    /** Translated; the navigation shows it as the icon's tooltip. */
    title: string;
}

// What was sent last, as JSON; undefined until the first call, so that call always goes out
// (a null then clears a status an earlier load of the page left in the session).
let sent: string | undefined;

/** Sets (or with null clears) the status; repeating the current one sends nothing. */
export function setPageStatus(status: PageStatus | null): void {
    if (!hasCockpit())
        return;
    const value = status ? { type: status.type, title: status.title } : null;
    const key = JSON.stringify(value);
    if (key === sent)
        return;
    sent = key;
    cockpit().transport.control("notify", { page_status: value });
}
