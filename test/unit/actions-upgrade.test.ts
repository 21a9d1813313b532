import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { symlinkCheckPath } from "../../src/model/actions/persist.ts";
import { withPanicReboot } from "../../src/model/actions/health-steps.ts";
import { upgrade, upgradeChecks, type UpgradeArgs } from "../../src/model/actions/upgrade.ts";
import { NOISE_CONFIG_PATH } from "../../src/model/diff/noise.ts";
import { bytesToBinary } from "../../src/model/nul-records.ts";
import { PERSIST_FILE, renderPersistFile } from "../../src/model/persist.ts";
import type { PersistCheck } from "../../src/model/persist-probe.ts";
import { validatePlan, type Plan } from "../../src/model/plan.ts";
import { parseTrial } from "../../src/model/trial.ts";
import { parseImageProbe, type ImageProbe } from "../../src/model/upgrade/image-probe.ts";
import { assertShellcheckClean, dev, planned, plannedFrom, refusedCodes, scenario, scenarioFacts, shown, VG } from "./actions-fixtures.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const JOB = "upgrade-1";
const node = scenario("node");
const facts = scenarioFacts("node", node);
// The lab's v2 image as the host program read it.
const image = parseImageProbe(bytesToBinary(readFileSync(join(FIXTURES_DIR, "upgrade", "inspect-v2")))) as ImageProbe;
const SHA = image.sha256!;
const NEW = "debian-node-12.1-1";
const LAYER = `${NEW}+1`;
const MNT = `/run/imgbased/mnt/${JOB}`;

function check(pattern: string, realPrefix: string): PersistCheck {
    return { pattern, realPrefix, matches: 1, files: 1, bytes: 10, samples: [] };
}
const PERSIST = ["/etc/hostname", "/etc/ssh/ssh_host_*"];
/** Always carried after the admin's patterns: our own settings. */
const OWN = [PERSIST_FILE, NOISE_CONFIG_PATH];
const CHECKS = new Map([["/etc/hostname", check("/etc/hostname", "/etc")], ["/etc/ssh/ssh_host_*", check("/etc/ssh/ssh_host_*", "/etc/ssh")]]);

const args = (over: Partial<UpgradeArgs> = {}): UpgradeArgs => ({
    jobId: JOB, imagePath: "/var/tmp/v2.squashfs", image, expectedSha256: SHA, name: NEW,
    persist: PERSIST, persistChecks: CHECKS, ...over,
});

