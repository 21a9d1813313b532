// Small display formatters: sizes in IEC units (LVM and the kernel count in powers of 1024, and
// so does the admin reading `lvs`), percentages, and times (relative for the eye, absolute for
// the tooltip). Locale-aware through Intl with the Cockpit session language.
import { language } from "../../pkg/lib/cockpit.ts";

/** Shown for anything unknown or not applicable. */
export const NONE = "—";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/**
 * 4294967296 -> "4 GiB", 1610612736 -> "1.5 GiB", null -> "—". Number and unit are joined by a
 * no-break space (U+00A0): a size never breaks over two lines, in a narrow table column or in
 * the middle of a sentence. Display only: exports write plain numbers.
 */
export function formatBytes(bytes: number | null | undefined): string {
    if (bytes == null || !Number.isFinite(bytes) || bytes < 0)
        return NONE;
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    const digits = unit === 0 || value >= 100 ? 0 : 1;
    const text = new Intl.NumberFormat(language(), { maximumFractionDigits: digits }).format(value);
    return `${text}\u00a0${UNITS[unit]}`;
}

/** 12.345 -> "12.3 %" (localized); null -> "—". */
export function formatPercent(percent: number | null | undefined): string {
    if (percent == null || !Number.isFinite(percent))
        return NONE;
    return new Intl.NumberFormat(language(), { style: "percent", maximumFractionDigits: 1 }).format(percent / 100);
}

/** Unix seconds -> full local date and time, for titles. */
export function formatDateTime(seconds: number | null | undefined): string {
    if (seconds == null || !Number.isFinite(seconds))
        return NONE;
    return new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(seconds * 1000));
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60], ["minute", 60], ["hour", 24], ["day", 30], ["month", 12], ["year", Infinity],
];

/** Unix seconds -> "3 days ago" (relative to `now`, in ms). */
export function formatRelative(seconds: number | null | undefined, now: number = Date.now()): string {
    if (seconds == null || !Number.isFinite(seconds))
        return NONE;
    let delta = seconds - now / 1000;
    const rtf = new Intl.RelativeTimeFormat(language(), { numeric: "auto" });
    for (const [unit, size] of STEPS) {
        if (Math.abs(delta) < size || unit === "year")
            return rtf.format(Math.round(delta), unit);
        delta /= size;
    }
    return NONE;
}
