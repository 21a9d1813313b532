// What the benchmarks share: the host code's Machine over the lab's ssh, and a guest-side timer.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { BASE_ENVIRON, ProcessError, type FollowOptions, type Follower, type Machine, type RunOptions } from "../src/host/machine.ts";
import { renderArgv } from "../src/model/shell.ts";
import type { LabVm } from "../test/e2e/lib/vm.ts";

const LAB_SSH = resolve(import.meta.dirname, "../test/vm/ssh");

/** The host code's Machine, over the lab's ssh (as root): the benchmark runs exactly what the page runs. */
export class SshMachine implements Machine {
    constructor(private vm: LabVm) {}
    private command(argv: readonly string[], options: RunOptions): string {
        return renderArgv(["env", ...BASE_ENVIRON, ...(options.environ ?? []), ...argv]);
    }
    async run(argv: readonly string[], options: RunOptions = {}): Promise<string> {
        return (await this.vm.ssh(this.command(argv, options))).stdout;
    }
    async runBinary(argv: readonly string[], options: RunOptions = {}): Promise<Uint8Array> {
        // ssh's stdout reaches us as text: carry the bytes in base64 (through a file, so a
        // failure keeps its exit status).
        const text = await this.script(`f=$(mktemp) && { ${this.command(argv, options)} >"$f" || { rc=$?; rm -f "$f"; exit $rc; }; } && base64 -w0 "$f"; rm -f "$f"`);
        return new Uint8Array(Buffer.from(text, "base64"));
    }
    script(text: string, options: RunOptions = {}): Promise<string> {
        return this.run(["sh", "-c", text], options);
    }
    follow(argv: readonly string[], onText: (text: string) => void, options: FollowOptions = {}): Follower {
        let closed = false;
        const child = spawn(LAB_SSH, [this.vm.runDir, this.command(argv, options)], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", onText);
        child.stderr.setEncoding("utf8").on("data", (text: string) => { stderr += text });
        child.on("exit", code => {
            if (!closed && code !== 0)
                options.onError?.(new ProcessError(argv, { problem: null, exit_status: code ?? -1, message: stderr }));
        });
        return {
            close() {
                closed = true;
                child.kill();
            },
        };
    }
    async readFile(path: string): Promise<string | null> {
        return this.run(["cat", path]).catch(() => null);
    }
    async writeFile(path: string, content: string): Promise<void> {
        // As the page's Machine writes (Cockpit's fsreplace1): a temporary file beside it, renamed over it.
        const p = renderArgv([path]);
        await this.vm.ssh(`t=$(mktemp ${p}.XXXXXX) && cat >"$t" && mv -fT "$t" ${p}`, content);
    }
}

/** Seconds the guest takes for a shell command (measured in the guest). */
export async function timed(vm: LabVm, command: string, input?: string): Promise<number> {
    const { stdout } = await vm.ssh(`t0=$(date +%s.%N); ${command} >/dev/null 2>&1; rc=$?; t1=$(date +%s.%N); echo "$rc $t0 $t1"`, input);
    const [rc, t0, t1] = stdout.trim().split(" ").map(Number);
    if (rc !== 0) throw new Error(`${command}: exit ${rc}`);
    return (t1 ?? 0) - (t0 ?? 0);
}
