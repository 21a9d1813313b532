// The display formatters of src/views/format.ts, run without Cockpit (language "en").
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { NONE, formatBytes } from "../../src/views/format.ts";

const NBSP = "\u00a0";

describe("formatBytes", () => {
    test("IEC units, one decimal below 100, none from 100", () => {
        assert.equal(formatBytes(0), `0${NBSP}B`);
        assert.equal(formatBytes(1023), `1,023${NBSP}B`);
        assert.equal(formatBytes(1536), `1.5${NBSP}KiB`);
        assert.equal(formatBytes(6 * 1024 ** 3), `6${NBSP}GiB`);
        assert.equal(formatBytes(1610612736), `1.5${NBSP}GiB`);
        assert.equal(formatBytes(150.4 * 1024 ** 2), `150${NBSP}MiB`);
    });

    test("number and unit never break apart: a no-break space, no plain space", () => {
        for (const bytes of [1, 4096, 6 * 1024 ** 3, 2 ** 60])
            assert.doesNotMatch(formatBytes(bytes), / /, String(bytes));
    });

    test("beyond the largest unit the number grows", () => {
        assert.equal(formatBytes(2048 * 1024 ** 6), `2,048${NBSP}EiB`);
    });

    test("unknown sizes show the dash", () => {
        for (const bytes of [null, undefined, -1, NaN, Infinity])
            assert.equal(formatBytes(bytes), NONE, String(bytes));
    });
});
