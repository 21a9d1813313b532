// An image's detached OpenPGP signature, checked with gpgv against the keyring of keys this host
// trusts for images. The image program runs gpgv with --status-fd and hands us its status lines
// (GnuPG's doc/DETAILS: machine-readable, stable across versions), which decide here.

/** The keys this host trusts to sign OS images: `gpg --export KEY... > this file` (binary). */
export const IMAGE_KEYRING = "/etc/imgbased/image-keys.gpg";

export type SignatureResult =
    /** Made by a key in the keyring, over exactly these bytes. */
    | { state: "good"; fingerprint: string; signer: string }
    /** Made over other bytes (the image changed, or the signature is another file's), or by an
     *  expired or revoked key. */
    | { state: "bad"; reason: "bad" | "expired-key" | "revoked-key" | "expired-signature"; signer: string }
    /** Made by a key that is not in the keyring. */
    | { state: "unknown-key"; keyId: string }
    /** The signature file named does not exist. */
    | { state: "missing" }
    /** There is no keyring, so no signature can be checked. */
    | { state: "no-keyring" }
    /** Not a signature, or gpgv failed otherwise; its own words. */
    | { state: "error"; detail: string };

/**
 * gpgv's verdict from its status lines ("[GNUPG:] KEYWORD ARGS") and exit status: good needs a
 * GOODSIG and a VALIDSIG and exit 0; anything else is not good.
 */
export function parseGpgvStatus(status: string, exitCode: number): SignatureResult {
    const lines = status.split("\n").map(l => /^\[GNUPG:\] (\S+) ?(.*)$/.exec(l)).filter(m => m !== null);
    const find = (keyword: string) => lines.find(m => m[1] === keyword)?.[2];
    // "<long key id> <user id>": the user id may hold spaces.
    const signer = (args: string | undefined) => args?.replace(/^\S+ ?/, "") ?? "";
    const good = find("GOODSIG");
    const valid = find("VALIDSIG");
    if (good !== undefined && valid !== undefined && exitCode === 0)
        return { state: "good", fingerprint: valid.split(" ")[0]!, signer: signer(good) };
    const bad: [string, "bad" | "expired-key" | "revoked-key" | "expired-signature"][] =
        [["BADSIG", "bad"], ["EXPKEYSIG", "expired-key"], ["REVKEYSIG", "revoked-key"], ["EXPSIG", "expired-signature"]];
    for (const [keyword, reason] of bad) {
        const args = find(keyword);
        if (args !== undefined)
            return { state: "bad", reason, signer: signer(args) };
    }
    const noKey = find("NO_PUBKEY");
    if (noKey !== undefined)
        return { state: "unknown-key", keyId: noKey.split(" ")[0]! };
    const errors = lines.filter(m => ["ERRSIG", "NODATA", "FAILURE", "ERROR"].includes(m[1]!)).map(m => `${m[1]} ${m[2]}`);
    return { state: "error", detail: errors.join("; ") || `gpgv exited with ${exitCode}` };
}
