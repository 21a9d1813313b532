import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { blsIdOfPath, parseBlsEntry } from "../../src/model/bls.ts";

// shared/research/peers.md §14.4: a boom entry, verbatim.
const BOOM_ENTRY = `#OsIdentifier: 3fc389bba581e5b20c6a46c7fc31b04be465e973
title RHEL7 snapshot
machine-id 611f38fd887d41dea7eb3403b2730a76
version 3.10-272.el7
linux /vmlinuz-3.10-272.el7
initrd /initramfs-3.10-272.el7.img
options root=/dev/vg00/lvol0-snap ro rd.lvm.lv=vg00/lvol0-snap rhgb quiet
`;

describe("blsIdOfPath", () => {
    test("file name without .conf; a boot-counting suffix stays (GRUB keeps it)", () => {
        assert.equal(blsIdOfPath("/boot/loader/entries/imgbased-debian-node-12.0-1_1.conf"), "imgbased-debian-node-12.0-1_1");
        assert.equal(blsIdOfPath("/boot/loader/entries/fedora-6.1+3-1.conf"), "fedora-6.1+3-1");
        assert.equal(blsIdOfPath("/boot/loader/entries/with space.conf"), "with space");
    });

    test("not an entry file", () => {
        assert.equal(blsIdOfPath("/boot/loader/entries/.conf"), null);
        assert.equal(blsIdOfPath("/boot/loader/entries/x.conf.bak"), null);
    });
});

describe("parseBlsEntry", () => {
    test("boom's entry: comment skipped, LV from root=", () => {
        assert.deepEqual(parseBlsEntry("611f-abc-3.10", BOOM_ENTRY), {
            id: "611f-abc-3.10",
            title: "RHEL7 snapshot",
            version: "3.10-272.el7",
            linux: "/vmlinuz-3.10-272.el7",
            initrd: "/initramfs-3.10-272.el7.img",
            options: "root=/dev/vg00/lvol0-snap ro rd.lvm.lv=vg00/lvol0-snap rhgb quiet",
            rootLv: "vg00/lvol0-snap",
            ours: false,
        });
    });

    test("repeated options and initrd add up; tabs separate too; last title wins", () => {
        const e = parseBlsEntry("x", "title a\ntitle b\noptions\troot=/dev/vg/l\noptions quiet img.bootid=l\ninitrd /ucode.img\ninitrd /initrd\n");
        assert.equal(e.title, "b");
        assert.equal(e.options, "root=/dev/vg/l quiet img.bootid=l");
        assert.equal(e.initrd, "/ucode.img /initrd");
        assert.equal(e.rootLv, "vg/l");
        assert.equal(e.ours, true);
    });

    test("a UKI entry's efi key stands in for linux", () => {
        assert.equal(parseBlsEntry("u", "title U\nefi /EFI/Linux/u.efi\n").linux, "/EFI/Linux/u.efi");
    });

    test("options are expanded when asked (EL8's $kernelopts)", () => {
        const e = parseBlsEntry("el8", "options $kernelopts img.bootid=l+1\n", o => o.replace("$kernelopts", "root=/dev/onn/l+1 ro"));
        assert.equal(e.options, "root=/dev/onn/l+1 ro img.bootid=l+1");
        assert.equal(e.rootLv, "onn/l+1");
    });

    test("an empty file", () => {
        assert.deepEqual(parseBlsEntry("e", ""), { id: "e", title: "", version: "", linux: "", initrd: "", options: "", rootLv: null, ours: false });
    });
});
