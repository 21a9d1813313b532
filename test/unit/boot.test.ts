import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseBootProbe, readBootState } from "../../src/model/boot.ts";
import { InventoryParseError } from "../../src/model/errors.ts";
import { GRUB_HEADER as HEADER, debianProbe as debian, entryFile, menuentry, nodeInventory, readFixture } from "./fixtures.ts";
import { probeText } from "../../src/model/boot-files.ts";

const ids = (state: { entries: { id: string }[] }) => state.entries.map(e => e.id);

describe("parseBootProbe", () => {
    test("contents come back exactly: no final newline, empty, blank lines, names with spaces", () => {
        const records = [
            { kind: "info", name: "efi", content: "no" },
            { kind: "file", name: "/boot/grub/grubenv", content: "a\nb" },
            { kind: "file", name: "/boot/loader/entries/with space.conf", content: "" },
            { kind: "file", name: "/etc/default/grub", content: "X=1\n\n\n" },
        ];
        assert.deepEqual(parseBootProbe(probeText(records)), records);
    });

    test("anything before the first header is ignored; no records in empty output", () => {
        assert.deepEqual(parseBootProbe("noise\n@@imgbased-probe info efi\nyes\n"), [{ kind: "info", name: "efi", content: "yes" }]);
        assert.deepEqual(parseBootProbe(""), []);
    });
});

describe("readBootState: Debian GRUB (grub-debian)", () => {
    test("the node: our one entry, default by id from grubenv", () => {
        const state = readBootState(nodeInventory().boot);
        assert.equal(state.backend, "grub-debian");
        assert.deepEqual(ids(state), ["imgbased-debian-node-12.0-1_1"]);
        const [entry] = state.entries;
        assert.equal(entry!.title, "Debian Node 12.0-1 (debian-node-12.0-1+1)");
        assert.equal(entry!.rootLv, "nodevg/debian-node-12.0-1+1");
        assert.equal(entry!.ours, true);
        assert.equal(state.defaultRef, "imgbased-debian-node-12.0-1_1");
        assert.equal(state.nextRef, null);
        assert.equal(state.defaultEntry, entry);
        assert.equal(state.nextEntry, null);
        assert.equal(state.defaultRefMissing, false);
    });

    const cfg = HEADER +
        menuentry("Debian Node 12.1-1 (l-12.1-1+1)", "imgbased-l-12.1-1_1", "root=/dev/vg/l-12.1-1+1 ro img.bootid=l-12.1-1+1") +
        menuentry("Debian Node 12.0-1 (l-12.0-1+1)", "imgbased-l-12.0-1_1", "root=/dev/vg/l-12.0-1+1 ro img.bootid=l-12.0-1+1") +
        "submenu 'Advanced options' $menuentry_id_option 'adv' {\n" +
        "  menuentry 'Debian GNU/Linux, with Linux 6.1' $menuentry_id_option 'gnulinux-6.1' {\n    linux /vmlinuz root=/dev/mapper/vg-root ro\n  }\n" +
        "  menuentry 'Debian GNU/Linux (recovery mode)' $menuentry_id_option 'gnulinux-6.1-recovery' {\n    linux /vmlinuz root=/dev/mapper/vg-root ro single\n  }\n" +
        "}\n";
    const files: [string, string][] = [
        ["imgbased-l-12.1-1_1", entryFile("vg", "l-12.1-1+1", "Node 12.1 from the file")],
        ["imgbased-l-12.0-1_1", entryFile("vg", "l-12.0-1+1")],
        ["imgbased-l-11-1_1", entryFile("vg", "l-11-1+1")],
    ];

    test("the menu is grub.cfg's: nested entries get submenu>entry ids, files not in grub.cfg are no entries", () => {
        const state = readBootState(debian({}, cfg, files));
        assert.deepEqual(ids(state), ["imgbased-l-12.1-1_1", "imgbased-l-12.0-1_1", "adv>gnulinux-6.1", "adv>gnulinux-6.1-recovery"]);
        assert.equal(state.entries[2]!.rootLv, "vg/root");
        assert.equal(state.entries[2]!.ours, false);
    });

    test("title and version come from the entry file, what boots from grub.cfg", () => {
        const edited = files.map(([id, text]): [string, string] => [id, text.replace("ro quiet", "ro quiet edited-after-update-grub")]);
        const entry = readBootState(debian({}, cfg, edited)).entries[0]!;
        assert.equal(entry.title, "Node 12.1 from the file");
        assert.equal(entry.version, "6.1.0-41-amd64");
        assert.equal(entry.options, "root=/dev/vg/l-12.1-1+1 ro img.bootid=l-12.1-1+1");
    });

    test("saved_entry as an id, a title, an index, a submenu path by index, id and title", () => {
        const defaultOf = (saved: string) => readBootState(debian({ saved_entry: saved }, cfg, files)).defaultEntry?.id;
        assert.equal(defaultOf("imgbased-l-12.0-1_1"), "imgbased-l-12.0-1_1");
        assert.equal(defaultOf("Debian Node 12.0-1 (l-12.0-1+1)"), "imgbased-l-12.0-1_1");
        assert.equal(defaultOf("1"), "imgbased-l-12.0-1_1");
        assert.equal(defaultOf("2>1"), "adv>gnulinux-6.1-recovery");
        assert.equal(defaultOf("adv>gnulinux-6.1"), "adv>gnulinux-6.1");
        assert.equal(defaultOf("Advanced options>Debian GNU/Linux (recovery mode)"), "adv>gnulinux-6.1-recovery");
    });

    test("a default that names nothing: GRUB boots the first entry, and it is reported", () => {
        for (const saved of ["gone", "7", "adv", "adv>nope", "0>1"]) {
            const state = readBootState(debian({ saved_entry: saved }, cfg, files));
            assert.equal(state.defaultRef, saved);
            assert.equal(state.defaultRefMissing, true, saved);
            assert.equal(state.defaultEntry?.id, "imgbased-l-12.1-1_1", saved);
        }
    });

    test("no saved_entry: the first entry, nothing missing", () => {
        const state = readBootState(debian({}, cfg, files));
        assert.equal(state.defaultRef, null);
        assert.equal(state.defaultRefMissing, false);
        assert.equal(state.defaultEntry?.id, "imgbased-l-12.1-1_1");
    });

    test("GRUB_DEFAULT=0 writes set default=\"0\": saved_entry is ignored", () => {
        const fixed = cfg.replace(HEADER, 'set default="1"\n');
        const state = readBootState(debian({ saved_entry: "imgbased-l-12.1-1_1" }, fixed, files));
        assert.equal(state.defaultRef, "1");
        assert.equal(state.defaultEntry?.id, "imgbased-l-12.0-1_1");
    });

    test("next_entry (grub-reboot)", () => {
        const state = readBootState(debian({ saved_entry: "imgbased-l-12.1-1_1", next_entry: "imgbased-l-12.0-1_1" }, cfg, files));
        assert.equal(state.nextRef, "imgbased-l-12.0-1_1");
        assert.equal(state.nextEntry?.id, "imgbased-l-12.0-1_1");
        assert.equal(state.defaultEntry?.id, "imgbased-l-12.1-1_1");
    });
});

