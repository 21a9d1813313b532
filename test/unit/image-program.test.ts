// The image program (src/host/scripts/imgbased-image.sh) on real images made here (mksquashfs,
// mkfs.ext4 -d), run by bash as the page runs it: a squashfs is read in user space (unsquashfs),
// so nothing is mounted, and nothing the image links to outside itself is read; inspect does not
// mount a raw ext4 image either (its tree op does, once the page has seen its checks pass: the
// recorded fixtures and e2e in the lab VM cover that).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import { printfEscape } from "../../src/model/diff/paths.ts";
import { parseHashRecords } from "../../src/model/upgrade/file-hashes.ts";
import { isImageProblem, parseImageContent, parseImageProbe, type ImageProbe } from "../../src/model/upgrade/image-probe.ts";
import { IMAGE_WRITERS_SH } from "../../src/model/upgrade/image-writers.ts";

const SCRIPTS = join(import.meta.dirname, "../../src/host/scripts");
// As src/host/image.ts puts it together.
const PROGRAM = `${readFileSync(join(SCRIPTS, "tree-file.sh"), "utf8")}\n${IMAGE_WRITERS_SH}\n${readFileSync(join(SCRIPTS, "imgbased-image.sh"), "utf8")}`;
const tmp = mkdtempSync("/var/tmp/image-squashfs-");
after(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** A squashfs of the files given (PATH → content, or { link }), made with mksquashfs. */
function squashfs(name: string, files: Record<string, string | { link: string }>): string {
    const tree = join(tmp, name);
    for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(tree, path, ".."), { recursive: true });
        if (typeof content === "string") writeFileSync(join(tree, path), content);
        else symlinkSync(content.link, join(tree, path));
    }
    const image = join(tmp, `${name}.squashfs`);
    const made = spawnSync("mksquashfs", [tree, image, "-quiet", "-noappend", "-all-root"]);
    assert.equal(made.status, 0, made.stderr.toString());
    return image;
}

// A `mount` first in PATH that only records its call: an inspection must not mount a squashfs.
const SPY = join(tmp, "spy");
const MOUNTED = join(tmp, "mount-called");
mkdirSync(SPY);
writeFileSync(join(SPY, "mount"), `#!/bin/sh\necho "$@" >>${MOUNTED}\nexit 32\n`, { mode: 0o755 });

/** The program's output (a binary string), run in a mount namespace of its own as the page runs it. */
function run(args: string[], path = process.env.PATH): string {
    const out = spawnSync("unshare", ["-m", "--propagation", "private", "bash", "-c", PROGRAM, "imgbased-image", ...args],
                          { env: { PATH: path, LC_ALL: "C" } });
    assert.equal(out.status, 0, out.stderr.toString());
    return out.stdout.toString("latin1");
}

/** Inspects with the mount spy in PATH, and fails if anything was mounted. */
function inspect(image: string): ImageProbe {
    rmSync(MOUNTED, { force: true });
    const probe = parseImageProbe(run(["inspect", image, "hash"], `${SPY}:${process.env.PATH}`));
    assert.ok(!existsSync(MOUNTED), `mount was called: ${existsSync(MOUNTED) ? readFileSync(MOUNTED, "utf8") : ""}`);
    assert.ok(!isImageProblem(probe), JSON.stringify(probe));
    return probe;
}

/** Where the program makes its mount points, in /run, which no mount namespace keeps apart. */
const SCRATCH = "/run/imgbased/image";
const KERNEL = "k".repeat(1000);
const INITRD = "i".repeat(3000);

test("a squashfs is read without mounting it: nvr, os-release through a relative link, the kernel, its size and hash", () => {
    const nvr = "debian-node-12.4-1\nmore\n";
    const osRelease = 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n';
    const image = squashfs("good", {
        "usr/share/imgbase/build/meta/nvr": nvr,
        "usr/lib/os-release": osRelease,
        "etc/os-release": { link: "../usr/lib/os-release" },
        "boot/vmlinuz-6.1.0-50-amd64": KERNEL,
        "boot/initrd.img-6.1.0-50-amd64": INITRD,
        // A kernel without an initramfs is not offered.
        "boot/vmlinuz-6.1.0-49-amd64": KERNEL,
    });
    const probe = inspect(image);
    assert.equal(probe.format, "squashfs");
    assert.equal(probe.size, readFileSync(image).length);
    assert.equal(probe.nvr, "debian-node-12.4-1");
    assert.deepEqual(probe.osRelease, { NAME: "Debian GNU/Linux", VERSION_ID: "12" });
    assert.deepEqual(probe.kernels, [{
        version: "6.1.0-50-amd64", vmlinuz: "/boot/vmlinuz-6.1.0-50-amd64", vmlinuzBytes: 1000,
        initrd: "/boot/initrd.img-6.1.0-50-amd64", initrdBytes: 3000,
    }]);
    // The bytes its files hold: every regular file once, links and directories not.
    assert.equal(probe.treeBytes, nvr.length + osRelease.length + KERNEL.length + INITRD.length + KERNEL.length);
    assert.equal(probe.sha256, sha(readFileSync(image)));
});

