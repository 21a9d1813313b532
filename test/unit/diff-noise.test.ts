// "Hide noise" (src/model/diff/noise.ts): the built-in patterns against real paths of a Debian
// node (what must be hidden, and near misses that must not be), the glob rules ("*" and "?"
// within one component, "/**" also matching the directory itself, everything else literal,
// regex metacharacters included), and /etc/imgbased/diff-noise.conf's syntax: comments, blank
// lines, "!PATTERN" to drop a built-in, relative patterns reported with their line numbers.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { DEFAULT_NOISE, NOISE_CONFIG_PATH, noiseMatcher, noisePatterns } from "../../src/model/diff/noise.ts";
import { fixtureChanges } from "./diff-fixtures.ts";

const isDefaultNoise = noiseMatcher(DEFAULT_NOISE);

describe("DEFAULT_NOISE", () => {
    test("hides logs, caches, temporary files and machine state", () => {
        for (const path of [
            "/var/log/x", "/var/log", "/var/log/journal/0123abcd/system.journal", "/tmp", "/tmp/a/b", "/var/tmp/systemd-private-x",
            "/var/cache/apt/pkgcache.bin", "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease",
            "/var/lib/systemd/random-seed", "/var/lib/systemd/timers/stamp-apt-daily.timer", "/var/lib/dbus/machine-id",
            "/var/lib/dpkg/status-old", "/var/lib/dpkg/available-old", "/var/lib/dpkg/lock", "/var/lib/dpkg/lock-frontend",
            "/var/lib/dpkg/triggers/Lock", "/var/lib/rpm/__db.001", "/etc/ld.so.cache", "/etc/lvm/archive",
            "/etc/lvm/archive/nodevg_00000-243331603.vg", "/etc/lvm/backup/nodevg", "/root/.bash_history", "/root/.lesshst",
            "/home/u/.bash_history", "/home/admin/.sudo_as_admin_successful",
        ])
            assert.equal(isDefaultNoise(path), true, path);
    });

    test("does not hide what an admin changes, nor near misses of a pattern", () => {
        for (const path of [
            "/tmpfoo", "/tmp.d/x", "/var/logs", "/var/log.old", "/var/lib/dpkg/status", "/var/lib/dpkg/status-old/x",
            "/var/lib/dpkg/triggers/Unincorp", "/var/lib/systemd/random-seed.bak", "/etc/ld.so.conf", "/etc/lvm/lvm.conf",
            "/etc/lvm", "/home/u/v/.bash_history", "/home/.bash_history.x", "/root/.bashrc", "/etc/machine-id",
            "/var/lib/rpm/Packages", "/", "", "var/log/x", "/etc/issue",
        ])
            assert.equal(isDefaultNoise(path), false, path);
    });

    test("in the fixture, exactly LVM's archive and backup are noise", () => {
        const noisy = fixtureChanges("inode").filter(c => isDefaultNoise(c.display)).map(c => c.display);
        assert.equal(noisy.length, 6);
        assert.deepEqual(noisy.filter(p => !/^\/etc\/lvm\/archive\/nodevg_\d+-\d+\.vg$/.test(p)), [
            "/etc/lvm/archive", "/etc/lvm/backup", "/etc/lvm/backup/nodevg",
        ]);
    });

    test("every built-in pattern is absolute and listed once; the config file's path", () => {
        assert.equal(new Set(DEFAULT_NOISE).size, DEFAULT_NOISE.length);
        assert.ok(DEFAULT_NOISE.every(p => p.startsWith("/")));
        assert.equal(NOISE_CONFIG_PATH, "/etc/imgbased/diff-noise.conf");
    });
});