describe("upgrade on the lab node from a squashfs", () => {
    const plan = plannedFrom(node, upgrade(node, facts, args({ select: "once" }))) as Plan;

    test("what a shell reads of it passes shellcheck", () => {
        assertShellcheckClean(planned(upgrade(node, facts, args({ select: "default" }))));
    });

    test("the steps, in order: verify, base, fill, protect, layer, carry, kernel, entry; the switch last", () => {
        validatePlan(plan);
        assert.equal(plan.action, "upgrade");
        assert.deepEqual(plan.steps.map(s => s.id), [
            "grub-snippet", "grub-default-saved", "image-owner", "image-verify",
            "base-create", "base-mkfs", "base-mount", "base-fill", "base-unmount", "base-protect", "base-skip", "base-deactivate",
            "layer-create", "layer-activate", "fs-uuid", "layer-mount", "fstab-root", "persist-carry",
            "layer-grub-snippet", "layer-grub-default-saved", "boot-files", "boot-entry", "boot-menu", "layer-health", "layer-unmount",
            "boot-once",
        ]);
    });

    test("the base: a thin LV as large as the booted layer, ext4 with discard, filled by unsquashfs", () => {
        const step = (id: string) => shown(plan.steps.find(s => s.id === id)!.argv);
        const booted = node.bases.flatMap(b => b.layers).find(l => l.booted)!;
        assert.deepEqual(step("image-verify"), ["sh", "/var/tmp/v2.squashfs", SHA]);
        assert.deepEqual(step("base-create"), ["lvcreate", "--thin", "--virtualsize", `${booted.lv.size}b`, "--setactivationskip", "n",
            "--addtag", "imgbased:base", "--addtag", `imgbased:job=${JOB}`, "--name", NEW, `${VG}/pool`]);
        assert.deepEqual(step("base-mkfs"), ["mkfs.ext4", "-q", "-E", "discard", "-O", "metadata_csum_seed", "-L", NEW.slice(0, 16), dev(NEW)]);
        assert.deepEqual(step("base-fill"), ["unsquashfs", "-no-progress", "-force", "-dest", `${MNT}.base`, "/var/tmp/v2.squashfs"]);
        assert.deepEqual(step("base-protect"), ["lvchange", "--permission", "r", `${VG}/${NEW}`]);
        assert.deepEqual(step("fstab-root"), ["sh", MNT, dev(LAYER), "ext4", "/etc/fstab"]);
        assert.deepEqual(step("persist-carry"), ["sh", MNT, "", "0", ...PERSIST, ...OWN], "no account database carried: no old base to read");
        assert.deepEqual(step("boot-files"), ["sh", `/boot/${LAYER}`, `${MNT}/boot/vmlinuz-6.1.0-50-amd64`, "vmlinuz-6.1.0-50-amd64",
            `${MNT}/boot/initrd.img-6.1.0-50-amd64`, "initrd.img-6.1.0-50-amd64"]);
        const create = plan.steps.find(s => s.id === "base-create")!;
        assert.deepEqual(create.undo, [["lvremove", "-y", `${VG}/${NEW}`]], "undo removes the base, and with it what was filled");
    });

    test("nothing of the running system is changed before the switch, which is last", () => {
        const touching = plan.steps.filter(s => s.argv.some(a => a.includes("debian-node-12.0-1")));
        assert.deepEqual(touching.map(s => s.id), [], "no step names the old base or layer");
        assert.equal(plan.steps.at(-1)!.kind, "boot-once");
    });

    test("a tar and a filesystem image fill differently; the admin's choice skips a conflict", () => {
        const tar = plannedFrom(node, upgrade(node, facts, args({ image: { ...image, format: "tar" }, expectedSha256: null }))) as Plan;
        assert.ok(!tar.steps.some(s => s.id === "image-verify"), "no checksum, no verify step");
        assert.deepEqual(shown(tar.steps.find(s => s.id === "base-fill")!.argv).slice(0, 6),
                         ["tar", "--extract", "--file", "/var/tmp/v2.squashfs", "--directory", `${MNT}.base`]);
        const live = plannedFrom(node, upgrade(node, facts, args({ image: { ...image, format: "squashfs-liveos" }, takeImages: ["/etc/hostname"] }))) as Plan;
        assert.deepEqual(live.steps.filter(s => s.id.endsWith("mount")).map(s => s.id),
                         ["base-mount", "image-mount", "rootfs-mount", "rootfs-unmount", "image-unmount", "base-unmount", "layer-mount", "layer-unmount"]);
        assert.deepEqual(shown(live.steps.find(s => s.id === "base-fill")!.argv), ["cp", "-a", "--", `${MNT}.rootfs/.`, `${MNT}.base/`]);
        assert.deepEqual(shown(live.steps.find(s => s.id === "persist-carry")!.argv), ["sh", MNT, "", "1", "/etc/hostname", ...PERSIST, ...OWN]);
    });

    test("a whitelist carrying an account database: the old base is mounted read-only around the carry, and left inactive as found", () => {
        const persist = ["/etc/pass*", "/etc/hostname"];
        const accounts = plannedFrom(node, upgrade(node, facts, args({ persist, persistChecks: new Map(persist.map(p => [p, check(p, "/etc")])) }))) as Plan;
        const ids = accounts.steps.map(s => s.id);
        const carry = ids.indexOf("persist-carry");
        assert.deepEqual(ids.slice(carry - 2, carry + 3), ["old-base-activate", "old-base-mount", "persist-carry", "old-base-unmount", "old-base-deactivate"]);
        const step = (id: string) => shown(accounts.steps.find(s => s.id === id)!.argv);
        assert.deepEqual(step("old-base-activate"), ["lvchange", "--activate", "y", "--ignoreactivationskip", `${VG}/debian-node-12.0-1`]);
        assert.deepEqual(step("old-base-mount"), ["sh", dev("debian-node-12.0-1"), `${MNT}.old`, "ro,noload"]);
        assert.deepEqual(step("persist-carry").slice(0, 4), ["sh", MNT, `${MNT}.old`, "0"]);
        assert.deepEqual(step("old-base-deactivate"), ["lvchange", "--activate", "n", `${VG}/debian-node-12.0-1`]);
        const reads = accounts.steps.filter(s => s.argv.some(a => a.includes("debian-node-12.0-1")));
        assert.deepEqual(reads.map(s => s.id), ["old-base-activate", "old-base-mount", "old-base-deactivate"], "the old base is only read");
    });

    test("a whitelist edited in the wizard is written first, and only when it changed", () => {
        const entries = [{ pattern: "/etc/hostname", comment: "name" }, { pattern: "/etc/ssh/ssh_host_*", comment: "" }];
        const edited = plannedFrom(node, upgrade(node, facts, args({ saveWhitelist: { entries, current: null } }))) as Plan;
        const write = edited.steps.find(s => s.id === "persist-write")!;
        assert.ok(edited.steps.indexOf(write) < edited.steps.findIndex(s => s.id === "base-create"), "before anything is made");
        assert.ok(write.argv.includes(PERSIST_FILE));
        assert.ok(write.argv.includes(renderPersistFile(entries)));
        const same = plannedFrom(node, upgrade(node, facts, args({ saveWhitelist: { entries, current: renderPersistFile(entries) } }))) as Plan;
        assert.ok(!same.steps.some(s => s.id === "persist-write"));
    });
});

