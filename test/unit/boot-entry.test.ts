import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { entryFileName, entryIdForLayer, otherOptions, renderEntry, rootMode, splitOptions } from "../../src/model/boot-entry.ts";
import { parseBlsEntry } from "../../src/model/bls.ts";
import { bootId, readFixture } from "./fixtures.ts";

// The lab node's real kernel and entry (test/fixtures/node).
const KVER = readFixture("node", "uname-r").trim();
const LAB_ENTRY = readFixture("node", "entries/imgbased-debian-node-12.0-1_1.conf");

describe("entryIdForLayer", () => {
    test("the lab's ids: imgbased- and +N as _N", () => {
        for (const layer of ["debian-node-12.0-1+1", "debian-node-12.1-1+12", "ovirt-node-ng-4.5.2-0.20220810.0+1"])
            assert.equal(entryIdForLayer(layer), bootId(layer));
        assert.equal(entryFileName("debian-node-12.0-1+1"), "imgbased-debian-node-12.0-1_1.conf");
    });

    test("never ends in a boot-counting suffix (+LEFT or +LEFT-DONE)", () => {
        const names = ["a+1", "a+1+2", "x+3-1", "x_1+2", "b+0", "c", "d-1-2", "e+", "f+1a"];
        for (const name of names) {
            const id = entryIdForLayer(name);
            assert.doesNotMatch(id, /\+\d+(-\d+)?$/, name);
            assert.match(id, /^imgbased-[A-Za-z0-9._+-]+$/, name);
        }
        assert.equal(entryIdForLayer("x+3-1"), "imgbased-x_3-1");
        assert.equal(entryIdForLayer("a+1+2"), "imgbased-a+1_2");
    });

    test("distinct layers get distinct ids", () => {
        const layers = ["a+1", "a+11", "a_1+1", "a+1+1", "a-1+1"];
        assert.equal(new Set(layers.map(entryIdForLayer)).size, layers.length);
    });

    test("refuses what is no LV name", () => {
        for (const bad of ["", "a/b", "../x", "-a", "a b", "x\n+1"])
            assert.throws(() => entryIdForLayer(bad), /not a valid LV name/, JSON.stringify(bad));
    });
});

describe("otherOptions", () => {
    test("drops what names the root or the entry, keeps the rest in order", () => {
        const cmdline = "BOOT_IMAGE=/debian-node-12.0-1+1/vmlinuz-6.1.0-41-amd64 root=/dev/mapper/nodevg-debian--node--12.0--1+1 ro "
            + "rd.lvm.lv=nodevg/debian-node-12.0-1+1 console=ttyS0,115200 net.ifnames=0 quiet img.bootid=debian-node-12.0-1+1";
        assert.equal(otherOptions(cmdline), "console=ttyS0,115200 net.ifnames=0 quiet");
    });

    test("an oVirt Node command line keeps swap, resume, boot= and rootflags=", () => {
        const ovirt = "BOOT_IMAGE=(hd0,gpt2)//ovirt-node-ng-4.5.2-0.20220810.0+1/vmlinuz-4.18.0-408.el8.x86_64 "
            + "resume=/dev/mapper/onn_ovnode02-swap rd.lvm.lv=onn_ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1 "
            + "rd.lvm.lv=onn_ovnode02/swap rhgb quiet root=/dev/onn_ovnode02/ovirt-node-ng-4.5.2-0.20220810.0+1 "
            + "boot=UUID=1234 rootflags=discard img.bootid=ovirt-node-ng-4.5.2-0.20220810.0+1";
        assert.equal(otherOptions(ovirt),
            "resume=/dev/mapper/onn_ovnode02-swap rd.lvm.lv=onn_ovnode02/swap rhgb quiet boot=UUID=1234 rootflags=discard");
    });

    test("drops rd.lvm.lv= of image LVs given, and an EFI stub's initrd=", () => {
        assert.equal(otherOptions("rd.lvm.lv=vg/a+1 rd.lvm.lv=vg/b+1 rd.lvm.lv=vg/swap initrd=\\x\\initrd quiet rw", new Set(["vg/b+1"])),
            "rd.lvm.lv=vg/a+1 rd.lvm.lv=vg/swap quiet");
    });

    test("a quoted value stays one word", () => {
        assert.deepEqual(splitOptions('a  b="c d"  e'), ["a", 'b="c d"', "e"]);
        assert.equal(otherOptions('root=/dev/vg/x dyndbg="file x.c +p" quiet'), 'dyndbg="file x.c +p" quiet');
    });

    test("rootMode: the last of ro/rw, ro by default", () => {
        assert.equal(rootMode("ro quiet"), "ro");
        assert.equal(rootMode("ro rw"), "rw");
        assert.equal(rootMode("quiet"), "ro");
    });
});

describe("renderEntry", () => {
    const spec = {
        layer: "debian-node-12.0-1+1", vg: "nodevg", title: "Debian Node 12.0-1 (debian-node-12.0-1+1)", version: KVER,
        kernelPath: `/debian-node-12.0-1+1/vmlinuz-${KVER}`, initrdPath: `/debian-node-12.0-1+1/initrd.img-${KVER}`,
        // The node's real /proc/cmdline: its own root, BOOT_IMAGE and marker are replaced.
        options: readFixture("node", "proc-cmdline"),
    };

    test("byte for byte the entry the lab writes (test/vm/guest/boot-entries.sh)", () => {
        assert.equal(renderEntry(spec), LAB_ENTRY);
        assert.equal(renderEntry({ ...spec, options: "BOOT_IMAGE=/x root=/dev/nodevg/other+1 ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=other+1" }), LAB_ENTRY);
    });

    test("reads back as our entry for the layer", () => {
        const entry = parseBlsEntry("imgbased-debian-node-12.0-1_1", renderEntry(spec));
        assert.equal(entry.rootLv, "nodevg/debian-node-12.0-1+1");
        assert.equal(entry.ours, true);
        assert.equal(entry.linux, spec.kernelPath);
        assert.equal(entry.initrd, spec.initrdPath);
    });

    test("rw when asked; a title with quotes and dollars is kept as is", () => {
        const text = renderEntry({ ...spec, mode: "rw", title: `It's "x" $y` });
        assert.match(text, /^title It's "x" \$y\n/);
        assert.match(text, /\noptions root=\S+ rd\.lvm\.lv=\S+ rw console/);
    });

    test("refuses line breaks and empty values, which would change the file's meaning", () => {
        assert.throws(() => renderEntry({ ...spec, title: "a\noptions init=/bin/sh" }), /one non-empty line/);
        assert.throws(() => renderEntry({ ...spec, version: " " }), /one non-empty line/);
        assert.throws(() => renderEntry({ ...spec, vg: "a/b" }), /not a valid VG\/LV/);
    });
});
