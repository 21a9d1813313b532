// The change list as a file for a ticket or an audit: plain text (one change a line, like
// `rsync -i` people know), CSV (one row a change, for spreadsheets) or JSON (for scripts).
// Paths are the display form (paths.ts): names that are not UTF-8 or hold control characters
// appear with \xHH / \n escapes, and a backslash as \\, so every line stays one line.
import { classOf } from "./compare.ts";
import type { Change, FileEntry } from "./types.ts";

export type ExportFormat = "text" | "csv" | "json";

export interface ExportHeader {
    /** The two trees, as "VG/LV". */
    old: string;
    new: string;
    method: string;
    /** ISO 8601 time of the comparison. */
    created: string;
}

const CLASS_LETTER = { added: "+", removed: "-", content: "M", metadata: "m" } as const;

function aspectList(change: Change): string[] {
    const a = change.aspects;
    if (!a)
        return [];
    const list = (Object.keys(a) as (keyof typeof a)[]).filter(k => a[k]);
    return list.length ? list : ["ctime"];
}

function side(e: FileEntry | null) {
    return e && { type: e.type, size: e.size, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, target: e.target || undefined };
}

function csvField(value: string | number): string {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportChanges(changes: readonly Change[], header: ExportHeader, fmt: ExportFormat): string {
    if (fmt === "json") {
        return JSON.stringify({
            ...header,
            changes: changes.map(c => ({ path: c.display, change: classOf(c), aspects: aspectList(c), old: side(c.old), new: side(c.new) })),
        }, null, 1) + "\n";
    }
    if (fmt === "csv") {
        const rows = [["path", "change", "aspects", "old_type", "new_type", "old_size", "new_size", "old_mode", "new_mode", "old_owner", "new_owner"]];
        for (const c of changes) {
            rows.push([c.display, classOf(c), aspectList(c).join(" "), c.old?.type ?? "", c.new?.type ?? "",
                String(c.old?.size ?? ""), String(c.new?.size ?? ""), c.old?.mode ?? "", c.new?.mode ?? "",
                c.old ? `${c.old.uid}:${c.old.gid}` : "", c.new ? `${c.new.uid}:${c.new.gid}` : ""]);
        }
        return rows.map(r => r.map(csvField).join(",")).join("\r\n") + "\r\n";
    }
    const lines = [`# ${header.old} -> ${header.new} (${header.method}), ${header.created}`,
        "# + added, - removed, M content, m metadata only"];
    for (const c of changes) {
        const aspects = c.kind === "changed" ? ` (${aspectList(c).join(",")})` : "";
        lines.push(`${CLASS_LETTER[classOf(c)]} ${c.display}${aspects}`);
    }
    return lines.join("\n") + "\n";
}
