// Whether this session has administrative access. Cockpit's bridge publishes it on its internal
// D-Bus as cockpit.Superuser at /superuser: property `Current` is "init" while it is being
// decided, "none" without admin access, and the id of the privileged bridge ("sudo", ...) with it.
// Pages must not guess from the user id: an admin in Cockpit's "limited access" mode is not root.
// We watch the property so the page follows the shell's "Administrative access" toggle live.
import { useEffect, useState } from "react";
import { cockpit, hasCockpit, user } from "./cockpit.ts";
import type { CockpitDBusClient, CockpitDBusProxy } from "./cockpit-types.ts";

/** null while loading; then true (admin access) or false (limited access). */
export type SuperuserState = boolean | null;

type Listener = (state: SuperuserState) => void;

let state: SuperuserState = null;
let client: CockpitDBusClient | null = null;
let proxy: CockpitDBusProxy | null = null;
const listeners = new Set<Listener>();

function set(next: SuperuserState): void {
    if (next === state)
        return;
    state = next;
    for (const l of [...listeners])
        l(state);
}

function fromCurrent(current: unknown): SuperuserState {
    if (typeof current !== "string" || current === "init")
        return null;
    return current !== "none";
}

function onChanged(): void {
    set(fromCurrent(proxy?.Current));
}

/** Starts watching on first use; one D-Bus proxy serves every subscriber. */
function start(): void {
    if (client || !hasCockpit())
        return;
    client = cockpit().dbus(null, { bus: "internal" });
    proxy = client.proxy("cockpit.Superuser", "/superuser");
    proxy.addEventListener("changed", onChanged);
    proxy.wait().then(() => {
        if (proxy?.valid) {
            onChanged();
        } else {
            // No superuser interface (should not happen on >= 287): root is the only admin then.
            user().then(u => set(u.id === 0), () => set(false));
        }
    }, () => set(false));
}

/** The current state (null until known). */
export function superuserState(): SuperuserState {
    start();
    return state;
}

/** Calls `listener` on every change; returns the unsubscribe function. */
export function watchSuperuser(listener: Listener): () => void {
    start();
    listeners.add(listener);
    return () => listeners.delete(listener);
}

/** React hook: null while loading, then true/false; re-renders when admin access is switched. */
export function useSuperuser(): SuperuserState {
    const [value, setValue] = useState<SuperuserState>(superuserState);
    useEffect(() => {
        setValue(superuserState());
        return watchSuperuser(setValue);
    }, []);
    return value;
}
