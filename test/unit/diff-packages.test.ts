// The Packages tab's model on dpkg status files recorded in the lab VM (the image, and a layer
// where imgbased-lab-tool 1.0 was installed and imgbased-lab-base upgraded from 1.0 to 2.0), on
// edge cases cut from that real text, and on rpm query output in RPM_QUERY_FORMAT's exact shape.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { InventoryParseError } from "../../src/model/errors.ts";
import { diffPackages, parseDpkgStatus, parseRpmQuery, RPM_QUERY_FORMAT } from "../../src/model/diff/packages.ts";
import { readFixture } from "./fixtures.ts";

const BASE = readFixture("diff", "dpkg-status-base");
const LAYER = readFixture("diff", "dpkg-status-layer");

/** The status file's stanzas; dpkg ends each one with an empty line. */
function stanzas(text: string): string[] {
    return text.split("\n\n").filter(s => s !== "");
}

function joinStanzas(list: string[]): string {
    return list.map(s => `${s}\n\n`).join("");
}

/** The layer's status file with one package's stanza edited (null drops it). */
function editLayer(name: string, edit: (stanza: string) => string | null): string {
    const list = stanzas(LAYER);
    const index = list.findIndex(s => s.startsWith(`Package: ${name}\n`));
    assert.ok(index >= 0, name);
    const edited = edit(list[index]!);
    if (edited === null)
        list.splice(index, 1);
    else
        list[index] = edited;
    return joinStanzas(list);
}

function replaceLine(stanza: string, field: string, value: string): string {
    assert.match(stanza, new RegExp(`^${field}: `, "m"));
    return stanza.replace(new RegExp(`^${field}: .*$`, "m"), `${field}: ${value}`);
}

const lab = (name: string, version: string) => ({ name, version, arch: "all" });

describe("parseDpkgStatus on the recorded status files", () => {
    test("the stanza helpers keep dpkg's layout", () => {
        assert.equal(joinStanzas(stanzas(LAYER)), LAYER);
    });

    test("215 packages in the image, 216 in the layer, one record each", () => {
        const base = parseDpkgStatus(BASE);
        const layer = parseDpkgStatus(LAYER);
        assert.equal(base.length, 215);
        assert.equal(layer.length, 216);
        assert.equal(new Set(layer.map(p => p.name)).size, 216);
    });

    test("name, version and architecture, whatever the fields around them", () => {
        const layer = parseDpkgStatus(LAYER);
        const find = (name: string) => layer.find(p => p.name === name);
        assert.deepEqual(find("libc6"), { name: "libc6", version: "2.36-9+deb12u14", arch: "amd64" });
        assert.deepEqual(find("adduser"), { name: "adduser", version: "3.134", arch: "all" });
        assert.deepEqual(find("zlib1g"), { name: "zlib1g", version: "1:1.2.13.dfsg-1", arch: "amd64" });
        assert.deepEqual(find("imgbased-lab-tool"), lab("imgbased-lab-tool", "1.0"));
    });
});

describe("diffPackages on the recorded status files", () => {
    test("the layer: exactly imgbased-lab-base upgraded and imgbased-lab-tool added", () => {
        assert.deepEqual(diffPackages(parseDpkgStatus(BASE), parseDpkgStatus(LAYER), "dpkg"), [
            { name: "imgbased-lab-base", kind: "upgraded", old: lab("imgbased-lab-base", "1.0"), new: lab("imgbased-lab-base", "2.0") },
            { name: "imgbased-lab-tool", kind: "added", old: null, new: lab("imgbased-lab-tool", "1.0") },
        ]);
    });

    test("the other way round: downgraded and removed", () => {
        assert.deepEqual(diffPackages(parseDpkgStatus(LAYER), parseDpkgStatus(BASE), "dpkg"), [
            { name: "imgbased-lab-base", kind: "downgraded", old: lab("imgbased-lab-base", "2.0"), new: lab("imgbased-lab-base", "1.0") },
            { name: "imgbased-lab-tool", kind: "removed", old: lab("imgbased-lab-tool", "1.0"), new: null },
        ]);
    });

    test("a tree against itself: no change", () => {
        assert.deepEqual(diffPackages(parseDpkgStatus(LAYER), parseDpkgStatus(LAYER), "dpkg"), []);
    });
});