describe("upgrade as a trial", () => {
    const plan = plannedFrom(node, upgrade(node, facts, args({ select: "trial", planned: 1765000000 }))) as Plan;

    test("the trial is recorded on /boot just before the boot-once switch, which stays last", () => {
        assert.deepEqual(plan.steps.slice(-2).map(s => s.id), ["trial-record", "boot-once"]);
        const record = plan.steps.at(-2)!;
        assert.equal(record.argv[4], "/boot/imgbased/trial");
        assert.deepEqual(parseTrial(record.argv[6]!), {
            job: JOB, layer: LAYER, entry: "imgbased-debian-node-12.1-1_1", backend: "grub-debian",
            fallback: node.defaultLayer, planned: 1765000000,
        });
        assert.ok(record.undo && record.undo.length > 0, "undone with the job: no trial of a layer that is gone");
        assert.deepEqual(shown(plan.steps.at(-1)!.argv), ["grub-reboot", "imgbased-debian-node-12.1-1_1"]);
    });

    test("the running system gets the health checks too, undone with the job: it is where a trial that never came up is found", () => {
        const host = plan.steps.filter(s => s.id.startsWith("health-host-"));
        assert.deepEqual(host.map(s => [s.argv[4], s.argv[5]]), [
            ["/usr/local/libexec/imgbased-health", "0755"],
            ["/etc/systemd/system/imgbased-health.service", "0644"],
            ["/etc/systemd/system/multi-user.target.d/imgbased-health.conf", "0644"],
            ["/etc/systemd/system/imgbased-health-watchdog.service", "0644"],
            ["/etc/systemd/system/sysinit.target.d/imgbased-health-watchdog.conf", "0644"],
        ]);
        assert.equal(host[0]!.argv[6], facts.healthProgram);
        assert.ok(host.every(s => s.undo && s.undo.length > 0));
        assert.equal(plan.steps.indexOf(host[0]!), plan.steps.length - host.length - 2, "just before the trial's record and switch");
    });

    test("a trial entry reboots a panicking kernel (into the previous default); an admin's own panic= stays", () => {
        const entryText = (p: Plan) => p.steps.find(s => s.id === "boot-entry")!.argv[6]!;
        assert.match(entryText(plan), /^options .* panic=30 img\.bootid=/m);
        assert.doesNotMatch(entryText(plannedFrom(node, upgrade(node, facts, args({ select: "default" }))) as Plan), /panic=/);
        assert.equal(withPanicReboot("ro quiet panic=5"), "ro quiet panic=5");
        assert.equal(withPanicReboot("ro nopanic=1"), "ro nopanic=1 panic=30");
    });

    test("the new layer gets the health program, its unit and the drop-in that wants it, after the carry", () => {
        const ids = plan.steps.map(s => s.id);
        assert.ok(ids.indexOf("layer-health") > ids.indexOf("persist-carry"));
        const step = plan.steps.find(s => s.id === "layer-health")!;
        const [root, ...rest] = step.argv.slice(4);
        assert.equal(root, MNT);
        const files = [0, 3, 6].map(i => ({ path: rest[i], mode: rest[i + 1], content: rest[i + 2] }));
        assert.deepEqual(files.map(f => [f.path, f.mode]), [
            ["/usr/local/libexec/imgbased-health", "0755"],
            ["/etc/systemd/system/imgbased-health.service", "0644"],
            ["/etc/systemd/system/multi-user.target.d/imgbased-health.conf", "0644"],
        ]);
        assert.equal(files[0]!.content, facts.healthProgram);
        assert.match(files[1]!.content!, /^Environment=IMGBASED_HEALTH_STATE=\/boot\/imgbased$/m);
        assert.match(files[1]!.content!, /^ExecStart=\/usr\/local\/libexec\/imgbased-health$/m);
        assert.match(files[2]!.content!, /^Wants=imgbased-health\.service$/m);
    });
});

