// The translations stay whole: po/imgbased.pot holds exactly the strings the sources mark (a new
// _() string without `make pot` fails here), and po/de.po translates every one of them, with the
// same placeholders and both plural forms.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";

import { readPo, type PoEntry, type PoFile } from "../../po/po2js.js";

const REPO = resolve(import.meta.dirname, "../..");
const POT = join(REPO, "po/imgbased.pot");

const key = (e: PoEntry) => (e.context ? `${e.context}\u0004` : "") + e.msgid;
const placeholders = (text: string) => (text.match(/\$\d/g) ?? []).sort().join(" ");

/** The .ts and .tsx files xgettext reads (po/extract.js), relative to the repository. */
function codeFiles(): string[] {
    return ["src", "pkg"].flatMap(dir => readdirSync(join(REPO, dir), { recursive: true, encoding: "utf8" })
            .filter(name => /\.tsx?$/.test(name) && !name.endsWith(".d.ts")).map(name => join(dir, name)));
}

/**
 * The string literals the sources pass to _(), gettext(), N_() and ngettext() (both forms),
 * read with a regex of our own, as a second opinion on xgettext's C lexer. pkg/lib/cockpit*.ts
 * define these functions and pass variables on, so they are not callers.
 */
function markedInSources(): { strings: Set<string>; notLiteral: string[] } {
    const strings = new Set<string>();
    const notLiteral: string[] = [];
    const literal = String.raw`"(?:[^"\\\n]|\\.)*"`;
    const call = new RegExp(String.raw`(?<![\w.$])(ngettext|gettext|N_|_)\(\s*(${literal})?(?:\s*,\s*(${literal}))?`, "g");
    for (const file of codeFiles().filter(f => !/^pkg\/lib\/cockpit[^/]*\.ts$/.test(f))) {
        const text = readFileSync(join(REPO, file), "utf8");
        for (const m of text.matchAll(call)) {
            if (/\bfunction\s+$/.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
            if (!m[2]) {
                notLiteral.push(`${file}: ${text.slice(m.index, m.index + 40).split("\n")[0]}`);
                continue;
            }
            strings.add(JSON.parse(m[2]));
            if (m[1] === "ngettext" && m[3]) strings.add(`${JSON.parse(m[2])}\u0000${JSON.parse(m[3])}`);
        }
    }
    return { strings, notLiteral };
}

describe("the template po/imgbased.pot", () => {
    const dir = mkdtempSync(join(tmpdir(), "imgbased-pot-"));
    let committed: PoFile;
    let fresh: PoFile;
    before(() => {
        execFileSync(process.execPath, ["po/extract.js", join(dir, "fresh.pot")], { cwd: REPO, stdio: "pipe" });
        committed = readPo(POT);
        fresh = readPo(join(dir, "fresh.pot"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test("is up to date with the sources, the manifest and the metainfo (else: make pot, make update-po)", () => {
        const ids = (po: PoFile) => new Set(po.entries.map(e => `${key(e)}${e.plural ? ` / ${e.plural}` : ""}`));
        const now = ids(fresh);
        const saved = ids(committed);
        assert.deepEqual([...now].filter(id => !saved.has(id)), [], "marked in the sources but not in the template");
        assert.deepEqual([...saved].filter(id => !now.has(id)), [], "in the template but no longer in the sources");
    });

    test("holds every string the sources mark, each passed as a double-quoted literal", () => {
        const { strings, notLiteral } = markedInSources();
        // xgettext's C lexer sees double-quoted literals only (po/extract.js says why).
        assert.deepEqual(notLiteral, []);
        const inPot = new Set(fresh.entries.flatMap(e => e.plural ? [e.msgid, `${e.msgid}\u0000${e.plural}`] : [e.msgid]));
        assert.deepEqual([...strings].filter(s => !inPot.has(s)), [], "marked strings xgettext did not extract");
        assert.ok(strings.size > 500, `${strings.size} marked strings found: the regex lost its way`);
    });

    test("has the manifest's menu label and keywords, referenced by the manifest", () => {
        const manifest = (e: PoEntry) => e.references.some(r => /(^|\/)manifest\.json$/.test(r));
        const fromManifest = fresh.entries.filter(manifest).map(e => e.msgid);
        assert.ok(fromManifest.includes("Image layers"), JSON.stringify(fromManifest));
        assert.ok(fromManifest.includes("rollback"), JSON.stringify(fromManifest));
    });

    test("uses each msgid with one form only: never both with and without a plural", () => {
        // xgettext merges such a pair into one plural entry, so its singular use gets a plural
        // form's translation; extract.js refuses it and the sources keep them apart.
        const { strings } = markedInSources();
        const plurals = [...strings].filter(s => s.includes("\u0000")).map(s => s.split("\u0000")[0]);
        const singularUses = new Set<string>();
        const literal = String.raw`"(?:[^"\\\n]|\\.)*"`;
        for (const file of codeFiles())
            for (const m of readFileSync(join(REPO, file), "utf8").matchAll(new RegExp(String.raw`(?<![\w.$])(?:gettext|N_|_)\(\s*(${literal})`, "g")))
                singularUses.add(JSON.parse(m[1]!));
        assert.deepEqual(plurals.filter(p => singularUses.has(p!)), []);
    });
});

describe("the German translation po/de.po", () => {
    const de = readPo(join(REPO, "po/de.po"));
    const template = readPo(POT);
    const byKey = new Map(de.entries.map(e => [key(e), e]));

    test("is German with gettext's rule for two plural forms", () => {
        assert.equal(de.language, "de");
        assert.match(de.pluralForms, /^nplurals=2; plural=\(n != 1\);$/);
    });

    test("translates every msgid of the template, with no fuzzy entries", () => {
        const missing = template.entries.filter(e => !byKey.get(key(e))?.msgstr.every(Boolean)).map(key);
        assert.deepEqual(missing, []);
        assert.deepEqual(de.entries.filter(e => e.fuzzy).map(key), []);
        assert.ok(template.entries.length > 500, `${template.entries.length} strings in the template`);
    });

    test("keeps each msgid's placeholders $0..$9 in every form", () => {
        const wrong = de.entries.flatMap(e => e.msgstr
                .filter(s => placeholders(s) !== placeholders(e.msgid) && !(e.plural && placeholders(s) === placeholders(e.plural)))
                .map(s => `${e.msgid} => ${s}`));
        assert.deepEqual(wrong, []);
    });

    test("gives both forms of each plural entry, and one form of the others", () => {
        const wrong = de.entries.filter(e => e.msgstr.length !== (e.plural ? 2 : 1)).map(key);
        assert.deepEqual(wrong, []);
        assert.ok(de.entries.filter(e => e.plural).length >= 10);
    });
});
