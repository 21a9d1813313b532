// The persist whitelist (src/model/persist.ts): every problem code with patterns that must pass
// and must fail, since the job copies as root whatever this lets through; the built-in defaults
// (all valid, no repeats); glob prefixes, which the host checks for symlinks; the file syntax
// (comments above and after an entry, blank lines, CRLF, bad lines reported with their numbers
// while the rest is read); the exact round trip of our file through render and parse, odd valid
// patterns included; and the merge of persist.d: byte order, *.conf only, duplicates, defaults.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
    BUILT_IN, DEFAULT_PERSIST, globPrefix, hasGlob, mergePersist, parsePersistFile, patternsWithOurs, PERSIST_FILE, PERSIST_FILE_NAME,
    renderPersistFile, validatePattern, type PersistEntry,
} from "../../src/model/persist.ts";

const code = (pattern: string) => validatePattern(pattern)?.code ?? null;
/** Entries without where they were read, for comparing with what was rendered. */
const plain = (entries: readonly PersistEntry[]) => entries.map(({ pattern, comment }) => ({ pattern, comment }));

describe("validatePattern", () => {
    test("valid: literal paths, globs below the top level, odd but legal names", () => {
        for (const pattern of [
            "/etc/hosts", "/root/.ssh", "/etc/ssh/ssh_host_*", "/etc/a?c", "/etc/[ab]c", "/etc/[!a]c", "/etc/a*/b",
            "/etc/my file", "/etc/ a", "/home/u/.config", "/opt/tool", "/srv/data", "/var/lib/libvirt/qemu",
            "/etc/...", "/etc/..a", "/etc/.a", "/etc/a.", "/etc/é", "/usrx/a", "/etcx", "/var/lib", "/etc/*.conf",
            "/etc/x/*", "/" + "a".repeat(4095),
        ])
            assert.equal(validatePattern(pattern), null, pattern);
    });

    test("empty", () => {
        assert.deepEqual(validatePattern(""), { code: "empty", pattern: "" });
    });

    test("too-long: more than 4096 bytes, counted in UTF-8", () => {
        assert.deepEqual(validatePattern("/" + "a".repeat(4096)), { code: "too-long", pattern: "/" + "a".repeat(4096), detail: "4097" });
        assert.equal(code("/" + "é".repeat(2048)), "too-long");
        assert.equal(code("/" + "é".repeat(2047)), null);
    });

    test("control: newline, tab, CR, NUL, DEL, C1", () => {
        assert.deepEqual(validatePattern("/etc/a\nb"), { code: "control", pattern: "/etc/a\nb", detail: "U+000A" });
        assert.equal(validatePattern("/etc/a\tb")?.detail, "U+0009");
        for (const pattern of ["/etc/a\r", "/etc/\0", "/etc/a\u007f", "/etc/a\u0085", "\n"])
            assert.equal(code(pattern), "control", JSON.stringify(pattern));
    });

    test("relative", () => {
        for (const pattern of ["etc/passwd", "./etc", "~/.ssh", "*", " /etc/hosts"])
            assert.equal(code(pattern), "relative", pattern);
    });

    test("trailing-slash", () => {
        for (const pattern of ["/etc/ssh/", "/root/.ssh/", "/etc//"])
            assert.equal(code(pattern), "trailing-slash", pattern);
    });

    test("dot: a '.' component or an empty one", () => {
        assert.deepEqual(validatePattern("/etc/./x"), { code: "dot", pattern: "/etc/./x", detail: "." });
        assert.deepEqual(validatePattern("/etc//x"), { code: "dot", pattern: "/etc//x", detail: "//" });
        for (const pattern of ["/./etc", "/etc/.", "//etc"])
            assert.equal(code(pattern), "dot", pattern);
    });

    test("dot-dot", () => {
        for (const pattern of ["/etc/../root", "/..", "/etc/..", "/../etc/x"])
            assert.equal(code(pattern), "dot-dot", pattern);
    });

    test("backslash: the shell's escape, not supported", () => {
        for (const pattern of ["/etc/a\\*", "/etc/a\\b"])
            assert.equal(code(pattern), "backslash", pattern);
    });

    test("hash: not supported in a pattern, wherever it is", () => {
        for (const pattern of ["/etc/a#b", "/etc/#x", "/etc/a #b", "/etc/[#]"])
            assert.equal(code(pattern), "hash", pattern);
    });

    test("trailing-space: lines are trimmed when read", () => {
        assert.equal(code("/etc/hosts "), "trailing-space");
        assert.equal(code("/etc/a b"), null);
    });

    test("too-broad: the root, a glob in the first component, all of /etc or /var", () => {
        for (const pattern of ["/", "/*", "/**", "/*/x", "/e*", "/[e]tc/hosts", "/?", "/etc", "/var", "/etc/*", "/var/*", "/etc/*/*", "/etc/?", "/etc/**"])
            assert.equal(code(pattern), "too-broad", pattern);
    });

    test("double-star: the shell's '**' is '*', not 'any depth'", () => {
        for (const pattern of ["/etc/ssh/**", "/etc/ssh/**/x", "/root/a**"])
            assert.equal(code(pattern), "double-star", pattern);
    });

    test("image-owned: /usr, /boot and the file systems made at boot", () => {
        assert.deepEqual(validatePattern("/usr/local/bin/x"), { code: "image-owned", pattern: "/usr/local/bin/x", detail: "/usr" });
        for (const [pattern, top] of [
            ["/usr", "/usr"], ["/boot/grub/grub.cfg", "/boot"], ["/proc/x", "/proc"], ["/sys/x", "/sys"], ["/dev/sda", "/dev"],
            ["/run/x", "/run"], ["/tmp/x", "/tmp"], ["/usr/lib/*", "/usr"],
        ])
            assert.equal(validatePattern(pattern!)?.detail, top, pattern);
    });
});

