// The strings of the manifest that Cockpit's shell translates: each menu, tool or dashboard
// entry's label, its keywords (for the shell's search; a keyword with "translate": false is kept
// as it is) and the labels of its docs links. The manifest lives at the top level; until it
// moves there it is src/manifest.json, so both are looked for.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const MANIFEST_PLACES = ["manifest.json", "src/manifest.json"];

/** The manifest's path relative to `repo`, the first of MANIFEST_PLACES that exists. */
export function manifestPath(repo) {
    const found = MANIFEST_PLACES.find(place => existsSync(join(repo, place)));
    if (!found) throw new Error(`no manifest: looked for ${MANIFEST_PLACES.join(" and ")}`);
    return found;
}

/** Its translatable strings, in the manifest's order, each once. */
export function manifestStrings(repo) {
    const manifest = JSON.parse(readFileSync(join(repo, manifestPath(repo)), "utf8"));
    const strings = [];
    const add = text => {
        if (typeof text === "string" && text && !strings.includes(text)) strings.push(text);
    };
    for (const section of ["menu", "tools", "dashboard"]) {
        for (const entry of Object.values(manifest[section] ?? {})) {
            add(entry.label);
            for (const keyword of entry.keywords ?? [])
                if (keyword.translate !== false) (keyword.matches ?? []).forEach(add);
            for (const doc of entry.docs ?? []) add(doc.label);
        }
    }
    return strings;
}
