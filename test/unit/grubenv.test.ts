import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseGrubenv } from "../../src/model/grubenv.ts";
import { grubenvBlock, readFixture } from "./fixtures.ts";

describe("parseGrubenv", () => {
    test("a 1024-byte block with the # padding", () => {
        const block = grubenvBlock({ saved_entry: "imgbased-debian-node-12.1-1_1", next_entry: "gnulinux-advanced-x>gnulinux-6.1.0-x" });
        assert.equal(block.length, 1024);
        assert.deepEqual([...parseGrubenv(block)], [
            ["saved_entry", "imgbased-debian-node-12.1-1_1"],
            ["next_entry", "gnulinux-advanced-x>gnulinux-6.1.0-x"],
        ]);
    });

    test("values keep = and spaces; an empty value is empty", () => {
        const env = parseGrubenv("# GRUB Environment Block\nkernelopts=root=/dev/mapper/rhel-root ro crashkernel=auto\nnext_entry=\n####");
        assert.equal(env.get("kernelopts"), "root=/dev/mapper/rhel-root ro crashkernel=auto");
        assert.equal(env.get("next_entry"), "");
    });

    test("grub-editenv's backslash escapes", () => {
        const env = parseGrubenv("# GRUB Environment Block\na=x\\\\y\nb=line1\\\nline2\nc=z\n###");
        assert.equal(env.get("a"), "x\\y");
        assert.equal(env.get("b"), "line1\nline2");
        assert.equal(env.get("c"), "z");
    });

    test("empty or all padding", () => {
        assert.equal(parseGrubenv("").size, 0);
        assert.equal(parseGrubenv("# GRUB Environment Block\n" + "#".repeat(999)).size, 0);
    });

    test("the recorded grubenv of the two-bases scenario", () => {
        const text = readFixture("two-bases", "grubenv");
        assert.equal(text.length, 1024);
        assert.equal(parseGrubenv(text).get("saved_entry"), "imgbased-debian-node-12.1-1_1");
    });
});
