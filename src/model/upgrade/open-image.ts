// Whether the kernel may mount an image to read what it holds. A tar or a squashfs is read in
// user space; an ext4, XFS or LiveOS image is mounted, and a filesystem driver parsing crafted
// metadata is the kernel's attack surface. So where a checksum or a signature is at hand, it is
// checked first, and an image that fails it is never mounted; on a host that takes only signed
// images, nor is one without a good signature. (With neither a checksum nor a signature, and no
// such policy, it is mounted unverified, and the checks step says so.)
import type { ExpectedChecksum } from "./checksum.ts";
import type { ImageProbe, NotOpenedReason } from "./image-probe.ts";

/** Why `probe`'s image must not be mounted; null: it may be. `requireSignature`: the host's policy. */
export function notOpenedReason(
    probe: Pick<ImageProbe, "sha256" | "signature">, expected: ExpectedChecksum, requireSignature: boolean,
): NotOpenedReason | null {
    // A typed checksum that is not one cannot be met; a checksum file that names no single
    // entry for the image checks nothing (the wizard asks for the checksum to be typed).
    if (expected && ("sha256" in expected ? probe.sha256 !== expected.sha256 : expected.error === "typed-invalid"))
        return "checksum-mismatch";
    const state = probe.signature?.result.state;
    if (state === "bad" || state === "unknown-key" || state === "error")
        return "signature-not-good";
    // The checks refuse it anyway (signature-required, -missing): nothing to read it for.
    if (requireSignature && state !== "good")
        return "signature-required";
    return null;
}
