#!/usr/bin/env node
// Bundles the plugin into dist/: the entry index.js with its shared chunks, one lazy chunk for each
// view the first page does not need (the diff page, the upgrade wizard, a file's content diff), the
// CSS of the first page in index.css and each lazy view's own CSS beside its chunk, index.html,
// manifest.json (from the top level), and po.<lang>.js and po.manifest.<lang>.js for each
// po/<lang>.po (po/po2js.js). Cockpit loads index.html inside an iframe; its CSP forbids inline
// scripts, so everything is a separate file. `--watch` rebuilds on change.
import * as esbuild from "esbuild";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { writeTranslations } from "./po/po2js.js";

const watch = process.argv.includes("--watch");
const production = process.env.NODE_ENV === "production";
// Another directory only for the bundle's unit test, which builds to a temporary one.
const outdir = process.env.IMGBASED_OUTDIR || "dist";
const entry = "src/index.tsx";

/**
 * CSS is bundled apart from the JS. esbuild puts the CSS of every module it can reach, through
 * dynamic imports too, into the entry's CSS file, and writes a second copy for each lazy chunk that
 * nothing loads. So the JS build only records which module imports which CSS file (an empty module
 * in the "css-ref" namespace stands for it), and cssBundles() below builds the CSS files itself.
 */
const cssRefs = {
    name: "css-refs",
    setup(build) {
        build.onResolve({ filter: /\.css$/ }, async args => {
            if (args.pluginData?.cssRef) return undefined;
            const found = await build.resolve(args.path, {
                kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { cssRef: true },
            });
            if (found.errors.length) return { errors: found.errors };
            return { path: found.path, namespace: "css-ref" };
        });
        build.onLoad({ filter: /.*/, namespace: "css-ref" }, () => ({ contents: "", loader: "js" }));
    },
};

/**
 * The fonts come from Cockpit's shell, which serves them at /cockpit/static/fonts/ (two levels up
 * from our page's files). Cockpit 287 (the lab's, Debian 12) ships static Red Hat fonts, one file a
 * weight; PatternFly's CSS names its variable fonts, so each of its Red Hat @font-face rules
 * becomes one rule a weight Cockpit has. Font Awesome and pficon (icon fonts for class names we do
 * not use; our icons are SVG from react-icons) are dropped. So are the design tokens of PatternFly's
 * felt, glass and high-contrast themes (a third of its base CSS, with its background images):
 * Cockpit's shell and dark-theme.ts only ever set pf-v6-theme-dark, whose tokens stay. Any other
 * url() in the CSS fails the build, so no asset is bundled by mistake.
 */
const COCKPIT_FONTS = "../../static/fonts";
const FONT_WEIGHTS = {
    "Red Hat Text": [["Regular", "400"], ["Medium", "500"], ["Bold", "600 700"]],
    "Red Hat Display": [["Regular", "400"], ["Medium", "500"], ["Bold", "600 700"], ["Black", "800 900"]],
    "Red Hat Mono": [["Regular", "400"], ["Medium", "500"], ["Bold", "600 700"]],
};
const DROPPED_FONTS = ["Font Awesome 5 Free", "pf-v6-pficon"];

/** PatternFly's base CSS with its @font-face rules pointed at Cockpit's fonts, for the themes we use. */
function forCockpit(css) {
    const faces = css.replace(/@font-face\s*{[^}]*}/g, rule => {
        const family = /font-family:\s*"([^"]+)"/.exec(rule)?.[1];
        if (family && DROPPED_FONTS.includes(family)) return "";
        const weights = family && FONT_WEIGHTS[family];
        if (!weights) throw new Error(`unknown @font-face in PatternFly's CSS: ${rule}`);
        const italic = /font-style:\s*italic/.test(rule);
        const file = family.replaceAll(" ", "");
        return weights.map(([name, weight]) => {
            // Cockpit names the italic of Regular "Italic", the others "<Weight>Italic".
            const style = italic ? (name === "Regular" ? "Italic" : `${name}Italic`) : name;
            return rule
                    .replace(/font-weight:[^;]*;/, `font-weight: ${weight};`)
                    .replace(/src:[^;]*;/, `src: url("${COCKPIT_FONTS}/${file}-${style}.woff2") format("woff2");`);
        }).join("\n");
    });
    return faces.replace(/^:root:where\([^)]*\.pf-v6-theme-(felt|glass|high-contrast)\b[^)]*\)\s*{[^}]*}/gm, "");
}

const cockpitFonts = {
    name: "cockpit-fonts",
    setup(build) {
        build.onLoad({ filter: /[\\/]@patternfly[\\/]patternfly[\\/]patternfly-base\.css$/ }, async args => ({
            contents: forCockpit(await readFile(args.path, "utf8")), loader: "css",
        }));
        build.onResolve({ filter: /.*/ }, args => {
            if (args.kind !== "url-token") return undefined;
            if (args.path.startsWith(`${COCKPIT_FONTS}/`)) return { path: args.path, external: true };
            return { errors: [{ text: `${args.path} in ${args.importer} would be bundled: use Cockpit's or drop it (build.js)` }] };
        });
    },
};

