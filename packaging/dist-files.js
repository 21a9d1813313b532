#!/usr/bin/env node
// The files the tarball of `make dist` holds beyond git's, as they depend on the version:
//   .tarball-version                  the version (packaging/version reads it without git)
//   packaging/debian/changelog        one entry for this version (dpkg takes the version from it)
//   packaging/cockpit-imgbased.spec   git's spec with Version, a changelog entry and one
//                                     "Provides: bundled(npm(NAME)) = VERSION" for every
//                                     production module in package-lock.json
// usage: node packaging/dist-files.js VERSION OUTDIR
// `--provides` prints the Provides lines only.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const TOP = resolve(import.meta.dirname, "..");
const MAINTAINER = "cockpit-imgbased developers <dev@cockpit-imgbased.invalid>";

/**
 * What the bundles may hold: every package-lock entry npm would install without dev
 * dependencies. esbuild bundles only what is imported, so a few (loose-envify, a build-time
 * transform) are declared without being shipped; declaring more is the safe side for a
 * distribution that tracks bundled code for security fixes.
 */
export function bundledModules(lock) {
    const modules = new Map();
    for (const [path, entry] of Object.entries(lock.packages ?? {})) {
        if (!path || entry.dev || entry.link) continue;
        const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
        // One module in two versions (nested node_modules) gets a line each.
        modules.set(`${name}@${entry.version}`, { name, version: entry.version });
    }
    return [...modules.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export function providesLines(lock) {
    return bundledModules(lock).map(m => `Provides:       bundled(npm(${m.name})) = ${m.version}`).join("\n");
}

function fill(version, outdir) {
    const lock = JSON.parse(readFileSync(join(TOP, "package-lock.json"), "utf8"));
    // The commit's date, not the clock's: the same commit makes the same tarball's text.
    const date = new Date(execFileSync("git", ["log", "-1", "--format=%cI"], { cwd: TOP, encoding: "utf8" }).trim());
    const write = (path, text) => {
        mkdirSync(dirname(join(outdir, path)), { recursive: true });
        writeFileSync(join(outdir, path), text);
    };

    write(".tarball-version", `${version}\n`);

    // dpkg-parsechangelog wants RFC 2822 dates in English; toUTCString() is that, with GMT.
    const rfc2822 = date.toUTCString().replace("GMT", "+0000");
    write("packaging/debian/changelog",
        `cockpit-imgbased (${version}-1) unstable; urgency=medium\n\n` +
        `  * Upstream version ${version}.\n\n` +
        ` -- ${MAINTAINER}  ${rfc2822}\n`);

    // rpm's changelog date: "Sat Dec 05 2026".
    const [weekday, day, month, year] = date.toUTCString().replace(",", "").split(" ");
    const spec = readFileSync(join(TOP, "packaging/cockpit-imgbased.spec"), "utf8");
    const filled = spec
            .replace(/^Version:(\s+)0$/m, `Version:$1${version}`)
            .replace(/^# @BUNDLED_NPM@$/m, providesLines(lock))
            .replace(/^%changelog\n?$/m, `%changelog\n* ${weekday} ${month} ${day} ${year} ${MAINTAINER} - ${version}-1\n- Upstream version ${version}.\n`);
    if (filled.includes("@BUNDLED_NPM@") || !filled.includes(`Version:        ${version}`))
        throw new Error("packaging/cockpit-imgbased.spec lacks the Version: 0 or # @BUNDLED_NPM@ line to fill in");
    write("packaging/cockpit-imgbased.spec", filled);
}

if (process.argv[1] === import.meta.filename) {
    const args = process.argv.slice(2);
    if (args[0] === "--provides") {
        console.log(providesLines(JSON.parse(readFileSync(join(TOP, "package-lock.json"), "utf8"))));
    } else if (args.length === 2) {
        fill(args[0], args[1]);
    } else {
        console.error("usage: node packaging/dist-files.js VERSION OUTDIR | --provides");
        process.exit(2);
    }
}
