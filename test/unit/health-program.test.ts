// The health program (src/host/scripts/imgbased-health.sh), run by dash (Debian's /bin/sh, which
// runs it on the host) and by bash, in scratch state, config and command line directories, with
// fake systemctl, findmnt, readlink, grub-set-default, grub2-set-default, bootctl, systemd-run and
// wall first in PATH: small sh scripts that answer as the real ones do for the scenario, and log
// their argv. timeout and coreutils are the real ones. Its report and results are read with the
// page's own parsers (src/model/trial.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { parseHealthReport, parseTrialResults, renderTrial, type HealthReport, type PendingTrial } from "../../src/model/trial.ts";

const PROGRAM = join(import.meta.dirname, "../../src/host/scripts/imgbased-health.sh");
const scratch = mkdtempSync(join(tmpdir(), "imgbased-health-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const LAYER = "debian-node-12.5-1+1";
const ROOT = `/dev/vg0/${LAYER}`;
/** What findmnt says is mounted on /: the device mapper's name of ROOT, the same device. */
const ROOT_SOURCE = `/dev/mapper/vg0-${LAYER.replace(/-/g, "--")}`;

interface Scenario {
    /** The command line; by default the one an imgbased entry of LAYER gives. */
    cmdline?: string;
    /** What findmnt says is on / (default ROOT_SOURCE). */
    rootSource?: string;
    /** readlink -f of each path given; ROOT and ROOT_SOURCE are /dev/dm-3 unless set here. */
    links?: Record<string, string>;
    /** /boot: absent from fstab (default), in fstab and mounted, or in fstab only. */
    boot?: "absent" | "mounted" | "unmounted";
    /** systemctl is-active of units not named here: active. */
    units?: Record<string, string>;
    /** systemctl is-system-running (default running). */
    system?: string;
    conf?: string;
    /** The admin's checks: file name → sh script body. */
    required?: Record<string, string>;
    wanted?: Record<string, string>;
    trial?: string;
    trials?: string;
    /** The promote command fails. */
    promoteFails?: boolean;
    /** systemd-run fails. */
    runFails?: boolean;
    /** The program's arguments (--watchdog). */
    args?: string[];
}

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    dir: string;
    state: string;
    /** The fakes' argv, one line each: "NAME ARG...". */
    calls: string[];
    /** The raw report, and as the page parses it (null when none). */
    reportText: string | null;
    report: HealthReport | null;
    /** $STATE/trials, null when there is none. */
    trials: string | null;
    trialLeft: boolean;
    /** What wall was given on its stdin, null when it was not run. */
    wall: string | null;
}

const read = (path: string) => existsSync(path) ? readFileSync(path, "utf8") : null;
const trialOf = (t: Partial<PendingTrial> = {}) => renderTrial({
    job: "job-42", layer: LAYER, entry: "imgbased-debian-node-12.5-1-1", backend: "grub-debian",
    fallback: "debian-node-12.4-1+1", planned: 1700000000, ...t,
});

let runs = 0;

/** The fakes of one scenario: each logs its argv to DIR/calls and answers from DIR's files. */
function fakes(dir: string): void {
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const fake = (name: string, body: string) =>
        writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >>${dir}/calls\n${body}\n`, { mode: 0o755 });
    fake("systemctl", `for last; do :; done
case $1 in
is-active)
	state=$(cat "${dir}/units/$last" 2>/dev/null || echo active)
	echo "$state"
	[ "$state" = active ] ;;
status)
	printf '%s\\n' "x $last - Fake" "     Active: $(cat "${dir}/units/$last" 2>/dev/null)" "fake log: it went wrong"
	exit 3 ;;
is-system-running)
	state=$(cat ${dir}/system 2>/dev/null || echo running)
	echo "$state"
	[ "$state" = running ] ;;
--failed) echo "broken.service loaded failed failed Broken" ;;
*) exit 1 ;;
esac`);
    fake("findmnt", `case "$*" in