describe("dpkg edge cases cut from the recorded layer", () => {
    const layer = parseDpkgStatus(LAYER);
    const zlib = { name: "zlib1g", version: "1:1.2.13.dfsg-1", arch: "amd64" };

    test("a removed stanza is a removed package", () => {
        const text = editLayer("zlib1g", () => null);
        assert.deepEqual(diffPackages(layer, parseDpkgStatus(text), "dpkg"), [{ name: "zlib1g", kind: "removed", old: zlib, new: null }]);
    });

    test("removed with conffiles kept, or purged: not present", () => {
        const configFiles = editLayer("zlib1g", s => replaceLine(s, "Status", "deinstall ok config-files"));
        // dpkg drops the Version of a purged package it still lists.
        const purged = editLayer("zlib1g", s => replaceLine(s, "Status", "purge ok not-installed").replace(/^Version: .*\n/m, ""));
        for (const text of [configFiles, purged]) {
            assert.equal(parseDpkgStatus(text).length, 215);
            assert.deepEqual(diffPackages(layer, parseDpkgStatus(text), "dpkg"), [{ name: "zlib1g", kind: "removed", old: zlib, new: null }]);
        }
    });

    test("half-done states and other selections: still present, the tree holds the files", () => {
        const statuses = ["install ok half-installed", "install ok unpacked", "install ok half-configured",
            "install ok triggers-awaited", "install ok triggers-pending", "install reinstreq half-installed",
            "hold ok installed", "deinstall ok installed"];
        for (const status of statuses) {
            const text = editLayer("zlib1g", s => replaceLine(s, "Status", status));
            assert.equal(parseDpkgStatus(text).length, 216, status);
            assert.deepEqual(diffPackages(layer, parseDpkgStatus(text), "dpkg"), [], status);
        }
    });

    test("multiarch: a second architecture is its own package, named name:arch", () => {
        const i386 = (version: string) => editLayer("libc6", s =>
            `${s}\n\n${replaceLine(replaceLine(s, "Architecture", "i386"), "Version", version)}`);
        const libc6 = (arch: string, version: string) => ({ name: "libc6", version, arch });
        const both = parseDpkgStatus(i386("2.36-9+deb12u14"));
        assert.equal(both.length, 217);
        assert.deepEqual(diffPackages(layer, both, "dpkg"), [
            { name: "libc6:i386", kind: "added", old: null, new: libc6("i386", "2.36-9+deb12u14") },
        ]);
        assert.deepEqual(diffPackages(both, layer, "dpkg"), [
            { name: "libc6:i386", kind: "removed", old: libc6("i386", "2.36-9+deb12u14"), new: null },
        ]);
        assert.deepEqual(diffPackages(both, parseDpkgStatus(i386("2.36-9+deb12u15")), "dpkg"), [
            { name: "libc6:i386", kind: "upgraded", old: libc6("i386", "2.36-9+deb12u14"), new: libc6("i386", "2.36-9+deb12u15") },
        ]);
    });

    test("same version, another architecture: changed", () => {
        const text = editLayer("imgbased-lab-tool", s => replaceLine(s, "Architecture", "amd64"));
        assert.deepEqual(diffPackages(layer, parseDpkgStatus(text), "dpkg"), [
            { name: "imgbased-lab-tool", kind: "changed", old: lab("imgbased-lab-tool", "1.0"), new: { ...lab("imgbased-lab-tool", "1.0"), arch: "amd64" } },
        ]);
    });

    test("versions in dpkg's order: an epoch beats a higher upstream, ~ is older than its release", () => {
        const epoch = editLayer("zlib1g", s => replaceLine(s, "Version", "1.3-1"));
        assert.equal(diffPackages(layer, parseDpkgStatus(epoch), "dpkg")[0]?.kind, "downgraded");
        const tilde = editLayer("imgbased-lab-tool", s => replaceLine(s, "Version", "1.0~rc1"));
        assert.equal(diffPackages(layer, parseDpkgStatus(tilde), "dpkg")[0]?.kind, "downgraded");
        const revision = editLayer("imgbased-lab-tool", s => replaceLine(s, "Version", "1.0-0"));
        assert.deepEqual(diffPackages(layer, parseDpkgStatus(revision), "dpkg"), []);
    });

    test("continuation lines are never read as fields, even when they look like one", () => {
        const text = editLayer("zlib1g", s => s.replace(/^ in gzip and PKZIP\..*$/m,
            "$&\n Package: bogus\n Status: purge ok not-installed\n\tVersion: 99\n ."));
        assert.notEqual(text, LAYER);
        assert.deepEqual(parseDpkgStatus(text), layer);
    });

    test("blank lines: none at the end, several between or after stanzas", () => {
        assert.deepEqual(parseDpkgStatus(LAYER.trimEnd()), layer);
        assert.deepEqual(parseDpkgStatus(stanzas(LAYER).join("\n\n\n\n") + "\n\n\n"), layer);
        assert.deepEqual(parseDpkgStatus(""), []);
    });

    test("a stanza without Package or Status, a Version-less installed package, a stray line: errors", () => {
        const broken = [
            editLayer("zlib1g", s => s.replace(/^Package: .*\n/m, "")),
            editLayer("zlib1g", s => s.replace(/^Status: .*\n/m, "")),
            editLayer("zlib1g", s => s.replace(/^Version: .*\n/m, "")),
            editLayer("zlib1g", s => s.replace(/^Homepage: /m, "Homepage ")),
        ];
        for (const text of broken)
            assert.throws(() => parseDpkgStatus(text), InventoryParseError);
    });
});

