import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseBootProbe } from "../../src/model/boot.ts";
import { parseBootctlList } from "../../src/model/bootctl.ts";
import { InventoryParseError } from "../../src/model/errors.ts";
import { readFixture } from "./fixtures.ts";

const listJson = parseBootProbe(readFixture("systemd-boot", "boot-probe.txt")).find(r => r.name === "bootctl-list")!.content;
const list = JSON.parse(listJson) as { [key: string]: unknown }[];

describe("parseBootctlList", () => {
    test("entries in bootctl's order; isDefault names the default id", () => {
        const menu = parseBootctlList(listJson);
        assert.equal(menu.entries.length, 4);
        assert.equal(menu.defaultId, "imgbased-debian-node-12.0-1_1.conf");
        assert.deepEqual(menu.entries[1], {
            id: "imgbased-debian-node-12.0-1_1.conf",
            title: "Debian Node 12.0-1 (debian-node-12.0-1+1)",
            version: "6.1.0-41-amd64",
            linux: "/debian-node-12.0-1+1/vmlinuz-6.1.0-41-amd64",
            initrd: "/debian-node-12.0-1+1/initrd.img-6.1.0-41-amd64",
            options: "root=/dev/nodevg/debian-node-12.0-1+1 rd.lvm.lv=nodevg/debian-node-12.0-1+1 ro quiet img.bootid=debian-node-12.0-1+1",
            rootLv: "nodevg/debian-node-12.0-1+1",
            ours: true,
        });
    });

    test("initrd as a plain string, several initrds, a title from showTitle or the id", () => {
        const [a, b, c] = parseBootctlList(JSON.stringify([
            { ...list[0], initrd: "/one.img", title: undefined },
            { ...list[0], initrd: ["/ucode.img", "/initrd.img"], title: undefined, showTitle: undefined },
            { id: "auto-efi-shell", efi: "/shellx64.efi" },
        ])).entries;
        assert.equal(a!.initrd, "/one.img");
        assert.equal(a!.title, "Debian Node 12.1-1 (debian-node-12.1-1+1)");
        assert.equal(b!.initrd, "/ucode.img /initrd.img");
        assert.equal(b!.title, "imgbased-debian-node-12.1-1_1.conf");
        assert.equal(c!.linux, "/shellx64.efi");
        assert.equal(c!.rootLv, null);
    });

    test("no default when no entry is marked", () => {
        assert.equal(parseBootctlList(JSON.stringify(list.map(e => ({ ...e, isDefault: false })))).defaultId, null);
    });

    test("not a list, or an entry without id: InventoryParseError", () => {
        for (const bad of ['{"entries": []}', JSON.stringify([{ title: "x" }]), "Failed to open"]) {
            assert.throws(() => parseBootctlList(bad), (e: unknown) => e instanceof InventoryParseError && e.command === "bootctl list", bad);
        }
    });
});
