// The file and mount steps are proven by running their argv (and undo, and cleanup) in a temp
// dir under dash and bash --posix, including whole job scripts that fail and undo.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import {
    copyIntoNewDirStep, deletePathsStep, hideFileStep, removeFileStep, shArgv, sidecarPath, writeFileStep, writeInTreeStep,
} from "../../src/model/actions/file-steps.ts";
import { fstabRootStep, lvremoveIfCreated, mountStep, unmountIfMounted } from "../../src/model/actions/lv-steps.ts";
import { renderScript, type Plan } from "../../src/model/plan.ts";

const SHELLS = [["dash"], ["bash", "--posix"]];
const ROOT = mkdtempSync(join(tmpdir(), "imgbased-files-"));
after(() => rmSync(ROOT, { recursive: true, force: true }));

let n = 0;
function dir(): string {
    const d = join(ROOT, `d${n++}`);
    mkdirSync(d, { recursive: true });
    return d;
}

/** Runs an argv, with "sh" replaced by the shell under test. */
function exec(shell: string[], argv: string[], env: { [name: string]: string } = {}) {
    const [cmd, ...args] = argv[0] === "sh" ? [...shell, ...argv.slice(1)] : argv;
    const r = spawnSync(cmd!, args, { encoding: "utf8", env: { ...process.env, ...env } });
    return { status: r.status, out: r.stdout + r.stderr };
}

function ok(shell: string[], argv: string[], env: { [name: string]: string } = {}): void {
    const r = exec(shell, argv, env);
    assert.equal(r.status, 0, `${argv.slice(0, 2).join(" ")}: ${r.out}`);
}

function fails(shell: string[], argv: string[]): string {
    const r = exec(shell, argv);
    assert.notEqual(r.status, 0, `${argv.slice(0, 2).join(" ")} should fail: ${r.out}`);
    return r.out;
}

const HOST_SECRET = "root:$6$secret:19000:0:99999:7:::\n";
/** A stand-in for the host's /etc, with a secret a crafted image's links point at. */
function hostTree(): string {
    const host = dir();
    mkdirSync(join(host, "etc"));
    writeFileSync(join(host, "etc/shadow"), HOST_SECRET, { mode: 0o600 });
    writeFileSync(join(host, "etc/fstab"), "/dev/vda1 / ext4 defaults 0 1\n");
    return host;
}

/** The stand-in host's /etc holds exactly what hostTree() put there. */
function assertHostIntact(host: string): void {
    assert.deepEqual(readdirSync(join(host, "etc")).sort(), ["fstab", "shadow"]);
    assert.equal(readFileSync(join(host, "etc/shadow"), "utf8"), HOST_SECRET);
    assert.equal(readFileSync(join(host, "etc/fstab"), "utf8"), "/dev/vda1 / ext4 defaults 0 1\n");
}

const HOSTILE = `title It's "x" $(touch /tmp/pwned) \`id\` \\ $HOME\n\ttab\nno newline at end`;

