// What one refresh of the page costs on a real node, against the obvious alternatives measured
// in the same browser session: a bare `lvs` round trip (the floor), and imgbased's way of asking
// LVM once per LV (N+1 processes). Run through `make bench`.
import { openPlugin } from "../test/e2e/lib/browser.ts";
import { refresh } from "../test/e2e/lib/page.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { median } from "./stats.ts";

const REPEAT = 5;


/**
 * The in-page measurement, as source text: tsx would wrap a function literal with helpers that
 * do not exist in the page. It times a bare `lvs` round trip, and imgbased's way: list the
 * names, then one `lvs` per LV for its tags (LV.tags()).
 */
function inPage(repeat: number): string {
    return `(async () => {
        const opts = { superuser: "try", err: "message" };
        const time = async fn => { const t = performance.now(); await fn(); return performance.now() - t; };
        const bare = [], perLv = [];
        let lvCount = 0;
        for (let i = 0; i < ${repeat}; i++) {
            bare.push(await time(() => cockpit.spawn(["lvs", "--reportformat", "json", "-a", "-o", "lv_name,lv_tags"], opts)));
            perLv.push(await time(async () => {
                const names = (await cockpit.spawn(["lvs", "--noheadings", "-o", "lv_full_name"], opts))
                        .split("\\n").map(s => s.trim()).filter(Boolean);
                lvCount = names.length;
                for (const name of names) await cockpit.spawn(["lvs", "--noheadings", "-o", "lv_tags", name], opts);
            }));
        }
        return { bare, perLv, lvCount };
    })()`;
}

export interface RefreshBench {
    lvCount: number;
    spawnsPerRefresh: number;
    refreshMs: number;
    bareLvsMs: number;
    perLvMs: number;
    perLvSpawns: number;
}

export async function run(extraLayers: number[]): Promise<RefreshBench[]> {
    const vm = await LabVm.start("bench-refresh", "two-bases");
    const results: RefreshBench[] = [];
    try {
        const session = await openPlugin(vm.url, "admin", { admin: true });
        try {
            let made = 0;
            for (const target of extraLayers) {
                // More layers on the old base: the LV count grows, the page's spawns must not.
                const names = Array.from({ length: target - made }, (_, i) => `debian-node-12.0-1+${10 + made + i}`);
                if (names.length) {
                    await vm.ssh(names.map(n => `lvcreate -qq -s nodevg/debian-node-12.0-1 -n '${n}' -kn --addtag imgbased:layer`).join(" && "));
                }
                made = target;
                const root = session.frame.locator('[data-testid="imgbased-page"]');
                const refreshMs: number[] = [];
                let spawns = 0;
                for (let i = 0; i < REPEAT; i++) {
                    await refresh(session.frame);
                    refreshMs.push(Number(await root.getAttribute("data-refresh-ms")));
                    spawns = Number(await root.getAttribute("data-spawns"));
                }
                const measured = await session.frame.evaluate(inPage(REPEAT)) as { bare: number[]; perLv: number[]; lvCount: number };
                results.push({
                    lvCount: measured.lvCount,
                    spawnsPerRefresh: spawns,
                    refreshMs: median(refreshMs),
                    bareLvsMs: median(measured.bare),
                    perLvMs: median(measured.perLv),
                    perLvSpawns: measured.lvCount + 1,
                });
            }
        } finally {
            await session.close();
        }
    } finally {
        await vm.stop();
    }
    return results;
}