describe("readBootState: GRUB with BLS (hand-written fixture, EL8 oVirt Node)", () => {
    const state = readBootState(readFixture("grub2-bls", "boot-probe.txt"));

    test("backend, and the BLS entries where blscfg stands, newest file name first", () => {
        assert.equal(state.backend, "grub2-bls");
        assert.deepEqual(ids(state), [
            "imgbased-ovirt-node-ng-4.5.10-0.20230105.0_1",
            "imgbased-ovirt-node-ng-4.5.2-0.20220810.0_1",
            "imgbased-ovirt-node-ng-4.5.1-0.20220601.0_1",
            "memtest",
        ]);
    });

    test("$kernelopts comes from grubenv", () => {
        const entry = state.entries[1]!;
        assert.equal(entry.options, "root=/dev/onn/ovirt-node-ng-4.5.2-0.20220810.0+1 ro crashkernel=auto resume=/dev/mapper/onn-swap " +
            "rd.lvm.lv=onn/ovirt-node-ng-4.5.2-0.20220810.0+1 rd.lvm.lv=onn/swap rhgb quiet img.bootid=ovirt-node-ng-4.5.2-0.20220810.0+1");
        assert.equal(entry.rootLv, "onn/ovirt-node-ng-4.5.2-0.20220810.0+1");
        assert.equal(entry.ours, true);
    });

    test("saved_entry resolves by BLS id; fallback counting's set default=1 is not the default", () => {
        assert.equal(state.defaultRef, "imgbased-ovirt-node-ng-4.5.2-0.20220810.0_1");
        assert.equal(state.defaultEntry, state.entries[1]);
        assert.equal(state.nextEntry, null);
    });
});

