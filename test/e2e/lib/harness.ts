// The shape of an e2e test file. Each test starts from a saved guest state (test/vm/states.txt:
// the golden node or a scenario prepared once per lab image), restored in seconds, so no test
// runs on what an earlier one left behind or broke. Its limit is in seconds on the reference
// machine, stretched by the measured speed factor; when a test fails or runs out of time it keeps
// a screenshot, the guest's journal and what the page showed last, and its error says so.
import { after, test } from "node:test";
import { setTimeout as pause } from "node:timers/promises";
import { screenshot, type Session } from "./browser.ts";
import { describeLimit, within } from "./time.ts";
import { LabVm } from "./vm.ts";
import { describePage } from "./wait.ts";

export interface Lab {
    readonly vm: LabVm;
}

/** The file's one VM slot: restored for each test, unless the last test only read and passed. */
class FileLab implements Lab {
    private current?: LabVm;
    /** The state the running VM still holds untouched, if any. */
    private pristine?: string;
    constructor(private readonly name: string) {}

    get vm(): LabVm {
        if (!this.current) throw new Error("the lab VM did not start");
        return this.current;
    }

    async begin(state: string): Promise<void> {
        if (this.current && this.pristine === state) return;
        this.pristine = undefined;
        await this.current?.stop();
        this.current = undefined;
        this.current = await LabVm.start(this.name, state);
    }

    /** After a test: `state` when the VM is still exactly that state (the test read and passed). */
    end(state: string | undefined): void {
        this.pristine = state;
    }

    /** The guest's journal beside the screenshots, when there is a VM to ask. */
    async saveJournal(file: string): Promise<void> {
        await this.current?.saveJournal(file);
    }

    async stop(): Promise<void> {
        await this.current?.stop();
    }
}

export function labForThisFile(name: string): Lab {
    const lab = new FileLab(name);
    after(() => lab.stop());
    return lab;
}

export interface TestOptions {
    /** The saved guest state the test starts from: "golden" or a name in test/vm/states.txt. */
    from: string;
    /** The test changes nothing on the host, so a next test from the same state may share its VM. */
    readsOnly?: boolean;
    /** What the test may take on the reference machine, restore included, in seconds. */
    seconds?: number;
}

/**
 * A test that starts from `options.from` and keeps evidence when it fails. `body` registers its
 * browser sessions through `keep` so the screenshot shows what the user saw; sessions are closed
 * either way.
 */
/** With IMGBASED_E2E_ONLY set (make test-e2e E2E_ONLY=...), the tests whose names lack that text
 *  are skipped: node's --test-name-pattern cannot be given through NODE_OPTIONS to run-e2e's files. */
function notChosen(name: string): string | false {
    const only = process.env.IMGBASED_E2E_ONLY;
    return only && !name.includes(only) ? `its name lacks "${only}" (IMGBASED_E2E_ONLY)` : false;
}

export function e2e(name: string, lab: Lab, options: TestOptions, body: (keep: (s: Session) => Session) => Promise<void>) {
    const seconds = options.seconds ?? 900;
    const fileLab = lab as FileLab;
    // node's own limit is a backstop only: the deadline below ends the test first, with evidence.
    test(name, { timeout: within(seconds + 180), skip: notChosen(name) }, async () => {
        const sessions: Session[] = [];
        const keep = (s: Session) => { sessions.push(s); return s; };
        const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
        const timer = new AbortController();
        const deadline = pause(within(seconds), undefined, { signal: timer.signal }).then(() => {
            throw new Error(`the test ran out of its time, ${describeLimit(seconds)}`);
        });
        try {
            await Promise.race([fileLab.begin(options.from).then(() => body(keep)), deadline]);
            fileLab.end(options.readsOnly ? options.from : undefined);
        } catch (e) {
            fileLab.end(undefined);
            const seen = await Promise.all(sessions.map(s => describePage(s.frame)));
            await Promise.all(sessions.map((s, i) => screenshot(s, `${slug}-${i}`)));
            await fileLab.saveJournal(`${slug}-journal.txt`);
            const message = e instanceof Error ? e.message : String(e);
            const last = seen.map((s, i) => `--- last seen on page ${i + 1}:\n${s}`).join("\n");
            const error = new Error(`${message}${last ? "\n" + last : ""}`, { cause: e });
            // The message first (with what was seen), then where the test was when it failed.
            const frames = (e instanceof Error ? e.stack ?? "" : "").split("\n").filter(l => /^\s+at /.test(l));
            error.stack = [`Error: ${error.message}`, ...frames.slice(0, 8)].join("\n");
            throw error;
        } finally {
            timer.abort();
            deadline.catch(() => {});
            await Promise.all(sessions.map(s => s.close().catch(() => {})));
        }
    });
}
