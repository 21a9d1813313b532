// What one refresh asks of the host: one `lvs` (with its VGs' fields) and file reads through the
// bridge; `vgs` only when no VG in the lvs report is tagged; the boot probe script only where the
// boot files do not tell the loader. Answered from outputs recorded in the lab.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { inventoryCommands, loadDiscovery } from "../../src/host/inventory.ts";
import { countingMachine } from "../../src/host/counting-machine.ts";
import type { Follower, Machine } from "../../src/host/machine.ts";
import { discover } from "../../src/model/layout.ts";
import { FIXTURES_DIR, loadScenario, readFixture } from "./fixtures.ts";

/** The files of a recorded fixture dir at the paths the host reads them from. */
function recordedFiles(scenario: string): Map<string, string> {
    const dir = join(FIXTURES_DIR, scenario);
    const files = new Map<string, string>([
        ["/proc/self/mountinfo", readFixture(scenario, "mountinfo")],
        ["/boot/grub/grubenv", readFixture(scenario, "grubenv")],
        ["/boot/grub/grub.cfg", readFixture(scenario, "grub.cfg")],
    ]);
    if (existsSync(join(dir, "entries"))) {
        for (const name of readdirSync(join(dir, "entries")))
            files.set(`/boot/loader/entries/${name}`, readFileSync(join(dir, "entries", name), "utf8"));
    }
    return files;
}

/** Answers from a scenario's recordings and keeps what it was asked. */
class RecordedMachine implements Machine {
    spawnedArgv: string[] = [];
    readPaths: string[] = [];
    private files: Map<string, string>;
    constructor(private scenario: string) {
        this.files = recordedFiles(scenario);
    }
    async run(argv: readonly string[]): Promise<string> {
        this.spawnedArgv.push(argv[0]!);
        const cmds = inventoryCommands();
        if (argv.join(" ") === cmds.lvs.join(" ")) return readFixture(this.scenario, "lvs-vg-fields.json");
        if (argv.join(" ") === cmds.vgs.join(" ")) return readFixture(this.scenario, "vgs.json");
        throw new Error(`not recorded: ${argv.join(" ")}`);
    }
    async script(): Promise<string> {
        this.spawnedArgv.push("boot-probe");
        throw new Error("the boot probe is not needed on a Debian GRUB host");
    }
    runBinary(): Promise<Uint8Array> {
        throw new Error("not used by a refresh");
    }
    follow(): Follower {
        throw new Error("not used by a refresh");
    }
    writeFile(): Promise<void> {
        throw new Error("not used by a refresh");
    }
    async readFile(path: string): Promise<string | null> {
        this.readPaths.push(path);
        return this.files.get(path) ?? null;
    }
}

describe("loadDiscovery on a Debian GRUB node", () => {
    test("a tagged VG with LVs: one process, and the layout the four processes read", async () => {
        const m = new RecordedMachine("two-bases");
        const d = await loadDiscovery(m);
        assert.deepEqual(m.spawnedArgv, ["lvs"]);
        const before = discover({ ...loadScenario("two-bases"), vgs: null, lvs: readFixture("two-bases", "lvs-vg-fields.json") });
        assert.deepEqual(d, before);
        // Each BLS file the menu names is read by its name; nothing outside the entries dir.
        assert.ok(m.readPaths.includes("/boot/loader/entries/imgbased-debian-node-12.1-1_1.conf"), m.readPaths.join(" "));
        assert.ok(m.readPaths.every(p => p === "/proc/self/mountinfo" || p.startsWith("/boot/") || p === "/sys/firmware/efi/fw_platform_size"), m.readPaths.join(" "));
    });

    test("no tagged VG: vgs too, and the empty state lists every VG it reports", async () => {
        const m = new RecordedMachine("empty");
        const d = await loadDiscovery(m);
        assert.deepEqual(m.spawnedArgv, ["lvs", "vgs"]);
        assert.equal(d.kind, "none");
        if (d.kind === "none")
            assert.deepEqual(d.vgs.map(vg => vg.name).sort(), JSON.parse(readFixture("empty", "vgs.json")).report[0].vg.map((v: { vg_name: string }) => v.vg_name).sort());
    });
});

describe("the page's count of a refresh (data-spawns)", () => {
    test("counts the refresh's own processes on the one Machine, not what others start meanwhile", async () => {
        const m = new RecordedMachine("empty");
        const refresh = countingMachine(m);
        const other = countingMachine(m);
        // A job check or a dialog's facts on the same Machine, while the refresh reads.
        await Promise.all([loadDiscovery(refresh), other.run(inventoryCommands().vgs), other.script("").catch(() => {})]);
        assert.equal(refresh.spawned, 2);
        assert.equal(other.spawned, 2);
        assert.deepEqual([...m.spawnedArgv].sort(), ["boot-probe", "lvs", "vgs", "vgs"]);
    });
});
