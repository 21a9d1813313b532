// Parsing of `lvs` / `vgs --reportformat json --units b --nosuffix` output into LvRecord /
// VgRecord. One `lvs` call reports every LV with everything the model needs (imgbased spawned one
// process per LV and property; that was its main slowness).

import { InventoryParseError } from "./errors.ts";
import type { LvRecord, VgRecord } from "./types.ts";

/**
 * The `-o` fields the host asks `lvs` for. Active, read-only and activation-skip state are read
 * from lv_attr, so lv_active, lv_permissions and lv_skip_activation would only repeat it.
 */
export const LVS_FIELDS = [
    "lv_name", "vg_name", "lv_full_name", "lv_path", "lv_attr", "lv_tags", "origin", "pool_lv",
    "segtype", "lv_size", "data_percent", "metadata_percent", "lv_time", "lv_uuid",
] as const;

export const VGS_FIELDS = ["vg_name", "vg_tags", "vg_size", "vg_free", "vg_uuid"] as const;

/**
 * The VG fields the page's `lvs` also asks for (vg_name is an LV field already): every VG that
 * has an LV then comes with the same process, and `vgs` is only needed when none of them is
 * tagged (see needsVgs()).
 */
export const LVS_VG_FIELDS = ["vg_tags", "vg_size", "vg_free", "vg_uuid"] as const;

type Row<F extends string> = Record<F, string>;

export function parseLvs(json: string): LvRecord[] {
    return reportRows(json, "lvs", "lv", LVS_FIELDS).map(row => {
        // `lvs -a` shows internal LVs ([pool_tdata], [lvol0_pmspare]) in brackets.
        const bracketed = /^\[(.*)\]$/.exec(row.lv_name);
        const attr = row.lv_attr;
        return {
            name: bracketed?.[1] ?? row.lv_name,
            vg: row.vg_name,
            fullName: row.lv_full_name,
            path: row.lv_path,
            attr,
            tags: splitList(row.lv_tags),
            origin: row.origin,
            pool: row.pool_lv,
            segtype: row.segtype,
            size: bytes(row.lv_size, "lvs", "lv_size", json),
            dataPercent: percent(row.data_percent, "data_percent", json),
            metadataPercent: percent(row.metadata_percent, "metadata_percent", json),
            created: lvmTime(row.lv_time),
            uuid: row.lv_uuid,
            // lv_attr positions (lvs(8)): [1] permissions, [4] state, [9] activation skip.
            // [1] 'R' is a writable LV that happens to be activated read-only: not read-only.
            readOnly: attr[1] === "r",
            active: attr[4] === "a",
            skipActivation: attr[9] === "k",
            hidden: bracketed !== null,
        };
    });
}

export function parseVgs(json: string): VgRecord[] {
    return reportRows(json, "vgs", "vg", VGS_FIELDS).map(row => vgOfRow(row, "vgs", json));
}

/** The VGs of an `lvs` report that carries LVS_VG_FIELDS: each VG once, in report order. */
export function parseVgsOfLvs(json: string): VgRecord[] {
    const seen = new Map<string, VgRecord>();
    for (const row of reportRows(json, "lvs", "lv", VGS_FIELDS)) {
        if (!seen.has(row.vg_name))
            seen.set(row.vg_name, vgOfRow(row, "lvs", json));
    }
    return [...seen.values()];
}

function vgOfRow(row: Row<(typeof VGS_FIELDS)[number]>, command: string, json: string): VgRecord {
    return {
        name: row.vg_name,
        tags: splitList(row.vg_tags),
        size: bytes(row.vg_size, command, "vg_size", json),
        free: bytes(row.vg_free, command, "vg_free", json),
        uuid: row.vg_uuid,
    };
}

/**
 * The rows of LVM's JSON report: `{"report": [{"lv": [{field: "value", ...}]}]}`. A report may
 * carry other sections (a "log" one when report_command_log is on), so the one asked for is
 * searched. Every field asked for must be there and be a string: anything else means the host
 * ran a different command than the model expects, and guessing would hide that.
 */
function reportRows<F extends string>(json: string, command: string, section: string, fields: readonly F[]): Row<F>[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch (e) {
        throw new InventoryParseError(command, `not JSON (${(e as Error).message})`, json);
    }
    const report = isObject(parsed) ? parsed.report : undefined;
    if (!Array.isArray(report))
        throw new InventoryParseError(command, `no "report" list`, json);
    const rows = report.map(part => isObject(part) ? part[section] : undefined).find(Array.isArray);
    if (rows === undefined)
        throw new InventoryParseError(command, `no "${section}" list in the report`, json);

    return rows.map((row: unknown, index) => {
        if (!isObject(row))
            throw new InventoryParseError(command, `${section} #${index} is not an object`, json);
        for (const field of fields) {
            if (typeof row[field] !== "string")
                throw new InventoryParseError(command, `${section} #${index} has no string field "${field}"`, json);
        }
        return row as Row<F>;
    });
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** LVM joins list fields (tags) with ","; tags cannot contain a comma. */
function splitList(value: string): string[] {
    return value === "" ? [] : value.split(",");
}

/** `--units b --nosuffix` gives whole bytes; a unit letter means the host forgot the flags. */
function bytes(value: string, command: string, field: string, json: string): number {
    if (!/^\d+$/.test(value))
        throw new InventoryParseError(command, `${field} "${value}" is not a number of bytes`, json);
    return Number(value);
}

/** "" for LVs without data (not thin, or inactive); "1,63" would mean a non-C numeric locale. */
function percent(value: string, field: string, json: string): number | null {
    if (value === "")
        return null;
    if (!/^\d+(\.\d+)?$/.test(value))
        throw new InventoryParseError("lvs", `${field} "${value}" is not a percentage`, json);
    return Number(value);
}

/** lv_time in LVM's default report/time_format "%Y-%m-%d %T %z", e.g. "2026-11-25 21:03:11 +0000". */
function lvmTime(value: string): number | null {
    const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(value);
    if (!m)
        return null;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    const local = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) / 1000;
    const offset = (Number(m[8]) * 60 + Number(m[9])) * 60;
    return m[7] === "-" ? local + offset : local - offset;
}
