import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { bytesToBinary, RecordError } from "../../src/model/nul-records.ts";
import { checksumFromFile, normalizeSha256 } from "../../src/model/upgrade/checksum.ts";
import { buildDate, nameFromImage } from "../../src/model/upgrade/image-name.ts";
import { isImageProblem, parseDirEntries, parseImageProbe, parseImageTree, parseOsRelease, type ImageProbe } from "../../src/model/upgrade/image-probe.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const recorded = (file: string) => bytesToBinary(readFileSync(join(FIXTURES_DIR, "upgrade", file)));
const V2 = "debian-node-12.1-1.squashfs";

test("parseImageProbe: the lab's v2 squashfs, its NAME.sha256 beside it", () => {
    const probe = parseImageProbe(recorded("inspect-v2")) as ImageProbe;
    assert.ok(!isImageProblem(probe));
    assert.equal(probe.format, "squashfs");
    assert.equal(probe.size, 234790912);
    assert.equal(probe.nvr, "debian-node-12.1-1");
    assert.equal(probe.osRelease?.PRETTY_NAME, "Debian GNU/Linux 12 (bookworm)");
    assert.deepEqual(probe.kernels, [{
        version: "6.1.0-50-amd64", vmlinuz: "/boot/vmlinuz-6.1.0-50-amd64", vmlinuzBytes: 8222656,
        initrd: "/boot/initrd.img-6.1.0-50-amd64", initrdBytes: 12093341,
    }]);
    assert.equal(probe.treeBytes, 732262397, "what the new base will hold (its files' bytes), about 3x the file");
    assert.equal(probe.checksumFile?.path, "/mnt/images/debian-node-12.1-1.sha256");
    assert.match(probe.sha256 ?? "", /^[0-9a-f]{64}$/, "a checksum file beside it: the sha256 is computed");
    assert.deepEqual(checksumFromFile(probe.checksumFile!.text, V2), { sha256: probe.sha256 }, "and it matches");
});

test("parseImageProbe: a tar.gz is read in place, with the same facts", () => {
    const probe = parseImageProbe(recorded("inspect-tar-gz")) as ImageProbe;
    assert.equal(probe.format, "tar");
    assert.equal(probe.nvr, "debian-node-12.2-1");
    assert.deepEqual(probe.kernels.map(k => [k.vmlinuz, k.vmlinuzBytes, k.initrd, k.initrdBytes]),
                     [["/boot/vmlinuz-6.1.0-50-amd64", 1000, "/boot/initrd.img-6.1.0-50-amd64", 3000]]);
    assert.equal(probe.mtime, 1795662893);
    assert.equal(probe.sha256, null, "no checksum given, none computed");
    assert.equal(probe.checksumFile, null);
});

test("a raw ext4 image: inspect leaves its tree pending (not mounted); the tree op reads it", () => {
    const probe = parseImageProbe(recorded("inspect-ext4")) as ImageProbe;
    assert.deepEqual([probe.format, probe.size, probe.tree, probe.nvr, probe.kernels, probe.treeBytes], ["ext4", 16777216, "pending", null, [], 0]);
    const read = parseImageTree(recorded("tree-ext4"), probe) as ImageProbe;
    assert.equal(read.tree, "read");
    assert.equal(read.nvr, "debian-node-12.2-1");
    assert.equal(read.osRelease?.ID, "debian");
    assert.deepEqual(read.kernels.map(k => [k.vmlinuzBytes, k.initrdBytes]), [[1000, 3000]]);
    assert.ok(read.treeBytes > 4000, "du of the mounted tree");
    assert.deepEqual([read.format, read.size], ["ext4", 16777216], "what inspect read stays");
});

test("parseImageProbe: the host's problems", () => {
    assert.deepEqual(parseImageProbe(recorded("inspect-truncated")), { problem: "truncated", detail: "234789273 20000000" });
    assert.deepEqual(parseImageProbe(recorded("inspect-missing")), { problem: "missing", detail: "/var/tmp/fx/missing.squashfs" });
    assert.throws(() => parseImageProbe("x\0"), RecordError);
    assert.throws(() => parseImageProbe("u\x0012\x00"), /no image format/);
    assert.throws(() => parseImageProbe("i\0squashfs\0"), RecordError, "cut off mid-record");
});