for (const shell of SHELLS) {
    describe(`file steps under ${shell.join(" ")}`, () => {
        test("writeFileStep: a new file, exact bytes and mode; undo removes it", () => {
            const d = dir();
            const state = dir();
            const path = join(d, "sub/entry.conf");
            const step = writeFileStep("w", "boot-entry", "t", path, HOSTILE, { jobId: "job1", mode: "0755", stateDir: state });
            ok(shell, step.argv);
            assert.equal(readFileSync(path, "utf8"), HOSTILE);
            assert.equal(statSync(path).mode & 0o777, 0o755);
            assert.deepEqual(readdirSync(join(d, "sub")), ["entry.conf"], "nothing beside the file");
            assert.ok(existsSync(`${sidecarPath(path, "job1", state)}.new`));
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.equal(existsSync(path), false);
            assert.deepEqual(readdirSync(join(state, "job1.files")), []);
        });

        test("writeFileStep: an existing file is recorded in the job's directory; undo restores content and mode", () => {
            const d = dir();
            const state = dir();
            const path = join(d, "grub");
            writeFileSync(path, "old\n");
            chmodSync(path, 0o600);
            const step = writeFileStep("w", "k", "t", path, "new\n", { jobId: "job2", stateDir: state });
            ok(shell, step.argv);
            assert.equal(readFileSync(path, "utf8"), "new\n");
            assert.equal(statSync(path).mode & 0o777, 0o644);
            assert.deepEqual(readdirSync(d), ["grub"]);
            assert.equal(readFileSync(sidecarPath(path, "job2", state), "utf8"), "old\n");
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.equal(readFileSync(path, "utf8"), "old\n");
            assert.equal(statSync(path).mode & 0o777, 0o600);
            assert.deepEqual(readdirSync(d), ["grub"]);
            assert.deepEqual(readdirSync(join(state, "job2.files")), []);
        });

        test("removeFileStep: the file goes, a copy stays in the job's directory; undo puts it back with its mode", () => {
            const d = dir();
            const state = dir();
            const path = join(d, "trial");
            writeFileSync(path, HOSTILE, { mode: 0o640 });
            const step = removeFileStep("r", "trial-record", "t", path, { jobId: "job9", stateDir: state });
            ok(shell, step.argv);
            assert.deepEqual(readdirSync(d), [], "gone, nothing left beside it");
            assert.equal(readFileSync(sidecarPath(path, "job9", state), "utf8"), HOSTILE);
            for (const argv of step.cleanupOnFailure!)
                ok(shell, argv);
            assert.equal(readFileSync(path, "utf8"), HOSTILE);
            assert.equal(statSync(path).mode & 0o777, 0o640);
            assert.deepEqual(readdirSync(d), ["trial"]);
            assert.deepEqual(readdirSync(join(state, "job9.files")), []);
        });

        test("removeFileStep: a file already gone is fine, and its undo makes none", () => {
            const d = dir();
            const state = dir();
            const path = join(d, "trial");
            const step = removeFileStep("r", "trial-record", "t", path, { jobId: "job10", stateDir: state });
            ok(shell, step.argv);
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.deepEqual(readdirSync(d), []);
        });

        test("writeFileStep: a file that holds the content already is left alone, by the step and its undo", () => {
            const d = dir();
            const state = dir();
            const path = join(d, "42_imgbased");
            writeFileSync(path, "same", { mode: 0o755 });
            const step = writeFileStep("w", "k", "t", path, "same", { jobId: "job5", mode: "0755", stateDir: state });
            ok(shell, step.argv);
            assert.equal(existsSync(join(state, "job5.files")), false);
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.equal(readFileSync(path, "utf8"), "same");
        });

        test("writeFileStep cleanup: leaves a file it has no record of, removes temp files", () => {
            const d = dir();
            const path = join(d, "x.conf");
            // As if a killed write had made its temp file but not its record; someone else's x.conf.
            writeFileSync(join(d, ".x.conf.AbC123"), "half");
            writeFileSync(path, "ours");
            const step = writeFileStep("w", "k", "t", path, "ours", { jobId: "job3", stateDir: dir() });
            for (const argv of step.cleanupOnFailure!)
                ok(shell, argv);
            assert.deepEqual(readdirSync(d), ["x.conf"]);
            assert.equal(readFileSync(path, "utf8"), "ours");
        });

        test("writeFileStep: the content travels as an argument, never in the script", () => {
            const step = writeFileStep("w", "k", "t", "/boot/loader/entries/a.conf", HOSTILE, { jobId: "j" });
            assert.equal(step.argv[0], "sh");
            assert.ok(!step.argv[2]!.includes("pwned"));
            assert.equal(step.argv.filter(a => a === HOSTILE).length, 1);
            assert.throws(() => writeFileStep("w", "k", "t", "relative/x", "", { jobId: "j" }), /absolute/);
            assert.throws(() => writeFileStep("w", "k", "t", "/a/../etc/x", "", { jobId: "j" }), /absolute/);
            assert.throws(() => writeFileStep("w", "k", "t", "/a", "", { jobId: "j", mode: "u+x" }), /octal/);
        });

        test("hideFileStep: hides under the backup name, undo brings it back and runs `then`", () => {
            const d = dir();
            const path = join(d, "imgbased-a_1.conf");
            writeFileSync(path, "entry");
            const marker = join(d, "refreshed");
            const step = hideFileStep("h", "k", "t", path, { jobId: "job4", then: [["touch", marker]] });
            ok(shell, step.argv);
            assert.deepEqual(readdirSync(d), [".imgbased-a_1.conf.imgbased-job4"]);
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.deepEqual(readdirSync(d).sort(), ["imgbased-a_1.conf", "refreshed"]);
            // A file that is already gone is no failure, either way.
            rmSync(path);
            ok(shell, step.argv);
            for (const argv of step.undo!)
                ok(shell, argv);
        });

        test("copyIntoNewDirStep: copies, undo removes the directory", () => {
            const d = dir();
            writeFileSync(join(d, "vmlinuz-6"), "kernel");
            writeFileSync(join(d, "initrd.img-6"), "initrd");
            const target = join(d, "boot/layer+2");
            mkdirSync(join(d, "boot"));
            const step = copyIntoNewDirStep("c", "k", "t", target,
                [{ from: join(d, "vmlinuz-6"), name: "vmlinuz-6" }, { from: join(d, "initrd.img-6"), name: "initrd.img-6" }]);
            ok(shell, step.argv);
            assert.deepEqual(readdirSync(target).sort(), ["initrd.img-6", "vmlinuz-6"]);
            assert.equal(readFileSync(join(target, "vmlinuz-6"), "utf8"), "kernel");
            for (const argv of step.undo!)
                ok(shell, argv);
            assert.equal(existsSync(target), false);
            assert.throws(() => copyIntoNewDirStep("c", "k", "t", target, [{ from: "/x", name: "../y" }]), /unsafe/);
        });

        test("copyIntoNewDirStep refuses a source that is a link, and copies nothing of its target", () => {
            const d = dir();
            writeFileSync(join(d, "secret"), "root:secret:");
            symlinkSync(join(d, "secret"), join(d, "vmlinuz-6"));
            const step = copyIntoNewDirStep("c", "k", "t", join(d, "L"), [{ from: join(d, "vmlinuz-6"), name: "vmlinuz-6" }]);
            const result = exec(shell, step.argv);
            assert.notEqual(result.status, 0);
            assert.match(result.out, /vmlinuz-6 is not a regular file/);
            assert.deepEqual(readdirSync(join(d, "L")), []);
        });

        test("copyIntoNewDirStep fails on a missing source, leaving no temp file", () => {
            const d = dir();
            const step = copyIntoNewDirStep("c", "k", "t", join(d, "L"), [{ from: join(d, "missing"), name: "vmlinuz" }]);
            assert.notEqual(exec(shell, step.argv).status, 0);
            assert.deepEqual(readdirSync(join(d, "L")), []);
        });

        test("fstabRootStep: the root line's source becomes the layer, the rest as written", () => {
            const d = dir();
            mkdirSync(join(d, "etc"));
            const fstab = "# <file system> <mount point>   <type>  <options>       <dump>  <pass>\n"
                + "# / was on /dev/vda2 during installation\n"
                + "UUID=0e6c1c45-aaaa   /               ext4    errors=remount-ro 0       1\n"
                + "UUID=1234-boot /boot           ext4    defaults        0       2\n"
                + "  /dev/nodevg/swap none swap sw 0 0\n";
            writeFileSync(join(d, "etc/fstab"), fstab, { mode: 0o644 });
            ok(shell, fstabRootStep(d, "/dev/nodevg/base+2", "ext4").argv);
            assert.equal(readFileSync(join(d, "etc/fstab"), "utf8"), fstab.replace("UUID=0e6c1c45-aaaa", "/dev/nodevg/base+2"));
            assert.deepEqual(readdirSync(join(d, "etc")), ["fstab"]);
        });

        test("fstabRootStep: without a root line one is added; without fstab one is made", () => {
            const d = dir();
            mkdirSync(join(d, "etc"));
            writeFileSync(join(d, "etc/fstab"), "UUID=1234-boot /boot ext4 defaults 0 2\n");
            ok(shell, fstabRootStep(d, "/dev/vg/l+1", "xfs").argv);
            assert.equal(readFileSync(join(d, "etc/fstab"), "utf8"), "UUID=1234-boot /boot ext4 defaults 0 2\n/dev/vg/l+1\t/\txfs\tdefaults\t0\t1\n");
            rmSync(join(d, "etc/fstab"));
            ok(shell, fstabRootStep(d, "/dev/vg/l+1", "ext4").argv);
            assert.equal(readFileSync(join(d, "etc/fstab"), "utf8"), "/dev/vg/l+1\t/\text4\tdefaults\t0\t1\n");
        });

        test("fstabRootStep: a new fstab is world-readable", () => {
            const d = dir();
            ok(shell, fstabRootStep(d, "/dev/vg/l+1", "ext4").argv);
            assert.equal(statSync(join(d, "etc/fstab")).mode & 0o777, 0o644);
        });

        test("fstabRootStep: no symlink of the image's is followed; the host's files stay as they were", () => {
            // etc/ itself a link out of the tree: refused, with the path named.
            const host = hostTree();
            const d = dir();
            symlinkSync(join(host, "etc"), join(d, "etc"));
            const out = fails(shell, fstabRootStep(d, "/dev/vg/l+1", "ext4", join(host, "etc/fstab")).argv);
            assert.match(out, /\/etc is a symbolic link/);
            assertHostIntact(host);
            // etc/fstab a link to a host secret: replaced when the fstab comes from elsewhere...
            const e = dir();
            mkdirSync(join(e, "etc"));
            symlinkSync(join(host, "etc/shadow"), join(e, "etc/fstab"));
            ok(shell, fstabRootStep(e, "/dev/vg/l+1", "ext4", join(host, "etc/fstab")).argv);
            assert.equal(lstatSync(join(e, "etc/fstab")).isFile(), true);
            assert.match(readFileSync(join(e, "etc/fstab"), "utf8"), /^\/dev\/vg\/l\+1 \/ ext4/m);
            assertHostIntact(host);
            // ...and refused as the file to start from, which would copy the secret into the layer.
            const f = dir();
            mkdirSync(join(f, "etc"));
            symlinkSync(join(host, "etc/shadow"), join(f, "etc/fstab"));
            assert.match(fails(shell, fstabRootStep(f, "/dev/vg/l+1", "ext4").argv), /\/etc\/fstab of the new layer is a symbolic link/);
            assert.equal(lstatSync(join(f, "etc/fstab")).isSymbolicLink(), true);
            assert.deepEqual(readdirSync(join(f, "etc")), ["fstab"], "no temp file left");
            // A link to a host directory: replaced, not moved into (plain mv would put the file there).
            const g = dir();
            mkdirSync(join(g, "etc"));
            symlinkSync(join(host, "etc"), join(g, "etc/fstab"));
            ok(shell, fstabRootStep(g, "/dev/vg/l+1", "ext4", join(host, "etc/fstab")).argv);
            assert.equal(lstatSync(join(g, "etc/fstab")).isFile(), true);
            assertHostIntact(host);
            // A FIFO (as a device node would be) is not read as the fstab to start from.
            const h = dir();
            mkdirSync(join(h, "etc"));
            execFileSync("mkfifo", [join(h, "etc/fstab")]);
            assert.match(fails(shell, fstabRootStep(h, "/dev/vg/l+1", "ext4").argv), /not a regular file/);
        });

        test("writeInTreeStep: makes the directories and writes the file with its mode", () => {
            const d = dir();
            ok(shell, writeInTreeStep("w", "k", "t", d, "/etc/default/grub.d/imgbased.cfg", HOSTILE, "0755").argv);
            assert.equal(readFileSync(join(d, "etc/default/grub.d/imgbased.cfg"), "utf8"), HOSTILE);
            assert.equal(statSync(join(d, "etc/default/grub.d/imgbased.cfg")).mode & 0o777, 0o755);
            assert.deepEqual(readdirSync(join(d, "etc/default/grub.d")), ["imgbased.cfg"]);
        });

        test("under a job's umask 077 the directories made on the way are 0755, the files their own mode", () => {
            const d = dir();
            const underJobUmask = (argv: string[]) => ["sh", "-c", 'umask 077; exec "$@"', "job", ...shell, ...argv.slice(1)];
            ok(["sh"], underJobUmask(writeInTreeStep("w", "k", "t", d, "/usr/local/libexec/x", "x", "0755").argv));
            ok(["sh"], underJobUmask(writeFileStep("w", "k", "t", join(d, "boot/imgbased/trial"), "t", { jobId: "j", stateDir: join(d, "state") }).argv));
            for (const sub of ["usr", "usr/local", "usr/local/libexec", "boot", "boot/imgbased"])
                assert.equal(statSync(join(d, sub)).mode & 0o777, 0o755, sub);
            assert.equal(statSync(join(d, "boot/imgbased/trial")).mode & 0o777, 0o644);
            assert.equal(statSync(join(d, "state")).mode & 0o777, 0o700, "the job's own records stay private");
        });

        test("writeInTreeStep: a link at a directory on the way is refused, absolute or relative, dangling or not", () => {
            const host = hostTree();
            const cases: [string, string][] = [
                ["etc", join(host, "etc")],
                ["etc/default", join(host, "etc")],
                ["etc/default/grub.d", "../../../../../../../../../../.." + host + "/etc"],
                ["etc/default/grub.d", join(host, "missing")],
            ];
            for (const [link, target] of cases) {
                const d = dir();
                mkdirSync(join(d, link, ".."), { recursive: true });
                symlinkSync(target, join(d, link));
                const out = fails(shell, writeInTreeStep("w", "k", "t", d, "/etc/default/grub.d/imgbased.cfg", "x").argv);
                assert.match(out, new RegExp(`refused: /${link} is a symbolic link`), `${link} -> ${target}`);
                assertHostIntact(host);
                assert.equal(existsSync(join(host, "missing")), false);
            }
            const d = dir();
            writeFileSync(join(d, "etc"), "a file where a directory goes");
            assert.match(fails(shell, writeInTreeStep("w", "k", "t", d, "/etc/x", "x").argv), /\/etc in the new layer's tree is not a directory/);
        });

        test("writeInTreeStep: a link at the file itself is replaced, never written through, dangling too", () => {
            const host = hostTree();
            for (const target of [join(host, "etc/shadow"), join(host, "etc/none"), "../../../../../../../../.." + host + "/etc/shadow", join(host, "etc")]) {
                const d = dir();
                mkdirSync(join(d, "etc/grub.d"), { recursive: true });
                symlinkSync(target, join(d, "etc/grub.d/42_imgbased"));
                ok(shell, writeInTreeStep("w", "k", "t", d, "/etc/grub.d/42_imgbased", "ours").argv);
                assert.equal(lstatSync(join(d, "etc/grub.d/42_imgbased")).isFile(), true);
                assert.equal(readFileSync(join(d, "etc/grub.d/42_imgbased"), "utf8"), "ours");
                assertHostIntact(host);
                assert.equal(existsSync(join(host, "etc/none")), false);
            }
        });

        test("unmountIfMounted: a directory that is no mount point is just removed", () => {
            const d = join(dir(), "mnt");
            mkdirSync(d);
            ok(shell, unmountIfMounted(d));
            assert.equal(existsSync(d), false);
            ok(shell, unmountIfMounted(d));
        });

        test("lvremoveIfCreated removes only an LV that exists and carries this job's tag", () => {
            const bin = dir();
            const log = join(bin, "log");
            // lvs as LVM prints it: indented tags; "vg/taken" is someone else's LV of the same name.
            writeFileSync(join(bin, "lvs"), `#!/bin/sh
echo "lvs $*" >>${log}
case "$4" in
vg/ours) echo "  imgbased:layer,imgbased:job=j1" ;;
vg/taken) echo "  imgbased:layer,imgbased:job=j10" ;;
*) exit 5 ;;
esac
`, { mode: 0o755 });
            writeFileSync(join(bin, "lvremove"), `#!/bin/sh\necho "lvremove $*" >>${log}\n`, { mode: 0o755 });
            const env = { PATH: `${bin}:${process.env.PATH}` };
            ok(shell, lvremoveIfCreated("vg/gone", "j1"), env);
            ok(shell, lvremoveIfCreated("vg/taken", "j1"), env);
            ok(shell, lvremoveIfCreated("vg/ours", "j1"), env);
            assert.equal(readFileSync(log, "utf8"),
                "lvs --noheadings -o lv_tags vg/gone\nlvs --noheadings -o lv_tags vg/taken\nlvs --noheadings -o lv_tags vg/ours\nlvremove -y vg/ours\n");
        });

        test("mountStep passes options only when given", () => {
            const bin = dir();
            const log = join(bin, "log");
            writeFileSync(join(bin, "mount"), `#!/bin/sh\necho "mount $*" >>${log}\n`, { mode: 0o755 });
            const env = { PATH: `${bin}:${process.env.PATH}` };
            const mnt = join(bin, "mnt");
            ok(shell, mountStep("m", "t", "/dev/vg/l", mnt, "nouuid").argv, env);
            ok(shell, mountStep("m", "t", "/dev/vg/l", mnt, "").argv, env);
            assert.equal(readFileSync(log, "utf8"), `mount -o nouuid -- /dev/vg/l ${mnt}\nmount -- /dev/vg/l ${mnt}\n`);
            assert.ok(existsSync(mnt));
        });
    });
}

describe("in a job script", () => {
    function runJob(plan: Plan, state: string) {
        const paths = { lockPath: join(state, "lock"), currentPath: join(state, "current"), stateDir: state };
        const script = join(state, "job.sh");
        writeFileSync(script, renderScript(plan, paths));
        return spawnSync("dash", [script], { encoding: "utf8" });
    }

    test("a later failure undoes the writes: new file gone, old file back, hidden file back", () => {
        const d = dir();
        const fresh = join(d, "entries/imgbased-x_2.conf");
        const old = join(d, "grub.cfg");
        const hidden = join(d, "entries/imgbased-x_1.conf");
        const state = dir();
        mkdirSync(join(d, "entries"));
        writeFileSync(old, "old cfg");
        writeFileSync(hidden, "x_1");
        const plan: Plan = {
            id: "job-files-1", action: "test", title: "write then fail",
            steps: [
                writeFileStep("w1", "boot-entry", "new entry", fresh, "entry text", { jobId: "job-files-1", stateDir: state }),
                writeFileStep("w2", "boot-menu", "new cfg", old, "new cfg", { jobId: "job-files-1", stateDir: state }),
                hideFileStep("h", "boot-entry-hide", "hide", hidden, { jobId: "job-files-1" }),
                { id: "boom", kind: "test", title: "fails", argv: shArgv("exit 3") },
            ],
        };
        const r = runJob(plan, state);
        assert.equal(r.status, 3, r.stdout);
        assert.equal(existsSync(fresh), false);
        assert.equal(readFileSync(old, "utf8"), "old cfg");
        assert.equal(readFileSync(hidden, "utf8"), "x_1");
        assert.deepEqual(readdirSync(d).sort(), ["entries", "grub.cfg"]);
        assert.deepEqual(readdirSync(join(d, "entries")), ["imgbased-x_1.conf"]);
    });

    test("deletePathsStep is past the point of no return: a path it cannot delete stops the job unfinished, nothing undone", () => {
        const d = dir();
        const gone = join(d, "layer+1");
        mkdirSync(gone);
        writeFileSync(join(gone, "vmlinuz"), "k");
        const written = join(d, "written");
        const state = dir();
        const plan: Plan = {
            id: "job-files-2", action: "test", title: "delete",
            steps: [
                writeFileStep("w", "k", "t", written, "x", { jobId: "job-files-2", stateDir: state }),
                // Nobody, root included, can delete a file of /proc: rm exits 1.
                deletePathsStep("del", "boot-files-delete", "delete", [gone, "/proc/version"]),
            ],
        };
        const r = runJob(plan, state);
        assert.equal(r.status, 79, r.stdout);
        assert.match(r.stdout, /step-end 1 del 1 fail/);
        assert.match(r.stdout, /done 79 failed-unfinished/);
        assert.equal(existsSync(gone), false);
        assert.equal(readFileSync(written, "utf8"), "x", "what came before is not undone");
        assert.ok(existsSync(join(state, "job-files-2.undo.sh")), "the recovery script stays, to finish the job");
    });
});
