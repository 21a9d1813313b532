// What one refresh of the page costs on a real node, against the obvious alternatives measured
// in the same browser session: a bare `lvs` round trip (the floor), and imgbased's way of asking
// LVM once per LV (N+1 processes). Run through `make bench`.
import { openPlugin } from "../test/e2e/lib/browser.ts";
import { refresh } from "../test/e2e/lib/page.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";

const REPEAT = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

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
                const measured = await session.frame.evaluate(async repeat => {
                    const c = (window as unknown as { cockpit: { spawn(argv: string[], o: object): Promise<string> } }).cockpit;
                    const opts = { superuser: "try", err: "message" };
                    const time = async (fn: () => Promise<unknown>) => { const t = performance.now(); await fn(); return performance.now() - t; };
                    const bare: number[] = [];
                    const perLv: number[] = [];
                    let lvCount = 0;
                    for (let i = 0; i < repeat; i++) {
                        bare.push(await time(() => c.spawn(["lvs", "--reportformat", "json", "-a", "-o", "lv_name,lv_tags"], opts)));
                        perLv.push(await time(async () => {
                            // imgbased: list names, then one lvs per LV for its tags (LV.tags()).
                            const names = (await c.spawn(["lvs", "--noheadings", "-o", "lv_full_name"], opts))
                                    .split("\n").map(s => s.trim()).filter(Boolean);
                            lvCount = names.length;
                            for (const name of names) await c.spawn(["lvs", "--noheadings", "-o", "lv_tags", name], opts);
                        }));
                    }
                    return { bare, perLv, lvCount };
                }, REPEAT);
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