// What `rpm -qa --qf RPM_QUERY_FORMAT` prints: tab-separated, "(none)" for an unset epoch and for
// gpg-pubkey's arch, one line per package, newline-terminated. kernel is installed twice, glibc
// for two arches, as on a RHEL 9 node.
const RPM_OLD = [
    "bash\t(none)\t5.1.8\t9.el9\tx86_64",
    "cockpit\t(none)\t311~rc1\t1.el9\tx86_64",
    "glibc\t(none)\t2.34\t100.el9\tx86_64",
    "glibc\t(none)\t2.34\t100.el9\ti686",
    "gpg-pubkey\t(none)\tfd431d51\t4ae0493b\t(none)",
    "kernel\t(none)\t5.14.0\t427.13.1.el9_4\tx86_64",
    "kernel\t(none)\t5.14.0\t427.16.1.el9_4\tx86_64",
    "openssl\t1\t3.0.7\t27.el9\tx86_64",
    "python3-dnf\t(none)\t4.14.0\t9.el9\tnoarch",
    "tzdata\t(none)\t2024a\t1.el9\tnoarch",
    "vim-minimal\t(none)\t9.0\t1.el9\tx86_64",
    "zsh\t(none)\t5.8\t9.el9\tx86_64",
].join("\n") + "\n";

const RPM_NEW = [
    "bash\t(none)\t5.1.8\t9.el9\tx86_64",
    "cockpit\t(none)\t311\t1.el9\tx86_64",
    "glibc\t(none)\t2.34\t105.el9\ti686",
    "glibc\t(none)\t2.34\t105.el9\tx86_64",
    "gpg-pubkey\t(none)\tfd431d51\t4ae0493b\t(none)",
    "gpg-pubkey\t(none)\t5a6340b3\t6229229e\t(none)",
    "kernel\t(none)\t5.14.0\t427.16.1.el9_4\tx86_64",
    "kernel\t(none)\t5.14.0\t427.18.1.el9_4\tx86_64",
    "openssl\t1\t3.0.7\t28.el9\tx86_64",
    "python3-dnf\t0\t4.14.0\t9.el9\tnoarch",
    "tzdata\t(none)\t2023c\t1.el9\tnoarch",
    "vim-minimal\t2\t8.2.2637\t20.el9_1\tx86_64",
].join("\n") + "\n";

