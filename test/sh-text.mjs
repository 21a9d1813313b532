// Lets unit tests and benchmarks import src/host/scripts/*.sh as text, as esbuild's text loader
// does for the page (build.js): the host code they run is the page's own.
//   node --import tsx --import ./test/sh-text.mjs ...
import { readFile } from "node:fs/promises";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

// Module hooks run on a thread of their own, which loads this file again: register once.
if (isMainThread)
    register(import.meta.url);

export async function load(url, context, nextLoad) {
    if (!url.endsWith(".sh"))
        return nextLoad(url, context);
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", shortCircuit: true, source: `export default ${JSON.stringify(text)};` };
}
