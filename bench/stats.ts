// What the benchmarks share to sum up repeated runs.

/** The median; of an even count, the mean of the middle two. */
export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    if (s.length === 0) return NaN;
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
