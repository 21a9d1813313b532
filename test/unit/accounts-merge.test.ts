// The account merge of the upgrade's carry (src/model/actions/accounts.ts), run by dash and bash
// on the lab's v1 account databases (test/fixtures/accounts/) as the old base, with this host's
// side and the new image's side changed by the real useradd, usermod, groupmod and userdel.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { MERGE_ACCOUNTS_SH, PREVIEW_ACCOUNTS_SH } from "../../src/model/actions/accounts.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const DATABASES = ["passwd", "group", "shadow", "gshadow"] as const;
type Db = typeof DATABASES[number];
const scratch = mkdtempSync("/var/tmp/accounts-");
after(() => rmSync(scratch, { recursive: true, force: true }));

let trees = 0;
/** A copy of the v1 image's /etc account files, changed by `commands` (each an argv run with --prefix). */
function tree(commands: string[][] = []): string {
    const root = join(scratch, `t${trees++}`);
    mkdirSync(`${root}/etc`, { recursive: true });
    for (const db of DATABASES)
        cpSync(join(FIXTURES_DIR, "accounts", db), `${root}/etc/${db}`);
    cpSync("/etc/login.defs", `${root}/etc/login.defs`);
    for (const [tool, ...args] of commands)
        execFileSync(tool!, ["--prefix", root, ...args], { stdio: "pipe" });
    return root;
}

function merge(shell: string, db: Db, base: string | null, here: string, image: string) {
    const file = (root: string | null) => root === null ? "/dev/null" : `${root}/etc/${db}`;
    return spawnSync(shell, ["-c", `${MERGE_ACCOUNTS_SH}\nmerge_accounts "$@"`, "sh", db, file(base), file(here), file(image)], { encoding: "utf8" });
}

/** name → line of a merged database. */
function byName(text: string): Map<string, string[]> {
    return new Map(text.split("\n").filter(l => l !== "").map(l => [l.split(":")[0]!, l.split(":")]));
}

function mergedAll(shell: string, base: string | null, here: string, image: string): Record<Db, Map<string, string[]>> {
    const out = {} as Record<Db, Map<string, string[]>>;
    for (const db of DATABASES) {
        const r = merge(shell, db, base, here, image);
        assert.equal(r.status, 0, `${db}: ${r.stderr}`);
        out[db] = byName(r.stdout);
    }
    return out;
}

const HASH = "$y$j9T$changedhere$0123456789abcdefABCDEFghijklmnopqrstuvwxyz";