describe("upgrade refusals, each with its numbers", () => {
    test("a taken name, a wrong checksum, no kernel", () => {
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ name: "debian-node-12.0-1" }))), ["name-taken"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ name: "no-nvr" }))), ["name-invalid"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ expectedSha256: "0".repeat(64) }))), ["checksum-mismatch"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ image: { ...image, kernels: [] } }))), ["image-no-kernel"]);
        // A raw image whose checksum failed was not mounted: its kernel was not looked for.
        const unopened = { ...image, format: "ext4" as const, kernels: [], tree: "checksum-mismatch" as const };
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ image: unopened, expectedSha256: "0".repeat(64) }))),
                         ["checksum-mismatch", "image-unopened"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ imagePath: "-v2.squashfs" }))), ["image-path-invalid"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ imagePath: "/var/tmp/v2\n.squashfs" }))), ["image-path-invalid"]);
    });

    test("an image someone other than root could change is refused, with the path and why", () => {
        const writable = { ...image, writer: { path: "/home/alice", why: "owner" as const } };
        const check = upgradeChecks(node, facts, args({ image: writable })).find(c => c.id === "image-owner")!;
        assert.deepEqual([check.ok, check.ok ? null : check.reason, check.params],
                         [false, { code: "image-writable", params: { path: "/home/alice", why: "owner" } }, { path: "/home/alice", why: "owner" }]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ image: writable }))), ["image-writable"]);
        assert.equal(upgradeChecks(node, facts, args()).find(c => c.id === "image-owner")!.ok, true);
    });

    test("an unverified image the kernel mounts is said to be, as a warning", () => {
        const check = (format: ImageProbe["format"]) => upgradeChecks(node, facts, args({ image: { ...image, format }, expectedSha256: null })).find(c => c.id === "image")!;
        assert.deepEqual([check("ext4").ok, check("ext4").warn, check("ext4").params.mounted], [true, true, 1]);
        assert.equal(check("squashfs-liveos").params.mounted, 1);
        assert.equal(check("squashfs").params.mounted, 0, "read in user space");
        assert.equal(check("tar").params.mounted, 0);
    });

    test("a pool or /boot too small", () => {
        const big = upgrade(node, facts, args({ image: { ...image, treeBytes: node.pool!.lv.size } }));
        assert.deepEqual(refusedCodes(big), ["pool-too-small"]);
        const full = upgrade(node, { ...facts, boot: { ...facts.boot, freeBytes: 1000 } }, args());
        assert.deepEqual(refusedCodes(full), ["boot-space"]);
        const pool = upgradeChecks(node, facts, args()).find(c => c.id === "pool-data")!;
        assert.equal(pool.ok, true);
        assert.ok(Number(pool.params.needed) >= image.treeBytes);
    });

    test("a whitelist entry through a symlink, or not checked yet", () => {
        const linked = new Map(CHECKS).set("/etc/hostname", check("/etc/hostname", "/real/etc"));
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ persistChecks: linked }))), ["persist-symlink"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ persist: [...PERSIST, "/etc/motd"] }))), ["persist-unchecked"]);
        assert.deepEqual(refusedCodes(upgrade(node, facts, args({ persist: ["etc/motd"] }))), ["persist-invalid"]);
        // The conflict choices too: the carry removes each from the new root.
        for (const path of ["/etc/../../root/.ssh", "etc/motd", "/"])
            assert.deepEqual(refusedCodes(upgrade(node, facts, args({ takeImages: [path] }))), ["persist-invalid"], path);
    });
});

