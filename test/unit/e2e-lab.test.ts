// The e2e suite's footing, checked before any VM starts: the speed factor's arithmetic, the lab's
// stretched limits (lib.sh's lab_scaled, run by bash), and that every saved state a test starts
// from exists and is made of steps the lab has (a misspelt name would otherwise fail minutes
// into a run).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { measureValues, speedFactor } from "../speed-factor.js";

const LAB = join(import.meta.dirname, "../vm");
const E2E = join(import.meta.dirname, "../e2e");

function labShell(script: string, env: Record<string, string> = {}) {
    const out = spawnSync("bash", ["-c", `. ${JSON.stringify(join(LAB, "lib.sh"))}; ${script}`],
                          { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: "utf8" });
    return { status: out.status, stdout: out.stdout.trim(), stderr: out.stderr };
}

test("speed factor: the larger ratio against the reference, never below 1", () => {
    const ref = "# measured on the reference machine\nrestore=5.0 work=10.0\n";
    assert.equal(speedFactor("restore=5.0 work=10.0", ref).factor, 1);
    assert.equal(speedFactor("restore=7.5 work=28.0", ref).factor, 2.8);
    assert.equal(speedFactor("restore=15.0 work=12.0", ref).factor, 3);
    assert.equal(speedFactor("restore=2.5 work=5.0", ref).factor, 1, "a faster machine keeps the reference limits");
    assert.match(speedFactor("restore=7.5 work=28.0", ref).how, /guest work 28 s vs 10 s/);
    assert.throws(() => speedFactor("qemu failed", ref), /cannot compare/);
    assert.throws(() => speedFactor("restore=0 work=3", ref), /cannot compare/);
    assert.deepEqual(measureValues("[lab] noise\nrestore=4.20 work=8.05\n"), { restore: 4.2, work: 8.05 });
});

test("the reference the factor is measured against is there and readable", () => {
    const ref = measureValues(readFileSync(join(LAB, "speed-reference"), "utf8"));
    assert.ok(ref.restore! > 0 && ref.work! > 0, JSON.stringify(ref));
});

test("lab_scaled stretches the lab's own limits by IMGBASED_E2E_SPEED, never below 1", () => {
    assert.equal(labShell("lab_scaled 180").stdout, "180");
    assert.equal(labShell("lab_scaled 180", { IMGBASED_E2E_SPEED: "2.5" }).stdout, "450");
    assert.equal(labShell("lab_scaled 600", { IMGBASED_E2E_SPEED: "1.37" }).stdout, "822");
    assert.equal(labShell("lab_scaled 180", { IMGBASED_E2E_SPEED: "0.4" }).stdout, "180");
    assert.equal(labShell("lab_scaled 180", { IMGBASED_E2E_SPEED: "fast" }).stdout, "180");
});

test("every saved state is made of steps the lab has, and an unknown name is refused", () => {
    const scenarios = new Set(readdirSync(join(LAB, "scenarios")).map(f => f.replace(/\.sh$/, "")));
    const names = readFileSync(join(LAB, "states.txt"), "utf8").split("\n")
            .filter(l => l.trim() && !l.startsWith("#")).map(l => l.split(/\s+/)[0]!);
    assert.ok(names.length >= 6, names.join());
    for (const name of names) {
        const { status, stdout } = labShell(`lab_state_steps ${name}`);
        assert.equal(status, 0, name);
        for (const step of stdout.split(/\s+/))
            assert.ok(step === "reboot" || scenarios.has(step), `${name}: no scenario ${step}`);
    }
    assert.equal(labShell("lab_state_steps golden").stdout, "", "golden is the image's own state");
    const unknown = labShell("lab_state_steps two-base");
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /no such state: two-base \(have: golden second-layer two-bases/);
});

test("each state is kept apart, by name and by what makes it", () => {
    // lab_state_dir reads the image's recipe hash from the cache: a scratch one stands in.
    const cache = mkdtempSync(join(tmpdir(), "lab-cache-"));
    const at = (name: string, recipe: string) => {
        writeFileSync(join(cache, "recipe.sha256"), recipe + "\n");
        return labShell(`lab_state_dir ${cache} ${name}`).stdout;
    };
    assert.equal(at("golden", "a"), `${cache}/golden-node`);
    const twoBases = at("two-bases", "a");
    assert.match(twoBases, new RegExp(`^${cache}/states/two-bases-[0-9a-f]{16}$`));
    assert.equal(at("two-bases", "a"), twoBases, "the same state of the same image: the same place");
    assert.notEqual(at("two-bases-rebooted", "a"), twoBases);
    assert.notEqual(at("two-bases", "b"), twoBases, "another image: another state");
    rmSync(cache, { recursive: true });
});

test("every state an e2e test starts from is golden or one of states.txt", () => {
    const known = new Set(["golden", ...readFileSync(join(LAB, "states.txt"), "utf8").split("\n")
            .filter(l => l.trim() && !l.startsWith("#")).map(l => l.split(/\s+/)[0]!)]);
    const used = readdirSync(E2E).filter(f => f.endsWith(".test.ts"))
            .flatMap(f => [...readFileSync(join(E2E, f), "utf8").matchAll(/\bfrom: "([^"]+)"/g)].map(m => `${f}: ${m[1]}`));
    assert.ok(used.length >= 8, used.join());
    for (const use of used)
        assert.ok(known.has(use.split(": ")[1]!), `${use} is not a saved state`);
    assert.ok(existsSync(join(LAB, "prepare-state")));
});