test("links in a crafted squashfs name host files: none is read, none is offered as a kernel, nvr or os-release", () => {
    const image = squashfs("crafted", {
        "usr/share/imgbase/build/meta/nvr": { link: "/etc/hostname" },
        "etc/os-release": { link: "/etc/os-release" },
        "boot/vmlinuz-6.1.0-66-amd64": { link: "/etc/shadow" },
        "boot/initrd.img-6.1.0-66-amd64": INITRD,
        "boot/vmlinuz-6.1.0-67-amd64": KERNEL,
        "boot/initrd.img-6.1.0-67-amd64": { link: "/etc/passwd" },
        // A name that would split a listing line, made to look like a kernel line of its own.
        "boot/vmlinuz-x\n-rw-r--r-- root/root 1 2026-01-01 00:00 /boot/vmlinuz-9": KERNEL,
        "boot/initrd.img-9": INITRD,
    });
    const probe = inspect(image);
    assert.equal(probe.nvr, null);
    assert.equal(probe.osRelease, null);
    assert.deepEqual(probe.kernels, []);
});

test("a directory of the image that is a link: nothing under it is looked up on the host", () => {
    const image = squashfs("linked-boot", {
        "boot": { link: "/boot" },
        "usr/share/imgbase": { link: "/usr/share" },
        "usr/lib/os-release": "NAME=tree\n",
    });
    const probe = inspect(image);
    assert.deepEqual(probe.kernels, []);
    assert.equal(probe.nvr, null);
    assert.deepEqual(probe.osRelease, { NAME: "tree" });
});

test("a damaged inode table is found by the listing: corrupt, with unsquashfs's words", () => {
    const image = squashfs("damaged", { "etc/a": "a", "etc/b": "b", "usr/lib/os-release": "NAME=x\n" });
    const bytes = readFileSync(image);
    // The inode table starts where the superblock says (le64 at byte 64).
    const inodes = Number(bytes.readBigUInt64LE(64));
    bytes.fill(0xff, inodes, inodes + 64);
    writeFileSync(image, bytes);
    const probe = parseImageProbe(run(["inspect", image]));
    assert.ok(isImageProblem(probe));
    assert.equal(probe.problem, "corrupt");
    assert.notEqual(probe.detail, "");
});

test("hashes read the files asked for out of the squashfs: regular files hashed, links and missing ones named so", () => {
    const image = squashfs("hashes", {
        "etc/hostname": "node-1\n",
        "etc/name with spaces": "x",
        "etc/shadow-link": { link: "/etc/shadow" },
        "etc/inside-link": { link: "hostname" },
    });
    const paths = ["etc/hostname", "etc/name with spaces", "etc/shadow-link", "etc/inside-link", "etc/missing"];
    // The members go to a tmpfs mounted under /run/imgbased/image/PID: the directory goes too.
    const scratch = () => existsSync(SCRATCH) ? readdirSync(SCRATCH).sort() : [];
    const before = scratch();
    const { image: hashes } = parseHashRecords(run(["hashes", image, ...paths.map(printfEscape)]), paths.length, ["image"] as const);
    assert.deepEqual(scratch(), before, "no directory of this run stays in /run");
    assert.deepEqual(hashes, [
        { state: "ok", sha256: sha("node-1\n") },
        { state: "ok", sha256: sha("x") },
        { state: "not-regular" },
        { state: "not-regular" },
        { state: "missing" },
    ]);
});

test("a raw ext4 image: inspect hashes it and says its tree needs a mount, without mounting it", () => {
    const tree = join(tmp, "ext4-tree");
    mkdirSync(join(tree, "boot"), { recursive: true });
    writeFileSync(join(tree, "boot/vmlinuz-6.1.0-50-amd64"), KERNEL);
    const image = join(tmp, "rootfs.img");
    const made = spawnSync("mkfs.ext4", ["-q", "-d", tree, image, "8M"]);
    assert.equal(made.status, 0, made.stderr.toString());
    const probe = inspect(image);
    assert.deepEqual([probe.format, probe.tree, probe.kernels, probe.nvr], ["ext4", "pending", [], null]);
    assert.equal(probe.sha256, sha(readFileSync(image)), "its checksum comes before any mount");
});

