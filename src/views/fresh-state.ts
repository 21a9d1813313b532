// What an action dialog plans against: the layout and host facts read when the dialog opens, not
// the page's last refresh, which may predate the job that just ended (a plan must see the host
// as it is when the admin confirms it).
import { _ } from "../../pkg/lib/cockpit.ts";
import { readHostFacts } from "../host/facts.ts";
import { loadDiscovery } from "../host/inventory.ts";
import type { Machine } from "../host/machine.ts";
import type { HostFacts } from "../model/actions/types.ts";
import type { Layout } from "../model/types.ts";

export interface FreshState {
    layout: Layout;
    /** Null for actions whose planners take no facts (pin, unpin). */
    facts: HostFacts | null;
}

export async function readFreshState(machine: Machine, withFacts = true): Promise<FreshState> {
    const discovery = await loadDiscovery(machine);
    if (discovery.kind !== "layout")
        throw new Error(_("The image layout is gone or changed. Close this dialog and look again."));
    const facts = withFacts ? await readHostFacts(discovery.layout, machine) : null;
    return { layout: discovery.layout, facts };
}
