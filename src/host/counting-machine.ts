// A view of the one Machine that counts the processes started through it, and only those: the
// page's refresh reads through one, so it can show (data-spawns) and a benchmark can prove what a
// refresh costs while jobs, history and dialogs use the same Machine at the same time.
import type { Machine } from "./machine.ts";

export interface CountingMachine extends Machine {
    /** Processes started through this view so far. */
    readonly spawned: number;
}

export function countingMachine(m: Machine): CountingMachine {
    let spawned = 0;
    const count = <T>(value: T): T => {
        spawned++;
        return value;
    };
    return {
        get spawned() {
            return spawned;
        },
        run: (argv, options) => count(m.run(argv, options)),
        runBinary: (argv, options) => count(m.runBinary(argv, options)),
        script: (text, options) => count(m.script(text, options)),
        follow: (argv, onText, options) => count(m.follow(argv, onText, options)),
        // The page reads and writes files through Cockpit's file channels, not processes: never counted.
        readFile: (path, options) => m.readFile(path, options),
        writeFile: (path, content, options) => m.writeFile(path, content, options),
    };
}
