// The diff view as a test sees it, and the guest's own answer to "what changed", from tools that
// share no code with the page: rsync's itemized dry run with checksums, and cmp.
import { readFile } from "node:fs/promises";
import type { Frame, Page } from "playwright-core";
import { within } from "./time.ts";
import type { LabVm } from "./vm.ts";

/** A CSS attribute selector for an exact value (backslashes and quotes escaped, as names need). */
export function attr(name: string, value: string): string {
    return `[${name}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`;
}

/** Waits for the diff view's file comparison to end; returns its state and data attributes. */
export async function diffResult(frame: Frame, seconds = 360): Promise<{ state: string; method: string; total: number }> {
    const result = frame.locator('[data-testid="diff-result"]');
    await frame.waitForSelector('[data-testid="diff-result"]:not([data-state="loading"])', { timeout: within(seconds) });
    return {
        state: (await result.getAttribute("data-state")) ?? "",
        method: (await result.getAttribute("data-method")) ?? "",
        total: Number(await result.getAttribute("data-total")),
    };
}

/**
 * Sets the list's filters and waits until the list shows them (filtering is deferred while
 * the admin types, so a click right after a change would still see the old list).
 */
export async function showChanges(frame: Frame, want: { view?: "tree" | "list"; hideNoise?: boolean; filter?: string }): Promise<void> {
    if (want.hideNoise !== undefined)
        await frame.setChecked('[data-testid="hide-noise"]', want.hideNoise, { force: true });
    if (want.view)
        await frame.click(`[data-testid="view-${want.view}"]`);
    if (want.filter !== undefined)
        await frame.fill('[data-testid="path-filter"] input', want.filter);
    const selector = ['[data-testid="changes-shown"]',
        want.view ? attr("data-view", want.view) : "",
        want.hideNoise !== undefined ? attr("data-hide-noise", String(want.hideNoise)) : "",
        want.filter !== undefined ? attr("data-filter", want.filter) : ""].join("");
    await frame.waitForSelector(selector);
}

export interface ExportedChange { path: string; change: string; aspects: string[] }

/** Clicks Export → format and returns the downloaded file's text. */
export async function exportText(page: Page, frame: Frame, format: "text" | "csv" | "json"): Promise<string> {
    await frame.click('[data-testid="export-toggle"]');
    const [download] = await Promise.all([page.waitForEvent("download"), frame.click(`[data-testid="export-${format}"]`)]);
    return readFile(await download.path(), "utf8");
}

/**
 * The page's display form back to bytes (a binary string: one char per byte): the view shows
 * names with \n, \t, \r, \xHH and \\ escapes and everything else as UTF-8.
 */
export function unescapeDisplay(path: string): string {
    const bytes = Buffer.from(path.replace(/\\(x[0-9A-F]{2}|u[0-9A-F]{4}|n|t|r|\\)/g, (_m, e: string) =>
        e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "\\" ? "\\"
            : e[0] === "u" ? String.fromCharCode(parseInt(e.slice(1), 16)) : `\u{F0000}${e.slice(1)}`), "utf8");
    // \xHH stands for one raw byte: swap the private-use placeholder (F3 B0 80 80 + HH) for it.
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0xf3 && bytes[i + 1] === 0xb0 && bytes[i + 2] === 0x80 && bytes[i + 3] === 0x80) {
            out.push(parseInt(String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!), 16));
            i += 5;
        } else {
            out.push(bytes[i]!);
        }
    }
    return Buffer.from(out).toString("latin1");
}

/** rsync -i's \#ooo escapes back to bytes (a binary string). */
function unescapeRsync(path: string): string {
    const bytes = Buffer.from(path, "utf8").toString("latin1");
    return bytes.replace(/\\#([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * What rsync says differs between the base (mounted read-only in the guest for the call) and
 * the running layer: relative paths (binary strings) with rsync's item flags.
 */
export async function rsyncChanges(vm: LabVm, vg: string, base: string): Promise<Map<string, string>> {
    const { stdout } = await vm.ssh(`set -e; m=$(mktemp -d); lvchange -ay -K ${vg}/${base}; mount -o ro,noload /dev/${vg}/${base} "$m"
        rc=0; rsync -rlpgoDcni --delete -x --exclude="$m" / "$m/" || rc=$?
        umount "$m"; rmdir "$m"; lvchange -an ${vg}/${base}
        [ $rc = 0 ] || [ $rc = 24 ]  # 24: files vanished while rsync ran (logs, /tmp)`);
    // rsync -x still lists the mount points on / (proc, sys, dev...) with the attributes of what
    // is mounted there; the page reads the layer's own directories under them. Those are not
    // changes of the layer.
    const mountPoints = new Set((await vm.ssh("findmnt -rn -o TARGET")).stdout.split("\n").map(t => t.slice(1)));
    const items = new Map<string, string>();
    for (const line of stdout.split("\n")) {
        const m = /^(\*deleting|[<>ch.*][fdLDS][^ ]{9}) +(.*)$/.exec(line);
        if (!m) continue;
        let path = m[2]!;
        if (m[1]![1] === "L") path = path.replace(/ -> .*$/, "");
        path = unescapeRsync(path.replace(/\/$/, ""));
        if (!mountPoints.has(path))
            items.set(path, m[1]!);
    }
    return items;
}

/** For each relative path: true when the file is byte-identical in the base and the layer. */
export async function sameContent(vm: LabVm, vg: string, base: string, paths: string[]): Promise<Map<string, boolean>> {
    const input = paths.map(p => Buffer.from(p, "latin1").toString("base64")).join("\n") + "\n";
    const { stdout } = await vm.ssh(`m=$(mktemp -d); lvchange -ay -K ${vg}/${base}; mount -o ro,noload /dev/${vg}/${base} "$m"
        while read -r b; do p=$(printf %s "$b" | base64 -d; echo .); p=\${p%.}
            if cmp -s -- "$m/$p" "/$p"; then echo "$b same"; else echo "$b differs"; fi
        done
        umount "$m"; rmdir "$m"; lvchange -an ${vg}/${base}`, input);
    return new Map(stdout.trim().split("\n").filter(Boolean).map(l => {
        const [b, verdict] = l.split(" ");
        return [Buffer.from(b!, "base64").toString("latin1"), verdict === "same"];
    }));
}

/** Mounts under /run/imgbased in the guest's own namespace, and the base's activation. */
export async function leftovers(vm: LabVm, vg: string, base: string): Promise<{ mounts: string; active: boolean; files: string }> {
    // A comparison unmounts and deactivates after answering, holding the lock: wait for it, and
    // look while holding it, so a call the page starts meanwhile is not caught half-way.
    const { stdout } = await vm.ssh(`flock /run/imgbased/diff/lock sh -c "findmnt -rn -o TARGET | grep '^/run/imgbased' || true; echo '--'
        lvs --noheadings -o lv_active ${vg}/${base}; echo '--'; ls -A /run/imgbased/diff 2>/dev/null || true"`);
    const [mounts = "", active = "", files = ""] = stdout.split("--\n");
    return { mounts: mounts.trim(), active: active.trim() === "active", files: files.trim() };
}
