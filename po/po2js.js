// Turns each po/<lang>.po into the two files Cockpit loads for that language (build.js calls it):
// po.<lang>.js for our page (index.html loads po.js; Cockpit's bridge answers it with
// po.<lang>.js for the session's language, or with nothing for English) and po.manifest.<lang>.js
// with the manifest's strings, which the shell loads from every package for its menu and search.
// Each calls cockpit.locale({...}): a header entry "" with the plural rule as a function, the
// language and its direction, then `msgid: [msgid_plural or null, msgstr...]`, a msgid with a
// context keyed "context\u0004msgid", as cockpit.gettext and cockpit.ngettext look them up.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import gettextParser from "gettext-parser";

/** Languages written right to left; Cockpit's shell turns its layout around for them. */
const RTL = new Set(["ar", "fa", "he", "ur", "yi"]);

/**
 * The tokens a Plural-Forms expression may hold: gettext's C subset over n, without anything
 * that could name or call something else. The rule becomes a function in the shipped file, so
 * nothing outside this list ever gets there.
 */
const PLURAL_TOKEN = /\s+|n|\d+|==|!=|<=|>=|&&|\|\||[<>%?:()!+\-*/]/y;

/**
 * The JavaScript function for a Plural-Forms header ("nplurals=2; plural=(n != 1);"), as source
 * text: checked token by token, then run for n = 0..1000, where each result must pick one of
 * the nplurals forms. Throws on anything else.
 */
export function pluralFunction(header) {
    const match = /^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$/.exec(header ?? "");
    if (!match) throw new Error(`Plural-Forms is not "nplurals=N; plural=EXPRESSION;": ${JSON.stringify(header)}`);
    const nplurals = Number(match[1]);
    const expression = match[2];
    if (nplurals < 1) throw new Error(`Plural-Forms: nplurals must be at least 1, not ${nplurals}`);
    let depth = 0;
    for (PLURAL_TOKEN.lastIndex = 0; PLURAL_TOKEN.lastIndex < expression.length;) {
        const at = PLURAL_TOKEN.lastIndex;
        const token = PLURAL_TOKEN.exec(expression)?.[0];
        if (token === undefined) throw new Error(`Plural-Forms: unexpected ${JSON.stringify(expression.slice(at))}`);
        depth += token === "(" ? 1 : token === ")" ? -1 : 0;
        if (depth < 0) throw new Error(`Plural-Forms: unbalanced ")" in ${JSON.stringify(expression)}`);
    }
    if (depth !== 0) throw new Error(`Plural-Forms: unbalanced "(" in ${JSON.stringify(expression)}`);
    const source = `(n) => (${expression})`;
    let rule;
    try {
        rule = new Function(`return ${source};`)();
    } catch (e) {
        throw new Error(`Plural-Forms: ${JSON.stringify(expression)} is not an expression: ${e.message}`);
    }
    for (let n = 0; n <= 1000; n++) {
        const form = Number(rule(n));
        if (!Number.isInteger(form) || form < 0 || form >= nplurals)
            throw new Error(`Plural-Forms: ${JSON.stringify(expression)} gives ${form} for n = ${n}, outside 0..${nplurals - 1}`);
    }
    return source;
}

/**
 * A .po or .pot file as plain entries: { context, msgid, plural, msgstr[], references[], fuzzy },
 * the header left out, with its language (the Language header, else the file's name) and
 * its Plural-Forms.
 */
export function readPo(path) {
    // A translation is validated (each plural entry has nplurals forms); the template has no
    // plural rule yet ("nplurals=INTEGER") to validate against.
    const validation = !path.endsWith(".pot");
    const parsed = gettextParser.po.parse(readFileSync(path), { defaultCharset: "utf-8", validation });
    const entries = [];
    for (const context of Object.values(parsed.translations)) {
        for (const entry of Object.values(context)) {
            if (!entry.msgid) continue;
            entries.push({
                context: entry.msgctxt ?? "",
                msgid: entry.msgid,
                plural: entry.msgid_plural ?? null,
                msgstr: entry.msgstr ?? [],
                references: (entry.comments?.reference ?? "").split(/\s+/).filter(Boolean),
                fuzzy: /\bfuzzy\b/.test(entry.comments?.flag ?? ""),
            });
        }
    }
    const language = parsed.headers.Language || basename(path, ".po");
    return { language, pluralForms: parsed.headers["Plural-Forms"] ?? "", entries };
}

/**
 * The text of a po.js file for the entries `wanted` picks: untranslated and fuzzy ones are left
 * out, so Cockpit shows the English string for them.
 */
export function cockpitLocaleScript(po, wanted) {
    const header = [
        `  "plural-forms": ${pluralFunction(po.pluralForms)}`,
        `  "language": ${JSON.stringify(po.language)}`,
        `  "language-direction": ${JSON.stringify(RTL.has(po.language.split(/[_-]/)[0]) ? "rtl" : "ltr")}`,
    ];
    const lines = [` "": {\n${header.join(",\n")}\n }`];
    for (const entry of po.entries) {
        if (entry.fuzzy || !entry.msgstr.some(Boolean) || !wanted(entry)) continue;
        const key = entry.context ? `${entry.context}\u0004${entry.msgid}` : entry.msgid;
        lines.push(` ${JSON.stringify(key)}: ${JSON.stringify([entry.plural, ...entry.msgstr])}`);
    }
    return `cockpit.locale({\n${lines.join(",\n")}\n});\n`;
}

const fromCode = entry => entry.references.some(ref => /^(src|pkg)\//.test(ref) && !ref.endsWith("manifest.json"));
const fromManifest = entry => entry.references.some(ref => /(^|\/)manifest\.json$/.test(ref));

/** Writes po.<lang>.js and po.manifest.<lang>.js into `outdir` for each .po in `poDir`; returns their names. */
export function writeTranslations(poDir, outdir) {
    const written = [];
    for (const name of readdirSync(poDir).filter(n => n.endsWith(".po")).sort()) {
        const lang = basename(name, ".po");
        const po = readPo(join(poDir, name));
        for (const [file, wanted] of [[`po.${lang}.js`, fromCode], [`po.manifest.${lang}.js`, fromManifest]]) {
            writeFileSync(join(outdir, file), cockpitLocaleScript(po, wanted));
            written.push(file);
        }
    }
    return written;
}