for (const shell of ["dash", "bash"]) {
    describe(`the account merge, run by ${shell}`, () => {
        const base = tree();
        // This host: an admin user in sudo, root's password and a shell changed, an account deleted.
        const here = tree([
            ["useradd", "--create-home", "--shell", "/bin/bash", "alice"], ["usermod", "--append", "--groups", "sudo", "alice"],
            ["usermod", "--password", HASH, "root"], ["usermod", "--shell", "/bin/sh", "viewer"], ["userdel", "games"],
        ]);
        // The new image: a package's service account, root's comment changed, a group's id moved, an account dropped.
        const image = tree([
            ["useradd", "--system", "--user-group", "--shell", "/usr/sbin/nologin", "svc"], ["usermod", "--comment", "superuser", "root"],
            ["groupmod", "--gid", "150", "users"], ["userdel", "irc"],
        ]);

        test("what each side changed is kept; the rest is the new image's", () => {
            const m = mergedAll(shell, base, here, image);
            const p = m.passwd, g = m.group;
            assert.deepEqual(p.get("svc")!.slice(2, 4), byName(readFileSync(`${image}/etc/passwd`, "utf8")).get("svc")!.slice(2, 4), "the image's service account, with its ids");
            assert.deepEqual(p.get("alice"), byName(readFileSync(`${here}/etc/passwd`, "utf8")).get("alice"), "this host's user");
            assert.deepEqual(p.get("root"), ["root", "x", "0", "0", "superuser", "/root", "/bin/bash"], "the image's comment");
            assert.equal(p.get("viewer")![6], "/bin/sh", "the shell changed here");
            assert.equal(p.has("games"), false, "deleted here: stays deleted");
            assert.equal(p.has("irc"), false, "dropped by the image, never changed here: gone");
            assert.equal(m.shadow.get("root")![1], HASH, "root's password set here");
            assert.equal(m.shadow.get("admin")![1], byName(readFileSync(`${base}/etc/shadow`, "utf8")).get("admin")![1]);
            assert.equal(g.get("users")![2], "150", "the id the image moved");
            assert.equal(g.get("sudo")![3], "admin,alice", "a member added here");
            assert.equal(m.gshadow.get("sudo")![3], "admin,alice");
            assert.ok(g.has("svc") && g.has("alice"));
            assert.deepEqual([...p.keys()].sort(), [...m.shadow.keys()].sort(), "every user has a shadow line, and no more");
            assert.deepEqual([...g.keys()].sort(), [...m.gshadow.keys()].sort(), "every group has a gshadow line, and no more");
            assert.deepEqual([...p.keys()].slice(0, 3), ["root", "daemon", "bin"], "in the image's order, local additions last");
            assert.equal([...p.keys()].at(-1), "alice");
        });

        test("a member removed here stays removed; one the image added is kept", () => {
            const h = tree([["usermod", "--groups", "", "admin"]]);  // sudo was its only group
            const i = tree([["useradd", "--system", "--groups", "sudo", "svc"]]);
            const r = merge(shell, "group", base, h, i);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(byName(r.stdout).get("sudo")![3], "svc");
        });

        test("an account the image dropped but this host changed is kept", () => {
            const h = tree([["usermod", "--shell", "/bin/sh", "list"]]);
            const i = tree([["userdel", "list"]]);
            const r = merge(shell, "passwd", base, h, i);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(byName(r.stdout).get("list")![6], "/bin/sh");
        });

        test("without the old base: the ids are the image's, the rest this host's", () => {
            const m = mergedAll(shell, null, here, image);
            assert.equal(m.group.get("users")![2], "150");
            assert.equal(m.shadow.get("root")![1], HASH);
            assert.equal(m.passwd.get("root")![4], "root", "no base to tell who changed it: this host's");
            assert.ok(m.passwd.has("alice") && m.passwd.has("svc"));
            assert.equal(m.group.get("sudo")![3], "admin,alice");
        });

        test("one id for two names, one from here and one from the image, stops the merge with both named", () => {
            const h = tree([["useradd", "--system", "--user-group", "localsvc"]]);
            const r = merge(shell, "passwd", base, h, image);
            assert.equal(r.status, 1);
            const uid = byName(readFileSync(`${image}/etc/passwd`, "utf8")).get("svc")![2];
            assert.equal(byName(readFileSync(`${h}/etc/passwd`, "utf8")).get("localsvc")![2], uid, "useradd gave both the same uid");
            assert.match(r.stderr, new RegExp(`^uid ${uid} is localsvc on this host and svc in the new image: give one of them another id, or take the image's passwd$`, "m"));
            const g = merge(shell, "group", base, h, image);
            assert.equal(g.status, 1);
            assert.match(g.stderr, /^gid \d+ is localsvc on this host and svc in the new image/m);
        });

        test("ids the image shares between names are its own business", () => {
            const i = tree([["useradd", "--non-unique", "--uid", "0", "toor"]]);
            const r = merge(shell, "passwd", base, base, i);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(byName(r.stdout).get("toor")![2], "0");
        });

        test("an unknown database is refused", () => {
            const r = spawnSync(shell, ["-c", `${MERGE_ACCOUNTS_SH}\nmerge_accounts hosts /dev/null /dev/null /dev/null`], { encoding: "utf8" });
            assert.equal(r.status, 2);
            assert.match(r.stderr, /unknown account database: hosts/);
        });
    });
}

// The wizard's preview runs the same merge with this host's /etc/KIND (here, the test machine's)
// and the old base's and the image's files given in base64, as host/accounts.ts gives them.
describe("the wizard's preview of the merge, run by dash", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const preview = (db: string, base: string | null, image: string) =>
        spawnSync("dash", ["-c", PREVIEW_ACCOUNTS_SH, "sh", db, base === null ? "-" : b64(base), b64(image)], { encoding: "utf8" });
    const lines = readFileSync("/etc/group", "utf8").split("\n").filter(l => l !== "");
    const free = [...Array(1000).keys()].map(i => 60000 - i).find(g => !lines.some(l => l.split(":")[2] === String(g)))!;

    test("what the job will write: this host's file with the image's new group", () => {
        const image = `${lines.join("\n")}\nimagesvc:x:${free}:\n`;
        const r = preview("group", lines.join("\n") + "\n", image);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${lines.join("\n")}\nimagesvc:x:${free}:\n`);
    });

    test("a clash exits 1 with the carry's words", () => {
        // This host's last group counts as added here (the old base lacks it); the image gives its id to another name.
        const last = lines.at(-1)!.split(":");
        const r = preview("group", lines.slice(0, -1).join("\n") + "\n", `${lines.slice(0, -1).join("\n")}\nother:x:${last[2]}:\n`);
        assert.equal(r.status, 1);
        assert.match(r.stderr, new RegExp(`^gid ${last[2]} is ${last[0]} on this host and other in the new image`, "m"));
    });

    test("no old base: merged by name alone", () => {
        const r = preview("group", null, `${lines.join("\n")}\n`);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${lines.join("\n")}\n`);
    });
});