// The job's own check before it reads the image: the rule of model/upgrade/image-writers.ts, which
// the image program runs in bash for the wizard's check, here run by dash as the job runs it.
describe("the job's check that only root can change the image, run by dash and bash on a scratch tree", () => {
    const dir = mkdtempSync("/var/tmp/image-owner-");
    const rootOnly = (path: string, shell: string) => {
        const argv = (plannedFrom(node, upgrade(node, facts, args({ imagePath: path }))) as Plan).steps.find(s => s.id === "image-owner")!.argv;
        const [sh, , script, name, ...rest] = argv;
        assert.equal(sh, "sh");
        const run = spawnSync(shell, ["-c", script!, name!, ...rest], { encoding: "utf8" });
        return run.status === 0 ? "ok" : run.stderr.trim().replace(dir, "DIR");
    };
    const file = (path: string, uid = 0, mode = 0o644) => {
        mkdirSync(join(path, ".."), { recursive: true });
        writeFileSync(path, "image");
        chownSync(path, uid, 0);
        chmodSync(path, mode);
        return path;
    };
    const directory = (path: string, uid = 0, mode = 0o755) => {
        mkdirSync(path, { recursive: true });
        chownSync(path, uid, 0);
        chmodSync(path, mode);
        return path;
    };
    chmodSync(dir, 0o755);
    const cases: [string, string][] = [
        [file(join(directory(join(dir, "root")), "v2.squashfs")), "ok"],
        [file(join(directory(join(dir, "open"), 0, 0o777), "v2.squashfs")), "DIR/open (writable)"],
        [file(join(directory(join(dir, "group"), 0, 0o775), "v2.squashfs")), "DIR/group (writable)"],
        [file(join(directory(join(dir, "alice"), 1000), "v2.squashfs")), "DIR/alice (owner)"],
        [file(join(dir, "root", "alices.squashfs"), 1000), "DIR/root/alices.squashfs (owner)"],
        [file(join(dir, "root", "writable.squashfs"), 0, 0o666), "DIR/root/writable.squashfs (writable)"],
        // Sticky, like /var/tmp: others may not rename or remove root's entries, but their own.
        [file(join(directory(join(dir, "sticky"), 0, 0o1777), "v2.squashfs")), "ok"],
        [file(join(directory(join(dir, "sticky", "bob"), 1000), "v2.squashfs")), "DIR/sticky/bob (owner)"],
    ];
    // A link on the way: where it leads counts, and so does the directory the link itself is in.
    symlinkSync(join(dir, "open"), join(dir, "root", "to-open"));
    cases.push([join(dir, "root", "to-open", "v2.squashfs"), "DIR/open (writable)"]);
    symlinkSync(join(dir, "root"), join(dir, "open", "to-root"));
    cases.push([join(dir, "open", "to-root", "v2.squashfs"), "DIR/open (writable)"]);

    for (const shell of ["dash", "bash"]) {
        test(`${shell}: root's directories pass; a user's file or directory, or one others may write, is named`, () => {
            for (const [path, expected] of cases) {
                const got = rootOnly(path, shell);
                assert.equal(got === "ok" ? got : got.replace(/^someone other than root could change the image: /, ""), expected, path);
            }
        });
    }
    after(() => rmSync(dir, { recursive: true, force: true }));
});