test("parseDirEntries: directories first, then by name; sizes of files", () => {
    assert.deepEqual(parseDirEntries(recorded("browse")), [
        { name: "lost+found", kind: "dir" },
        { name: "debian-node-12.0-1.sha256", kind: "file", size: 94 },
        { name: "debian-node-12.0-1.squashfs", kind: "file", size: 234790912 },
        { name: "debian-node-12.0-1.squashfs.sig", kind: "file", size: 134 },
        { name: "debian-node-12.1-1.sha256", kind: "file", size: 94 },
        { name: "debian-node-12.1-1.squashfs", kind: "file", size: 234790912 },
        { name: "debian-node-12.1-1.squashfs.sig", kind: "file", size: 134 },
        { name: "lab-keys.gpg", kind: "file", size: 236 },
        { name: "unknown-signer.sig", kind: "file", size: 138 },
    ]);
});

test("parseOsRelease: quotes and escapes", () => {
    assert.deepEqual(parseOsRelease(`ID=debian\nNAME="Debian \\"GNU\\"/Linux"\nVERSION_ID='12'\n# c\nbad line\n`),
                     { ID: "debian", NAME: 'Debian "GNU"/Linux', VERSION_ID: "12" });
});

test("nameFromImage: imgbased's nvr, else os-release and the build date", () => {
    const base = { ...parseImageProbe(recorded("inspect-v2")) as ImageProbe, mtime: 1795662893 };
    assert.equal(nameFromImage(base), "debian-node-12.1-1");
    assert.equal(buildDate(1795662893), "20261126");
    assert.equal(nameFromImage({ ...base, nvr: null }), "debian-12-20261126");
    assert.equal(nameFromImage({ ...base, nvr: "not an nvr" }), "debian-12-20261126");
    assert.equal(nameFromImage({ ...base, nvr: null, osRelease: { ID: "debian" } }), "debian-0-20261126");
    assert.equal(nameFromImage({ ...base, nvr: null, osRelease: { ID: "x y", VERSION_ID: "1" } }), null);
    assert.equal(nameFromImage({ ...base, nvr: null, osRelease: null }), null);
});

const SHA = "6e8602e0e7ae02c07b2d40016c443665dea70cd41794db89f199f0beb569676d";

test("checksums: typed, GNU, BSD, bare, and files that do not say", () => {
    assert.equal(normalizeSha256(`  ${SHA.toUpperCase()} \n`), SHA);
    assert.equal(normalizeSha256(SHA.slice(1)), null);
    assert.equal(normalizeSha256(`${SHA}0`), null);
    assert.deepEqual(checksumFromFile(`${SHA} *img.squashfs\n`, "img.squashfs"), { sha256: SHA });
    assert.deepEqual(checksumFromFile(`SHA256 (./img.squashfs) = ${SHA.toUpperCase()}\n`, "img.squashfs"), { sha256: SHA });
    assert.deepEqual(checksumFromFile(`${SHA}\n`, "img.squashfs"), { sha256: SHA });
    const other = "0".repeat(64);
    assert.deepEqual(checksumFromFile(`${other}  other.iso\n${SHA}  dir/img.squashfs\n`, "img.squashfs"), { sha256: SHA });
    assert.deepEqual(checksumFromFile(`${other}  other.iso\n`, "img.squashfs"), { error: "no-entry", names: ["other.iso"] });
    assert.deepEqual(checksumFromFile(`${other}  img.squashfs\n${SHA}  img.squashfs\n`, "img.squashfs"),
                     { error: "several-entries", names: ["img.squashfs", "img.squashfs"] });
    assert.deepEqual(checksumFromFile(`${other}\n${SHA}\n`, "img.squashfs"), { error: "no-entry", names: [] });
});
