// The shape of an e2e test file: one pristine VM per file, a browser session per test, and on
// failure a screenshot plus the guest's journal in test-results/.
import { after, before, test } from "node:test";
import { screenshot, type Session } from "./browser.ts";
import { LabVm } from "./vm.ts";

export interface Lab {
    readonly vm: LabVm;
}

/** Starts one VM for the test file (with an optional scenario) and stops it afterwards. */
export function labForThisFile(name: string, scenario?: string): Lab {
    let vm: LabVm | undefined;
    before(async () => { vm = await LabVm.start(name, scenario); }, { timeout: 600_000 });
    after(async () => { await vm?.stop(); });
    return {
        get vm() {
            if (!vm) throw new Error("the lab VM did not start");
            return vm;
        },
    };
}

/**
 * A test that keeps evidence when it fails. `body` registers its browser session through
 * `keep` so the screenshot shows what the user saw; sessions are closed either way.
 */
export function e2e(name: string, lab: Lab, body: (keep: (s: Session) => Session) => Promise<void>, timeout = 300_000) {
    test(name, { timeout }, async () => {
        const sessions: Session[] = [];
        const keep = (s: Session) => { sessions.push(s); return s; };
        const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
        try {
            await body(keep);
        } catch (e) {
            await Promise.all(sessions.map((s, i) => screenshot(s, `${slug}-${i}`)));
            await lab.vm.saveJournal(`${slug}-journal.txt`);
            throw e;
        } finally {
            await Promise.all(sessions.map(s => s.close().catch(() => {})));
        }
    });
}