describe("DEFAULT_PERSIST", () => {
    test("every entry is valid, commented and listed once", () => {
        for (const { pattern, comment } of DEFAULT_PERSIST) {
            assert.equal(validatePattern(pattern), null, pattern);
            assert.notEqual(comment, "", pattern);
        }
        const patterns = DEFAULT_PERSIST.map(entry => entry.pattern);
        assert.equal(new Set(patterns).size, patterns.length);
    });

    test("keeps identity, secrets, access and network; leaves fstab to the upgrade", () => {
        const patterns = DEFAULT_PERSIST.map(entry => entry.pattern);
        for (const pattern of [
            "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/hostname", "/etc/machine-id", "/etc/ssh/ssh_host_*",
            "/root/.ssh", "/etc/NetworkManager/system-connections/*", "/etc/hosts", "/etc/resolv.conf", "/etc/sudoers.d/*",
        ])
            assert.ok(patterns.includes(pattern), pattern);
        assert.ok(!patterns.includes("/etc/fstab"));
    });
});

describe("globPrefix and hasGlob", () => {
    test("the leading directory without glob characters", () => {
        for (const [pattern, prefix] of [
            ["/etc/ssh/ssh_host_*", "/etc/ssh"],
            ["/root/.ssh", "/root/.ssh"],
            ["/etc/NetworkManager/system-connections/*", "/etc/NetworkManager/system-connections"],
            ["/etc/a*/b", "/etc"],
            ["/etc/a/b?/c*", "/etc/a"],
            ["/etc/[ab]", "/etc"],
            ["/etc/a[", "/etc"],
            ["/*", "/"],
            ["/x*", "/"],
        ])
            assert.equal(globPrefix(pattern!), prefix, pattern);
    });

    test("hasGlob", () => {
        assert.equal(hasGlob("/etc/hosts"), false);
        assert.equal(hasGlob("/etc/ssh/ssh_host_*"), true);
        assert.equal(hasGlob("/etc/a?"), true);
        assert.equal(hasGlob("/etc/[a]"), true);
    });
});

