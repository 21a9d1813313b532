// The image policy of this host: /etc/imgbased/policy.conf, "key = value" lines with # comments.
// Today one key, require-signature = yes|no: with yes, an upgrade refuses an image that is not
// signed by a key of the image keyring; with no (the default, as imgbased had no signatures),
// a missing signature is a warning. A value this program cannot read counts as yes: a policy
// meant to protect must not be dropped by a typo. The file is written by the policy job
// (actions/policy.ts), so it is ours to rewrite whole.

import { IMAGE_KEYRING } from "./upgrade/signature.ts";

export const POLICY_PATH = "/etc/imgbased/policy.conf";

export interface ImagePolicy {
    requireSignature: boolean;
    /** Lines that were not understood, as "LINE: what is wrong"; the policy in force is strict then. */
    problems: string[];
}

export const DEFAULT_POLICY: ImagePolicy = { requireSignature: false, problems: [] };

const YES = new Set(["yes", "true", "1", "on"]);
const NO = new Set(["no", "false", "0", "off"]);

/** The policy a file's text sets (null: no file, the default). */
export function parsePolicy(text: string | null): ImagePolicy {
    if (text === null)
        return DEFAULT_POLICY;
    const problems: string[] = [];
    let requireSignature = false;
    for (const [i, raw] of text.split("\n").entries()) {
        const line = raw.replace(/#.*/, "").trim();
        if (line === "")
            continue;
        const m = /^([A-Za-z-]+)\s*=\s*(\S+)$/.exec(line);
        if (!m) {
            problems.push(`${i + 1}: not "key = value"`);
            continue;
        }
        const [, key, value] = m;
        if (key !== "require-signature") {
            problems.push(`${i + 1}: unknown key ${key}`);
            continue;
        }
        const word = value!.toLowerCase();
        if (!YES.has(word) && !NO.has(word))
            problems.push(`${i + 1}: require-signature must be yes or no, not ${value}`);
        requireSignature = !NO.has(word);
    }
    return { requireSignature: requireSignature || problems.length > 0, problems };
}

export function renderPolicy(policy: { requireSignature: boolean }): string {
    return "# Written by cockpit-imgbased. require-signature = yes: an upgrade takes only images signed\n"
        + `# by a key in ${IMAGE_KEYRING}.\n`
        + `require-signature = ${policy.requireSignature ? "yes" : "no"}\n`;
}