describe("noiseMatcher: glob rules", () => {
    test("* and ? stay within one component; ** spans any number, including none after a /", () => {
        const m = noiseMatcher(["/a/*.log", "/b/?", "/c/**", "/d/**/x", "/e**"]);
        assert.deepEqual(["/a/x.log", "/a/.log", "/a/x/y.log", "/a/x.logs"].map(m), [true, true, false, false]);
        assert.deepEqual(["/b/1", "/b/12", "/b/", "/b//"].map(m), [true, false, false, false]);
        assert.deepEqual(["/c", "/c/", "/c/d/e", "/cd"].map(m), [true, true, true, false]);
        assert.deepEqual(["/d/x", "/d/1/x", "/d/1/2/x", "/d/x/y", "/dx"].map(m), [true, true, true, false, false]);
        assert.deepEqual(["/e", "/etc", "/etc/x"].map(m), [true, true, true]);
    });

    test("regular expression characters in a pattern are literal", () => {
        const m = noiseMatcher(["/srv/a.b", "/srv/(x|y)", "/srv/c+d", "/srv/[ab]", "/srv/$HOME^", "/srv/e{2}", "/srv/back\\slash"]);
        assert.deepEqual(["/srv/a.b", "/srv/axb"].map(m), [true, false]);
        assert.deepEqual(["/srv/(x|y)", "/srv/x", "/srv/y"].map(m), [true, false, false]);
        assert.deepEqual(["/srv/c+d", "/srv/ccd"].map(m), [true, false]);
        assert.deepEqual(["/srv/[ab]", "/srv/a"].map(m), [true, false]);
        assert.deepEqual(["/srv/$HOME^", "/srv/e{2}", "/srv/ee", "/srv/back\\slash"].map(m), [true, true, false, true]);
    });

    test("one pattern's alternation cannot leak into the others", () => {
        const m = noiseMatcher(["/x|/y", "/z"]);
        assert.deepEqual(["/x|/y", "/x", "/y", "/z", "/zz"].map(m), [true, false, false, true, false]);
    });

    test("no patterns: nothing is noise", () => {
        const m = noiseMatcher([]);
        assert.deepEqual(["/", "/var/log/x", ""].map(m), [false, false, false]);
    });

    test("patterns match the display form of a name", () => {
        const m = noiseMatcher(["/etc/caf\\xE9", "/srv/caf\u00e9", "/srv/line\\nbreak"]);
        assert.deepEqual(["/etc/caf\\xE9", "/srv/café", "/srv/line\\nbreak", "/srv/line\nbreak"].map(m), [true, true, true, false]);
    });
});

describe("noisePatterns: the config file", () => {
    test("no file, or an empty one: the built-in list", () => {
        assert.deepEqual(noisePatterns(null), { patterns: [...DEFAULT_NOISE], invalid: [] });
        assert.deepEqual(noisePatterns(""), { patterns: [...DEFAULT_NOISE], invalid: [] });
    });

    test("comments, blank lines, additions, drops, a relative pattern, duplicates", () => {
        const conf = [
            "# site noise",                 // 1
            "",                             // 2
            "/srv/cache/**",                // 3
            "   ",                          // 4
            "  /opt/app/*.pid  ",           // 5
            "!/var/log/**",                 // 6
            "! /tmp/**",                    // 7
            "var/spool/**",                 // 8
            "/srv/cache/**",                // 9
            "/etc/ld.so.cache",             // 10
            "!/not/a/default",              // 11
            "  # indented comment",         // 12
            "!relative",                    // 13
            "!",                            // 14
            "/x\r",                         // 15
        ].join("\n");
        const { patterns, invalid } = noisePatterns(conf);
        assert.deepEqual(patterns, [
            ...DEFAULT_NOISE.filter(p => p !== "/var/log/**" && p !== "/tmp/**"),
            "/srv/cache/**", "/opt/app/*.pid", "/x",
        ]);
        assert.deepEqual(invalid, [
            { line: 8, text: "var/spool/**" },
            { line: 13, text: "!relative" },
            { line: 14, text: "!" },
        ]);
        const m = noiseMatcher(patterns);
        assert.deepEqual(["/var/log/syslog", "/tmp/x", "/var/tmp/x", "/srv/cache/a/b", "/opt/app/x.pid", "/var/spool/x"].map(m),
            [false, false, true, true, true, false]);
    });

    test("a drop before the addition does not remove what is added later", () => {
        const { patterns } = noisePatterns("!/srv/x\n/srv/x\n");
        assert.equal(patterns.at(-1), "/srv/x");
        assert.equal(patterns.length, DEFAULT_NOISE.length + 1);
    });

    test("the built-in list itself is not changed by a config", () => {
        noisePatterns("!/var/log/**\n/srv/**");
        assert.ok(DEFAULT_NOISE.includes("/var/log/**"));
        assert.ok(!DEFAULT_NOISE.includes("/srv/**"));
    });
});