describe("parsePersistFile", () => {
    test("comments above and after an entry, blank lines, section comments", () => {
        const text = [
            "# a section heading, not attached",
            "",
            "# first line",
            "#second line",
            "/etc/a",
            "/etc/b   # after the pattern",
            "# above",
            "/etc/c\t# both",
            "",
            "   /etc/d   ",
            "# a comment followed by a blank line",
            "",
            "/etc/e",
            "#",
            "/etc/f",
            "# trailing comment block, no entry",
        ].join("\n");
        assert.deepEqual(parsePersistFile("x.conf", text), {
            entries: [
                { pattern: "/etc/a", comment: "first line\nsecond line", source: "x.conf", line: 5 },
                { pattern: "/etc/b", comment: "after the pattern", source: "x.conf", line: 6 },
                { pattern: "/etc/c", comment: "above\nboth", source: "x.conf", line: 8 },
                { pattern: "/etc/d", comment: "", source: "x.conf", line: 10 },
                { pattern: "/etc/e", comment: "", source: "x.conf", line: 13 },
                { pattern: "/etc/f", comment: "", source: "x.conf", line: 15 },
            ],
            problems: [],
        });
    });

    test("a pattern with spaces; '#' without a blank before it stays in the pattern and is refused", () => {
        const { entries, problems } = parsePersistFile("x.conf", "/etc/my file # note\n/etc/a#b\n");
        assert.deepEqual(plain(entries), [{ pattern: "/etc/my file", comment: "note" }]);
        assert.deepEqual(problems, [{ code: "hash", pattern: "/etc/a#b", source: "x.conf", line: 2 }]);
    });

    test("CRLF line ends are read as LF", () => {
        const { entries, problems } = parsePersistFile("x.conf", "# keys\r\n/root/.ssh\r\n\r\n/etc/hosts # names\r\n");
        assert.deepEqual(plain(entries), [{ pattern: "/root/.ssh", comment: "keys" }, { pattern: "/etc/hosts", comment: "names" }]);
        assert.deepEqual(problems, []);
    });

    test("bad lines are problems with their line numbers; the rest is read", () => {
        const text = "/etc/a\netc/b\n# c's comment\n/etc/../c\n/etc/d\n/\n/etc/ssh/\n/usr/bin/x\n/etc/ssh/**\n/etc/e\n";
        const { entries, problems } = parsePersistFile("admin.conf", text);
        assert.deepEqual(entries.map(entry => [entry.pattern, entry.line, entry.comment]), [["/etc/a", 1, ""], ["/etc/d", 5, ""], ["/etc/e", 10, ""]]);
        assert.deepEqual(problems.map(problem => [problem.code, problem.line, problem.source, problem.pattern]), [
            ["relative", 2, "admin.conf", "etc/b"],
            ["dot-dot", 4, "admin.conf", "/etc/../c"],
            ["too-broad", 6, "admin.conf", "/"],
            ["trailing-slash", 7, "admin.conf", "/etc/ssh/"],
            ["image-owned", 8, "admin.conf", "/usr/bin/x"],
            ["double-star", 9, "admin.conf", "/etc/ssh/**"],
        ]);
    });

    test("a control character inside a line", () => {
        const { entries, problems } = parsePersistFile("x.conf", "/etc/a\u0001b\n/etc/a\tb # tab inside\n");
        assert.deepEqual(entries, []);
        assert.deepEqual(problems.map(problem => [problem.code, problem.line, problem.detail]), [["control", 1, "U+0001"], ["control", 2, "U+0009"]]);
    });

    test("empty and comment-only files", () => {
        assert.deepEqual(parsePersistFile("x.conf", ""), { entries: [], problems: [] });
        assert.deepEqual(parsePersistFile("x.conf", "# nothing\n\n"), { entries: [], problems: [] });
    });
});

describe("renderPersistFile", () => {
    test("header, then each entry under its comment, ending with a newline", () => {
        const text = renderPersistFile([{ pattern: "/etc/hosts", comment: "local names" }, { pattern: "/root/.ssh", comment: "" }]);
        const lines = text.split("\n");
        assert.ok(lines[0]!.startsWith("# "));
        assert.ok(text.includes("managed by cockpit-imgbased; other files in this directory are read, never written"));
        assert.ok(text.endsWith("\n/etc/hosts\n\n/root/.ssh\n"));
        assert.ok(text.includes("\n\n# local names\n/etc/hosts\n"));
        assert.ok(!text.endsWith("\n\n"));
    });

    test("round trip: the defaults, odd valid patterns, multi-line and empty comments", () => {
        const odd: PersistEntry[] = [
            { pattern: "/etc/my file", comment: "spaces inside" },
            { pattern: "/etc/ leading space in a name", comment: "" },
            { pattern: "/etc/[!a-c]?x*", comment: "# a comment that starts with '#'\n\nafter an empty line" },
            { pattern: "/etc/é ü", comment: "\n" },
            { pattern: "/etc/a;b'c\"d$e", comment: "nothing special to us" },
            { pattern: "/etc/x", comment: "\nlead" },
        ];
        for (const entries of [DEFAULT_PERSIST, odd, []]) {
            const parsed = parsePersistFile(PERSIST_FILE_NAME, renderPersistFile(entries));
            assert.deepEqual(parsed.problems, []);
            assert.deepEqual(plain(parsed.entries), plain(entries));
        }
    });

    test("comment lines are written trimmed", () => {
        const parsed = parsePersistFile("x.conf", renderPersistFile([{ pattern: "/etc/a", comment: "  padded \t\nline  " }]));
        assert.deepEqual(plain(parsed.entries), [{ pattern: "/etc/a", comment: "padded\nline" }]);
    });

    test("refuses an invalid pattern rather than write it", () => {
        assert.throws(() => renderPersistFile([{ pattern: "/etc/a\n/", comment: "" }]), /control/);
        assert.throws(() => renderPersistFile([{ pattern: "/etc/a #b", comment: "" }]), /hash/);
    });
});

