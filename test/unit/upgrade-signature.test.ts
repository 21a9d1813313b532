// An image's detached signature: gpgv's status lines as the image program recorded them in the
// lab (test/vm/record-upgrade-fixtures: v2 with its own .sig, with v1's, with one by a key the
// node does not trust, and before the node had a keyring), the pre-flight check they give, and
// the job's second check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { checkCode, upgrade, upgradeChecks, type UpgradeArgs } from "../../src/model/actions/upgrade.ts";
import { bytesToBinary } from "../../src/model/nul-records.ts";
import type { PersistCheck } from "../../src/model/persist-probe.ts";
import type { Plan } from "../../src/model/plan.ts";
import { parsePolicy } from "../../src/model/policy.ts";
import { parseImageProbe, type ImageProbe } from "../../src/model/upgrade/image-probe.ts";
import { IMAGE_KEYRING, parseGpgvStatus } from "../../src/model/upgrade/signature.ts";
import { plannedFrom, scenario, scenarioFacts, shown } from "./actions-fixtures.ts";
import { FIXTURES_DIR } from "./fixtures.ts";

const probe = (name: string) => parseImageProbe(bytesToBinary(readFileSync(join(FIXTURES_DIR, "upgrade", name)))) as ImageProbe;
const IMAGES = "/mnt/images";
const V2 = `${IMAGES}/debian-node-12.1-1.squashfs`;
const LAB_KEY = "imgbased lab images <lab@localhost>";

describe("the signature as the image program reports it", () => {
    test("v2's .sig beside it, by the key the node trusts: good, with the signer and the key's fingerprint", () => {
        const sig = probe("inspect-v2-signed").signature!;
        assert.equal(sig.path, `${V2}.sig`);
        assert.equal(sig.named, false);
        assert.equal(sig.result.state, "good");
        if (sig.result.state === "good") {
            assert.equal(sig.result.signer, LAB_KEY);
            assert.match(sig.result.fingerprint, /^[0-9A-F]{40}$/);
        }
    });

    test("v1's signature named for v2: bad, by the same signer", () => {
        const sig = probe("inspect-v2-wrong-signature").signature!;
        assert.deepEqual(sig, { path: `${IMAGES}/debian-node-12.0-1.squashfs.sig`, named: true, result: { state: "bad", reason: "bad", signer: LAB_KEY } });
    });

    test("a key the node does not trust: unknown, with its key id", () => {
        const sig = probe("inspect-v2-unknown-signer").signature!;
        assert.equal(sig.result.state, "unknown-key");
        if (sig.result.state === "unknown-key")
            assert.match(sig.result.keyId, /^[0-9A-F]{16}$/);
    });

    test("no keyring on the node: not checked", () => {
        assert.deepEqual(probe("inspect-v2-no-keyring").signature, { path: `${V2}.sig`, named: false, result: { state: "no-keyring" } });
    });
});

describe("gpgv's status lines", () => {
    // Lines as GnuPG's doc/DETAILS gives them; the good and bad ones above are gpgv's own.
    test("good needs GOODSIG, VALIDSIG and exit 0", () => {
        const lines = "[GNUPG:] GOODSIG E2F386923D1C26AF a b <c@d>\n[GNUPG:] VALIDSIG E820627993E6F1F6569E3A70E2F386923D1C26AF 2026-11-26 1795674557 0 4 0 22 8 00 E820627993E6F1F6569E3A70E2F386923D1C26AF\n";
        assert.deepEqual(parseGpgvStatus(lines, 0), { state: "good", fingerprint: "E820627993E6F1F6569E3A70E2F386923D1C26AF", signer: "a b <c@d>" });
        assert.equal(parseGpgvStatus(lines, 1).state, "error");
        assert.equal(parseGpgvStatus(lines.split("\n")[0]!, 0).state, "error");
    });

    test("expired and revoked keys, and an expired signature, are bad with their reason", () => {
        assert.deepEqual(parseGpgvStatus("[GNUPG:] EXPKEYSIG 0123456789ABCDEF old <o@x>\n", 1), { state: "bad", reason: "expired-key", signer: "old <o@x>" });
        assert.deepEqual(parseGpgvStatus("[GNUPG:] REVKEYSIG 0123456789ABCDEF gone <g@x>\n", 1), { state: "bad", reason: "revoked-key", signer: "gone <g@x>" });
        assert.equal((parseGpgvStatus("[GNUPG:] EXPSIG 0123456789ABCDEF a <a@x>\n", 1) as { reason: string }).reason, "expired-signature");
    });

    test("not a signature at all: gpgv's words", () => {
        assert.deepEqual(parseGpgvStatus("[GNUPG:] NODATA 1\n[GNUPG:] NODATA 2\n", 2), { state: "error", detail: "NODATA 1; NODATA 2" });
        assert.deepEqual(parseGpgvStatus("", 2), { state: "error", detail: "gpgv exited with 2" });
    });
});

