// Fresh job ids: "<action>-<yyyymmddHHMMSS>-<4 hex>" in UTC, [a-z0-9-] only (Plan.id). The unit,
// its journal, its mount point and its state files are named after it, and the history reads the
// action back from it when a refused job logged no start marker.

function pad(n: number, width = 2): string {
    return String(n).padStart(width, "0");
}

function randomHex(): string {
    const bytes = new Uint8Array(2);
    globalThis.crypto.getRandomValues(bytes);
    return [...bytes].map(b => b.toString(16).padStart(2, "0")).join("");
}

export function newJobId(action: string, now: Date = new Date(), random: () => string = randomHex): string {
    const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
        `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
    const prefix = action.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "job";
    return `${prefix}-${stamp}-${random()}`;
}
