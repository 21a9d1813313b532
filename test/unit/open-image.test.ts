// Whether an image the kernel must mount may be mounted to read it (src/model/upgrade/open-image.ts),
// decided on the image program's real outputs for the lab's v2 (test/fixtures/upgrade/).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { bytesToBinary } from "../../src/model/nul-records.ts";
import { expectedChecksum } from "../../src/model/upgrade/checksum.ts";
import { parseImageProbe, type ImageProbe } from "../../src/model/upgrade/image-probe.ts";
import { notOpenedReason } from "../../src/model/upgrade/open-image.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const probe = (file: string) => parseImageProbe(bytesToBinary(readFileSync(join(FIXTURES_DIR, "upgrade", file)))) as ImageProbe;
const V2 = "/mnt/images/debian-node-12.1-1.squashfs";
const reason = (p: ImageProbe, typed = "", requireSignature = false) => notOpenedReason(p, expectedChecksum(typed, p.checksumFile, V2), requireSignature);

test("the checksum at hand decides: the file beside it or a typed one; a wrong or malformed one keeps the image closed", () => {
    const v2 = probe("inspect-v2");
    assert.equal(reason(v2), null, "its NAME.sha256 matches");
    assert.equal(reason(v2, v2.sha256!.toUpperCase()), null, "typed, in capitals");
    assert.equal(reason(v2, "0".repeat(64)), "checksum-mismatch");
    assert.equal(reason(v2, "not a checksum"), "checksum-mismatch", "a typed checksum that is none cannot be met");
    // A checksum file that names other images only checks nothing: mounted unverified, as the
    // checks step says (and the wizard asks for the checksum to be typed).
    const other = { ...v2, checksumFile: { path: "/mnt/images/SHA256SUMS", text: `${"1".repeat(64)}  other.squashfs\n` } };
    assert.equal(reason(other), null);
    assert.deepEqual(expectedChecksum("", other.checksumFile, V2), { error: "no-entry" });
    assert.deepEqual(expectedChecksum("", v2.checksumFile, V2), { sha256: v2.sha256, fromFile: "/mnt/images/debian-node-12.1-1.sha256" });
});

test("a signature that was checked and is not good keeps the image closed; one that could not be checked does not", () => {
    assert.equal(reason(probe("inspect-v2-signed")), null);
    assert.equal(reason(probe("inspect-v2-wrong-signature")), "signature-not-good");
    assert.equal(reason(probe("inspect-v2-unknown-signer")), "signature-not-good");
    assert.equal(reason(probe("inspect-v2-no-keyring")), null, "no keys to check with: the signature check says so, as a warning");
});

test("on a host that takes only signed images, an image without a good signature stays closed; a good one opens", () => {
    assert.equal(reason(probe("inspect-v2-signed"), "", true), null);
    assert.equal(reason(probe("inspect-v2"), "", true), "signature-required", "no signature beside it");
    assert.equal(reason(probe("inspect-v2-no-keyring"), "", true), "signature-required", "signed, but nothing to check it with");
    // The checksum is still the first reason named, and a bad signature stays "not good".
    assert.equal(reason(probe("inspect-v2-signed"), "0".repeat(64), true), "checksum-mismatch");
    assert.equal(reason(probe("inspect-v2-wrong-signature"), "", true), "signature-not-good");
});