"-n -o SOURCE /") cat ${dir}/root-source ;;
"--fstab -n /boot") [ -e ${dir}/boot-fstab ] && echo "/boot UUID=1234 ext4 defaults" ;;
"-n /boot") [ -e ${dir}/boot-mounted ] && echo "/boot /dev/vda1 ext4 rw,relatime" ;;
*) exit 1 ;;
esac`);
    fake("readlink", `for last; do :; done
while read -r path target; do
	if [ "$path" = "$last" ]; then echo "$target"; exit 0; fi
done <${dir}/links
echo "$last"`);
    for (const promote of ["grub-set-default", "grub2-set-default", "bootctl"])
        fake(promote, `if [ -e ${dir}/promote-fails ]; then echo "error: cannot open grubenv: read-only" >&2; exit 1; fi`);
    fake("systemd-run", `if [ -e ${dir}/run-fails ]; then echo "Failed to start transient timer unit: Unit imgbased-fallback.timer already exists." >&2; exit 1; fi
echo "Running timer as unit: imgbased-fallback.timer"`);
    fake("wall", `cat >${dir}/wall`);
}

function run(shell: string, s: Scenario = {}): Run {
    const dir = join(scratch, `run${runs++}`);
    const state = join(dir, "state"), conf = join(dir, "conf"), tmp = join(dir, "tmp");
    for (const d of [dir, state, conf, tmp, join(dir, "units")])
        mkdirSync(d, { recursive: true });
    fakes(dir);
    writeFileSync(join(dir, "calls"), "");
    writeFileSync(join(dir, "cmdline"), `${s.cmdline ?? `BOOT_IMAGE=/vmlinuz-6.1.0-50-amd64 root=${ROOT} ro quiet img.bootid=${LAYER}`}\n`);
    writeFileSync(join(dir, "root-source"), `${s.rootSource ?? ROOT_SOURCE}\n`);
    const links = { [ROOT]: "/dev/dm-3", [ROOT_SOURCE]: "/dev/dm-3", ...s.links };
    writeFileSync(join(dir, "links"), Object.entries(links).map(([p, t]) => `${p} ${t}\n`).join(""));
    if (s.boot === "mounted" || s.boot === "unmounted")
        writeFileSync(join(dir, "boot-fstab"), "");
    if (s.boot === "mounted")
        writeFileSync(join(dir, "boot-mounted"), "");
    for (const [unit, st] of Object.entries(s.units ?? {}))
        writeFileSync(join(dir, "units", unit), `${st}\n`);
    if (s.system !== undefined)
        writeFileSync(join(dir, "system"), `${s.system}\n`);
    if (s.promoteFails)
        writeFileSync(join(dir, "promote-fails"), "");
    if (s.runFails)
        writeFileSync(join(dir, "run-fails"), "");
    if (s.conf !== undefined)
        writeFileSync(join(conf, "health.conf"), s.conf);
    for (const kind of ["required", "wanted"] as const) {
        const checks = s[kind];
        if (!checks)
            continue;
        mkdirSync(join(conf, "health.d", `${kind}.d`), { recursive: true });
        for (const [name, body] of Object.entries(checks))
            writeFileSync(join(conf, "health.d", `${kind}.d`, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    if (s.trial !== undefined)
        writeFileSync(join(state, "trial"), s.trial);
    if (s.trials !== undefined)
        writeFileSync(join(state, "trials"), s.trials);
    return again(shell, dir, s.args);
}

/** Runs the program (again) in the scenario of DIR. */
function again(shell: string, dir: string, args: string[] = []): Run {
    const state = join(dir, "state");
    const out = spawnSync(shell, [PROGRAM, ...args], {
        encoding: "utf8",
        // What a check would read if the program let it have its own stdin.
        input: "yes\n",
        env: {
            PATH: `${join(dir, "bin")}:${process.env.PATH}`, TMPDIR: join(dir, "tmp"),
            IMGBASED_HEALTH_STATE: state, IMGBASED_HEALTH_CONF: join(dir, "conf"), IMGBASED_HEALTH_CMDLINE: join(dir, "cmdline"),
        },
    });
    assert.deepEqual(readdirSync(join(dir, "tmp")), [], "its scratch directory is removed");
    const health = join(state, "health");
    const reports = existsSync(health) ? readdirSync(health) : [];
    assert.ok(reports.every(name => !name.startsWith(".")), `no temp file left: ${reports.join(" ")}`);
    const reportText = read(join(health, `${LAYER}.txt`)) ?? read(join(health, "unknown.txt"));
    return {
        status: out.status, stdout: out.stdout, stderr: out.stderr, dir, state,
        calls: readFileSync(join(dir, "calls"), "utf8").split("\n").filter(l => l !== ""),
        reportText, report: parseHealthReport(reportText),
        trials: read(join(state, "trials")), trialLeft: existsSync(join(state, "trial")), wall: read(join(dir, "wall")),
    };
}

/** "STATUS KIND NAME" of each check of a report. */
const checks = (r: Run) => r.report!.checks.map(c => `${c.status} ${c.kind} ${c.name}`);
const check = (r: Run, kind: string, name: string) => {
    const c = r.report!.checks.find(c => c.kind === kind && c.name === name);
    assert.ok(c, `no check ${kind} ${name} in\n${r.reportText}`);
    return c;
};
const PROMOTERS = /^(grub-set-default|grub2-set-default|bootctl) /;
const promotes = (r: Run) => r.calls.filter(c => PROMOTERS.test(c));
const reboots = (r: Run) => r.calls.filter(c => c.startsWith("systemd-run "));
const resultLines = (r: Run) => (r.trials ?? "").split("\n").filter(l => l !== "");

for (const shell of ["dash", "bash"]) {
    describe(`the health program, run by ${shell}`, () => {
        test("--watchdog on a trial boot arms the boot timeout, decides nothing and writes no report", () => {
            const r = run(shell, { args: ["--watchdog"], trial: trialOf(), conf: "boot-timeout = 300\n" });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(reboots(r), ["systemd-run --unit=imgbased-trial-timeout --no-block --property=DefaultDependencies=no --timer-property=DefaultDependencies=no --on-active=300s --timer-property=AccuracySec=1s systemctl reboot --force"]);
            assert.equal(r.trialLeft, true, "the trial is the checks' to decide");
            assert.equal(r.reportText, null);
            assert.deepEqual(promotes(r), []);
        });

        test("--watchdog without a trial of this boot's layer does nothing (900 s is the default timeout)", () => {
            assert.deepEqual(reboots(run(shell, { args: ["--watchdog"] })), []);
            const other = run(shell, { args: ["--watchdog"], trial: trialOf({ layer: "debian-node-12.6-1+1" }) });
            assert.deepEqual(reboots(other), []);
            assert.equal(other.trialLeft, true, "a trial that did not come up is left to the checks to record");
            assert.equal(other.trials, null);
            assert.deepEqual(reboots(run(shell, { args: ["--watchdog"], trial: trialOf() })),
                             ["systemd-run --unit=imgbased-trial-timeout --no-block --property=DefaultDependencies=no --timer-property=DefaultDependencies=no --on-active=900s --timer-property=AccuracySec=1s systemctl reboot --force"]);
        });

        test("--watchdog that cannot arm the timer fails, so its unit shows it; an unknown argument is refused", () => {
            const r = run(shell, { args: ["--watchdog"], trial: trialOf(), runFails: true });
            assert.equal(r.status, 1);
            assert.match(r.stderr, /could not arm the boot timeout/);
            assert.equal(run(shell, { args: ["--bogus"] }).status, 2);
        });

        test("the checks of a trial boot stop the boot timeout, whatever they decide", () => {
            const green = run(shell, { trial: trialOf() });
            assert.ok(green.calls.includes("systemctl stop imgbased-trial-timeout.timer"), green.calls.join("\n"));
            const red = run(shell, { trial: trialOf(), units: { "cockpit.socket": "failed" } });
            assert.ok(red.calls.includes("systemctl stop imgbased-trial-timeout.timer"));
            assert.ok(!run(shell).calls.some(c => c.includes("imgbased-trial-timeout")), "no trial, nothing to stop");
        });

        test("all well, no trial: green, the report of this boot's checks in order, no result, nothing decided", () => {
            const r = run(shell);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout, `imgbased-health: ${LAYER}: green\n`);
            assert.equal(r.stderr, "");
            assert.ok(r.report, `a report that the page reads:\n${r.reportText}`);
            assert.equal(r.report.layer, LAYER);
            assert.equal(r.report.verdict, "green");
            assert.ok(Math.abs(r.report.time - Date.now() / 1000) < 60);
            assert.deepEqual(checks(r), [
                "ok builtin root", "skipped builtin boot", "ok unit ssh.service", "ok unit cockpit.socket", "ok builtin system",
            ]);
            assert.deepEqual(check(r, "builtin", "boot").output, ["no /boot in fstab"]);
            assert.match(r.reportText!, /^run \d+ \S+ green\ncheck ok builtin root\n\| root=\/dev\/vg0\/\S+ is \/dev\/dm-3, mounted on \/\n/);
            assert.equal(r.trials, null, "no results without a trial");
            assert.deepEqual(promotes(r), []);
            assert.deepEqual(reboots(r), []);
            assert.ok(r.calls.includes("systemctl is-active -- ssh.service"), r.calls.join("\n"));
        });

        test("not booted from an imgbased entry: root skipped, the report is unknown.txt with no layer", () => {
            const r = run(shell, { cmdline: "root=/dev/sda1 ro" });
            assert.equal(r.status, 0, r.stderr);
            assert.ok(existsSync(join(r.state, "health", "unknown.txt")));
            assert.equal(r.report!.layer, "-");
            assert.equal(r.stdout, "imgbased-health: -: green\n");
            assert.deepEqual(check(r, "builtin", "root"), { status: "skipped", kind: "builtin", name: "root", output: ["not booted from an imgbased entry"] });
        });

        for (const [backend, entry, argv] of [
            ["grub-debian", "imgbased-debian-node-12.5-1-1", "grub-set-default imgbased-debian-node-12.5-1-1"],
            ["grub2-bls", "3f2a9c_debian-node-12.5-1+1", "grub2-set-default 3f2a9c_debian-node-12.5-1+1"],
            ["systemd-boot", "imgbased-debian-node-12.5-1+1.conf", "bootctl set-default imgbased-debian-node-12.5-1+1.conf"],
        ] as const) {
            test(`a green trial boot (${backend}): its entry is made the default, passed is recorded, the trial is gone`, () => {
                const r = run(shell, { trial: trialOf({ backend, entry }) });
                assert.equal(r.status, 0, r.stderr);
                assert.deepEqual(promotes(r), [argv]);
                assert.deepEqual(reboots(r), []);
                assert.equal(r.trialLeft, false);
                const results = parseTrialResults(r.trials);
                assert.equal(results.length, 1, r.trials ?? "");
                assert.deepEqual({ ...results[0], time: 0 }, {
                    time: 0, job: "job-42", layer: LAYER, outcome: "passed", fallback: "debian-node-12.4-1+1", failed: [],
                });
                assert.match(r.trials!, new RegExp(`^\\d+\\tjob-42\\t${LAYER.replace(/\+/g, "\\+")}\\tpassed\\tdebian-node-12\\.4-1\\+1\\t\\n$`));
                assert.match(r.stderr, /trial job-42 of \S+: passed/);
            });
        }

        test("a unit that is not active: red, failed recorded with the unit, the fallback reboot scheduled after the grace, no promote", () => {
            const r = run(shell, { units: { "cockpit.socket": "failed" }, conf: "grace = 30\n", trial: trialOf() });
            assert.equal(r.status, 1);
            assert.equal(r.stdout, `imgbased-health: ${LAYER}: red (failed: unit:cockpit.socket)\n`);
            assert.equal(r.report!.verdict, "red");
            const unit = check(r, "unit", "cockpit.socket");
            assert.equal(unit.status, "failed");
            assert.deepEqual(unit.output, ["state: failed", "x cockpit.socket - Fake", "     Active: failed", "fake log: it went wrong"]);
            assert.ok(r.calls.includes("systemctl status --no-pager --lines=5 -- cockpit.socket"), r.calls.join("\n"));
            assert.equal(check(r, "unit", "ssh.service").status, "ok");
            const [result] = parseTrialResults(r.trials);
            assert.deepEqual([result!.outcome, result!.failed], ["failed", ["unit:cockpit.socket"]]);
            assert.match(r.trials!, /\tfailed\tdebian-node-12\.4-1\+1\tunit:cockpit\.socket\n$/);
            assert.equal(r.trialLeft, false);
            assert.deepEqual(promotes(r), []);
            assert.deepEqual(reboots(r), ["systemd-run --unit=imgbased-fallback --on-active=30s --timer-property=AccuracySec=1s systemctl reboot"]);
            assert.ok(r.wall, "everyone logged in is told");
            for (const said of [LAYER, "unit:cockpit.socket", "30 seconds", "systemctl stop imgbased-fallback.timer"])
                assert.ok(r.wall.includes(said), `${said} in: ${r.wall}`);
        });

        test("a red boot without a trial: exit 1, no result and no reboot", () => {
            const r = run(shell, { units: { "ssh.service": "inactive" } });
            assert.equal(r.status, 1);
            assert.equal(r.stdout, `imgbased-health: ${LAYER}: red (failed: unit:ssh.service)\n`);
            assert.equal(r.trials, null);
            assert.deepEqual(reboots(r), []);
            assert.equal(r.wall, null);
        });

        test("a trial of another layer: that layer never came up, recorded so, the trial is gone, nothing promoted", () => {
            const r = run(shell, { trial: trialOf({ layer: "debian-node-12.6-1+1" }) });
            assert.equal(r.status, 0, r.stderr);
            const results = parseTrialResults(r.trials);
            assert.deepEqual(results.map(x => [x.job, x.layer, x.outcome, x.fallback, x.failed]),
                             [["job-42", "debian-node-12.6-1+1", "did-not-come-up", "debian-node-12.4-1+1", []]]);
            assert.equal(r.trialLeft, false);
            assert.deepEqual(promotes(r), []);
            assert.deepEqual(reboots(r), []);
        });

        test("required checks run in C-locale name order; one that exits 1 is red with its output", () => {
            const r = run(shell, {
                required: { "b-disk": "echo 'disk full' >&2\nexit 1", "B-net": "echo reachable", "a-mem": "read x && echo stdin; exit 0" },
                trial: trialOf(),
            });
            assert.equal(r.status, 1);
            assert.deepEqual(checks(r).filter(c => c.includes(" required ")), ["ok required B-net", "ok required a-mem", "failed required b-disk"]);
            assert.deepEqual(check(r, "required", "b-disk").output, ["exit status 1", "disk full"]);
            assert.deepEqual(check(r, "required", "B-net").output, ["reachable"]);
            assert.deepEqual(check(r, "required", "a-mem").output, [], "its stdin is /dev/null");
            assert.deepEqual(parseTrialResults(r.trials)[0]!.failed, ["required:b-disk"]);
            assert.equal(reboots(r).length, 1);
        });

        test("a wanted check that exits 1 is a warning: still green, and the trial passes", () => {
            const r = run(shell, { wanted: { "10-backup": "echo 'no backup since May'\nexit 1" }, trial: trialOf() });
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.report!.verdict, "green");
            assert.deepEqual(check(r, "wanted", "10-backup"), { status: "warning", kind: "wanted", name: "10-backup", output: ["exit status 1", "no backup since May"] });
            assert.equal(parseTrialResults(r.trials)[0]!.outcome, "passed");
            assert.equal(promotes(r).length, 1);
        });

        test("files that are not executable, directories and dot files of required.d are not checks", () => {
            const r = run(shell, { required: { "ok": "exit 0" } });
            const dir = join(r.dir, "conf", "health.d", "required.d");
            writeFileSync(join(dir, "README"), "exit 1\n", { mode: 0o644 });
            mkdirSync(join(dir, "sub.d"));
            const r2 = again(shell, r.dir);
            assert.equal(r2.status, 0, r2.stderr);
            assert.deepEqual(checks(r2).filter(c => c.includes(" required ")), ["ok required ok"]);
        });

        test("a check that outlives check-timeout is stopped and failed: timed out", () => {
            const started = Date.now();
            const r = run(shell, { conf: "check-timeout = 1\n", required: { "slow": "echo starting\nsleep 5\necho done" } });
            assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
            assert.equal(r.status, 1);
            assert.deepEqual(check(r, "required", "slow"), { status: "failed", kind: "required", name: "slow", output: ["timed out after 1s", "starting"] });
        });

        test("a check's output is cut to 20 lines of 300 bytes, with how many lines more", () => {
            const r = run(shell, { wanted: { "chatty": `printf '%0400d\\n' 0\nseq 2 30\nprintf 'no newline'\nexit 0` } });
            const { output } = check(r, "wanted", "chatty");
            assert.equal(output.length, 21);
            assert.equal(output[0], "0".repeat(300));
            assert.deepEqual(output.slice(1, 20), Array.from({ length: 19 }, (_, i) => String(i + 2)));
            assert.equal(output[20], "(11 more lines)", "30 lines and a 31st without its newline: 20 shown");
            assert.ok(r.reportText!.split("\n").every(l => Buffer.byteLength(l) <= 302));
        });

        test("the report stays UTF-8: a character the 300-byte cut splits goes, as do bytes that are not UTF-8", () => {
            // 299 ASCII bytes, then "●" (3 bytes) that the cut splits; a line with a Latin-1 byte.
            const r = run(shell, { wanted: { "bullets": `printf '%0299d\\342\\227\\217 more\\n' 0
