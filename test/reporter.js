// A node:test reporter: node's own spec output, then one closing line "N passed, N failed"
// (", N skipped" when any were) that CI reads. Counts leaf tests only, not suites.
import { once } from "node:events";
import { spec as SpecReporter } from "node:test/reporters";

export default async function* reporter(source) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const specReporter = new SpecReporter();
    const pending = [];
    specReporter.on("data", chunk => pending.push(chunk));
    const ended = once(specReporter, "end");

    for await (const event of source) {
        const data = event.data;
        const leaf = data?.details && data.details.type !== "suite" && data.nesting !== undefined;
        if (leaf && event.type === "test:pass") {
            if (data.skip || data.todo) counts.skipped++;
            else counts.passed++;
        } else if (leaf && event.type === "test:fail") {
            counts.failed++;
        }
        specReporter.write(event);
        yield* pending.splice(0);
    }
    specReporter.end();
    await ended;
    yield* pending.splice(0);
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
    yield `\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`;
}