/**
 * The CSS files that modules import, following static imports only from `starts`, depth first in
 * import order as esbuild orders them; modules in `skip` (with their imports) are left out.
 */
function cssOf(inputs, starts, skip = new Set()) {
    const seen = new Set(skip);
    const css = [];
    const visit = path => {
        if (seen.has(path)) return;
        seen.add(path);
        if (path.startsWith("css-ref:")) {
            css.push(path.slice("css-ref:".length));
            return;
        }
        for (const imp of inputs[path]?.imports ?? [])
            if (imp.kind !== "dynamic-import" && !imp.external) visit(imp.path);
    };
    starts.forEach(visit);
    return { css, modules: seen };
}

/** Builds index.css and one CSS file for each lazy chunk that needs more than index.css has. */
async function cssBundles(metafile) {
    const { inputs, outputs } = metafile;
    const first = cssOf(inputs, [entry]);
    const files = [["index.css", first.css, null]];
    for (const [out, meta] of Object.entries(outputs)) {
        if (!meta.entryPoint || meta.entryPoint === entry || !out.endsWith(".js")) continue;
        // What this view needs beyond the first page; a chunk it shares with another lazy view may
        // bring a rule twice, which changes nothing.
        const lazy = cssOf(inputs, [meta.entryPoint], first.modules).css;
        if (lazy.length) files.push([basename(out).replace(/\.js$/, ".css"), lazy, out]);
    }
    for (const [name, css, chunk] of files) {
        await esbuild.build({
            stdin: { contents: css.map(f => `@import ${JSON.stringify(resolve(f))};`).join("\n"), loader: "css", resolveDir: "." },
            bundle: true,
            outfile: `${outdir}/${name}`,
            minify: production,
            logLevel: "warning",
            plugins: [cockpitFonts],
        });
        if (chunk) await loadCssFirst(chunk, name);
    }
}

/**
 * A lazy chunk loads its CSS before it counts as loaded: a top-level await at its end, so
 * React.lazy shows the view only once its styles apply.
 */
async function loadCssFirst(chunk, css) {
    const js = await readFile(chunk, "utf8");
    const load = "await new Promise(r=>{const l=document.createElement(\"link\");l.rel=\"stylesheet\";" +
        `l.href=new URL(${JSON.stringify(`./${css}`)},import.meta.url).href;l.onload=l.onerror=r;document.head.append(l)});\n`;
    const map = js.lastIndexOf("//# sourceMappingURL=");
    await writeFile(chunk, map >= 0 ? js.slice(0, map) + load + js.slice(map) : js + load);
}

/**
 * Production bundles ship gzipped only: Cockpit serves NAME.gz for NAME with Content-Encoding
 * gzip, and the bundles are 2.3 MB raw but 0.3 MB gzipped, which a node's bridge sends faster
 * (measured in the lab under TCG: the page opened in 14-18 s instead of 21-23 s). Every JS and
 * CSS file is, the lazy chunks too.
 */
async function gzipAll() {
    for (const name of await readdir(outdir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const path = `${outdir}/${name}`;
        await writeFile(`${path}.gz`, await promisify(gzip)(await readFile(path), { level: 9 }));
        await rm(path);
    }
}

/**
 * manifest.json with its docs links made absolute: the manifest names README sections by their
 * anchor ("#install-on-a-real-node") and package.json's "homepage" is the one place that says
 * where the project lives (its README renders there). Cockpit opens a docs url as it is, so a
 * relative one would point into Cockpit itself.
 */
async function writeManifest() {
    const manifest = JSON.parse(await readFile("manifest.json", "utf8"));
    const { homepage } = JSON.parse(await readFile("package.json", "utf8"));
    for (const entry of Object.values(manifest.menu ?? {})) {
        for (const doc of entry.docs ?? []) doc.url = new URL(doc.url, homepage).href;
    }
    await writeFile(`${outdir}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** After every build (so watch mode keeps them current): the CSS, the static files, the translations, the gzip. */
const finish = {
    name: "finish",
    setup(build) {
        build.onEnd(async result => {
            if (result.errors.length) return;
            await cssBundles(result.metafile);
            await copyFile("src/index.html", `${outdir}/index.html`);
            await writeManifest();
            writeTranslations("po", outdir);
            if (production) await gzipAll();
        });
    },
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const context = await esbuild.context({
    entryPoints: { index: entry },
    bundle: true,
    outdir,
    format: "esm",
    // The lazy views (React.lazy over import()) become chunks of their own.
    splitting: true,
    chunkNames: "[name]-[hash]",
    metafile: true,
    target: ["es2020"],
    minify: production,
    sourcemap: production ? false : "linked",
    legalComments: "external",
    loader: { ".sh": "text" },
    define: { "process.env.NODE_ENV": JSON.stringify(production ? "production" : "development") },
    logLevel: "info",
    plugins: [cssRefs, finish],
});

if (watch) {
    await context.watch();
} else {
    await context.rebuild();
    await context.dispose();
}
