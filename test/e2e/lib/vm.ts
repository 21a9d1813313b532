// A test's handle on one lab VM: restored from a saved state (the golden node or one of
// test/vm/states.txt) by test/vm/start, driven by the lab scripts, stopped when the test ends
// (also on Ctrl-C or a crash of the runner). The lab scripts stretch their own waits by the speed
// factor, which they get from IMGBASED_E2E_SPEED in the environment.
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, "../../..");
const LAB = resolve(REPO, "test/vm");
export const RESULTS = resolve(REPO, "test-results");

/** Every VM this process started, so an exit handler can stop them synchronously. */
const running = new Set<number>();
function killAll() {
    for (const pid of running) {
        try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
    }
    running.clear();
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => { killAll(); process.exit(130); });
}

export interface SshResult { stdout: string; stderr: string; }

export class LabVm {
    readonly url: string;
    private constructor(readonly runDir: string, readonly pid: number, url: string) {
        this.url = url;
    }

    /** Restores a saved state (seconds) and installs the built plugin. */
    static async start(name: string, state = "golden"): Promise<LabVm> {
        const runDir = resolve(REPO, "tmp/e2e", name);
        await rm(runDir, { recursive: true, force: true });
        await mkdir(runDir, { recursive: true });
        await run(resolve(LAB, "start"), ["--state", state, runDir], { maxBuffer: 16 << 20 });
        const env = parseEnv(await readFile(resolve(runDir, "env"), "utf8"));
        const vm = new LabVm(runDir, Number(env.VM_PID), env.VM_URL ?? "");
        running.add(vm.pid);
        await vm.installPlugin();
        return vm;
    }

    /** Runs a shell command as root in the guest; rejects with its stderr when it fails. */
    async ssh(command: string, input?: string): Promise<SshResult> {
        const child = run(resolve(LAB, "ssh"), [this.runDir, command], { maxBuffer: 64 << 20 });
        if (input !== undefined) {
            child.child.stdin?.end(input);
        } else {
            child.child.stdin?.end();
        }
        return child;
    }

    /** Mounts the lab's OS images disk (v1 and v2 with their .sha256) read-only at `dir` in the guest. */
    async mountImages(dir: string): Promise<void> {
        await run(resolve(LAB, "mount-images"), [this.runDir, dir]);
    }

    /** Installs the plugin under test, its .deb (make deb), into the running layer with dpkg. */
    async installPlugin(): Promise<void> {
        await run(resolve(LAB, "install-plugin"), [this.runDir, await pluginDeb()]);
    }

    /**
     * A real reboot of the guest; resolves when Cockpit and ssh answer again. The plugin under
     * test lives in the layer it was installed into, not in the images, so a boot into another
     * layer gets it installed again.
     */
    async reboot(): Promise<void> {
        await run(resolve(LAB, "reboot"), [this.runDir], { maxBuffer: 16 << 20 });
        await this.installPlugin();
    }

    /**
     * Like reboot(), but the reboot is started by `trigger` (e.g. the page's Reboot button).
     * `boots`: how many boots come before the one waited for, 2 when the guest reboots again by
     * itself (a red trial boot goes back to the previous default).
     */
    async rebootVia(trigger: () => Promise<void>, boots = 1): Promise<void> {
        const serial = await readFile(resolve(this.runDir, "serial.log"), "latin1").catch(() => "");
        const before = serial.split("VM-READY").length - 1;
        await trigger();
        await run(resolve(LAB, "reboot"), ["--triggered", String(before + boots - 1), this.runDir], { maxBuffer: 16 << 20 });
        await this.installPlugin();
    }

    /**
     * A power cut: qemu resets the guest with no shutdown, so what the guest had not written to
     * its disk is lost; resolves when it is back up, like reboot().
     */
    async powerCut(): Promise<void> {
        await run(resolve(LAB, "power-cut"), [this.runDir], { maxBuffer: 16 << 20 });
        await this.installPlugin();
    }

    /** Saves the guest's journal of this boot next to the failure's screenshot. */
    async saveJournal(file: string): Promise<void> {
        try {
            const { stdout } = await this.ssh("journalctl -b --no-pager -o short-precise | tail -n 3000");
            await mkdir(RESULTS, { recursive: true });
            await writeFile(resolve(RESULTS, file), stdout);
        } catch (e) {
            await writeFile(resolve(RESULTS, file), `journal unavailable: ${String(e)}\n`);
        }
    }

    async stop(): Promise<void> {
        running.delete(this.pid);
        await run(resolve(LAB, "stop"), [this.runDir]);
    }
}

/**
 * The package under test: IMGBASED_E2E_DEB (make test-e2e sets it to the one it just built), else
 * the newest .deb in tmp/packages/, where make deb leaves it.
 */
async function pluginDeb(): Promise<string> {
    if (process.env.IMGBASED_E2E_DEB) return resolve(REPO, process.env.IMGBASED_E2E_DEB);
    const dir = resolve(REPO, "tmp/packages");
    const debs = (await readdir(dir).catch(() => [])).filter(n => /^cockpit-imgbased_.*_all\.deb$/.test(n));
    if (!debs.length) throw new Error(`no cockpit-imgbased .deb in ${dir}: run make deb`);
    const dated = await Promise.all(debs.map(async n => ({ path: resolve(dir, n), mtime: (await stat(resolve(dir, n))).mtimeMs })));
    return dated.sort((a, b) => b.mtime - a.mtime)[0]!.path;
}

function parseEnv(text: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const m = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
        if (m?.[1]) env[m[1]] = m[2] ?? "";
    }
    return env;
}