test("an image in a directory others may write is reported with that directory; one in root's is not", () => {
    const image = squashfs("writers", { "etc/os-release": "NAME=x\n" });
    assert.equal(inspect(image).writer, null, "in a directory of root's, mode 0700, in sticky /var/tmp");
    const open = join(tmp, "open");
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    copyFileSync(image, join(open, "writers.squashfs"));
    assert.deepEqual(inspect(join(open, "writers.squashfs")).writer, { path: open, why: "writable" });
});

test("a tar whose member or hard link names a place outside the tree is refused, named, before it is read further", () => {
    const tree = join(tmp, "tar-tree");
    mkdirSync(join(tree, "boot"), { recursive: true });
    mkdirSync(join(tree, "usr/share/imgbase/build/meta"), { recursive: true });
    writeFileSync(join(tree, "usr/share/imgbase/build/meta/nvr"), "debian-node-12.4-1\n");
    writeFileSync(join(tree, "boot/vmlinuz-6.1.0-50-amd64"), KERNEL);
    writeFileSync(join(tree, "boot/initrd.img-6.1.0-50-amd64"), INITRD);
    // A hard link inside the tree, and a symlink out of it: both fine in an archive of a tree.
    spawnSync("ln", ["-f", join(tree, "boot/vmlinuz-6.1.0-50-amd64"), join(tree, "boot/vmlinuz")]);
    symlinkSync("/etc/shadow", join(tree, "boot/points-out"));
    writeFileSync(join(tmp, "outside"), "a host file");
    rmSync(join(tmp, "outside-link"), { force: true });
    spawnSync("ln", [join(tmp, "outside"), join(tmp, "outside-link")]);
    const tar = (name: string, ...extra: string[][]) => {
        const image = join(tmp, `${name}.tar`);
        const made = spawnSync("tar", ["-cf", image, "-C", tree, "."]);
        assert.equal(made.status, 0, made.stderr.toString());
        for (const args of extra) {
            const added = spawnSync("tar", ["-rPf", image, ...args]);
            assert.equal(added.status, 0, added.stderr.toString());
        }
        return image;
    };
    const good = parseImageProbe(run(["inspect", tar("plain")]));
    assert.ok(!isImageProblem(good) && good.nvr === "debian-node-12.4-1", JSON.stringify(good));
    // -P keeps a leading "/" and "..": what a crafted archive carries.
    const cases: [string, string[][], RegExp][] = [
        ["dotdot", [["-C", tree, "../outside"]], /^\.\.\/outside$/],
        ["absolute", [[join(tmp, "outside")]], new RegExp(`^${join(tmp, "outside")}$`)],
        // Names renamed inside the tree, but not the hard link's target (tar's transform flag "h" off).
        ["hardlink", [["--transform", "flags=r;s|.*/outside.*|etc/hl|", join(tmp, "outside"), join(tmp, "outside-link")]],
         new RegExp(`^etc/hl \\(a hard link to ${join(tmp, "outside")}, not a member before it\\)$`)],
    ];
    for (const [name, extra, detail] of cases) {
        const probe = parseImageProbe(run(["inspect", tar(name, ...extra)]));
        assert.ok(isImageProblem(probe), name);
        assert.equal(probe.problem, "unsafe-member", name);
        assert.match(probe.detail, detail, name);
    }
});

test("read gives one file of the image as the diff program gives a file of a tree; a link or a missing file is said to be so", () => {
    const image = squashfs("readable", {
        "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
        "etc/group": { link: "/etc/group" },
    });
    const read = (path: string) => {
        const out = spawnSync("unshare", ["-m", "--propagation", "private", "bash", "-c", PROGRAM, "imgbased-image", "read", image, path],
                              { env: { PATH: process.env.PATH, LC_ALL: "C", READ_LIMIT: "10" } });
        assert.equal(out.status, 0, out.stderr.toString());
        return parseImageContent(out.stdout.toString("latin1"));
    };
    const passwd = read("etc/passwd");
    assert.ok(!isImageProblem(passwd));
    assert.equal(passwd.state, "ok");
    assert.equal(passwd.size, 32);
    assert.equal(passwd.sha256, sha("root:x:0:0:root:/root:/bin/bash\n"));
    assert.equal(new TextDecoder().decode(passwd.bytes!), "root:x:0:0", "its first READ_LIMIT bytes");
    assert.equal(passwd.truncated, true);
    assert.deepEqual(read("etc/group"), { state: "not-regular", size: 0, sha256: null, bytes: null, truncated: false, message: "" });
    assert.equal((read("etc/none") as { state: string }).state, "missing");
    assert.deepEqual(read("etc/../../x"), { problem: "bad-path", detail: "etc/../../x" } as never);
});
