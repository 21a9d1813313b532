// The types of po2js.js, which build.js runs under plain node, for the TypeScript unit tests.

export interface PoEntry {
    context: string;
    msgid: string;
    /** msgid_plural, or null for a string without plural forms. */
    plural: string | null;
    msgstr: string[];
    /** The files the string comes from ("src/app.tsx", "manifest.json", ...). */
    references: string[];
    fuzzy: boolean;
}

export interface PoFile {
    language: string;
    pluralForms: string;
    entries: PoEntry[];
}

export function pluralFunction(header: string): string;
export function readPo(path: string): PoFile;
export function cockpitLocaleScript(po: PoFile, wanted: (entry: PoEntry) => boolean): string;
export function writeTranslations(poDir: string, outdir: string): string[];
