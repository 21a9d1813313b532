#!/usr/bin/env node
// Makes the translation template, po/imgbased.pot (`make pot`), from three sources: the strings
// marked in src/ and pkg/ (xgettext), the manifest's menu strings, which Cockpit's shell translates
// for its navigation and search, and the AppStream metainfo at the top level when there is one.
// `node po/extract.js OUT` writes it elsewhere (the unit test compares a fresh one with ours).
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import gettextParser from "gettext-parser";

import { manifestPath, manifestStrings } from "./manifest-strings.js";

const REPO = resolve(import.meta.dirname, "..");
export const POT = "po/imgbased.pot";

/**
 * xgettext 0.21 (Debian 12) has no TypeScript parser, and its JavaScript one loses its place in
 * TSX and type syntax (tried: it missed 118 of our 585 strings). Its C lexer needs only calls and
 * double-quoted literals, which is all a marked string is, so it reads .ts and .tsx whole, as
 * Cockpit's starter kit extracts its pages. The unit test checks that every marked call starts
 * with a double-quoted literal, the one form this lexer sees.
 */
const CODE_ARGS = [
    "--language=C", "--from-code=UTF-8",
    "--keyword=", "--keyword=_", "--keyword=gettext", "--keyword=ngettext:1,2",
    "--keyword=C_:1c,2", "--keyword=N_",
    "--add-comments=Translators:",
    // File names only: line numbers would change the template with every edit of a view.
    "--add-location=file",
];

/**
 * The C lexer's complaints about TypeScript's own quotes (a "'" in a regex or a template
 * literal): a marked string is double-quoted on its call's line, so they cannot hide one.
 */
const C_LEXER_NOISE = /warning: unterminated (character constant|string literal)/;
/** A msgid used with and without a plural gets one translation for both: not allowed. */
const PLURAL_CLASH = /is used without plural and with plural/;

/** The header of our template: no creation date, so `make pot` changes it only when strings do. */
const HEADERS = {
    "Project-Id-Version": "cockpit-imgbased",
    "Report-Msgid-Bugs-To": "",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
};

/** The .ts and .tsx files of src/ and pkg/, sorted so the template's order is stable. */
export function codeFiles(repo = REPO) {
    const found = [];
    for (const dir of ["src", "pkg"])
        for (const name of readdirSync(join(repo, dir), { recursive: true }))
            if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) found.push(join(dir, name));
    return found.sort();
}

/** The AppStream metainfo files at the top level (xgettext knows their format by the name). */
function metainfoFiles(repo) {
    return readdirSync(repo).filter(name => name.endsWith(".metainfo.xml")).sort();
}

/** Runs xgettext (argv, no shell) and returns its POT and its warnings. */
function xgettext(repo, args, files) {
    const result = spawnSync("xgettext", [...args, "--output=-", "--", ...files], {
        cwd: repo, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error?.code === "ENOENT")
        throw new Error("xgettext is missing: install Debian's gettext package (make host-deps)");
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`xgettext failed: ${result.stderr}`);
    const warnings = result.stderr.split("\n").filter(l => l.trim() && !C_LEXER_NOISE.test(l));
    return { pot: result.stdout, warnings };
}

/** The manifest's strings as parsed-PO entries, referenced by the manifest's path. */
function manifestEntries(repo) {
    const reference = manifestPath(repo);
    return manifestStrings(repo).map(msgid => ({ msgid, msgstr: [""], comments: { reference } }));
}

/** Adds `entry` to `table` (context, then msgid), joining the references of a msgid seen before. */
function addEntry(table, entry) {
    const context = entry.msgctxt ?? "";
    table[context] ??= {};
    const seen = table[context][entry.msgid];
    if (!seen) {
        const { msgctxt, msgid, msgid_plural, comments } = entry;
        table[context][entry.msgid] = {
            ...(msgctxt ? { msgctxt } : {}), msgid, ...(msgid_plural ? { msgid_plural } : {}),
            msgstr: msgid_plural ? ["", ""] : [""],
            comments: { reference: comments?.reference ?? "", extracted: comments?.extracted ?? "" },
        };
        return;
    }
    const refs = new Set([...seen.comments.reference.split(/\s+/), ...(entry.comments?.reference ?? "").split(/\s+/)]);
    seen.comments.reference = [...refs].filter(Boolean).join("\n");
}

/**
 * The template as text, and xgettext's warnings. Throws on a msgid used with and without a
 * plural, since one of the two would get the other's translation.
 */
export function extract(repo = REPO) {
    const parts = [xgettext(repo, CODE_ARGS, codeFiles(repo))];
    const metainfo = metainfoFiles(repo);
    if (metainfo.length) parts.push(xgettext(repo, ["--from-code=UTF-8", "--add-location=file"], metainfo));
    const warnings = parts.flatMap(p => p.warnings);
    const clash = warnings.findIndex(w => PLURAL_CLASH.test(w));
    if (clash >= 0)
        throw new Error(`a msgid is used both with and without a plural: reword one of them\n${warnings.slice(clash, clash + 3).join("\n")}`);

    const table = {};
    const entries = parts.flatMap(p => Object.values(gettextParser.po.parse(p.pot, { defaultCharset: "utf-8" }).translations)
            .flatMap(context => Object.values(context)));
    for (const entry of [...entries, ...manifestEntries(repo)])
        if (entry.msgid) addEntry(table, entry);
    const pot = gettextParser.po.compile({ charset: "utf-8", headers: HEADERS, translations: table }).toString("utf8");
    return { pot, warnings };
}

/** The number of msgids in a template, its header left out. */
function count(pot) {
    const { translations } = gettextParser.po.parse(pot, { defaultCharset: "utf-8" });
    return Object.values(translations).reduce((n, context) => n + Object.keys(context).filter(Boolean).length, 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const out = resolve(process.argv[2] ?? join(REPO, POT));
    const { pot, warnings } = extract();
    warnings.forEach(w => console.error(w));
    writeFileSync(out, pot.endsWith("\n") ? pot : pot + "\n");
    console.log(`${out}: ${count(pot)} strings`);
}