describe("readBootState: systemd-boot (hand-written fixture)", () => {
    const probe = readFixture("systemd-boot", "boot-probe.txt");
    const state = readBootState(probe);

    test("bootctl's entries and ids (with .conf)", () => {
        assert.equal(state.backend, "systemd-boot");
        assert.deepEqual(ids(state), [
            "imgbased-debian-node-12.1-1_1.conf",
            "imgbased-debian-node-12.0-1_1.conf",
            "8d3b1e0f2c0a4b7e9f6a5d4c3b2a1908-6.1.0-41-amd64.conf",
            "auto-reboot-to-firmware-setup",
        ]);
        const entry = state.entries[0]!;
        assert.equal(entry.initrd, "/debian-node-12.1-1+1/initrd.img-6.1.0-41-amd64");
        assert.equal(entry.rootLv, "nodevg/debian-node-12.1-1+1");
        assert.equal(entry.ours, true);
        assert.equal(state.entries[3]!.linux, "");
    });

    test("default from LoaderEntryDefault, next from LoaderEntryOneShot (which bootctl marks isDefault)", () => {
        assert.equal(state.defaultRef, "imgbased-debian-node-12.1-1_1.conf");
        assert.equal(state.defaultEntry?.id, "imgbased-debian-node-12.1-1_1.conf");
        assert.equal(state.nextRef, "imgbased-debian-node-12.0-1_1.conf");
        assert.equal(state.nextEntry?.id, "imgbased-debian-node-12.0-1_1.conf");
    });

    const records = parseBootProbe(probe);
    const without = (name: string) => probeText(records.filter(r => r.name !== name));
    const replaced = (name: string, content: string) => probeText(records.map(r => r.name === name ? { ...r, content } : r));

    test("without EFI variables the default is bootctl's isDefault", () => {
        const s = readBootState(without("LoaderEntryOneShot").replace(/@@imgbased-probe efivar LoaderEntryDefault\n.*\n/, ""));
        assert.equal(s.defaultRef, null);
        assert.equal(s.defaultEntry?.id, "imgbased-debian-node-12.0-1_1.conf");
        assert.equal(s.nextEntry, null);
    });

    test("LoaderEntryDefault is a case-insensitive glob", () => {
        const s = readBootState(replaced("LoaderEntryDefault", "IMGBASED-debian-node-12.1-*"));
        assert.equal(s.defaultEntry?.id, "imgbased-debian-node-12.1-1_1.conf");
        assert.equal(s.defaultRefMissing, false);
        assert.equal(readBootState(replaced("LoaderEntryDefault", "imgbased-debian-node-12.[01]-1_1.conf")).defaultEntry?.id, "imgbased-debian-node-12.1-1_1.conf");
        assert.equal(readBootState(replaced("LoaderEntryDefault", "imgbased-debian-node-12.[!1]-1_1.conf")).defaultEntry?.id, "imgbased-debian-node-12.0-1_1.conf");
    });

    test("a LoaderEntryDefault that names nothing is reported", () => {
        const s = readBootState(replaced("LoaderEntryDefault", "gone.conf"));
        assert.equal(s.defaultRefMissing, true);
        assert.equal(s.defaultEntry, null);
    });

    test("malformed bootctl output is an InventoryParseError; empty output is no entries", () => {
        assert.throws(() => readBootState(replaced("bootctl-list", "Couldn't find EFI system partition.")),
            (e: unknown) => e instanceof InventoryParseError && e.command === "bootctl list");
        assert.deepEqual(readBootState(replaced("bootctl-list", "")).entries, []);
    });
});

describe("readBootState: unknown loader", () => {
    test("only entry files, from every entries directory; no default", () => {
        const state = readBootState(probeText([
            { kind: "info", name: "efi", content: "yes" },
            { kind: "file", name: "/boot/loader/entries/a.conf", content: entryFile("vg", "a-1-1+1") },
            { kind: "file", name: "/efi/loader/entries/b.conf", content: entryFile("vg", "b-1-1+1") },
            { kind: "file", name: "/etc/default/grub", content: "GRUB_DEFAULT=saved\n" },
        ]));
        assert.equal(state.backend, "unknown");
        assert.deepEqual(ids(state), ["a", "b"]);
        assert.equal(state.defaultEntry, null);
        assert.equal(state.defaultRef, null);
    });

    test("a non-BLS /boot/grub2/grub.cfg is not Debian's GRUB", () => {
        const state = readBootState(probeText([{ kind: "file", name: "/boot/grub2/grub.cfg", content: menuentry("x", "x", "") }]));
        assert.equal(state.backend, "unknown");
    });

    test("nothing at all", () => {
        assert.deepEqual(readBootState(""), {
            backend: "unknown", entries: [], defaultRef: null, nextRef: null, defaultEntry: null, nextEntry: null, defaultRefMissing: false,
        });
    });
});
