// What the page's files weigh, as `make` built them into dist/ (this builds nothing): each JS and
// CSS file raw and gzipped, and what the first open of the page fetches before it can draw: the
// entry index.js, the chunks it imports statically (not the lazy views' import()), and index.css.
//   node --import tsx bench/bundle.bench.ts [DIST]
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

export interface BundleFile {
    name: string;
    raw: number;
    gz: number;
    firstLoad: boolean;
}

export interface BundleBenchResult {
    files: BundleFile[];
    firstLoad: { raw: number; gz: number; files: string[] };
}

/** The chunks a module imports statically: `import ... from "./x.js"` and `import "./x.js"`, not import(). */
export function staticImports(js: string): string[] {
    return [...js.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)].map(m => m[1]!);
}

export function run(dist = "dist"): BundleBenchResult {
    const texts = new Map<string, { raw: Buffer; gz: number }>();
    for (const name of readdirSync(dist)) {
        const m = /^(.+\.(?:js|css))(\.gz)?$/.exec(name);
        if (!m) continue;
        const data = readFileSync(`${dist}/${name}`);
        // Production ships NAME.gz only; a development build has the raw files.
        const raw = m[2] ? gunzipSync(data) : data;
        texts.set(m[1]!, { raw, gz: m[2] ? data.length : gzipSync(data, { level: 9 }).length });
    }
    if (!texts.has("index.js") || !texts.has("index.css"))
        throw new Error(`no index.js or index.css in ${dist}/: run make first`);

    const first = new Set(["index.css"]);
    const visit = (name: string) => {
        if (first.has(name)) return;
        const text = texts.get(name);
        if (!text) throw new Error(`${name}, imported by the first load, is not in ${dist}/`);
        first.add(name);
        staticImports(text.raw.toString("utf8")).forEach(visit);
    };
    visit("index.js");

    const files = [...texts].map(([name, t]) => ({ name, raw: t.raw.length, gz: t.gz, firstLoad: first.has(name) }))
            .sort((a, b) => Number(b.firstLoad) - Number(a.firstLoad) || b.gz - a.gz);
    const loaded = files.filter(f => f.firstLoad);
    return {
        files,
        firstLoad: { raw: loaded.reduce((s, f) => s + f.raw, 0), gz: loaded.reduce((s, f) => s + f.gz, 0), files: loaded.map(f => f.name) },
    };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const r = run(process.argv[2]);
    for (const f of r.files) console.log(f.name.padEnd(32), String(f.raw).padStart(9), String(f.gz).padStart(8), f.firstLoad ? "first load" : "");
    console.log("first load".padEnd(32), String(r.firstLoad.raw).padStart(9), String(r.firstLoad.gz).padStart(8));
}
