// What the benchmarks share: the host code's Machine over the lab's ssh, and a guest-side timer.
import type { Machine, RunOptions } from "../src/host/machine.ts";
import { renderArgv } from "../src/model/shell.ts";
import type { LabVm } from "../test/e2e/lib/vm.ts";

/** The host code's Machine, over the lab's ssh: the benchmark plans exactly as the page does. */
export class SshMachine implements Machine {
    spawned = 0;
    constructor(private vm: LabVm) {}
    async run(argv: readonly string[], options: RunOptions = {}): Promise<string> {
        this.spawned++;
        return (await this.vm.ssh(["env", "LC_ALL=C", ...(options.environ ?? []), ...argv].map(a => renderArgv([a])).join(" "))).stdout;
    }
    async runBinary(argv: readonly string[], options: RunOptions = {}): Promise<Uint8Array> {
        // ssh's stdout reaches us as text: carry the bytes in base64 (through a file, so a
        // failure keeps its exit status).
        const command = ["env", "LC_ALL=C", ...(options.environ ?? []), ...argv].map(a => renderArgv([a])).join(" ");
        const text = await this.script(`f=$(mktemp) && { ${command} >"$f" || { rc=$?; rm -f "$f"; exit $rc; }; } && base64 -w0 "$f"; rm -f "$f"`);
        return new Uint8Array(Buffer.from(text, "base64"));
    }
    script(text: string, options: RunOptions = {}): Promise<string> {
        return this.run(["sh", "-c", text], options);
    }
    async readFile(path: string): Promise<string | null> {
        return this.run(["cat", path]).catch(() => null);
    }
}

/** Seconds the guest takes for a shell command (measured in the guest). */
export async function timed(vm: LabVm, command: string, input?: string): Promise<number> {
    const { stdout } = await vm.ssh(`t0=$(date +%s.%N); ${command} >/dev/null 2>&1; rc=$?; t1=$(date +%s.%N); echo "$rc $t0 $t1"`, input);
    const [rc, t0, t1] = stdout.trim().split(" ").map(Number);
    if (rc !== 0) throw new Error(`${command}: exit ${rc}`);
    return (t1 ?? 0) - (t0 ?? 0);
}

