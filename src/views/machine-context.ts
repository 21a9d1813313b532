// The page's one Machine (src/host/machine.ts), provided once at the root (app.tsx) and read
// by every view and hook that asks the host something, instead of a `machine` prop handed down.
import { createContext, useContext } from "react";
import type { Machine } from "../host/machine.ts";

export const MachineContext = createContext<Machine | null>(null);

export function useMachine(): Machine {
    const machine = useContext(MachineContext);
    if (!machine)
        throw new Error("no MachineContext");
    return machine;
}