describe("mergePersist", () => {
    test("no .conf file: the defaults, from the built-in list", () => {
        for (const files of [[], [{ name: "README", text: "/etc/x\n" }, { name: "a.conf.rpmnew", text: "/etc/y\n" }, { name: ".hidden.conf", text: "/etc/z\n" }]]) {
            const merged = mergePersist(files);
            assert.equal(merged.usesDefaults, true);
            assert.deepEqual(merged.problems, []);
            assert.deepEqual(plain(merged.entries), plain(DEFAULT_PERSIST));
            assert.ok(merged.entries.every(entry => entry.source === BUILT_IN));
        }
    });

    test("an empty .conf file turns the defaults off", () => {
        assert.deepEqual(mergePersist([{ name: "00-none.conf", text: "" }]), { entries: [], problems: [], usesDefaults: false });
    });

    test("files in the shell's byte order, .conf only", () => {
        const files = [
            { name: "é.conf", text: "/etc/8\n" },
            { name: "a.conf", text: "/etc/7\n" },
            { name: PERSIST_FILE_NAME, text: "/etc/4\n" },
            { name: "README.md", text: "/etc/never\n" },
            { name: "Z.conf", text: "/etc/6\n" },
            { name: "9-late.conf", text: "/etc/5\n" },
            { name: "10-early.conf", text: "/etc/2\n/etc/3\n" },
            { name: "05.conf", text: "/etc/1\n" },
            { name: ".x.conf", text: "/etc/never\n" },
        ];
        const merged = mergePersist(files);
        assert.equal(merged.usesDefaults, false);
        assert.deepEqual(merged.entries.map(entry => entry.pattern), ["/etc/1", "/etc/2", "/etc/3", "/etc/4", "/etc/5", "/etc/6", "/etc/7", "/etc/8"]);
        assert.deepEqual(merged.entries.map(entry => entry.source),
            ["05.conf", "10-early.conf", "10-early.conf", PERSIST_FILE_NAME, "9-late.conf", "Z.conf", "a.conf", "é.conf"]);
    });

    test("a pattern listed again: reported on the later place, the first kept", () => {
        const merged = mergePersist([
            { name: PERSIST_FILE_NAME, text: "/etc/hosts\n/root/.ssh\n" },
            { name: "10-admin.conf", text: "# mine\n/etc/hosts\n/etc/motd\n/etc/motd\nrelative\n" },
        ]);
        assert.deepEqual(merged.entries.map(entry => [entry.pattern, entry.source, entry.line, entry.comment]), [
            ["/etc/hosts", "10-admin.conf", 2, "mine"],
            ["/etc/motd", "10-admin.conf", 3, ""],
            ["/root/.ssh", PERSIST_FILE_NAME, 2, ""],
        ]);
        assert.deepEqual(merged.problems, [
            { code: "duplicate", pattern: "/etc/motd", source: "10-admin.conf", line: 4, detail: "10-admin.conf:3" },
            { code: "relative", pattern: "relative", source: "10-admin.conf", line: 5 },
            { code: "duplicate", pattern: "/etc/hosts", source: PERSIST_FILE_NAME, line: 1, detail: "10-admin.conf:2" },
        ]);
    });

    test("our file's path", () => {
        assert.equal(PERSIST_FILE, "/etc/imgbased/persist.d/50-cockpit-imgbased.conf");
    });
});

describe("patternsWithOurs", () => {
    const mine = [{ pattern: "/etc/hostname", comment: "" }, { pattern: "etc/typo", comment: "" }];

    test("with the defaults in force, ours replace them all", () => {
        assert.deepEqual(patternsWithOurs(mergePersist([]), mine), ["/etc/hostname", "etc/typo"]);
    });

    test("other files' entries stay; ours replace our file's; an invalid one is kept for the checks", () => {
        const merged = mergePersist([
            { name: PERSIST_FILE_NAME, text: "/etc/old\n" },
            { name: "10-vendor.conf", text: "/etc/vendor.d\n" },
        ]);
        assert.deepEqual(patternsWithOurs(merged, mine), ["/etc/hostname", "etc/typo", "/etc/vendor.d"]);
    });
});
