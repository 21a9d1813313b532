// The e2e suite's speed factor from test/vm/measure-speed's line and test/vm/speed-reference's:
// how much slower than the reference machine this one runs the lab, the larger of the two ratios
// (restore, guest work), never below 1: a faster machine keeps the reference limits, since those
// were set with room and noise could otherwise shrink them.

/** `key=number` words of the last line that is not blank or a comment. */
export function measureValues(text) {
    const line = text.split("\n").filter(l => l.trim() && !l.trim().startsWith("#")).pop() ?? "";
    return Object.fromEntries(line.trim().split(/\s+/).map(w => w.split("=")).map(([k, v]) => [k, Number(v)]));
}

/** { factor, how }; throws when either line lacks a positive restore or work time. */
export function speedFactor(measuredText, referenceText) {
    const here = measureValues(measuredText);
    const ref = measureValues(referenceText);
    const ratios = ["restore", "work"].map(k => here[k] / ref[k]);
    if (ratios.some(r => !Number.isFinite(r) || r <= 0))
        throw new Error(`cannot compare the speed measurement "${measuredText.trim()}" with the reference "${referenceText.trim()}"`);
    return {
        factor: Math.max(1, ...ratios),
        how: `restore ${here.restore} s vs ${ref.restore} s, guest work ${here.work} s vs ${ref.work} s on the reference machine`,
    };
}
