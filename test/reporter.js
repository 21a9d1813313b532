// A node:test reporter: node's own spec output, then one closing line "N passed, N failed"
// (", N skipped" when any were) that CI reads. Counts leaf tests only, not suites. Under
// test/run-e2e.js the failures' names and first lines of error, and each test's time, also go to
// it, which prints them again just above the closing line, where a log's tail shows them.
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { spec as SpecReporter } from "node:test/reporters";

export default async function* reporter(source) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures = [];
    const times = [];
    const specReporter = new SpecReporter();
    const pending = [];
    specReporter.on("data", chunk => pending.push(chunk));
    const ended = once(specReporter, "end");

    for await (const event of source) {
        const data = event.data;
        const leaf = data?.details && data.details.type !== "suite" && data.nesting !== undefined;
        if (leaf && (event.type === "test:pass" || event.type === "test:fail"))
            times.push({ name: data.name, seconds: (data.details.duration_ms ?? 0) / 1000, ok: event.type === "test:pass" });
        if (leaf && event.type === "test:pass") {
            if (data.skip || data.todo) counts.skipped++;
            else counts.passed++;
        } else if (leaf && event.type === "test:fail") {
            counts.failed++;
            const error = data.details.error?.cause ?? data.details.error;
            failures.push({ name: data.name, error: String(error?.stack ?? error).split("\n").slice(0, 40).join("\n") });
        }
        specReporter.write(event);
        yield* pending.splice(0);
    }
    specReporter.end();
    await ended;
    yield* pending.splice(0);
    // Under test/run-e2e.js each file is its own run: the counts go to it, which prints the one
    // closing line for all of them.
    if (process.env.IMGBASED_TEST_COUNTS) {
        await writeFile(process.env.IMGBASED_TEST_COUNTS, JSON.stringify({ ...counts, failures, times }));
        return;
    }
    yield closingLine(counts);
}

export function closingLine(counts) {
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
    return `\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`;
}