describe("the pre-flight check and the job", () => {
    const node = scenario("node");
    const facts = scenarioFacts("node", node);
    const check = (pattern: string): PersistCheck => ({ pattern, realPrefix: "/etc", matches: 1, files: 1, bytes: 1, samples: [] });
    const args = (image: ImageProbe): UpgradeArgs => ({
        jobId: "upgrade-1", imagePath: V2, image, expectedSha256: null, name: "debian-node-12.1-1",
        persist: ["/etc/hostname"], persistChecks: new Map([["/etc/hostname", check("/etc/hostname")]]),
    });
    const signatureCheck = (image: ImageProbe) => upgradeChecks(node, facts, args(image)).find(c => c.id === "signature")!;

    test("good: green with the signer; the job checks again before it fills", () => {
        const image = probe("inspect-v2-signed");
        assert.equal(signatureCheck(image).ok, true);
        assert.equal(signatureCheck(image).params.signer, LAB_KEY);
        const plan = plannedFrom(node, upgrade(node, facts, args(image))) as Plan;
        const ids = plan.steps.map(s => s.id);
        assert.ok(ids.indexOf("image-signature") < ids.indexOf("base-fill"));
        assert.deepEqual(shown(plan.steps.find(s => s.id === "image-signature")!.argv), ["sh", V2, `${V2}.sig`, IMAGE_KEYRING]);
    });

    test("bad, unknown key: red, and nothing is planned", () => {
        for (const [fixture, code] of [["inspect-v2-wrong-signature", "signature-bad"], ["inspect-v2-unknown-signer", "signature-unknown-key"]] as const) {
            const image = probe(fixture);
            assert.equal(checkCode(signatureCheck(image)), code);
            assert.deepEqual((upgrade(node, facts, args(image)) as { reasons: { code: string }[] }).reasons.map(r => r.code), [code]);
        }
    });

    test("no keyring: a signature found beside the image is not checked (a warning, said so); one the admin named is red", () => {
        const beside = probe("inspect-v2-no-keyring");
        assert.deepEqual([signatureCheck(beside).ok, signatureCheck(beside).warn, signatureCheck(beside).params.unchecked], [true, true, 1]);
        assert.ok(!(plannedFrom(node, upgrade(node, facts, args(beside))) as Plan).steps.some(s => s.id === "image-signature"));
        const named = { ...beside, signature: { ...beside.signature!, named: true } };
        assert.equal(checkCode(signatureCheck(named)), "signature-no-keyring");
    });

    test("unsigned: a warning, never a plain pass; no step", () => {
        const image = { ...probe("inspect-v2-signed"), signature: null };
        assert.deepEqual([signatureCheck(image).ok, signatureCheck(image).warn, signatureCheck(image).params.signed], [true, true, 0]);
        assert.ok(!(plannedFrom(node, upgrade(node, facts, args(image))) as Plan).steps.some(s => s.id === "image-signature"));
        assert.equal(signatureCheck(probe("inspect-v2-signed")).warn, undefined, "a good signature is no warning");
    });

    describe("with require-signature = yes", () => {
        const strict = { ...facts, policy: parsePolicy("require-signature = yes\n") };
        const strictCheck = (image: ImageProbe) => upgradeChecks(node, strict, args(image)).find(c => c.id === "signature")!;
        const codes = (image: ImageProbe) => (upgrade(node, strict, args(image)) as { reasons?: { code: string }[] }).reasons?.map(r => r.code);

        test("unsigned, or signed where this host has no keys: red, and nothing is planned", () => {
            for (const image of [{ ...probe("inspect-v2-signed"), signature: null }, probe("inspect-v2-no-keyring")]) {
                assert.deepEqual([strictCheck(image).ok, checkCode(strictCheck(image))], [false, "signature-required"]);
                assert.deepEqual(codes(image), ["signature-required"]);
            }
        });

        test("an unknown signer stays red; a good signature is green and checked again by the job", () => {
            assert.equal(checkCode(strictCheck(probe("inspect-v2-unknown-signer"))), "signature-unknown-key");
            const plan = plannedFrom(node, upgrade(node, strict, args(probe("inspect-v2-signed")))) as Plan;
            assert.ok(plan.steps.some(s => s.id === "image-signature"));
        });

        test("a policy file that cannot be read requires signatures, and says why", () => {
            const garbled = { ...facts, policy: parsePolicy("require-signature = maybe\n") };
            const check = upgradeChecks(node, garbled, args({ ...probe("inspect-v2-signed"), signature: null })).find(c => c.id === "signature")!;
            assert.equal(checkCode(check), "signature-required");
            assert.ok(!check.ok && check.reason.code === "signature-required");
            assert.match(check.ok ? "" : check.reason.params.problems, /must be yes or no, not maybe/);
        });
    });
});