printf 'caf\\351 ok \\342\\227\\217\\n'
exit 1` } });
            const raw = readFileSync(join(r.state, "health", `${LAYER}.txt`));
            assert.equal(Buffer.from(raw.toString("utf8"), "utf8").equals(raw), true, "valid UTF-8");
            const { output } = check(r, "wanted", "bullets");
            assert.equal(output[1], "0".repeat(299));
            assert.equal(output[2], "caf ok \u25cf");
        });

        test("the results keep the newest 50 lines", () => {
            const old = Array.from({ length: 60 }, (_, i) => `${1600000000 + i}\told-${i}\tlayer-${i}\tpassed\tprev\t\n`).join("");
            const r = run(shell, { trial: trialOf(), trials: old });
            const lines = resultLines(r);
            assert.equal(lines.length, 50);
            assert.match(lines[0]!, /\told-11\t/);
            assert.match(lines[48]!, /\told-59\t/);
            assert.match(lines[49]!, /\tjob-42\t.*\tpassed\t/);
            assert.equal(parseTrialResults(r.trials).length, 50);
            assert.deepEqual(readdirSync(r.state).sort(), ["health", "trials"], "no temp file left beside it");
        });

        test("the same job decided twice (a crash before the trial was removed) is recorded once", () => {
            const r = run(shell, { trial: trialOf(), trials: "1600000000\tjob-7\tlayer-7\tpassed\tprev\t\n" });
            assert.equal(resultLines(r).length, 2);
            const first = r.trials;
            writeFileSync(join(r.state, "trial"), trialOf());
            const r2 = again(shell, r.dir);
            assert.equal(r2.status, 0, r2.stderr);
            assert.equal(r2.trials, first, "no second line for job-42");
            assert.equal(r2.trialLeft, false, "the trial is removed all the same");
            assert.equal(promotes(r2).length, 2, "the promote ran again: it is idempotent");
            assert.match(r2.stderr, /already recorded/);
        });

        test("a trial file with a layer that is not a word is moved aside: nothing promoted, no result", () => {
            const bad = trialOf().replace(`layer=${LAYER}`, "layer=../x");
            const r = run(shell, { trial: bad });
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.trialLeft, false);
            assert.equal(readFileSync(join(r.state, "trial.bad"), "utf8"), bad);
            assert.match(r.stderr, /bad layer \(\.\.\/x\): moved to \S+trial\.bad/);
            assert.deepEqual(promotes(r), []);
            assert.equal(r.trials, null);
        });

        test("a trial whose entry would read as an option, or with an unknown backend, is moved aside too", () => {
            for (const bad of [trialOf().replace(/^entry=.*$/m, "entry=-h"), trialOf().replace("backend=grub-debian", "backend=lilo"), "job-42\n"]) {
                const r = run(shell, { trial: bad });
                assert.ok(existsSync(join(r.state, "trial.bad")), bad);
                assert.deepEqual(promotes(r), [], bad);
                assert.equal(r.trials, null, bad);
            }
        });

        test("a promote that fails: red with the promote's words, failed recorded with detail promote, the reboot scheduled", () => {
            const r = run(shell, { trial: trialOf(), promoteFails: true });
            assert.equal(r.status, 1);
            assert.equal(r.stdout, `imgbased-health: ${LAYER}: red (failed: builtin:promote)\n`);
            assert.equal(r.report!.verdict, "red");
            assert.deepEqual(check(r, "builtin", "promote"), { status: "failed", kind: "builtin", name: "promote", output: ["error: cannot open grubenv: read-only"] });
            assert.match(r.trials!, /\tfailed\tdebian-node-12\.4-1\+1\tpromote\n$/);
            assert.equal(r.trialLeft, false);
            assert.deepEqual(reboots(r), ["systemd-run --unit=imgbased-fallback --on-active=120s --timer-property=AccuracySec=1s systemctl reboot"]);
        });

        test("a reboot that cannot be scheduled: said on stderr, and everyone is told to reboot", () => {
            const r = run(shell, { units: { "ssh.service": "failed" }, trial: trialOf(), runFails: true });
            assert.equal(r.status, 1);
            assert.equal(reboots(r).length, 1);
            assert.match(r.stderr, /could not schedule the reboot: Failed to start transient timer unit/);
            assert.match(r.wall!, /could not be scheduled: reboot to go back/);
            assert.equal(parseTrialResults(r.trials)[0]!.outcome, "failed", "the result is recorded first");
            assert.equal(r.trialLeft, false);
        });

        test("the root device is not the one mounted on /: red, both named", () => {
            const r = run(shell, { rootSource: "/dev/mapper/vg0-other", links: { "/dev/mapper/vg0-other": "/dev/dm-7" }, trial: trialOf() });
            assert.equal(r.status, 1);
            const root = check(r, "builtin", "root");
            assert.equal(root.status, "failed");
            assert.deepEqual(root.output, [`root=${ROOT} is /dev/dm-3`, "/ is mounted from /dev/mapper/vg0-other (/dev/dm-7)"]);
            assert.equal(parseTrialResults(r.trials)[0]!.outcome, "failed");
            assert.deepEqual(promotes(r), []);
        });

        test("a root= that is not /dev/VG/LAYER for img.bootid's layer: red", () => {
            for (const cmdline of [`root=/dev/vg0/other img.bootid=${LAYER}`, `root=/dev/mapper/vg0/x/${LAYER} img.bootid=${LAYER}`, `img.bootid=${LAYER}`]) {
                const r = run(shell, { cmdline });
                assert.equal(r.status, 1, cmdline);
                assert.equal(check(r, "builtin", "root").status, "failed", cmdline);
                assert.match(check(r, "builtin", "root").output[0]!, /is not \/dev\/VG\//, cmdline);
            }
        });

        test("/boot in fstab: fine when mounted, red when not", () => {
            assert.equal(check(run(shell, { boot: "mounted" }), "builtin", "boot").status, "ok");
            const r = run(shell, { boot: "unmounted" });
            assert.equal(r.status, 1);
            assert.deepEqual(check(r, "builtin", "boot").output, ["/boot is in fstab but not mounted"]);
        });

        test("systemd's state: degraded warns with the failed units, maintenance fails", () => {
            const degraded = run(shell, { system: "degraded" });
            assert.equal(degraded.status, 0, degraded.stderr);
            assert.deepEqual(check(degraded, "builtin", "system"), {
                status: "warning", kind: "builtin", name: "system", output: ["state: degraded", "broken.service loaded failed failed Broken"],
            });
            const maintenance = run(shell, { system: "maintenance" });
            assert.equal(maintenance.status, 1);
            assert.equal(check(maintenance, "builtin", "system").status, "failed");
        });

        test("the config: its units, comments and blanks read; a line it cannot read is a failed check config, with the line", () => {
            const conf = "# the units of this node\n\n  units = ssh.service   nginx.service # web\ncheck-timeout = soon\ngrace=60\nunits: x\nunits = cron.service ../x.service\n";
            const r = run(shell, { conf, units: { "nginx.service": "activating" }, trial: trialOf() });
            assert.equal(r.status, 1);
            assert.deepEqual(check(r, "builtin", "config"), {
                status: "failed", kind: "builtin", name: "config", output: ["line 4: check-timeout = soon", "line 6: units: x", "line 7: units = cron.service ../x.service"],
            });
            assert.deepEqual(checks(r).filter(c => c.includes(" unit ")), ["ok unit ssh.service", "failed unit nginx.service"]);
            assert.match(r.trials!, /\tbuiltin:config unit:nginx\.service\n$/);
            assert.match(reboots(r)[0]!, / --on-active=60s /, "the lines it could read are used");
        });

        test("systemd still starting (this unit is part of the boot): failed units warn, as degraded would", () => {
            const r = run(shell, { system: "starting" });
            assert.equal(r.status, 0, r.stderr);
            const system = check(r, "builtin", "system");
            assert.equal(system.status, "warning");
            assert.deepEqual(system.output, ["state: starting", "broken.service loaded failed failed Broken"]);
        });

        test("the report and the results are readable by every user: the page reads them without admin access", () => {
            const r = run(shell, { trial: trialOf() });
            assert.equal(statSync(join(r.state, "health", `${LAYER}.txt`)).mode & 0o777, 0o644);
            assert.equal(statSync(join(r.state, "trials")).mode & 0o777, 0o644);
        });

        test("a trial written while the checks ran (an upgrade started meanwhile) is the next boot's: not decided, not removed", () => {
            const next = trialOf({ job: "job-43", layer: "debian-node-12.6-1+1" });
            const r = run(shell, { trial: trialOf(), required: { "10-upgrade": `printf '%s' '${next}' >"$IMGBASED_HEALTH_STATE/trial"` } });
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(promotes(r), []);
            assert.equal(r.trials, null, "no result for either");
            assert.equal(readFileSync(join(r.state, "trial"), "utf8"), next);
            assert.match(r.stderr, /trial job-42 of \S+ was replaced while the checks ran/);
        });
    });
}
