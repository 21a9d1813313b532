// The wizard's inputs and what follows from them: the image path, the checksum (typed, or from
// the .sha256 file beside the image), its detached signature (typed, or found beside it), the new
// base's name (from the image unless edited), and the image as last read from the host, which
// counts only while the path, checksum and signature are unchanged.
import { useMemo, useState } from "react";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { inspectImage } from "../../host/image.ts";
import { isValidBaseName } from "../../model/nvr.ts";
import { expectedChecksum } from "../../model/upgrade/checksum.ts";
import { nameFromImage } from "../../model/upgrade/image-name.ts";
import { isImageProblem, type ImageProbe, type ImageProblem } from "../../model/upgrade/image-probe.ts";
import { useMachine } from "../machine-context.ts";

export type ProbeState =
    | { state: "idle" }
    | { state: "loading"; key: string }
    | { state: "done"; key: string; result: ImageProbe | ImageProblem }
    | { state: "error"; key: string; message: string };

export interface ImageInputs {
    path: string;
    setPath(path: string): void;
    pathError: string | null;
    typedSha: string;
    setTypedSha(text: string): void;
    shaError: string | null;
    /** The checksum file it came from, or null. */
    shaFromFile: string | null;
    /** The checksum to verify against, or null when none was given. */
    expectedSha256: string | null;
    /** The signature file typed; "" to use IMAGE.sig or IMAGE.asc beside the image, if any. */
    typedSignature: string;
    setTypedSignature(path: string): void;
    signatureError: string | null;
    name: string;
    setName(name: string): void;
    nameError: string | null;
    /** The image as read for the current path and checksum; null until then, or when unusable. */
    image: ImageProbe | null;
}

export function useUpgradeInputs(): { inputs: ImageInputs; probe: ProbeState; inspect: () => void } {
    const machine = useMachine();
    const [path, setPath] = useState("");
    const [typedSha, setTypedSha] = useState("");
    const [typedSignature, setTypedSignature] = useState("");
    const [editedName, setName] = useState<string | null>(null);
    const [probe, setProbe] = useState<ProbeState>({ state: "idle" });
    const key = `${path}\n${typedSha.trim()}\n${typedSignature}`;
    const current = probe.state === "done" && probe.key === key && !isImageProblem(probe.result) ? probe.result : null;

    const inspect = () => {
        setProbe({ state: "loading", key });
        inspectImage(machine, path, { typedSha, signature: typedSignature }).then(
            result => setProbe({ state: "done", key, result }),
            (ex: Error) => setProbe({ state: "error", key, message: ex.message }),
        );
    };

    const inputs = useMemo((): ImageInputs => {
        const absolute = (p: string) => p === "" || p.startsWith("/") ? null : _("Give the full path, starting with /.");
        const pathError = absolute(path);
        const signatureError = absolute(typedSignature);
        const checksum = expectedChecksum(typedSha, current?.checksumFile ?? null, path);
        const expected = checksum && "sha256" in checksum ? checksum.sha256 : null;
        const fromFile = checksum && "sha256" in checksum ? checksum.fromFile : null;
        const shaError = !checksum || "sha256" in checksum
            ? null
            : checksum.error === "typed-invalid"
                ? _("A sha256 is 64 hexadecimal digits.")
                : checksum.error === "no-entry"
                    ? _("The .sha256 file beside the image names no checksum for it. Type the checksum instead.")
                    : _("The .sha256 file beside the image lists it more than once. Type the checksum instead.");
        const name = editedName ?? (current ? nameFromImage(current) ?? "" : "");
        const nameError = current && !isValidBaseName(name)
            ? _("Name it NAME-VERSION-RELEASE (for example debian-12-2), with letters, digits and + _ . only, at most 53 characters.")
            : null;
        return {
            path, setPath, pathError, typedSha, setTypedSha, shaError, shaFromFile: fromFile, expectedSha256: expected,
            typedSignature, setTypedSignature, signatureError, name, setName, nameError, image: current,
        };
    }, [path, typedSha, typedSignature, editedName, current]);
    return { inputs, probe: probe.state !== "idle" && probe.key !== key ? { state: "idle" } : probe, inspect };
}
