// Types of speed-factor.js, which test/run-e2e.js (plain node, no tsx) imports too.
export function measureValues(text: string): Record<string, number>;
export function speedFactor(measuredText: string, referenceText: string): { factor: number; how: string };