describe("the carry step's script, run by dash on a scratch tree", () => {
    const carry = (root: string, takeImages: string[], patterns: string[], oldBase = "") => {
        const step = plannedFrom(node, upgrade(node, facts, args({
            persist: patterns, persistChecks: new Map(patterns.map(p => [p, check(p, symlinkCheckPath(p))])), takeImages,
        }))) as Plan;
        const argv = step.steps.find(s => s.id === "persist-carry")!.argv;
        // Our mount points stand for the new root and the old base: scratch trees take their place.
        const [, , script, name, , , ...rest] = argv;
        return spawnSync("dash", ["-c", script!, name!, root, oldBase, ...rest], { encoding: "utf8" });
    };

    test("the account databases are merged with the image's; a link of the image's at one is replaced, never read or written through", () => {
        const tmp = mkdtempSync("/var/tmp/carry-");
        const root = `${tmp}/new`, old = `${tmp}/old`;
        mkdirSync(`${root}/etc`, { recursive: true });
        mkdirSync(`${old}/etc`, { recursive: true });
        for (const db of ["passwd", "group"])
            writeFileSync(`${old}/etc/${db}`, readFileSync(join(FIXTURES_DIR, "accounts", db)));
        writeFileSync(`${tmp}/secret`, "root:secret:");
        symlinkSync(`${tmp}/secret`, `${root}/etc/passwd`);
        // The image adds a group with an id this host does not use.
        const hostGroups = readFileSync("/etc/group", "utf8");
        const gid = [...Array(1000).keys()].map(i => 60000 - i).find(g => !hostGroups.includes(`:${g}:`))!;
        writeFileSync(`${root}/etc/group`, `${readFileSync(join(FIXTURES_DIR, "accounts", "group"), "utf8")}imagesvc:x:${gid}:\n`, { mode: 0o604 });
        chmodSync(`${root}/etc/group`, 0o604);
        const result = carry(root, [], ["/etc/passwd", "/etc/group"], old);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(readFileSync(`${tmp}/secret`, "utf8"), "root:secret:", "the host's file is untouched");
        assert.equal(lstatSync(`${root}/etc/passwd`).isFile(), true);
        assert.equal(readFileSync(`${root}/etc/passwd`, "utf8"), readFileSync("/etc/passwd", "utf8").replace(/\n+$/, "\n"), "the image has none of its own: this host's, whole");
        const group = readFileSync(`${root}/etc/group`, "utf8");
        assert.match(group, new RegExp(`^imagesvc:x:${gid}:$`, "m"), "the image's new group");
        assert.match(group, /^root:x:0:/m);
        assert.equal(statSync(`${root}/etc/group`).mode & 0o777, 0o604, "the image's file's mode");
        assert.match(result.stdout, /^kept \/etc\/passwd \(the image has no file of its own there\)$/m);
        assert.match(result.stdout, /^merged \/etc\/group with the image's by name$/m);
        assert.deepEqual(readdirSync(`${root}/etc`).sort(), ["group", "passwd"], "no temp file left");
        rmSync(tmp, { recursive: true });
    });

    // Under /var/tmp: the whitelist refuses /tmp (the image's own), so a scratch tree there would not plan.
    test("files and directories are copied with their attributes; a skipped one keeps the image's", () => {
        const tmp = mkdtempSync("/var/tmp/carry-");
        const host = `${tmp}/host`, root = `${tmp}/new`;
        mkdirSync(`${host}/etc/ssh`, { recursive: true });
        writeFileSync(`${host}/etc/hostname`, "node-seven\n", { mode: 0o640 });
        writeFileSync(`${host}/etc/ssh/ssh_host_a_key`, "a");
        writeFileSync(`${host}/etc/ssh/ssh_host_b_key`, "b");
        writeFileSync(`${host}/etc/motd`, "local");
        mkdirSync(`${root}${host}/etc/ssh`, { recursive: true });
        writeFileSync(`${root}${host}/etc/ssh/sshd_config`, "image's");
        writeFileSync(`${root}${host}/etc/motd`, "image's");
        const result = carry(root, [`${host}/etc/motd`], [`${host}/etc/hostname`, `${host}/etc/ssh/ssh_host_*`, `${host}/etc/motd`, `${host}/etc/none`]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(readFileSync(`${root}${host}/etc/hostname`, "utf8"), "node-seven\n");
        assert.equal(statSync(`${root}${host}/etc/hostname`).mode & 0o777, 0o640);
        assert.deepEqual(readdirSync(`${root}${host}/etc/ssh`).sort(), ["ssh_host_a_key", "ssh_host_b_key", "sshd_config"]);
        assert.equal(readFileSync(`${root}${host}/etc/motd`, "utf8"), "image's", "the admin chose the image's version");
        assert.match(result.stdout, /the image's .*motd is kept/);
        assert.deepEqual(readdirSync(root), ["var"], "nothing of the set-aside copies is left");
        rmSync(tmp, { recursive: true });
    });

    test("a choice inside a carried directory: the image's file is put back, or removed when the image has none", () => {
        const tmp = mkdtempSync("/var/tmp/carry-");
        const host = `${tmp}/host`, root = `${tmp}/new`;
        mkdirSync(`${host}/etc/app/conf.d`, { recursive: true });
        writeFileSync(`${host}/etc/app/main.conf`, "local main");
        writeFileSync(`${host}/etc/app/conf.d/a.conf`, "local a");
        writeFileSync(`${host}/etc/app/conf.d/mine.conf`, "local only");
        mkdirSync(`${root}${host}/etc/app/conf.d`, { recursive: true });
        writeFileSync(`${root}${host}/etc/app/main.conf`, "image main");
        writeFileSync(`${root}${host}/etc/app/conf.d/a.conf`, "image a");
        const result = carry(root, [`${host}/etc/app/conf.d/a.conf`, `${host}/etc/app/conf.d/mine.conf`], [`${host}/etc/app`]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(readFileSync(`${root}${host}/etc/app/main.conf`, "utf8"), "local main", "kept: the admin's choice by default");
        assert.equal(readFileSync(`${root}${host}/etc/app/conf.d/a.conf`, "utf8"), "image a", "the image's, as chosen");
        assert.deepEqual(readdirSync(`${root}${host}/etc/app/conf.d`), ["a.conf"], "the image has no mine.conf: the choice removes the local copy");
        assert.match(result.stdout, /mine\.conf is not in the image/);
        rmSync(tmp, { recursive: true });
    });

    // A crafted image's links where carried files go (issue: a crafted image cannot touch the host).
    const crafted = () => {
        const tmp = mkdtempSync("/var/tmp/carry-");
        const host = `${tmp}/host`, root = `${tmp}/new`;
        mkdirSync(`${host}/etc/app/conf.d`, { recursive: true });
        writeFileSync(`${host}/etc/hostname`, "node-seven\n");
        writeFileSync(`${host}/etc/motd`, "local motd");
        writeFileSync(`${host}/etc/resolv.conf`, "nameserver 192.0.2.1\n");
        writeFileSync(`${host}/etc/app/main.conf`, "local main");
        writeFileSync(`${host}/etc/app/conf.d/a.conf`, "local a");
        // This host's secret, outside the new root, which the image's links point at.
        writeFileSync(`${tmp}/shadow`, "root:secret:");
        mkdirSync(`${root}${host}/etc/app`, { recursive: true });
        return { tmp, host, root };
    };

    test("a link of the image's where a carried file goes is replaced, never written through: absolute, relative, dangling, inside a carried directory", () => {
        const { tmp, host, root } = crafted();
        symlinkSync(`${tmp}/shadow`, `${root}${host}/etc/hostname`);
        symlinkSync(`${"../".repeat(host.split("/").length + 1)}${tmp.slice(1)}/shadow`, `${root}${host}/etc/motd`);
        symlinkSync("../run/systemd/resolve/stub-resolv.conf", `${root}${host}/etc/resolv.conf`);
        symlinkSync(`${tmp}/shadow`, `${root}${host}/etc/app/main.conf`);
        const result = carry(root, [], [`${host}/etc/hostname`, `${host}/etc/motd`, `${host}/etc/resolv.conf`, `${host}/etc/app`]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(readFileSync(`${tmp}/shadow`, "utf8"), "root:secret:", "the host's file is untouched");
        for (const [file, content] of [["hostname", "node-seven\n"], ["motd", "local motd"], ["resolv.conf", "nameserver 192.0.2.1\n"], ["app/main.conf", "local main"], ["app/conf.d/a.conf", "local a"]]) {
            assert.equal(lstatSync(`${root}${host}/etc/${file}`).isFile(), true, file);
            assert.equal(readFileSync(`${root}${host}/etc/${file}`, "utf8"), content, file);
        }
        rmSync(tmp, { recursive: true });
    });

    test("a directory of the image's that is a link where a carried directory goes is refused, named, and nothing is written through it", () => {
        for (const at of ["app", "app/conf.d"]) {
            const { tmp, host, root } = crafted();
            mkdirSync(`${tmp}/elsewhere`);
            if (at === "app") rmSync(`${root}${host}/etc/app`, { recursive: true });
            symlinkSync(`${tmp}/elsewhere`, `${root}${host}/etc/${at}`);
            const result = carry(root, [], [`${host}/etc/app`]);
            assert.equal(result.status, 1, at);
            assert.match(result.stderr, new RegExp(`symlink at ${host}/etc/${at} where this directory goes`), at);
            assert.deepEqual(readdirSync(`${tmp}/elsewhere`), [], `${at}: nothing written through the link`);
            rmSync(tmp, { recursive: true });
        }
    });

    test("a symlink in the new image on the way is refused: the copy would land elsewhere", () => {
        const tmp = mkdtempSync("/var/tmp/carry-");
        const host = `${tmp}/host`, root = `${tmp}/new`;
        mkdirSync(`${host}/etc`, { recursive: true });
        writeFileSync(`${host}/etc/hostname`, "node-seven\n");
        mkdirSync(`${tmp}/elsewhere`);
        mkdirSync(`${root}${host}`, { recursive: true });
        symlinkSync(`${tmp}/elsewhere`, `${root}${host}/etc`);
        const result = carry(root, [], [`${host}/etc/hostname`]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /symlink on the way/);
        assert.deepEqual(readdirSync(`${tmp}/elsewhere`), [], "nothing written through the link");
        rmSync(tmp, { recursive: true });
    });
});
