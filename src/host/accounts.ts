// The upgrade wizard's preview of the account merge (model/actions/accounts.ts): the old base's
// and the new image's file read as the diff view and the image program read files, then merged
// with this host's by the carry's own merge, so the admin sees before the job what it will write,
// and an id clash before anything is done.
import { PREVIEW_ACCOUNTS_SH } from "../model/actions/accounts.ts";
import { bytesToBase64, bytesToText } from "../model/nul-records.ts";
import { isImageProblem } from "../model/upgrade/image-probe.ts";
import { ProcessError } from "../../pkg/lib/cockpit.ts";
import { readFilePair } from "./diff.ts";
import { readImageFile } from "./image.ts";
import type { Machine } from "./machine.ts";

export type AccountPreview =
    /** image: the image's file; merged: what the new layer gets. */
    | { path: string; state: "merged"; image: string; merged: string }
    /** The carry's words for each id two names would share. */
    | { path: string; state: "clash"; clashes: string[] }
    /** The image has no regular file there: the new layer gets this host's, whole. */
    | { path: string; state: "kept-whole" }
    | { path: string; state: "unavailable"; why: string };

/** An argument longer than this could pass the kernel's limit for one (128 KiB) once in base64. */
const MAX_PREVIEW_BYTES = 64 * 1024;

/** `path`: "/etc/passwd" or "/etc/group"; `base` and `layer` "VG/LV". */
export async function previewAccountMerge(machine: Machine, base: string, layer: string, image: string, path: string,
                                          signal?: AbortSignal): Promise<AccountPreview> {
    const [pair, inImage] = await Promise.all([
        readFilePair(machine, base, layer, path.slice(1), { signal }),
        readImageFile(machine, image, path.slice(1), signal),
    ]);
    if (isImageProblem(inImage))
        return { path, state: "unavailable", why: inImage.detail };
    if (inImage.state !== "ok")
        return { path, state: "kept-whole" };
    const old = pair.contents.old;
    for (const side of [inImage, old]) {
        if (side?.state === "ok" && (side.truncated || side.size > MAX_PREVIEW_BYTES))
            return { path, state: "unavailable", why: `${path} is too large to preview here` };
    }
    const db = path.slice("/etc/".length);
    const argv = ["sh", "-c", PREVIEW_ACCOUNTS_SH, "sh", db, old?.state === "ok" ? bytesToBase64(old.bytes!) : "-", bytesToBase64(inImage.bytes!)];
    try {
        return { path, state: "merged", image: bytesToText(inImage.bytes!), merged: await machine.run(argv) };
    } catch (ex) {
        if (ex instanceof ProcessError && ex.exitStatus === 1)
            return { path, state: "clash", clashes: ex.message.split("\n").filter(l => l.trim() !== "") };
        throw ex;
    }
}
