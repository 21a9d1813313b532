// What the build makes of po/de.po is what Cockpit loads: po.de.js calls cockpit.locale() with
// the plural rule as a function, and looked up as cockpit.gettext/ngettext look up, it gives
// German; the manifest's strings go to po.manifest.de.js for the shell. A plural rule that is
// more than gettext's arithmetic never gets into a shipped file.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { gunzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";

import { pluralFunction } from "../../po/po2js.js";

const REPO = resolve(import.meta.dirname, "../..");

type Locale = Record<string, unknown> & { "": { "plural-forms": (n: number) => number | boolean; language: string } };

/** Runs a po.js file as Cockpit's page would, with a cockpit.locale that keeps what it is given. */
function load(file: string): Locale {
    let given: Locale | undefined;
    runInNewContext(gunzipSync(readFileSync(file)).toString("utf8"), { cockpit: { locale: (po: Locale) => { given = po; } } });
    assert.ok(given, `${file} did not call cockpit.locale`);
    return given;
}

/** cockpit.gettext's lookup: the translation at index 1, else the English string. */
function gettext(po: Locale, msgid: string): string {
    const entry = po[msgid] as (string | null)[] | undefined;
    return entry?.[1] || msgid;
}

/** cockpit.ngettext's lookup: the form the plural rule picks, at index rule(n) + 1. */
function ngettext(po: Locale, singular: string, plural: string, n: number): string {
    const entry = po[singular] as (string | null)[] | undefined;
    const form = Number(po[""]["plural-forms"](n));
    return entry?.[form + 1] || (n === 1 ? singular : plural);
}

describe("the built translations", () => {
    const dir = mkdtempSync(join(tmpdir(), "imgbased-po-"));
    let page: Locale;
    let manifest: Locale;
    before(() => {
        execFileSync(process.execPath, ["build.js"], {
            cwd: REPO, stdio: "pipe", env: { ...process.env, NODE_ENV: "production", IMGBASED_OUTDIR: dir },
        });
        page = load(join(dir, "po.de.js.gz"));
        manifest = load(join(dir, "po.manifest.de.js.gz"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test("ship one page file and one manifest file per language, gzipped like the rest", () => {
        const names = readdirSync(dir).filter(n => n.startsWith("po."));
        assert.deepEqual(names.sort(), ["po.de.js.gz", "po.manifest.de.js.gz"]);
    });

    test("po.de.js says German, with the plural rule as a function", () => {
        assert.equal(page[""].language, "de");
        assert.equal(typeof page[""]["plural-forms"], "function");
        assert.deepEqual([0, 1, 2, 5].map(n => Number(page[""]["plural-forms"](n))), [1, 0, 1, 1]);
    });

    test("gives German for a singular string and for both forms of a plural one", () => {
        assert.equal(gettext(page, "Add layer"), "Schicht hinzufügen");
        assert.equal(gettext(page, "Administrative access required"), "Administrativer Zugriff erforderlich");
        assert.equal(ngettext(page, "$0 file, $1", "$0 files, $1", 1), "$0 Datei, $1");
        assert.equal(ngettext(page, "$0 file, $1", "$0 files, $1", 3), "$0 Dateien, $1");
        // An entry is [msgid_plural or null, msgstr...], as Cockpit expects (copied out of the
        // script's realm for deepEqual).
        assert.deepEqual([...page["$0 byte"] as string[]], ["$0 bytes", "$0 Byte", "$0 Bytes"]);
        assert.deepEqual([...page["Refresh"] as string[]], [null, "Aktualisieren"]);
    });

    test("the manifest's strings go to po.manifest.de.js, the page's to po.de.js", () => {
        assert.equal(gettext(manifest, "Image layers"), "Image-Schichten");
        assert.equal(gettext(manifest, "rollback"), "zurücksetzen");
        assert.equal(manifest["Add layer"], undefined, "a page string in the shell's file");
        assert.equal(page["rollback"], undefined, "a manifest keyword in the page's file");
        // The page title is both: the page shows it too.
        assert.equal(gettext(page, "Image layers"), "Image-Schichten");
    });
});

describe("pluralFunction", () => {
    test("turns gettext's plural rules into functions", () => {
        const rule = (header: string) => runInNewContext(pluralFunction(header)) as (n: number) => number;
        assert.deepEqual([0, 1, 2].map(rule("nplurals=2; plural=(n != 1);")).map(Number), [1, 0, 1]);
        assert.deepEqual([0, 1, 2].map(rule("nplurals=1; plural=0;")).map(Number), [0, 0, 0]);
        // Polish: 1, 2-4 (not 12-14), the rest.
        const polish = rule("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);");
        assert.deepEqual([1, 2, 5, 12, 22, 25].map(polish), [0, 1, 2, 2, 1, 2]);
    });

    test("refuses anything but arithmetic on n, and rules that pick a form that is not there", () => {
        for (const header of [
            "nplurals=2; plural=alert(1);",
            "nplurals=2; plural=(n != 1) || fetch(\"x\");",
            "nplurals=2; plural=n.constructor;",
            "nplurals=2; plural=[n][0];",
            "nplurals=2; plural=`n`;",
            "nplurals=2; plural=(n != 1;",
            "nplurals=2; plural=n != 1);",
            "nplurals=2; plural=n n;",
            "nplurals=2; plural=n + 1;",
            "nplurals=0; plural=0;",
            "nplurals=INTEGER; plural=EXPRESSION;",
            "plural=n != 1;",
            "",
        ]) assert.throws(() => pluralFunction(header), /Plural-Forms/, header);
    });
});