describe("rpm", () => {
    test("the query format is the one the sample has the shape of", () => {
        assert.equal(RPM_QUERY_FORMAT, "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n");
    });

    test("parseRpmQuery: E:V-R with the epoch only when set, (none) arch as empty", () => {
        const old = parseRpmQuery(RPM_OLD);
        assert.equal(old.length, 12);
        assert.deepEqual(old[0], { name: "bash", version: "5.1.8-9.el9", arch: "x86_64" });
        assert.deepEqual(old[4], { name: "gpg-pubkey", version: "fd431d51-4ae0493b", arch: "" });
        assert.deepEqual(old[7], { name: "openssl", version: "1:3.0.7-27.el9", arch: "x86_64" });
        assert.deepEqual(parseRpmQuery(RPM_NEW)[9], { name: "python3-dnf", version: "0:4.14.0-9.el9", arch: "noarch" });
        assert.deepEqual(parseRpmQuery(""), []);
    });

    test("diffPackages in rpm's order: epochs first, multilib by name.arch, installonly kernels", () => {
        const rec = (name: string, version: string, arch: string) => ({ name, version, arch });
        assert.deepEqual(diffPackages(parseRpmQuery(RPM_OLD), parseRpmQuery(RPM_NEW), "rpm"), [
            { name: "cockpit", kind: "upgraded", old: rec("cockpit", "311~rc1-1.el9", "x86_64"), new: rec("cockpit", "311-1.el9", "x86_64") },
            { name: "glibc.i686", kind: "upgraded", old: rec("glibc", "2.34-100.el9", "i686"), new: rec("glibc", "2.34-105.el9", "i686") },
            { name: "glibc.x86_64", kind: "upgraded", old: rec("glibc", "2.34-100.el9", "x86_64"), new: rec("glibc", "2.34-105.el9", "x86_64") },
            { name: "gpg-pubkey", kind: "added", old: null, new: rec("gpg-pubkey", "5a6340b3-6229229e", "") },
            { name: "kernel", kind: "removed", old: rec("kernel", "5.14.0-427.13.1.el9_4", "x86_64"), new: null },
            { name: "kernel", kind: "added", old: null, new: rec("kernel", "5.14.0-427.18.1.el9_4", "x86_64") },
            { name: "openssl", kind: "upgraded", old: rec("openssl", "1:3.0.7-27.el9", "x86_64"), new: rec("openssl", "1:3.0.7-28.el9", "x86_64") },
            // python3-dnf: an epoch of 0 is no epoch, so not a change.
            { name: "tzdata", kind: "downgraded", old: rec("tzdata", "2024a-1.el9", "noarch"), new: rec("tzdata", "2023c-1.el9", "noarch") },
            { name: "vim-minimal", kind: "upgraded", old: rec("vim-minimal", "9.0-1.el9", "x86_64"), new: rec("vim-minimal", "2:8.2.2637-20.el9_1", "x86_64") },
            { name: "zsh", kind: "removed", old: rec("zsh", "5.8-9.el9", "x86_64"), new: null },
        ]);
    });

    test("losing an epoch is a downgrade, whatever the version says", () => {
        const before = parseRpmQuery("vim-minimal\t2\t8.2.2637\t20.el9_1\tx86_64\n");
        const after = parseRpmQuery("vim-minimal\t(none)\t9.1\t1.el9\tx86_64\n");
        assert.equal(diffPackages(before, after, "rpm")[0]?.kind, "downgraded");
    });

    test("a line without five fields is an error", () => {
        assert.throws(() => parseRpmQuery("bash\t5.1.8\t9.el9\tx86_64\n"), InventoryParseError);
        assert.throws(() => parseRpmQuery("bash 5.1.8-9.el9.x86_64\n"), InventoryParseError);
    });
});
