// How long an admin waits for the page, against the floor measured in the same frame: one bare
// `lvs` round trip through cockpit.spawn. "Ready" is the moment the layout table first shows
// (test/e2e/lib/first-paint.ts records what it held then, so a fast but incomplete first paint
// cannot pass). Three kinds of open, five each:
//   cold    the browser's cache off, no saved layout: the first open ever
//   first   the browser's cache on, no saved layout: the first open in a browser session
//   saved   the layout saved by the previous open shown at once, then read again
// Run through `make bench`.
import { openPlugin } from "../test/e2e/lib/browser.ts";
import { pluginFrameOf, reopenPlugin, settledTable, WATCH_FIRST_PAINT, type FirstPaint, type TableContent } from "../test/e2e/lib/first-paint.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";

const REPEAT = 5;
// After a read, the reads that fill in later (history, jobs, the persist card) get this long, so
// they do not slow the floor down (which would flatter our ratio).
const SETTLE_MS = 5000;

export interface PageBench {
    opens: Record<"cold" | "first" | "saved", FirstPaint[]>;
    bareLvsMs: number[];
    settled: TableContent;
}

const BARE_LVS = `(async () => {
    const t = performance.now();
    await cockpit.spawn(["lvs", "--reportformat", "json", "-a", "-o", "lv_name,lv_tags"], { superuser: "try", err: "message" });
    return performance.now() - t;
})()`;

export async function run(): Promise<PageBench> {
    const vm = await LabVm.start("bench-page", "two-bases");
    try {
        const session = await openPlugin(vm.url, "admin", { admin: true });
        try {
            const page = session.page;
            await page.context().addInitScript({ content: WATCH_FIRST_PAINT });
            const cdp = await page.context().newCDPSession(page);
            await cdp.send("Network.enable");
            const opens: PageBench["opens"] = { cold: [], first: [], saved: [] };
            const bareLvsMs: number[] = [];
            for (let i = 0; i < REPEAT; i++) {
                await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
                opens.cold.push(await reopenPlugin(page, { clearSaved: true }));
                await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
                opens.first.push(await reopenPlugin(page, { clearSaved: true }));
                opens.saved.push(await reopenPlugin(page, { clearSaved: false }));
                const frame = await pluginFrameOf(page);
                await settledTable(frame);
                await frame.waitForTimeout(SETTLE_MS);
                bareLvsMs.push(await frame.evaluate(BARE_LVS) as number);
            }
            return { opens, bareLvsMs, settled: await settledTable(await pluginFrameOf(page)) };
        } finally {
            await session.close();
        }
    } finally {
        await vm.stop();
    }
}
