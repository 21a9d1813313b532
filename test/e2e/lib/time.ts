// Every limit of the e2e suite, in seconds as measured on the reference machine, stretched by the
// speed factor test/run-e2e.js measured on this one (test/vm/measure-speed against
// test/vm/speed-reference) and passed down as IMGBASED_E2E_SPEED. A correct change must not turn
// red because the machine is slower, so no wall-clock limit in test/e2e/ is written any other way
// (eslint refuses literal timeouts there).

/** How much slower than the reference machine this one runs the lab: 1 or more. */
export const SPEED = Math.max(1, Number(process.env.IMGBASED_E2E_SPEED) || 1);

/** A limit of `seconds` on the reference machine, in milliseconds on this one. */
export function within(seconds: number): number {
    return Math.round(seconds * 1000 * SPEED);
}

/** "120 s (×1.8)": a limit as an error message names it. */
export function describeLimit(seconds: number): string {
    return `${Math.round(within(seconds) / 1000)} s (${seconds} s × speed ${SPEED.toFixed(2)})`;
}
